"""The CLI's import report speaks the app's vocabulary (assessor_app/vocabulary.py): the
counts inside the sentence in lower case, a conflicting record's outcome shouted, in
Indonesian and in English; its warnings are words too, never a code like
``chain_broken: prev_bundle_sha256 differs`` (attack A, D13)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assessor_app.cli_sync import _print_report
from assessor_app.i18n import current_language, set_language
from assessor_app.messages import known_codes, message
from assessor_app.services.sync_common import IMPORT_WARNINGS, ImportWarning

PACKAGE = Path(__file__).resolve().parents[2] / "assessor_app"


@dataclass
class _Record:
    assessment_id: str
    revision: int
    outcome: str
    template_code: str = "FR.IA.01"
    subject_name: str = "Dewi Lestari"
    detail: str | None = None


@dataclass
class _Report:
    file: str = "hasil_budi.zip"
    status: str = "imported"
    records: list[_Record] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    receipt_path: Path | None = None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


class _Ctx:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lang = current_language()

    def out(self, line: str) -> None:
        self.lines.append(line)


@pytest.mark.parametrize(("lang", "summary", "shouted"), [
    ("id", "hasil_budi.zip: diimpor (konflik 1, baru 1)", "KONFLIK"),
    ("en", "hasil_budi.zip: imported (conflict 1, new 1)", "CONFLICT"),
])
def test_the_import_report_words(lang: str, summary: str, shouted: str) -> None:
    before = current_language()
    set_language(lang)
    try:
        ctx: Any = _Ctx()
        _print_report(ctx, _Report(records=[_Record("a" * 32, 1, "new"),
                                            _Record("b" * 32, 2, "conflict")]))
    finally:
        set_language(before)
    assert ctx.lines[0] == summary
    new, conflict = ctx.lines[1:3]
    assert new.startswith("  aaaaaaaa r1  ") and shouted not in new
    assert conflict.startswith(f"  bbbbbbbb r2  {shouted}")


#: a warning of each code, with the parameters the importer gives it
SAMPLES: dict[str, dict[str, Any]] = {
    "import.receipt_not_written": {"path": "/media/usb/tanda-terima.zip",
                                   "detail": "Read-only file system"},
    "import.old_bundle_accepted": {"seq": 3, "last": 5},
    "import.chain_broken": {"seq": 7},
    "import.kept_office_version": {"kind": "assessee", "ref": "c" * 32,
                                   "name": "Dewi Lestari"},
    "import.answers_outside_content": {"ref": "c0e14f3b", "revision": 1, "count": 2,
                                       "items": "catatan, tanggal"},
}


def test_every_import_warning_has_words_in_both_languages() -> None:
    written = set(re.findall(r'ImportWarning\(\s*"([a-z_]+\.[a-z_]+)"',
                             (PACKAGE / "services" / "sync_import.py").read_text("utf-8")))
    assert written == set(IMPORT_WARNINGS) == set(SAMPLES)  # the importer writes each one
    assert set(IMPORT_WARNINGS) <= known_codes()
    for code in IMPORT_WARNINGS:
        words = {lang: message(code, SAMPLES[code], lang) for lang in ("id", "en")}
        assert words["id"] != words["en"], code
        for text in words.values():
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no snake_case code
            assert "{" not in text, text  # every parameter filled
    assert "asesi 'Dewi Lestari'" in message("import.kept_office_version",
                                             SAMPLES["import.kept_office_version"], "id")
    nested = {"error_code": "file.io", "error_params": {"path": "/x", "detail": "disk penuh"},
              "path": "/x"}
    assert "file.io" not in message("import.receipt_not_written", nested, "en")


@pytest.mark.parametrize(("lang", "words"), [
    ("id", "  ! urutan bundel dari laptop ini terputus sebelum nomor 7"),
    ("en", "  ! the sequence of bundles from this laptop is broken before number 7"),
])
def test_the_cli_prints_an_import_warning_as_words(lang: str, words: str) -> None:
    before = current_language()
    set_language(lang)
    try:
        ctx: Any = _Ctx()
        _print_report(ctx, _Report(records=[_Record("a" * 32, 1, "new")],
                                   warnings=[ImportWarning("import.chain_broken", {"seq": 7})]))
    finally:
        set_language(before)
    [line] = [x for x in ctx.lines if x.startswith("  !")]
    assert line.startswith(words) and "chain_broken" not in line


@pytest.mark.parametrize("names", [True, False])
def test_the_import_report_csv_carries_the_warnings_in_words(names: bool) -> None:
    """Each row of a file says its warnings as the screen does; the copy the office keeps
    by itself (names=False) names the master data by id, never a person."""
    import csv
    import io

    from assessor_app.services.sync import (
        CSV_COLUMNS,
        ImportReport,
        RecordOutcome,
        import_report_csv,
    )

    kept = ImportWarning("import.kept_office_version", SAMPLES["import.kept_office_version"])
    rep = ImportReport(file="hasil.zip", status="imported", records=[
        RecordOutcome("a" * 32, 1, "new", "0" * 64, "Dewi Lestari", "FR.IA.01"),
        RecordOutcome("b" * 32, 1, "new", "1" * 64, "Dewi Lestari", "FR.IA.01")],
        warnings=[ImportWarning("import.chain_broken", {"seq": 7}), kept])
    rows = list(csv.DictReader(io.StringIO(
        import_report_csv([rep], "id", names=names).decode("utf-8-sig"))))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 2
    for row in rows:
        warned = row["warnings"]
        chain, office = warned.split("\n")
        assert chain.startswith("urutan bundel dari laptop ini terputus sebelum nomor 7")
        assert office.startswith("data asesi '")
        assert ("Dewi Lestari" in warned) is names
        assert ("c" * 32 in warned) is not names
        assert "chain_broken" not in warned
    empty = ImportReport(file="rusak.zip", status="rejected", code="bundle.not_zip",
                         warnings=[ImportWarning("import.chain_broken", {"seq": 2})])
    [row] = csv.DictReader(io.StringIO(import_report_csv([empty]).decode("utf-8-sig")))
    assert row["warnings"].startswith("urutan bundel") and row["assessment_id"] == ""
