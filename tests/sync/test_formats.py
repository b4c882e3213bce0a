"""Unit tests of the format layer: strict JSON, crypto, the zip reader, images."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import CODES, ImportRejected
from assessor_app.bundles.images import check_image
from assessor_app.bundles.models import EvidenceData, _Strict
from assessor_app.bundles.reader import open_archive
from assessor_app.bundles.strictjson import dumps_canonical, loads_strict
from assessor_app.bundles.writer import build_zip, model_json
from assessor_app.messages import known_codes, message
from assessor_app.services.demo import demo_photo, signature_png
from assessor_app.services.media import prepare_evidence, prepare_signature


@pytest.mark.parametrize(("text", "code"), [
    (b'{"a": 1, "a": 2}', "bundle.json_duplicate_key"),
    (b'{"a": NaN}', "bundle.json_constant"),
    (b'{"a": -Infinity}', "bundle.json_constant"),
    (b'{"a": 1e400}', "bundle.json_constant"),
    (b'{"a": ' + b"1" * 21 + b"}", "bundle.json_number"),
    (b"[" * 40 + b"]" * 40, "bundle.json_depth"),
    (b'{"a": "\\u0000"}', "bundle.json_control"),
    (b'{"a": "\\udc80"}', "bundle.json_encoding"),
    (b'{"a": "\xed\xa0\x80"}', "bundle.json_encoding"),
    (b'\xef\xbb\xbf{}', "bundle.json_encoding"),
    (b'{"a": }', "bundle.json_syntax"),
])
def test_strict_json_refusals(text: bytes, code: str) -> None:
    with pytest.raises(ImportRejected) as info:
        loads_strict(text)
    assert info.value.code == code


def test_strict_json_keeps_text_exactly() -> None:
    value = {"nik": "0012345678901234", "name": "محمد 🌺\r\n\t\x07", "n": [1, 2.5, None, True],
             "deep": "[[[{{{"}
    assert loads_strict(dumps_canonical(value)) == value


def test_model_json_reads_back_through_the_strict_reader() -> None:
    """The writer's JSON (pydantic's serializer) is what the office's strict parser reads
    back to the same model: quotes, backslashes, control characters, line separators,
    emoji and floats included."""
    ev = EvidenceData(id="a" * 32, item="kuk_1_1", row_id="", media_sha256="b" * 64,
                      caption='Foto "bengkel" \\ 🌺\r\n\t\x07 akhir',
                      original_name="ruang\u2028praktik.jpg", position=3,
                      created_at="2026-11-20T01:02:03Z", taken_at="2026-11-20T01:00:00Z",
                      latitude=-6.208763, longitude=106.845599)
    raw = model_json(ev)
    assert EvidenceData.model_validate(loads_strict(raw)) == ev
    assert loads_strict(model_json(ev, indent=1)) == loads_strict(raw)


def test_fields_added_after_a_version_are_left_out_when_unknown() -> None:
    """An entry without the photo metadata (issue 12) or the consent details (issue 13)
    is written exactly as an office before them reads it: the keys are absent, not null
    (that office forbids unknown fields); known values are written."""
    import json

    from assessor_app.bundles.models import ConsentData

    bare = EvidenceData(id="a" * 32, item="kuk_1_1", row_id="", media_sha256="b" * 64,
                        caption=None, original_name=None, position=0,
                        created_at="2026-11-20T01:02:03Z")
    for dumped in (bare.model_dump(), json.loads(model_json(bare))):
        assert not {"taken_at", "latitude", "longitude"} & set(dumped)
        assert dumped["caption"] is None  # a field of version 1 stays, as null
    placed = bare.model_copy(update={"latitude": -7.25, "longitude": 112.75})
    assert json.loads(model_json(placed))["latitude"] == -7.25
    consent = ConsentData(id="c" * 32, purpose="Asesmen kompetensi", text_version="v1",
                          method="tanda tangan", given_at="2026-11-20T01:00:00Z",
                          guardian_name=None, withdrawn_at=None, assessee_id="d" * 32,
                          scope="Skema Junior Web Developer")
    written = json.loads(model_json(consent))
    assert written["scope"] == "Skema Junior Web Developer"
    assert not {"visit_id", "given_by", "recorded_by", "withdrawn_reason",
                "withdrawn_by"} & set(written)
    assert written["withdrawn_at"] is None and written["guardian_name"] is None


def test_exchange_models_refuse_nan_and_infinity() -> None:
    """JSON has no NaN: every exchange model refuses one when it is made, so the writer
    never writes what the strict reader refuses (``bundle.json_constant``)."""
    from pydantic import ValidationError

    class Figure(_Strict):
        value: float | None

    assert model_json(Figure(value=87.5)) == b'{"value":87.5}'
    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValidationError):
            Figure(value=bad)


def test_every_code_has_both_languages() -> None:
    assert CODES <= known_codes()
    for code in CODES:
        assert message(code, {}, "id") != message(code, {}, "en")


def test_seal_round_trip_and_tamper() -> None:
    office = crypto.generate_keys()
    blob = crypto.seal(b"rahasia", office.x25519_public, b"bundle-1")
    assert crypto.unseal(blob, office.x25519_private, b"bundle-1") == b"rahasia"
    flipped = blob[:-1] + bytes([blob[-1] ^ 0x01])  # (a last byte of 0 made "+ 0" no change)
    for bad_aad, bad_blob in ((b"bundle-2", blob), (b"bundle-1", flipped)):
        with pytest.raises(ImportRejected) as info:
            crypto.unseal(bad_blob, office.x25519_private, bad_aad)
        assert info.value.code == "bundle.decrypt_failed"


def test_signature_is_over_exact_bytes() -> None:
    keys = crypto.generate_keys()
    sig = crypto.sign(keys.ed25519_private, b'{"a": 1}')
    assert crypto.verify(keys.ed25519_public, sig, b'{"a": 1}')
    assert not crypto.verify(keys.ed25519_public, sig, b'{"a":1}')
    assert re.fullmatch(r"[0-9a-f]{16}", keys.device_id)


def test_reader_accepts_what_the_writer_makes() -> None:
    allowed = re.compile(r"^(manifest\.json|manifest\.sig|data/[a-z]+\.json)$")
    raw = build_zip([("manifest.json", b"{}"), ("manifest.sig", b"x" * 64),
                     ("data/records.json", b'{"a": 1}' * 1000)])
    archive = open_archive(raw, allowed)
    assert archive.read("data/records.json") == b'{"a": 1}' * 1000


def test_images_the_app_makes_pass_the_import_check() -> None:
    photo = prepare_evidence(demo_photo("bengkel", 3))
    assert check_image(photo.data, photo.mime) == (photo.width, photo.height)
    sig = prepare_signature(signature_png("Budi"))
    assert check_image(sig.data, sig.mime) == (sig.width, sig.height)
    rgba = io.BytesIO()
    Image.new("RGBA", (30, 20), (1, 2, 3, 100)).save(rgba, format="PNG")
    png = prepare_evidence(rgba.getvalue())
    assert check_image(png.data, png.mime) == (30, 20)
