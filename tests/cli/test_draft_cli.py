"""`assessments delete` and `assessments reopen` (issue 12): a draft can go, an unsigned
final record can become a draft again; anything else exits 2 and changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli, ak01_draft, fingerprint, one_line_error


def new_draft(cli: Cli) -> str:
    return ak01_draft(cli, "Rudi Hartono", "3374010101010002")


def test_delete_a_draft(cli: Cli, data: Path) -> None:
    aid = new_draft(cli)
    before = cli("assessments", "list", "--json").json()["total"]
    done = cli("assessments", "delete", aid[:8], "--json")
    assert done.code == 0, done.err
    assert done.json()["assessment_id"] == aid and done.json()["current"] is None
    assert cli("assessments", "list", "--json").json()["total"] == before - 1
    one_line_error(cli("assessments", "show", aid), aid)  # gone


def test_reopen_is_for_unsigned_final_records_and_delete_for_drafts(
        cli: Cli, data: Path, tmp_path: Path) -> None:
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import fill_required, signature_png
    from assessor_app.services.runtime import open_services

    aid = new_draft(cli)
    services = open_services(AppPaths(data))
    try:
        fill_required(services.assessments, services.assessments.resolve(aid).id)
    finally:
        services.close()
    finalised = cli("assessments", "finalise", aid)
    assert finalised.code == 0, finalised.err
    state = fingerprint(data)
    one_line_error(cli("assessments", "delete", aid), "draf")  # final: never deleted
    assert fingerprint(data) == state
    again = cli("assessments", "reopen", aid, "--json")
    assert again.code == 0, again.err
    assert again.json()["status"] == "draft"
    one_line_error(cli("assessments", "reopen", aid), "draf")  # a draft already
    assert cli("assessments", "finalise", aid).code == 0
    image = tmp_path / "ttd.png"
    image.write_bytes(signature_png("Rudi Hartono"))
    signed = cli("assessments", "sign", aid, "--role", "asesi", "--name", "Rudi Hartono",
                 "--image", str(image))
    assert signed.code == 0, signed.err
    state = fingerprint(data)
    one_line_error(cli("assessments", "reopen", aid), "revisi")
    one_line_error(cli("assessments", "delete", aid), "draf")
    assert fingerprint(data) == state
