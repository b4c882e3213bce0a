"""What a report is made of: plain frozen data, built by ``services.reports`` from the
store and handed to :func:`assessor_app.reports.render`. No database rows in here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessor_app.core.engine import FormState
from assessor_app.core.scoring import ScoreResult
from assessor_app.core.template import Scheme, Template
from assessor_app.reports.verification import Payload

PAPERS = ("a4", "f4")
LANGS = ("id", "en")
# The sheets of a form printed as several (FR.IA.05: A lembar soal, B kunci jawaban,
# C lembar jawaban). None or "jawaban" is the default sheet: the record itself.
PARTS = ("soal", "kunci", "jawaban")


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str  # KETUA | ANGGOTA | ASESOR | LEAD
    registration_no: str | None = None


@dataclass(frozen=True)
class InstitutionInfo:
    name: str
    vin: str | None = None
    address: str | None = None
    head_name: str | None = None
    head_title: str | None = None
    licence_no: str | None = None


@dataclass(frozen=True)
class VisitInfo:
    letter_no: str | None = None
    letter_date: dt.date | None = None
    place: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    start_time: str | None = None
    end_time: str | None = None
    timezone: str = "WIB"
    tuk_type: str | None = None
    team: tuple[TeamMember, ...] = ()


@dataclass(frozen=True)
class SignatureInfo:
    role: str
    name: str
    registration_no: str | None = None
    title: str | None = None
    place: str | None = None
    signed_at: dt.datetime | None = None  # aware, in ``timezone``
    timezone: str = "WIB"
    image: bytes | None = None  # PNG of the drawn signature
    valid: bool = True  # bound to the content this report shows
    signed: bool = True  # False: who is expected to sign (name printed, no signature yet)
    guardian: bool = False  # the asesi role signed by a minor's parent or guardian


@dataclass(frozen=True)
class PhotoInfo:
    ref: str  # "F1", printed in the item's evidence column and under the photo
    item: str
    row: str
    mime: str
    data: bytes | None  # image bytes; None for documents (PDF), listed but not drawn
    caption: str = ""
    name: str | None = None
    taken: str = ""  # "Diambil 4 Des 2026 10.15 WIB; -6.9932, 110.4203" (formatting.photo_taken)


@dataclass(frozen=True)
class RecordInfo:
    assessment_id: str
    revision: int
    status: str
    subject_name: str = ""
    assessor_name: str | None = None
    assessor_registration_no: str | None = None
    assessee_name: str | None = None
    supersedes: int | None = None
    revision_reason: str | None = None


@dataclass(frozen=True)
class BatchEntry:
    """One asesi on FR.AK.05, cross-checked with the FR.IA.01 of the same visit."""

    name: str
    verdict: str | None  # "K" | "BK" | None
    remarks: str = ""
    source: str = "ak05"  # "ak05" | "ia01" (added) | "both"
    ia01_verdict: str | None = None
    ia01_units: tuple[str, ...] = ()  # "J.620100.005.02 Mengimplementasikan UI (KUK 2.3, 2.5)"
    ia01_draft: bool = False
    completed: bool = False  # verdict or remarks taken from FR.IA.01
    mismatch: bool = False  # FR.AK.05 and FR.IA.01 disagree
    source_form: str = "FR.IA.01"  # the record cross-checked: FR.AK.02 for MUK 2023 batches


@dataclass(frozen=True)
class ReportData:
    """Everything one PDF shows. ``state`` is None for a blank form."""

    template: Template
    payload: Payload
    lang: str = "id"
    paper: str = "a4"
    state: FormState | None = None
    score: ScoreResult | None = None
    record: RecordInfo | None = None
    institution: InstitutionInfo | None = None
    visit: VisitInfo | None = None
    signatures: tuple[SignatureInfo, ...] = ()
    photos: tuple[PhotoInfo, ...] = ()
    batch: tuple[BatchEntry, ...] | None = None  # FR.AK.05 rows (None: not a batch report)
    title: str = ""  # PDF /Title
    scheme: Scheme | None = None  # printed when the template has none (FR.AK.05 batches)
    logo: bytes | None = None  # the letterhead's LSP logo (checked image bytes), if found
    part: str | None = None  # PARTS: which sheet of a multi-sheet form (None: the default)
    #: the PDF's /CreationDate (aware; whole seconds, printed in UTC). None: the fixed
    #: date of reportlab's invariant mode. The rest of the file depends on the data only,
    #: so ``verify`` re-renders with the date the document carries.
    created: dt.datetime | None = None

    @property
    def blank(self) -> bool:
        return self.state is None

    @property
    def draft(self) -> bool:
        return self.payload.draft
