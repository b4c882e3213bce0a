"""One message catalogue (gettext) for the CLI, the GUI and the errors: every string marked
in the code has an English translation, the committed .mo is the compiled .po, and every
lookup follows ``set_language``."""

from __future__ import annotations

import ast
import importlib.util
import logging
import string
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog

from assessor_app import i18n
from assessor_app.i18n import _, catalogue, current_language, pgettext, set_language
from assessor_app.messages import message

REPO = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    """scripts/i18n.py: the extract/update/compile commands of locale/README.md."""
    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _tool()


@pytest.fixture(scope="module")
def extracted(tool: ModuleType) -> Catalog:
    catalog: Catalog = tool.extract()
    return catalog


@pytest.fixture(scope="module")
def english_po(tool: ModuleType) -> Catalog:
    catalog: Catalog = tool.read("en")
    return catalog


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None}


def test_every_marked_string_has_an_english_translation(extracted: Catalog,
                                                        english_po: Catalog) -> None:
    ids = [(m.context, m.id) for m in extracted if m.id]
    assert len(ids) > 1000  # the GUI, the CLI and the error codes are all marked
    assert any(ctx == "file.io" for ctx, _id in ids)  # error codes: msgctxt = code
    missing, untranslated = [], []
    for msg in extracted:
        if not msg.id:
            continue
        found = english_po.get(msg.id, msg.context)
        if found is None:
            missing.append((msg.context, msg.id))
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if found.fuzzy or not all(strings):
            untranslated.append((msg.context, msg.id))
    assert not missing, f"run `python scripts/i18n.py update`: {missing[:10]}"
    assert not untranslated, f"translate (no empty msgstr, no fuzzy): {untranslated[:10]}"


def test_every_gui_area_marks_its_strings(extracted: Catalog) -> None:
    """Per area, as the former lupdate checks did: the whole editor, the office and sync
    screens and the report preview are in the catalogue, not a stray call."""
    areas: Counter[str] = Counter()
    for msg in extracted:
        for filename, _line in msg.locations:
            path = Path(filename).as_posix()
            area = next((a for a in ("ui/editor/", "ui/office/", "ui/sync/", "ui/views/",
                                     "ui/report_preview.py", "ui/main_window.py", "cli")
                         if a in path), None)
            if area:
                areas[area] += 1
    assert areas["ui/editor/"] > 80
    assert areas["ui/office/"] + areas["ui/sync/"] > 200
    assert areas["ui/report_preview.py"] > 30
    assert areas["ui/main_window.py"] > 50
    assert areas["cli"] > 50


def test_no_qt_linguist_call_is_left() -> None:
    """A new self.tr() or QCoreApplication.translate() would never be translated now."""
    spec = importlib.util.spec_from_file_location(
        "convert_tool", REPO / "scripts" / "convert_tr_to_gettext.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = convert  # its dataclasses look the module up
    spec.loader.exec_module(convert)
    left = []
    for path in sorted((REPO / "assessor_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        left += [f"{path.relative_to(REPO)}:{c.node.lineno}"
                 for c in convert.find_calls(tree, convert._parents(tree), [], path)]
    assert not left, "run scripts/convert_tr_to_gettext.py: " + ", ".join(left)


def test_translations_keep_every_placeholder(english_po: Catalog) -> None:
    lost = []
    for msg in english_po:
        if not msg.id or not msg.string:
            continue
        ids: tuple[str, ...] = tuple(msg.id) if isinstance(msg.id, (tuple, list)) \
            else (msg.id,)
        strings: tuple[str, ...] = tuple(msg.string) \
            if isinstance(msg.string, (tuple, list)) else (msg.string,)
        wanted = set().union(*(_fields(s) for s in ids))
        for text in strings:
            if _fields(text) != wanted:
                lost.append((msg.context, msg.id, text))
    assert not lost, lost[:10]


def test_the_committed_mo_is_the_compiled_po(tool: ModuleType) -> None:
    mo = i18n.mo_path("en")
    assert mo.is_file()
    assert mo.read_bytes() == tool.compiled("en"), "run `python scripts/i18n.py compile`"


@pytest.fixture()
def restore_language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def test_lookups_follow_the_language_switch(restore_language: None) -> None:
    set_language("en")
    assert current_language() == "en"
    assert _("Tidak ada konflik.") == "No conflicts."
    assert message("db.busy") == "the database is busy; try again"
    assert pgettext("import outcome", "Revisi") == "Revised"
    set_language("id")
    assert _("Tidak ada konflik.") == "Tidak ada konflik."
    assert message("db.busy") == "basis data sedang sibuk; coba lagi"
    # an explicit language does not depend on the current one
    assert catalogue("en").gettext("Tidak ada konflik.") == "No conflicts."
    assert message("db.busy", lang="en") == "the database is busy; try again"


def test_ngettext_uses_the_english_plural_rule() -> None:
    en = catalogue("en")
    assert en.ngettext("berkas", "berkas", 1) == "berkas"  # untranslated: the msgid
    assert "nplurals=2" in (en.info().get("plural-forms") or "")


def test_a_cli_string_changes_language(capsys: pytest.CaptureFixture[str],
                                       restore_language: None) -> None:
    from assessor_app.cli import main

    set_language("en")
    assert main(["conflicts", "list"]) == 0
    assert capsys.readouterr().out.strip() == "No conflicts."
    set_language("id")
    assert main(["conflicts", "list"]) == 0
    assert capsys.readouterr().out.strip() == "Tidak ada konflik."


@pytest.mark.allow_log("WARNING", "assessor_app.i18n", r"could not be loaded")
def test_a_missing_catalogue_leaves_the_texts_indonesian(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    monkeypatch.setattr(i18n, "_catalogues", {})
    with caplog.at_level(logging.WARNING, logger="assessor_app.i18n"):
        assert catalogue("en").gettext("Tidak ada konflik.") == "Tidak ada konflik."
    assert "could not be loaded" in caplog.text


def test_the_catalogue_loads_without_qt_or_babel() -> None:
    # the stdlib reads the compiled .mo: nothing to parse at start-up
    code = ("import sys; from assessor_app.i18n import catalogue; "
            "assert catalogue('en').gettext('Tidak ada konflik.') == 'No conflicts.'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('babel', 'PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "[]"

