"""Values that parse but make no sense are refused with one line and change nothing
(attack A, D13): a date answer of 9999-12-31 or 1900-01-01, a birth date not yet come,
an audit filter on an action the log never holds or on an inverted range, and a retention
period echoed as typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, fingerprint, one_line_error


def _jkp(cli: Cli) -> str:
    assert cli("institutions", "add", "LPK Cipta Karya").code == 0
    made = cli("assessments", "new", "--template", "JKP.LPK.01", "--subject", "Cipta", "--json")
    assert made.code == 0, made.err
    return str(made.json()["id"])


@pytest.mark.parametrize("day", ["9999-12-31", "1900-01-01", "1899-06-30"])
def test_an_implausible_date_answer_is_refused(cli: Cli, data: Path, day: str) -> None:
    aid = _jkp(cli)
    before = fingerprint(data)
    run = cli("assessments", "answer", aid, f"tanggal_verifikasi={day}")
    one_line_error(run, f"tanggal {day} di luar rentang yang masuk akal",
                   "1 Januari 1901 sampai")
    assert fingerprint(data) == before
    en = cli("assessments", "answer", aid, f"tanggal_verifikasi={day}", "--lang", "en")
    one_line_error(en, f"the date {day} is outside the plausible range", "1 January 1901 to")


def test_a_date_in_the_plausible_range_is_kept(cli: Cli) -> None:
    aid = _jkp(cli)
    ahead = (dt.date.today() + dt.timedelta(days=365 * 2)).isoformat()  # a planned day
    for day in ("1901-01-01", ahead):
        run = cli("assessments", "answer", aid, f"tanggal_verifikasi={day}")
        assert run.code == 0, run.err
        shown = cli("assessments", "show", aid, "--json").json()
        assert day in str(shown), day


def test_a_birth_date_in_the_future_is_refused(cli: Cli, data: Path) -> None:
    before = fingerprint(data)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    for day in ("2099-01-01", tomorrow):
        one_line_error(cli("assessees", "add", "Dewi", "--nik", "3374015203990002",
                           "--birth-date", day), f"tanggal lahir {day} tidak mungkin")
    assert fingerprint(data) == before
    added = cli("assessees", "add", "Dewi", "--nik", "3374015203990002",
                "--birth-date", "1999-03-12")
    assert added.code == 0, added.err


def test_audit_list_refuses_an_unknown_action_naming_the_known_ones(cli: Cli,
                                                                   tmp_path: Path) -> None:
    run = cli("audit", "list", "--action", "nope")
    one_line_error(run, "tindakan 'nope' tidak dikenal", "create", "answer", "view")
    # an action the app writes is a filter even before the log holds one
    signed = cli("audit", "list", "--action", "sign", "--json")
    assert signed.code == 0, signed.err
    assert signed.json()["items"] == []
    target = tmp_path / "audit.csv"
    one_line_error(cli("audit", "export", "--action", "nope", "-o", str(target)), "'nope'")
    assert not target.exists()


def test_audit_list_refuses_an_inverted_range(cli: Cli) -> None:
    run = cli("audit", "list", "--from", "2026-12-01", "--to", "2026-01-01")
    one_line_error(run, "tanggal awal 2026-12-01 jatuh sesudah tanggal akhir 2026-01-01")
    same_day = cli("audit", "list", "--from", "2026-12-01", "--to", "2026-12-01")
    assert same_day.code == 0, same_day.err


def test_retention_set_echoes_the_number_as_typed(cli: Cli) -> None:
    typed = "99999999999999999999"
    run = cli("retention", "set", "--days", typed)
    one_line_error(run, f"masa retensi '{typed}' tidak sah", "0 sampai 3650 hari")
    run = cli("retention", "set", "--days", "9" * 100)
    one_line_error(run, "0 sampai 3650 hari")
    assert "…" in run.err  # shortened visibly, not cut into another number
    assert cli("retention", "status").code == 0
