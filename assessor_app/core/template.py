"""The checklist template model: immutable, Qt-free, storage-free.

A template is loaded from YAML by :mod:`assessor_app.core.template_loader` and
validated there. Everything here is plain frozen data plus small lookups.
Text meant for people is a :class:`Text` (one string per language).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

_D = TypeVar("_D")

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
#: The largest template file the app reads (YAML text).
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """How template versions order: '2024.10' > '2024.9' > '2024.1b' > '2024.1-2' >
    '2024.1'. Runs of digits compare as numbers, other text (separators '.', '-', '_'
    aside) after any number; a version with more parts is the later one."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.findall(r"\d+|[^\d.\-_]+", version))


@dataclass(frozen=True)
class Text:
    """A label in several languages; Indonesian is the default and the fallback."""

    id: str
    en: str | None = None

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.id

    def as_dict(self) -> dict[str, str]:
        out = {"id": self.id}
        if self.en:
            out["en"] = self.en
        return out


class TemplateKind(StrEnum):
    INSTITUTIONAL = "institutional"
    COMPETENCY = "competency"


class SubjectKind(StrEnum):
    INSTITUTION = "institution"
    ASSESSEE = "assessee"
    VISIT = "visit"  # per-batch forms such as FR.AK.05


class VerdictMode(StrEnum):
    """How a template's verdict is reached (template key ``verdict``).

    - ``score``: points, thresholds, grade bands; for competency templates the KUK roll-up
      gives K/BK (the behaviour of templates written before MUK 2023 instruments existed,
      kept so their frozen records recompute to what was signed).
    - ``recommendation``: an assessment instrument (FR.IA.*): every KUK achieved gives the
      recommendation K; a KUK not achieved gives OL (observasi lanjut: assess further with
      another method), never BK. No percentage. On an institutional template the verdict
      is the verifier's own recommendation: the option chosen on the item marked
      ``recommendation: true`` (its ``verdict``: recommended / conditional /
      not_recommended); each section holding critical items shows Memenuhi/Belum memenuhi,
      and recommending while a critical item is not met blocks finalising. No percentage,
      pass mark or grade.
    - ``decision``: the record of the decision (FR.AK.02): each unit's verdict is the
      assessor's K/BK answer on the unit's item marked ``decision: true``. No percentage.
    - ``none``: the form has no verdict (FR.APL.01, FR.AK.01, FR.AK.03 ...). No percentage.
    """

    SCORE = "score"
    RECOMMENDATION = "recommendation"
    DECISION = "decision"
    NONE = "none"


#: What an institutional recommendation option may mean (``Option.verdict``): these are
#: also the verdicts such a record stores.
RECOMMENDED = "recommended"
CONDITIONAL = "conditional"
NOT_RECOMMENDED = "not_recommended"
RECOMMENDATION_VERDICTS = (RECOMMENDED, CONDITIONAL, NOT_RECOMMENDED)
#: ``origin`` of an item or section: written by this app, not by the cited regulation.
ORIGIN_APP = "app"


class ItemType(StrEnum):
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    NOTE = "note"
    EVIDENCE = "evidence"
    SIGNATURE = "signature"
    CALCULATE = "calculate"
    REPEAT = "repeat"


# Types whose answer is a value the user types or picks (stored in the answer table).
VALUE_TYPES = frozenset(
    {
        ItemType.SELECT_ONE,
        ItemType.SELECT_MULTIPLE,
        ItemType.TEXT,
        ItemType.INTEGER,
        ItemType.DECIMAL,
        ItemType.DATE,
        ItemType.TIME,
        ItemType.DATETIME,
    }
)


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    score: float | None = None  # None: the option carries no score
    na: bool = False  # "not applicable": out of numerator and denominator
    passed: bool | None = None  # None: derived (score == best score of the set)
    # what choosing this option on an institutional recommendation item means (one of
    # RECOMMENDATION_VERDICTS); None elsewhere
    verdict: str | None = None
    #: what a ``choice_filter`` can test besides value and label, in source order
    #: (XLSForm's extra choice columns: ``(("provinsi", "jabar"),)``)
    columns: tuple[tuple[str, str], ...] = ()

    def column(self, name: str) -> str:
        """The value of choice column ``name`` (``name``: the value, ``label``: the
        Indonesian label); ``""`` when the option has no such column."""
        if name == "name":
            return self.value
        if name == "label":
            return self.label.id
        return next((v for k, v in self.columns if k == name), "")


@dataclass(frozen=True)
class ResponseSet:
    name: str
    label: Text
    options: tuple[Option, ...]

    def option(self, value: str) -> Option | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None

    @functools.cached_property
    def scored(self) -> bool:
        return any(o.score is not None for o in self.options)

    @functools.cached_property
    def max_score(self) -> float:
        scores = [o.score for o in self.options if o.score is not None and not o.na]
        return max(scores) if scores else 0.0

    def is_pass(self, opt: Option) -> bool:
        """Whether choosing ``opt`` counts as meeting the item (for critical items, KUK)."""
        if opt.passed is not None:
            return opt.passed
        if opt.na:
            return True
        if opt.score is None:
            return True
        return opt.score >= self.max_score


@dataclass(frozen=True)
class Unit:
    """An SKKNI competency unit attached to a section of a competency template."""

    code: str
    title: Text
    group: str | None = None  # "kelompok pekerjaan"


@dataclass(frozen=True)
class Element:
    no: str
    title: Text


@dataclass(frozen=True)
class Item:
    name: str
    type: ItemType
    label: Text
    code: str | None = None
    hint: Text | None = None
    evidence_hint: Text | None = None
    regulation: str | None = None
    response_set: str | None = None
    required: str | None = None  # expression source ("true()" when plainly required)
    required_message: Text | None = None  # shown when a required answer is missing
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Text | None = None
    calculation: str | None = None
    default: str | None = None  # a fixed first value
    #: an expression whose value is the first value (``today()``, ``${other}``), taken
    #: when the item is created (the assessment, or a new table row); never overwrites
    dynamic_default: str | None = None
    #: which options of the response set are offered (an expression over the option's
    #: columns, ``provinsi = ${provinsi}``; see :mod:`assessor_app.core.expr`)
    choice_filter: str | None = None
    read_only: bool = False
    multiline: bool = False
    appearance: str | None = None
    critical: bool = False
    weight: float = 1.0
    scored: bool = True
    kuk: str | None = None  # KUK number when the item is a performance criterion
    benchmark: str | None = None  # "Standar industri atau tempat kerja"
    signer_role: str | None = None  # for signature items
    decision: bool = False  # the unit's K/BK decision (templates with verdict: decision)
    # the verifier's recommendation (institutional templates with verdict: recommendation)
    recommendation: bool = False
    # "app": a criterion written by this app, not taken from the regulation it sits under
    origin: str | None = None
    items: tuple[Item, ...] = ()  # children of a repeat
    min_rows: int = 0
    max_rows: int | None = None
    line: int = 0  # source position, for messages

    @property
    def is_repeat(self) -> bool:
        return self.type is ItemType.REPEAT

    @property
    def holds_value(self) -> bool:
        return self.type in VALUE_TYPES


def _walk_items(items: tuple[Item, ...], sections: tuple[Section, ...]) -> Iterator[Item]:
    """``items``, each followed by its repeat children, then every item of ``sections``."""
    for it in items:
        yield it
        yield from it.items
    for sec in sections:
        yield from sec.walk_items()


def _flat(owner: Any, items: tuple[Item, ...], sections: tuple[Section, ...]
          ) -> tuple[Item, ...]:
    """:func:`_walk_items` of a (frozen, so unchanging) section or template, kept on it
    after the first walk: scoring and the form state walk the same template many times."""
    cached: tuple[Item, ...] | None = owner.__dict__.get("_flat")
    if cached is None:
        cached = tuple(_walk_items(items, sections))
        object.__setattr__(owner, "_flat", cached)
    return cached


@dataclass(frozen=True)
class Section:
    name: str
    title: Text
    code: str | None = None
    description: Text | None = None
    relevant: str | None = None
    pass_threshold: float | None = None  # percent
    regulation: str | None = None  # the article that states this section (a standard's name)
    origin: str | None = None  # "app": a section this app added
    unit: Unit | None = None
    element: Element | None = None
    items: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()

    def walk_items(self) -> Iterator[Item]:
        """Every item of this section and its subsections, depth first, repeats included."""
        return iter(_flat(self, self.items, self.sections))

    def walk_sections(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk_sections()


@dataclass(frozen=True)
class Signer:
    role: str
    label: Text
    registration: bool = False  # prints "No. Reg." (asesor MET number)
    required: bool = True


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min: float
    label: Text
    requires_pass: bool = False


@dataclass(frozen=True)
class Scoring:
    """Pass mark and grade bands. Without ``source`` they are the template author's own
    figures, and every face prints them as such ("hitungan aplikasi, bukan keputusan
    resmi"); with ``source`` (the document that defines them) they print as an official
    grade with that citation. ``summary``: whether the app's counted summary (how many
    criteria are met) is shown at all."""

    pass_threshold: float | None = None
    grade_bands: tuple[GradeBand, ...] = ()
    source: str | None = None
    summary: bool = True

    @property
    def official(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class LspIdentity:
    """Who a certification body (Lembaga Sertifikasi Profesi) is, as its letterhead (kop
    surat) says it. Its logo differs by stage: a file in a scheme's folder
    (``competency.LspData``), a reference into the data folder (:class:`Lsp`), the checked
    image bytes of a report (``reports.layout.Letterhead``)."""

    name: str
    licence: str | None = None  # "Nomor Lisensi" printed under the name
    address: str | None = None
    contact: str | None = None  # telephone / e-mail line


@dataclass(frozen=True)
class Lsp(LspIdentity):
    """The certification body whose letterhead heads every MUK report of its schemes."""

    logo: str | None = None  # "sha256:<hex>" of a logo image kept in the data folder


@dataclass(frozen=True)
class Scheme:
    """Certification scheme printed in the MUK header (KKNI/Okupasi/Klaster)."""

    type: str
    number: str
    title: Text
    level: str | None = None  # KKNI level (I..IX) for KKNI schemes
    lsp: Lsp | None = None
    code: str | None = None  # the scheme's code in the scheme registry (slug)
    version: str | None = None  # the scheme version the template was generated from


@dataclass(frozen=True)
class Template:
    code: str
    version: str
    kind: TemplateKind
    subject: SubjectKind
    title: Text
    description: Text | None = None
    source: str | None = None
    form: str | None = None  # printed form code, e.g. "FR.IA.01"
    scheme: Scheme | None = None
    signers: tuple[Signer, ...] = ()
    header: tuple[Item, ...] = ()
    response_sets: dict[str, ResponseSet] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    verdict: VerdictMode = VerdictMode.SCORE
    source_text: str = ""  # the YAML exactly as loaded (frozen into assessments)
    sha256: str = ""  # of source_text

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def walk_sections(self) -> Iterator[Section]:
        for sec in self.sections:
            yield from sec.walk_sections()

    def walk_items(self) -> Iterator[Item]:
        """Header items first, then every section item (repeat children included)."""
        return iter(_flat(self, self.header, self.sections))

    def item(self, name: str) -> Item:
        return self._index()[name]

    def find_item(self, name: str) -> Item | None:
        return self._index().get(name)

    def repeat_of(self, name: str) -> Item | None:
        """The repeat group that holds item ``name``, or None for a top-level item."""
        return self._parents().get(name)

    def accepts_evidence(self, item: Item) -> bool:
        """Whether files can be attached to ``item`` as evidence: an evidence item, or an
        item of a section that holds an answer (not the form's header, a note, a
        calculation, a signature or a table itself), as the editor offers it."""
        if item.type is not ItemType.EVIDENCE and not item.holds_value:
            return False
        return all(h.name != item.name for h in self.header)

    def options_for(self, item: Item) -> ResponseSet | None:
        if item.response_set is None:
            return None
        return self.response_sets.get(item.response_set)

    def units(self) -> list[tuple[Section, list[tuple[Section | None, list[Item]]]]]:
        """Competency structure: unit sections -> (element section, KUK items)."""
        out: list[tuple[Section, list[tuple[Section | None, list[Item]]]]] = []
        for sec in self.walk_sections():
            if sec.unit is None:
                continue
            groups: list[tuple[Section | None, list[Item]]] = []
            direct = [i for i in sec.items if i.kuk]
            if direct:
                groups.append((None, direct))
            for sub in sec.sections:
                kuks = [i for i in sub.walk_items() if i.kuk]
                if kuks:
                    groups.append((sub, kuks))
            out.append((sec, groups))
        return out

    def units_with_decision(self) -> list[tuple[Section, list[tuple[Section | None, list[Item]]]]]:
        """Unit sections that hold a ``decision`` item (FR.AK.02), with their KUK groups."""
        out: list[tuple[Section, list[tuple[Section | None, list[Item]]]]] = []
        for sec in self.walk_sections():
            if sec.unit is not None and any(it.decision for it in sec.walk_items()):
                out.append((sec, []))
        return out

    @property
    def institutional_recommendation(self) -> bool:
        """An institutional template whose verdict is the verifier's recommendation."""
        return self.kind is TemplateKind.INSTITUTIONAL and \
            self.verdict is VerdictMode.RECOMMENDATION

    def recommendation_item(self) -> Item | None:
        """The item marked ``recommendation: true`` (institutional templates)."""
        return self.derived("recommendation_item", lambda t: next(
            (it for it in t.walk_items() if it.recommendation), None))

    def app_criteria(self) -> bool:
        """Whether any item or section is marked as this app's own wording."""
        return any(s.origin == ORIGIN_APP for s in self.walk_sections()) or \
            any(it.origin == ORIGIN_APP for it in self.walk_items())

    def derived(self, key: str, build: Callable[[Template], _D]) -> _D:
        """``build(self)``, computed once and kept on the template (it is frozen, so what
        is derived from it never changes): e.g. what scoring needs to know of its items."""
        cached: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if key not in cached:
            cached[key] = build(self)
        return cached[key]  # type: ignore[no-any-return]

    # Lookups are cached on first use; the dataclass is frozen so we use object.__setattr__.
    def _index(self) -> dict[str, Item]:
        cached: dict[str, Item] | None = self.__dict__.get("_idx")
        if cached is None:
            cached = {it.name: it for it in self.walk_items()}
            object.__setattr__(self, "_idx", cached)
        return cached

    def _parents(self) -> dict[str, Item]:
        cached: dict[str, Item] | None = self.__dict__.get("_par")
        if cached is None:
            cached = {}
            for it in self.walk_items():
                for child in it.items:
                    cached[child.name] = it
            object.__setattr__(self, "_par", cached)
        return cached


def text_from(value: Any) -> Text:
    """Build a Text from a plain string (Indonesian) or an {id, en} mapping."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, dict):
        return Text(str(value.get("id", "")), value.get("en"))
    raise TypeError(value)
