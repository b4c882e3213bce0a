"""The passphrase of the encrypted database, asked before the main window opens.

:class:`PassphraseDialog` serves the three prompts of
:func:`assessor_app.services.keys.database_key`:

* ``create`` (a new data folder) and ``migrate`` (a plain database about to be encrypted):
  the passphrase twice, a strength hint under the first field, at least 8 characters;
* ``unlock``: the passphrase once; "Lupa kata sandi?" switches to a reset with the recovery
  code the office gives (services/keys.py), plus a new passphrase twice.

"Ingat di komputer ini" keeps the key in the OS keyring (unlock once per session). The
dialog fits a 1024x600 screen; every text is plain (``Qt.PlainText``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.errors import AppError
from assessor_app.core.keys import MIN_PASSPHRASE, passphrase_strength
from assessor_app.i18n import _
from assessor_app.messages import describe, message
from assessor_app.services.keys import PassphraseAnswer
from assessor_app.ui.geometry import keep_on_screen

_STRENGTH_COLOURS = ("#b00020", "#b00020", "#9a6700", "#1a7f37", "#1a7f37")


class PassphraseDialog(QDialog):
    def __init__(self, kind: str, data_dir: Path, error: AppError | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.resetting = False
        self.setWindowTitle(_("Kata sandi basis data") + f" - {APP_DISPLAY_NAME}")
        keep_on_screen(self, QSize(520, 360))
        layout = QVBoxLayout(self)

        self.intro = QLabel(self._intro_text(kind, data_dir), self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        form = QFormLayout()
        self.code_label = QLabel(_("Kode pemulihan"), self)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("ABCD-EFGH-...")
        form.addRow(self.code_label, self.code)
        self.first_label = QLabel(_("Kata sandi"), self)
        self.first = self._secret_field()
        form.addRow(self.first_label, self.first)
        self.strength = QLabel("", self)
        self.strength.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.strength)
        self.again_label = QLabel(_("Ulangi kata sandi"), self)
        self.again = self._secret_field()
        form.addRow(self.again_label, self.again)
        layout.addLayout(form)

        self.remember = QCheckBox(_("Ingat di komputer ini (gantungan kunci sistem)"), self)
        self.remember.setToolTip(_("Kunci disimpan di Windows Credential Manager, macOS "
                                   "Keychain atau Secret Service; kata sandi tidak ditanyakan "
                                   "lagi sampai 'assessor-app lock'. Jangan pakai di komputer "
                                   "bersama."))
        layout.addWidget(self.remember)

        self.error = QLabel(describe(error)[:1].upper() + describe(error)[1:] if error else "",
                            self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(error is not None)
        layout.addWidget(self.error)

        self.forgot = QPushButton(_("Lupa kata sandi?"), self)
        self.forgot.setAutoDefault(False)
        self.forgot.clicked.connect(self._start_reset)
        layout.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Buka") if kind == "unlock" else _("Simpan kata sandi"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.first.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self.code.textChanged.connect(self._update)
        self._show_fields()
        self._update()
        self.first.setFocus()

    # ------------------------------------------------------------ building

    def _secret_field(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(1024)
        return field

    @staticmethod
    def _intro_text(kind: str, data_dir: Path) -> str:
        keep = _("Simpan kata sandi ini baik-baik: tanpa kata sandi atau kode pemulihan dari "
                 "kantor, data tidak dapat dibuka.")
        if kind == "create":
            return _("Data penilaian di laptop ini (NIK, nama, foto, tanda tangan) disimpan "
                     "terenkripsi. Buat kata sandi, minimal {min} karakter; beberapa kata "
                     "lebih mudah diingat dan lebih kuat.").format(min=MIN_PASSPHRASE) + \
                " " + keep
        if kind == "migrate":
            return _("Basis data di {path} belum terenkripsi. Buat kata sandi (minimal {min} "
                     "karakter): data akan dienkripsi sekarang, setelah salinan yang "
                     "diverifikasi.").format(path=data_dir, min=MIN_PASSPHRASE) + " " + keep
        return _("Data penilaian di {path} terenkripsi. Masukkan kata sandi untuk "
                 "membukanya.").format(path=data_dir)

    def _new_passphrase(self) -> bool:
        return self.kind in ("create", "migrate") or self.resetting

    def _show_fields(self) -> None:
        new = self._new_passphrase()
        for widget in (self.again_label, self.again, self.strength):
            widget.setVisible(new)
        self.code_label.setVisible(self.resetting)
        self.code.setVisible(self.resetting)
        self.forgot.setVisible(self.kind == "unlock" and not self.resetting)
        self.first_label.setText(_("Kata sandi baru") if new and self.kind == "unlock"
                                 else _("Kata sandi"))

    def _start_reset(self) -> None:
        self.resetting = True
        self.intro.setText(_("Lupa kata sandi: kantor dapat membuka salinan kunci yang "
                             "disegel untuknya ('assessor-app office recovery-key') dan "
                             "memberi Anda kode pemulihan. Masukkan kode itu dan kata sandi "
                             "baru. Data tidak diubah."))
        self.error.setVisible(False)
        self.ok_button.setText(_("Pasang kata sandi baru"))
        self._show_fields()
        self._update()
        self.code.setFocus()

    # ------------------------------------------------------------ state

    def _update(self) -> None:
        text = self.first.text()
        if self._new_passphrase():
            score, code = passphrase_strength(text)
            self.strength.setText(_("Kekuatan: {words}").format(words=message(code, {}))
                                  if text else _("Minimal {min} karakter").format(
                                      min=MIN_PASSPHRASE))
            self.strength.setStyleSheet(f"color: {_STRENGTH_COLOURS[score]};" if text else "")
            ready = len(text.strip()) >= MIN_PASSPHRASE and bool(self.again.text())
            if self.resetting:
                ready = ready and bool(self.code.text().strip())
        else:
            ready = bool(text)
        self.ok_button.setEnabled(ready)

    def _accept(self) -> None:
        if self._new_passphrase() and self.again.text() != self.first.text():
            self.error.setText(_("Kedua kata sandi tidak sama."))
            self.error.setVisible(True)
            self.again.selectAll()
            self.again.setFocus()
            return
        self.accept()

    def answer(self) -> PassphraseAnswer:
        """What the user typed (call after the dialog was accepted)."""
        new = self._new_passphrase()
        return PassphraseAnswer(self.first.text(), self.again.text() if new else None,
                                self.remember.isChecked(),
                                self.code.text().strip() if self.resetting else None)
