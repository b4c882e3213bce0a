"""The CLI's argparse in the user's language, and its errors on one line.

argparse writes its own words (``usage:``, the section headings, the ``-h`` line, every
parse error) through ``gettext.gettext``/``ngettext`` imported into its module as
``argparse._`` and ``argparse.ngettext``. :func:`argparse_speaks_ours` points those two
names at this app's catalogue while the parser is built and reads the command line, and
puts argparse's own functions back afterwards, on an error or ``--help`` too (code that
uses argparse after, or before, the CLI has parsed its argv sees argparse unchanged):
:data:`ARGPARSE_MESSAGES` maps argparse's English msgids to our Indonesian ones, whose
English translation in the .po is argparse's English. A msgid not in the map (a newer
Python's, or a programming error such as a conflicting option) stays argparse's English.

:class:`Parser` prints a parse error as one line, ``assessor-app: <why>``, without the
usage block, and exits 2 (bad input), as every other CLI failure does.

The language has to be known before argparse formats anything, and ``--lang`` is one of
the options it is about to read: :func:`cli_language` finds ``--lang`` in argv first and
applies it as the CLI does after parsing (``set_language``); without it the language is
the current one (``ASSESSOR_LANG``, else Indonesian).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from assessor_app import APP_NAME
from assessor_app.core.display import display_line
from assessor_app.i18n import LANGUAGES, N_, _, current_language, ngettext, set_language

EXIT_BAD_INPUT = 2
LANG_OPTION = "--lang"

#: argparse's English (its msgids, as in Python 3.11's argparse.py) -> our Indonesian
#: msgid. Only what a user can see: the help layout and the parse errors.
ARGPARSE_MESSAGES: dict[str, str] = {
    # --help
    "usage: ": N_("penggunaan: "),
    "positional arguments": N_("argumen posisi"),
    "options": N_("opsi"),
    "show this help message and exit": N_("tampilkan bantuan ini lalu keluar"),
    # parse errors
    "argument %(argument_name)s: %(message)s": N_("argumen %(argument_name)s: %(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        N_("pilihan tidak valid: %(value)r (pilih dari %(choices)s)"),
    "invalid %(type)s value: %(value)r": N_("nilai %(type)s tidak valid: %(value)r"),
    "the following arguments are required: %s": N_("argumen berikut wajib diisi: %s"),
    "one of the arguments %s is required": N_("salah satu argumen %s wajib diisi"),
    "not allowed with argument %s": N_("tidak boleh bersama argumen %s"),
    "expected one argument": N_("perlu satu argumen"),
    "expected at most one argument": N_("perlu paling banyak satu argumen"),
    "expected at least one argument": N_("perlu paling sedikit satu argumen"),
    "unrecognized arguments: %s": N_("argumen tidak dikenal: %s"),
    "ambiguous option: %(option)s could match %(matches)s":
        N_("opsi ambigu: %(option)s bisa berarti %(matches)s"),
    "ignored explicit argument %r": N_("nilai %r diabaikan: opsi ini tidak menerima nilai"),
    "unexpected option string: %s": N_("opsi tidak terduga: %s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        N_("perintah tidak dikenal %(parser_name)r (pilihan: %(choices)s)"),
}


def _argparse_gettext(message: Any) -> Any:
    """argparse's ``_``: its English message in the current language."""
    ours = ARGPARSE_MESSAGES.get(message) if isinstance(message, str) else None
    return _(ours) if ours is not None else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext`` (its one plural message: ``nargs=N``)."""
    if singular == "expected %s argument":
        return ngettext("perlu %s argumen", "perlu %s argumen", n)
    return singular if n == 1 else plural


# One swap at a time: two threads interleaving would save each other's replacements as
# argparse's own and leave argparse pointed at ours for good.
_swap = threading.RLock()


@contextmanager
def argparse_speaks_ours() -> Iterator[None]:
    """While inside: argparse's own words come from this app's catalogue, in the current
    language. Build the parser inside too: its headings and ``-h`` line are looked up
    when a parser is made."""
    names = vars(argparse)  # the globals argparse's functions look "_" and "ngettext" up in
    with _swap:
        saved = names["_"], names["ngettext"]
        names["_"], names["ngettext"] = _argparse_gettext, _argparse_ngettext
        try:
            yield
        finally:
            names["_"], names["ngettext"] = saved


class Parser(argparse.ArgumentParser):
    """The CLI's parser (its sub-parsers are made of the same class): a parse error is one
    line on stderr, ``assessor-app: <why>``, and exit code 2."""

    def error(self, message: str) -> NoReturn:
        # display_line: an argument echoed back cannot carry a terminal escape or a line break
        sys.stderr.write(f"{APP_NAME}: {display_line(message)}\n")
        self.exit(EXIT_BAD_INPUT)


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang id|en`` in ``argv`` as argparse will read it
    (``--lang en``, ``--lang=en`` or an abbreviation such as ``--la en``; nothing after
    ``--``), or None. A value argparse will refuse is not a language: None."""
    found = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        name, eq, value = token.partition("=")
        if len(name) < 3 or not LANG_OPTION.startswith(name):
            continue
        if not eq:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        if value in LANGUAGES:
            found = value
    return found


def cli_language(argv: Sequence[str]) -> str:
    """The language of this command line, applied before argparse says anything: its
    ``--lang`` (set process-wide, as after parsing), else the current language
    (``ASSESSOR_LANG``, else Indonesian)."""
    chosen = lang_in_argv(argv)
    return set_language(chosen) if chosen else current_language()


__all__ = ["ARGPARSE_MESSAGES", "Parser", "argparse_speaks_ours", "cli_language",
           "lang_in_argv"]
