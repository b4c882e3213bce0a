"""Issue 14 from the command line: a JKP record shows its requirements, the app's own
count labelled as such, no grade or "LULUS"; finalising "Direkomendasikan" against a
requirement not met is refused with the items named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.unit.test_institutional_honesty import jkp_draft


def test_cli_show_and_finalise_speak_of_requirements_not_grades(
        cli: Any, data: Path) -> None:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(data))
    try:
        rid = jkp_draft(services, r4_1="diajukan", rekomendasi="direkomendasikan")
    finally:
        services.close()
    shown = cli("assessments", "show", rid)
    assert shown.code == 0, shown.err
    assert "status: Draf (draft)" in shown.out  # the list's word, and the --status code
    assert "Belum memenuhi   Persetujuan Menteri" in shown.out
    assert "Memenuhi         Terakreditasi LA-LPK" in shown.out
    assert "Hitungan aplikasi (bukan keputusan resmi)" in shown.out
    assert "predikat" not in shown.out.lower() and "LULUS" not in shown.out
    refused = cli("assessments", "finalise", rid)
    assert refused.code != 0
    assert "bertentangan dengan butir kritis yang belum memenuhi: 4.1" in refused.err
