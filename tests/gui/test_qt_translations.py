"""Qt's own texts follow the UI language (issue 12): in Indonesian the standard buttons of a
QDialogButtonBox and a QMessageBox, a line edit's context menu and Qt's file dialog speak
Indonesian (our ``qt`` gettext domain: Qt ships no Indonesian); in English they are Qt's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from assessor_app.ui.qt_translations import install_qt_translations

Std = QDialogButtonBox.StandardButton


@pytest.fixture()
def qt_lang(qapp: QApplication) -> Iterator[Any]:
    def install(lang: str) -> None:
        install_qt_translations(qapp, lang)

    yield install
    install_qt_translations(qapp, "en")  # as every other test expects: Qt's English


def plain(text: str) -> str:
    return text.replace("&", "").split("\t")[0]


def texts(qtbot: Any) -> dict[str, Any]:
    box = QDialogButtonBox(Std.Ok | Std.Cancel | Std.Save | Std.Close)
    qtbot.addWidget(box)
    msg = QMessageBox(QMessageBox.Icon.Question, "t", "?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(msg)
    edit = QLineEdit("abc")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    text_edit = QPlainTextEdit("abc")
    qtbot.addWidget(text_edit)
    text_menu = text_edit.createStandardContextMenu()
    dialog = QFileDialog(None, "t")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    return {
        "box": [plain(box.button(b).text()) for b in (Std.Ok, Std.Cancel, Std.Save, Std.Close)],
        "msg": [plain(msg.button(b).text()) for b in (QMessageBox.StandardButton.Yes,
                                                      QMessageBox.StandardButton.No)],
        "menu": [plain(a.text()) for a in menu.actions() if not a.isSeparator()],
        "text_menu": [plain(a.text()) for a in text_menu.actions() if not a.isSeparator()],
        "file": [plain(label.text()) for label in dialog.findChildren(QLabel)
                 if label.text()],
    }


def test_qt_speaks_indonesian_in_the_indonesian_ui(qtbot: Any, qt_lang: Any) -> None:
    qt_lang("id")
    shown = texts(qtbot)
    assert shown["box"] == ["OK", "Batal", "Simpan", "Tutup"]
    assert shown["msg"] == ["Ya", "Tidak"]
    assert {"Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus",
            "Pilih Semua"} <= set(shown["menu"])
    assert {"Salin", "Tempel", "Pilih Semua"} <= set(shown["text_menu"])
    assert {"Lihat di:", "Nama berkas:", "Jenis berkas:"} <= set(shown["file"])


def test_qt_speaks_english_in_the_english_ui(qtbot: Any, qt_lang: Any) -> None:
    qt_lang("id")
    qt_lang("en")  # a switch replaces the Indonesian translator
    shown = texts(qtbot)
    assert shown["box"] == ["OK", "Cancel", "Save", "Close"]
    assert shown["msg"] == ["Yes", "No"]
    assert "Paste" in shown["menu"] and "Tempel" not in shown["menu"]
    assert "File name:" in shown["file"]
