"""Taking an evidence photo with the laptop's camera ("Ambil foto").

QtMultimedia is heavy (FFmpeg) and optional (the ``camera`` extra: PySide6-Addons): it is
imported only when the dialog asks for the cameras, never at start-up. Where it is missing,
or the laptop has no camera (CI, offscreen, a desktop without a webcam), the dialog says
"Tidak ada kamera" and offers choosing a file instead.

The dialog takes its cameras from an injectable function (``sources``) returning
:class:`CameraSource` objects, so a test can hand it a source that yields a ``QImage``
without any hardware. The dialog turns the captured image into JPEG bytes and emits them
with the moment of capture; the editor attaches them through the same service path as a
chosen file (``AssessmentService.attach_evidence``, ``taken_at`` = that moment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.clock import Clock, system_clock
from assessor_app.i18n import _
from assessor_app.ui.focus import wheel_needs_focus

JPEG_QUALITY = 90


class CameraSource(QObject):
    """One camera: a preview widget and an asynchronous capture.

    ``capture()`` ends in ``captured(QImage)`` or ``failed(str)``; ``ready(bool)`` says
    when a capture can start (a camera needs a moment after ``start()``)."""

    captured = Signal(QImage)
    failed = Signal(str)
    ready = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name

    def preview(self) -> QWidget | None:
        """The live picture (made once; None when the source has none)."""
        return None

    def start(self) -> None:
        """Start the preview."""

    def is_ready(self) -> bool:
        return True

    def capture(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Release the camera (the dialog closes or another camera is chosen)."""


#: ``sources(parent)`` -> (the cameras, why there are none: '' when it is simply none)
Sources = Callable[[QObject], tuple[list[CameraSource], str]]


class QtCameraSource(CameraSource):
    """A camera of QtMultimedia (``QCamera`` in a ``QMediaCaptureSession`` with a
    ``QImageCapture`` and a ``QVideoWidget`` preview)."""

    def __init__(self, device: object, parent: QObject | None = None) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession

        super().__init__(device.description(), parent)  # type: ignore[attr-defined]
        self.camera = QCamera(device, self)  # type: ignore[call-overload]
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.image_capture = QImageCapture(self)
        self.session.setImageCapture(self.image_capture)
        self.image_capture.imageCaptured.connect(self._on_image_captured)
        self.image_capture.errorOccurred.connect(self._on_capture_error)
        self.image_capture.readyForCaptureChanged.connect(self.ready)
        self.camera.errorOccurred.connect(self._on_camera_error)
        self._video: QWidget | None = None

    def preview(self) -> QWidget | None:
        if self._video is None:
            from PySide6.QtMultimediaWidgets import QVideoWidget

            video = QVideoWidget()
            self.session.setVideoOutput(video)
            self._video = video
        return self._video

    def start(self) -> None:
        self.camera.start()

    def is_ready(self) -> bool:
        return bool(self.image_capture.isReadyForCapture())

    def capture(self) -> None:
        if not self.image_capture.isReadyForCapture():
            self.failed.emit(_("Kamera belum siap. Tunggu sebentar lalu coba lagi."))
            return
        self.image_capture.capture()

    def stop(self) -> None:
        self.camera.stop()

    def _on_image_captured(self, _request: int, image: QImage) -> None:
        self.captured.emit(image)

    def _on_capture_error(self, _request: int, _error: object, text: str) -> None:
        self.failed.emit(text or _("Foto gagal diambil."))

    def _on_camera_error(self, _error: object, text: str) -> None:
        self.failed.emit(text or _("Kamera tidak dapat dipakai."))


def system_cameras(parent: QObject) -> tuple[list[CameraSource], str]:
    """The laptop's cameras (QtMultimedia is imported here, on first use)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # PySide6-Addons (the ``camera`` extra) or a system library missing
        return [], _("Modul kamera (QtMultimedia) tidak terpasang di komputer ini.")
    return [QtCameraSource(d, parent) for d in QMediaDevices.videoInputs()], ""


def jpeg_bytes(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    """``image`` as JPEG (the service re-encodes and downscales it like any photo)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    ok = rgb.save(buffer, "JPEG", quality)  # type: ignore[call-overload]  # str at run time
    buffer.close()
    return bytes(data.data()) if ok else b""


class CameraDialog(QDialog):
    """Lists the cameras, shows the chosen one's picture, takes a photo.

    ``photo_taken(bytes, datetime)``: the JPEG and the (UTC) moment it was taken, then the
    dialog closes. ``file_requested()``: the user chose "Pilih berkas…" instead."""

    photo_taken = Signal(bytes, object)
    file_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, title: str = "",
                 sources: Sources = system_cameras, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.setObjectName("cameraDialog")
        self.setWindowTitle(_("Ambil foto"))
        self.clock = clock
        self.cameras, reason = sources(self)
        self.current: CameraSource | None = None

        self.title_label = QLabel(title, self)
        self.title_label.setWordWrap(True)
        self.title_label.setVisible(bool(title))
        self.camera_combo = wheel_needs_focus(QComboBox(self))
        self.camera_combo.setObjectName("cameraCombo")
        for cam in self.cameras:
            self.camera_combo.addItem(cam.name)
        self.camera_combo.setVisible(len(self.cameras) > 1)
        self.stack = QStackedWidget(self)
        self.stack.setMinimumSize(320, 240)
        self.message = QLabel("", self)
        self.message.setObjectName("cameraMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.capture_button = QPushButton(_("Ambil foto"), self)
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setDefault(True)
        self.capture_button.clicked.connect(self.capture)
        self.file_button = QPushButton(_("Pilih berkas…"), self)
        self.file_button.setObjectName("fileButton")
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.cancel_button = QPushButton(_("Batal"), self)
        self.cancel_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.capture_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.camera_combo)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        if not self.cameras:
            self.stack.setVisible(False)
            self.capture_button.setEnabled(False)
            self.capture_button.setToolTip(_("Tidak ada kamera"))
            text = _("Tidak ada kamera.")
            if reason:
                text += " " + reason
            self.message.setText(text + " " + _(
                "Pilih berkas foto yang sudah ada sebagai gantinya."))
            self.file_button.setDefault(True)
            self.file_button.setFocus()
        else:
            self.camera_combo.currentIndexChanged.connect(self._use)
            self._use(0)
            self.resize(680, 600)

    def has_camera(self) -> bool:
        return bool(self.cameras)

    def _use(self, index: int) -> None:
        if self.current is not None:
            self.current.captured.disconnect(self._on_captured)
            self.current.failed.disconnect(self._on_failed)
            self.current.ready.disconnect(self._on_ready)
            self.current.stop()
        cam = self.cameras[index]
        self.current = cam
        cam.captured.connect(self._on_captured)
        cam.failed.connect(self._on_failed)
        cam.ready.connect(self._on_ready)
        view = cam.preview()
        if view is not None:
            if self.stack.indexOf(view) < 0:
                self.stack.addWidget(view)
            self.stack.setCurrentWidget(view)
        self.message.setText("")
        cam.start()
        self._on_ready(cam.is_ready())

    def _on_ready(self, ready: bool) -> None:
        self.capture_button.setEnabled(ready)
        if not ready and not self.message.text():
            self.message.setText(_("Menyiapkan kamera…"))
        elif ready and self.message.text() == _("Menyiapkan kamera…"):
            self.message.setText("")

    def capture(self) -> None:
        if self.current is None:
            return
        self.capture_button.setEnabled(False)
        self.message.setText(_("Mengambil foto…"))
        self.current.capture()

    def _on_captured(self, image: QImage) -> None:
        moment = self.clock()
        data = jpeg_bytes(image) if not image.isNull() else b""
        if not data:
            self._on_failed(_("Foto gagal diambil."))
            return
        self.photo_taken.emit(data, moment)
        self.accept()

    def _on_failed(self, text: str) -> None:
        self.message.setText(text)
        self.capture_button.setEnabled(self.current is not None and self.current.is_ready())

    def _on_file_button_clicked(self) -> None:
        self.file_requested.emit()
        self.reject()

    def done(self, result: int) -> None:
        for cam in self.cameras:
            cam.stop()
        super().done(result)


def capture_filename(moment: dt.datetime) -> str:
    """'kamera-20261204-101500.jpg' (UTC: the stored taken_at says the local time)."""
    return f"kamera-{moment.astimezone(dt.UTC):%Y%m%d-%H%M%S}.jpg"
