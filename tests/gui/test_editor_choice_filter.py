# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""The editor with cascading selects: only the options the filter offers are shown (buttons,
drop-down list, table cells), numbered 1..n again; a stored answer the filter no longer
offers stays, flagged, until the assessor picks again. A required item's own message is
what the finalise list and "Tinjau isi" say."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from assessor_app.core.template_loader import load_template_text
from assessor_app.ui.editor.items import ChoiceButtons, ChoiceCombo
from assessor_app.ui.editor.repeat import RepeatCellDelegate
from tests.gui.test_editor import cell, item_w, open_editor, stored, table_w

SRC = """
template: 1
code: UJI.SARING.EDITOR
version: "1"
kind: institutional
subject: institution
title: { id: Uji pilihan bertingkat, en: Cascading choices }
response_sets:
  provinsi:
    options:
      - { value: jabar, label: Jawa Barat }
      - { value: jatim, label: Jawa Timur }
  kabupaten:
    options:
      - { value: bandung, label: Kab. Bandung, columns: { provinsi: jabar } }
      - { value: surabaya, label: Kota Surabaya, columns: { provinsi: jatim } }
      - { value: bogor, label: Kab. Bogor, columns: { provinsi: jabar } }
      - { value: malang, label: Kab. Malang, columns: { provinsi: jatim } }
sections:
  - name: lokasi
    title: { id: Lokasi, en: Location }
    items:
      - { name: provinsi, type: select_one, response_set: provinsi,
          label: { id: Provinsi, en: Province } }
      - { name: kabupaten, type: select_one, response_set: kabupaten,
          label: { id: Kabupaten, en: Regency }, choice_filter: "provinsi = ${provinsi}",
          required: true,
          required_message: { id: Pilih kabupaten tempat LPK, en: Choose the LPK's regency } }
      - { name: kab_daftar, type: select_one, response_set: kabupaten, appearance: dropdown,
          label: { id: Kabupaten (daftar), en: Regency (list) },
          choice_filter: "provinsi = ${provinsi}" }
      - name: cabang
        type: repeat
        label: { id: Cabang, en: Branches }
        items:
          - { name: kab_cabang, type: select_one, response_set: kabupaten,
              label: { id: Kab. cabang, en: Branch regency },
              choice_filter: "provinsi = ${provinsi}" }
"""


@pytest.fixture()
def rid(services: Any) -> str:
    services.templates.install(load_template_text(SRC, "saring.yaml"))
    inst = services.registry.add_institution("LPK Bertingkat")
    return str(services.assessments.create("UJI.SARING.EDITOR", institution_id=inst.id).id)


def shown(control: ChoiceButtons) -> list[str]:
    return [b.text() for b in control.buttons if b.isVisibleTo(control)]


def listed(control: ChoiceCombo) -> list[str]:
    return [control.combo.itemText(i) for i in range(control.combo.count())]


def test_only_the_offered_options_and_a_stale_answer_flagged(qtbot: Any, services: Any,
                                                             rid: str) -> None:
    ed = open_editor(qtbot, services, rid)
    kab = item_w(ed, "kabupaten")
    buttons = kab.control
    assert isinstance(buttons, ChoiceButtons)
    assert shown(buttons) == [] and kab.no_options.isVisible()  # nothing chosen above yet
    assert kab.required_marker.toolTip() == "Pilih kabupaten tempat LPK"

    ed.focus_item("provinsi")
    qtbot.keyClick(item_w(ed, "provinsi").control, Qt.Key.Key_1)  # Jawa Barat
    assert stored(services, rid, "provinsi") == "jabar"
    qtbot.waitUntil(lambda: shown(buttons) == ["1  Kab. Bandung", "2  Kab. Bogor"])
    assert not kab.no_options.isVisible()
    ed.focus_item("kabupaten")
    qtbot.keyClick(buttons, Qt.Key.Key_2)  # the second one shown: Bogor
    assert stored(services, rid, "kabupaten") == "bogor"
    combo = item_w(ed, "kab_daftar").control
    assert isinstance(combo, ChoiceCombo)
    assert listed(combo) == ["— pilih —", "1  Kab. Bandung", "2  Kab. Bogor"]

    # the answer above changes: the stored choice stays, shown and flagged
    ed.focus_item("provinsi")
    qtbot.keyClick(item_w(ed, "provinsi").control, Qt.Key.Key_2)  # Jawa Timur
    qtbot.waitUntil(lambda: kab.message.isVisible())
    assert stored(services, rid, "kabupaten") == "bogor"
    assert shown(buttons) == ["1  Kota Surabaya", "2  Kab. Bogor", "3  Kab. Malang"]
    assert [b.isChecked() for b in buttons.buttons if b.isVisibleTo(buttons)] == [
        False, True, False]
    assert kab.message.text() == ("'Kab. Bogor' tidak lagi sesuai dengan jawaban "
                                  "sebelumnya: pilih lagi (jawaban lama tetap tersimpan "
                                  "sampai diganti)")
    assert listed(combo) == ["— pilih —", "1  Kota Surabaya", "2  Kab. Malang"]

    # the finalise list and "Tinjau isi" say it in the template's words
    ed.finalise()
    texts = ed.finalise_dialog.texts()
    assert texts == ["Pilihan tidak lagi sesuai dengan jawaban sebelumnya: Kabupaten — pilih "
                     "lagi"]
    ed.finalise_dialog.close()

    ed.focus_item("kabupaten")
    qtbot.keyClick(buttons, Qt.Key.Key_3)  # Malang
    assert stored(services, rid, "kabupaten") == "malang"
    qtbot.waitUntil(lambda: not kab.message.isVisible())
    assert shown(buttons) == ["1  Kota Surabaya", "2  Kab. Malang"]

    # back to Jawa Barat and clear: the finalise list uses the required_message
    ed.focus_item("kabupaten")
    qtbot.keyClick(buttons, Qt.Key.Key_Delete)
    assert stored(services, rid, "kabupaten") == ""
    ed.finalise()
    assert ed.finalise_dialog.texts() == [
        "Wajib diisi: Kabupaten — Pilih kabupaten tempat LPK"]
    ed.finalise_dialog.close()
    ed.request_finalise()
    qtbot.waitUntil(lambda: ed.finalise_confirm is not None)
    page = ed.finalise_confirm.browser.toPlainText()
    assert "Pilih kabupaten tempat LPK" in page


def test_table_cells_offer_only_the_filtered_options(qtbot: Any, services: Any, rid: str,
                                                     english: None) -> None:
    svc = services.assessments
    svc.answer(rid, "provinsi", "jatim")
    row = svc.add_row(rid, "cabang")
    svc.answer(rid, "kab_cabang", "malang", row=row)
    svc.answer(rid, "provinsi", "jabar")
    ed = open_editor(qtbot, services, rid, lang="en")
    table = table_w(ed, "cabang")
    index = cell(table, 0, "kab_cabang")
    delegate = table.table.itemDelegate()
    assert isinstance(delegate, RepeatCellDelegate)
    editor = delegate.createEditor(table.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "— choose —", "Kab. Bandung", "Kab. Bogor", "Kab. Malang"]
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (
        "'Kab. Malang' no longer fits the earlier answers: choose again (the old answer "
        "stays stored until replaced)")
    editor.deleteLater()
