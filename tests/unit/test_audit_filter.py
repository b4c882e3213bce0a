"""The audit filter names an action the app writes (services.audit.ACTIONS) or one the log
holds; anything else, and a range whose first day is after its last, is refused rather
than answered with an empty list (attack A, D13)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.errors import AppError
from assessor_app.services.audit import ACTIONS, AuditFilter

SERVICES = Path(__file__).resolve().parents[2] / "assessor_app" / "services"
# action="x" (AuditRow, REPO.audit), "action": "x" (bulk inserts), and the answer actions
# handed to _answer_changed / _touch as a literal
WRITTEN = re.compile(r'action="([a-z_]+)"|"action": "([a-z_]+)"|\.log\(\s*"([a-z_]+)"'
                     r'|_answer_changed\([^)]*?"([a-z_]+)"(?: if \w+ else "([a-z_]+)")?')


def test_actions_lists_every_action_the_services_write() -> None:
    found: set[str] = set()
    for path in SERVICES.glob("*.py"):
        for groups in WRITTEN.findall(path.read_text(encoding="utf-8")):
            found |= {g for g in groups if g}
    found |= {"view", "print", "export"}  # log_access(ACCESS_ACTIONS)
    assert {"create", "sign", "purge", "note", "answer", "undo",  # the scan finds them
            "drop_answers", "certify"} <= found  # (the importer's txn.log(...) too)
    assert not found - set(ACTIONS), sorted(found - set(ACTIONS))


def test_a_flow_writes_only_known_actions(services: Any) -> None:
    from tests.helpers import add_asesi

    add_asesi(services)
    inst = services.registry.add_institution("LPK Cipta Karya")
    rid = services.assessments.create("JKP.LPK.01", institution_id=inst.id).id
    services.assessments.answer(rid, "nomor_surat_tugas", "12/ST/2026")
    services.assessments.answer(rid, "nomor_surat_tugas", "", undo=True)
    services.audit.log_access("view", "assessment", rid)
    assert set(services.audit.actions()) <= set(ACTIONS)


def test_an_unknown_action_and_an_inverted_range_are_refused(services: Any) -> None:
    audit = services.audit
    with pytest.raises(AppError) as err:
        audit.list(AuditFilter(action="nope"))
    assert err.value.code == "audit.unknown_action"
    assert err.value.params["allowed"].split(", ") == sorted(ACTIONS)
    with pytest.raises(AppError) as err:
        audit.count(AuditFilter(date_from="2026-12-01", date_to="2026-01-01"))
    assert err.value.code == "value.dates_reversed"
    assert audit.list(AuditFilter(action="sign")) == []  # known, none yet: no refusal
    assert audit.count(AuditFilter(date_from="2026-12-01", date_to="2026-12-01")) >= 0
    wib = dt.timezone(dt.timedelta(hours=7))
    for edge in (AuditFilter(date_to="9999-12-31"),
                 AuditFilter(date_from="0001-01-01", zone=wib)):
        with pytest.raises(AppError) as err:  # the calendar's ends: words, not a crash
            audit.list(edge)
        assert err.value.code == "value.bad_date"
