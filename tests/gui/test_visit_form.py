"""The visit form asks for the visit's days and leaves its hours empty unless typed: it
saved the machine's today and 08.00-16.00 when nobody touched them (and that day went into
every FR.IA "Tanggal" of the visit), and it could not make a two-day visit."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest

from assessor_app.ui.models.format import format_date_range
from assessor_app.ui.models.registry_models import VisitListModel
from assessor_app.ui.views.common import EmptyDateEdit
from assessor_app.ui.views.visit_form import VisitDialog, clock_value
from tests.gui.conftest import host


def _dialog(qtbot: Any, services: Any) -> VisitDialog:
    dialog = VisitDialog(services.registry, "id")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _save(qtbot: Any, dialog: VisitDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.isEnabled())


def _fill_required_text(qtbot: Any, dialog: VisitDialog) -> None:
    qtbot.keyClicks(dialog.form.letter_no, "118/LA-LPK/ST/XI/2026")
    qtbot.keyClicks(dialog.form.place, "Pontianak")


def test_the_days_start_empty_and_nothing_is_saved_without_them(
        qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    form = dialog.form
    assert form.date.day() is None and form.end_date.day() is None
    assert form.date.text() == "— pilih tanggal —"
    assert form.start_time.text() == "" and form.end_time.text() == ""
    _fill_required_text(qtbot, dialog)
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved is None
    assert form.date_error.isVisible()
    assert form.date_error.text() == "Pilih tanggal kunjungan (dari surat tugas)."
    assert dialog.focusWidget() is form.date
    assert services.registry.visits() == []


def test_a_visit_saved_with_its_day_has_no_invented_hours(qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    _fill_required_text(qtbot, dialog)
    form = dialog.form
    form.date.setFocus()
    QTest.keyClicks(form.date, "24112026")  # typed over the placeholder
    assert form.date.day() == QDate(2026, 11, 24)
    assert form.end_date.day() == QDate(2026, 11, 24)  # one day unless moved on
    assert not form.date_error.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [visit] = services.registry.visits()
    assert (visit.start_date, visit.end_date, visit.start_time, visit.end_time) == (
        "2026-11-24", "2026-11-24", None, None)


def test_a_two_day_visit_with_its_hours(qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    _fill_required_text(qtbot, dialog)
    form = dialog.form
    form.date.set_day(QDate(2026, 11, 19))
    form.end_date.set_day(QDate(2026, 11, 20))
    qtbot.keyClicks(form.start_time, "9.00")
    qtbot.keyClicks(form.end_time, "16:00")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [visit] = services.registry.visits()
    assert (visit.start_date, visit.end_date, visit.start_time, visit.end_time) == (
        "2026-11-19", "2026-11-20", "09.00", "16.00")
    # the list shows both days
    parent = host(qtbot)
    model = VisitListModel(services.registry, "id", parent)
    model.refresh()
    assert model.index(0, 3).data() == "19–20 Nov 2026"


def test_the_end_follows_the_start_until_it_is_moved_and_never_lies_before_it(
        qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    form = dialog.form
    form.date.set_day(QDate(2026, 11, 19))
    form.date.set_day(QDate(2026, 11, 18))  # a corrected start: the end follows
    assert form.end_date.day() == QDate(2026, 11, 18)
    form.end_date.set_day(QDate(2026, 11, 20))
    form.date.set_day(QDate(2026, 11, 19))  # the end was moved on: it stays
    assert form.end_date.day() == QDate(2026, 11, 20)
    form.date.set_day(QDate(2026, 11, 22))  # a start after the end takes the end along
    assert form.end_date.day() == QDate(2026, 11, 22)
    form.end_date.set_day(QDate(2026, 11, 21))  # typed before the start: refused
    _fill_required_text(qtbot, dialog)
    _save(qtbot, dialog)
    assert dialog.isVisible() and services.registry.visits() == []
    assert form.date_error.text() == "Tanggal selesai tidak boleh sebelum tanggal mulai."
    assert dialog.focusWidget() is form.end_date


def test_hours_must_be_hours_and_end_after_they_start(qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    _fill_required_text(qtbot, dialog)
    form = dialog.form
    form.date.set_day(QDate(2026, 11, 19))
    qtbot.keyClicks(form.start_time, "8x3")  # letters cannot be typed at all
    assert form.start_time.text() == "83"
    _save(qtbot, dialog)
    assert form.time_error.text() == "Jam ditulis JJ.MM, mis. 08.30 (atau kosongkan)."
    form.start_time.setText("14.00")
    form.end_time.setText("08.00")
    _save(qtbot, dialog)
    assert form.time_error.text() == "Jam selesai harus sesudah jam mulai."
    assert services.registry.visits() == []
    form.end_time.clear()  # one of the two is enough
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [visit] = services.registry.visits()
    assert (visit.start_time, visit.end_time) == ("14.00", None)


def test_clock_values() -> None:
    assert [clock_value(t) for t in ("8.30", "08:30", " 23.59 ", "24.00", "8", "", "8.3")] \
        == ["08.30", "08.30", "23.59", None, None, None, None]


def test_the_new_assessment_dialog_asks_for_the_day_of_a_new_visit(
        qtbot: Any, services: Any) -> None:
    from assessor_app.ui.views.new_assessment import NewAssessmentDialog

    inst = services.registry.add_institution("LPK Khatulistiwa", city="Pontianak")
    dialog = NewAssessmentDialog(services, "id", None, "JKP.LPK.01")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select_subject(inst.id)
    form = dialog.use_new_visit()
    qtbot.keyClicks(form.letter_no, "7/ST/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and form.date_error.isVisible()
    assert services.registry.visits() == [] and services.assessments.list() == []
    form.date.set_day(QDate(2026, 11, 19))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [visit] = services.registry.visits()
    assert (visit.start_date, visit.start_time) == ("2026-11-19", None)


@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_an_empty_date_field_opens_its_calendar_on_this_month(qtbot: Any) -> None:
    parent = host(qtbot, shown=True)
    edit = EmptyDateEdit(parent, "— pilih tanggal —")
    edit.show()
    qtbot.waitExposed(edit)
    calendar = edit.calendarWidget()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton,
                     pos=QPoint(edit.width() - 6, edit.height() // 2))  # the arrow
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert edit.day() is None  # opening it chose nothing
    calendar.window().hide()
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_Up)  # the first step starts at today, not 02-01-2000
    assert edit.day() == today


def test_visit_days_in_the_lists() -> None:
    assert format_date_range("2026-11-17", "2026-11-17") == "17 Nov 2026"
    assert format_date_range("2026-11-17", None) == "17 Nov 2026"
    assert format_date_range("2026-11-19", "2026-11-20") == "19–20 Nov 2026"
    assert format_date_range("2026-11-30", "2026-12-01") == "30 Nov – 1 Des 2026"
    assert format_date_range("2026-11-30", "2026-12-01", "en") == "30 Nov – 1 Dec 2026"
    assert format_date_range("2026-12-31", "2027-01-02") == "31 Des 2026 – 2 Jan 2027"
    assert format_date_range(None, None) == "—"
