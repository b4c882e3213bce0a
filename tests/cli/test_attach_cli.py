"""`assessments attach ID ITEM FILE`: the editor's evidence path (the same service checks);
anything wrong exits 2 with one line and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.services import media as media_mod
from tests.cli.conftest import Cli, ak01_draft, fingerprint, one_line_error, photo_jpeg


@pytest.fixture()
def draft(cli: Cli) -> str:
    """A draft FR.AK.01 of an asesi, with one answer."""
    return ak01_draft(cli, "Dewi Lestari", "3374010101010001")


@pytest.fixture()
def jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "ktp dewi.jpg"
    path.write_bytes(photo_jpeg())
    return path


def test_attach_a_photo_then_show_lists_it(cli: Cli, draft: str, jpeg: Path,
                                           tmp_path: Path) -> None:
    done = cli("assessments", "attach", draft[:8], "setuju_asesi_banding", str(jpeg),
               "--caption", "  KTP   asesi ", "--json")
    assert done.code == 0, done.err
    ev = done.json()
    assert (ev["id"], ev["item"], ev["row"], ev["mime"], ev["file"], ev["caption"]) == (
        draft, "setuju_asesi_banding", None, "image/jpeg", "ktp dewi.jpg", "KTP asesi")
    assert len(ev["sha256"]) == 64 and ev["size"] > 0
    pdf = tmp_path / "sertifikat.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a document, kept as it is\n%%EOF\n")
    text = cli("assessments", "attach", draft, "setuju_asesor_kerahasiaan", str(pdf))
    assert text.code == 0, text.err
    assert text.out.strip() == \
        "terlampir  setuju_asesor_kerahasiaan: sertifikat.pdf (application/pdf, 1 KB)"

    shown = cli("assessments", "show", draft, "--json").json()
    assert [(e["item"], e["file"], e["mime"], e["caption"]) for e in shown["evidence"]] == [
        ("setuju_asesi_banding", "ktp dewi.jpg", "image/jpeg", "KTP asesi"),
        ("setuju_asesor_kerahasiaan", "sertifikat.pdf", "application/pdf", None)]
    assert shown["evidence"][0]["sha256"] == ev["sha256"]
    out = cli("assessments", "show", draft).out.splitlines()
    assert "  Asesi menyatakan setuju: Ya  [+1 bukti]" in out
    at = out.index("Bukti terlampir:")
    assert out[at + 1].startswith("  setuju_asesi_banding: ktp dewi.jpg (image/jpeg, ")
    assert out[at + 1].endswith(" KB) — KTP asesi")
    assert out[at + 2].startswith("  setuju_asesor_kerahasiaan: sertifikat.pdf")


def test_attach_to_a_table_row(cli: Cli, tmp_path: Path, jpeg: Path) -> None:
    assert cli("institutions", "add", "LPK Cipta Karya").code == 0
    aid = cli("assessments", "new", "--template", "JKP.LPK.01", "--subject", "Cipta",
              "--json").json()["id"]
    assert cli("assessments", "answer", aid, "instruktur_nama[1]=Agus",
               "instruktur_nama[2]=Rina").code == 0
    done = cli("assessments", "attach", aid, "instruktur_nama[2]", str(jpeg), "--json")
    assert done.code == 0, done.err
    assert (done.json()["item"], done.json()["row"]) == ("instruktur_nama", 2)
    shown = cli("assessments", "show", aid, "--json").json()
    assert [(e["item"], e["row"]) for e in shown["evidence"]] == [("instruktur_nama", 2)]
    before = fingerprint(tmp_path / "data")
    one_line_error(cli("assessments", "attach", aid, "instruktur_nama[3]", str(jpeg)),
                   "baris 3")
    one_line_error(cli("assessments", "attach", aid, "instruktur_nama", str(jpeg)),
                   "sebutkan barisnya")
    assert fingerprint(tmp_path / "data") == before


def _garbage_png(tmp_path: Path) -> Path:
    path = tmp_path / "rusak.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return path


@pytest.mark.parametrize(("item", "make", "words"), [
    ("tidak_ada", None, ("butir 'tidak_ada' tidak ada di templat ini",)),
    ("pernyataan_asesi_banding", None,  # a note
     ("butir 'pernyataan_asesi_banding' tidak menerima lampiran bukti",)),
    ("tuk", None, ("butir 'tuk' tidak menerima lampiran bukti",)),  # the form's header
    ("setuju_asesi_banding", lambda d: d / "catatan.txt",
     ("berkas 'catatan.txt' (TXT) tidak didukung; jenis yang diterima: JPEG, PNG, PDF",)),
    ("setuju_asesi_banding", _garbage_png, ("bukan gambar JPEG/PNG yang sah",)),
    ("setuju_asesi_banding", lambda d: d / "hilang.jpg",
     ("berkas 'hilang.jpg' tidak ditemukan",)),
    ("setuju_asesi_banding", lambda d: d, ("bukan berkas",)),  # a folder
])
def test_bad_attachments_store_nothing(cli: Cli, draft: str, jpeg: Path, tmp_path: Path,
                                       item: str, make: object, words: tuple[str, ...]) -> None:
    (tmp_path / "catatan.txt").write_text("bukan foto", encoding="utf-8")
    path = make(tmp_path) if callable(make) else jpeg
    before = fingerprint(tmp_path / "data")
    one_line_error(cli("assessments", "attach", draft, item, str(path)), *words)
    assert fingerprint(tmp_path / "data") == before


def test_a_file_over_the_limit_is_refused(cli: Cli, draft: str, jpeg: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media_mod, "MAX_INPUT_BYTES", 100)  # the photo is larger
    before = fingerprint(tmp_path / "data")
    one_line_error(cli("assessments", "attach", draft, "setuju_asesi_banding", str(jpeg)),
                   "terlalu besar (", "; paling besar 1 KB")
    assert fingerprint(tmp_path / "data") == before


def test_a_finalised_assessment_takes_no_evidence(cli: Cli, draft: str, jpeg: Path,
                                                  tmp_path: Path) -> None:
    answers = ["skema_jenis=kkni", "skema_judul=Pemrogram Junior", "skema_nomor=SKM/01",
               "tuk=sewaktu", "nama_asesor=Budi", "nama_asesi=Dewi", "tanggal=2026-11-20",
               "bukti=verifikasi_portofolio", "tanggal_pelaksanaan=2026-11-20",
               "waktu_pelaksanaan=08:00", "tuk_pelaksanaan=BLK Semarang",
               "setuju_asesor_kerahasiaan=ya", "setuju_asesi_persetujuan=ya"]
    filled = cli("assessments", "answer", draft, *answers)
    assert filled.code == 0, filled.err
    done = cli("assessments", "finalise", draft)
    assert done.code == 0, done.err
    before = fingerprint(tmp_path / "data")
    one_line_error(cli("assessments", "attach", draft, "setuju_asesi_banding", str(jpeg)),
                   "penilaian sudah final")
    assert fingerprint(tmp_path / "data") == before


def test_an_unknown_assessment(cli: Cli, jpeg: Path) -> None:
    one_line_error(cli("assessments", "attach", "ffffffff", "x", str(jpeg)),
                   "penilaian 'ffffffff' tidak ditemukan")


def test_a_photo_shows_when_and_where_it_was_taken(cli: Cli, draft: str,
                                                    tmp_path: Path) -> None:
    from tests.helpers import SEMARANG, exif_jpeg

    photo = tmp_path / "dsc.jpg"
    photo.write_bytes(exif_jpeg(gps=SEMARANG))
    done = cli("assessments", "attach", draft, "setuju_asesi_banding", str(photo))
    assert done.code == 0, done.err
    assert done.out.strip().endswith(
        "; Diambil 4 Des 2026 10.15 WIB; -6.9932, 110.4203")
    shown = cli("assessments", "show", draft, "--json").json()["evidence"][0]
    assert (shown["taken_at"], shown["latitude"], shown["longitude"]) == (
        "2026-12-04T03:15:00.000Z", -6.9932, 110.4203)
    out = cli("assessments", "show", draft, "--lang", "en").out
    assert " — Taken 4 Dec 2026 10.15 WIB; -6.9932, 110.4203" in out
