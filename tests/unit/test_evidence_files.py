"""Evidence files (issue 12): a bad file is named with what is accepted, its kind is read
from its content; a photo keeps when and where it was taken (EXIF), in the hash too."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image

from assessor_app.core.errors import InvalidValueError
from assessor_app.messages import describe
from assessor_app.services import media
from assessor_app.services.demo import demo_photo
from tests.helpers import SEMARANG, add_lpk, exif_jpeg

ITEM = "foto_sarpras"




@pytest.fixture
def draft(services: Any) -> tuple[Any, str]:
    svc = services.assessments
    return svc, svc.create("JKP.LPK.01", institution_id=add_lpk(services).id).id


def _refused(svc: Any, rid: str, data: bytes, name: str | None) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as err:
        svc.attach_evidence(rid, ITEM, data, filename=name)
    assert svc.detail(rid).evidence == []  # nothing stored
    return err.value


def test_an_unsupported_file_is_named_with_the_kinds_accepted(draft: tuple[Any, str]) -> None:
    svc, rid = draft
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    err = _refused(svc, rid, heic, "IMG_0042.heic")
    assert err.code == "media.unsupported"
    assert describe(err, "id") == ("berkas 'IMG_0042.heic' (HEIC) tidak didukung; jenis yang "
                                   "diterima: JPEG, PNG, PDF")
    assert "?" not in describe(err, "en") and "IMG_0042.heic" in describe(err, "en")
    # a kind we do not know: named by its extension; without a name, never a bare "?"
    err = _refused(svc, rid, b"MZ\x90\x00 not an image", "setup.exe")
    assert describe(err, "id") == ("berkas 'setup.exe' (EXE) tidak didukung; jenis yang "
                                   "diterima: JPEG, PNG, PDF")
    err = _refused(svc, rid, b"MZ\x90\x00 not an image", None)
    assert "(tanpa nama)" in describe(err, "id")


def test_an_empty_file_says_so(draft: tuple[Any, str]) -> None:
    svc, rid = draft
    err = _refused(svc, rid, b"", "kosong.jpg")
    assert err.code == "media.empty"
    assert describe(err, "id") == "berkas 'kosong.jpg' kosong (0 byte)"


def test_a_too_large_file_says_its_size_and_the_limit(draft: tuple[Any, str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    svc, rid = draft
    monkeypatch.setattr(media, "MAX_INPUT_BYTES", 1024 * 1024)
    photo = demo_photo("Bengkel", size=(3000, 2000)) + b"\x00" * (2 * 1024 * 1024)
    err = _refused(svc, rid, photo, "besar.jpg")
    assert err.code == "media.too_large"
    assert describe(err, "id") == "berkas 'besar.jpg' terlalu besar (3 MB); paling besar 1 MB"
    path = tmp_path / "besar.jpg"
    path.write_bytes(photo)
    with pytest.raises(InvalidValueError) as from_disk:  # refused before it is read whole
        svc.attach_file(rid, ITEM, path)
    assert describe(from_disk.value, "id") == describe(err, "id")


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def test_content_that_disagrees_with_the_extension_is_refused(draft: tuple[Any, str]) -> None:
    svc, rid = draft
    err = _refused(svc, rid, demo_photo("Bengkel"), "denah.pdf")
    assert err.code == "media.ext_mismatch"
    assert describe(err, "id") == ("isi berkas 'denah.pdf' adalah JPEG, tidak cocok dengan "
                                   "ekstensinya (.pdf); ganti nama berkas sesuai isinya")
    err = _refused(svc, rid, b"just some text, no photo", "foto.jpg")
    assert err.code == "media.not_what_it_says"
    assert describe(err, "id") == ("berkas 'foto.jpg' bukan JPEG: isinya tidak dikenali; "
                                   "jenis yang diterima: JPEG, PNG, PDF")
    # a damaged photo: its kind is right, its content is not
    err = _refused(svc, rid, demo_photo("Bengkel")[:300], "putus.jpg")
    assert err.code == "media.bad_image" and "putus.jpg" in describe(err, "id")
    # the right content under any spelling of its extension, or no extension, is taken
    for name in ("A.JPG", "b.jpeg", "tanpa-ekstensi", None):
        svc.attach_evidence(rid, ITEM, demo_photo("Bengkel"), filename=name)
    svc.attach_evidence(rid, ITEM, b"%PDF-1.4\n%%EOF\n", filename="denah.PDF")
    # a photo under another photo's extension is still a photo (re-encoded anyway)
    svc.attach_evidence(rid, ITEM, _png(), filename="layar.jpg")
    assert len(svc.detail(rid).evidence) == 6


def test_exif_time_and_gps_are_kept_and_hashed(draft: tuple[Any, str]) -> None:
    svc, rid = draft
    ev = svc.attach_evidence(rid, ITEM, exif_jpeg(gps=SEMARANG), filename="dsc.jpg")
    # a camera's wall clock without offset is read in the visit's zone (WIB without a visit)
    assert ev.taken_at == "2026-12-04T03:15:00.000Z"
    assert (ev.latitude, ev.longitude) == (-6.9932, 110.4203)
    stored = svc.detail(rid).evidence[0]
    assert (stored.taken_at, stored.latitude, stored.longitude) == (
        ev.taken_at, ev.latitude, ev.longitude)
    # an offset the camera wrote wins; no GPS, no position
    other = svc.attach_evidence(rid, ITEM, exif_jpeg(offset="+08:00"), filename="b.jpg")
    assert other.taken_at == "2026-12-04T02:15:00.000Z" and other.latitude is None
    # no EXIF, a blank EXIF time: unknown
    for data in (demo_photo("Bengkel"), exif_jpeg("0000:00:00 00:00:00")):
        plain = svc.attach_evidence(rid, ITEM, data, filename="c.jpg")
        assert plain.taken_at is None and plain.longitude is None
    # IFD0 DateTime is when a program last saved the file, not when it was taken
    edited = Image.Exif()
    edited[ExifTags.Base.DateTime] = "2027:01:05 09:00:00"
    out = io.BytesIO()
    Image.new("RGB", (32, 32)).save(out, format="JPEG", exif=edited)
    assert svc.attach_evidence(rid, ITEM, out.getvalue(), filename="e.jpg").taken_at is None
    # the stored photo has no EXIF left (GPS is kept as metadata, not in the file)
    with Image.open(io.BytesIO(svc.media(ev.media_sha256).data)) as img:
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_capture_moment_overrides_exif(draft: tuple[Any, str]) -> None:
    svc, rid = draft
    moment = dt.datetime(2026, 12, 4, 3, 0, 7, tzinfo=dt.UTC)
    ev = svc.attach_evidence(rid, ITEM, exif_jpeg(), filename="kamera.jpg", taken_at=moment)
    assert ev.taken_at == "2026-12-04T03:00:07.000Z"


def test_metadata_is_in_the_content_hash_only_when_known() -> None:
    from assessor_app.services.integrity import evidence_facts
    from assessor_app.storage.tables import EvidenceRow

    old = EvidenceRow(id="a" * 32, revision_id="b" * 32, item=ITEM, media_sha256="c" * 64,
                      position=0, created_at="2026-12-04T03:00:00.000Z")
    assert set(evidence_facts([old])[0]) == {"item", "row", "position", "sha256", "caption",
                                             "original_name"}  # hashes as before v7
    new = EvidenceRow(**{**old.model_dump(), "taken_at": "2026-12-04T03:15:00.000Z",
                         "latitude": -6.9932, "longitude": 110.4203})
    fact = evidence_facts([new])[0]
    assert (fact["taken_at"], fact["latitude"], fact["longitude"]) == (
        "2026-12-04T03:15:00.000Z", -6.9932, 110.4203)
