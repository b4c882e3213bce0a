"""Every item type gets the right widget, in both languages; every shipped template renders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication, QWidget

from assessor_app.core.template import ItemType, SubjectKind
from assessor_app.core.template_loader import load_template_text
from assessor_app.services.demo import demo_photo, seed_demo, signature_png
from assessor_app.services.form_view import HEADER, TemplateIndex, build_snapshot
from assessor_app.ui import errors as errors_mod
from assessor_app.ui.editor import AssessmentEditor
from assessor_app.ui.editor import editor as editor_mod
from assessor_app.ui.editor.items import (
    CalculatedValue,
    ChoiceCombo,
    ChoiceMulti,
    ChoiceRadios,
    LineText,
    MultiText,
    OptionalDateTime,
    SignatureView,
)
from assessor_app.ui.tasks import SyncExecutor
from tests.gui.conftest import turn_wheel
from tests.gui.test_editor import item_w, open_editor, stored

ALL_TYPES = """
template: 1
code: UJI.TIPE.01
version: "1"
kind: institutional
subject: institution
title: { id: Uji semua tipe butir, en: Every item type }
signers:
  - role: asesor
    label: { id: Asesor, en: Assessor }
response_sets:
  warna:
    label: Warna
    options:
      - { value: merah, label: { id: Merah, en: Red } }
      - { value: hijau, label: { id: Hijau, en: Green } }
      - { value: biru, label: { id: Biru, en: Blue } }
header:
  - { name: tanggal, type: date, label: { id: Tanggal, en: Date }, required: true }
sections:
  - name: s1
    title: { id: Bagian satu, en: Section one }
    items:
      - { name: catatan_awal, type: note, label: { id: Baca ini dulu, en: Read this first } }
      - { name: pilih_dropdown, type: select_one, response_set: warna, appearance: dropdown,
          label: { id: Pilihan daftar, en: Dropdown } }
      - { name: pilih_radio, type: select_one, response_set: warna, appearance: radio,
          label: { id: Pilihan radio, en: Radio } }
      - { name: pilih_banyak, type: select_multiple, response_set: warna,
          label: { id: Pilihan banyak, en: Several } }
      - { name: muncul, type: text, label: { id: Muncul bila biru, en: Shown for blue },
          relevant: "selected(${pilih_banyak}, 'biru')" }
      - { name: jumlah, type: decimal, label: { id: Jumlah, en: Amount }, constraint: ". >= 0",
          constraint_message: { id: Tidak boleh negatif, en: Must not be negative } }
      - { name: dua_kali, type: calculate, label: { id: Dua kali, en: Twice },
          calculation: "${jumlah} * 2" }
      - { name: jam, type: time, label: { id: Jam, en: Time } }
      - { name: waktu, type: datetime, label: { id: Waktu, en: Date and time } }
      - { name: uraian, type: text, multiline: true, label: { id: Uraian, en: Description } }
      - { name: ttd, type: signature, signer_role: asesor, label: { id: Paraf, en: Initials } }
      - { name: foto, type: evidence, label: { id: Foto, en: Photo }, required: true }
"""


def on_label(button: QWidget) -> QPoint:
    """Radio buttons and checkboxes react to clicks on their indicator and text only."""
    return QPoint(12, button.height() // 2)


@pytest.fixture()
def all_types(services: Any) -> str:
    template = load_template_text(ALL_TYPES, "uji.yaml")
    services.templates.install(template)
    inst = services.registry.add_institution("LPK Semua Tipe")
    return str(services.assessments.create("UJI.TIPE.01", institution_id=inst.id).id)


def test_widget_per_type(qtbot: Any, services: Any, all_types: str) -> None:
    ed = open_editor(qtbot, services, all_types)
    expected = {"tanggal": OptionalDateTime, "pilih_dropdown": ChoiceCombo,
                "pilih_radio": ChoiceRadios, "pilih_banyak": ChoiceMulti, "muncul": LineText,
                "jumlah": LineText, "dua_kali": CalculatedValue, "jam": OptionalDateTime,
                "waktu": OptionalDateTime, "uraian": MultiText, "ttd": SignatureView}
    for name, kind in expected.items():
        assert isinstance(item_w(ed, name).control, kind), name
    note = item_w(ed, "catatan_awal")
    assert note.control is None and note.label.text() == "Baca ini dulu"
    assert note.note_button is None and note.attach_button is None
    assert item_w(ed, "foto").control is None and item_w(ed, "foto").attach_button is not None
    header_date = item_w(ed, "tanggal")
    assert header_date.attach_button is None  # no evidence/note clutter in the header
    assert header_date.required_marker.isVisible()


def test_dates_times_choices_numbers_and_calculations(qtbot: Any, services: Any,
                                                     all_types: str) -> None:
    rid = all_types
    ed = open_editor(qtbot, services, rid)
    # --- a date with an explicit empty state
    tanggal = item_w(ed, "tanggal").control
    assert isinstance(tanggal, OptionalDateTime)
    assert tanggal.value() == "" and tanggal.stack.currentWidget() is tanggal.empty
    qtbot.mouseClick(tanggal.check, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "tanggal") == dt.date.today().isoformat()
    tanggal.edit.setFocus()
    qtbot.keyClick(tanggal.edit, Qt.Key.Key_Down)  # one day (the day section) back
    qtbot.waitUntil(lambda: stored(services, rid, "tanggal") ==
                    (dt.date.today() - dt.timedelta(days=1)).isoformat())
    qtbot.mouseClick(tanggal.check, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "tanggal") == ""
    assert tanggal.stack.currentWidget() is tanggal.empty

    ed.focus_item("jam")
    jam = item_w(ed, "jam").control
    assert isinstance(jam, OptionalDateTime)
    qtbot.mouseClick(jam.check, Qt.MouseButton.LeftButton)
    assert re.fullmatch(r"\d\d:\d\d", stored(services, rid, "jam"))
    jam.edit.setTime(QTime(8, 30))
    qtbot.waitUntil(lambda: stored(services, rid, "jam") == "08:30")
    ed.focus_item("waktu")
    waktu = item_w(ed, "waktu").control
    assert isinstance(waktu, OptionalDateTime)
    qtbot.mouseClick(waktu.check, Qt.MouseButton.LeftButton)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", stored(services, rid, "waktu"))

    # --- dropdown, radio and checkboxes from the keyboard
    ed.focus_item("pilih_dropdown")
    combo = item_w(ed, "pilih_dropdown").control
    assert isinstance(combo, ChoiceCombo)
    assert combo.combo.itemText(0) == "— pilih —"
    assert combo.pick(2)
    assert stored(services, rid, "pilih_dropdown") == "hijau"
    ed.focus_item("pilih_radio")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert stored(services, rid, "pilih_radio") == "biru"
    radio = item_w(ed, "pilih_radio").control
    assert isinstance(radio, ChoiceRadios)
    qtbot.mouseClick(radio.buttons[0], Qt.MouseButton.LeftButton, pos=on_label(radio.buttons[0]))
    assert stored(services, rid, "pilih_radio") == "merah"
    assert radio.buttons[0].isChecked() and not radio.buttons[2].isChecked()

    ed.focus_item("pilih_banyak")
    muncul = item_w(ed, "muncul")
    assert not muncul.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert stored(services, rid, "pilih_banyak") == "merah biru"
    assert muncul.isVisible()
    multi = item_w(ed, "pilih_banyak").control
    assert isinstance(multi, ChoiceMulti)
    qtbot.mouseClick(multi.boxes[2], Qt.MouseButton.LeftButton, pos=on_label(multi.boxes[2]))
    assert stored(services, rid, "pilih_banyak") == "merah"
    assert not muncul.isVisible()

    # --- decimals: a comma is fine; the calculation follows; a broken constraint is inline
    jumlah = item_w(ed, "jumlah")
    jumlah.focus_control()
    qtbot.keyClicks(jumlah.control.focus_target(), "2,5")  # type: ignore[union-attr]
    qtbot.keyClick(jumlah.control.focus_target(), Qt.Key.Key_Tab)  # type: ignore[union-attr]
    assert stored(services, rid, "jumlah") == "2.5"
    assert item_w(ed, "dua_kali").control.value() == "5"  # type: ignore[union-attr]
    jumlah.focus_control()
    assert isinstance(jumlah.control, LineText)
    edit = jumlah.control.edit
    edit.selectAll()
    qtbot.keyClicks(edit, "-1")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert jumlah.message.isVisible() and jumlah.message.text() == "Tidak boleh negatif"
    assert jumlah.value() == "-1"  # the typed value stays in the widget
    assert stored(services, rid, "jumlah") == "2.5"
    jumlah.focus_control()
    edit.selectAll()
    qtbot.keyClicks(edit, "abc")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert jumlah.message.text() == "'abc' bukan angka"
    jumlah.focus_control()
    edit.selectAll()
    qtbot.keyClicks(edit, "4")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not jumlah.message.isVisible()
    assert item_w(ed, "dua_kali").control.value() == "8"  # type: ignore[union-attr]

    # --- multi-line text: debounced, flushed on focus-out
    uraian = item_w(ed, "uraian")
    uraian.focus_control()
    qtbot.keyClicks(uraian.control.focus_target(), "Baris satu")  # type: ignore[union-attr]
    qtbot.keyClick(uraian.control.focus_target(), Qt.Key.Key_Return)  # type: ignore[union-attr]
    qtbot.keyClicks(uraian.control.focus_target(), "Baris dua")  # type: ignore[union-attr]
    jumlah.focus_control()
    assert stored(services, rid, "uraian") == "Baris satu\nBaris dua"


def test_a_wheel_turned_over_a_field_on_the_way_down_the_form_answers_nothing(
        qtbot: Any, services: Any, all_types: str) -> None:
    """Scrolling the form with the pointer over a filled date, time or dropdown answer
    scrolls the form: it changed and saved the answer before (a date two days back on a
    signed FR.IA.01). Clicked or tabbed into, the field takes the wheel as Qt's do."""
    rid = all_types
    ed = open_editor(qtbot, services, rid)
    tanggal, jam = item_w(ed, "tanggal").control, item_w(ed, "jam").control
    combo = item_w(ed, "pilih_dropdown").control
    assert isinstance(tanggal, OptionalDateTime) and isinstance(jam, OptionalDateTime)
    assert isinstance(combo, ChoiceCombo)
    qtbot.mouseClick(tanggal.check, Qt.MouseButton.LeftButton)
    ed.focus_item("jam")
    qtbot.mouseClick(jam.check, Qt.MouseButton.LeftButton)
    jam.edit.setTime(QTime(8, 30))
    ed.focus_item("pilih_dropdown")
    assert combo.pick(2)
    qtbot.waitUntil(lambda: stored(services, rid, "jam") == "08:30")
    given = {name: stored(services, rid, name) for name in ("tanggal", "jam", "pilih_dropdown")}
    ed.focus_item("uraian")  # the focus is elsewhere, as while scrolling
    for field in (tanggal.edit, jam.edit, combo.combo):
        assert not field.hasFocus()
        assert not turn_wheel(field, -2)  # left to the form's scroll area
    assert (tanggal.edit.date().toString("yyyy-MM-dd"), jam.edit.time().toString("HH:mm"),
            combo.value()) == (given["tanggal"], "08:30", "hijau")
    ed.queue.flush()  # anything the wheel had changed would be written now
    assert {name: stored(services, rid, name) for name in given} == given
    # chosen on purpose: the focused field takes the wheel
    tanggal.edit.setFocus()
    assert turn_wheel(tanggal.edit, -1)
    qtbot.waitUntil(lambda: stored(services, rid, "tanggal") != given["tanggal"])


def test_evidence_by_dialog_open_caption_remove_and_signature(
        qtbot: Any, services: Any, all_types: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rid = all_types
    photo = tmp_path / "ruang kelas.jpg"
    photo.write_bytes(demo_photo("ruang kelas", 1))
    pdf = tmp_path / "izin.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% uji\n")
    monkeypatch.setattr(editor_mod, "pick_files", lambda *_a: [str(photo), str(pdf)])
    opened: list[Path] = []

    def fake_open(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(editor_mod, "open_url", fake_open)
    monkeypatch.setattr(editor_mod, "confirm", lambda *_a: True)
    ed = open_editor(qtbot, services, rid)
    foto = item_w(ed, "foto")
    ed.focus_item("foto")
    assert foto.attach_button is not None and foto.evidence_count() == 0
    qtbot.mouseClick(foto.attach_button, Qt.MouseButton.LeftButton)
    assert foto.evidence is not None and foto.evidence.count() == 2
    assert foto.attach_button.text().endswith("(2)")
    evs = services.assessments.detail(rid).evidence
    assert [e.original_name for e in evs] == ["ruang kelas.jpg", "izin.pdf"]
    assert ed.snapshot is not None and ed.snapshot.items[("foto", "")].answered
    # open: a temporary copy in the app's data folder
    item = foto.evidence.list.item(0)
    foto.evidence.list.setCurrentItem(item)
    qtbot.mouseClick(foto.evidence.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].parent == services.paths.data_dir / "tmp" / "open"
    assert opened[0].read_bytes() == services.assessments.media(evs[0].media_sha256).data
    # caption edited in place
    item.setText("Ruang teori 1")
    assert services.assessments.detail(rid).evidence[0].caption == "Ruang teori 1"
    # remove the PDF
    foto.evidence.list.setCurrentItem(foto.evidence.list.item(1))
    qtbot.mouseClick(foto.evidence.remove_button, Qt.MouseButton.LeftButton)
    assert [e.original_name for e in services.assessments.detail(rid).evidence] == [
        "ruang kelas.jpg"]
    assert foto.evidence.count() == 1
    # signature item: asks for the pad; shows a stored drawing
    ttd = item_w(ed, "ttd")
    with qtbot.waitSignal(ed.signature_requested) as asked:
        ttd.control.button.click()  # type: ignore[union-attr]
    assert asked.args == [rid, "ttd", "asesor"]
    drawn = services.assessments.attach_evidence(rid, "foto", signature_png("Budi"),
                                                 filename="paraf.png")
    services.assessments.answer(rid, "ttd", drawn.media_sha256)
    assert ed.try_close()
    assert not opened[0].exists()  # temporary copies are removed on close
    again = open_editor(qtbot, services, rid)
    sig = item_w(again, "ttd").control
    assert isinstance(sig, SignatureView)
    assert sig.image.pixmap() is not None and not sig.image.pixmap().isNull()


def test_english_everywhere(qtbot: Any, services: Any, all_types: str, english: None) -> None:
    ed = open_editor(qtbot, services, all_types, lang="en")
    assert ed.finalise_button.text() == "Finalise"
    assert ed.next_button.text() == "Next unanswered"
    assert ed.nav_model.headerData(0, Qt.Orientation.Horizontal) == "Sections"
    assert ed.form_label.text() == "UJI.TIPE.01 — Every item type"
    assert item_w(ed, "pilih_dropdown").control.combo.itemText(0) == "— choose —"  # type: ignore[union-attr]
    radio = item_w(ed, "pilih_radio").control
    assert isinstance(radio, ChoiceRadios) and radio.buttons[2].text() == "3  Blue"
    assert item_w(ed, "tanggal").control.check.text() == "Set"  # type: ignore[union-attr]
    ed.focus_item("jumlah")
    edit = item_w(ed, "jumlah").control.focus_target()  # type: ignore[union-attr]
    qtbot.keyClicks(edit, "-2")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert item_w(ed, "jumlah").message.text() == "Must not be negative"
    ed.finalise()
    assert ed.finalise_dialog is not None
    assert ed.finalise_dialog.texts() == ["Required: Date", "Required: Photo"]
    assert ed.finalise_dialog.windowTitle() == "Cannot finalise yet"


def test_error_strings_exist_in_both_languages() -> None:
    # every marked string has an English translation: tests/unit/test_i18n.py
    words_id, words_en = errors_mod._t("id"), errors_mod._t("en")
    assert words_id["title"] == "Terjadi kesalahan"
    assert words_en["title"] == "Something went wrong"
    assert all(words_id[key] != words_en[key] for key in words_id)


SUBJECTS = {SubjectKind.INSTITUTION: "institution_id", SubjectKind.ASSESSEE: "assessee_id",
            SubjectKind.VISIT: "visit_id"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_shipped_template_renders(qtbot: Any, services: Any, lang: str,
                                        request: pytest.FixtureRequest) -> None:
    if lang == "en":
        request.getfixturevalue("english")
    seed_demo(services)
    seen = set()
    for row in services.assessments.list():
        if row.template_code in seen:
            continue
        seen.add(row.template_code)
        ed = AssessmentEditor(services, row.id, lang, executor=SyncExecutor())
        qtbot.addWidget(ed)
        assert ed.template is not None and ed.index is not None
        for page in list(ed._pages):
            ed._show_page(page, force=True)
        tops = [it for it in ed.template.walk_items() if ed.template.repeat_of(it.name) is None]
        for item in tops:
            assert ed.item_widget(item.name) is not None, (row.template_code, item.name)
        assert ed.score_panel is not None and ed.score_panel.result == ed.snapshot.score  # type: ignore[union-attr]
        assert ed.try_close()
    # every kind of instrument of the demo's certification event, and the institutional forms
    assert {"JKP.LPK.01", "KMPI.VISIT.01", "FR.APL.01.J620100.005.02",
            "FR.APL.02.J620100.005.02", "FR.AK.01.J620100.005.02", "FR.IA.01.J620100.005.02",
            "FR.IA.07.J620100.005.02", "FR.AK.02.J620100.005.02", "FR.AK.03.J620100.005.02",
            "FR.AK.05.J620100.005.02"} <= seen


def test_snapshot_progress_matches_the_form_engine(services: Any) -> None:
    seed_demo(services)
    for row in services.assessments.list():
        state = services.assessments.state(row.id)
        index = TemplateIndex(state.template)
        snap = build_snapshot(row, state, index)
        assert snap.progress[""] == state.progress()
        for name, sec in index.sections.items():
            assert snap.progress[name] == state.progress(sec), (row.template_code, name)
        header_required = sum(1 for it in state.template.header if state.is_required(it))
        assert snap.progress[HEADER][1] == header_required
        for item in index.order:
            if item.type is ItemType.CALCULATE:
                for r in state.rows_of(item):
                    assert snap.items[(item.name, r)].value == state.value(item.name, r)


def test_an_element_is_named_once_in_its_heading(services: Any) -> None:
    """FR.APL.02's element sections are titled "Elemen 1: ..." (FR.IA.01's only by the
    element's words); the editor names the element itself, so its heading read "Elemen 1.
    Elemen 1: Mengidentifikasi ..." (GUI sweep). Every installed form now reads
    "Elemen 1. Mengidentifikasi ...", in both languages."""
    from assessor_app.ui.editor.navigator import section_title

    seed_demo(services)
    seen = 0
    for row in services.templates.latest():
        template = services.templates.get(row.id)
        for sec in template.walk_sections():
            if sec.element is None:
                continue
            for lang in ("id", "en"):
                title = section_title(sec, lang)
                assert title.startswith(f"{sec.element.no}. "), title
                assert not re.search(r"\b(Elemen|Element)\s+\d", title), title
                seen += 1
    assert seen > 0
