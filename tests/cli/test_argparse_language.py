"""argparse's own words in the user's language: a command line the parser refuses exits 2
with one line saying why (``assessor-app: <why>``, no usage block), in Indonesian by
default and in English with ``--lang en`` or ``ASSESSOR_LANG=en``; ``--help`` has
Indonesian headings, ``-h`` line and command help by default."""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessor_app.cli import build_parser, main
from assessor_app.cli_parser import argparse_speaks_ours, lang_in_argv
from assessor_app.i18n import set_language
from tests.cli.conftest import Cli, Run
from tests.helpers import run_cli

# (command line, the Indonesian line, the English line): the refused command lines of the
# review, each refused by the parser before anything is opened or written
REFUSED = [
    (["bogus"],
     "assessor-app: argumen COMMAND: pilihan tidak valid: 'bogus' (pilih dari 'templates', ",
     "assessor-app: argument COMMAND: invalid choice: 'bogus' (choose from 'templates', "),
    (["retention", "set", "--days", "abc"],
     "assessor-app: argumen --days: nilai int tidak valid: 'abc'",
     "assessor-app: argument --days: invalid int value: 'abc'"),
    (["report", "c0e14f3b", "--paper", "a5", "-o", "x.pdf"],
     "assessor-app: argumen --paper: pilihan tidak valid: 'a5' (pilih dari 'a4', 'f4')",
     "assessor-app: argument --paper: invalid choice: 'a5' (choose from 'a4', 'f4')"),
    (["conflicts", "resolve", "zzz"],
     "assessor-app: salah satu argumen --keep --take wajib diisi",
     "assessor-app: one of the arguments --keep --take is required"),
    (["device", "enrol"],
     "assessor-app: argumen berikut wajib diisi: public_key, --name",
     "assessor-app: the following arguments are required: public_key, --name"),
]
IDS = [" ".join(args[:2]) for args, _id, _en in REFUSED]


@pytest.fixture()
def nowhere(tmp_path: Path) -> Path:
    """The data folder given: a refused command line must not create it."""
    return tmp_path / "data"


@pytest.fixture()
def parse(nowhere: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``parse(*args)``: ``cli.main`` in this process, in Indonesian (conftest's
    _isolated_env puts ASSESSOR_LANG back after the test)."""
    set_language("id")

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main([*args, "--data-dir", str(nowhere)])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def refused(result: Run, line: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr that starts with ``line``."""
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and result.err.endswith("\n"), result.err
    assert lines[0].startswith(line), (lines[0], line)
    for english in ("usage:", "error:"):
        assert english not in result.err
    assert "penggunaan:" not in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(("args", "indonesian", "english"), REFUSED, ids=IDS)
def test_a_refused_command_line_is_one_indonesian_line_by_default(
        parse: Cli, nowhere: Path, args: list[str], indonesian: str, english: str) -> None:
    refused(parse(*args), indonesian)
    assert not nowhere.exists()


@pytest.mark.parametrize(("args", "indonesian", "english"), REFUSED, ids=IDS)
def test_lang_en_makes_the_line_english(parse: Cli, nowhere: Path, args: list[str],
                                        indonesian: str, english: str) -> None:
    refused(parse(*args, "--lang", "en"), english)  # after the words it belongs to
    refused(parse("--lang=en", *args), english)  # before them
    assert not nowhere.exists()


def test_assessor_lang_en_makes_the_line_english(parse: Cli,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_LANG", "en")
    refused(parse("device", "enrol"), REFUSED[-1][2])
    refused(parse("device", "enrol", "--lang", "id"), REFUSED[-1][1])  # --lang wins


def test_other_parse_errors_speak_indonesian(parse: Cli) -> None:
    refused(parse("demo", "--bogus"), "assessor-app: argumen tidak dikenal: --bogus")
    refused(parse("conflicts", "resolve", "x", "--keep", "--take"),
            "assessor-app: argumen --take: tidak boleh bersama argumen --keep")
    refused(parse("conflicts", "resolve", "x", "--keep", "--note"),
            "assessor-app: argumen --note: perlu satu argumen")
    refused(parse("assessments", "list", "--l", "3"),
            "assessor-app: opsi ambigu: --l bisa berarti --lang, --limit")
    refused(parse("templates"), "assessor-app: argumen berikut wajib diisi: ACTION")
    refused(parse("--lang", "fr", "demo"),
            "assessor-app: argumen --lang: pilihan tidak valid: 'fr' (pilih dari 'id', 'en')")


def test_an_echoed_argument_cannot_break_the_line(parse: Cli) -> None:
    result = parse("demo", "--bogus", "a\nb\x1b[31m\u202e")
    refused(result, "assessor-app: argumen tidak dikenal: --bogus a b\ufffd[31m\ufffd")


def test_help_is_indonesian_by_default(parse: Cli) -> None:
    top = parse("--help")
    assert top.code == 0 and top.err == ""
    assert top.out.startswith("penggunaan: assessor-app [-h]")
    assert "\nargumen posisi:\n" in top.out and "\nopsi:\n" in top.out
    assert "-h, --help           tampilkan bantuan ini lalu keluar" in top.out
    assert "tampilkan nomor versi program lalu keluar" in top.out
    assert "templat daftar periksa" in top.out  # a command's help
    for english in ("usage:", "positional arguments", "options:",
                    "show this help message and exit", "checklist templates"):
        assert english not in top.out
    sub = parse("conflicts", "resolve", "-h")
    assert sub.code == 0
    assert sub.out.startswith("penggunaan: assessor-app conflicts resolve")
    assert "pertahankan revisi yang tersimpan" in sub.out  # an option's help
    assert "keluaran untuk dibaca mesin" in sub.out  # a common option's help


def test_help_is_english_with_lang_en(parse: Cli) -> None:
    top = parse("--lang", "en", "--help")
    assert top.code == 0
    assert top.out.startswith("usage: assessor-app [-h]")
    assert "\npositional arguments:\n" in top.out and "\noptions:\n" in top.out
    assert "show this help message and exit" in top.out
    assert "checklist templates" in top.out
    assert "penggunaan" not in top.out and "templat daftar periksa" not in top.out
    sub = parse("conflicts", "resolve", "-h", "--lang", "en")
    assert "keep the stored revision" in sub.out


def test_argparse_is_given_back_its_own_words(parse: Cli) -> None:
    """The swap of argparse's ``_``/``ngettext`` lasts only while the CLI parses: other
    code using argparse in the same process is untouched, after an error or --help too."""
    for args in (["bogus"], ["--help"], ["conflicts", "list", "--lang", "id"]):
        parse(*args)
        assert vars(argparse)["_"] is gettext.gettext
        assert vars(argparse)["ngettext"] is gettext.ngettext
    other = argparse.ArgumentParser(prog="other")
    assert other.format_help().startswith("usage: other")
    assert "show this help message and exit" in other.format_help()


def test_the_language_is_read_from_argv_before_parsing() -> None:
    assert lang_in_argv(["--lang", "en", "demo"]) == "en"
    assert lang_in_argv(["demo", "--lang=en"]) == "en"
    assert lang_in_argv(["--la", "en", "demo"]) == "en"  # an abbreviation argparse takes
    assert lang_in_argv(["--lang", "en", "demo", "--lang", "id"]) == "id"  # the last one
    assert lang_in_argv(["--lang", "fr"]) is None  # refused by argparse: not a language
    assert lang_in_argv(["--lang"]) is None
    assert lang_in_argv(["demo"]) is None
    assert lang_in_argv(["assessments", "answer", "x", "--", "--lang", "en"]) is None
    assert lang_in_argv(["--limit", "en"]) is None and lang_in_argv(["--", "en"]) is None


# Help texts the same in both languages: codes, values and Indonesian terms of art.
SAME_IN_BOTH = {
    "FR.APL.01, FR.APL.02, FR.AK.01, FR.IA.01 ... FR.AK.05",
    "view, print, export, answer, sign, consent, withdraw, purge...",
    "Vocational Identification Number", "izin / tanda daftar", "kota/kabupaten",
    "pendidikan terakhir", "nomor surat tugas",
}


def _helps(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, str]]:
    if parser.description:
        yield path, parser.description
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{path} {choice.dest}", str(choice.help)
            for name, child in action._name_parser_map.items():
                yield from _helps(child, f"{path} {name}")
        elif action.help and action.help != argparse.SUPPRESS:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help


def _all_helps(lang: str) -> dict[str, str]:
    set_language(lang)
    with argparse_speaks_ours():
        return dict(_helps(build_parser()))


def test_every_help_text_is_translated() -> None:
    """Each command's and option's help is Indonesian by default and English with --lang
    en: a new help text written as an English literal fails here."""
    indonesian, english = _all_helps("id"), _all_helps("en")
    assert indonesian.keys() == english.keys() and len(indonesian) > 250
    same = {text for where, text in indonesian.items() if english[where] == text}
    assert same == SAME_IN_BOTH
    assert indonesian[" conflicts"] == "rekaman impor yang ditahan sebagai konflik"
    assert english[" conflicts"] == "imported records held as conflicts"


def test_the_real_command_line(tmp_path: Path) -> None:
    """``python -m assessor_app``: the exit code and the one line of a real process."""
    bad = run_cli("--data-dir", str(tmp_path / "data"), "retention", "set", "--days", "abc")
    refused(Run(bad.returncode, bad.stdout, bad.stderr), REFUSED[1][1])
    bad = run_cli("--data-dir", str(tmp_path / "data"), "device", "enrol", lang="en")
    refused(Run(bad.returncode, bad.stdout, bad.stderr), REFUSED[-1][2])
    shown = run_cli("--help")
    assert shown.returncode == 0 and shown.stdout.startswith("penggunaan: assessor-app")
    assert not (tmp_path / "data").exists()
