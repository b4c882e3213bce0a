"""The live score / verdict panel.

Institutional templates: overall %, pass/fail, grade, sections, critical failures; a pass
mark and grades the template defines without a source are labelled as the app's own. An
institutional checklist whose verdict is the verifier's recommendation (JKP) or that has
none (KMPI) shows no percentage: the recommendation, Memenuhi/Belum memenuhi per
requirement, and the app's own count of criteria met.
Competency templates (BNSP): K / BK / OL, KUK achieved out of total, units, KUK not
achieved, KUK answered per section; never a percentage, a pass mark or a grade.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from assessor_app.core.scoring import BK, MET, NOT_MET, OL, K, ScoreResult, SectionScore
from assessor_app.core.template import RECOMMENDED, Template, TemplateKind, VerdictMode
from assessor_app.formatting import (
    app_count_text,
    item_caption,
    kuk_not_achieved_sections,
    outcome,
    percent_number,
    short_text,
)
from assessor_app.i18n import _
from assessor_app.ui.editor.navigator import section_title
from assessor_app.ui.focus import LinkLabel

PASS = "#1f7a3a"
FAIL = "#b42318"
FURTHER = "#a15c00"  # OL: observasi lanjut, neither K nor BK
MUTED = "#5b6470"


class ScorePanel(QFrame):
    """Dumb view of a :class:`ScoreResult`; links ask the editor to open an item."""

    open_item_requested = Signal(str, str)

    def __init__(self, template: Template, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang
        self.result: ScoreResult | None = None
        self.setObjectName("scorePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._sections = {s.name: s for s in template.walk_sections()}

        self.competency = template.kind is TemplateKind.COMPETENCY
        self.title = _("Hasil") if self.competency else _("Nilai dan hasil")
        title = QLabel(self.title, self)
        title.setObjectName("panelTitle")
        self.percent_label = QLabel("", self)
        self.percent_label.setObjectName("scoreBig")
        self.verdict_label = QLabel("", self)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        self.grade_label = QLabel("", self)
        self.grade_label.setWordWrap(True)
        self.unanswered_label = QLabel("", self)
        self.unanswered_label.setObjectName("meta")
        self.unanswered_label.setWordWrap(True)

        self.competency_label = QLabel("", self)
        self.competency_label.setObjectName("verdict")
        self.competency_label.setWordWrap(True)
        self.kuk_label = QLabel("", self)
        self.kuk_label.setObjectName("meta")
        self.units_title = QLabel(_("Unit kompetensi"), self)
        self.units_title.setObjectName("panelSubtitle")
        self.units_label = self._rich()
        self.not_achieved_title = QLabel(
            _("KUK belum tercapai (observasi lanjut)"), self)
        self.not_achieved_title.setObjectName("panelSubtitle")
        self.not_achieved_title.setWordWrap(True)
        self.not_achieved_label = self._rich()

        self.sections_title = QLabel(_("Per bagian"), self)
        self.sections_title.setObjectName("panelSubtitle")
        self.sections_label = self._rich()
        self.critical_title = QLabel(_("Kegagalan butir kritis"),
                                     self)
        self.critical_title.setObjectName("panelSubtitle")
        self.critical_label = self._rich()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        for w in (title, self.percent_label, self.verdict_label, self.grade_label,
                  self.unanswered_label, self.competency_label, self.kuk_label,
                  self.units_title, self.units_label, self.not_achieved_title,
                  self.not_achieved_label,
                  self.sections_title, self.sections_label, self.critical_title,
                  self.critical_label):
            layout.addWidget(w)
        layout.addStretch(1)

    def _rich(self) -> QLabel:
        label = LinkLabel("", self)  # Tab reaches its links; a frame shows the focus
        label.setWordWrap(True)
        label.linkActivated.connect(self._on_label_link_activated)
        return label

    def _on_label_link_activated(self, link: str) -> None:
        if link.startswith("item:"):
            self.open_item_requested.emit(link[5:], "")

    def _link(self, name: str) -> str:
        item = self.template.find_item(name)
        text = item_caption(item, self.lang) if item is not None else name
        return f'<a href="item:{html.escape(name)}">{html.escape(text)}</a>'

    def set_result(self, result: ScoreResult) -> None:
        if result == self.result:
            return
        self.result = result
        if self.competency:
            self._show_competency(result)
        elif self.template.verdict is VerdictMode.SCORE:
            self._show_score(result)
        else:
            self._show_requirements(result)
        crit = [self._link(name) for name in result.critical_failures]
        self.critical_label.setText("<br>".join(crit))
        self.critical_label.setStyleSheet(f"color: {FAIL};")
        self.critical_title.setVisible(bool(crit))
        self.critical_label.setVisible(bool(crit))

    # ------------------------------------------------------------ institutional

    def _show_score(self, result: ScoreResult) -> None:
        """Percentage, pass/fail, grade and sections: institutional templates only."""
        lang = self.lang
        has_score = result.percent is not None
        self.percent_label.setText(percent_number(result.percent, lang)
                                   if result.percent is not None
                                   else _("belum ada nilai"))
        self.percent_label.setStyleSheet("")
        if has_score or result.critical_failures:
            self.verdict_label.setText(_("Memenuhi")
                                       if result.passed
                                       else _("Belum memenuhi"))
            self.verdict_label.setStyleSheet(f"color: {PASS if result.passed else FAIL};")
            self.verdict_label.setVisible(True)
        else:
            self.verdict_label.setVisible(False)
        official = self.template.scoring.official
        if result.grade is not None:
            label = result.grade.label.get(lang)
            text = html.escape(label if label.startswith(result.grade.grade) else _(
                "Kategori {grade}: {label}").format(grade=result.grade.grade, label=label))
            if not official:
                note = html.escape(_("Batas lulus dan kategori ini hitungan aplikasi menurut "
                                     "templat, bukan keputusan resmi."))
                text += f"<br><span style='color:{MUTED}'>{note}</span>"
            self.grade_label.setText(text)
        self.grade_label.setVisible(result.grade is not None)
        self.unanswered_label.setText(_(
            "{n} butir bernilai belum dijawab").format(n=result.unanswered_scored))
        self.unanswered_label.setVisible(result.unanswered_scored > 0)
        for w in (self.competency_label, self.kuk_label, self.units_title, self.units_label,
                  self.not_achieved_title, self.not_achieved_label):
            w.setVisible(False)

        rows = []
        for s in result.sections:
            if s.percent is None and not s.critical_failures:
                continue
            sec = self._sections.get(s.name)
            title = short_text(section_title(sec, lang) if sec else s.title.get(lang), 90)
            pct = percent_number(s.percent, lang) if s.percent is not None else "—"
            mark = "✓" if s.passed else "✗"
            color = PASS if s.passed else FAIL
            thr = ""
            if s.threshold is not None:
                limit = _("batas {n}").format(n=percent_number(s.threshold, lang))
                thr = f"<br><span style='color:{MUTED}'>{html.escape(limit)}</span>"
            rows.append(f"<tr><td>{html.escape(title)}{thr}</td>"
                        f"<td align='right' style='color:{color}'>{pct}&nbsp;{mark}</td></tr>")
        self._set_sections(rows)

    def _show_requirements(self, result: ScoreResult) -> None:
        """An institutional checklist without a percentage: the verifier's recommendation
        (or none), Memenuhi/Belum memenuhi per requirement, the app's own count."""
        lang = self.lang
        shown = outcome(self.template, result)
        for w in (self.percent_label, self.kuk_label, self.units_title, self.units_label,
                  self.not_achieved_title, self.not_achieved_label):
            w.setVisible(False)
        # the recommendation is a sentence, not a number: the wrapping verdict line, not
        # the big score figure; then a contradiction, then the app's own count
        if shown.has_result:
            self.verdict_label.setText(shown.headline(now=True) if result.verdict else
                                       _("belum ada rekomendasi"))
        else:
            self.verdict_label.setText(_("Daftar periksa tanpa kesimpulan"))
        self.verdict_label.setStyleSheet(
            f"color: {PASS if result.verdict == RECOMMENDED else MUTED};")
        self.verdict_label.setVisible(True)
        contradiction = result.recommendation == RECOMMENDED and bool(result.critical_failures)
        self.grade_label.setText(html.escape(_(
            "Bertentangan dengan butir kritis yang belum memenuhi")) if contradiction else "")
        self.grade_label.setStyleSheet(f"color: {FAIL}; font-weight: 600;")
        self.grade_label.setVisible(contradiction)
        self.unanswered_label.setText(_(
            "{n} butir bernilai belum dijawab").format(n=result.unanswered_scored))
        self.unanswered_label.setVisible(result.unanswered_scored > 0)
        count = app_count_text(result) if self.template.scoring.summary else ""
        self.competency_label.setText(count)
        self.competency_label.setStyleSheet(f"color: {MUTED}; font-weight: normal;")
        self.competency_label.setVisible(bool(count))
        rows = []
        for s in result.sections:
            if s.critical_total == 0:
                continue
            sec = self._sections.get(s.name)
            title = short_text(section_title(sec, lang) if sec else s.title.get(lang), 90)
            status = s.requirement
            word = {MET: _("Memenuhi"), NOT_MET: _("Belum memenuhi")}.get(status or "", "—")
            color = {MET: PASS, NOT_MET: FAIL}.get(status or "", MUTED)
            rows.append(f"<tr><td>{html.escape(title)}</td>"
                        f"<td align='right' style='color:{color}'>{html.escape(word)}</td></tr>")
        self._set_sections(rows)
        self.sections_title.setText(_("Persyaratan") if rows else _("Per bagian"))

    # ------------------------------------------------------------ competency

    def _show_competency(self, result: ScoreResult) -> None:
        """BNSP competency: K / BK / OL and KUK counts; never a percentage, a pass mark, a
        grade or "lulus". A form without a result (FR.AK.01 ...) shows none."""
        lang = self.lang
        shown = outcome(self.template, result)
        for w in (self.verdict_label, self.grade_label, self.unanswered_label):
            w.setVisible(False)
        verdict = shown.verdict
        self.percent_label.setText(verdict or "—")
        self.percent_label.setStyleSheet(f"color: {_colour(verdict)};")
        self.percent_label.setVisible(shown.has_result)
        self.competency_label.setText(shown.headline() if shown.has_result else
                                      _("Formulir ini tidak memberi rekomendasi atau "
                                        "keputusan kompetensi."))
        self.competency_label.setStyleSheet(
            f"color: {_colour(verdict) if shown.has_result else MUTED};")
        self.competency_label.setVisible(True)
        kuk = shown.score_text() if shown.kuk_total is not None else ""
        self.kuk_label.setText(kuk)
        self.kuk_label.setVisible(bool(kuk))

        units = bool(result.units)
        self.units_title.setVisible(units)
        self.units_label.setVisible(units)
        if units:
            rows = []
            for u in result.units:
                count = f"<br>{u.achieved}/{u.total}" if shown.kuk_total is not None else ""
                rows.append(
                    f"<tr><td>{html.escape(u.code)}<br><span style='color:{MUTED}'>"
                    f"{html.escape(short_text(u.title.get(lang), 60))}</span></td>"
                    f"<td align='right' style='color:{_colour(u.verdict)}'>"
                    f"<b>{html.escape(u.verdict or '—')}</b>{count}</td></tr>")
            self.units_label.setText(f"<table width='100%' cellspacing='0' cellpadding='2'>"
                                     f"{''.join(rows)}</table>")
        kuks = []
        for ref in result.not_achieved:
            where = _("Elemen {element}, KUK {kuk}").format(
                element=ref.element_no or "-", kuk=ref.kuk_no)
            kuks.append(f"{html.escape(ref.unit_code)} · {html.escape(where)}<br>"
                        f"{self._link(ref.item)}")
        self.not_achieved_label.setText("<br>".join(kuks))
        self.not_achieved_title.setVisible(bool(kuks))
        self.not_achieved_label.setVisible(bool(kuks))

        # per section: KUK answered / total; a section with a KUK not achieved is marked
        # with the unit's short verdict (OL, or BK on a legacy template), never a tick
        flagged = kuk_not_achieved_sections(self.template, result)
        rows = []

        def add(s: SectionScore, depth: int) -> None:
            if s.kuk_total:
                sec = self._sections.get(s.name)
                title = short_text(section_title(sec, lang) if sec else s.title.get(lang), 90)
                if s.name in flagged:
                    mark, color = html.escape(flagged[s.name]), _colour(flagged[s.name])
                elif s.kuk_answered >= s.kuk_total:
                    mark, color = "✓", PASS
                else:
                    mark, color = "", MUTED
                progress = html.escape(_("{answered}/{total} KUK").format(
                    answered=s.kuk_answered, total=s.kuk_total))
                pad = "&nbsp;" * 3 * depth
                rows.append(f"<tr><td>{pad}{html.escape(title)}</td>"
                            f"<td align='right' style='color:{color}'>{progress}"
                            f"&nbsp;{mark}</td></tr>")
            for child in s.children:
                add(child, depth + 1)

        for s in result.sections:
            add(s, 0)
        self._set_sections(rows)

    def _set_sections(self, rows: list[str]) -> None:
        self.sections_label.setText(f"<table width='100%' cellspacing='0' cellpadding='2'>"
                                    f"{''.join(rows)}</table>")
        self.sections_title.setVisible(bool(rows))
        self.sections_label.setVisible(bool(rows))


def _colour(verdict: str | None) -> str:
    return {K: PASS, BK: FAIL, OL: FURTHER}.get(verdict or "", MUTED)
