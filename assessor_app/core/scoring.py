"""Assessment scoring: weighted points, N/A, critical items, thresholds, grade bands, and
the competency roll-up (KUK -> element -> unit -> K/BK).

Rules (also in forms/README.md section 6):
- An item counts when it is scored, relevant, answered and its answer is not N/A:
  points = weight x option score, possible = weight x best score of its set.
  ``select_multiple``: points = sum of chosen scores, possible = sum of all option scores.
- A section's percentage covers its subsections; no countable item -> no percentage.
- A critical item whose answer does not pass fails its section(s) and the assessment.
- The assessment fails on a critical failure, a section under its threshold, or a total
  under ``scoring.pass_threshold``. Grade: the first band (highest ``min`` first) whose
  minimum is reached and that does not require a pass the assessment lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assessor_app.core.engine import FormState
from assessor_app.core.template import (
    GradeBand,
    Item,
    ItemType,
    ResponseSet,
    Section,
    Template,
    Text,
    VerdictMode,
)

MET = "met"
NOT_MET = "not_met"
K = "K"
BK = "BK"
OL = "OL"  # observasi/asesmen lanjut: an instrument's KUK not achieved, decided elsewhere


@dataclass(frozen=True)
class ItemScore:
    item: str
    row: str
    points: float
    possible: float
    passed: bool


@dataclass(frozen=True)
class SectionScore:
    name: str
    title: Text
    points: float
    possible: float
    percent: float | None
    threshold: float | None
    passed: bool
    critical_failures: tuple[str, ...]
    counted: int  # items that counted
    children: tuple[SectionScore, ...] = ()
    # performance criteria (KUK) of the section and its subsections that are relevant:
    kuk_total: int = 0
    kuk_answered: int = 0  # answered (N/A included)
    kuk_achieved: int = 0
    # critical items (rows) that are relevant, and those of them not yet answered
    critical_total: int = 0
    critical_pending: int = 0

    @property
    def requirement(self) -> str | None:
        """Memenuhi/Belum memenuhi of a section that holds critical items (a JKP
        requirement): "met" when every critical item is met or not applicable, "not_met"
        when one is not met, None while one is unanswered or when it holds none."""
        if self.critical_total == 0:
            return None
        if self.critical_failures:
            return NOT_MET
        return None if self.critical_pending else MET


@dataclass(frozen=True)
class KukRef:
    """A not-achieved performance criterion, for "OBSERVASI LANJUT pada ..."."""

    unit_code: str
    unit_title: Text
    element_no: str | None
    element_title: Text | None
    kuk_no: str
    kuk_text: Text
    item: str
    answered: bool


@dataclass(frozen=True)
class UnitResult:
    code: str
    title: Text
    verdict: str | None  # "K", "BK", or None while a KUK is unanswered
    achieved: int
    total: int
    not_achieved: tuple[KukRef, ...]


@dataclass(frozen=True)
class ScoreResult:
    points: float
    possible: float
    percent: float | None
    passed: bool
    critical_failures: tuple[str, ...]
    failed_sections: tuple[str, ...]
    grade: GradeBand | None
    sections: tuple[SectionScore, ...]
    units: tuple[UnitResult, ...] = ()
    competency: str | None = None  # "K" / "BK" / None (competency templates)
    not_achieved: tuple[KukRef, ...] = ()
    unanswered_scored: int = 0
    items: dict[tuple[str, str], ItemScore] = field(default_factory=dict)
    mode: VerdictMode = VerdictMode.SCORE
    # institutional recommendation mode: the verifier's recommendation (Option.verdict)
    recommendation: str | None = None
    # the app's own count over relevant scored items (rows): met, not met, not applicable
    met: int = 0
    not_met: int = 0
    not_applicable: int = 0

    @property
    def verdict(self) -> str | None:
        """Short verdict for lists: K/BK/OL for competency, the grade, or pass/fail (the
        last two only for templates with ``verdict: score``; a form with ``verdict: none``
        has none)."""
        if self.competency is not None or self.units or self.mode is not VerdictMode.SCORE:
            return self.competency or self.recommendation
        if self.grade is not None:
            return self.grade.grade
        if self.possible > 0 or self.critical_failures:
            return "pass" if self.passed else "fail"
        return None


def _round(value: float) -> float:
    return round(value, 2)


def score_item(state: FormState, item: Item, row: str) -> ItemScore | None:
    """The item's contribution, or None when it does not count (N/A, unanswered, unscored)."""
    if not item.scored or item.type not in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        return None
    rs = state.template.options_for(item)
    if rs is None or not rs.scored:
        return None
    if not state.item_relevant(item.name, row):
        return None
    value = state.value(item.name, row)
    if value == "":
        return None
    return _answer_score(item, rs, row, value, _multi_possible(rs))


def _multi_possible(rs: ResponseSet) -> float:
    """The most points a select_multiple answer of ``rs`` can get."""
    return sum(o.score for o in rs.options if o.score is not None and not o.na and o.score > 0)


def _answer_score(item: Item, rs: ResponseSet, row: str, value: str,
                  multi_possible: float) -> ItemScore | None:
    """What the answer ``value`` (not empty) of a scored item earns, or None (N/A);
    ``multi_possible``: the most points a select_multiple answer of ``rs`` can get."""
    if item.type is ItemType.SELECT_ONE:
        opt = rs.option(value)
        if opt is None or opt.na or opt.score is None:
            return None
        return ItemScore(item.name, row, item.weight * opt.score, item.weight * rs.max_score,
                         rs.is_pass(opt))
    chosen = [rs.option(v) for v in value.split()]
    if any(o is not None and o.na for o in chosen):
        return None
    points = sum(o.score for o in chosen if o is not None and o.score is not None)
    return ItemScore(item.name, row, item.weight * points, item.weight * multi_possible,
                     points >= multi_possible)


def _is_scorable(template: Template, item: Item) -> bool:
    if not item.scored or item.type not in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        return False
    rs = template.options_for(item)
    return rs is not None and rs.scored


@dataclass(frozen=True)
class _Plan:
    """What scoring needs to know of a template's items, worked out once per template
    (``Template.derived``): every answer saved and every record proven scores again.
    Shared by all states over the template (and threads), so read-only."""

    # (item, its response set, the repeat holding it or None, the most points a
    # select_multiple answer can get); in template order
    scorable: tuple[tuple[Item, ResponseSet, str | None, float], ...]
    critical: frozenset[str]
    critical_items: tuple[Item, ...]  # in template order
    # id(section) -> (names of its items and its subsections', its KUK items likewise,
    # its critical items likewise)
    sections: Mapping[int, tuple[frozenset[str], tuple[Item, ...], tuple[Item, ...]]]
    units: tuple[tuple[Section, tuple[tuple[Section | None, tuple[Item, ...]], ...]], ...]
    decision_units: tuple[tuple[Section, Item], ...]  # unit sections and their decision
    # a section with its own pass mark: only then can a section fail where the whole
    # record has no critical failure (what :func:`verdict_of` needs to know)
    section_thresholds: bool


def _make_plan(template: Template) -> _Plan:
    items = tuple(template.walk_items())
    scorable = []
    for it in items:
        if _is_scorable(template, it):
            rs = template.options_for(it)
            assert rs is not None
            owner = template.repeat_of(it.name)
            scorable.append((it, rs, owner.name if owner else None, _multi_possible(rs)))
    return _Plan(
        scorable=tuple(scorable),
        critical=frozenset(it.name for it in items if it.critical),
        critical_items=tuple(it for it in items if it.critical),
        sections=MappingProxyType({
            id(sec): (frozenset(it.name for it in sec.walk_items()),
                      tuple(it for it in sec.walk_items() if it.kuk),
                      tuple(it for it in sec.walk_items() if it.critical))
            for sec in template.walk_sections()}),
        units=tuple((sec, tuple((sub, tuple(kuks)) for sub, kuks in groups))
                    for sec, groups in template.units()),
        decision_units=tuple((sec, next(it for it in sec.walk_items() if it.decision))
                             for sec, _groups in template.units_with_decision()),
        section_thresholds=any(sec.pass_threshold is not None
                               for sec in template.walk_sections()))


def _plan(template: Template) -> _Plan:
    return template.derived("scoring", _make_plan)


def score(state: FormState) -> ScoreResult:
    return _score(state, sections=True)


def verdict_of(state: FormState) -> tuple[float | None, str | None]:
    """``(percent, verdict)`` exactly as :func:`score` gives them, without working out each
    section's score where they do not depend on it: a section fails on its own only by
    its pass mark (a critical failure fails the record anyway), and only a ``verdict:
    score`` template reads the sections' results. What a record proven again (export,
    check) compares with its stored copies."""
    result = _score(state, sections=False)
    return result.percent, result.verdict


def _score(state: FormState, *, sections: bool) -> ScoreResult:
    """:func:`score`; ``sections`` False leaves out the section results (``sections``
    and ``failed_sections`` empty) where the verdict does not depend on them."""
    template: Template = state.template
    plan = _plan(template)
    item_scores: dict[tuple[str, str], ItemScore] = {}
    unanswered = not_applicable = 0
    rows_of = state.answers.rows
    for item, rs, owner, multi_possible in plan.scorable:
        name = item.name
        for row in ("",) if owner is None else rows_of.get(owner, ()):
            # score_item, with what the plan already knows (scored, has a scored set)
            if not state.item_relevant(name, row):
                continue
            value = state.value(name, row)
            if value == "":
                unanswered += 1
                continue
            got = _answer_score(item, rs, row, value, multi_possible)
            if got is None:
                not_applicable += 1
            else:
                item_scores[(name, row)] = got
    met = sum(1 for s in item_scores.values() if s.passed)

    critical_failures = state.critical_failures(plan.critical_items)  # once, for every section
    by_section: tuple[SectionScore, ...] = ()
    if sections or (plan.section_thresholds and template.verdict is VerdictMode.SCORE):
        by_section = tuple(_score_section(state, plan, sec, item_scores, critical_failures)
                           for sec in template.sections if state.section_relevant(sec))

    points = sum(s.points for s in item_scores.values())
    possible = sum(s.possible for s in item_scores.values())
    percent = _round(100.0 * points / possible) if possible > 0 else None
    failed_sections = tuple(_failed_names(by_section))
    passed = not critical_failures and not failed_sections
    threshold = template.scoring.pass_threshold
    if passed and threshold is not None and percent is not None and percent < threshold:
        passed = False

    grade = None
    # no grade before anything is scored (issue 12: "Predikat C" showed on an empty form);
    # a critical failure with nothing else scored still grades as 0
    if template.scoring.grade_bands and (percent is not None or critical_failures):
        effective = percent if percent is not None else 0.0
        for band in template.scoring.grade_bands:
            if effective >= band.min and (passed or not band.requires_pass):
                grade = band
                break

    mode = template.verdict
    if mode is VerdictMode.DECISION:
        units, competency, not_achieved = _decisions(state)
    elif mode is VerdictMode.NONE:
        units, competency, not_achieved = (), None, ()
    else:
        units, competency, not_achieved = _roll_up(
            state, item_scores, short=OL if mode is VerdictMode.RECOMMENDATION else BK)
    if mode is not VerdictMode.SCORE:
        # MUK instruments have no percentage, pass mark or grade: only K/BK/OL; nor has
        # an institutional checklist whose verdict is the verifier's recommendation.
        percent, grade, passed = None, None, not critical_failures
    recommendation = state.recommendation() if template.institutional_recommendation \
        else None
    return ScoreResult(
        points=_round(points),
        possible=_round(possible),
        percent=percent,
        passed=passed,
        critical_failures=critical_failures,
        failed_sections=failed_sections,
        grade=grade,
        sections=by_section,
        units=units,
        competency=competency,
        not_achieved=not_achieved,
        unanswered_scored=unanswered,
        items=item_scores,
        mode=mode,
        recommendation=recommendation,
        met=met,
        not_met=len(item_scores) - met,
        not_applicable=not_applicable,
    )



def tally(state: FormState, result: ScoreResult, section: Section) -> tuple[int, int, int]:
    """The app's own count over ``section``'s relevant scored items (rows included):
    (met, not met, not applicable)."""
    met = not_met = na = 0
    for item in section.walk_items():
        if not _is_scorable(state.template, item):
            continue
        for row in state.rows_of(item):
            got = result.items.get((item.name, row))
            if got is not None:
                met += got.passed
                not_met += not got.passed
            elif state.item_relevant(item.name, row) and state.value(item.name, row) != "":
                na += 1
    return met, not_met, na


def _score_section(state: FormState, plan: _Plan, section: Section,
                   item_scores: dict[tuple[str, str], ItemScore],
                   critical_failures: tuple[str, ...]) -> SectionScore:
    children = tuple(_score_section(state, plan, sub, item_scores, critical_failures)
                     for sub in section.sections if state.section_relevant(sub))
    names, section_kuks, section_critical = plan.sections[id(section)]
    mine = [s for (name, _row), s in item_scores.items() if name in names]
    points = sum(s.points for s in mine)
    possible = sum(s.possible for s in mine)
    percent = _round(100.0 * points / possible) if possible > 0 else None
    crit = tuple(n for n in critical_failures if n in names)
    passed = not crit and all(c.passed for c in children)
    if passed and section.pass_threshold is not None and percent is not None \
            and percent < section.pass_threshold:
        passed = False
    critical_total = critical_pending = 0
    for it in section_critical:
        for row in state.rows_of(it):
            if state.item_relevant(it.name, row):
                critical_total += 1
                critical_pending += state.value(it.name, row) == ""
    kuk_total = kuk_answered = kuk_achieved = 0
    for it in section_kuks:
        if not state.item_relevant(it.name):
            continue
        kuk_total += 1
        if state.value(it.name) != "":
            kuk_answered += 1
        got = item_scores.get((it.name, ""))
        if got is not None and got.passed:
            kuk_achieved += 1
    return SectionScore(section.name, section.title, _round(points), _round(possible), percent,
                        section.pass_threshold, passed, crit, len(mine), children,
                        kuk_total, kuk_answered, kuk_achieved, critical_total,
                        critical_pending)


def _failed_names(sections: tuple[SectionScore, ...]) -> list[str]:
    out: list[str] = []
    for s in sections:
        if not s.passed:
            out.append(s.name)
        out.extend(_failed_names(s.children))
    return out


def _decisions(state: FormState
               ) -> tuple[tuple[UnitResult, ...], str | None, tuple[KukRef, ...]]:
    """Units decided by the assessor (FR.AK.02): each unit's ``decision`` item, K or BK."""
    units: list[UnitResult] = []
    for unit_section, item in _plan(state.template).decision_units:
        if not state.section_relevant(unit_section):
            continue
        assert unit_section.unit is not None
        value = state.value(item.name) if state.item_relevant(item.name) else ""
        verdict = {"k": K, "bk": BK}.get(value)
        units.append(UnitResult(unit_section.unit.code, unit_section.unit.title, verdict,
                                1 if verdict == K else 0, 1, ()))
    if not units:
        return (), None, ()
    if any(u.verdict == BK for u in units):
        competency: str | None = BK
    elif all(u.verdict == K for u in units):
        competency = K
    else:
        competency = None
    return tuple(units), competency, ()


def _roll_up(state: FormState, item_scores: dict[tuple[str, str], ItemScore],
             short: str = BK) -> tuple[tuple[UnitResult, ...], str | None, tuple[KukRef, ...]]:
    """KUK -> unit -> verdict: K when every KUK is achieved, ``short`` (BK for legacy
    templates, OL for MUK 2023 instruments) when one is not."""
    units: list[UnitResult] = []
    all_failed: list[KukRef] = []
    for unit_section, groups in _plan(state.template).units:
        if not state.section_relevant(unit_section):
            continue
        assert unit_section.unit is not None
        unit = unit_section.unit
        achieved = total = 0
        undecided = False
        failed: list[KukRef] = []
        for element_section, kuks in groups:
            if element_section is not None and not state.section_relevant(element_section):
                continue
            element = element_section.element if element_section else None
            for item in kuks:
                if not state.item_relevant(item.name):
                    continue
                answered = state.value(item.name) != ""
                if not answered and short == OL and not item.required:
                    continue  # an optional question not asked (FR.IA.03/IA.07)
                total += 1
                s = item_scores.get((item.name, ""))
                if s is not None and s.passed:
                    achieved += 1
                    continue
                if not answered:
                    undecided = True
                    continue
                if s is None:
                    continue  # answered N/A: neither achieved nor failed
                ref = KukRef(unit.code, unit.title, element.no if element else None,
                             element.title if element else None, item.kuk or "", item.label,
                             item.name, answered)
                failed.append(ref)
        if failed:
            verdict: str | None = short
        elif undecided or total == 0:
            verdict = None
        else:
            verdict = K
        units.append(UnitResult(unit.code, unit.title, verdict, achieved, total, tuple(failed)))
        all_failed.extend(failed)
    if not units:
        return (), None, ()
    # An instrument (OL mode) recommends on the units it assessed: a unit none of whose
    # optional questions was asked has no verdict and does not hold the others back.
    decided = [u for u in units if u.total > 0] if short == OL else units
    if any(u.verdict == short for u in units):
        competency: str | None = short
    elif decided and all(u.verdict == K for u in decided):
        competency = K
    else:
        competency = None
    return tuple(units), competency, tuple(all_failed)
