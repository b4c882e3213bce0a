"""Render resources/icons/app.svg into the icon files the packaged app needs:
app.ico (Windows, several sizes), app.icns (macOS) and app.png (Linux desktop files).

    python scripts/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(svg: Path, size: int) -> Image.Image:
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> None:
    svg = ICONS / "app.svg"
    big = render(svg, 1024)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "app.png")
    big.save(ICONS / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                       (128, 128), (256, 256)])
    big.resize((512, 512), Image.Resampling.LANCZOS).save(ICONS / "app.icns")
    for name in ("app.png", "app.ico", "app.icns"):
        print(ICONS / name, (ICONS / name).stat().st_size)


if __name__ == "__main__":
    main()
