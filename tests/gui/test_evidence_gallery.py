"""Evidence in the editor (issue 12): per-KUK attach from the focused item, "Ambil foto"
with the camera (a fake source; no camera at all), the gallery of the whole record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from assessor_app.ui.editor import editor as editor_mod
from assessor_app.ui.editor.camera import CameraDialog, CameraSource, system_cameras
from tests.gui.test_editor import item_w, jpeg_file, open_editor
from tests.helpers import SEMARANG, answer_all_ia01, exif_jpeg, run_python

NOW = dt.datetime(2026, 12, 4, 3, 15, 42, tzinfo=dt.UTC)  # 10.15 WIB


class FakeCamera(CameraSource):
    """A camera that yields a QImage when asked (no hardware, no QtMultimedia)."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self.started = self.stopped = 0

    def start(self) -> None:
        self.started += 1

    def stop(self) -> None:
        self.stopped += 1

    def capture(self) -> None:
        image = QImage(640, 480, QImage.Format.Format_RGB32)
        image.fill(QColor(30, 120, 200))
        self.captured.emit(image)


def fake_cameras(parent: QObject) -> tuple[list[CameraSource], str]:
    return [FakeCamera("Kamera depan", parent), FakeCamera("Kamera USB", parent)], ""


def no_cameras(parent: QObject) -> tuple[list[CameraSource], str]:
    return [], ""


def ia01(services: Any) -> tuple[str, list[str]]:
    person = services.registry.add_assessee("Dewi Lestari Anggraini")
    code = next(r.code for r in services.templates.latest() if r.code.startswith("FR.IA.01.J62"))
    rid = services.assessments.create(code, assessee_id=person.id).id
    template = services.assessments.template_of(services.assessments.resolve(rid))
    return rid, [it.name for it in template.walk_items() if it.kuk]


def test_a_photo_from_the_camera_is_attached_to_the_focused_kuk_with_its_time(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid, kuks = ia01(services)
    monkeypatch.setattr(services.assessments, "clock", lambda: NOW)
    monkeypatch.setattr(editor_mod.AssessmentEditor, "camera_sources",
                        staticmethod(fake_cameras))
    ed = open_editor(qtbot, services, rid)
    kuk = kuks[2]
    assert ed.focus_item(kuk)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = ed.camera_dialog
    assert isinstance(dialog, CameraDialog) and dialog.isVisible()
    assert dialog.camera_combo.count() == 2 and dialog.camera_combo.isVisible()
    label = item_w(ed, kuk).item.label.get("id")
    assert label in dialog.title_label.text()
    dialog.camera_combo.setCurrentIndex(1)  # the USB camera; the first one is let go
    first, usb = dialog.cameras
    assert first.stopped >= 1 and usb.started == 1  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = services.assessments.detail(rid).evidence
    assert [(e.item, e.taken_at, e.mime) for e in stored] == [
        (kuk, "2026-12-04T03:15:42.000Z", "image/jpeg")]
    assert stored[0].original_name == "kamera-20261204-031542.jpg"
    w = item_w(ed, kuk)
    assert w.evidence_count() == 1 and w.attach_button is not None
    assert w.attach_button.text().endswith("(1)")  # the count per KUK
    assert all(item_w(ed, k).evidence_count() == 0 for k in kuks if k != kuk)
    assert ed.gallery_button.text() == "Galeri bukti (1)"


def test_the_evidence_shortcuts_need_a_focused_kuk_and_act_on_it(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid, kuks = ia01(services)
    ed = open_editor(qtbot, services, rid)
    asked: list[tuple[str, str, str]] = []
    monkeypatch.setattr(ed, "_on_item_attach_requested",
                        lambda item, row: asked.append(("attach", item, row)))
    monkeypatch.setattr(ed, "take_photo", lambda item, row="": asked.append(("photo", item, row)))
    ed.attach_to_focused()  # nothing focused yet
    ed.take_photo_for_focused()
    assert asked == [] and ed.nav_message.text().startswith("Pilih dulu butir (KUK)")
    assert ed.focus_item(kuks[1])
    ed.attach_to_focused()
    ed.take_photo_for_focused()
    assert asked == [("attach", kuks[1], ""), ("photo", kuks[1], "")]


def test_without_a_camera_the_dialog_says_so_and_offers_a_file(
        qtbot: Any, services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rid, kuks = ia01(services)
    monkeypatch.setattr(editor_mod.AssessmentEditor, "camera_sources",
                        staticmethod(no_cameras))
    photo = jpeg_file(tmp_path)
    monkeypatch.setattr(editor_mod, "pick_files", lambda _parent: [str(photo)])
    ed = open_editor(qtbot, services, rid)
    assert ed.focus_item(kuks[0])
    w = item_w(ed, kuks[0])
    assert w.photo_button is not None and w.photo_button.isVisible()
    qtbot.mouseClick(w.photo_button, Qt.MouseButton.LeftButton)
    dialog = ed.camera_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.has_camera()
    assert dialog.message.text().startswith("Tidak ada kamera.")
    assert not dialog.capture_button.isEnabled()
    assert dialog.capture_button.toolTip() == "Tidak ada kamera"
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.evidence_count() == 1)
    stored = services.assessments.detail(rid).evidence
    assert [(e.item, e.original_name) for e in stored] == [(kuks[0], "bengkel.jpg")]


def test_the_real_camera_list_opens_offscreen(qtbot: Any) -> None:
    """QtMultimedia, where installed, lists no camera offscreen; without it the dialog
    says why. Either way: no camera, the file choice offered, nothing logged."""
    dialog = CameraDialog(None, sources=system_cameras)
    qtbot.addWidget(dialog)
    if dialog.has_camera():  # a developer's laptop with a webcam
        pytest.skip("this machine has a camera")
    assert dialog.message.text().startswith("Tidak ada kamera.")
    assert dialog.file_button.isEnabled()


def test_the_gallery_lists_all_evidence_opens_and_removes_while_a_draft(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid, kuks = ia01(services)
    svc = services.assessments
    svc.attach_evidence(rid, kuks[1], exif_jpeg(gps=SEMARANG), filename="dsc.jpg",
                        caption="Tata letak jaringan")
    svc.attach_evidence(rid, kuks[0], exif_jpeg(None), filename="polos.jpg")
    svc.attach_evidence(rid, kuks[0], b"%PDF-1.4\n%%EOF\n", filename="sertifikat.pdf")
    monkeypatch.setattr(editor_mod, "confirm", lambda *_a: True)
    ed = open_editor(qtbot, services, rid)
    assert ed.gallery_button.text() == "Galeri bukti (3)"
    qtbot.keyClick(ed, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    gallery = ed.gallery
    assert gallery is not None and gallery.isVisible()
    assert gallery.count_label.text() == "3 bukti"
    texts = [gallery.list.item(i).text() for i in range(gallery.list.count())]
    # in the form's order of the KUK, each with its caption, KUK and time/place
    assert texts[0].startswith("polos.jpg\n") and texts[1].startswith("sertifikat.pdf\n")
    first_kuk = item_w(ed, kuks[0]).item
    assert texts[0].startswith(f"polos.jpg\nKUK {first_kuk.kuk} ")
    assert f"KUK {first_kuk.kuk} {first_kuk.label.get('id')}" in gallery.list.item(0).toolTip()
    assert texts[2].startswith("Tata letak jaringan\n")
    assert texts[2].endswith("Diambil 4 Des 2026 10.15 WIB; -6.9932, 110.4203")
    # open full size inside the app
    gallery.list.setCurrentRow(2)
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    viewer = ed.photo_viewer
    assert viewer is not None and viewer.isVisible()
    assert (viewer.pixmap.width(), viewer.pixmap.height()) == (64, 48)
    assert "Diambil 4 Des 2026 10.15 WIB" in viewer.details.text()
    viewer.accept()
    # remove (confirmed): gone from the store, the gallery and the KUK
    gallery.list.setCurrentRow(0)
    qtbot.mouseClick(gallery.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gallery.list.count() == 2)
    assert [e.original_name for e in svc.detail(rid).evidence] == ["dsc.jpg", "sertifikat.pdf"]
    assert item_w(ed, kuks[0]).evidence_count() == 1
    assert ed.gallery_button.text() == "Galeri bukti (2)"


def test_the_gallery_of_a_finalised_record_cannot_remove(qtbot: Any, services: Any) -> None:
    rid, kuks = ia01(services)
    svc = services.assessments
    svc.attach_evidence(rid, kuks[0], exif_jpeg(), filename="a.jpg")
    answer_all_ia01(svc, rid)
    svc.finalise(rid)
    ed = open_editor(qtbot, services, rid)
    assert ed.read_only
    gallery = ed.open_gallery()
    assert not gallery.remove_button.isVisible()
    gallery.list.setCurrentRow(0)
    gallery._on_remove_button_clicked()  # even if asked: nothing happens
    assert len(svc.detail(rid).evidence) == 1 and gallery.list.count() == 1


class BrokenCamera(FakeCamera):
    def capture(self) -> None:
        self.failed.emit("Kamera terputus.")


def test_a_failed_capture_says_why_and_stores_nothing(
        qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rid, kuks = ia01(services)
    monkeypatch.setattr(editor_mod.AssessmentEditor, "camera_sources",
                        staticmethod(lambda parent: ([BrokenCamera("Kamera", parent)], "")))
    ed = open_editor(qtbot, services, rid)
    dialog = ed.take_photo(kuks[0])
    assert dialog is not None and not dialog.camera_combo.isVisible()  # only one camera
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text() == "Kamera terputus."
    assert dialog.capture_button.isEnabled()  # try again
    assert services.assessments.detail(rid).evidence == []


def test_a_caption_edited_under_the_kuk_shows_in_the_gallery(
        qtbot: Any, services: Any) -> None:
    rid, kuks = ia01(services)
    services.assessments.attach_evidence(rid, kuks[0], exif_jpeg(), filename="a.jpg")
    ed = open_editor(qtbot, services, rid)
    assert ed.focus_item(kuks[0])
    panel = item_w(ed, kuks[0]).evidence
    assert panel is not None
    panel.list.item(0).setText("Pemasangan konektor")  # what the inline editor commits
    qtbot.waitUntil(lambda: services.assessments.detail(rid).evidence[0].caption
                    == "Pemasangan konektor")
    stored = services.assessments.detail(rid).evidence[0]
    assert stored.taken_at == "2026-12-04T03:15:00.000Z"  # the edit keeps the metadata
    gallery = ed.open_gallery()
    assert gallery.list.item(0).text().startswith("Pemasangan konektor\n")
    assert gallery.evidence()[0].taken_at == stored.taken_at


def test_start_up_does_not_load_qtmultimedia() -> None:
    """The editor and the main window import the camera dialog, not QtMultimedia (it is
    loaded when "Ambil foto" asks for the cameras)."""
    done = run_python("import sys\n"
                      "import assessor_app.ui.main_window, assessor_app.ui.editor.editor\n"
                      "print(sorted(m for m in sys.modules if 'QtMultimedia' in m))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


class SlowCamera(FakeCamera):
    """Not ready until the test says so (a real camera needs a moment after start)."""

    warm = False

    def is_ready(self) -> bool:
        return self.warm


def test_capture_waits_until_the_camera_is_ready(qtbot: Any) -> None:
    dialog = CameraDialog(None, sources=lambda parent: ([SlowCamera("Kamera", parent)], ""))
    qtbot.addWidget(dialog)
    cam = dialog.cameras[0]
    assert not dialog.capture_button.isEnabled()
    assert dialog.message.text() == "Menyiapkan kamera…"
    cam.warm = True  # type: ignore[attr-defined]
    cam.ready.emit(True)
    assert dialog.capture_button.isEnabled() and dialog.message.text() == ""
    with qtbot.waitSignal(dialog.photo_taken) as taken:
        qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    data, moment = taken.args
    assert data.startswith(b"\xff\xd8\xff") and moment.tzinfo is not None
