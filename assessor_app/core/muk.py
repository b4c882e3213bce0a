"""MUK 2023 instruments generated from scheme data.

From one :class:`~assessor_app.core.competency.SchemeData` the app produces every
instrument of a certification event as a checklist template (YAML text in the format of
``forms/README.md``): FR.APL.01/02, FR.MAPA.01/02, FR.AK.01..06, FR.IA.01/02/03/05/07 and
the document completeness checklist. Pure Python, deterministic: the same scheme data
gives byte-identical templates.

Fields follow ../shared/design/DOMAIN.md section 4 (the forms as LSPs print them). Text the
MUK master does not fix word for word (the FR.AK.03 components, the FR.AK.01 declarations)
is the paraphrase DOMAIN.md gives; questions, answer keys and tasks come from the scheme
file (the LSP's own material). Verdicts: FR.IA.* instruments recommend K or OL (observasi
lanjut) per unit, never BK; FR.AK.02 records the assessor's K/BK per unit; every other form
has no verdict and none has a percentage.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from assessor_app.core.competency import (
    MAX_LOGO_BYTES,
    METHOD_FORMS,
    METHODS,
    SchemeData,
    UnitData,
    template_code,
)
from assessor_app.core.files import FileRefused, read_user_file
from assessor_app.core.template import Text

SOURCE = "Materi Uji Kompetensi (MUK) BNSP 2023"

# Event order: what an LSP files per asesi, then per batch.
FORMS: tuple[str, ...] = (
    "FR.APL.01", "FR.APL.02", "FR.MAPA.01", "FR.MAPA.02", "FR.AK.01", "FR.IA.01",
    "FR.IA.02", "FR.IA.03", "FR.IA.05", "FR.IA.07", "FR.AK.02", "FR.AK.03", "FR.AK.04",
    "FR.AK.05", "FR.AK.06", "CEKLIS.DOKUMEN",
)

# Evidence columns of the FR.AK.02 matrix (value, Indonesian, English) and the
# instruments whose records give that kind of evidence.
AK02_EVIDENCE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("observasi", "Observasi demonstrasi", "Observed demonstration",
     ("FR.IA.01", "FR.IA.02", "FR.IA.03")),
    ("portofolio", "Portofolio", "Portfolio", ("FR.IA.08",)),
    ("pihak_ketiga", "Pernyataan pihak ketiga / pertanyaan wawancara",
     "Third-party statement / interview questions", ("FR.IA.09", "FR.IA.10")),
    ("lisan", "Pertanyaan lisan", "Oral questions", ("FR.IA.07",)),
    ("tertulis", "Pertanyaan tertulis", "Written questions", ("FR.IA.05", "FR.IA.06")),
    ("proyek", "Proyek kerja", "Work project", ("FR.IA.04",)),
    ("lainnya", "Lainnya", "Other", ()),
)

# The five kinds of candidate of FR.MAPA.01 1.1 ("potensi asesi"), numbered as on MAPA.02.
POTENTIALS: tuple[tuple[str, str, str], ...] = (
    ("p1", "Hasil pelatihan dan/atau pendidikan, kurikulum dan fasilitas telusur terhadap "
           "standar kompetensi",
     "Training/education outcomes traceable to the competency standard"),
    ("p2", "Hasil pelatihan dan/atau pendidikan, kurikulum belum berbasis kompetensi",
     "Training/education outcomes not yet competency-based"),
    ("p3", "Pekerja berpengalaman, telusur terhadap standar kompetensi",
     "Experienced worker, traceable to the competency standard"),
    ("p4", "Pekerja berpengalaman, belum berbasis kompetensi",
     "Experienced worker, not yet competency-based"),
    ("p5", "Pelatihan/belajar mandiri atau otodidak", "Self-directed learning"),
)

# Instruments of the MAPA.02 map (form code, Indonesian name).
MAPA02_INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("FR.IA.01", "Ceklis observasi aktivitas"),
    ("FR.IA.02", "Tugas praktik demonstrasi"),
    ("FR.IA.03", "Pertanyaan untuk mendukung observasi"),
    ("FR.IA.05", "Pertanyaan tertulis pilihan ganda"),
    ("FR.IA.07", "Pertanyaan lisan"),
    ("FR.IA.08", "Ceklis verifikasi portofolio"),
    ("FR.IA.09", "Pertanyaan wawancara"),
)

# FR.AK.03: the ten standard components (paraphrased as in DOMAIN.md section 4).
AK03_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Saya mendapatkan penjelasan yang cukup memadai mengenai proses asesmen/uji kompetensi",
     "I received an adequate explanation of the assessment process"),
    ("Saya diberikan kesempatan untuk mempelajari standar kompetensi yang akan diujikan dan "
     "menilai diri sendiri terhadap pencapaiannya",
     "I had the chance to study the standard and assess myself against it"),
    ("Asesor memberikan kesempatan untuk mendiskusikan/menegosiasikan metoda, instrumen dan "
     "sumber asesmen serta jadwal asesmen",
     "The assessor discussed methods, instruments, sources and schedule with me"),
    ("Asesor berusaha menggali seluruh bukti pendukung yang sesuai dengan latar belakang "
     "pelatihan dan pengalaman yang saya miliki",
     "The assessor explored all supporting evidence matching my training and experience"),
    ("Saya sepenuhnya diberikan kesempatan untuk mendemonstrasikan kompetensi yang saya miliki "
     "selama asesmen", "I was given full opportunity to demonstrate my competence"),
    ("Saya mendapatkan penjelasan yang memadai mengenai keputusan asesmen",
     "I received an adequate explanation of the assessment decision"),
    ("Asesor memberikan umpan balik yang mendukung setelah asesmen serta tindak lanjutnya",
     "The assessor gave supportive feedback and follow-up after the assessment"),
    ("Asesor bersama saya mempelajari semua dokumen asesmen serta menandatanganinya",
     "The assessor and I studied and signed all assessment documents together"),
    ("Saya mendapatkan jaminan kerahasiaan hasil asesmen serta penjelasan penanganan dokumen "
     "asesmen", "I was assured of the confidentiality of the results and document handling"),
    ("Asesor menggunakan keterampilan komunikasi yang efektif selama asesmen",
     "The assessor communicated effectively during the assessment"),
)

# Ceklis kelengkapan dokumen asesmen (DOMAIN.md section 4 intro), per asesi.
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("a", "FR.APL.01", "Permohonan Sertifikasi Kompetensi"),
    ("a", "FR.APL.02", "Asesmen Mandiri"),
    ("a", "PORTOFOLIO", "Portofolio / bukti persyaratan dasar"),
    ("a", "FR.MAPA.01", "Merencanakan Aktivitas dan Proses Asesmen"),
    ("a", "SKEMA", "Skema sertifikasi dan standar kompetensi"),
    ("a", "FR.MAPA.02", "Peta Instrumen Asesmen"),
    ("a", "FR.AK.01", "Persetujuan Asesmen dan Kerahasiaan"),
    ("a", "FR.IA.01", "Ceklis Observasi Aktivitas"),
    ("a", "FR.IA.02", "Tugas Praktik Demonstrasi"),
    ("a", "FR.IA.03", "Pertanyaan untuk Mendukung Observasi"),
    ("a", "FR.IA.05", "Pertanyaan Tertulis Pilihan Ganda"),
    ("a", "FR.IA.07", "Pertanyaan Lisan"),
    ("b", "FR.AK.02", "Rekaman Asesmen Kompetensi"),
    ("b", "FR.AK.03", "Umpan Balik dan Catatan Asesmen"),
    ("c", "FR.AK.05", "Laporan Asesmen"),
    ("c", "FR.AK.06", "Meninjau Proses Asesmen"),
)

TITLES: dict[str, tuple[str, str]] = {
    "FR.APL.01": ("Permohonan Sertifikasi Kompetensi", "Application for competency certification"),
    "FR.APL.02": ("Asesmen Mandiri", "Self-assessment"),
    "FR.MAPA.01": ("Merencanakan Aktivitas dan Proses Asesmen",
                   "Planning assessment activities and process"),
    "FR.MAPA.02": ("Peta Instrumen Asesmen Hasil Pendekatan Asesmen dan Perencanaan Kerja",
                   "Map of assessment instruments"),
    "FR.AK.01": ("Persetujuan Asesmen dan Kerahasiaan",
                 "Assessment agreement and confidentiality"),
    "FR.IA.01": ("Ceklis Observasi Aktivitas di Tempat Kerja atau Tempat Kerja Simulasi",
                 "Checklist for observing activities at the workplace or a simulated workplace"),
    "FR.IA.02": ("Tugas Praktik Demonstrasi", "Practical demonstration task"),
    "FR.IA.03": ("Pertanyaan untuk Mendukung Observasi", "Questions to support observation"),
    "FR.IA.05": ("Pertanyaan Tertulis Pilihan Ganda", "Written multiple-choice questions"),
    "FR.IA.07": ("Pertanyaan Lisan", "Oral questions"),
    "FR.AK.02": ("Rekaman Asesmen Kompetensi", "Record of competency assessment"),
    "FR.AK.03": ("Umpan Balik dan Catatan Asesmen", "Assessment feedback and notes"),
    "FR.AK.04": ("Banding Asesmen", "Assessment appeal"),
    "FR.AK.05": ("Laporan Asesmen", "Assessment report"),
    "FR.AK.06": ("Meninjau Proses Asesmen", "Reviewing the assessment process"),
    "CEKLIS.DOKUMEN": ("Ceklis Kelengkapan Dokumen Asesmen",
                       "Checklist of assessment documents"),
}


@dataclass(frozen=True)
class Instrument:
    """One generated instrument: its form code, template code and YAML text."""

    form: str  # "FR.IA.01"
    code: str  # template code, "<form>.<scheme slug>"
    text: str  # template YAML


def generate_instruments(scheme: SchemeData, version: str | None = None) -> list[Instrument]:
    """Every instrument of the scheme's certification event, in event order."""
    return [generate_instrument(scheme, form, version) for form in FORMS]


def generate_instrument(scheme: SchemeData, form: str,
                        version: str | None = None) -> Instrument:
    """One instrument of the scheme (``form`` is one of :data:`FORMS`)."""
    form = form.strip().upper()
    build = _BUILDERS.get(form)
    if build is None:
        from assessor_app.core.errors import AppError

        raise AppError("scheme.unsupported_form", form=form, supported=list(FORMS))
    g = _Gen(scheme, form, version or scheme.version or "1")
    doc = build(g)
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    source = scheme.source or "scheme data"
    text = (f"# Generated by assessor-app from {source} ({form})"
            " - edit the scheme data, not this file.\n" + body)
    return Instrument(form, doc["code"], text)


def generate_template(scheme: SchemeData, form: str = "FR.IA.01",
                      version: str | None = None) -> str:
    """The YAML text of one instrument (``assessor-app templates generate``)."""
    return generate_instrument(scheme, form, version).text


# --------------------------------------------------------------------------- helpers


def _bi(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


def _label(text: Text) -> str | dict[str, str]:
    return text.as_dict() if text.en else text.id


def _opt(value: str, id_: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"value": value, "label": _bi(id_, en), **extra}


def _item(name: str, type_: str, id_: str, en: str | None = None, **extra: Any
          ) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type_,
                           "label": _bi(id_, en) if en else id_}
    out.update(extra)
    return out


def _note(name: str, id_: str, en: str | None = None) -> dict[str, Any]:
    return _item(name, "note", id_, en)


def _text(name: str, id_: str, en: str, *, multiline: bool = True, required: bool = False,
          **extra: Any) -> dict[str, Any]:
    out = _item(name, "text", id_, en, **extra)
    if multiline:
        out["multiline"] = True
    if required:
        out["required"] = True
    return out


def _section(name: str, id_: str, en: str, items: list[dict[str, Any]] | None = None,
             **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "title": _bi(id_, en)}
    out.update(extra)
    if items is not None:
        out["items"] = items
    return out


def _kuk_ref(kuk: tuple[str, ...]) -> str:
    return " ".join(kuk)


class _Gen:
    """What every instrument of one scheme shares: code, scheme block, MUK header."""

    def __init__(self, scheme: SchemeData, form: str, version: str) -> None:
        self.s = scheme
        self.form = form
        self.version = version

    def code(self) -> str:
        return template_code(self.s, self.form)

    def scheme_block(self) -> dict[str, Any]:
        s = self.s
        out: dict[str, Any] = {"type": s.type, "number": s.number, "title": _label(s.title)}
        if s.level:
            out["level"] = s.level
        if s.lsp is not None:
            lsp: dict[str, Any] = {"name": s.lsp.name}
            for key in ("licence", "address", "contact"):
                value = getattr(s.lsp, key)
                if value:
                    lsp[key] = value
            logo = _logo_ref(s.lsp.logo)
            if logo:
                lsp["logo"] = logo
            out["lsp"] = lsp
        out["code"] = template_code(self.s, "").lstrip(".") or "scheme"
        out["version"] = self.version
        return out

    def doc(self, *, subject: str, verdict: str, signers: list[dict[str, Any]],
            sections: list[dict[str, Any]], header: list[dict[str, Any]] | None = None,
            response_sets: dict[str, Any] | None = None,
            description: dict[str, str] | None = None) -> dict[str, Any]:
        title = TITLES[self.form]
        source = f"{SOURCE}; skema {self.s.number}"
        if self.s.lsp is not None:
            source += f", {self.s.lsp.name}"
        sets: dict[str, Any] = {"tuk": _tuk_set()}
        sets.update(response_sets or {})
        out: dict[str, Any] = {
            "template": 1, "code": self.code(), "version": self.version, "form": self.form,
            "kind": "competency", "subject": subject, "verdict": verdict,
            "title": _bi(*title),
        }
        if description:
            out["description"] = description
        out.update({
            "source": source, "scheme": self.scheme_block(), "signers": signers,
            "response_sets": sets,
            "header": header if header is not None else muk_header(with_assessee=True),
            "sections": sections,
        })
        return out

    def units(self) -> list[tuple[int, UnitData]]:
        return list(enumerate(self.s.units, start=1))


# A logo up to this size travels inside every generated template (frozen with each record,
# so its letterhead prints and verifies the same on every device); a larger one is named by
# its SHA-256 and looked up in the data folder's logos/.
INLINE_LOGO_BYTES = 96 * 1024


def _logo_ref(path: Any) -> str | None:
    if path is None:
        return None
    try:
        data = read_user_file(path, MAX_LOGO_BYTES)
    except FileRefused:
        return None
    if len(data) <= INLINE_LOGO_BYTES:
        kind = "png" if data.startswith(b"\x89PNG") else "jpeg" if data.startswith(
            b"\xff\xd8") else None
        if kind is not None:
            return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _tuk_set() -> dict[str, Any]:
    return {"label": _bi("Tempat Uji Kompetensi (TUK)", "Competency test site (TUK)"),
            "options": [_opt("sewaktu", "Sewaktu", "Temporary"),
                        _opt("tempat_kerja", "Tempat Kerja", "Workplace"),
                        _opt("mandiri", "Mandiri", "Independent")]}


def muk_header(*, with_assessee: bool) -> list[dict[str, Any]]:
    """The header every MUK form shares: TUK, asesor, asesi, date (DOMAIN.md 4)."""
    out = [_item("tuk", "select_one", "TUK", "Test site (TUK)", response_set="tuk",
                 required=True),
           _item("nama_asesor", "text", "Nama asesor", "Assessor's name", required=True)]
    if with_assessee:
        out.append(_item("nama_asesi", "text", "Nama asesi", "Assessee's name", required=True))
    out.append(_item("tanggal", "date", "Tanggal", "Date", required=True))
    return out


def _signer(role: str, id_: str, en: str, registration: bool = False,
            required: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role, "label": _bi(id_, en)}
    if registration:
        out["registration"] = True
    if not required:
        out["required"] = False
    return out


ASESI = _signer("asesi", "Asesi", "Assessee")
ASESOR = _signer("asesor", "Asesor", "Assessor", registration=True)


def _unit_info(unit: UnitData) -> dict[str, Any]:
    out: dict[str, Any] = {"code": unit.code, "title": _label(unit.title)}
    if unit.group:
        out["group"] = unit.group
    return out


def _unit_section(ui: int, unit: UnitData, **content: Any) -> dict[str, Any]:
    """The section of unit ``ui``: its ``items`` or element ``sections``."""
    return {"name": f"u{ui}", "title": _label(unit.title), "unit": _unit_info(unit),
            **content}


def _feedback_section() -> dict[str, Any]:
    """"Umpan balik untuk asesi", closing every instrument the asesi is assessed on."""
    return _section("umpan_balik", "Umpan balik untuk asesi", "Feedback for the assessee",
                    [_text("umpan_balik_asesi", "Umpan balik untuk asesi",
                           "Feedback for the assessee")])


def _unit_list_note(g: _Gen, name: str) -> dict[str, Any]:
    lines = [f"{u.code} {u.title.id} ({u.standard})" for _i, u in g.units()]
    return _note(name, "Daftar unit kompetensi: " + "; ".join(lines))


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")[:40] or "x"


# --------------------------------------------------------------------------- APL


def _apl01(g: _Gen) -> dict[str, Any]:
    personal = [
        _item("nik", "text", "No. KTP/NIK/Paspor", "ID card / NIK / passport no.",
              required=True),
        _item("tempat_lahir", "text", "Tempat lahir", "Place of birth", required=True),
        _item("tanggal_lahir", "date", "Tanggal lahir", "Date of birth", required=True),
        _item("jenis_kelamin", "select_one", "Jenis kelamin", "Sex", response_set="jk",
              required=True),
        _item("kebangsaan", "text", "Kebangsaan", "Nationality", default="Indonesia"),
        _text("alamat_rumah", "Alamat rumah", "Home address", required=True),
        _item("kode_pos", "text", "Kode pos", "Postcode"),
        _item("telepon", "text", "No. telepon/HP", "Telephone / mobile"),
        _item("email", "text", "E-mail", "E-mail"),
        _item("pendidikan", "text", "Kualifikasi pendidikan", "Education", required=True),
    ]
    work = [
        _item("nama_institusi", "text", "Nama institusi/perusahaan", "Institution/company"),
        _item("jabatan", "text", "Jabatan", "Position"),
        _text("alamat_kantor", "Alamat kantor", "Office address"),
        _item("telepon_kantor", "text", "No. telepon kantor", "Office telephone"),
        _item("email_kantor", "text", "E-mail kantor", "Office e-mail"),
    ]
    requirements: list[dict[str, Any]] = []
    for i, req in enumerate(g.s.requirements, start=1):
        requirements.append(_note(f"syarat_{i}", f"{i}. {req.text}"))
        requirements.append(_item(f"syarat_{i}_ada", "select_one", "Bukti", "Evidence",
                                  response_set="ada_tidak", required=True, score=False))
        requirements.append(_item(f"syarat_{i}_memenuhi", "select_one",
                                  "Memenuhi syarat", "Meets the requirement",
                                  response_set="ms_tms", required=True, score=False))
    if not requirements:
        requirements.append(_note("syarat_kosong", "Data skema belum memuat persyaratan dasar "
                                                   "pemohon."))
    sections = [
        _section("data_pribadi", "Bagian 1a: Data pribadi", "Part 1a: Personal data", personal),
        _section("data_pekerjaan", "Bagian 1b: Data pekerjaan sekarang",
                 "Part 1b: Current employment", work),
        _section("data_sertifikasi", "Bagian 2: Data sertifikasi", "Part 2: Certification",
                 [_item("tujuan_asesmen", "select_one", "Tujuan asesmen", "Purpose",
                        response_set="tujuan", required=True),
                  _item("tujuan_lainnya", "text", "Tujuan lainnya", "Other purpose",
                        relevant="${tujuan_asesmen} = 'lainnya'", required=True),
                  _unit_list_note(g, "daftar_unit")]),
        _section("bukti_kelengkapan", "Bagian 3: Bukti kelengkapan pemohon",
                 "Part 3: Applicant's evidence", requirements),
        _section("rekomendasi_lsp", "Rekomendasi (diisi oleh LSP)",
                 "Recommendation (by the LSP)",
                 [_item("rekomendasi", "select_one",
                        "Berdasarkan ketentuan persyaratan dasar, maka pemohon",
                        "Based on the basic requirements, the applicant is",
                        response_set="diterima", required=True, score=False),
                  _text("catatan", "Catatan", "Notes")]),
    ]
    sets = {
        "jk": {"label": _bi("Jenis kelamin", "Sex"),
               "options": [_opt("l", "Laki-laki", "Male"), _opt("p", "Perempuan", "Female")]},
        "tujuan": {"label": _bi("Tujuan asesmen", "Purpose of assessment"),
                   "options": [_opt("sertifikasi", "Sertifikasi", "Certification"),
                               _opt("sertifikasi_ulang", "Sertifikasi Ulang",
                                    "Re-certification"),
                               _opt("pkt", "Pengakuan Kompetensi Terkini (PKT)",
                                    "Recognition of current competency"),
                               _opt("rpl", "Rekognisi Pembelajaran Lampau (RPL)",
                                    "Recognition of prior learning"),
                               _opt("lainnya", "Lainnya", "Other")]},
        "ms_tms": {"label": _bi("Memenuhi syarat", "Meets requirement"),
                   "options": [_opt("ms", "Memenuhi syarat", "Meets"),
                               _opt("tms", "Tidak memenuhi syarat", "Does not meet")]},
        "diterima": {"label": _bi("Diterima / Tidak diterima", "Accepted / Not accepted"),
                     "options": [_opt("diterima", "Diterima sebagai peserta sertifikasi",
                                      "Accepted as a certification candidate"),
                                 _opt("tidak_diterima",
                                      "Tidak diterima sebagai peserta sertifikasi",
                                      "Not accepted as a certification candidate")]},
    }
    header = [_item("nama_asesi", "text", "Nama lengkap pemohon", "Applicant's full name",
                    required=True),
              _item("tanggal", "date", "Tanggal", "Date", required=True)]
    return g.doc(subject="assessee", verdict="none", header=header, response_sets=sets,
                 signers=[_signer("asesi", "Pemohon/Kandidat", "Applicant"),
                          _signer("admin_lsp", "Admin LSP", "LSP administrator",
                                  registration=True)],
                 sections=sections)


def _apl02(g: _Gen) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    for ui, unit in g.units():
        subs: list[dict[str, Any]] = []
        for ei, elem in enumerate(unit.elements, start=1):
            kuk = "; ".join(f"{k.no} {k.text}" for k in elem.kuk)
            subs.append(_section(
                f"u{ui}_e{ei}", f"Elemen {elem.no}: {elem.title}", f"Element {elem.no}",
                [_item(f"u{ui}_e{ei}_mandiri", "select_one",
                       f"Dapatkah saya {_lower_first(elem.title)}?",
                       f"Can I {_lower_first(elem.title)}?", response_set="k_bk",
                       required=True, score=False,
                       hint=_bi("Kriteria unjuk kerja: " + kuk, "Performance criteria: " + kuk)),
                 _text(f"u{ui}_e{ei}_bukti", "Bukti yang relevan", "Relevant evidence",
                       multiline=False),
                 _item(f"u{ui}_e{ei}_lampiran", "evidence", "Lampiran bukti",
                       "Evidence attachment")],
                element={"no": elem.no, "title": elem.title}))
        sections.append(_unit_section(ui, unit, sections=subs))
    sections.append(_section(
        "tinjauan", "Ditinjau oleh asesor", "Reviewed by the assessor",
        [_item("rekomendasi", "select_one", "Rekomendasi", "Recommendation",
               response_set="lanjut", required=True, score=False),
         _text("catatan", "Catatan", "Notes")]))
    sets = {"lanjut": {"label": _bi("Asesmen dapat dilanjutkan", "Assessment may proceed"),
                       "options": [_opt("dapat", "Asesmen dapat dilanjutkan",
                                        "Assessment may proceed"),
                                   _opt("tidak_dapat", "Asesmen tidak dapat dilanjutkan",
                                        "Assessment may not proceed")]}}
    return g.doc(subject="assessee", verdict="none", response_sets=sets,
                 signers=[ASESI, ASESOR], sections=sections,
                 description=_bi("Panduan asesmen mandiri: baca setiap pertanyaan di kolom "
                                 "sebelah kiri, pilih K bila Anda yakin dapat melakukan tugas "
                                 "yang dijelaskan dan BK bila belum, lalu isi bukti yang "
                                 "relevan.",
                                 "Self-assessment guide: read each question, choose K when "
                                 "you are confident you can do the task and BK when not, then "
                                 "name the relevant evidence."))


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:] if value else value


# --------------------------------------------------------------------------- MAPA


def _mapa01(g: _Gen) -> dict[str, Any]:
    method_set = {"label": _bi("Metode dan perangkat asesmen", "Assessment methods"),
                  "options": [_opt(code.lower(), f"{code}: {label}", code)
                              for code, label in METHODS.items()]}
    evidence_set = {"label": _bi("Jenis bukti", "Kind of evidence"),
                    "options": [_opt("l", "L (langsung)", "Direct"),
                                _opt("tl", "TL (tidak langsung)", "Indirect"),
                                _opt("t", "T (tambahan)", "Supplementary")]}
    plan: list[dict[str, Any]] = []
    for ui, unit in g.units():
        plan.append(_unit_section(ui, unit, items=[
            _item(f"u{ui}_bukti", "select_multiple", "Jenis bukti", "Kind of evidence",
                  response_set="jenis_bukti", score=False, required=True, default="l"),
            _item(f"u{ui}_metode", "select_multiple", "Metode dan perangkat asesmen",
                  "Methods and tools", response_set="metode", score=False, required=True,
                  default=" ".join(m.lower() for m in unit.methods)),
        ]))
    sections = [
        _section("pendekatan", "1. Menentukan pendekatan asesmen",
                 "1. Determining the assessment approach", [
                     _item("potensi_asesi", "select_multiple", "Asesi/Kandidat",
                           "Candidates", response_set="potensi", score=False, required=True),
                     _item("tujuan", "select_one", "Tujuan sertifikasi",
                           "Purpose of certification", response_set="tujuan", required=True),
                     _item("lingkungan", "select_one", "Konteks asesmen: lingkungan",
                           "Context: environment", response_set="lingkungan", required=True),
                     _item("peluang_bukti", "select_one", "Peluang untuk mengumpulkan bukti",
                           "Opportunity to collect evidence", response_set="peluang",
                           required=True),
                     _item("pelaksana", "select_one", "Siapa yang melakukan asesmen",
                           "Who assesses", response_set="pelaksana", required=True),
                     _item("konfirmasi", "select_multiple",
                           "Konfirmasi dengan orang yang relevan",
                           "Confirmed with relevant people", response_set="orang_relevan",
                           score=False),
                     _item("tolok_ukur", "select_multiple", "Tolok ukur asesmen",
                           "Benchmarks", response_set="tolok_ukur", score=False,
                           required=True, default="standar_kompetensi"),
                 ]),
        {"name": "rencana", "title": _bi("2. Mempersiapkan rencana asesmen",
                                         "2. Preparing the assessment plan"),
         "sections": plan},
        _section("modifikasi", "3. Modifikasi dan kontekstualisasi",
                 "3. Modification and contextualisation", [
                     _text("karakteristik", "Karakteristik kandidat",
                           "Candidate characteristics"),
                     _text("kontekstualisasi", "Kebutuhan kontekstualisasi terkait tempat kerja",
                           "Workplace contextualisation"),
                     _text("saran_paket", "Saran yang diberikan oleh paket pelatihan atau "
                                          "pengembang pelatihan",
                           "Advice of the training package or developer"),
                     _text("penyesuaian", "Penyesuaian perangkat asesmen",
                           "Adjustment of assessment tools"),
                     _text("peluang_terintegrasi", "Peluang untuk kegiatan asesmen "
                                                   "terintegrasi",
                           "Opportunities for integrated assessment"),
                 ]),
    ]
    sets = {
        "potensi": {"label": _bi("Potensi asesi", "Candidate types"),
                    "options": [_opt(v, i, e) for v, i, e in POTENTIALS]},
        "tujuan": {"label": _bi("Tujuan sertifikasi", "Purpose"),
                   "options": [_opt("sertifikasi", "Sertifikasi", "Certification"),
                               _opt("pkt", "Pengakuan Kompetensi Terkini (PKT)", "PKT"),
                               _opt("rpl", "Rekognisi Pembelajaran Lampau (RPL)", "RPL"),
                               _opt("lainnya", "Lainnya", "Other")]},
        "lingkungan": {"label": _bi("Lingkungan", "Environment"),
                       "options": [_opt("nyata", "Tempat kerja nyata", "Real workplace"),
                                   _opt("simulasi", "Tempat kerja simulasi",
                                        "Simulated workplace")]},
        "peluang": {"label": _bi("Peluang mengumpulkan bukti", "Opportunity"),
                    "options": [_opt("tersedia", "Tersedia", "Available"),
                                _opt("terbatas", "Terbatas", "Limited")]},
        "pelaksana": {"label": _bi("Pelaksana asesmen", "Assessed by"),
                      "options": [_opt("lsp", "Lembaga sertifikasi", "Certification body"),
                                  _opt("pelatihan", "Organisasi pelatihan",
                                       "Training organisation"),
                                  _opt("perusahaan", "Asesor perusahaan",
                                       "Company assessor")]},
        "orang_relevan": {"label": _bi("Orang yang relevan", "Relevant people"),
                          "options": [_opt("manajer_lsp", "Manajer sertifikasi LSP",
                                           "LSP certification manager"),
                                      _opt("lead", "Master asesor / master trainer / lead "
                                                   "asesor", "Lead assessor"),
                                      _opt("manajer_pelatihan", "Manajer pelatihan lembaga "
                                                                "training terakreditasi",
                                           "Training manager"),
                                      _opt("supervisor", "Manajer atau supervisor di tempat "
                                                         "kerja", "Workplace supervisor")]},
        "tolok_ukur": {"label": _bi("Tolok ukur", "Benchmarks"),
                       "options": [_opt("standar_kompetensi", "Standar kompetensi",
                                        "Competency standard"),
                                   _opt("kurikulum", "Kriteria asesmen dari kurikulum",
                                        "Curriculum criteria"),
                                   _opt("spesifikasi_kinerja", "Spesifikasi kinerja "
                                                               "perusahaan/industri",
                                        "Performance specification"),
                                   _opt("spesifikasi_produk", "Spesifikasi produk",
                                        "Product specification"),
                                   _opt("pedoman_khusus", "Pedoman khusus",
                                        "Specific guidelines")]},
        "jenis_bukti": evidence_set,
        "metode": method_set,
    }
    return g.doc(subject="visit", verdict="none", header=_plan_header(), response_sets=sets,
                 signers=[_signer("penyusun", "Penyusun", "Author", registration=True),
                          _signer("validator", "Validator", "Validator", registration=True,
                                  required=False)],
                 sections=sections)


def _plan_header() -> list[dict[str, Any]]:
    return [_item("nama_asesor", "text", "Penyusun", "Author", required=True),
            _item("tanggal", "date", "Tanggal", "Date", required=True)]


def _mapa02(g: _Gen) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    for ui, unit in g.units():
        planned = {f for m in unit.methods for f in METHOD_FORMS.get(m, ())}
        items = [_item(f"u{ui}_{_slug(form)}", "select_multiple", f"{form} {name}",
                       f"{form} {name}", response_set="potensi", score=False,
                       default="p1 p2 p3 p4 p5" if form in planned else None)
                 for form, name in MAPA02_INSTRUMENTS]
        sections.append(_unit_section(ui, unit, items=[
            {k: v for k, v in it.items() if v is not None} for it in items]))
    sets = {"potensi": {"label": _bi("Potensi asesi", "Candidate type"),
                        "options": [_opt(v, str(n), str(n)) for n, (v, _i, _e)
                                    in enumerate(POTENTIALS, start=1)]}}
    return g.doc(subject="visit", verdict="none", header=_plan_header(), response_sets=sets,
                 signers=[_signer("penyusun", "Penyusun", "Author", registration=True)],
                 sections=sections,
                 description=_bi("Potensi asesi: " + "; ".join(
                     f"{n}. {i}" for n, (_v, i, _e) in enumerate(POTENTIALS, start=1)),
                     "Candidate types 1-5 as in FR.MAPA.01."))


# --------------------------------------------------------------------------- AK.01


def _ak01(g: _Gen) -> dict[str, Any]:
    evidence = {"label": _bi("Bukti yang akan dikumpulkan", "Evidence to be collected"),
                "options": [_opt(v, i, e) for v, i, e in (
                    ("verifikasi_portofolio", "Hasil verifikasi portofolio",
                     "Portfolio verification"),
                    ("reviu_produk", "Hasil reviu produk", "Product review"),
                    ("observasi_langsung", "Hasil observasi langsung", "Direct observation"),
                    ("kegiatan_terstruktur", "Hasil kegiatan terstruktur",
                     "Structured activity"),
                    ("tanya_jawab", "Hasil tanya jawab", "Questions and answers"),
                    ("pertanyaan_tertulis", "Pertanyaan tertulis", "Written questions"),
                    ("pertanyaan_lisan", "Pertanyaan lisan", "Oral questions"),
                    ("pertanyaan_wawancara", "Pertanyaan wawancara", "Interview questions"),
                    ("lainnya", "Lainnya", "Other"))]}
    planned = {m for u in g.s.units for m in u.methods}
    default = " ".join(v for m, v in (("CL", "observasi_langsung"), ("DPL", "pertanyaan_lisan"),
                                      ("DPT", "pertanyaan_tertulis"),
                                      ("CVP", "verifikasi_portofolio"),
                                      ("CRP", "reviu_produk"), ("DIT", "kegiatan_terstruktur"),
                                      ("PW", "pertanyaan_wawancara")) if m in planned)
    declarations = [
        ("asesi_banding", "Asesi: Bahwa saya sudah mendapatkan penjelasan tentang hak dan "
                          "prosedur banding oleh asesor.",
         "Assessee: I have been told about my rights and the appeal procedure."),
        ("asesor_kerahasiaan", "Asesor: Menyatakan tidak akan membuka hasil pekerjaan yang "
                               "saya peroleh karena penugasan saya sebagai asesor kepada "
                               "siapa pun atau organisasi apa pun selain kepada pihak yang "
                               "berwenang sehubungan dengan kewajiban saya sebagai asesor "
                               "yang ditugaskan oleh LSP.",
         "Assessor: I will not disclose the results to anyone other than the authorised "
         "parties of the LSP assignment."),
        ("asesi_persetujuan", "Asesi: Saya setuju mengikuti asesmen dengan pemahaman bahwa "
                              "informasi yang dikumpulkan hanya digunakan untuk pengembangan "
                              "profesional dan hanya dapat diakses oleh orang tertentu saja.",
         "Assessee: I agree to be assessed; the information is used only for professional "
         "development and seen only by certain persons."),
    ]
    decl: list[dict[str, Any]] = []
    for name, id_, en in declarations:
        who = "Asesor" if name.startswith("asesor") else "Asesi"
        decl.append(_note(f"pernyataan_{name}", id_, en))
        decl.append(_item(f"setuju_{name}", "select_one", f"{who} menyatakan setuju",
                          f"The {'assessor' if who == 'Asesor' else 'assessee'} agrees",
                          response_set="ya_tidak", required=True, critical=True,
                          score=False))
    sections = [
        _section("bukti_asesmen", "Bukti yang akan dikumpulkan", "Evidence to be collected",
                 [_item("bukti", "select_multiple", "Bukti yang akan dikumpulkan",
                        "Evidence to be collected", response_set="bukti_ak01", required=True,
                        score=False, **({"default": default} if default else {})),
                  _item("bukti_lainnya", "text", "Bukti lainnya", "Other evidence",
                        relevant="selected(${bukti}, 'lainnya')", required=True)]),
        _section("pelaksanaan", "Pelaksanaan asesmen disepakati pada",
                 "The assessment is agreed to take place on",
                 [_item("tanggal_pelaksanaan", "date", "Hari/Tanggal", "Day/Date",
                        required=True),
                  _item("waktu_pelaksanaan", "time", "Waktu", "Time", required=True),
                  _item("tuk_pelaksanaan", "text", "TUK", "Test site", required=True)]),
        _section("pernyataan", "Pernyataan", "Declarations", decl),
    ]
    return g.doc(subject="assessee", verdict="none", response_sets={"bukti_ak01": evidence},
                 signers=[ASESOR, ASESI], sections=sections,
                 description=_bi("Persetujuan asesmen ini untuk menjamin bahwa asesi telah "
                                 "diberi arahan secara rinci tentang perencanaan dan proses "
                                 "asesmen.",
                                 "This agreement ensures that the assessee has been briefed in "
                                 "detail on the assessment plan and process."))


# --------------------------------------------------------------------------- IA


def _ia01(g: _Gen) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    for ui, unit in g.units():
        subs: list[dict[str, Any]] = []
        for ei, elem in enumerate(unit.elements, start=1):
            items: list[dict[str, Any]] = []
            for ki, kuk in enumerate(elem.kuk, start=1):
                item = _item(f"u{ui}_e{ei}_k{ki}", "select_one", kuk.text, None,
                             kuk=kuk.no, response_set="ya_tidak", required=True)
                if kuk.benchmark:
                    item["benchmark"] = kuk.benchmark
                items.append(item)
            subs.append({"name": f"u{ui}_e{ei}", "title": elem.title,
                         "element": {"no": elem.no, "title": elem.title}, "items": items})
        sections.append(_unit_section(ui, unit, sections=subs))
    sections.append(_section("lanjut", "Penilaian lanjut", "Further assessment", [
        _text("penilaian_lanjut", "Penilaian lanjut", "Further assessment",
              hint=_bi("Sebutkan KUK yang belum dapat disimpulkan dan metode asesmen lain "
                       "yang akan digunakan.",
                       "Name the KUK not yet decided and the other method to be used."))]))
    sections.append(_feedback_section())
    return g.doc(subject="assessee", verdict="recommendation", signers=[ASESI, ASESOR],
                 sections=sections,
                 description=_bi(
                     "Panduan bagi asesor: standar industri atau tempat kerja (acuan "
                     "pembanding) adalah SOP atau spesifikasi produk dari tempat kerja atau "
                     "tempat kerja simulasi. Pilih Ya bila Anda yakin asesi dapat melakukan "
                     "tugas sesuai KUK, dan Tidak bila belum. Bila belum, rekomendasinya "
                     "observasi lanjut dengan metode asesmen lain; keputusan K/BK dicatat "
                     "pada FR.AK.02.",
                     "Guide for the assessor: the benchmark is the SOP or product "
                     "specification of the (simulated) workplace. Choose Yes when the assessee "
                     "performs as the KUK requires, No when not; then the recommendation is "
                     "further assessment with another method. The K/BK decision is recorded on "
                     "FR.AK.02."))


def _ia02(g: _Gen) -> dict[str, Any]:
    task = g.s.task
    items: list[dict[str, Any]] = []
    if task is None:
        items.append(_note("tugas_kosong", "Data skema belum memuat tugas praktik; tuliskan "
                                           "skenario tugas di bawah."))
        items.append(_text("skenario", "Skenario tugas", "Task scenario", required=True))
    else:
        items.append(_note("skenario", "Skenario tugas: " + task.scenario,
                           "Task scenario: " + task.scenario))
        if task.steps:
            items.append(_note("langkah", "Langkah/instruksi kerja: " + "; ".join(
                f"{n}. {s}" for n, s in enumerate(task.steps, start=1))))
        if task.equipment:
            items.append(_note("peralatan", "Perlengkapan dan peralatan: "
                               + "; ".join(task.equipment)))
        if task.duration:
            items.append(_note("waktu", f"Waktu: {task.duration}", f"Time: {task.duration}"))
        if task.expected:
            items.append(_note("hasil", "Hasil yang diharapkan: " + task.expected))
    items += [_item("waktu_mulai", "time", "Waktu mulai", "Start time"),
              _item("waktu_selesai", "time", "Waktu selesai", "End time"),
              _item("instruksi_dipahami", "select_one", "Asesi telah memahami instruksi tugas",
                    "The assessee has understood the task", response_set="ya_tidak",
                    required=True, score=False)]
    sections = [_section("tugas", "Tugas praktik demonstrasi", "Practical task", items),
                _section("unit", "Unit kompetensi", "Units", [_unit_list_note(g, "unit_list")])]
    return g.doc(subject="assessee", verdict="none", signers=[ASESOR, ASESI],
                 sections=sections,
                 description=_bi("Petunjuk: baca dan pelajari setiap instruksi kerja, "
                                 "tanyakan kepada asesor bila ada yang kurang jelas, lalu "
                                 "laksanakan tugas sesuai waktu yang ditetapkan.",
                                 "Read every instruction, ask the assessor when unclear and "
                                 "do the task in the time given."))


def _questions(g: _Gen, which: str) -> dict[str, Any]:
    """FR.IA.03 (``supporting``) or FR.IA.07 (``oral``): per unit, per question: the
    assessee's answer and whether it is achieved (Ya/Tidak) for the KUK it covers."""
    sections: list[dict[str, Any]] = []
    for ui, unit in g.units():
        questions = unit.supporting if which == "supporting" else unit.oral
        items: list[dict[str, Any]] = []
        for qi, q in enumerate(questions, start=1):
            base = f"u{ui}_q{qi}"
            note = _note(f"{base}_soal", f"{q.no}. {q.text}")
            if q.answer:
                note["hint"] = _bi("Kunci jawaban (untuk asesor): " + q.answer,
                                   "Expected answer (for the assessor): " + q.answer)
            if q.kuk:
                note["code"] = "KUK " + ", ".join(q.kuk)
            items.append(note)
            items.append(_text(f"{base}_jawaban", "Tanggapan asesi", "Assessee's answer"))
            achieved = _item(f"{base}_capai", "select_one", "Pencapaian", "Achieved",
                             response_set="ya_tidak")
            if q.kuk:
                achieved["kuk"] = _kuk_ref(q.kuk)
            items.append(achieved)
        if not items:
            items.append(_note(f"u{ui}_kosong", "Data skema belum memuat pertanyaan untuk "
                                                "unit ini."))
        sections.append(_unit_section(ui, unit, items=items))
    sections.append(_feedback_section())
    guide = (_bi("Pertanyaan untuk menggali dimensi kompetensi, batasan variabel dan aspek "
                 "kritis. Ajukan pertanyaan yang belum terbukti selama demonstrasi; catat "
                 "tanggapan asesi dan pencapaiannya.",
                 "Questions that probe competence dimensions, range and critical aspects. "
                 "Ask what the demonstration did not show; note the answer and whether it "
                 "is achieved.")
             if which == "supporting" else
             _bi("Ajukan pertanyaan lisan, terutama untuk KUK yang belum tercapai pada "
                 "observasi; catat ringkasan jawaban asesi dan pencapaiannya.",
                 "Ask oral questions, first for the KUK not achieved in the observation; note "
                 "a summary of the answer and whether it is achieved."))
    return g.doc(subject="assessee", verdict="recommendation", signers=[ASESI, ASESOR],
                 sections=sections, description=guide)


def _ia03(g: _Gen) -> dict[str, Any]:
    return _questions(g, "supporting")


def _ia07(g: _Gen) -> dict[str, Any]:
    return _questions(g, "oral")


def _ia05(g: _Gen) -> dict[str, Any]:
    sets: dict[str, Any] = {}
    sections: list[dict[str, Any]] = []
    letters = "abcdefgh"
    for ui, unit in g.units():
        items: list[dict[str, Any]] = []
        for qi, q in enumerate(unit.written, start=1):
            set_name = f"pg_u{ui}_q{qi}"
            sets[set_name] = {
                "label": _bi(f"Pilihan soal {q.no}", f"Choices of question {q.no}"),
                "options": [{"value": letters[oi],
                             "label": f"{letters[oi]}. {text}",
                             "score": 1 if oi == q.key else 0}
                            for oi, text in enumerate(q.options)]}
            item = _item(f"u{ui}_q{qi}", "select_one", f"{q.no}. {q.text}", None,
                         response_set=set_name, required=True, appearance="radio")
            if q.kuk:
                item["kuk"] = _kuk_ref(q.kuk)
            else:
                item["kuk"] = q.no
            items.append(item)
        if not items:
            items.append(_note(f"u{ui}_kosong", "Data skema belum memuat soal pilihan ganda "
                                                "untuk unit ini."))
        sections.append(_unit_section(ui, unit, items=items))
    sections.append(_feedback_section())
    return g.doc(subject="assessee", verdict="recommendation", response_sets=sets,
                 signers=[ASESI, ASESOR], sections=sections,
                 description=_bi("Catat jawaban yang dipilih asesi pada lembar jawab. Kunci "
                                 "jawaban hanya untuk asesor dan tidak dicetak pada lembar "
                                 "soal maupun lembar jawab asesi.",
                                 "Record the option the assessee chose. The key is for the "
                                 "assessor only and is never printed on the question or "
                                 "answer sheet."))


# --------------------------------------------------------------------------- AK


def _ak02(g: _Gen) -> dict[str, Any]:
    evidence = {"label": _bi("Bukti yang digunakan", "Evidence used"),
                "options": [_opt(v, i, e) for v, i, e, _f in AK02_EVIDENCE]}
    sections: list[dict[str, Any]] = []
    for ui, unit in g.units():
        sections.append(_unit_section(ui, unit, items=[
            _item(f"u{ui}_bukti", "select_multiple", "Bukti yang digunakan", "Evidence used",
                  response_set="bukti_ak02", score=False, required=True),
            _item(f"u{ui}_keputusan", "select_one", "Keputusan", "Decision",
                  response_set="k_bk", required=True, decision=True, score=False)]))
    sections.append(_section("penutup", "Tindak lanjut dan komentar",
                             "Follow-up and comments", [
                                 _text("tindak_lanjut", "Tindak lanjut yang dibutuhkan",
                                       "Follow-up needed",
                                       hint=_bi("Masukkan pekerjaan tambahan dan asesmen yang "
                                                "diperlukan untuk mencapai kompetensi.",
                                                "Extra work and assessment needed to reach "
                                                "competence.")),
                                 _text("komentar_asesor", "Komentar/observasi oleh asesor",
                                       "Assessor's comments")]))
    header = muk_header(with_assessee=True)
    header.insert(3, _item("tanggal_mulai", "date", "Tanggal mulai asesmen",
                           "Assessment start date", required=True))
    header[-1] = _item("tanggal", "date", "Tanggal selesai asesmen", "Assessment end date",
                       required=True)
    return g.doc(subject="assessee", verdict="decision", header=header,
                 response_sets={"bukti_ak02": evidence}, signers=[ASESI, ASESOR],
                 sections=sections,
                 description=_bi("Beri tanda bukti yang digunakan untuk setiap unit, lalu "
                                 "putuskan Kompeten (K) atau Belum Kompeten (BK) per unit.",
                                 "Mark the evidence used for each unit, then decide "
                                 "Competent (K) or Not yet competent (BK) per unit."))


def _ak03(g: _Gen) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for n, (id_, en) in enumerate(AK03_COMPONENTS, start=1):
        items.append(_item(f"komponen_{n}", "select_one", f"{n}. {id_}", f"{n}. {en}",
                           response_set="ya_tidak", required=True, score=False))
        items.append(_text(f"komponen_{n}_catatan", "Catatan/komentar asesi",
                           "Assessee's comment", multiline=False))
    sections = [_section("umpan_balik", "Umpan balik dari asesi", "Feedback from the assessee",
                         items),
                _section("lainnya", "Catatan/komentar lainnya", "Other comments",
                         [_text("catatan_lainnya", "Catatan/komentar lainnya (apabila ada)",
                                "Other comments (if any)")])]
    return g.doc(subject="assessee", verdict="none", signers=[ASESI], sections=sections,
                 description=_bi("Umpan balik dari asesi (diisi oleh asesi setelah "
                                 "pengambilan keputusan).",
                                 "Feedback from the assessee, after the decision."))


def _ak04(g: _Gen) -> dict[str, Any]:
    items = [
        _item("dijelaskan", "select_one", "Apakah proses banding telah dijelaskan kepada "
                                          "Anda?", "Was the appeal process explained to you?",
              response_set="ya_tidak", required=True, score=False),
        _item("didiskusikan", "select_one", "Apakah Anda telah mendiskusikan banding dengan "
                                            "asesor?", "Did you discuss the appeal with the "
                                                       "assessor?",
              response_set="ya_tidak", required=True, score=False),
        _item("orang_lain", "select_one", "Apakah Anda mau melibatkan \"orang lain\" membantu "
                                          "Anda dalam proses banding?",
              "Do you want another person to help you in the appeal?",
              response_set="ya_tidak", required=True, score=False),
        _text("alasan_banding", "Banding ini diajukan atas alasan sebagai berikut",
              "The appeal is lodged for these reasons", required=True),
        _note("hak_banding", "Anda mempunyai hak mengajukan banding jika Anda menilai proses "
                             "asesmen tidak sesuai SOP dan tidak memenuhi prinsip asesmen.",
              "You may appeal if the assessment did not follow the SOP or the assessment "
              "principles."),
    ]
    return g.doc(subject="assessee", verdict="none", signers=[ASESI],
                 sections=[_section("banding", "Banding asesmen", "Appeal", items)])


def _ak05(g: _Gen) -> dict[str, Any]:
    rows = _item("asesi", "repeat", "Daftar asesi", "List of assessees", min_rows=1, items=[
        _item("nama_asesi", "text", "Nama asesi", "Assessee's name", required=True),
        _item("rekomendasi", "select_one", "Rekomendasi", "Recommendation",
              response_set="k_bk", required=True, score=False),
        _text("keterangan", "Keterangan (kode dan judul unit yang BK)",
              "Remarks (code and title of the units not yet competent)",
              relevant="${rekomendasi} = 'bk'", required=True),
    ])
    sections = [
        _section("hasil_asesmen", "Hasil asesmen", "Assessment results", [rows]),
        _section("catatan_laporan", "Catatan laporan", "Report notes", [
            _text("aspek", "Aspek negatif dan positif dalam asesmen",
                  "Negative and positive aspects of the assessment"),
            _text("penolakan", "Pencatatan penolakan hasil asesmen",
                  "Record of rejections of the result"),
            _text("saran", "Saran perbaikan (asesor/personil terkait)",
                  "Suggestions for improvement"),
            _text("catatan", "Catatan", "Notes")]),
    ]
    return g.doc(subject="visit", verdict="none", header=muk_header(with_assessee=False),
                 signers=[ASESOR, _signer("penanggung_jawab", "Penanggung jawab pelaksanaan "
                                                              "asesmen",
                                          "Person in charge", required=False)],
                 sections=sections,
                 description=_bi("Diisi dari keputusan FR.AK.02 setiap asesi pada batch ini "
                                 "(hanya rekaman yang sudah final).",
                                 "Filled from the FR.AK.02 decision of each assessee of the "
                                 "batch (final records only)."))


def _ak06(g: _Gen) -> dict[str, Any]:
    principles = {"label": _bi("Prinsip asesmen", "Assessment principles"),
                  "options": [_opt("validitas", "Validitas", "Validity"),
                              _opt("reliabel", "Reliabel", "Reliable"),
                              _opt("fleksibel", "Fleksibel", "Flexible"),
                              _opt("adil", "Adil", "Fair")]}
    dims = {"label": _bi("Dimensi kompetensi", "Competence dimensions"),
            "options": [_opt("task", "Task skills", "Task skills"),
                        _opt("task_mgmt", "Task management skills", "Task management skills"),
                        _opt("contingency", "Contingency management skills",
                             "Contingency management skills"),
                        _opt("job_role", "Job role/environment skills",
                             "Job role/environment skills"),
                        _opt("transfer", "Transfer skills", "Transfer skills")]}
    aspects = [("rencana", "Rencana asesmen", "Assessment plan"),
               ("persiapan", "Persiapan asesmen", "Preparation"),
               ("implementasi", "Implementasi asesmen", "Implementation"),
               ("keputusan", "Keputusan asesmen", "Decision"),
               ("umpan_balik", "Umpan balik asesmen", "Feedback")]
    part1 = [_item(f"aspek_{v}", "select_multiple", i, e, response_set="prinsip",
                   score=False) for v, i, e in aspects]
    part1.append(_text("rekomendasi_proses", "Rekomendasi untuk peningkatan",
                       "Recommendations for improvement"))
    part2 = [_item("konsistensi", "select_multiple",
                   "Keputusan asesmen konsisten pada dimensi kompetensi",
                   "Decisions consistent across the competence dimensions",
                   response_set="dimensi", score=False),
             _text("rekomendasi_konsistensi", "Rekomendasi untuk peningkatan",
                   "Recommendations for improvement"),
             _text("komentar_peninjau", "Komentar peninjau", "Reviewer's comments")]
    return g.doc(subject="visit", verdict="none", header=_plan_header(),
                 response_sets={"prinsip": principles, "dimensi": dims},
                 signers=[_signer("peninjau", "Peninjau", "Reviewer", registration=True)],
                 sections=[_section("proses", "Penijauan proses asesmen: aspek yang sesuai "
                                              "prinsip asesmen",
                                    "Review of the assessment process", part1),
                           _section("konsistensi_keputusan", "Konsistensi keputusan asesmen",
                                    "Consistency of decisions", part2)])


def _ceklis(g: _Gen) -> dict[str, Any]:
    groups = {"a": ("A. Pelaksanaan asesmen", "A. Conducting the assessment"),
              "b": ("B. Keputusan asesmen", "B. Assessment decision"),
              "c": ("C. Laporan dan meninjau asesmen", "C. Report and review")}
    sections: list[dict[str, Any]] = []
    for key, (id_, en) in groups.items():
        items = [_item(f"dok_{_slug(code)}", "select_one", f"{code} {title}", None,
                       response_set="ada_belum", required=True, score=False)
                 for group, code, title in DOCUMENTS if group == key]
        sections.append(_section(f"dokumen_{key}", id_, en, items))
    sets = {"ada_belum": {"label": _bi("Ada / Belum ada", "Present / Not yet"),
                          "options": [_opt("ada", "Ada", "Present"),
                                      _opt("belum_ada", "Belum ada", "Not yet")]}}
    return g.doc(subject="assessee", verdict="none", response_sets=sets,
                 signers=[_signer("asesi", "Peserta", "Candidate"), ASESOR],
                 sections=sections,
                 description=_bi("Asesor baru menandatangani dokumen ini apabila dokumen telah "
                                 "diperbaiki.",
                                 "The assessor signs only once the documents are complete."))


_BUILDERS: dict[str, Any] = {
    "FR.APL.01": _apl01, "FR.APL.02": _apl02, "FR.MAPA.01": _mapa01, "FR.MAPA.02": _mapa02,
    "FR.AK.01": _ak01, "FR.IA.01": _ia01, "FR.IA.02": _ia02, "FR.IA.03": _ia03,
    "FR.IA.05": _ia05, "FR.IA.07": _ia07, "FR.AK.02": _ak02, "FR.AK.03": _ak03,
    "FR.AK.04": _ak04, "FR.AK.05": _ak05, "FR.AK.06": _ak06, "CEKLIS.DOKUMEN": _ceklis,
}
