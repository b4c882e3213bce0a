"""What the commands print is words in the user's language, not the app's codes (attack A,
D9): a signature's status and the signers still missing, a signer's role as the form names
it, a revision's origin, a template's kind, and why a bundle's image or data was refused."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli, finalised_ak01


def _signed_ak01(cli: Cli, data: Path, tmp_path: Path) -> str:
    from assessor_app.services.demo import signature_png

    aid = finalised_ak01(cli, data, "Rudi Hartono", "3374010101010002")
    image = tmp_path / "ttd.png"
    image.write_bytes(signature_png("Rudi Hartono"))
    signed = cli("assessments", "sign", aid, "--role", "asesi", "--name", "Rudi Hartono",
                 "--image", str(image))
    assert signed.code == 0, signed.err
    line = signed.out.strip()
    assert line.startswith("Ditandatangani sebagian  " + aid), line
    assert "Belum tanda tangan: Asesor" in line and "asesor" not in line.split(": ", 1)[1]
    return aid


def test_sign_and_show_name_the_status_and_the_signers_in_words(
        cli: Cli, data: Path, tmp_path: Path) -> None:
    aid = _signed_ak01(cli, data, tmp_path)
    shown = cli("assessments", "show", aid).out
    assert "Ditandatangani Asesi: Rudi Hartono" in shown
    assert "Belum tanda tangan: Asesor" in shown
    english = cli("assessments", "show", aid, "--lang", "en").out
    assert "Signed by Assessee: Rudi Hartono" in english, english
    assert "Not yet signed: Assessor" in english


def test_revise_and_templates_list_speak_the_users_language(
        cli: Cli, data: Path, tmp_path: Path) -> None:
    aid = _signed_ak01(cli, data, tmp_path)
    revised = cli("assessments", "revise", aid, "--reason", "Koreksi nama TUK")
    assert revised.code == 0, revised.err
    assert revised.out.strip() == f"{aid}  r2 (menggantikan r1)"
    listed = cli("templates", "list").out.splitlines()
    kinds = {line.split()[0]: line for line in listed}
    assert "Kompetensi (BNSP)" in kinds["FR.AK.01"] and "competency" not in kinds["FR.AK.01"]
    assert "Kelembagaan" in next(v for k, v in kinds.items() if k.startswith("JKP"))
    english = cli("templates", "list", "--lang", "en").out
    assert "Competency (BNSP)" in english and "competency " not in english


def test_a_refused_bundle_says_why_in_words() -> None:
    from assessor_app.messages import message

    image = message("bundle.bad_image", {"reason": "size_differs"}, "id")
    assert "size_differs" not in image and "ukuran gambar" in image
    assert "size" in message("bundle.bad_image", {"reason": "size_differs"}, "en")
    schema = message("bundle.schema",
                     {"where": "assessments.0.answers.3.note (string_too_long)"}, "id")
    assert schema.endswith("assessments.0.answers.3.note (teks terlalu panjang)")
    for where in ("$ (not an object)", "media (duplicate)",
                  "files (payload.enc without encryption)", "files (sealed payload)"):
        said = message("bundle.schema", {"where": where}, "id")
        assert where.split(" (")[1] not in said, said
