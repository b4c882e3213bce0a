"""verify: VALID for an original, NOT VALID (and why) for an edited file, a changed record,
an unknown record or garbage - never a traceback."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from assessor_app.services.demo import signature_png
from assessor_app.services.reports import ReportService
from tests.reports.support import demo_id


def flip_byte_in_content_stream(data: bytes) -> bytes:
    """Change one byte inside page 1's content stream."""
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[0].get("/Contents")
    assert contents is not None
    ref = contents[0] if isinstance(contents, list) else contents
    num = ref.idnum
    start = data.index(f"\n{num} 0 obj".encode()) + 1
    body = data.index(b"stream", start) + len(b"stream\n")
    pos = body + 40
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1:]


def _numbers(*values: int) -> Any:
    """A PDF array of integers (a /BBox or /Rect), built with pyHanko's generic objects."""
    from pyhanko.pdf_utils import generic

    return generic.ArrayObject([generic.NumberObject(v) for v in values])


def test_saved_original_is_valid(demo: Any, reports: ReportService, tmp_path: Path) -> None:
    rid = demo_id(demo, "ia01-rizky")
    path = reports.save_assessment(rid, tmp_path / "ia01.pdf")
    result = reports.verify(path)
    # decided from the record: what the device signed is exactly a fresh rendering of it
    assert result.valid and result.reason_code == "valid" and result.matched == "signed"
    row = demo.assessments.resolve(rid)
    assert result.verification_code == row.verification_code == result.paper_code
    assert (result.assessment_id, result.revision) == (row.assessment_id, 1)
    assert result.template_code == "FR.IA.01.J620100.005.02"
    assert result.printed_sha256 == row.content_sha256 and not result.draft
    # kept as local history (never as proof)
    (report,) = reports.reports_of(rid)
    assert report.pdf_sha256 == result.pdf_sha256 and report.kind == "assessment"
    assert report.verification_code == result.verification_code and report.pages == 3


def test_unrecorded_copy_is_valid_by_deterministic_re_render(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    rid = demo_id(demo, "jkp-complete")
    path = tmp_path / "copy.pdf"
    path.write_bytes(reports.render_assessment(rid, paper="f4", lang="en"))
    fresh = ReportService(demo)  # another session: nothing recorded, nothing cached
    result = fresh.verify(path)
    assert result.valid and result.matched == "signed"
    assert (result.paper, result.lang) == ("f4", "en")


@pytest.mark.allow_log("WARNING", "pypdf", r"while decompressing data")
def test_one_byte_changed_in_a_content_stream_is_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    rid = demo_id(demo, "ia01-rizky")
    original = reports.save_assessment(rid, tmp_path / "a.pdf").read_bytes()
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(flip_byte_in_content_stream(original))
    result = reports.verify(edited)
    assert not result.valid and result.reason_code == "edited_pdf"
    assert result.assessment_id is not None and result.revision == 1


def test_incremental_update_is_not_valid(demo: Any, reports: ReportService,
                                         tmp_path: Path) -> None:
    rid = demo_id(demo, "ak01-siti")
    path = reports.save_assessment(rid, tmp_path / "ak01.pdf")
    writer = PdfWriter(path, incremental=True)
    writer.add_metadata({"/Author": "someone else"})
    writer.pages[0].merge_page(writer.pages[0])  # any visible change will do
    edited = tmp_path / "ak01-edited.pdf"
    with open(edited, "wb") as f:
        writer.write(f)
    assert edited.read_bytes().startswith(path.read_bytes())
    result = reports.verify(edited)
    # the signature still holds for what was signed; the pages shown now differ from it
    assert not result.valid and result.reason_code == "modified_after_signing", result
    assert result.pdf_signature is not None and result.pdf_signature["intact"]
    assert result.pdf_signature["modified_after_signing"]


def test_a_newer_revision_makes_the_old_report_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    svc = demo.assessments
    rid = demo_id(demo, "ia01-rizky")
    old_pdf = reports.save_assessment(rid, tmp_path / "r1.pdf")
    new = svc.revise(rid, "Koreksi KUK 1.1 setelah klarifikasi")
    svc.answer(new.id, "u1_e1_k1", "tidak")
    svc.finalise(new.id)
    result = reports.verify(old_pdf)
    assert not result.valid and result.reason_code == "superseded"
    assert (result.revision, result.current_revision) == (1, 2)
    fresh = reports.save_assessment(new.id, tmp_path / "r2.pdf")
    again = reports.verify(fresh)
    assert again.valid and again.revision == 2
    assert again.printed_sha256 != result.printed_sha256


def test_a_changed_draft_makes_its_printout_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    rid = demo_id(demo, "kmpi-draft")
    path = reports.save_assessment(rid, tmp_path / "draft.pdf")
    first = reports.verify(path)
    assert first.valid and first.draft
    demo.assessments.answer(rid, "std1_1", "bc")
    result = reports.verify(path)
    assert not result.valid and result.reason_code == "content_changed"
    assert result.record_sha256 != result.printed_sha256


def test_batch_report_is_bound_to_the_ak02_it_was_completed_from(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    visit = demo.registry.find_visit("045/LSP-P2-BLKTM")
    path = reports.save_batch(visit.id, tmp_path / "ak05.pdf")
    assert reports.verify(path).valid
    # the batch counts the signed FR.AK.02: a new revision of Rizky's changes what it says
    ak02 = next(r for r in demo.assessments.list() if r.template_code.startswith("FR.AK.02"))
    demo.assessments.revise(ak02.id, "Keputusan ditinjau ulang")
    result = reports.verify(path)
    assert not result.valid and result.reason_code == "content_changed"


def test_report_of_an_unknown_record(demo: Any, reports: ReportService, services: Any,
                                     tmp_path: Path) -> None:
    path = reports.save_assessment(demo_id(demo, "ia01-rizky"), tmp_path / "x.pdf")
    other = ReportService(services)  # a store that never saw this assessment
    result = other.verify(path)
    assert not result.valid and result.reason_code == "unknown_record"


def test_blank_form_verifies_as_blank(reports: ReportService, tmp_path: Path) -> None:
    path = reports.save_blank("FR.AK.01", tmp_path / "blank.pdf")
    result = reports.verify(path)
    assert result.valid and result.reason_code == "blank_form"
    edited = tmp_path / "blank-edited.pdf"
    edited.write_bytes(flip_byte_in_content_stream(path.read_bytes()))
    assert reports.verify(edited).reason_code == "edited_pdf"


_NOISE = random.Random(20261205)  # the same garbage on every run and every xdist worker
_GARBAGE = [
    ("random.pdf", _NOISE.randbytes(4096), {"not_pdf"}),
    ("empty.pdf", b"", {"not_pdf"}),
    ("text.pdf", b"Laporan asli, percayalah.\n" * 50, {"not_pdf"}),
    ("header-only.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", {"not_pdf",
                                                                               "no_payload"}),
    ("zip.pdf", b"PK\x03\x04" + _NOISE.randbytes(200), {"not_pdf"}),
]


@pytest.mark.parametrize(("name", "content", "reasons"), _GARBAGE,
                         ids=[name for name, *_ in _GARBAGE])
@pytest.mark.allow_log("WARNING", "pypdf", r"EOF marker not found")
def test_garbage_is_not_valid_and_never_raises(reports: ReportService, tmp_path: Path,
                                               name: str, content: bytes,
                                               reasons: set[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = reports.verify(path)
    assert not result.valid and result.reason_code in reasons


@pytest.mark.allow_log("WARNING", "pypdf", r"EOF marker (not found|seems truncated)")  # where half ends
def test_truncated_foreign_and_missing_files(demo: Any, reports: ReportService,
                                             tmp_path: Path) -> None:
    data = reports.render_assessment(demo_id(demo, "ak01-rizky"))
    half = tmp_path / "half.pdf"
    half.write_bytes(data[: len(data) // 2])
    assert not reports.verify(half).valid
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(100, 700, "Laporan Asesmen")
    c.save()
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(buf.getvalue())
    assert reports.verify(foreign).reason_code == "no_payload"
    missing = reports.verify(tmp_path / "does-not-exist.pdf")
    assert not missing.valid and missing.reason_code == "unreadable"
    folder = reports.verify(tmp_path)
    assert not folder.valid and folder.reason_code == "unreadable"


def test_signing_after_saving_keeps_the_saved_report_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    rid = demo_id(demo, "ia01-siti")  # finalised, nobody signed yet
    path = reports.save_assessment(rid, tmp_path / "siti.pdf")
    demo.assessments.sign(rid, "asesi", "Siti Nurhaliza Putri",
                          signature_png("Siti Nurhaliza Putri"), place="Semarang",
                          timezone="WIB")
    result = reports.verify(path)  # genuine, printed before the signature: and it says so
    assert result.valid and result.matched == "before_signatures", result
    assert result.reason_code == "valid_before_signing" and result.detail == "0/1"
    signed = read_text(reports.render_assessment(rid))
    assert "Semarang, 20 November 2026 · Pukul 10.15 WIB" in signed


def read_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


# ------------------------------------------------------------------ PAdES (issue 9)


def test_report_is_pades_signed_by_the_device(demo: Any, reports: ReportService,
                                             tmp_path: Path) -> None:
    """pyHanko's own validator sees an intact signature by this device's certificate (self-
    issued until the office certifies the laptop, and the signature's reason says so)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    rid = demo_id(demo, "ia01-rizky")
    path = reports.save_assessment(rid, tmp_path / "ia01.pdf")
    with open(path, "rb") as f:
        reader = PdfFileReader(f)
        (sig,) = reader.embedded_signatures
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[],
                                                               allow_fetching=False))
        assert status.intact and status.valid and status.coverage is not None
        assert status.coverage.name == "ENTIRE_FILE"
        assert not status.trusted  # self-issued: nothing to chain to yet
        reason = str(sig.sig_object.get("/Reason"))
    assert "belum terdaftar" in reason and "Rizky" not in reason  # no personal data
    device = demo.sync.identity().device_id
    result = reports.verify(path)
    assert result.valid and result.pdf_signature is not None
    assert result.pdf_signature["device_id"] == device and result.pdf_signature["self_issued"]


def test_pdfsig_shows_the_signature_valid_and_a_flip_invalid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = reports.save_assessment(demo_id(demo, "ia01-rizky"), tmp_path / "ia01.pdf")
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in out.stdout and "Total document signed" in out.stdout
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(flip_byte_in_content_stream(path.read_bytes()))
    out = subprocess.run(["pdfsig", str(edited)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." not in out.stdout


@pytest.mark.allow_log("WARNING", "pypdf", r"while decompressing data")
def test_a_qpdf_re_save_is_told_apart_from_an_edit(demo: Any, reports: ReportService,
                                                   tmp_path: Path) -> None:
    """Re-saving rewrites the whole file, which breaks the signature's byte ranges, but the
    pages still show the record: VALID (same text), with the broken signature reported."""
    import shutil
    import subprocess

    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    path = reports.save_assessment(demo_id(demo, "ia01-rizky"), tmp_path / "ia01.pdf")
    resaved = tmp_path / "resaved.pdf"
    subprocess.run(["qpdf", str(path), str(resaved)], check=False, capture_output=True)
    assert resaved.read_bytes() != path.read_bytes()
    result = reports.verify(resaved)
    assert result.valid and result.matched == "same_pages", result
    assert result.pdf_signature is not None and not result.pdf_signature["intact"]
    # an edited page in the re-saved copy is still caught
    edited = tmp_path / "resaved-edited.pdf"
    edited.write_bytes(flip_byte_in_content_stream(resaved.read_bytes()))
    assert not reports.verify(edited).valid


def test_metadata_added_after_signing_keeps_the_content_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    path = reports.save_assessment(demo_id(demo, "ak01-siti"), tmp_path / "ak01.pdf")
    writer = PdfWriter(path, incremental=True)
    writer.add_metadata({"/Author": "pemindai kantor"})
    changed = tmp_path / "ak01-meta.pdf"
    with open(changed, "wb") as f:
        writer.write(f)
    result = reports.verify(changed)
    assert result.valid and result.matched == "same_pages", result
    assert result.pdf_signature is not None and result.pdf_signature["modified_after_signing"]


def _overlay_picture(pdf: bytes, picture: bytes) -> bytes:
    """An incremental update after the signature that paints ``picture`` (a PNG of other
    pages) over page 1: the text layer underneath is still the signed one."""
    import zlib

    from PIL import Image
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    box = [float(x) for x in page["/MediaBox"]]
    im = Image.open(io.BytesIO(picture)).convert("RGB")
    n = generic.NameObject
    img_ref = w.add_object(generic.StreamObject({
        n("/Type"): n("/XObject"), n("/Subtype"): n("/Image"),
        n("/Width"): generic.NumberObject(im.size[0]),
        n("/Height"): generic.NumberObject(im.size[1]),
        n("/ColorSpace"): n("/DeviceRGB"), n("/BitsPerComponent"): generic.NumberObject(8),
        n("/Filter"): n("/FlateDecode")}, encoded_data=zlib.compress(im.tobytes())))
    draw = w.add_object(generic.StreamObject(
        stream_data=f"q {box[2]} 0 0 {box[3]} 0 0 cm /Lapis Do Q".encode()))
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject(
        [*(contents if isinstance(contents, generic.ArrayObject)
           else [page.raw_get("/Contents")]), draw])
    res = page["/Resources"]
    xo = res.get("/XObject") or generic.DictionaryObject()
    xo[n("/Lapis")] = img_ref
    res[n("/XObject")] = xo
    w.mark_update(page_ref)
    if isinstance(page.raw_get("/Resources"), generic.IndirectObject):
        w.mark_update(page.raw_get("/Resources"))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_a_picture_of_other_pages_painted_over_the_signed_ones_is_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """The text layer still matches the record; what a reader SEES does not (attack found
    by the review: the K version's page painted over a BK report)."""
    import pypdfium2 as pdfium

    siti = reports.save_assessment(demo_id(demo, "ia01-siti"), tmp_path / "siti.pdf")
    rizky = reports.render_assessment(demo_id(demo, "ia01-rizky"))
    doc = pdfium.PdfDocument(rizky)
    picture = io.BytesIO()
    doc[0].render(scale=1.0).to_pil().save(picture, format="PNG")
    doc.close()
    forged = tmp_path / "siti-forged.pdf"
    forged.write_bytes(_overlay_picture(siti.read_bytes(), picture.getvalue()))
    result = reports.verify(forged)
    assert not result.valid and result.reason_code == "modified_after_signing", result


def test_a_stamp_annotation_added_after_signing_is_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    path = reports.save_assessment(demo_id(demo, "ia01-rizky"), tmp_path / "rizky.pdf")
    w = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    n = generic.NameObject
    font = generic.DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"),
                                     n("/BaseFont"): n("/Helvetica-Bold")})
    look = w.add_object(generic.StreamObject({
        n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
        n("/BBox"): _numbers(0, 0, 300, 40),
        n("/Resources"): generic.DictionaryObject(
            {n("/Font"): generic.DictionaryObject({n("/Helv"): font})})},
        stream_data=b"1 0 0 rg BT /Helv 20 Tf 5 12 Td (DIBATALKAN / BK) Tj ET"))
    stamp = w.add_object(generic.DictionaryObject({
        n("/Type"): n("/Annot"), n("/Subtype"): n("/Stamp"), n("/F"): generic.NumberObject(4),
        n("/Rect"): _numbers(60, 560, 360, 600),
        n("/AP"): generic.DictionaryObject({n("/N"): look})}))
    page["/Annots"] = generic.ArrayObject([*(page.get("/Annots") or []), stamp])
    w.mark_update(page_ref)
    stamped = tmp_path / "rizky-stamped.pdf"
    with open(stamped, "wb") as f:
        w.write(f)
    result = reports.verify(stamped)
    assert not result.valid and result.reason_code == "modified_after_signing", result


@pytest.mark.parametrize("extra", ["javascript", "print_only_stamp"])
def test_things_another_viewer_or_a_printer_shows_are_not_valid(
        demo: Any, reports: ReportService, tmp_path: Path, extra: str) -> None:
    """Second review: pdfium on screen draws neither a print-only stamp nor runs JavaScript;
    such a file is never a faithful copy of the record."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    path = reports.save_assessment(demo_id(demo, "ia01-rizky"), tmp_path / "rizky.pdf")
    w = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    n = generic.NameObject
    if extra == "javascript":
        action = w.add_object(generic.DictionaryObject({
            n("/S"): n("/JavaScript"), n("/JS"): generic.TextStringObject("app.alert('BK')")}))
        w.root[n("/OpenAction")] = action
        w.update_root()
    else:
        page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
        page = page_ref.get_object()
        look = w.add_object(generic.StreamObject({
            n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
            n("/BBox"): _numbers(0, 0, 200, 40)},
            stream_data=b"1 0 0 rg 0 0 200 40 re f"))
        stamp = w.add_object(generic.DictionaryObject({  # /F 36: print + no view
            n("/Type"): n("/Annot"), n("/Subtype"): n("/Stamp"), n("/F"): generic.NumberObject(36),
            n("/Rect"): _numbers(60, 560, 260, 600),
            n("/AP"): generic.DictionaryObject({n("/N"): look})}))
        page["/Annots"] = generic.ArrayObject([*(page.get("/Annots") or []), stamp])
        w.mark_update(page_ref)
    changed = tmp_path / f"rizky-{extra}.pdf"
    with open(changed, "wb") as f:
        w.write(f)
    result = reports.verify(changed)
    assert not result.valid and result.reason_code == "modified_after_signing", result
