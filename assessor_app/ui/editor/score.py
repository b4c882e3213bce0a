"""The live score / verdict panel: overall %, grade, sections, critical failures, K/BK."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from assessor_app.core.scoring import BK, K, ScoreResult
from assessor_app.core.template import Item, Template
from assessor_app.i18n import _
from assessor_app.ui.editor.navigator import section_title

PASS = "#1f7a3a"
FAIL = "#b42318"
MUTED = "#5b6470"


def number(value: float, lang: str, digits: int = 1) -> str:
    """``78,5`` in Indonesian, ``78.5`` in English; no trailing ``,0``."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang != "en" else text


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def item_caption(item: Item, lang: str, limit: int = 70) -> str:
    prefix = item.code or (f"KUK {item.kuk}" if item.kuk else "")
    label = _short(item.label.get(lang), limit)
    return f"{prefix} {label}" if prefix else label


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

        title = QLabel(_("Nilai dan hasil"), self)
        title.setObjectName("panelTitle")
        self.percent_label = QLabel("", self)
        self.percent_label.setObjectName("scoreBig")
        self.verdict_label = QLabel("", self)
        self.verdict_label.setObjectName("verdict")
        self.grade_label = QLabel("", self)
        self.grade_label.setWordWrap(True)
        self.unanswered_label = QLabel("", self)
        self.unanswered_label.setObjectName("meta")
        self.unanswered_label.setWordWrap(True)

        self.competency_label = QLabel("", self)
        self.competency_label.setObjectName("verdict")
        self.competency_label.setWordWrap(True)
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
                  self.unanswered_label, self.competency_label, self.units_title,
                  self.units_label, self.not_achieved_title, self.not_achieved_label,
                  self.sections_title, self.sections_label, self.critical_title,
                  self.critical_label):
            layout.addWidget(w)
        layout.addStretch(1)

    def _rich(self) -> QLabel:
        label = QLabel("", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setOpenExternalLinks(False)
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
        lang = self.lang
        has_score = result.percent is not None
        self.percent_label.setText(f"{number(result.percent, lang)} %"
                                   if result.percent is not None
                                   else _("belum ada nilai"))
        if has_score or result.critical_failures:
            self.verdict_label.setText(_("Memenuhi")
                                       if result.passed
                                       else _("Belum memenuhi"))
            self.verdict_label.setStyleSheet(f"color: {PASS if result.passed else FAIL};")
            self.verdict_label.setVisible(True)
        else:
            self.verdict_label.setVisible(False)
        if result.grade is not None:
            label = result.grade.label.get(lang)
            self.grade_label.setText(label if label.startswith(result.grade.grade) else
                                     _(
                                         "Kategori {grade}: {label}").format(
                                         grade=result.grade.grade, label=label))
        self.grade_label.setVisible(result.grade is not None)
        self.unanswered_label.setText(_(
            "{n} butir bernilai belum dijawab").format(n=result.unanswered_scored))
        self.unanswered_label.setVisible(result.unanswered_scored > 0)

        # --- competency roll-up: K/BK is the headline, the percentage only a detail
        competency = bool(result.units)
        if competency:
            big = {K: "K", BK: "BK"}.get(result.competency or "", "—")
            self.percent_label.setText(big)
            self.percent_label.setStyleSheet(
                f"color: {PASS if result.competency == K else FAIL if result.competency == BK else MUTED};")
            self.verdict_label.setVisible(False)
        else:
            self.percent_label.setStyleSheet("")
        for w in (self.competency_label, self.units_title, self.units_label):
            w.setVisible(competency)
        if competency:
            if result.competency == K:
                verdict = _("K (Kompeten)")
                text = _("Rekomendasi: {verdict}").format(
                    verdict=verdict)
                color = PASS
            elif result.competency == BK:
                verdict = _("BK (Belum Kompeten)")
                text = _("Rekomendasi: {verdict}").format(
                    verdict=verdict)
                color = FAIL
            else:
                text = _("Rekomendasi: belum dapat disimpulkan")
                color = MUTED
            self.competency_label.setText(text)
            self.competency_label.setStyleSheet(f"color: {color};")
            rows = []
            for u in result.units:
                verdict = u.verdict or "—"
                color = PASS if u.verdict == K else FAIL if u.verdict == BK else MUTED
                rows.append(
                    f"<tr><td>{html.escape(u.code)}<br><span style='color:{MUTED}'>"
                    f"{html.escape(_short(u.title.get(lang), 60))}</span></td>"
                    f"<td align='right' style='color:{color}'><b>{html.escape(verdict)}</b>"
                    f"<br>{u.achieved}/{u.total}</td></tr>")
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

        # --- sections
        rows = []
        for s in result.sections:
            if s.percent is None and not s.critical_failures:
                continue
            sec = self._sections.get(s.name)
            title = _short(section_title(sec, lang) if sec else s.title.get(lang), 90)
            pct = f"{number(s.percent, lang)} %" if s.percent is not None else "—"
            mark = "✓" if s.passed else "✗"
            color = PASS if s.passed else FAIL
            thr = ""
            if s.threshold is not None:
                limit = _("batas {n} %").format(
                    n=number(s.threshold, lang))
                thr = f"<br><span style='color:{MUTED}'>{html.escape(limit)}</span>"
            rows.append(f"<tr><td>{html.escape(title)}{thr}</td>"
                        f"<td align='right' style='color:{color}'>{pct}&nbsp;{mark}</td></tr>")
        self.sections_label.setText(f"<table width='100%' cellspacing='0' cellpadding='2'>"
                                    f"{''.join(rows)}</table>")
        self.sections_title.setVisible(bool(rows))
        self.sections_label.setVisible(bool(rows))

        crit = [self._link(name) for name in result.critical_failures]
        self.critical_label.setText("<br>".join(crit))
        self.critical_label.setStyleSheet(f"color: {FAIL};")
        self.critical_title.setVisible(bool(crit))
        self.critical_label.setVisible(bool(crit))
