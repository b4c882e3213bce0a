"""`assessments sign --role asesi` signs only under the record's asesi name (attack A, D4:
``--name "Bukan Siti"`` was accepted for Siti's record and printed as her name)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Cli, finalised_ak01, fingerprint, one_line_error


def _signatures(data: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(data / "assessor.db")
    try:
        return [(r, n) for r, n in con.execute("select role, signer_name from signature")]
    finally:
        con.close()


def test_the_asesi_role_refuses_another_name_and_changes_nothing(
        cli: Cli, data: Path, tmp_path: Path) -> None:
    from assessor_app.services.demo import signature_png

    aid = finalised_ak01(cli, data, "Rudi Hartono", "3374010101010002")
    image = tmp_path / "ttd.png"
    image.write_bytes(signature_png("x"))
    before, signed = fingerprint(data), _signatures(data)
    sign = ("assessments", "sign", aid, "--role", "asesi", "--image", str(image))
    one_line_error(cli(*sign, "--name", "Bukan Rudi"),
                   "nama penanda tangan asesi harus nama asesi penilaian ini (Rudi Hartono)")
    one_line_error(cli("--lang", "en", *sign, "--name", "Bukan Rudi"),
                   "must be the name of this assessment's asesi (Rudi Hartono)")
    assert fingerprint(data) == before and _signatures(data) == signed
    done = cli(*sign, "--name", "rudi  HARTONO")
    assert done.code == 0, done.err
    assert ("asesi", "Rudi Hartono") in _signatures(data)  # as the record spells it
