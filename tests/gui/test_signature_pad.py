"""The signature pad: mouse strokes become a cropped, transparent PNG; an empty pad is
refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from assessor_app.core.errors import AppError
from assessor_app.messages import describe
from assessor_app.ui.signature_pad import SignaturePad


def draw_signature(qtbot: Any, pad: SignaturePad) -> None:
    """A realistic drag: press, a zig-zag of moves, release (QTest, no sleeps)."""
    w, h = pad.width(), pad.height()
    points = [QPoint(int(w * 0.15 + i * w * 0.035), int(h * (0.5 + (0.2 if i % 2 else -0.2))))
              for i in range(18)]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(pad, p)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       points[-1])
    qtbot.waitUntil(lambda: pad.stroke_count() >= 1)


@pytest.fixture()
def pad(qtbot: Any) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(520, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_drawn_signature_exports_a_transparent_png(qtbot: Any, pad: SignaturePad) -> None:
    with qtbot.waitSignal(pad.changed):
        draw_signature(qtbot, pad)
    assert not pad.is_empty()
    data = pad.to_png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 500
    img = Image.open(io.BytesIO(data))
    assert img.mode == "RGBA"
    # cropped to the ink (plus a margin), at twice the logical size
    assert 0 < img.width <= 2 * pad.width() and 0 < img.height <= 2 * pad.height()
    alpha = img.getchannel("A")
    assert alpha.getextrema() == (0, 255)  # transparent background, opaque ink
    corner = img.getpixel((0, 0))
    assert isinstance(corner, tuple) and corner[3] == 0


def test_empty_pad_is_refused_and_clear_empties_it(qtbot: Any, pad: SignaturePad) -> None:
    with pytest.raises(AppError) as err:
        pad.to_png()
    assert err.value.code == "shell.signature_empty"
    assert "kosong" in describe(err.value, "id")
    # a single click leaves a dot, not a signature
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(100, 100))
    assert pad.stroke_count() == 1 and pad.is_empty()
    with pytest.raises(AppError):
        pad.to_png()
    draw_signature(qtbot, pad)
    assert not pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and pad.stroke_count() == 0
    draw_signature(qtbot, pad)
    pad.setFocus()
    QTest.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_read_only_pad_ignores_drawing(qtbot: Any, pad: SignaturePad) -> None:
    pad.set_read_only(True)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(50, 50))
    QTest.mouseMove(pad, QPoint(300, 120))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(300, 120))
    assert pad.stroke_count() == 0
