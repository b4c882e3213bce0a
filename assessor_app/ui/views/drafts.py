"""Deleting a draft and turning an unsigned final record back into a draft (issue 12):
both ask first, say what happens, and run on the database lane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from assessor_app.i18n import _
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.tasks import ASSESSMENTS, Op


def ask_then(parent: QWidget, title: str, text: str, detail: str, yes_text: str,
             on_yes: Callable[[], object]) -> QMessageBox:
    """A window-modal question opened with ``open()``; Enter never says yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    yes.clicked.connect(on_yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _write(parent: QWidget, work: Callable[[], Any], done: Callable[[Any], object],
           lang: str, executor: Any) -> None:
    """``work`` on the database lane; the list refreshes; a refusal is shown."""
    Op(parent, work, executor=executor, lang=lang).changes(ASSESSMENTS).success(done) \
        .failure(lambda exc: show_error(parent, exc, lang)).run()


def ask_discard(parent: QWidget, services: Services, row: AssessmentSummary, lang: str,
                done: Callable[[AssessmentSummary | None], object],
                before: Callable[[], object] | None = None,
                executor: Any = None) -> QMessageBox | None:
    """"Hapus draf": delete the draft ``row`` after the user confirms; ``done`` gets the
    revision that is current afterwards (None: the assessment is gone)."""
    if row.status != "draft":
        return None
    if row.revision > 1:
        detail = _("Jawaban revisi {rev} ini dihapus. Revisi {prev} yang sudah final "
                   "tetap ada dan kembali berlaku.").format(rev=row.revision,
                                                             prev=row.revision - 1)
    else:
        detail = _("Semua jawaban, baris tabel dan bukti draf ini dihapus. Tindakan ini "
                   "tidak dapat dibatalkan.")

    def go() -> None:
        if before is not None:
            before()
        _write(parent, lambda: services.assessments.discard_draft(row.id), done, lang,
               executor)

    return ask_then(parent, _("Hapus draf?"),
                    _("Hapus draf {template} untuk {subject}?").format(
                        template=row.template_code, subject=row.subject_name or "—"),
                    detail, _("Hapus draf"), go)


def ask_reopen(parent: QWidget, services: Services, row: AssessmentSummary, lang: str,
               done: Callable[[AssessmentSummary], object],
               executor: Any = None) -> QMessageBox | None:
    """"Buka kembali": an unsigned final record becomes a draft again, after the user
    confirms (a report printed from it stops verifying)."""
    if row.status != "complete":
        return None

    def go() -> None:
        _write(parent, lambda: services.assessments.reopen(row.id), done, lang, executor)

    return ask_then(parent, _("Buka kembali sebagai draf?"),
                    _("Buka kembali {template} untuk {subject} sebagai draf?").format(
                        template=row.template_code, subject=row.subject_name or "—"),
                    _("Belum ada yang menandatangani, jadi jawaban dapat diubah lagi. "
                      "Laporan yang sudah dicetak dari isi ini tidak berlaku lagi; "
                      "finalisasi dan cetak ulang setelah selesai."),
                    _("Buka kembali"), go)
