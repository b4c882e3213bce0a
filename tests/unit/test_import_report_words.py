"""The CLI's import report speaks the app's vocabulary (assessor_app/vocabulary.py): the
counts inside the sentence in lower case, a conflicting record's outcome shouted, in
Indonesian and in English."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assessor_app.cli_sync import _print_report
from assessor_app.i18n import current_language, set_language


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
    warnings: list[str] = field(default_factory=list)
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
