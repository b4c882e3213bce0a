"""A template's newest version is its highest version, not the one installed last: an older
version arriving later (an assignment pack for a visit planned with it, a file installed
by hand) must not become what new assessments are made on."""

from __future__ import annotations

from typing import Any

from assessor_app.core.template import version_key
from assessor_app.core.template_loader import load_template
from tests.helpers import REPO, add_lpk

JKP_2024 = REPO / "tests" / "fixtures" / "old_versions" / "jkp-lpk-01-2024.1.yaml"


def test_versions_order_by_their_numbers() -> None:
    shuffled = ["2024.10", "1", "2024.1b", "2026.1", "2024.1", "2024.9", "2024.1-2"]
    assert sorted(shuffled, key=version_key) == [
        "1", "2024.1", "2024.1-2", "2024.1b", "2024.9", "2024.10", "2026.1"]


def test_an_older_version_installed_later_does_not_replace_the_newest(services: Any) -> None:
    templates = services.templates
    assert templates.find("JKP.LPK.01").version == "2026.1"
    templates.install(load_template(JKP_2024), origin=JKP_2024.name)  # installed last
    assert [r.version for r in templates.rows() if r.code == "JKP.LPK.01"] == [
        "2026.1", "2024.1"]  # in the order they were installed
    assert templates.find("JKP.LPK.01").version == "2026.1"
    assert {r.code: r.version for r in templates.latest()}["JKP.LPK.01"] == "2026.1"
    assert templates.find("JKP.LPK.01@2024.1").version == "2024.1"
    made = services.assessments.create("JKP.LPK.01", institution_id=add_lpk(services).id)
    assert services.assessments.template_of(made).version == "2026.1"
