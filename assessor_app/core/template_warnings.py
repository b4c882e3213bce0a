"""Warnings about a valid template: texts so long that a report cannot print them in one
table cell of a page (a KUK holding a whole SOP paragraph, a paragraph as an option label);
a pass mark or grade bands without ``scoring.source`` (printed as the app's own figures,
never as an official verdict).

Reports still print them (the table is then printed row after row so the text can run over
pages: ``reports.fit``), but the layout suffers, so ``templates validate`` says so.
Character counts are the measure: a cell of a narrow column holds about 40 characters a
line and some 50 lines a page.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessor_app.core.errors import TemplateIssue
from assessor_app.core.template import Section, Template, Text

#: a label, KUK, benchmark, hint or description longer than this fills most of a page
#: in its column
LONG_TEXT = 1200
#: option labels print in narrow columns and column heads
LONG_OPTION = 200


def layout_warnings(template: Template, file: str) -> list[TemplateIssue]:
    out: list[TemplateIssue] = []

    def check(text: Text | str | None, what: str, line: int, limit: int = LONG_TEXT) -> None:
        if text is None:
            return
        values = [text] if isinstance(text, str) else [text.id, text.en or ""]
        length = max(len(v) for v in values)
        if length > limit:
            line = _line_of(template.source_text, max(values, key=len), line)
            out.append(TemplateIssue(file, max(line, 1), 1, "template.long_text",
                                     {"what": what, "length": length, "limit": limit}))

    check(template.title, "title", 0)
    check(template.description, "description", 0)
    for sec in _sections(template.sections):
        check(sec.title, f"section {sec.name}", 0)
        check(sec.description, f"section {sec.name}", 0)
    for it in template.walk_items():
        check(it.label, f"{it.name}", it.line)
        check(it.hint, f"{it.name}.hint", it.line)
        check(it.evidence_hint, f"{it.name}.evidence_hint", it.line)
        check(it.benchmark, f"{it.name}.benchmark", it.line)
    for rs in template.response_sets.values():
        for opt in rs.options:
            check(opt.label, f"{rs.name}.{opt.value}", 0, LONG_OPTION)
    if not template.scoring.official and (
            template.scoring.pass_threshold is not None or template.scoring.grade_bands or
            any(s.pass_threshold is not None for s in template.walk_sections())):
        line = _line_of(template.source_text, "scoring:", 1)
        out.append(TemplateIssue(file, max(line, 1), 1, "template.unsourced_scoring", {}))
    return out


def _line_of(source: str, text: str, near: int) -> int:
    """The line of ``source`` where ``text`` starts (its first words), looked for from
    line ``near`` on (the item's own line); ``near`` when it is not found as written."""
    probe = text.strip()[:30]
    start = 0
    for _ in range(max(near, 1) - 1):
        start = source.find("\n", start) + 1
        if start == 0:
            return max(near, 1)
    at = source.find(probe, start) if probe else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else max(near, 1)


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for sec in sections:
        yield from sec.walk_sections()
