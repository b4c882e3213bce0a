"""One assessment in its own window: the editor, plus the shell's actions around it
(sign and lock, make a revision, revision history, PDF preview/print/save)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QToolBar, QWidget

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.display import display_line
from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.services.assessments import FinaliseError
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.geometry import restore_or_fit
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import ASSESSMENTS, Op
from assessor_app.ui.views.common import info, make_action, open_dialog
from assessor_app.ui.views.drafts import ask_discard, ask_reopen
from assessor_app.ui.views.signing import ReviseDialog, RevisionHistoryDialog, SigningDialog
from assessor_app.vocabulary import status_label

log = logging.getLogger(__name__)


def create_editor(services: Services, revision_id: str, lang: str, executor: Any,
                  parent: QWidget | None) -> QWidget:
    """The assessment editor (``assessor_app.ui.editor.AssessmentEditor``)."""
    from assessor_app.ui.editor import AssessmentEditor

    editor = AssessmentEditor(services, revision_id, lang=lang, executor=executor)
    editor.setParent(parent)
    return editor


class AssessmentWindow(QMainWindow):
    """Hosts the editor for one assessment; re-creates it when the revision changes
    (signed and locked -> read-only; new revision -> editable draft)."""

    GEOMETRY_KEY = "assessment"

    def __init__(self, services: Services, revision_id: str, lang: str = "id",
                 settings: AppSettings | None = None, executor: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.lang = lang
        self.settings = settings
        self.executor = executor
        self.revision_id = revision_id
        self.row: AssessmentSummary = services.assessments.resolve(revision_id)
        self.assessment_id = self.row.assessment_id
        self.editor: QWidget | None = None
        self.signing_dialog: SigningDialog | None = None
        self.read_only_record = False  # a field record opened at the office
        self.revise_dialog: ReviseDialog | None = None
        self.confirm_box: QMessageBox | None = None

        tools = QToolBar(_("Penilaian"), self)
        tools.setObjectName("assessmentTools")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(tools)
        self.sign_action = make_action(
            self, _("Tandatangani && kunci…"), self.open_signing, "Ctrl+Shift+S",
            tooltip=_("Semua peran penanda tangan menandatangani; setelah itu penilaian "
                      "terkunci (Ctrl+Shift+S)"))
        self.revise_action = make_action(self, _("Buat revisi…"), self.make_revision,
                                         "Ctrl+Shift+R")
        self.discard_action = make_action(self, _("Hapus draf…"), self.discard_draft,
                                          tooltip=_("Hapus draf ini beserta jawabannya"))
        self.reopen_action = make_action(
            self, _("Buka kembali sebagai draf…"), self.reopen,
            tooltip=_("Belum ada yang menandatangani: ubah jawaban lagi"))
        self.history_action = make_action(self, _("Riwayat revisi"), self.show_history,
                                          "Ctrl+H")
        self.close_action = QAction(_("Tutup"), self)
        # Ctrl+W everywhere (the platform's Close is Ctrl+F4 on some desktops only)
        self.close_action.setShortcuts(list(dict.fromkeys(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Close),
             QKeySequence("Ctrl+W")])))
        self.close_action.triggered.connect(self.close)
        for action in (self.sign_action, self.revise_action, self.history_action,
                       self.reopen_action, self.discard_action):
            tools.addAction(action)
        self.report_actions: list[QAction] = []
        self.reports: Any = None
        self._add_report_actions(tools)
        self.addAction(self.close_action)
        self.status = QLabel(self)
        self.statusBar().addPermanentWidget(self.status)

        self._load_editor()
        self._restore_geometry()
        # opening a record shows personal data: the audit log says who saw it, and when
        audit, aid, rev = services.audit, self.assessment_id, self.row.revision
        (Op(self, lambda: audit.log_access("view", "assessment", aid, field=f"r{rev}"),
            executor=executor, lang=lang)
         .failure(lambda exc: log.info("view not logged: %s", type(exc).__name__)).run())

    # ------------------------------------------------------------ editor

    def _load_editor(self) -> None:
        old = self.editor
        self.row = self.services.assessments.resolve(self.revision_id)
        try:
            editor = create_editor(self.services, self.revision_id, self.lang, self.executor,
                                   self)
        except AppError as exc:
            show_error(self, exc, self.lang)
            editor = QLabel(_("Penilaian tidak dapat dibuka."), self)
        finalised = getattr(editor, "finalised", None)
        if finalised is not None:
            finalised.connect(self.on_editor_finalised)
        revise = getattr(editor, "revision_requested", None)
        if revise is not None:
            revise.connect(lambda *_a: self.make_revision())
        reopen = getattr(editor, "reopen_requested", None)
        if reopen is not None:
            reopen.connect(lambda *_a: self.reopen())
        sign = getattr(editor, "signature_requested", None)
        if sign is not None:  # a signature item inside the form (e.g. a witness)
            sign.connect(self.on_editor_signature_requested)
        if old is not None:
            try_close = getattr(old, "try_close", None)
            if callable(try_close) and not try_close():
                # The old editor still holds an unsaved answer: keep it (and its banner).
                editor.deleteLater()
                return
        self.editor = editor
        self.setCentralWidget(editor)  # deletes the old editor
        self._update_state()

    def on_editor_signature_requested(self, revision_id: str, item: str, _role: str) -> None:
        """Draw a signature for a ``signature`` item and store it through the service."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

        from assessor_app.ui.signature_pad import SignaturePad

        dialog = QDialog(self)
        dialog.setWindowTitle(_("Tanda tangan"))
        pad = SignaturePad(dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(pad)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted or pad.is_empty():
            return
        try:
            image = pad.to_png()
        except AppError as exc:
            show_error(self, exc, self.lang)
            return
        Op(self, lambda: self.services.assessments.set_signature_item(revision_id, item, image),
           lang=self.lang).changes(ASSESSMENTS).success(lambda _saved: self.reload()).run()

    def _update_state(self) -> None:
        row = self.row
        title = display_line(f"{row.subject_name} — {row.template_code}")
        self.setWindowTitle(f"{title} · {_('revisi')} {row.revision} — {APP_DISPLAY_NAME}")
        self.status.setText(_("Revisi {rev} · {status}").format(
            rev=row.revision, status=status_label(row.status)))
        self.sign_action.setEnabled(row.is_current and row.status in ("complete", "signed"))
        self.sign_action.setToolTip(
            _("Semua peran penanda tangan menandatangani; setelah itu penilaian "
              "terkunci (Ctrl+Shift+S)") if row.status != "draft" else
            _("Finalisasi penilaian terlebih dahulu, lalu tandatangani."))
        self.revise_action.setEnabled(row.is_current and row.status != "draft")
        # a field record opened at the office: read only, never signed or revised here
        elsewhere = self.services.assessments.made_elsewhere(row)
        self.read_only_record = elsewhere
        self.discard_action.setVisible(not elsewhere and row.is_current
                                       and row.status == "draft")
        self.reopen_action.setVisible(not elsewhere and row.is_current
                                      and row.status == "complete")
        for action in (self.sign_action, self.revise_action):
            action.setVisible(not elsewhere)
            if elsewhere:
                action.setEnabled(False)
        if elsewhere:
            self.status.setText(self.status.text() + " · " + _("rekaman lapangan, hanya baca"))
        for action in self.report_actions:
            action.setEnabled(True)

    def reload(self) -> None:
        self._load_editor()

    # ------------------------------------------------------------ ceremony

    def on_editor_finalised(self, revision_id: str = "") -> None:
        """After finalising, go straight to the signing ceremony."""
        self.row = self.services.assessments.resolve(self.revision_id)
        self._update_state()
        if self.row.status in ("complete", "signed"):
            self.open_signing()

    def _finalise_then_sign(self) -> None:
        """Signing needs a finalised revision: finalise the draft on the database lane, then
        open the ceremony; or list what is still missing."""
        def refused(exc: BaseException) -> None:
            if not isinstance(exc, FinaliseError):
                show_error(self, exc, self.lang)
                return
            names = ", ".join(i.label.get(self.lang) for i in exc.issues[:6])
            more = len(exc.issues) - 6
            info(self, _("Belum dapat ditandatangani"), _(
                "Penilaian belum lengkap: {count} jawaban wajib kosong atau salah ({names}{more})."
                " Lengkapi di penyunting, lalu finalisasi.").format(
                    count=len(exc.issues), names=names,
                    more=_(", dan {n} lainnya").format(n=more) if more > 0 else ""))

        def finalised(_detail: Any) -> None:
            self.reload()
            self.open_signing()

        rid = self.revision_id
        Op(self, lambda: self.services.assessments.finalise(rid), lang=self.lang) \
            .changes(ASSESSMENTS).success(finalised).failure(refused).run()

    def open_signing(self) -> SigningDialog | None:
        """The signing ceremony (window-modal). When the last role signs, the revision is
        locked and the editor is re-created read-only. A draft is finalised first (then the
        ceremony opens when the lane has done it; None is returned meanwhile)."""
        if self.services.assessments.resolve(self.revision_id).status == "draft":
            self._finalise_then_sign()
            return None
        dialog = SigningDialog(self.services, self.revision_id, self.lang, self)
        dialog.detail_changed.connect(self._on_signed)
        self.signing_dialog = open_dialog(dialog)
        return dialog

    def _on_signed(self, detail: Any) -> None:
        if detail.row.status != self.row.status:
            self._load_editor()

    def make_revision(self) -> ReviseDialog | None:
        row = self.services.assessments.resolve(self.revision_id)
        if self.services.assessments.made_elsewhere(row):
            from assessor_app.core.errors import StateError

            show_error(self, StateError("revise.field_record", device=row.device_id or "?"),
                       self.lang)
            return None
        # revising after the office's "Perlu perbaikan": its comment is the reason
        decision = getattr(self.editor, "decision", None)
        reason = ""
        if decision is not None and decision.needs_fix and decision.revision == row.revision:
            reason = _("Perbaikan dari kantor: {comment}").format(comment=decision.comment or "")
        dialog = ReviseDialog(self.services, row, self.lang, self, reason=reason)
        self.revise_dialog = dialog
        return open_dialog(dialog, lambda: self._on_revised(dialog.created))

    def _on_revised(self, created: AssessmentSummary | None) -> None:
        if created is None:
            return
        self.revision_id = created.id
        self.reload()

    def discard_draft(self) -> QMessageBox | None:
        """Hapus draf: the editor's queued answers are saved first (same lane), then the
        draft goes; a revision draft gives the window back its previous revision."""
        row = self.services.assessments.resolve(self.revision_id)
        queue = getattr(self.editor, "queue", None)

        def before() -> None:
            if queue is not None:
                queue.flush()

        def done(back: AssessmentSummary | None) -> None:
            if queue is not None:
                queue.stop()
            if back is None:
                self.close()
                return
            self.revision_id = back.id
            self.reload()

        self.confirm_box = ask_discard(self, self.services, row, self.lang, done, before,
                                       executor=getattr(self.editor, "executor", None))
        return self.confirm_box

    def reopen(self) -> QMessageBox | None:
        row = self.services.assessments.resolve(self.revision_id)
        self.confirm_box = ask_reopen(self, self.services, row, self.lang,
                                      lambda _row: self.reload(),
                                      executor=getattr(self.editor, "executor", None))
        return self.confirm_box

    def show_history(self) -> RevisionHistoryDialog:
        return open_dialog(RevisionHistoryDialog(self.services, self.revision_id, self.lang,
                                                 self))

    # ------------------------------------------------------------ reports

    def _add_report_actions(self, tools: QToolBar) -> None:
        from assessor_app.ui.views.reports import report_actions

        self.reports = report_actions(self)
        if self.reports is not None:
            tools.addSeparator()
            for action in self.reports.actions:
                tools.addAction(action)
            self.report_actions = self.reports.actions

    # ------------------------------------------------------------ geometry

    def _restore_geometry(self) -> None:
        restore_or_fit(self, self.settings.geometry(self.GEOMETRY_KEY) if self.settings else None,
                       QSize(1180, 760), QSize(640, 420))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Answers are committed as they are made; the editor only flushes what is in flight
        # and refuses (banner stays) while a save has failed. Geometry is all we keep here.
        try_close = getattr(self.editor, "try_close", None)
        if callable(try_close) and not try_close():
            event.ignore()
            return
        if self.settings is not None:
            self.settings.set_geometry(self.GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
