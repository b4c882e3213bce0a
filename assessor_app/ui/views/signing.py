"""The sign-and-lock ceremony.

:class:`SigningDialog` ("Tandatangani & kunci") lists every signer role the template names
and who has signed; each missing role opens :class:`SignDialog`, which binds the drawn
image to the signer's name, role, registration number ("No. Reg. MET..."), place and
time zone. When the last required role has signed, the service locks the revision and the
assessment becomes read-only. :class:`ReviseDialog` asks for the mandatory reason of a new
revision; :class:`RevisionHistoryDialog` shows every revision, the earlier ones intact.
"""

from __future__ import annotations

import functools
import html

import shiboken6
from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from assessor_app.core.display import display_line
from assessor_app.core.errors import AppError
from assessor_app.core.template import Signer
from assessor_app.formatting import outcome as outcome_of
from assessor_app.i18n import _
from assessor_app.messages import describe
from assessor_app.services.assessments import AssessmentDetail, Signature
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.ui import geometry
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.models.format import format_datetime, format_signed_at
from assessor_app.ui.models.registry_models import HistoryEntry, RevisionHistoryModel
from assessor_app.ui.settings import load_profile
from assessor_app.ui.signature_pad import SignaturePad
from assessor_app.ui.tasks import ASSESSMENTS
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    dialog_buttons,
    fit_columns,
    form_layout,
    grow_to_body,
    hbox,
    hint_label,
    make_table,
    open_dialog,
    scrolled_body,
    vbox,
    write_then_accept,
)
from assessor_app.ui.views.visit_form import timezone_labels
from assessor_app.vocabulary import status_label

#: The service's refusals of the name typed (shown under the name field).
NAME_REFUSALS = frozenset({"sign.no_name", "sign.not_asesi", "sign.not_asesi_or_guardian"})


def prefill_for(services: Services, detail: AssessmentDetail, signer: Signer
                ) -> dict[str, str]:
    """Who most likely signs ``signer.role``: name, title, registration no., place, zone."""
    out = {"name": "", "title": "", "registration_no": "", "place": "", "timezone": "WIB"}
    if detail.visit is not None:
        out["place"] = detail.visit.place or ""
        out["timezone"] = detail.visit.timezone or "WIB"
    if not out["place"] and detail.institution is not None:
        out["place"] = detail.institution.city or ""
    role = signer.role
    if signer.registration or role in ("asesor", "ketua_asesor", "verifikator"):
        profile = load_profile(services.registry)
        out["name"] = profile.display_name
        out["registration_no"] = profile.registration_no
    elif role == "asesi" and detail.assessee is not None:
        out["name"] = detail.assessee.name
    elif detail.institution is not None and role in ("kepala_lpk", "pimpinan", "kepala",
                                                     "pimpinan_lpk", "kepala_blk"):
        out["name"] = detail.institution.head_name or ""
        out["title"] = detail.institution.head_title or ""
    return out


class SignDialog(ServiceDialog):
    """One signer signs: name, role, No. Reg., place, zone and the drawn signature."""

    def __init__(self, services: Services, detail: AssessmentDetail, role: str,
                 lang: str = "id", parent: QWidget | None = None) -> None:
        signer = {s.role: s for s in detail.template.signers}[role]
        label = signer.label.get(lang)
        super().__init__(services, lang, parent, title=_("Tanda tangan: {role}").format(
            role=label), min_width=620)
        self.signer = signer
        self.detail = detail
        self.signed: AssessmentDetail | None = None
        pre = prefill_for(services, detail, self.signer)
        row = detail.row

        self.role_label = QLabel(f"<b>{label}</b>", self)
        self.name = QLineEdit(pre["name"], self)
        self.name_error = InlineError(self)
        self.title = QLineEdit(pre["title"], self)
        self.title.setPlaceholderText(_("jabatan, bila perlu"))
        self.registration = QLineEdit(pre["registration_no"], self)
        self.registration.setPlaceholderText("MET.000.004633 2020")
        self.place = QLineEdit(pre["place"], self)
        self.timezone = wheel_needs_focus(QComboBox(self))
        for key, text in timezone_labels().items():
            self.timezone.addItem(text, key)
        self.timezone.setCurrentIndex(max(0, self.timezone.findData(pre["timezone"])))
        # up to 260 px where the screen has room for it, less on a small one (683x400:
        # 1024x600 at 150 %), where the dialog would scroll its fields away for a tall pad
        self.pad = SignaturePad(self)
        screen_height = geometry.available_geometry(self).height()
        self.pad.set_preferred_height(min(260, int(screen_height * 0.28)))
        self.clear_button = QPushButton(_("&Hapus coretan"), self)
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad_error = InlineError(self)
        self.pad.changed.connect(self.pad_error.clear_error)
        statement = hint_label(_(
            "Dengan menandatangani, penanda tangan menyetujui isi revisi {rev} penilaian ini "
            "(kode isi {hash}). Tanda tangan terikat pada isi tersebut.").format(
                rev=row.revision, hash=(detail.content_sha256 or "")[:12]), self)
        # what is being signed, in words the signer checks (issue 12: only a "kode isi")
        self.outcome = QLabel(self)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setWordWrap(True)
        result = detail.score
        text = outcome_of(detail.template, result, stored=row.status != "draft",
                          percent=row.score_percent, verdict=row.verdict).summary()
        if text and result.not_achieved:
            text += "\n" + _("KUK belum tercapai: {kuk}").format(kuk=", ".join(
                f"{k.unit_code} {k.kuk_no}" for k in result.not_achieved))
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))
        # the signer (often the asesi) reads the whole record before signing (issue 12)
        self.review_button = QPushButton(_("&Lihat seluruh isi…"), self)
        self.review_button.setToolTip(_("Semua jawaban yang ditandatangani, untuk dibaca "
                                        "penanda tangan sebelum menandatangani"))
        self.review_button.clicked.connect(self.show_content)
        self.review: QDialog | None = None
        self.error = InlineError(self)
        # the last required signature locks the record: said before, ticked by the signer
        # (issue 12: it locked at once after the last signer)
        self.locks = detail.missing_signers == [role]
        # the explanation wraps (a check box's own text does not: it was cut off at
        # 683x400); the box says only that the signer understood it
        self.lock_note = QLabel(_(
            "Tanda tangan ini yang terakhir. Setelah itu penilaian TERKUNCI dan hanya dapat "
            "diubah lewat revisi dengan alasan."), self)
        self.lock_note.setWordWrap(True)
        self.lock_note.setVisible(self.locks)
        self.lock_ack = QCheckBox(_("Saya &mengerti"), self)
        self.lock_ack.setAccessibleDescription(self.lock_note.text())
        self.lock_ack.setVisible(self.locks)
        self.lock_error = InlineError(self)
        self.lock_ack.toggled.connect(lambda _on: self.lock_error.clear_error())

        form = form_layout()
        # single lines of plain text (a name is never markup): a wrapped three-line label
        # was cut off in the form at 1024x600 and at 150 %, hiding whose record it is
        what = QLabel(detail.template.title.get(lang), self)
        code = QLabel(f"{row.template_code} · " + _("revisi {rev}").format(
            rev=row.revision), self)
        who = QLabel(display_line(row.subject_name), self)
        bold = who.font()
        bold.setBold(True)
        who.setFont(bold)
        for line in (what, code, who):
            line.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(_("Penilaian"), what)
        form.addRow("", code)
        form.addRow("", who)
        form.addRow(_("Peran"), self.role_label)
        form.addRow(_("&Nama *"), self.name)
        form.addRow("", self.name_error)
        if self.signer.registration:
            form.addRow(_("No. &Reg."), self.registration)
        else:
            self.registration.hide()
        form.addRow(_("&Jabatan"), self.title)
        form.addRow(_("Tempat, zona waktu"), hbox((self.place, 1), self.timezone))
        buttons, self.ok_button = dialog_buttons(self, _("&Tandatangani"))
        # Everything but the buttons scrolls where the screen is too small for it (683x400:
        # 1024x600 at 150 %) rather than squeezing the fields. "Hapus coretan" sits on the
        # buttons' row (left, apart from them): a row of its own left the fields no room.
        body = QWidget(self)
        vbox(body, form, (self.pad, 1), self.pad_error,
             hbox((self.outcome, 1), self.review_button), statement, self.lock_note,
             self.lock_ack, self.lock_error, margins=False)
        self.body_area = scrolled_body(self, body, self.error,
                                       hbox(self.clear_button, (buttons, 1)),
                                       minimum=QSize(620, 400))
        self.name.textEdited.connect(lambda _t: self.name_error.clear_error())
        (self.pad if self.name.text() else self.name).setFocus()

    def show_content(self) -> QDialog:
        """"Lihat seluruh isi": the record read back, read-only."""
        from assessor_app.formatting import content_review
        from assessor_app.ui.editor.finalise import ContentReviewDialog

        detail = self.detail
        dialog = ContentReviewDialog(
            content_review(detail.template, detail.state, self.lang),
            self.outcome.text(), _("Isi yang ditandatangani — {subject}").format(
                subject=display_line(detail.row.subject_name)), self.lang, self)
        self.review = dialog
        dialog.open()
        return dialog

    def accept(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self._refuse(self.name_error, _("Nama penanda tangan wajib diisi."), self.name)
            return
        try:
            image = self.pad.to_png()
        except AppError as exc:
            self._refuse(self.pad_error, describe(exc, self.lang), self.pad)
            return
        if self.locks and not self.lock_ack.isChecked():
            self._refuse(self.lock_error, _("Centang pernyataan di atas untuk menandatangani "
                                            "dan mengunci."), self.lock_ack)
            return
        reg = " ".join(self.registration.text().split()) if self.signer.registration else ""
        sign = functools.partial(
            self.services.assessments.sign, self.detail.row.id, self.signer.role, name, image,
            registration_no=reg or None,
            signer_title=" ".join(self.title.text().split()) or None,
            place=" ".join(self.place.text().split()) or None,
            timezone=str(self.timezone.currentData()))
        write_then_accept(self, sign, lambda detail: setattr(self, "signed", detail),
                          self._error_label, self.lang, changes=[ASSESSMENTS])

    def _refuse(self, error: InlineError, text: str, field: QWidget) -> None:
        """``text`` in ``error``, under ``field``, both scrolled into sight (the body
        scrolls on a small screen) and the focus on ``field``."""
        error.show_error(text)
        field.setFocus()
        grow_to_body(self, self.body_area)  # as far as the screen allows
        self.body_area.ensureWidgetVisible(field)
        self.body_area.ensureWidgetVisible(error)

    def _error_label(self, exc: AppError) -> InlineError:
        """Where a refusal shows: under the name when it is the name (not the asesi's)."""
        if exc.code in NAME_REFUSALS:
            self.name.setFocus()
            self.body_area.ensureWidgetVisible(self.name)
            return self.name_error
        return self.error


def signature_pixmap(services: Services, sig: Signature, height: int = 48) -> QPixmap:
    pixmap = QPixmap()
    try:
        data = services.assessments.media(sig.media_sha256).data
    except AppError:
        return pixmap
    pixmap.loadFromData(QByteArray(data), "PNG")
    if not pixmap.isNull():
        pixmap = pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
    return pixmap


class SigningDialog(ServiceDialog):
    """Tandatangani & kunci: every signer role, who has signed, sign the missing ones."""

    detail_changed = Signal(object)  # AssessmentDetail after each signature

    def __init__(self, services: Services, revision_id: str, lang: str = "id",
                 parent: QWidget | None = None) -> None:
        super().__init__(services, lang, parent, title=_("Tandatangani & kunci"), min_width=640)
        self.revision_id = revision_id
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.box = QGroupBox(_("Penanda tangan"), self)
        self.grid = QGridLayout(self.box)
        self.grid.setColumnStretch(1, 1)
        self.sign_buttons: dict[str, QPushButton] = {}
        self.close_button = QPushButton(_("Tutup"), self)
        self.close_button.clicked.connect(self.accept)
        vbox(self, self.summary, self.box, None, hbox(None, self.close_button))
        self.detail = services.assessments.detail(revision_id)
        self._render()

    def _render(self) -> None:
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.sign_buttons.clear()
        detail = self.detail
        row = detail.row
        by_role = {s.role: s for s in detail.signatures if s.valid}
        locked = row.status == "locked"
        if locked:
            text = _("<b>Terkunci.</b> Semua peran telah menandatangani revisi {rev}; "
                     "penilaian ini hanya-baca. Perubahan berikutnya memerlukan "
                     "revisi baru dengan alasan.").format(rev=row.revision)
        else:
            text = _("Status: <b>{status}</b>. Setiap peran di bawah harus "
                     "menandatangani; setelah itu penilaian terkunci dan hanya-baca."
                     ).format(status=status_label(row.status))
        self.summary.setText(text)
        first_button: QPushButton | None = None
        for n, signer in enumerate(detail.template.signers):
            role = QLabel(f"<b>{signer.label.get(self.lang)}</b>"
                          + ("" if signer.required else _(" (opsional)")), self.box)
            sig = by_role.get(signer.role)
            if sig is not None:
                reg = f" · No. Reg. {sig.registration_no}" if sig.registration_no else ""
                state = QLabel("✔ " + _("{name}{reg}<br><small>{place}, {at}</small>")
                               .format(name=sig.signer_name, reg=reg, place=sig.place or "—",
                                       at=format_signed_at(sig.signed_at, sig.timezone,
                                                     self.lang)), self.box)
                state.setStyleSheet("color: #1e6b34;")
                image = QLabel(self.box)
                image.setPixmap(signature_pixmap(self.services, sig))
                self.grid.addWidget(image, n, 2)
            else:
                state = QLabel("✘ " + _("belum menandatangani"), self.box)
                state.setStyleSheet("color: #8a5a00;")
                button = QPushButton(_("Tandatangani…"), self.box)
                button.setEnabled(row.status in ("complete", "signed"))
                button.clicked.connect(lambda _c=False, r=signer.role: self.sign_role(r))
                self.sign_buttons[signer.role] = button
                self.grid.addWidget(button, n, 2)
                first_button = first_button or button
            self.grid.addWidget(role, n, 0)
            self.grid.addWidget(state, n, 1)
        target = first_button or self.close_button
        target.setFocus()
        # after a signature the sign dialog closes and Qt hands the focus back to the
        # button that opened it, which this render has just replaced: put it on the next
        # signer's button once that is over (a keyboard user presses Space again)
        QTimer.singleShot(0, self, lambda: target.setFocus() if shiboken6.isValid(target)
                          else None)

    def missing_roles(self) -> list[str]:
        return self.detail.missing_signers

    def sign_role(self, role: str) -> SignDialog:
        """Open the sign dialog for ``role`` (window-modal; returns it)."""
        dialog = SignDialog(self.services, self.detail, role, self.lang, self)
        return open_dialog(dialog, lambda: self._on_signed(dialog.signed))

    def _on_signed(self, detail: AssessmentDetail | None) -> None:
        if detail is None:
            return
        self.detail = detail
        self._render()
        self.detail_changed.emit(self.detail)


class ReviseDialog(ServiceDialog):
    """Buat revisi: a mandatory reason, then revision k+1 (k stays intact)."""

    def __init__(self, services: Services, row: AssessmentSummary, lang: str = "id",
                 parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(services, lang, parent, title=_("Buat revisi"), min_width=520)
        self.row = row
        self.created: AssessmentSummary | None = None
        intro = QLabel(_(
            "Revisi {rev} ({status}) tetap tersimpan apa adanya beserta tanda tangannya. "
            "Revisi {new} dibuat sebagai draf berisi jawaban yang sama; setelah diubah, "
            "revisi itu perlu difinalisasi dan ditandatangani lagi.").format(
                rev=row.revision, status=status_label(row.status), new=row.revision + 1), self)
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(_("Alasan revisi (wajib), mis. koreksi catatan "
                                         "setelah klarifikasi asesi"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(110)
        if reason:
            self.reason.setPlainText(reason)
        self.reason_error = InlineError(self)
        self.reason.textChanged.connect(self.reason_error.clear_error)
        buttons, self.ok_button = dialog_buttons(self, _("Buat &revisi"))
        label = QLabel(_("&Alasan revisi *"), self)
        label.setBuddy(self.reason)
        vbox(self, intro, label, self.reason, self.reason_error, buttons)
        self.reason.setFocus()

    def accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_error.show_error(_("Alasan revisi wajib diisi."))
            self.reason.setFocus()
            return
        write_then_accept(self, functools.partial(self.services.assessments.revise,
                                                  self.row.id, reason),
                          lambda row: setattr(self, "created", row), self.reason_error,
                          self.lang, changes=[ASSESSMENTS])


class RevisionHistoryDialog(ServiceDialog):
    """Every revision of the assessment: number, status, reason, signers, content hash."""

    def __init__(self, services: Services, revision_id: str, lang: str = "id",
                 parent: QWidget | None = None) -> None:
        detail = services.assessments.detail(revision_id)
        super().__init__(services, lang, parent, title=_("Riwayat revisi — {subject}").format(
            subject=display_line(detail.row.subject_name)))
        fit_to_screen(self, QSize(1100, 500), QSize(480, 300))
        self.model = RevisionHistoryModel(lang, self)
        self._details: dict[str, AssessmentDetail] = {}
        entries = []
        for rev in reversed(detail.history):
            d = detail if rev.id == detail.row.id else services.assessments.detail(rev.id)
            self._details[rev.id] = d
            signers = "; ".join(f"{self._role(d, s.role)}: {s.signer_name}"
                                for s in d.signatures)
            entries.append(HistoryEntry(rev, signers, d.template.kind.value))
        self.model.set_rows(entries)
        self.table = make_table(self, self.model, "", stretch_column=2)
        fit_columns(self.table, stretch_column=2, max_width=210)
        self.detail_view = QLabel(self)
        self.detail_view.setWordWrap(True)
        self.detail_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signature_row = QHBoxLayout()
        lower = QWidget(self)
        vbox(lower, self.detail_view, self.signature_row, None)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        close = QPushButton(_("Tutup"), self)
        close.clicked.connect(self.accept)
        head = QLabel(f"<b>{html.escape(display_line(detail.row.subject_name))}</b> · "
                      f"{html.escape(detail.template.title.get(lang))} "
                      f"({html.escape(detail.row.template_code)})<br>"
                      + _("Revisi yang sudah ditandatangani tidak pernah diubah; setiap "
                          "perubahan menjadi revisi baru dengan alasannya."), self)
        head.setWordWrap(True)
        vbox(self, head, (splitter, 1), hbox(None, close))
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show(cur.row()))
        if entries:
            self.table.selectRow(0)
            self._show(0)
        self.table.setFocus()

    def _role(self, detail: AssessmentDetail, role: str) -> str:
        for s in detail.template.signers:
            if s.role == role:
                return s.label.get(self.lang)
        return role

    def _show(self, row: int) -> None:
        while self.signature_row.count():
            item = self.signature_row.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        if row < 0:
            return
        entry = self.model.row_at(row)
        d = self._details[entry.row.id]
        r = d.row
        lines = [_("<b>Revisi {rev}</b> · {status}").format(
            rev=r.revision, status=status_label(r.status))]
        if r.revision_reason:
            lines.append(_("Alasan: {reason}").format(reason=r.revision_reason))
        lines.append(_("Dibuat {created}; difinalisasi {final}").format(
            created=format_datetime(r.created_at, self.lang),
            final=format_datetime(r.finalised_at, self.lang)))
        if d.content_sha256:  # recomputed from the record, never the stored column
            lines.append(_("Kode isi (SHA-256): <code>{hash}</code>").format(
                hash=d.content_sha256))
        if r.verification_code:
            lines.append(_("Kode verifikasi: <code>{code}</code>").format(
                code=r.verification_code))
        if d.integrity is not None and not d.integrity.ok:
            lines.append(_("<b>PERINGATAN:</b> catatan ini diubah di luar aplikasi "
                           "({problems}); tidak dapat dicetak sebagai laporan sah.").format(
                problems=", ".join(d.integrity.problems)))
        self.detail_view.setText("<br>".join(lines))
        for sig in d.signatures:
            box = QLabel(self)
            pix = signature_pixmap(self.services, sig, 40)
            text = QLabel(f"{self._role(d, sig.role)}<br><b>{sig.signer_name}</b><br><small>"
                          f"{format_signed_at(sig.signed_at, sig.timezone, self.lang)}</small>",
                          self)
            box.setPixmap(pix)
            self.signature_row.addWidget(box)
            self.signature_row.addWidget(text)
        self.signature_row.addStretch(1)
