"""The main window: the list of assessments in the store, searchable and filterable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME, __version__
from assessor_app.services.assessments import ListFilter
from assessor_app.services.runtime import Services
from assessor_app.ui.models.assessment_list import STATUS_LABELS, AssessmentListModel

TEXT = {
    "id": {"search": "Cari subjek, templat atau ID…", "all": "Semua status",
           "count": "{shown} dari {total} penilaian", "title": "Penilaian"},
    "en": {"search": "Search subject, template or ID…", "all": "All statuses",
           "count": "{shown} of {total} assessments", "title": "Assessments"},
}


class MainWindow(QMainWindow):
    def __init__(self, services: Services, lang: str = "id", parent: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = lang
        t = TEXT[lang]
        self.setWindowTitle(f"{APP_DISPLAY_NAME} {__version__} — {t['title']}")
        self.model = AssessmentListModel(services.assessments, lang, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(t["search"])
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(t["all"], None)
        for key, label in STATUS_LABELS[lang].items():
            self.status_filter.addItem(label, key)
        self.count_label = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.count_label)
        layout = QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        central = QWidget(self)
        central.setLayout(layout)
        self.setCentralWidget(central)

        # Search as you type, debounced so a fast typist causes one query.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.model.rowsInserted.connect(self._update_count)
        self.apply_filter()
        self._restore_geometry()

    def apply_filter(self) -> None:
        self.model.set_filter(ListFilter(search=self.search.text(),
                                         status=self.status_filter.currentData()))
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(TEXT[self.lang]["count"].format(
            shown=self.model.rowCount(), total=self.model.total))

    def _settings(self) -> QSettings:
        return QSettings(str(self.services.paths.settings_path), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 680)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only window geometry is saved here: every answer is already committed.
        self._settings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]
