"""Alur sertifikasi in the GUI: the event of tests/unit/test_certification_event.py driven
through the event window of a visit. Every start, open and refill goes through the view's
buttons; the records are filled and signed through the services (the editor has its own
tests), which then announce the change on the store-change bus as the editor does."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from assessor_app.services.templates import stable_id
from assessor_app.ui.main_window import PAGE_VISITS, MainWindow
from assessor_app.ui.models.event_models import STEP_ROLE, VERDICT_ROLE
from assessor_app.ui.tasks import ASSESSMENTS, store_events
from assessor_app.ui.views.event_view import AddAsesiDialog, EventView
from tests.gui.conftest import OpenMainWindow, turn_wheel
from tests.gui.test_drafts import answer_box
from tests.helpers import add_lpk, fill, install_scheme, sign_all

LEFT = Qt.MouseButton.LeftButton


def add_visit(services: Any, letter_no: str = "ST-12/LSP/XI/2026", **fields: Any) -> Any:
    return services.registry.add_visit(
        institution_id=add_lpk(services).id, letter_no=letter_no, place="BLK Tirtamulya",
        tuk_type="sewaktu", start_date="2026-11-20", **fields)


def open_event(qtbot: Any, window: MainWindow, visit_id: str) -> EventView:
    """Kunjungan page: select the visit, press "Alur sertifikasi…"."""
    window.show_page(PAGE_VISITS)
    page = window.visits_page
    qtbot.waitUntil(lambda: page.model.row_where(lambda v: v.id == visit_id) >= 0)
    page.table.selectRow(page.model.row_where(lambda v: v.id == visit_id))
    qtbot.mouseClick(page.event_button, LEFT)
    event_window = window.event_windows[visit_id]
    qtbot.waitExposed(event_window)
    view = event_window.view
    qtbot.waitUntil(lambda: view.snapshot is not None)
    return view


def cell(view: EventView, name: str, form: str) -> QModelIndex:
    return view.model.cell(name, form)


def shown(view: EventView, name: str, form: str) -> tuple[str, str | None]:
    """The state word and the verdict of a cell."""
    index = cell(view, name, form)
    return index.data(), index.data(VERDICT_ROLE)


def changed_elsewhere() -> None:
    """What the editor does after each saved answer or signature."""
    store_events().announce(ASSESSMENTS)


def press(qtbot: Any, view: EventView, name: str, form: str) -> None:
    """Select the cell and press the action button under the title (Mulai / Buka)."""
    view.grid.setCurrentIndex(cell(view, name, form))
    qtbot.mouseClick(view.action_button, LEFT)


def start(qtbot: Any, window: MainWindow, view: EventView, name: str, form: str) -> str:
    """"Mulai" on a cell: the record is created, shows as draf and opens in the editor (the
    editor window is closed again here). Returns its revision id."""
    press(qtbot, view, name, form)
    qtbot.waitUntil(lambda: shown(view, name, form)[0] == "draf")
    rid = cell(view, name, form).data(STEP_ROLE).revision_id
    editors = [w for w in window.windows.values() if w.revision_id == rid]
    assert len(editors) == 1, f"{form} of {name} did not open in the editor"
    editors[0].close()
    return str(rid)


def complete(qtbot: Any, view: EventView, svc: Any, rid: str, name: str, form: str,
             **answers: str) -> None:
    fill(svc, rid, **answers)
    sign_all(svc, rid)
    changed_elsewhere()
    qtbot.waitUntil(lambda: shown(view, name, form)[0] == "ditandatangani")


def add_person(qtbot: Any, view: EventView, assessee_id: str, name: str) -> None:
    """"Tambah asesi…": pick the asesi; their FR.APL.01 starts."""
    qtbot.mouseClick(view.add_button, LEFT)
    dialog = view.add_dialog
    assert isinstance(dialog, AddAsesiDialog) and dialog.isVisible()
    assert dialog.select(assessee_id)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: view.model.row_of(assessee_id) >= 0)
    assert shown(view, name, "FR.APL.01")[0] == "draf"


def units_row(view: EventView, name: str) -> tuple[str, str, str]:
    """Select the asesi's row; (proposal, decision, note) of their first unit."""
    view.grid.setCurrentIndex(cell(view, name, "FR.APL.01"))
    assert name in view.units_title.text()
    m = view.units_model
    return m.text(0, 1), m.text(0, 2), m.text(0, 3)


def every_text(view: EventView) -> list[str]:
    m = view.model
    out = []
    for r in range(m.rowCount()):
        for c in range(m.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         VERDICT_ROLE):
                out.append(str(m.index(r, c).data(role) or ""))
    return out


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the window raised again
def test_the_event_from_application_to_batch_report_in_the_event_window(
        qtbot: Any, open_main_window: OpenMainWindow, services: Any) -> None:
    install_scheme(services)
    svc, reg = services.assessments, services.registry
    visit = add_visit(services)
    dewi = reg.add_assessee("Dewi Lestari", nik="3374015203990002", gender="P")
    yoga = reg.add_assessee("Yoga Pratama", nik="3374011105980003", gender="L")
    window = open_main_window(services)
    view = open_event(qtbot, window, visit.id)
    assert window.open_event(visit.id).view is view  # one window per visit
    assert view.scheme_combo.currentData() == "SKM/LSP-P2-BLKTM/003/2024"
    assert view.scheme_combo.toolTip() == view.scheme_combo.currentText()  # whole title
    assert view.scheme_combo.toolTip().endswith("Klaster Pemrograman Antarmuka Pengguna")
    assert view.scheme_note.isVisible()  # the visit has no scheme: the installed one shown
    assert view.model.rowCount() == 0 and view.grid_empty.isVisible()
    assert "Belum ada asesi" in view.missing_list.item(0).text()

    # asesi enter the event with their FR.APL.01, picked from the registry
    add_person(qtbot, view, dewi.id, "Dewi Lestari")
    assert window.windows, "the FR.APL.01 opens in the editor"
    for w in list(window.windows.values()):
        w.close()
    add_person(qtbot, view, yoga.id, "Yoga Pratama")
    for w in list(window.windows.values()):
        w.close()
    header = [view.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(view.model.columnCount())]
    assert header == ["Asesi", "APL.01", "APL.02", "AK.01", "IA.01", "IA.02", "IA.03",
                      "IA.05", "IA.07", "AK.02", "AK.03", "AK.04"]
    assert shown(view, "Yoga Pratama", "FR.IA.01") == ("belum", None)

    # FR.IA.01 before the signed FR.AK.01: refused in plain words, nothing created
    count = svc.count()
    press(qtbot, view, "Dewi Lestari", "FR.IA.01")
    assert view.notice.isVisible()
    assert "FR.IA.01 belum dapat dimulai" in view.notice.text()
    assert "FR.AK.01" in view.notice.text()
    assert svc.count() == count and shown(view, "Dewi Lestari", "FR.IA.01")[0] == "belum"

    for name in ("Dewi Lestari", "Yoga Pratama"):
        rid = cell(view, name, "FR.APL.01").data(STEP_ROLE).revision_id
        complete(qtbot, view, svc, rid, name, "FR.APL.01", rekomendasi="diterima")
        for form in ("FR.APL.02", "FR.AK.01"):
            rid = start(qtbot, window, view, name, form)
            complete(qtbot, view, svc, rid, name, form)
    assert not view.notice.isVisible()  # the next action cleared the refusal

    # "Buka" on a record that exists opens it in the editor
    press(qtbot, view, "Dewi Lestari", "FR.AK.01")
    assert view.action_button.text() == "Buka AK.01"
    opened = [w for w in window.windows.values()
              if w.revision_id == cell(view, "Dewi Lestari", "FR.AK.01").data(STEP_ROLE)
              .revision_id]
    assert len(opened) == 1
    opened[0].close()

    # FR.IA.01: Dewi misses KUK 2.4, Yoga 1.2 -> the instrument says OL, not BK
    for name, miss in (("Dewi Lestari", "u1_e2_k4"), ("Yoga Pratama", "u1_e1_k2")):
        rid = start(qtbot, window, view, name, "FR.IA.01")
        template = svc.template_of(svc.resolve(rid))
        complete(qtbot, view, svc, rid, name, "FR.IA.01",
                 **{it.name: "tidak" if it.name == miss else "ya"
                    for it in template.walk_items() if it.kuk})
        assert shown(view, name, "FR.IA.01") == ("ditandatangani", "OL")
    proposal, decision, note = units_row(view, "Dewi Lestari")
    assert (proposal, decision) == ("BK", "—")
    assert note.startswith("KUK belum tercapai: 2.4 — tanyakan pada FR.IA.07")
    assert "FR.IA.01 masih" not in " ".join(
        view.missing_list.item(i).text() for i in range(view.missing_list.count()))
    assert not view.status.can_close  # type: ignore[union-attr]

    # FR.IA.07 for Dewi: the oral question on KUK 2.4 answered Ya closes it
    rid = start(qtbot, window, view, "Dewi Lestari", "FR.IA.07")
    t07 = svc.template_of(svc.resolve(rid))
    question = next(it for it in t07.walk_items() if it.kuk and "2.4" in it.kuk.split())
    complete(qtbot, view, svc, rid, "Dewi Lestari", "FR.IA.07", **{question.name: "ya"})
    assert shown(view, "Dewi Lestari", "FR.IA.07") == ("ditandatangani", "K")
    proposal, decision, note = units_row(view, "Dewi Lestari")
    assert proposal == "K" and note.startswith("Semua KUK tercapai")
    assert "Observasi demonstrasi" in note and "Pertanyaan lisan" in note
    assert units_row(view, "Yoga Pratama")[0] == "BK"

    # FR.AK.02: the assessor decides K for Dewi (AK.05 started meanwhile), BK for Yoga
    rid = start(qtbot, window, view, "Dewi Lestari", "FR.AK.02")
    complete(qtbot, view, svc, rid, "Dewi Lestari", "FR.AK.02", u1_keputusan="k")
    rid = start(qtbot, window, view, "Dewi Lestari", "FR.AK.03")
    complete(qtbot, view, svc, rid, "Dewi Lestari", "FR.AK.03")
    assert shown(view, "Dewi Lestari", "FR.AK.02") == ("ditandatangani", "K")
    assert units_row(view, "Dewi Lestari")[1] == "K"
    assert "keputusan: Kompeten (K)" in view.units_title.text()

    assert view.batch_button.text().replace("&", "") == "Mulai FR.AK.05"
    assert not view.fill_button.isEnabled()
    qtbot.mouseClick(view.batch_button, LEFT)
    qtbot.waitUntil(lambda: view.batch_state.text() == "draf")
    batch = view.status.batch.revision_id  # type: ignore[union-attr]
    assert batch is not None
    assert [w.revision_id for w in window.windows.values()] == [batch]  # opened
    state = svc.state(batch)
    assert [state.value("nama_asesi", r) for r in state.answers.rows["asesi"]] == [
        "Dewi Lestari"]

    rid = start(qtbot, window, view, "Yoga Pratama", "FR.AK.02")
    complete(qtbot, view, svc, rid, "Yoga Pratama", "FR.AK.02", u1_keputusan="bk")
    rid = start(qtbot, window, view, "Yoga Pratama", "FR.AK.03")
    complete(qtbot, view, svc, rid, "Yoga Pratama", "FR.AK.03")
    assert shown(view, "Yoga Pratama", "FR.AK.02") == ("ditandatangani", "BK")
    assert units_row(view, "Yoga Pratama")[1:] == (
        "BK", "KUK belum tercapai: 1.2 — tanyakan pada FR.IA.07/IA.03")  # both ask on 1.2
    assert view.batch_button.text().replace("&", "") == "Buka FR.AK.05"
    assert view.fill_button.isEnabled()

    # "Isi dari FR.AK.02": both decisions in the batch report; its open editor reloads
    editor = next(iter(window.windows.values()))
    before = editor.editor
    qtbot.mouseClick(view.fill_button, LEFT)
    state = svc.state(batch)
    got = {state.value("nama_asesi", r): (state.value("rekomendasi", r),
                                          state.value("keterangan", r))
           for r in state.answers.rows["asesi"]}
    assert got["Dewi Lestari"] == ("k", "")
    assert got["Yoga Pratama"][0] == "bk" and "J.620100.005.02" in got["Yoga Pratama"][1]
    assert editor.editor is not before  # reloaded with the new rows
    assert "2 asesi" in view.window().statusBar().currentMessage()  # type: ignore[attr-defined]
    editor.close()
    missing = [view.missing_list.item(i).text() for i in range(view.missing_list.count())]
    assert missing == ["Laporan FR.AK.05 batch ini belum ditandatangani"]
    assert "Belum dapat ditutup (1)" in view.close_state.text()

    # the batch report signed: the day can be closed
    fill(svc, batch)
    sign_all(svc, batch)
    changed_elsewhere()
    qtbot.waitUntil(lambda: view.batch_state.text() == "ditandatangani")
    assert view.status.can_close  # type: ignore[union-attr]
    assert view.close_state.text() == "Semua lengkap: hari asesmen dapat ditutup."
    assert view.missing_list.count() == 0 and not view.missing_list.isVisible()
    assert not view.fill_button.isEnabled()
    texts = every_text(view)
    assert not any("%" in t or "lulus" in t.lower() for t in texts)


def test_the_day_prints_and_sends_from_the_visit(
        qtbot: Any, open_main_window: OpenMainWindow, services: Any, tmp_path: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12, the visit as the day's workspace: every final report of the visit saved
    at once (one verifiable PDF each), and one "Kirim hasil" for the visit."""
    from assessor_app.ui.views import event_view as event_mod

    install_scheme(services)
    svc = services.assessments
    visit = add_visit(services)
    person = services.registry.add_assessee("Dewi Lestari", nik="3374010101010001")
    window = open_main_window(services)
    view = open_event(qtbot, window, visit.id)
    add_person(qtbot, view, person.id, "Dewi Lestari")
    for w in list(window.windows.values()):
        w.close()
    rid = cell(view, "Dewi Lestari", "FR.APL.01").data(STEP_ROLE).revision_id
    complete(qtbot, view, svc, rid, "Dewi Lestari", "FR.APL.01")
    draft = start(qtbot, window, view, "Dewi Lestari", "FR.APL.02")  # left a draft
    for w in list(window.windows.values()):
        w.close()

    out = tmp_path / "flashdisk"
    out.mkdir()
    monkeypatch.setattr(event_mod, "choose_report_folder", lambda _parent: str(out))
    monkeypatch.setattr(event_mod, "open_folder_of", lambda _path: None)
    qtbot.mouseClick(view.print_all_button, LEFT)
    qtbot.waitUntil(lambda: bool(view.saved_reports))
    [pdf] = view.saved_reports  # the signed FR.APL.01; the draft FR.APL.02 is not printed
    assert pdf.parent.parent == out and pdf.name.startswith("FR.APL.01")
    assert services.reports.verify(pdf).valid

    # "Cetak semua": one printer dialog, the visit's final reports in one job, each recorded
    from tests.gui.test_report_ui import _to_pdf_file

    printed = tmp_path / "dicetak.pdf"
    view.ask_printer = _to_pdf_file(printed, dpi=72)
    qtbot.mouseClick(view.print_button, LEFT)
    qtbot.waitUntil(lambda: view.print_job is not None and bool(view.print_job.recorded),
                    timeout=20000)
    [row] = view.print_job.recorded
    assert row.revision_id == rid and printed.read_bytes().startswith(b"%PDF-")
    assert "1 laporan" in view.window().statusBar().currentMessage()  # type: ignore[attr-defined]

    qtbot.mouseClick(view.send_button, LEFT)
    dialog = view.window().send_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.row_at(0).id == rid and "1 penilaian" in dialog.drafts_label.text()
    assert draft != rid
    dialog.reject()


def test_the_scheme_is_the_visits_and_can_be_chosen(
        qtbot: Any, open_main_window: OpenMainWindow, services: Any) -> None:
    install_scheme(services)
    install_scheme(services, "pengelasan-pipa", "las")
    weld = "SKM/LSP-P2-BLKTM/011/2024"
    visit = add_visit(services, scheme_id=stable_id("scheme", weld))
    window = open_main_window(services)
    view = open_event(qtbot, window, visit.id)
    numbers = [view.scheme_combo.itemData(i) for i in range(view.scheme_combo.count())]
    assert numbers == ["SKM/LSP-P2-BLKTM/003/2024", weld]
    assert view.scheme_combo.currentData() == weld and not view.scheme_note.isVisible()
    assert view.status.scheme.number == weld  # type: ignore[union-attr]
    assert "ST-12/LSP/XI/2026" in view.visit_label.text()
    assert "ST-12/LSP/XI/2026" in view.window().windowTitle()

    choose_scheme(view, 0)  # nobody in the flow yet: no question
    qtbot.waitUntil(lambda: view.status.scheme.number  # type: ignore[union-attr]
                    == "SKM/LSP-P2-BLKTM/003/2024")
    person = services.registry.add_assessee("Rina Marlina", nik="3374014406000004",
                                            gender="P")
    add_person(qtbot, view, person.id, "Rina Marlina")
    row = services.assessments.resolve(
        cell(view, "Rina Marlina", "FR.APL.01").data(STEP_ROLE).revision_id)
    assert row.template_code == "FR.APL.01.uji"  # the chosen scheme's instrument
    # the choice is the visit's now: the next opening shows it without asking
    assert services.registry.visit(visit.id).scheme_id == stable_id(
        "scheme", "SKM/LSP-P2-BLKTM/003/2024")


def choose_scheme(view: EventView, index: int) -> None:
    """The user picks entry ``index`` of the scheme box (click, then the entry)."""
    view.scheme_combo.setCurrentIndex(index)
    view.scheme_combo.activated.emit(index)


def test_the_scheme_changes_only_when_chosen_and_confirmed_while_asesi_are_in_the_flow(
        qtbot: Any, open_main_window: OpenMainWindow, services: Any) -> None:
    """A wheel turned over the scheme box on the way across the window switched the
    visit's scheme and saved it: the day's asesi vanished from the grid. Now the wheel
    leaves an unfocused box alone, and a chosen scheme waits for "Ganti skema"."""
    install_scheme(services)
    install_scheme(services, "pengelasan-pipa", "las")
    ui, weld = "SKM/LSP-P2-BLKTM/003/2024", "SKM/LSP-P2-BLKTM/011/2024"
    visit = add_visit(services, scheme_id=stable_id("scheme", ui))
    window = open_main_window(services)
    view = open_event(qtbot, window, visit.id)
    person = services.registry.add_assessee("Rina Marlina", nik="3374014406000004",
                                            gender="P")
    add_person(qtbot, view, person.id, "Rina Marlina")
    combo = view.scheme_combo
    view.grid.setFocus()
    assert not combo.hasFocus() and not turn_wheel(combo, -1)
    assert combo.currentData() == ui
    assert services.registry.visit(visit.id).scheme_id == stable_id("scheme", ui)

    choose_scheme(view, combo.findData(weld))
    box = view.scheme_box
    assert box is not None and box.isVisible() and "1 asesi" in box.informativeText()
    assert combo.currentData() == ui  # until the answer
    answer_box(qtbot, box, "Batal")
    assert combo.currentData() == ui and view.model.row_of(person.id) >= 0
    assert services.registry.visit(visit.id).scheme_id == stable_id("scheme", ui)

    choose_scheme(view, combo.findData(weld))
    answer_box(qtbot, view.scheme_box, "Ganti skema")
    qtbot.waitUntil(lambda: view.status.scheme.number == weld)  # type: ignore[union-attr]
    assert services.registry.visit(visit.id).scheme_id == stable_id("scheme", weld)
    assert combo.currentData() == weld and view.model.row_of(person.id) < 0


def test_without_an_installed_scheme_the_view_says_so(
        qtbot: Any, open_main_window: OpenMainWindow, services: Any) -> None:
    visit = add_visit(services)
    window = open_main_window(services)
    view = open_event(qtbot, window, visit.id)
    assert view.stack.currentWidget() is view.no_scheme
    assert "Belum ada skema MUK 2023" in view.no_scheme.text()
    assert not view.add_button.isEnabled() and not view.batch_button.isEnabled()


def test_the_event_window_works_on_the_real_db_lane(qtbot: Any, services: Any) -> None:
    """No SyncExecutor: reads and starts run on the database lane's thread; a refusal and
    a start come back on the GUI thread, and the grid follows through the bus."""
    from assessor_app.ui.tasks import db_lane
    from assessor_app.ui.views.event_view import EventWindow

    install_scheme(services)
    visit = add_visit(services)
    person = services.registry.add_assessee("Dewi Lestari", nik="3374015203990002",
                                            gender="P")
    services.certification.start(visit.id, "FR.APL.01", person.id, scheme_ref="uji")
    event_window = EventWindow(services, visit.id, "id")
    qtbot.addWidget(event_window)
    event_window.show()
    view = event_window.view
    assert view.snapshot is None  # read on the lane, not in the constructor
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    opened: list[str] = []
    view.open_requested.connect(opened.append)
    press(qtbot, view, "Dewi Lestari", "FR.IA.03")
    qtbot.waitUntil(view.notice.isVisible, timeout=10_000)
    assert "FR.IA.03 belum dapat dimulai" in view.notice.text()
    press(qtbot, view, "Dewi Lestari", "FR.APL.02")
    qtbot.waitUntil(lambda: shown(view, "Dewi Lestari", "FR.APL.02")[0] == "draf",
                    timeout=10_000)
    assert opened == [cell(view, "Dewi Lestari", "FR.APL.02").data(STEP_ROLE).revision_id]
    assert not view.notice.isVisible()
    assert db_lane().wait_for_done(5_000)


def test_a_units_evidence_is_named_in_the_ui_language(english: None) -> None:
    """Review finding: the English window said "evidence: Observasi demonstrasi"."""
    from assessor_app.services.certification import UnitProposal
    from assessor_app.ui.models.event_models import unit_note

    unit = UnitProposal("J.620100.005.02", "Mengimplementasikan user interface", "K",
                        ("1.1",), (), ("observasi", "lisan"))
    assert unit_note(unit) == "All KUK achieved · evidence: Observed demonstration, Oral questions"
