"""Dasbor: counts and results by institution, template, verdict and month, with bar charts.

The figures come from :meth:`OfficeService.dashboard` (computed on the DB lane); the page
only turns its :class:`Bucket` lists into :class:`Bar` lists. Competency records (BNSP)
count as K / BK / OL, institutional ones as passed / failed with a mean score; never one
for the other. Bars of institutions, templates and months are stacked: K or passed
(green), BK or failed (red), OL (amber), the rest (grey: drafts or no result).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.formatting import (
    COMPETENCY_VERDICTS,
    percent_number,
    verdict_label,
    verdict_long,
)
from assessor_app.i18n import _
from assessor_app.services.office import Bucket, Dashboard, DashboardFilter, OfficeService
from assessor_app.services.runtime import Services
from assessor_app.ui.flow_layout import FlowLayout
from assessor_app.ui.models.format import format_datetime, short_month
from assessor_app.ui.office.chart import Bar, BarChart
from assessor_app.ui.tasks import ASSESSMENTS, REGISTRY, TEMPLATES, Executor
from assessor_app.ui.views.base import LaneRead, Page
from assessor_app.ui.views.common import (
    filter_combo,
    hbox,
    hint_label,
    optional_date,
    optional_date_edit,
    refill_template_and_institution_filters,
    scroll_area,
    vbox,
)

PASSED, FAILED, FURTHER, OTHER = "#2f855a", "#c53030", "#c27c0e", "#a0aec0"
VERDICT_COLOURS = {"K": PASSED, "pass": PASSED, "BK": FAILED, "fail": FAILED, "OL": FURTHER,
                   "": OTHER}  # no result (drafts) is grey, as in the stacked bars


def office_service(services: Services) -> OfficeService:
    return services.office


def _bar_label(verdict: str) -> str:
    """Short under a bar: K, BK, OL (the tooltip says the words), Lulus, a grade."""
    if verdict in COMPETENCY_VERDICTS:
        return verdict
    return verdict_label(verdict) if verdict else _("tanpa hasil")


def _pct(value: float | None) -> str:
    return percent_number(value)


class StatCard(QFrame):
    """A big number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setStyleSheet("QFrame#statCard { background: #f7f9fc; border: 1px solid #d9dfe7; "
                           "border-radius: 6px; }")
        self.value = QLabel("—", self)
        self.value.setStyleSheet("font-size: 17pt; font-weight: 700; color: #1f3a5f; "
                                 "border: none;")
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #5b6673; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


class DashboardPage(Page):
    export_requested = Signal(str)  # template code ("" = none chosen)
    institution_clicked = Signal(str)  # institution id

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Dasbor"))
        self.office = office_service(services)
        self.dashboard: Dashboard | None = None
        self.reader = LaneRead(self, self._read, self.show_dashboard, self._on_failed,
                               self._busy)

        self.updated_label = QLabel(self)
        self.updated_label.setObjectName("count")
        self.template_filter = filter_combo(self, _("Templat"), 14)
        self.institution_filter = filter_combo(self, _("Lembaga"), 18)
        self.date_from = optional_date_edit(self, _("Dari tanggal"))
        self.date_to = optional_date_edit(self, _("Sampai tanggal"))
        self.drafts = QCheckBox(_("Termasuk draf"), self)
        self.drafts.setChecked(True)
        self.refresh_button = QPushButton(_("&Perbarui"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(_("&Ekspor data…"), self)
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(
            lambda: self.export_requested.emit(self.template_filter.currentData() or ""))

        self.cards = {
            "total": StatCard(_("penilaian"), self),
            "finalised": StatCard(_("final"), self),
            "competent": StatCard(_("rekaman kompeten (K)"), self),
            "not_competent": StatCard(_("rekaman belum kompeten (BK)"), self),
            "further": StatCard(_("rekaman observasi lanjut (OL)"), self),
            "passed": StatCard(_("lembaga lulus"), self),
            "failed": StatCard(_("lembaga tidak lulus"), self),
            "mean": StatCard(_("rata-rata nilai lembaga"), self),
        }
        self.count_note = hint_label(_(
            "Hitungan aplikasi per rekaman (formulir), bukan per orang: satu asesi tercatat "
            "di beberapa formulir (rekomendasi FR.IA, keputusan FR.AK.02). Keputusan "
            "kompeten atau belum kompeten seorang asesi adalah FR.AK.02-nya."), self)
        legend = [(_("K / lulus"), PASSED), (_("BK / tidak lulus"), FAILED),
                  (_("OL"), FURTHER), (_("lainnya / draf"), OTHER)]
        empty = _("Belum ada data")
        self.institution_chart = BarChart(_("Per lembaga"), Qt.Orientation.Horizontal,
                                          self)
        self.template_chart = BarChart(_("Per templat"), Qt.Orientation.Horizontal, self)
        # results are words of different lengths ("K", "Direkomendasikan", "tanpa hasil"):
        # side by side under narrow columns some went unlabelled, so each gets its row
        self.verdict_chart = BarChart(_("Per hasil"), Qt.Orientation.Horizontal, self)
        self.month_chart = BarChart(_("Per bulan"), Qt.Orientation.Vertical, self)
        for chart in (self.institution_chart, self.template_chart, self.month_chart):
            chart.set_legend(legend)
        for chart in self.charts():
            chart.set_empty_text(empty)
        self.institution_chart.bar_clicked.connect(self._on_institution_clicked)

        # the filters go on to a second line where one is too narrow (1024x600 at 150 %
        # cut "Termasuk draf" and "Perbarui"); the period keeps together
        filters = QWidget(self)
        flow = FlowLayout(filters)
        flow.setContentsMargins(0, 0, 0, 0)
        period = QWidget(filters)
        row = hbox(QLabel(_("Periode"), period), self.date_from, QLabel("–", period),
                   self.date_to)
        row.setContentsMargins(0, 0, 0, 0)
        period.setLayout(row)
        for part in (self.template_filter, self.institution_filter, period, self.drafts,
                     self.refresh_button):
            flow.addWidget(part)
        # two rows: the count and the competency results (K/BK/OL), then finalised and
        # the institutional results (pass/fail, mean score); never mixed in one figure
        cards = QGridLayout()
        for n, key in enumerate(("total", "competent", "not_competent", "further",
                                 "finalised", "passed", "failed", "mean")):
            cards.addWidget(self.cards[key], n // 4, n % 4)
        for column in range(4):
            cards.setColumnStretch(column, 1)
        grid = QGridLayout()
        grid.addWidget(self.institution_chart, 0, 0)
        grid.addWidget(self.template_chart, 0, 1)
        grid.addWidget(self.month_chart, 1, 0)
        grid.addWidget(self.verdict_chart, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget(self)
        vbox(body, cards, self.count_note, grid, None, margins=False)
        scroll = scroll_area(self, body)
        self.add_to_head(self.updated_label, self.export_button)
        self.add_to_body(filters, (scroll, 1))

        self.refresh_choices()
        for combo in (self.template_filter, self.institution_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.drafts.toggled.connect(lambda _on: self.refresh())
        self.watch_store((ASSESSMENTS, REGISTRY, TEMPLATES), self._on_store_changed)

    def _on_store_changed(self, topics: frozenset[str]) -> None:
        if topics & {REGISTRY, TEMPLATES}:
            self.refresh_choices()
        if self.isVisible():
            self.refresh()
        else:
            self.dashboard = None  # recomputed when shown

    def charts(self) -> list[BarChart]:
        return [self.institution_chart, self.template_chart, self.verdict_chart,
                self.month_chart]

    def refresh_choices(self) -> None:
        """Template and institution lists (after an institution or template was added)."""
        refill_template_and_institution_filters(self.services, self.lang, self.template_filter,
                                                self.institution_filter)

    def current_filter(self) -> DashboardFilter:
        return DashboardFilter(template_code=self.template_filter.currentData(),
                               institution_id=self.institution_filter.currentData(),
                               date_from=optional_date(self.date_from),
                               date_to=optional_date(self.date_to),
                               include_drafts=self.drafts.isChecked())

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        self.reader.run()

    @property
    def loading(self) -> bool:
        return self.reader.running

    def _read(self) -> Callable[[], Dashboard]:
        flt, lang, office = self.current_filter(), self.lang, self.office
        return lambda: office.dashboard(flt, lang=lang)

    def _busy(self, on: bool) -> None:
        self.refresh_button.setEnabled(not on)
        if on:
            self.updated_label.setText(_("Menghitung…"))

    def _on_failed(self, exc: BaseException) -> None:
        from assessor_app.ui.errors import describe_error

        self.updated_label.setText(describe_error(exc, self.lang))

    def show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        o = board.overall
        self.cards["total"].set_value(str(o.total))
        self.cards["finalised"].set_value(str(o.finalised))
        self.cards["competent"].set_value(str(o.competent))
        self.cards["not_competent"].set_value(str(o.not_competent))
        self.cards["further"].set_value(str(o.further))
        self.cards["passed"].set_value(str(o.passed))
        self.cards["failed"].set_value(str(o.failed))
        self.cards["mean"].set_value(_pct(o.mean_score))
        # pass/fail and a mean score exist only for templates with a pass mark (none of the
        # shipped institutional checklists has one): no empty "0 lulus" beside them
        scored = bool(o.passed or o.failed or o.mean_score is not None)
        for key in ("passed", "failed", "mean"):
            self.cards[key].setVisible(scored)
        rate = _pct(o.pass_rate)
        self.cards["passed"].setToolTip(_("tingkat kelulusan {rate}").format(rate=rate))
        none = _("(tanpa lembaga)")
        self.institution_chart.set_bars([self._stacked(b, b.label or none)
                                         for b in board.institutions[:15]])
        self.template_chart.set_bars([self._stacked(b, b.key or "—") for b in board.templates])
        self.month_chart.set_bars([self._stacked(b, self._month(b.key)) for b in board.months])
        self.verdict_chart.set_bars([
            Bar(_bar_label(b.key), b.total, b.key,
                _("{label}: {n} penilaian").format(
                    label=verdict_long(b.key) if b.key else _("tanpa hasil / draf"),
                    n=b.total), colour=VERDICT_COLOURS.get(b.key, "#2c5282"))
            for b in board.verdicts])
        self.updated_label.setText(_("Dihitung {when}").format(
            when=format_datetime(board.generated_at, self.lang)))

    def _month(self, key: str) -> str:
        if len(key) == 7:
            return f"{short_month(int(key[5:]), self.lang)} {key[2:4]}"
        return key

    def _stacked(self, b: Bucket, label: str) -> Bar:
        good, bad = b.competent + b.passed, b.not_competent + b.failed
        other = max(0, b.total - good - bad - b.further)
        lines = [_("{label}\n{total} penilaian").format(label=label, total=b.total)]
        if b.competent or b.not_competent or b.further:
            lines.append(_("kompetensi: {k} K, {bk} BK, {ol} OL").format(
                k=b.competent, bk=b.not_competent, ol=b.further))
        if b.passed or b.failed or b.mean_score is not None:
            lines.append(_("lembaga: {passed} lulus, {failed} tidak lulus, rata-rata nilai "
                           "{mean}").format(passed=b.passed, failed=b.failed,
                                            mean=_pct(b.mean_score)))
        lines.append(_("{other} lainnya").format(other=other))
        return Bar(label, float(b.total), b.key, "\n".join(lines),
                   parts=((good, PASSED), (bad, FAILED), (b.further, FURTHER),
                          (other, OTHER)))

    def _on_institution_clicked(self, key: str) -> None:
        if key:
            self.institution_clicked.emit(key)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.dashboard is None and not self.loading:
            self.refresh()
