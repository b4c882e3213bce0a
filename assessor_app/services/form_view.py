"""The form as a read model: what the editor shows of one revision.

A :class:`FormView` is the whole evaluated state of one revision (relevance, requiredness,
calculated values, progress per section, score). The assessment service returns one with
each saved change, evaluated from what that change's transaction left in the store, so the
GUI thread only *diffs* two of them and touches the widgets whose state changed
(:func:`changed_keys`). No Qt here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from assessor_app.core.engine import Answers, FormState
from assessor_app.core.scoring import ScoreResult, score
from assessor_app.core.template import Item, ItemType, Section, Template

Key = tuple[str, str]  # (item name, row id)

HEADER = "__header__"  # pseudo-section of the template header
NO_PROGRESS = (ItemType.NOTE, ItemType.CALCULATE, ItemType.REPEAT)


@dataclass(frozen=True)
class ItemView:
    """The evaluated state of one item in one row."""

    relevant: bool
    required: bool
    answered: bool
    constraint_ok: bool
    value: str  # the stored answer; the computed value for calculate items
    #: the options a ``choice_filter`` offers now (None: no filter, every option)
    offered: tuple[str, ...] | None = None
    #: the value is still the one the app filled in when the record was made
    prefilled: bool = False

    @property
    def not_offered(self) -> list[str]:
        """The chosen values the item's filter no longer offers (flagged, kept)."""
        if self.offered is None:
            return []
        return [v for v in self.value.split() if v not in self.offered]


class TemplateIndex:
    """Structure lookups for one template, computed once per editor."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.order: list[Item] = list(template.walk_items())
        self.position: dict[str, int] = {it.name: i for i, it in enumerate(self.order)}
        self.sections: dict[str, Section] = {}
        self.parent_of_section: dict[str, str | None] = {}
        self.top_of_section: dict[str, str] = {}
        self.chain: dict[str, tuple[str, ...]] = {}  # item -> enclosing section names
        self.section_of_item: dict[str, str] = {}  # item -> innermost section (or HEADER)
        for it in template.header:
            self.chain[it.name] = (HEADER,)
            self.section_of_item[it.name] = HEADER
            for child in it.items:
                self.chain[child.name] = (HEADER,)
                self.section_of_item[child.name] = HEADER
        for sec in template.sections:
            self._index(sec, (), sec.name)

    def _index(self, sec: Section, parents: tuple[str, ...], top: str) -> None:
        self.sections[sec.name] = sec
        self.parent_of_section[sec.name] = parents[-1] if parents else None
        self.top_of_section[sec.name] = top
        chain = (*parents, sec.name)
        for it in sec.items:
            for name in (it.name, *(c.name for c in it.items)):
                self.chain[name] = chain
                self.section_of_item[name] = sec.name
        for sub in sec.sections:
            self._index(sub, chain, top)

    def page_of(self, item_name: str) -> str:
        """The navigator page (top-level section name or HEADER) that shows an item."""
        sec = self.section_of_item[item_name]
        return sec if sec == HEADER else self.top_of_section[sec]

    def repeat_of(self, item_name: str) -> Item | None:
        return self.template.repeat_of(item_name)


@dataclass
class FormView:
    revision_id: str
    assessment_id: str
    revision: int
    status: str
    is_current: bool
    subject_name: str
    answers: Answers
    items: dict[Key, ItemView]
    sections: dict[str, bool]  # section name -> relevant
    progress: dict[str, tuple[int, int]]  # section name / HEADER / "" (overall) -> (answered, required)
    score: ScoreResult
    build_ms: float = 0.0
    rows: dict[str, list[str]] = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.status == "draft" and self.is_current

    def view(self, item: str, row: str = "") -> ItemView | None:
        return self.items.get((item, row))


def build_snapshot(row: Any, state: FormState, index: TemplateIndex, *,
                   subject_name: str | None = None) -> FormView:
    """Evaluate everything the editor shows (on the database lane, never the GUI thread).
    ``row`` is the revision (a summary or the columns of one)."""
    started = time.perf_counter()
    answers = state.answers
    items: dict[Key, ItemView] = {}
    progress: dict[str, list[int]] = {"": [0, 0], HEADER: [0, 0]}
    for name in index.sections:
        progress[name] = [0, 0]
    for item in index.order:
        if item.type is ItemType.REPEAT:
            rel = state.item_relevant(item.name, "")
            n_rows = len(answers.rows.get(item.name, []))
            items[(item.name, "")] = ItemView(rel, rel and item.min_rows > 0, n_rows > 0,
                                              not rel or n_rows >= item.min_rows, str(n_rows))
            continue
        counted = item.type not in NO_PROGRESS
        for r in state.rows_of(item):
            rel = state.item_relevant(item.name, r)
            req = state.is_required(item, r) if rel else False
            answered = state.is_answered(item, r)
            ok = not (rel and item.holds_value) or state.constraint_ok(item, r)
            value = state.value(item.name, r) if item.type is ItemType.CALCULATE \
                else answers.value(item.name, r)
            offered = state.offered(item, r) if item.choice_filter and rel else None
            items[(item.name, r)] = ItemView(rel, req, answered, ok, value, offered,
                                             (item.name, r) in answers.prefilled)
            if counted and req:
                done = 1 if answered else 0
                for sec in ("", *index.chain.get(item.name, ())):
                    progress[sec][0] += done
                    progress[sec][1] += 1
    sections = {name: state.section_relevant(sec) for name, sec in index.sections.items()}
    result = score(state)
    return FormView(
        revision_id=row.id, assessment_id=row.assessment_id, revision=row.revision,
        status=row.status, is_current=bool(row.is_current),
        subject_name=row.subject_name if subject_name is None else subject_name,
        answers=answers, items=items, sections=sections,
        progress={k: (v[0], v[1]) for k, v in progress.items()}, score=result,
        build_ms=(time.perf_counter() - started) * 1000.0,
        rows={k: list(v) for k, v in answers.rows.items()})


@dataclass(frozen=True)
class Changes:
    items: set[Key]
    sections: set[str]
    progress: set[str]
    rows: set[str]  # repeats whose row list changed
    score: bool
    status: bool


def changed_keys(old: FormView | None, new: FormView) -> Changes:
    """What differs between two snapshots (everything when there is no old one)."""
    if old is None:
        return Changes(set(new.items), set(new.sections), set(new.progress), set(new.rows),
                       True, True)
    items = {k for k, v in new.items.items() if old.items.get(k) != v}
    items |= {k for k in old.items if k not in new.items}
    sections = {k for k, v in new.sections.items() if old.sections.get(k) != v}
    progress = {k for k, v in new.progress.items() if old.progress.get(k) != v}
    rows = {k for k in set(new.rows) | set(old.rows) if new.rows.get(k) != old.rows.get(k)}
    return Changes(items, sections, progress, rows, old.score != new.score,
                   (old.status, old.is_current) != (new.status, new.is_current))
