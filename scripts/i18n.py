"""Extract, update, compile and check the message catalogue (Babel).

    python scripts/i18n.py update    # extract the marked strings of assessor_app into the .po
    python scripts/i18n.py compile   # .po -> .mo (commit both)
    python scripts/i18n.py check     # every msgid translated, nothing fuzzy, .mo up to date

The same commands compile and check the small ``qt`` domain (Qt's own English texts ->
Indonesian, ``locale/id/LC_MESSAGES/qt.po``), which is written by hand, not extracted.

See assessor_app/locale/README.md. The keywords are those of ``assessor_app.i18n``
(``_``, ``ngettext``, ``pgettext``, ``M_`` for error codes, ...), so the tests and this
script extract exactly what the app looks up.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assessor_app import __version__  # noqa: E402
from assessor_app.i18n import (  # noqa: E402
    DOMAIN,
    EXTRACT_KEYWORDS,
    LANGUAGES,
    QT_DOMAIN,
    QT_LANGUAGES,
    locale_dir,
)

PACKAGE = REPO / "assessor_app"
TRANSLATED = [lang for lang in LANGUAGES if lang != "id"]  # Indonesian is the source


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def extract() -> Catalog:
    """Every marked string of the package, as a template catalogue (no locations)."""
    template = Catalog(project="assessor-app", version=__version__, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=EXTRACT_KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def read(lang: str, domain: str = DOMAIN) -> Catalog:
    path = po_path(lang, domain)
    if not path.is_file():
        return Catalog(locale=lang, domain=domain, project="assessor-app", version=__version__)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


def write(catalog: Catalog, lang: str) -> None:
    buf = io.BytesIO()
    # No locations and sorted entries: moving code does not touch the file, and two people
    # adding strings rarely edit the same lines.
    write_po(buf, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True)
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def compiled(lang: str, domain: str = DOMAIN) -> bytes:
    """The .mo that the .po of ``lang`` compiles to (fuzzy entries left out)."""
    buf = io.BytesIO()
    write_mo(buf, read(lang, domain), use_fuzzy=False)
    return buf.getvalue()


def mo_file(lang: str, domain: str = DOMAIN) -> Path:
    return po_path(lang, domain).with_suffix(".mo")


def catalogues() -> list[tuple[str, str]]:
    """Every (language, domain) with a compiled catalogue: ours, and Qt's texts."""
    return [(lang, DOMAIN) for lang in TRANSLATED] + [(lang, QT_DOMAIN) for lang in QT_LANGUAGES]


def update() -> None:
    template = extract()
    for lang in TRANSLATED:
        catalog = read(lang)
        catalog.update(template, update_creation_date=False)
        write(catalog, lang)
        print(f"{po_path(lang).relative_to(REPO)}: {len(catalog)} messages, "
              f"{len(untranslated(catalog))} to translate")


def compile_all() -> None:
    for lang, domain in catalogues():
        mo_file(lang, domain).write_bytes(compiled(lang, domain))
        print(f"{mo_file(lang, domain).relative_to(REPO)} written")


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if msg.fuzzy or not all(strings):
            ctx = f"[{msg.context}] " if msg.context else ""
            out.append(ctx + str(msg.id))
    return out


def problems() -> list[str]:
    """What ``check`` reports: missing, untranslated or fuzzy entries and a stale .mo."""
    found: list[str] = []
    template = extract()
    for lang in TRANSLATED:
        catalog = read(lang)
        for msg in template:
            if msg.id and catalog.get(msg.id, msg.context) is None:
                found.append(f"{lang}: not in the .po (run update): {msg.context or ''} {msg.id}")
        found += [f"{lang}: not translated or fuzzy: {m}" for m in untranslated(catalog)]
    for lang, domain in catalogues():
        if domain != DOMAIN:
            found += [f"{lang}/{domain}: not translated or fuzzy: {m}"
                      for m in untranslated(read(lang, domain))]
        mo = mo_file(lang, domain)
        if not mo.is_file() or mo.read_bytes() != compiled(lang, domain):
            found.append(f"{lang}: {mo.name} is not the compiled .po (run compile)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
    elif args.action == "compile":
        compile_all()
    else:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
