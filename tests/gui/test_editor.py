# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""The assessment editor, driven like an assessor would: mouse, number keys, typing, tables,
drag and drop, finalise. Saves are checked with separate service reads (and by reopening
the store), never by looking at the widgets alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from assessor_app.core.errors import StorageError
from assessor_app.core.template import ItemType
from assessor_app.paths import AppPaths
from assessor_app.services.demo import demo_photo, seed_demo
from assessor_app.services.runtime import open_services
from assessor_app.ui.editor import AssessmentEditor
from assessor_app.ui.editor import editor as editor_mod
from assessor_app.ui.editor.items import ItemWidget
from assessor_app.ui.editor.repeat import RepeatWidget
from assessor_app.ui.tasks import SyncExecutor


def new_jkp(services: Any) -> str:
    inst = services.registry.add_institution("LPK Uji Editor", status="swasta")
    return str(services.assessments.create("JKP.LPK.01", institution_id=inst.id).id)


def open_editor(qtbot: Any, services: Any, rid: str, lang: str = "id",
                executor: Any = None) -> AssessmentEditor:
    ed = AssessmentEditor(services, rid, lang, executor=executor or SyncExecutor())
    qtbot.addWidget(ed)
    ed.resize(1300, 850)
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    qtbot.waitUntil(ed.isActiveWindow)
    return ed


def stored(services: Any, rid: str, item: str, row: str = "") -> str:
    """A fresh read from the store, independent of the editor."""
    return str(services.assessments.answers(rid).value(item, row))


def focus_is_in(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def item_w(ed: AssessmentEditor, name: str) -> ItemWidget:
    w = ed.item_widget(name)
    assert isinstance(w, ItemWidget)
    return w


def table_w(ed: AssessmentEditor, name: str) -> RepeatWidget:
    w = ed.item_widget(name)
    assert isinstance(w, RepeatWidget)
    return w


def cell(rw: RepeatWidget, row: int, item: str) -> Any:
    names = [c.name for c in rw.model.columns]
    return rw.model.index(row, names.index(item))


def jpeg_file(tmp_path: Path, name: str = "bengkel.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(demo_photo("bengkel las", 3, (1800, 1200)))
    return path


def drop(widget: ItemWidget, *paths: Path) -> list[str]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return widget.handle_drop(mime)


def answer_via_ui(qtbot: Any, ed: AssessmentEditor, name: str, row: str,
                  tmp_path: Path) -> None:
    """Answer one item the way a user would (first option, some text, today...)."""
    assert ed.template is not None
    item = ed.template.item(name)
    assert ed.focus_item(name, row)
    if row:
        rw = table_w(ed, name)
        value = {ItemType.INTEGER: "3", ItemType.SELECT_ONE: None}.get(item.type, "Isian")
        if value is None:
            rs = ed.template.options_for(item)
            assert rs is not None
            value = rs.options[0].value
        rw.model.setData(cell(rw, rw.model.row_ids.index(row), name), value)
        return
    if item.type is ItemType.REPEAT:
        qtbot.mouseClick(table_w(ed, name).add_button, Qt.MouseButton.LeftButton)
        return
    w = item_w(ed, name)
    control = w.control
    if item.type is ItemType.EVIDENCE:
        drop(w, jpeg_file(tmp_path, f"{name}.jpg"))
    elif item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        assert control is not None
        qtbot.keyClick(control.focus_target(), Qt.Key.Key_1)
    elif item.type in (ItemType.DATE, ItemType.TIME, ItemType.DATETIME):
        assert control is not None
        qtbot.mouseClick(control.check, Qt.MouseButton.LeftButton)
    else:
        assert control is not None
        qtbot.keyClicks(control.focus_target(), "Isian uji")
        qtbot.keyClick(control.focus_target(), Qt.Key.Key_Tab)  # focus-out flushes


# --------------------------------------------------------------------------- the JKP flow


def test_jkp_flow_relevance_repeat_evidence_score_and_finalise(
        qtbot: Any, services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_mod, "confirm", lambda *_a: True)
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    assert ed.current_page() == "__header__"
    assert item_w(ed, "nama_lpk").value() == "LPK Uji Editor"  # prefilled by the service
    assert ed.save_status.text() == ""

    # --- relevance: choices with the mouse are saved at once
    assert ed.focus_item("moda_pelatihan")  # scrolls it into view
    moda = item_w(ed, "moda_pelatihan")
    luring, daring = moda.control.buttons[0], moda.control.buttons[1]
    with qtbot.waitSignal(ed.assessment_saved):
        qtbot.mouseClick(luring, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "moda_pelatihan") == "luring"
    assert ed.save_status.text().startswith("Tersimpan ✓")
    assert not ed.section_visible("r5")
    qtbot.mouseClick(daring, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "moda_pelatihan") == "daring"
    assert ed.section_visible("r5")
    assert ed.snapshot is not None and ed.snapshot.progress["r5"] == (0, 4)
    qtbot.mouseClick(luring, Qt.MouseButton.LeftButton)
    assert not ed.section_visible("r5")
    assert luring.isChecked() and not daring.isChecked()

    # --- free text: debounced, then committed (checked with a separate read)
    vin = item_w(ed, "vin")
    vin.focus_control()
    qtbot.keyClicks(vin.control.focus_target(), "3273.0412.2019")
    assert stored(services, rid, "vin") == ""  # not yet: the debounce is running
    assert ed.save_status.text() == "Menyimpan…"
    qtbot.waitUntil(lambda: stored(services, rid, "vin") == "3273.0412.2019", timeout=3000)
    qtbot.waitUntil(lambda: ed.save_status.text().startswith("Tersimpan ✓"))
    # ... and flushed at once when the field loses focus
    alamat = item_w(ed, "alamat")
    alamat.focus_control()
    qtbot.keyClicks(alamat.control.focus_target(), "Jl. Soekarno-Hatta 214")
    item_w(ed, "nama_pimpinan").focus_control()
    assert stored(services, rid, "alamat") == "Jl. Soekarno-Hatta 214"

    # --- number keys pick the option of the focused item; the score panel follows
    assert ed.focus_item("r1_1")
    assert ed.current_page() == "r1"
    r1_1 = item_w(ed, "r1_1")
    assert focus_is_in(r1_1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert stored(services, rid, "r1_1") == "m"
    assert ed.score_panel is not None  # no percentage (issue 14): the app's own count
    count = ed.score_panel.competency_label
    assert count.text().endswith(": 1 butir terpenuhi, 0 belum, 0 tidak berlaku")
    assert count.text().startswith("Hitungan aplikasi (bukan keputusan resmi)")
    ed.focus_item("r1_2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert stored(services, rid, "r1_2") == "bm"
    assert count.text().endswith(": 1 butir terpenuhi, 1 belum, 0 tidak berlaku")
    assert ed.score_panel.verdict_label.text() == "belum ada rekomendasi"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)  # clears the answer
    assert stored(services, rid, "r1_2") == ""
    assert count.text().endswith(": 1 butir terpenuhi, 0 belum, 0 tidak berlaku")
    ed.focus_item("r1_3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # a critical item fails
    assert "Kurikulum" in ed.score_panel.critical_label.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert not ed.score_panel.critical_label.isVisible()

    # --- the instructor table: two rows, cells edited in place
    assert ed.focus_item("instruktur")
    rw = table_w(ed, "instruktur")
    qtbot.mouseClick(rw.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rw.add_button, Qt.MouseButton.LeftButton)
    rows = services.assessments.answers(rid).rows["instruktur"]
    assert len(rows) == 2 and rw.model.row_ids == rows
    calc = item_w(ed, "jumlah_instruktur")
    assert calc.control.value() == "2"
    # type into the first cell with the real cell editor
    rw.table.setCurrentIndex(cell(rw, 0, "instruktur_nama"))
    rw.table.edit(cell(rw, 0, "instruktur_nama"))
    editor = rw.table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Agus Setiawan")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: stored(services, rid, "instruktur_nama", rows[0]) == "Agus Setiawan")
    model = rw.model
    model.setData(cell(rw, 1, "instruktur_nama"), "Rina Marlina")
    model.setData(cell(rw, 0, "instruktur_sertifikat"), "ada")
    assert stored(services, rid, "instruktur_nama", rows[1]) == "Rina Marlina"
    assert model.data(cell(rw, 0, "instruktur_sertifikat")) == "Ada"
    assert model.data(cell(rw, 0, "instruktur_memenuhi")) == "1"  # calculated per row
    # an invalid integer: message inline, value kept in the cell, store unchanged
    model.setData(cell(rw, 1, "instruktur_pengalaman_tahun"), "dua")
    assert rw.message.isVisible()
    assert "'dua' bukan bilangan bulat" in rw.message.text()
    assert model.data(cell(rw, 1, "instruktur_pengalaman_tahun"), Qt.ItemDataRole.EditRole) == "dua"
    assert stored(services, rid, "instruktur_pengalaman_tahun", rows[1]) == ""
    assert not ed.unsaved_banner.isVisible()  # a refused value is not a failed save
    model.setData(cell(rw, 1, "instruktur_pengalaman_tahun"), "70")  # breaks the constraint
    assert "antara 0 dan 60" in rw.message.text()
    model.setData(cell(rw, 1, "instruktur_pengalaman_tahun"), "4")
    assert not rw.message.isVisible()
    assert stored(services, rid, "instruktur_pengalaman_tahun", rows[1]) == "4"
    assert model.data(cell(rw, 1, "instruktur_memenuhi")) == "1"
    assert item_w(ed, "jumlah_instruktur_memenuhi").control.value() == "2"
    # remove a row and add it back
    rw.table.setCurrentIndex(cell(rw, 1, "instruktur_nama"))
    qtbot.mouseClick(rw.remove_button, Qt.MouseButton.LeftButton)
    assert services.assessments.answers(rid).rows["instruktur"] == rows[:1]
    assert model.rowCount() == 1 and calc.control.value() == "1"

    # --- evidence by drag and drop: a thumbnail appears; the store has the photo
    foto = item_w(ed, "foto_sarpras")
    assert foto.evidence_count() == 0
    assert drop(foto, jpeg_file(tmp_path))
    assert foto.evidence is not None
    assert foto.evidence.count() == 1 and foto.evidence.isVisible()
    assert not foto.evidence.list.item(0).icon().isNull()
    files = services.assessments.answers(rid).evidence[("foto_sarpras", "")]
    assert len(files) == 1
    stored_photo = services.assessments.media(files[0])
    assert stored_photo.mime == "image/jpeg" and max(stored_photo.width, stored_photo.height) <= 1600
    # a file that is not a photo: message under the item, nothing stored
    bad = tmp_path / "catatan.txt"
    bad.write_text("bukan foto")
    drop(foto, bad)
    assert foto.message.isVisible() and "tidak didukung" in foto.message.text()
    assert len(services.assessments.answers(rid).evidence[("foto_sarpras", "")]) == 1

    # --- a note per item
    assert r1_1.note_button is not None and r1_1.note_edit is None  # made on first use
    ed.focus_item("r1_1")
    qtbot.mouseClick(r1_1.note_button, Qt.MouseButton.LeftButton)
    assert r1_1.note_edit is not None and r1_1.note_edit.isVisible()
    qtbot.keyClicks(r1_1.note_edit, "Dokumen nomor 12/2026")
    ed.focus_item("r1_3")  # focus-out flushes the note
    assert services.assessments.answers(rid).notes[("r1_1", "")] == "Dokumen nomor 12/2026"

    # --- finalise with missing answers: each listed; a click focuses the item
    with qtbot.waitSignal(ed.save_state_changed, timeout=1000, raising=False):
        ed.finalise()
    dialog = ed.finalise_dialog
    assert dialog is not None and dialog.isVisible()
    texts = dialog.texts()
    assert "Wajib diisi: 2.1 Memiliki VIN di kelembagaan.kemnaker.go.id" in texts
    assert any(t.startswith("Wajib diisi: Daftar instruktur · Pengalaman (tahun) (baris 1)")
               for t in texts)
    assert not any("5.1" in t for t in texts)  # R5 is not relevant (luring)
    target = next(i for i in range(dialog.list.count())
                  if dialog.list.item(i).text().startswith("Wajib diisi: 2.1"))
    rect = dialog.list.visualItemRect(dialog.list.item(target))
    with qtbot.waitSignal(ed.open_item_requested):
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not dialog.isVisible()
    assert ed.current_page() == "r2"
    qtbot.waitUntil(lambda: focus_is_in(item_w(ed, "r2_1")))
    assert services.assessments.resolve(rid).status == "draft"

    # --- "next unanswered" walks the rest; then finalise succeeds
    key = ed.next_unanswered()
    assert key == ("r2_3", "")  # the next one after the focused 2.1 (2.2 is hidden)
    assert focus_is_in(item_w(ed, "r2_3"))
    guard = 0
    while (todo := ed.unanswered()) and guard < 80:
        answer_via_ui(qtbot, ed, todo[0][0], todo[0][1], tmp_path)
        guard += 1
    assert ed.unanswered() == []
    assert ed.snapshot is not None and ed.snapshot.progress[""][0] == ed.snapshot.progress[""][1]
    assert ed.next_unanswered() is None
    assert ed.nav_message.text() == "Semua butir wajib sudah dijawab."
    # issue 12: the button asks first, says what finalising means and what the record says
    # "Tinjau isi": the whole record as it reads, the result, nothing missing
    qtbot.mouseClick(ed.finalise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ed.finalise_confirm is not None)
    box = ed.finalise_confirm
    assert box is not None and box.isVisible()
    assert "revisi" in box.intro.text()
    assert "Rekomendasi verifikator saat ini: Direkomendasikan" in box.intro.text()
    assert box.missing == [] and box.finalise_button is not None
    page = box.browser.toPlainText()
    assert "Agus Setiawan" in page and "Data umum" in page  # answers, tables included
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter is "Kembali": nothing happens
    assert services.assessments.resolve(rid).status == "draft" and not ed.read_only
    qtbot.mouseClick(ed.finalise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ed.finalise_confirm is not box and ed.finalise_confirm is not None)
    go = ed.finalise_confirm.finalise_button
    with qtbot.waitSignal(ed.finalised) as blocker:
        qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert blocker.args == [rid]
    assert services.assessments.resolve(rid).status == "complete"
    assert ed.read_only and ed.info_banner.isVisible()
    control = item_w(ed, "r1_1").control
    assert control is not None and not control.isEnabled()
    assert not ed.finalise_button.isVisible()


def test_keyboard_choice_controls_are_one_tab_stop_each(qtbot: Any, services: Any) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    ed.focus_item("r2_1")
    assert QApplication.focusWidget() is item_w(ed, "r2_1").control
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    # The option buttons are no Tab stops (number keys pick them); the "attach" and "note"
    # links are; 2.2 is hidden for a private LPK, so Tab lands on 2.3.
    assert not item_w(ed, "r2_2").isVisible()
    assert QApplication.focusWidget() is item_w(ed, "r2_3").control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert stored(services, rid, "r2_3") == "bm"
    before = services.assessments.answers(rid).values
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left):  # arrows never answer (issue 12)
        qtbot.keyClick(QApplication.focusWidget(), key)
        assert QApplication.focusWidget() is item_w(ed, "r2_3").control
    # Up/Down go to the previous/next item (2.2 is hidden: skipped), answering nothing
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert QApplication.focusWidget() is item_w(ed, "r2_1").control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is item_w(ed, "r2_3").control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is not item_w(ed, "r2_3").control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert QApplication.focusWidget() is item_w(ed, "r2_3").control
    assert services.assessments.answers(rid).values == before  # nothing was answered
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_0)  # 0 clears
    assert stored(services, rid, "r2_3") == ""
    # Left/Right move a cursor over the options (never answering); Space answers with it
    control = item_w(ed, "r2_3").control
    qtbot.keyClick(control, Qt.Key.Key_Right)
    qtbot.keyClick(control, Qt.Key.Key_Right)
    assert stored(services, rid, "r2_3") == ""
    assert control.cursor_value == control.values[1]
    assert control.buttons[1].property("keyCursor") is True
    qtbot.keyClick(control, Qt.Key.Key_Space)
    assert stored(services, rid, "r2_3") == control.values[1]


@pytest.mark.allow_log("WARNING", "assessor_app.ui.editor.saving", r"saving answer \w+ failed: disk\.full")
def test_failed_save_shows_blocking_banner_keeps_value_and_retry_succeeds(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    real_answer = services.assessments.answer
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise StorageError("disk.full", path="x")
        return real_answer(*args, **kwargs)

    monkeypatch.setattr(services.assessments, "answer", flaky)
    ed.focus_item("moda_pelatihan")
    moda = item_w(ed, "moda_pelatihan")
    with qtbot.waitSignal(ed.save_failed) as failed:
        qtbot.mouseClick(moda.control.buttons[1], Qt.MouseButton.LeftButton)
    assert failed.args == ["disk penuh: x"]
    assert ed.unsaved_banner.isVisible()
    assert ed.unsaved_label.text() == "BELUM TERSIMPAN — disk penuh: x"
    assert ed.save_status.text() == "BELUM TERSIMPAN"
    assert moda.value() == "daring" and moda.control.buttons[1].isChecked()
    assert stored(services, rid, "moda_pelatihan") == ""
    # navigation and closing are blocked while unsaved
    ed.navigator.setCurrentIndex(ed.nav_model.index_of("r2"))
    assert ed.current_page() == "__header__"
    assert not ed.focus_item("r3_1")
    assert not ed.try_close()
    assert ed.has_unsaved()
    # "Coba lagi" saves it
    with qtbot.waitSignal(ed.assessment_saved):
        qtbot.mouseClick(ed.retry_button, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "moda_pelatihan") == "daring"
    assert not ed.unsaved_banner.isVisible()
    assert ed.save_status.text().startswith("Tersimpan ✓")
    assert ed.section_visible("r5")
    assert ed.focus_item("r3_1") and ed.current_page() == "r3"
    assert ed.try_close()


@pytest.mark.allow_log("ERROR", "assessor_app.ui.editor.saving", r"saving note \w+ failed")
def test_unexpected_error_while_saving_is_a_banner_too(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    monkeypatch.setattr(services.assessments, "set_note",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    ed.focus_item("r1_1")
    w = item_w(ed, "r1_1")
    assert w.note_button is not None
    w.note_button.click()
    assert w.note_edit is not None
    qtbot.keyClicks(w.note_edit, "catatan")
    with qtbot.waitSignal(ed.save_failed):
        ed.focus_item("r1_2")
    assert "kesalahan tak terduga (RuntimeError)" in ed.unsaved_label.text()
    assert w.note() == "catatan"


# --------------------------------------------------------------------------- competency


def test_fr_ia_01_units_k_bk_react(qtbot: Any, services: Any, english: None) -> None:
    person = services.registry.add_assessee("Dewi Lestari Anggraini")
    code = next(r.code for r in services.templates.latest() if r.code.startswith("FR.IA.01.J62"))
    rid = services.assessments.create(code, assessee_id=person.id).id
    ed = open_editor(qtbot, services, rid, lang="en")
    panel = ed.score_panel
    assert panel is not None
    assert panel.competency_label.text() == "Recommendation: not decided yet"
    assert ed.template is not None
    kuks = [it.name for it in ed.template.walk_items() if it.kuk]
    for name in kuks:
        ed.focus_item(name)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # Yes
    assert panel.competency_label.text() == "Recommendation: K (Competent)"
    assert "J.620100.005.02" in panel.units_label.text() and ">K<" in panel.units_label.text()
    ed.focus_item("u1_e2_k3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # No
    assert stored(services, rid, "u1_e2_k3") == "tidak"
    assert panel.competency_label.text() == "Recommendation: BK (Not yet competent)"
    assert ">BK<" in panel.units_label.text()
    assert panel.not_achieved_label.isVisible()
    assert "KUK 2.3" in panel.not_achieved_label.text()
    # the link in the not-achieved list opens the item
    with qtbot.waitSignal(ed.open_item_requested):
        panel.not_achieved_label.linkActivated.emit("item:u1_e2_k3")
    assert focus_is_in(item_w(ed, "u1_e2_k3"))


# --------------------------------------------------------------------------- real threads


def test_real_thread_pool_autosave_survives_reopening_the_store(
        qtbot: Any, services: Any) -> None:
    rid = new_jkp(services)
    ed = AssessmentEditor(services, rid, "id")  # the real serial database lane
    qtbot.addWidget(ed)
    ed.resize(1300, 850)
    with qtbot.waitSignal(ed.loaded, timeout=10_000):
        ed.show()
    qtbot.waitExposed(ed)
    assert ed.focus_item("moda_pelatihan")  # scrolled into view
    moda = item_w(ed, "moda_pelatihan")
    blended = moda.control.buttons[2]
    qtbot.waitUntil(lambda: not blended.visibleRegion().isEmpty())  # laid out, on screen
    with qtbot.waitSignal(ed.assessment_saved, timeout=5000):
        qtbot.mouseClick(blended, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ed.section_visible("r5"), timeout=5000)
    vin = item_w(ed, "vin")
    vin.focus_control()
    qtbot.keyClicks(vin.control.focus_target(), "6171.0822.2022")
    qtbot.waitUntil(lambda: ed.queue.state == "saved", timeout=5000)
    assert ed.save_status.text().startswith("Tersimpan ✓")
    ed.focus_item("r1_1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # N/A
    ed.focus_item("instruktur")
    rw = table_w(ed, "instruktur")
    with qtbot.waitSignal(rw.model.rowsInserted, timeout=5000):
        qtbot.mouseClick(rw.add_button, Qt.MouseButton.LeftButton)
    rw.model.setData(cell(rw, 0, "instruktur_nama"), "Joko Prasetyo")
    assert ed.try_close()  # waits for the lane
    assert not ed.has_unsaved()

    data_dir = services.paths.data_dir
    services.store.close(clean=True)
    again = open_services(AppPaths(data_dir))
    try:
        answers = again.assessments.answers(rid)
        assert answers.value("moda_pelatihan") == "blended"
        assert answers.value("vin") == "6171.0822.2022"
        assert answers.value("r1_1") == "na"
        row = answers.rows["instruktur"][0]
        assert answers.value("instruktur_nama", row) == "Joko Prasetyo"
    finally:
        again.store.close(clean=True)


# --------------------------------------------------------------------------- read-only


def test_locked_assessment_is_read_only_and_points_to_a_revision(
        qtbot: Any, services: Any) -> None:
    seed_demo(services)
    row = next(r for r in services.assessments.list() if r.template_code == "JKP.LPK.01")
    assert row.status == "locked"
    ed = open_editor(qtbot, services, row.id)
    assert ed.read_only
    assert ed.info_banner.isVisible()
    assert "dikunci" in ed.info_label.text() and "buat revisi" in ed.info_label.text()
    assert not ed.finalise_button.isVisible()
    w = item_w(ed, "r1_1")
    assert w.value() == "m" and not w.control.isEnabled()
    assert w.evidence is not None and w.evidence.count() == 1  # the demo photo
    assert w.attach_button is not None and not w.attach_button.isVisible()
    rw = table_w(ed, "instruktur")
    assert not rw.add_button.isVisible()
    assert not (rw.model.flags(rw.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable)
    qtbot.keyClick(w.control, Qt.Key.Key_2)
    assert stored(services, row.id, "r1_1") == "m"
    with qtbot.waitSignal(ed.revision_requested) as asked:
        qtbot.mouseClick(ed.revision_button, Qt.MouseButton.LeftButton)
    assert asked.args == [row.id]


def audit_actions(services: Any, field: str) -> list[str]:
    from sqlalchemy import text

    with services.store.engine.connect() as c:
        return [r[0] for r in c.execute(text(
            "SELECT action FROM audit_log WHERE field = :f ORDER BY id"), {"f": field})]


def test_undo_takes_back_the_last_answers_and_is_audited(qtbot: Any, services: Any) -> None:
    """Issue 12: no undo. Ctrl+Z and the "Urungkan" toast put back the earlier value, one
    answer at a time, and the audit log says it was an undo."""
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    assert not ed.undo_toast.isVisible() and not ed.undo_last()  # nothing to undo yet
    ed.focus_item("r2_3")
    control = item_w(ed, "r2_3").control
    qtbot.keyClick(control, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: stored(services, rid, "r2_3") == "bm")
    qtbot.keyClick(control, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: stored(services, rid, "r2_3") != "bm")
    assert ed.undo_toast.isVisible() and "→" in ed.undo_label.text()
    qtbot.keyClick(control, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(services, rid, "r2_3") == "bm")
    assert item_w(ed, "r2_3").value() == "bm"  # the form shows what the store has
    qtbot.mouseClick(ed.undo_button, Qt.MouseButton.LeftButton)  # the toast's button
    qtbot.waitUntil(lambda: stored(services, rid, "r2_3") == "")
    assert item_w(ed, "r2_3").value() == ""
    assert not ed.undo_last()  # the stack is empty again: nothing else changes
    assert stored(services, rid, "r2_3") == ""
    assert audit_actions(services, "r2_3") == ["answer", "answer", "undo", "undo"]


def test_undo_of_typing_restores_the_text_before_the_field_was_edited(
        qtbot: Any, services: Any) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    name = "alamat"
    before = stored(services, rid, name)
    ed.focus_item(name)
    edit = QApplication.focusWidget()
    assert edit is not None and hasattr(edit, "toPlainText")  # the address grows
    edit.clear()
    qtbot.keyClicks(edit, "Jl. Pemuda")
    ed.queue.flush()
    qtbot.waitUntil(lambda: stored(services, rid, name) == "Jl. Pemuda")
    qtbot.keyClicks(edit, " 12")
    ed.queue.flush()
    qtbot.waitUntil(lambda: stored(services, rid, name) == "Jl. Pemuda 12")
    assert len(ed.undo_steps) == 1  # one field typed: one step
    ed.undo_button.setFocus()  # out of the text field: Ctrl+Z is the editor's
    qtbot.keyClick(ed.undo_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(services, rid, name) == before)
    qtbot.waitUntil(lambda: edit.toPlainText() == before)


def test_closing_with_a_refused_table_value_asks_instead_of_dropping_it(
        qtbot: Any, services: Any) -> None:
    """Issue 12: a repeat-table value that failed its check was silently dropped on close.
    Now the window stays open and says which value was refused; the store keeps the last
    accepted value; "Perbaiki" goes to the cell, "Buang" closes."""
    from PySide6.QtWidgets import QMessageBox

    from assessor_app.ui.settings import AppSettings
    from assessor_app.ui.views.assessment_window import AssessmentWindow

    rid = new_jkp(services)
    window = AssessmentWindow(services, rid, "id", AppSettings(services.paths.settings_path),
                              SyncExecutor())
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # looked at after close
    qtbot.addWidget(window)
    window.show()
    ed = window.editor
    assert isinstance(ed, AssessmentEditor)
    qtbot.waitUntil(lambda: ed.template is not None)
    assert ed.focus_item("instruktur")
    rw = table_w(ed, "instruktur")
    qtbot.mouseClick(rw.add_button, Qt.MouseButton.LeftButton)
    [row] = services.assessments.answers(rid).rows["instruktur"]
    rw.model.setData(cell(rw, 0, "instruktur_pengalaman_tahun"), "4")
    assert stored(services, rid, "instruktur_pengalaman_tahun", row) == "4"
    rw.model.setData(cell(rw, 0, "instruktur_pengalaman_tahun"), "70")  # breaks the check
    assert "antara 0 dan 60" in rw.message.text()

    assert not window.close()  # refused on screen: the window stays
    box = ed.close_confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Baris 1" in box.informativeText() or "baris 1" in box.informativeText()
    assert "antara 0 dan 60" in box.informativeText()
    assert stored(services, rid, "instruktur_pengalaman_tahun", row) == "4"  # kept
    fix = next(b for b in box.buttons() if b.text() == "Perbaiki")
    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    assert window.isVisible() and ed._cursor == ("instruktur_pengalaman_tahun", row)

    assert not window.close()
    drop = next(b for b in ed.close_confirm.buttons() if b.text().startswith("Buang"))
    qtbot.mouseClick(drop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert stored(services, rid, "instruktur_pengalaman_tahun", row) == "4"


def test_a_table_with_long_text_is_tall_enough_after_reopening(
        qtbot: Any, services: Any) -> None:
    """Issue 12: the table was cramped and clipped after reopening: rows keep the height
    their wrapped text needs and the table is as tall as its rows."""
    rid = new_jkp(services)
    svc = services.assessments
    row = svc.add_row(rid, "instruktur")
    svc.answer(rid, "instruktur_bidang", "Pemrograman web, basis data, jaringan komputer, "
               "desain grafis dan pemeliharaan perangkat keras komputer kantor", row)
    ed = open_editor(qtbot, services, rid)
    assert ed.focus_item("instruktur")
    rw = table_w(ed, "instruktur")
    ed.window().resize(1024, 600)
    qtbot.waitUntil(lambda: rw.table.rowHeight(0) >
                    rw.table.verticalHeader().defaultSectionSize())
    header = rw.table.horizontalHeader().height()
    qtbot.waitUntil(lambda: rw.table.height() >= header + rw.table.rowHeight(0))


def test_review_before_finalising_lists_what_is_missing_as_links(
        qtbot: Any, services: Any) -> None:
    """Issue 12: a review page before finalising - all answers, the result, what is
    missing; Finalisasi is only possible from there and only when nothing is missing."""
    from PySide6.QtCore import QUrl

    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    ed.focus_item("r2_3")
    qtbot.keyClick(item_w(ed, "r2_3").control, Qt.Key.Key_2)
    ed.request_finalise()
    qtbot.waitUntil(lambda: ed.finalise_confirm is not None)
    box = ed.finalise_confirm
    assert box.missing and not box.finalise_button.isEnabled()
    assert "belum diisi" in box.intro.text()
    text = box.browser.toPlainText()
    r23 = ed.template.item("r2_3")
    assert " ".join(r23.label.get("id").split()) in text  # the answer given is read back
    target = box.missing[0]
    with qtbot.waitSignal(box.open_item_requested) as sig:
        box.browser.anchorClicked.emit(QUrl(box.browser.toHtml().split('href="')[1]
                                            .split('"')[0]))
    assert sig.args == [target.item, target.row]
    qtbot.waitUntil(lambda: ed._cursor == (target.item, target.row))
    assert services.assessments.resolve(rid).status == "draft"


def test_the_apps_own_values_are_marked_until_the_assessor_changes_them(
        qtbot: Any, services: Any) -> None:
    """The header the app filled in from the registry carries "Terisi otomatis" (with why
    in its tooltip); an item the assessor answers, and one whose filled-in value they
    change, do not."""
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    nama, status, alamat = item_w(ed, "nama_lpk"), item_w(ed, "status_lpk"), \
        item_w(ed, "alamat")
    assert not nama.prefill_badge.isHidden() and not status.prefill_badge.isHidden()
    assert nama.prefill_badge.text() == "Terisi otomatis"
    assert "tanda ini hilang setelah jawabannya diubah" in nama.prefill_badge.toolTip()
    assert alamat.prefill_badge.isHidden()  # nothing filled in: nothing to mark
    nama.focus_control()
    qtbot.keyClicks(nama.control.focus_target(), " Baru")
    item_w(ed, "vin").focus_control()  # leaving the field saves it
    assert stored(services, rid, "nama_lpk") == "LPK Uji Editor Baru"
    qtbot.waitUntil(lambda: nama.prefill_badge.isHidden())
    assert not status.prefill_badge.isHidden()  # still the app's


def test_a_table_cell_the_app_filled_in_is_shaded_until_changed(
        qtbot: Any, services: Any) -> None:
    """A repeat table has no room for a badge: a cell the app filled in (as FR.AK.05's
    rows from the signed FR.AK.02s) is shaded and says why in its tooltip."""
    from PySide6.QtGui import QBrush

    from assessor_app.ui.editor.repeat import PREFILL_BG

    rid = new_jkp(services)
    svc = services.assessments
    row = svc.add_row(rid, "instruktur")
    svc.answer(rid, "instruktur_nama", "Agus Setiawan", row, by_app=True)
    svc.answer(rid, "instruktur_bidang", "Desain grafis", row)
    ed = open_editor(qtbot, services, rid)
    assert ed.focus_item("instruktur")
    rw = table_w(ed, "instruktur")
    by_app, typed = cell(rw, 0, "instruktur_nama"), cell(rw, 0, "instruktur_bidang")
    background = by_app.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == PREFILL_BG
    assert by_app.data(Qt.ItemDataRole.ToolTipRole).startswith("Terisi otomatis: ")
    assert typed.data(Qt.ItemDataRole.BackgroundRole) is None
    assert typed.data(Qt.ItemDataRole.ToolTipRole) is None
    rw.model.setData(by_app, "Agus Setiawan, S.Kom.")  # the assessor corrects it
    qtbot.waitUntil(lambda: stored(services, rid, "instruktur_nama", row) ==
                    "Agus Setiawan, S.Kom.")
    qtbot.waitUntil(lambda: cell(rw, 0, "instruktur_nama").data(
        Qt.ItemDataRole.BackgroundRole) is None)
