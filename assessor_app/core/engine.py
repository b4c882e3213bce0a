"""The form engine: given a template and the stored answers, what is relevant, what is
computed, what is missing and what breaks a constraint.

All answers are strings (``''`` when empty). A repeat row is identified by a stable
``row_id``; items outside repeats use ``row_id == ''``. Non-relevant answers stay in the
store but are left out of the effective record, of the score and of the checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, TypeVar

from assessor_app.core import expr
from assessor_app.core.clock import EARLIEST_DATE, latest_date
from assessor_app.core.errors import InvalidValueError
from assessor_app.core.glyphs import check_printable
from assessor_app.core.template import RECOMMENDED, Item, ItemType, Section, Template, Text
from assessor_app.core.textcheck import check_text

Key = tuple[str, str]  # (item name, row id)
# choice_filter results by (template, item, the values the filter reads, day, time)
_OFFERED: dict[tuple[Any, ...], tuple[str, ...]] = {}
_T = TypeVar("_T")

MAX_TEXT_LENGTH = 20_000
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)$")


@dataclass
class Answers:
    """What is stored for one assessment revision."""

    values: dict[Key, str] = field(default_factory=dict)
    notes: dict[Key, str] = field(default_factory=dict)
    rows: dict[str, list[str]] = field(default_factory=dict)  # repeat -> ordered row ids
    evidence: dict[Key, list[str]] = field(default_factory=dict)  # -> media sha256 in order
    #: the values the app filled in when the record was made (the registry, the visit, the
    #: template's defaults) that nobody has changed since: the editor marks them for the
    #: assessor to check. Not part of the record (nor of its content hash).
    prefilled: set[Key] = field(default_factory=set)

    def value(self, item: str, row: str = "") -> str:
        return self.values.get((item, row), "")


@dataclass(frozen=True)
class Coverage:
    """The stored answers an effective record holds (:meth:`FormState.coverage`): the keys
    whose stored value it carries, and those whose note it carries."""

    values: frozenset[Key]
    notes: frozenset[Key]

    def keep(self, item: str, row: str, value: str, note: str | None
             ) -> tuple[str, str | None] | None:
        """A stored answer cut to what the record holds: ``(value, note)``, the part it
        does not hold emptied; None when it holds neither."""
        key = (item, row)
        kept = (value if key in self.values else "", note if key in self.notes else None)
        return None if kept == ("", None) else kept


@dataclass(frozen=True)
class Issue:
    """A reason the assessment cannot be finalised yet."""

    kind: str  # "missing" | "constraint" | "min_rows" | "not_offered" | "contradiction"
    item: str
    row: str
    label: Text
    message: Text | None = None
    section: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Layout:
    """What the form state needs to know of a template's structure, worked out once per
    template (``Template.derived``; templates are frozen): every saved answer and every
    record proven builds a new state over the same template. Shared by all those states
    (and threads), so read-only: mappings are MappingProxyType, the rest tuples."""

    sections_of: Mapping[str, tuple[Section, ...]]  # item -> its sections, outermost first
    top_section: Mapping[str, Section]
    # items relevant whatever the answers: no condition on them, their sections or the
    # repeat that holds them
    always: frozenset[str]
    # of those, the ones whose value is the stored answer (no calculation)
    plain: frozenset[str]
    # FormState.record(): every item with its repeat's name (None outside a repeat)
    record_items: tuple[tuple[Item, str | None], ...]


def _make_layout(template: Template) -> _Layout:
    sections_of: dict[str, tuple[Section, ...]] = {}
    top_section: dict[str, Section] = {}

    def index(sec: Section, parents: tuple[Section, ...], top: Section) -> None:
        chain = (*parents, sec)
        for it in sec.items:
            sections_of[it.name] = chain
            top_section[it.name] = top
            for child in it.items:
                sections_of[child.name] = chain
                top_section[child.name] = top
        for sub in sec.sections:
            index(sub, chain, top)

    for sec in template.sections:
        index(sec, (), sec)
    for it in template.header:
        sections_of[it.name] = ()
        for child in it.items:
            sections_of[child.name] = ()
    always: set[str] = set()
    items = tuple(template.walk_items())
    for item in items:  # a repeat comes before its children
        owner = template.repeat_of(item.name)
        if template.find_item(item.name) is item and not item.relevant and \
                all(not s.relevant for s in sections_of.get(item.name, ())) and \
                (owner is None or owner.name in always):
            always.add(item.name)
    plain = frozenset(n for n in always
                      if not (template.item(n).type is ItemType.CALCULATE and
                              template.item(n).calculation))
    record_items = tuple(
        (item, owner.name if (owner := template.repeat_of(item.name)) else None)
        for item in items)
    return _Layout(MappingProxyType(sections_of), MappingProxyType(top_section),
                   frozenset(always), plain, record_items)


def _layout(template: Template) -> _Layout:
    return template.derived("engine", _make_layout)


class FormState:
    """Evaluates one template against one set of answers. Cheap to rebuild after a change."""

    def __init__(self, template: Template, answers: Answers, *,
                 today: dt.date | None = None, now: dt.datetime | None = None) -> None:
        self.template = template
        self.answers = answers
        self.today = today or dt.date.today()
        self.now = now or dt.datetime.now()
        self._asts: dict[str, expr.Node] = {}
        self._relevant: dict[Key, bool] = {}
        self._value: dict[Key, str] = {}
        self._offered: dict[Key, tuple[str, ...] | None] = {}
        self._section_relevant: dict[str, bool] = {}
        layout = _layout(template)
        self._sections_of = layout.sections_of
        self._top_section = layout.top_section
        self._always = layout.always
        self._plain = layout.plain

    # ----------------------------------------------------------- expressions

    def _ast(self, source: str, columns: bool = False) -> expr.Node:
        key = "\x00" + source if columns else source
        node = self._asts.get(key)
        if node is None:
            node = expr.parse(source, columns=columns)
            self._asts[key] = node
        return node

    def _eval(self, source: str, row: str, repeat: str | None, current: str = "") -> expr.Value:
        def resolve(name: str) -> str | list[str]:
            return self._resolve(name, row, repeat)

        return expr.evaluate(self._ast(source), resolve, current=current, today=self.today,
                             now=self.now, choice_label=self._choice_label)

    def _choice_label(self, name: str, value: str) -> str:
        """``jr:choice-name``: the Indonesian label of option ``value`` of item ``name``."""
        item = self.template.find_item(name)
        rs = self.template.options_for(item) if item is not None else None
        opt = rs.option(value) if rs is not None else None
        return opt.label.id if opt is not None else ""

    def _resolve(self, name: str, row: str, repeat: str | None) -> str | list[str]:
        item = self.template.find_item(name)
        if item is None:
            return ""
        if item.is_repeat:
            if not self.item_relevant(name, ""):
                return []
            return list(self.answers.rows.get(name, []))
        owner = self.template.repeat_of(name)
        if owner is None:
            return self.value(name, "")
        if owner.name == repeat:
            return self.value(name, row)
        return [self.value(name, r) for r in self.answers.rows.get(owner.name, [])]

    def evaluate(self, source: str, row: str = "", repeat: str | None = None,
                 current: str = "") -> expr.Value:
        """Evaluate any expression in the context of ``row`` of ``repeat`` (for tests, UI)."""
        return self._eval(source, row, repeat, current)

    # ----------------------------------------------------------- relevance & values

    def section_relevant(self, section: Section) -> bool:
        cached = self._section_relevant.get(section.name)
        if cached is None:
            cached = (self._safe(section.relevant, "", None, expr.to_bool, False)
                      if section.relevant else True)
            self._section_relevant[section.name] = cached
        return cached

    def _safe(self, source: str, row: str, owner: Item | None,
              convert: Callable[[expr.Value], _T], fallback: _T, current: str = "") -> _T:
        """``convert`` of the value of ``source`` in ``row`` of the repeat ``owner``;
        ``fallback`` when it cannot be evaluated (a bad regex)."""
        try:
            return convert(self._eval(source, row, owner.name if owner else None, current))
        except expr.ExprEvalError:
            return fallback

    @staticmethod
    def _memo(cache: dict[Key, _T], key: Key, guard: _T, compute: Callable[[str, str], _T]
              ) -> _T:
        """``compute(name, row)`` once per key; meanwhile ``guard`` answers a call for the
        same key (cycles are rejected by the loader)."""
        cached = cache.get(key)
        if cached is None:
            cache[key] = guard
            cached = cache[key] = compute(*key)
        return cached

    def item_relevant(self, name: str, row: str = "") -> bool:
        if name in self._always:
            return True
        return self._memo(self._relevant, (name, row), True, self._item_relevant)

    def _item_relevant(self, name: str, row: str) -> bool:
        item = self.template.item(name)
        result = all(self.section_relevant(s) for s in self._sections_of.get(name, ()))
        owner = self.template.repeat_of(name)
        if result and owner is not None:
            result = self.item_relevant(owner.name, "")
        if result and item.relevant:
            result = self._safe(item.relevant, row, owner, expr.to_bool, False)
        return result

    def value(self, name: str, row: str = "") -> str:
        """The effective value: '' when not relevant; computed for calculate items."""
        if name in self._plain:
            return self.answers.values.get((name, row), "")
        return self._memo(self._value, (name, row), "", self._value_of)

    def _value_of(self, name: str, row: str) -> str:
        item = self.template.item(name)
        if not self.item_relevant(name, row):
            return ""
        if item.type is ItemType.CALCULATE and item.calculation:
            return self._safe(item.calculation, row, self.template.repeat_of(name), expr.to_str,
                              "")
        return self.answers.value(name, row)

    def rows_of(self, item: Item) -> list[str]:
        """The row ids an item exists in: [''] outside repeats."""
        owner = self.template.repeat_of(item.name)
        if owner is None:
            return [""]
        return list(self.answers.rows.get(owner.name, []))

    def is_required(self, item: Item, row: str = "") -> bool:
        if not item.required or not self.item_relevant(item.name, row):
            return False
        return self._safe(item.required, row, self.template.repeat_of(item.name), expr.to_bool,
                          True)

    def constraint_ok(self, item: Item, row: str = "", value: str | None = None) -> bool:
        """Whether ``value`` (default: the stored one) satisfies the item's constraint."""
        if not item.constraint:
            return True
        current = self.answers.value(item.name, row) if value is None else value
        if current == "":
            return True
        return self._safe(item.constraint, row, self.template.repeat_of(item.name),
                          expr.to_bool, False, current)

    def offered(self, item: Item, row: str = "") -> tuple[str, ...] | None:
        """The option values ``item``'s ``choice_filter`` keeps in ``row``, in the order of
        its response set; None when the item has no filter (every option is offered). An
        option whose test cannot be evaluated (a bad regex) is not offered."""
        if not item.choice_filter:
            return None
        key = (item.name, row)
        if key in self._offered:
            return self._offered[key]
        rs = self.template.options_for(item)
        ast = self._ast(item.choice_filter, columns=True)
        owner = self.template.repeat_of(item.name)
        repeat = owner.name if owner else None

        def resolve(name: str) -> str | list[str]:
            return self._resolve(name, row, repeat)

        # The same answers above give the same options: a long list (514 kabupaten) is
        # tested once per change of what the filter reads, not once per snapshot.
        refs = tuple((n, tuple(v) if isinstance(v := resolve(n), list) else v)
                     for n in sorted(expr.references(ast)))
        memo = (self.template.sha256, item.name, refs, self.today,
                self.now if "now" in item.choice_filter else None)
        found = _OFFERED.get(memo) if self.template.sha256 else None
        if found is not None:
            self._offered[key] = found
            return found
        kept: list[str] = []
        for opt in rs.options if rs is not None else ():
            try:
                ok = expr.to_bool(expr.evaluate(ast, resolve, today=self.today, now=self.now,
                                                column=opt.column,
                                                choice_label=self._choice_label))
            except expr.ExprEvalError:
                ok = False
            if ok:
                kept.append(opt.value)
        self._offered[key] = out = tuple(kept)
        if self.template.sha256:
            if len(_OFFERED) >= 1024:
                _OFFERED.clear()
            _OFFERED[memo] = out
        return out

    def not_offered(self, item: Item, row: str = "") -> list[str]:
        """The stored choices of ``item`` its filter no longer offers (the answer above it
        changed): kept in the store and flagged, never dropped without a word."""
        offered = self.offered(item, row)
        if offered is None:
            return []
        return [v for v in self.answers.value(item.name, row).split() if v not in offered]

    def default_of(self, item: Item, row: str = "") -> str:
        """The first value of ``item`` in ``row``: its ``default``, or the value of its
        ``dynamic_default`` over the answers so far (``""`` when it cannot be evaluated)."""
        if item.dynamic_default:
            owner = self.template.repeat_of(item.name)
            return self._safe(item.dynamic_default, row, owner, expr.to_str, "")
        return item.default or ""

    def is_answered(self, item: Item, row: str = "") -> bool:
        if item.type is ItemType.EVIDENCE:
            return bool(self.answers.evidence.get((item.name, row)))
        if item.type is ItemType.REPEAT:
            return bool(self.answers.rows.get(item.name))
        return self.answers.value(item.name, row) != ""

    # ----------------------------------------------------------- checks

    def issues(self) -> list[Issue]:
        """Everything that blocks finalising, in template order."""
        out: list[Issue] = []
        for item in self.template.walk_items():
            top = self._top_section.get(item.name)
            section = top.name if top else None
            if item.type is ItemType.REPEAT:
                if self.item_relevant(item.name) and \
                        len(self.answers.rows.get(item.name, [])) < item.min_rows:
                    out.append(Issue("min_rows", item.name, "", item.label, None, section,
                                     {"min_rows": item.min_rows}))
                continue
            if item.type in (ItemType.NOTE, ItemType.CALCULATE):
                continue
            for row in self.rows_of(item):
                if self.is_required(item, row) and not self.is_answered(item, row):
                    out.append(Issue("missing", item.name, row, item.label,
                                     item.required_message, section))
                elif item.holds_value and self.item_relevant(item.name, row) and \
                        (stale := self.not_offered(item, row)):
                    out.append(Issue("not_offered", item.name, row, item.label, None,
                                     section, {"values": stale}))
                elif item.holds_value and self.item_relevant(item.name, row) and \
                        not self.constraint_ok(item, row):
                    out.append(Issue("constraint", item.name, row, item.label,
                                     item.constraint_message, section))
        out.extend(self._contradictions())
        return out

    def critical_failures(self, items: Iterable[Item] | None = None) -> tuple[str, ...]:
        """Critical items whose answer does not pass, scored or not (N/A passes), in
        template order (``items``: the template's critical items in that order, when the
        caller has them already)."""
        out: list[str] = []
        for item in (items if items is not None else
                     (it for it in self.template.walk_items() if it.critical)):
            rs = self.template.options_for(item)
            if rs is None:
                continue
            for row in self.rows_of(item):
                if not self.item_relevant(item.name, row):
                    continue
                value = self.value(item.name, row)
                if value == "":
                    continue
                chosen = [rs.option(v) for v in value.split()]
                if item.type is ItemType.SELECT_ONE:
                    # a blank answer from another device (synced answers are not
                    # cleaned as typed ones are) is no choice: nothing failed
                    failed = bool(chosen) and chosen[0] is not None and \
                        not rs.is_pass(chosen[0])
                else:
                    failed = not all(o is not None and rs.is_pass(o) for o in chosen) or \
                        (rs.scored and len(chosen) < sum(1 for o in rs.options if not o.na))
                if failed:
                    out.append(item.name)
                    break
        return tuple(out)

    def recommendation(self) -> str | None:
        """The meaning (``Option.verdict``) of the recommendation the verifier chose."""
        item = self.template.recommendation_item()
        if item is None or not self.item_relevant(item.name):
            return None
        rs = self.template.options_for(item)
        opt = rs.option(self.value(item.name)) if rs is not None else None
        return opt.verdict if opt is not None else None

    def _contradictions(self) -> list[Issue]:
        """A recommendation that contradicts the record: "recommended" while a critical
        item is not met (institutional templates with ``verdict: recommendation``)."""
        if not self.template.institutional_recommendation or \
                self.recommendation() != RECOMMENDED:
            return []
        failed = self.critical_failures()
        item = self.template.recommendation_item()
        if not failed or item is None:
            return []
        top = self._top_section.get(item.name)
        codes = [self.template.item(n).code or n for n in failed]
        return [Issue("contradiction", item.name, "", item.label, None,
                      top.name if top else None, {"items": codes})]

    def progress(self, section: Section | None = None) -> tuple[int, int]:
        """(answered, required) over required relevant items, for the navigator."""
        answered = required = 0
        items = section.walk_items() if section else self.template.walk_items()
        for item in items:
            if item.type in (ItemType.NOTE, ItemType.CALCULATE, ItemType.REPEAT):
                continue
            for row in self.rows_of(item):
                if self.is_required(item, row):
                    required += 1
                    if self.is_answered(item, row):
                        answered += 1
        return answered, required

    # ----------------------------------------------------------- the record

    def record(self) -> dict[str, Any]:
        """The effective record: relevant answers only, calculations included, rows in order."""
        return self.effective()[0]

    def coverage(self) -> Coverage:
        """The stored answers :meth:`record` holds (so the content hash covers): the same
        walk, one selection. An answer outside it (an item the template does not have, a
        hidden one, a row no repeat lists, a calculated item's stored value) is in no
        hash and no signature."""
        return self.effective()[1]

    def effective(self) -> tuple[dict[str, Any], Coverage]:
        """:meth:`record` and :meth:`coverage` from one walk."""
        values: dict[str, str] = {}
        notes: dict[str, str] = {}
        evidence: dict[str, list[str]] = {}
        repeats: dict[str, list[dict[str, Any]]] = {}
        covered: tuple[set[Key], set[Key]] = (set(), set())
        for item, owner in _layout(self.template).record_items:
            name = item.name
            if item.type is ItemType.REPEAT:
                if self.item_relevant(name):
                    repeats[name] = [
                        {"row_id": r, "values": {}} for r in self.answers.rows.get(name, [])
                    ]
                continue
            if owner is not None:
                continue  # filled below, per row
            if self.item_relevant(name):
                self._record_one(item, "", values, notes, evidence, covered)
        for rep_name, rows in repeats.items():
            rep = self.template.item(rep_name)
            for row in rows:
                rv: dict[str, str] = {}
                rn: dict[str, str] = {}
                re_: dict[str, list[str]] = {}
                for child in rep.items:
                    if self.item_relevant(child.name, row["row_id"]):
                        self._record_one(child, row["row_id"], rv, rn, re_, covered)
                row["values"] = rv
                if rn:
                    row["notes"] = rn
                if re_:
                    row["evidence"] = re_
        record = {"template": self.template.sha256, "values": values, "notes": notes,
                  "evidence": evidence, "repeats": repeats}
        return record, Coverage(frozenset(covered[0]), frozenset(covered[1]))

    def _record_one(self, item: Item, row: str, values: dict[str, str], notes: dict[str, str],
                    evidence: dict[str, list[str]], covered: tuple[set[Key], set[Key]]
                    ) -> None:
        key = (item.name, row)
        if item.holds_value or item.type in (ItemType.CALCULATE, ItemType.SIGNATURE):
            v = self.value(item.name, row)
            if v != "":
                values[item.name] = v
                if self.answers.values.get(key) == v:  # (not a calculation's own result)
                    covered[0].add(key)
        note = self.answers.notes.get(key)
        if note:
            notes[item.name] = note
            covered[1].add(key)
        files = self.answers.evidence.get(key)
        if files:
            evidence[item.name] = list(files)


def content_hash(record: Mapping[str, Any], meta: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the effective record and its subject metadata."""
    payload = json.dumps({"meta": dict(meta), "record": dict(record)}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ typed input


def check_date_range(name: str, day: dt.date, text: str, today: dt.date | None) -> None:
    """``value.date_out_of_range`` for a date before :data:`EARLIEST_DATE` or more than
    :data:`DATE_YEARS_AHEAD` years after ``today`` (default: the local date): 9999-12-31
    or 1900-01-01 is a slip or a placeholder, never a visit, an assessment or a birth.
    (An answer's date and a visit's date, in the registry.)"""
    latest = latest_date(today if today is not None else dt.date.today())
    if not EARLIEST_DATE <= day <= latest:
        raise InvalidValueError("value.date_out_of_range", item=name, value=text,
                                earliest=EARLIEST_DATE.isoformat(), latest=latest.isoformat())


def normalize_input(template: Template, item: Item, raw: str,
                    today: dt.date | None = None) -> str:
    """Check and canonicalise a value the user typed; raise InvalidValueError with a code.
    A date must lie between :data:`EARLIEST_DATE` and :data:`DATE_YEARS_AHEAD` years after
    ``today`` (default: the local date)."""
    check_text(raw, item.name)  # lone surrogates, control characters: value.bad_text
    text = raw.strip() if item.type is not ItemType.TEXT else raw
    if text.strip() == "":
        return ""
    if item.type in (ItemType.NOTE, ItemType.CALCULATE, ItemType.REPEAT, ItemType.EVIDENCE):
        raise InvalidValueError("value.not_editable", item=item.name)
    if item.read_only:
        raise InvalidValueError("value.read_only", item=item.name)
    if item.type is ItemType.TEXT:
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidValueError("value.too_long", item=item.name, max=MAX_TEXT_LENGTH)
        check_printable(text, item.name)
        return text
    if item.type is ItemType.INTEGER:
        cleaned = text.replace(".", "").replace(" ", "") if re.fullmatch(
            r"-?\d{1,3}(\.\d{3})+", text) else text
        if not re.fullmatch(r"-?\d{1,15}", cleaned):
            raise InvalidValueError("value.not_integer", item=item.name, value=raw)
        return str(int(cleaned))
    if item.type is ItemType.DECIMAL:
        cleaned = text.replace(",", ".")
        if not re.fullmatch(r"-?\d{1,15}(\.\d{1,9})?", cleaned):
            raise InvalidValueError("value.not_decimal", item=item.name, value=raw)
        try:
            d = Decimal(cleaned)
        except InvalidOperation as exc:
            raise InvalidValueError("value.not_decimal", item=item.name, value=raw) from exc
        out = format(d.normalize(), "f")
        return "0" if out in ("-0", "") else out
    if item.type is ItemType.DATE:
        if not _DATE_RE.match(text):
            raise InvalidValueError("value.bad_date", item=item.name, value=raw)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise InvalidValueError("value.bad_date", item=item.name, value=raw) from exc
        check_date_range(item.name, day, text, today)
        return text
    if item.type is ItemType.TIME:
        m = _TIME_RE.match(text)
        if not m:
            raise InvalidValueError("value.bad_time", item=item.name, value=raw)
        return f"{m.group(1)}:{m.group(2)}"
    if item.type is ItemType.DATETIME:
        m = _DATETIME_RE.match(text)
        if not m:
            raise InvalidValueError("value.bad_datetime", item=item.name, value=raw)
        try:
            day = dt.date.fromisoformat(m.group(1))
        except ValueError as exc:
            raise InvalidValueError("value.bad_datetime", item=item.name, value=raw) from exc
        check_date_range(item.name, day, text, today)
        return f"{m.group(1)}T{m.group(2)}:{m.group(3)}"
    if item.type is ItemType.SIGNATURE:
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise InvalidValueError("value.bad_signature", item=item.name)
        return text
    rs = template.options_for(item)
    assert rs is not None
    if item.type is ItemType.SELECT_ONE:
        if rs.option(text) is None:
            raise InvalidValueError("value.bad_option", item=item.name, value=raw,
                                    allowed=", ".join(o.value for o in rs.options))
        return text
    chosen: list[str] = []
    for part in text.replace(",", " ").split():
        if rs.option(part) is None:
            raise InvalidValueError("value.bad_option", item=item.name, value=part,
                                    allowed=", ".join(o.value for o in rs.options))
        if part not in chosen:
            chosen.append(part)
    order = [o.value for o in rs.options]
    return " ".join(sorted(chosen, key=order.index))
