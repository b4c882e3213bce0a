"""The store-change bus (ui/tasks.py): a write announces what it changed, each view
refreshes itself from that one signal, debounced; a write made on one page refreshes the
lists of the others. (More cross-page cases live with their flows: test_shell_flows,
test_shell_settings, test_office_flow, test_office_pages.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from assessor_app.core.template_loader import load_template_text
from assessor_app.services.runtime import Services
from assessor_app.ui.main_window import PAGE_ASSESSMENTS, MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import (
    ASSESSMENTS,
    REGISTRY,
    REVIEWS,
    VISITS,
    Op,
    Outcome,
    StoreWatch,
    SyncExecutor,
    store_events,
)
from tests.gui.conftest import OpenMainWindow, host
from tests.sync.conftest import make_services

# ------------------------------------------------------------------ the bus and a watch


def test_a_watch_passes_on_only_its_topics_at_once_then_once_per_pause(qtbot: Any) -> None:
    widget = host(qtbot, shown=True)
    calls: list[frozenset[str]] = []
    watch = StoreWatch(widget, (ASSESSMENTS, VISITS), calls.append, delay_ms=60_000)
    bus = store_events()
    bus.announce(REGISTRY)  # not watched
    assert watch.pending == frozenset()
    bus.announce(ASSESSMENTS)
    bus.announce(VISITS, REGISTRY)  # same turn of the event loop: delivered together
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert calls == [frozenset({ASSESSMENTS, VISITS})]
    # more writes soon after (an editor saving answer after answer): gathered until the
    # pause is over, not delivered one by one
    bus.announce(ASSESSMENTS)
    bus.announce(ASSESSMENTS)
    QApplication.processEvents()
    assert len(calls) == 1 and watch.pending == frozenset({ASSESSMENTS})
    watch.deliver()  # what the timer does when the pause is over
    assert calls[1:] == [frozenset({ASSESSMENTS})] and watch.pending == frozenset()


def test_a_hidden_window_catches_up_when_it_is_shown(qtbot: Any) -> None:
    widget = host(qtbot)
    calls: list[frozenset[str]] = []
    watch = StoreWatch(widget, (REVIEWS,), calls.append)
    store_events().announce(REVIEWS)
    watch.deliver()
    assert calls == [] and watch.pending == frozenset({REVIEWS})
    widget.show()
    qtbot.waitUntil(lambda: calls == [frozenset({REVIEWS})])


def test_an_op_announces_what_it_changed_only_when_it_succeeded(qtbot: Any) -> None:
    bus = store_events()
    with qtbot.waitSignal(bus.changed) as got:
        Op(None, lambda: 1, executor=SyncExecutor()).changes(VISITS, REGISTRY).run()
    assert got.args == [frozenset({VISITS, REGISTRY})]

    def refused() -> None:
        raise RuntimeError("nothing was written")

    failures: list[BaseException] = []
    with qtbot.assertNotEmitted(bus.changed):
        Op(None, refused, executor=SyncExecutor()).changes(VISITS).failure(
            failures.append).run()
    assert len(failures) == 1
    with pytest.raises(ValueError, match="visit"):
        Op(None, lambda: 1).changes("visit")  # a typo would refresh nothing: refused


class HeldExecutor:
    """Runs a task only when told to (the lane is slower than the user)."""

    def __init__(self) -> None:
        self.held: list[tuple[Callable[[], Any], Callable[[Outcome], None]]] = []

    def submit(self, fn: Callable[[], Any], done: Callable[[Outcome], None]) -> None:
        self.held.append((fn, done))

    def release(self) -> None:
        held, self.held = self.held, []
        for fn, done in held:
            try:
                outcome = Outcome(fn())
            except Exception as exc:  # noqa: BLE001 - delivered as the task's failure
                outcome = Outcome(error=exc)
            done(outcome)

    def wait_for_done(self, msecs: int = -1) -> bool:
        return not self.held

    @property
    def busy(self) -> bool:
        return bool(self.held)


def test_a_write_is_announced_even_when_its_window_closed_first(qtbot: Any) -> None:
    parent = QWidget()
    lane = HeldExecutor()
    results: list[str] = []
    Op(parent, lambda: "saved", executor=lane).changes(ASSESSMENTS).success(
        results.append).run()
    shiboken6.delete(parent)
    with qtbot.waitSignal(store_events().changed) as got:
        lane.release()
    assert got.args == [frozenset({ASSESSMENTS})]
    assert results == []  # the window is gone: its callback is not run


def test_an_op_switches_its_controls_off_until_it_is_done(qtbot: Any) -> None:
    parent = host(qtbot)
    button = QPushButton("Simpan", parent)
    lane = HeldExecutor()
    Op(parent, lambda: "saved", executor=lane).disabling(button).run()
    assert not button.isEnabled()  # no second click while the lane works
    lane.release()
    assert button.isEnabled()

    def refused() -> None:
        raise RuntimeError("nothing was written")

    failures: list[BaseException] = []
    Op(parent, refused, executor=lane).disabling(button).failure(failures.append).run()
    assert not button.isEnabled()
    lane.release()
    assert len(failures) == 1 and button.isEnabled()  # back on after a failure too


# ------------------------------------------------------------------ one page, another page


@pytest.fixture()
def window(open_main_window: OpenMainWindow, services: Any) -> MainWindow:
    return open_main_window(services)


def test_an_answer_saved_in_an_assessment_window_reorders_the_list(
        qtbot: Any, window: MainWindow, services: Any) -> None:
    """ASSESSMENTS: the editor's save queue announces its saves; the list (sorted by the
    last change) brings the assessment just answered to the top."""
    inst = services.registry.add_institution("LPK Urutan")
    older = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    newer = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    window.refresh_all()
    page = window.assessments_page
    assert [page.model.row_at(r).id for r in range(2)] == [newer.id, older.id]
    child = window.open_assessment(older.id)
    assert child is not None
    qtbot.waitExposed(child)
    editor: Any = child.editor
    assert editor.focus_item("moda_pelatihan")
    luring = editor.item_widget("moda_pelatihan").control.buttons[0]
    with qtbot.waitSignal(store_events().changed,
                          check_params_cb=lambda topics: ASSESSMENTS in topics):
        qtbot.mouseClick(luring, Qt.MouseButton.LeftButton)
    assert services.assessments.answers(older.id).value("moda_pelatihan") == "luring"
    qtbot.waitUntil(lambda: page.model.row_at(0).id == older.id)
    window.show_page(PAGE_ASSESSMENTS)
    child.close()


def test_a_new_visit_made_while_starting_an_assessment_shows_on_the_visits_page(
        qtbot: Any, window: MainWindow, services: Any) -> None:
    """VISITS: the new-assessment dialog (from the assessment list) stores a new visit."""
    inst = services.registry.add_institution("LPK Kunjungan Baru", city="Ambon")
    window.refresh_all()
    assert window.visits_page.model.rowCount() == 0
    dialog = window.new_assessment(template_code="JKP.LPK.01")
    assert dialog.select_subject(inst.id)
    form = dialog.use_new_visit()
    qtbot.keyClicks(form.letter_no, "12/ST/2026")
    form.date.set_day(QDate(2026, 11, 24))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visits_page.model.rowCount() == 1)
    assert window.visits_page.model.index(0, 0).data() == "12/ST/2026"
    assert window.visits_page.model.index(0, 1).data() == "LPK Kunjungan Baru"
    for w in list(window.windows.values()):
        w.close()


PACK_TEMPLATE = """\
template: 1
code: T.PAKET
version: "1"
kind: institutional
subject: institution
title: Templat dari kantor
sections:
  - name: s
    title: S
    items:
      - { name: catatan, type: text, label: Catatan }
"""


def test_an_assignment_pack_fills_the_laptops_pages(
        qtbot: Any, tmp_path: Path, golden_data_dir: Path,
        open_main_window: OpenMainWindow) -> None:
    """TEMPLATES, REGISTRY, VISITS: "Impor paket tugas" (the Kirim menu) refreshes the
    Templat, Lembaga and Kunjungan pages."""
    laptop: Services = make_services(tmp_path, name="laptop", golden=golden_data_dir)
    office: Services = make_services(tmp_path, name="office", golden=golden_data_dir)
    try:
        office.templates.install(load_template_text(PACK_TEMPLATE, "paket.yaml"))
        budi = office.registry.add_assessor("Budi Lapangan")
        inst = office.registry.add_institution("LPK Dari Kantor")
        office.registry.add_visit(institution_id=inst.id, letter_no="7/ST/2026",
                                  assessors=[(budi.id, "KETUA")], place="Kupang",
                                  start_date="2026-12-01")
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi",
                                 budi.id)
        pack = office.sync.create_pack(budi.id, tmp_path / "usb")
        window = open_main_window(laptop, settings=AppSettings(tmp_path / "lap.ini"))
        codes = {window.templates_page.model.row_at(r).code
                 for r in range(window.templates_page.model.rowCount())}
        assert "T.PAKET" not in codes
        assert window.institutions_page.model.rowCount() == 0
        with qtbot.waitSignal(window.field_sync.finished):
            window.field_sync.import_pack(pack.path)
        assert window.field_sync.last_box is not None
        window.field_sync.last_box.close()

        def templates() -> set[str]:
            model = window.templates_page.model
            return {model.row_at(r).code for r in range(model.rowCount())}

        qtbot.waitUntil(lambda: "T.PAKET" in templates())
        qtbot.waitUntil(lambda: window.institutions_page.model.rowCount() == 1)
        assert window.institutions_page.model.index(0, 0).data() == "LPK Dari Kantor"
        qtbot.waitUntil(lambda: window.visits_page.model.rowCount() == 1)
        assert window.visits_page.model.index(0, 0).data() == "7/ST/2026"
        # ... and the new template and institution are offered as filters of the list
        page = window.assessments_page
        assert page.template_filter.findData("T.PAKET") > 0
        assert page.institution_filter.findData(inst.id) > 0
    finally:
        laptop.store.close(clean=True)
        office.store.close(clean=True)
