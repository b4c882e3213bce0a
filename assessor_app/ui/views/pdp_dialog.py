"""Data pribadi (UU 27/2022 PDP, issue 13): one dialog with four tabs.

* **Persetujuan**: the consent register (FR.AK.01, institution heads, by hand); record an
  institution head's consent; withdraw one, with its consequences shown before it is
  confirmed and after.
* **Log audit**: who saw, changed, printed or exported whose data; filters (person,
  action, days) and export as CSV or XLSX.
* **Retensi**: the retention period, what is due, waiting and never purged; a dry run and
  the purge itself (confirmed).
* **Insiden**: the breach log (Pasal 46) and its notice draft as a PDF.

Every write goes through an operation on the database lane; stored text is shown through
the display sanitiser (the list models do it; labels use :func:`display_line`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from assessor_app.core.display import display_line, display_text
from assessor_app.core.errors import AppError
from assessor_app.formatting import withdrawal_effects
from assessor_app.i18n import _, ngettext, pgettext
from assessor_app.messages import describe
from assessor_app.services.runtime import Services
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.models.rows import Column, RowsModel
from assessor_app.ui.tasks import ASSESSMENTS, REGISTRY, Executor, Op
from assessor_app.ui.views.base import ServiceDialog, ServiceWidget
from assessor_app.ui.views.common import (
    InlineError,
    dialog_buttons,
    fit_columns,
    form_layout,
    hbox,
    hint_label,
    make_table,
    open_dialog,
    vbox,
)
from assessor_app.vocabulary import consent_method_label, consent_text_version

ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def local_zone_name() -> str:
    """WIB, WITA or WIT: the zone of the laptop's clock (WIB when it is none of them)."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
    return ZONES.get(int(offset.total_seconds() // 3600), "WIB")


def _when(value: str | None, lang: str) -> str:
    return format_datetime(value, lang) if value else "—"


def _ask_save(parent: QWidget, title: str, name: str, patterns: str) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name),
                                                  patterns)
    return Path(chosen) if chosen else None


def _tell(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def save_subject_report(parent: QWidget, services: Services, kind: str, subject_id: str,
                        name: str, lang: str, executor: Executor | None,
                        path: Path | None = None) -> Op[Any] | None:
    """"Laporan subjek data…": every record about one asesi or institution, as a PDF or
    JSON file (asked for when ``path`` is None). Written on the lane; recorded as an
    export of that person's data."""
    if path is None:
        path = _ask_save(parent, _("Simpan laporan subjek data"),
                         "laporan-subjek-data.pdf",
                         _("PDF (*.pdf);;JSON (*.json)"))
        if path is None:
            return None
    if path.suffix.lower() not in (".pdf", ".json"):
        path = path.with_suffix(".pdf")
    subjects = services.subjects

    def work() -> Path:
        report = subjects.report(subject_id, kind, lang=lang)
        return subjects.write(report, path, lang=lang, zone=local_zone_name())

    title = _("Laporan subjek data")
    op: Op[Any] = Op(parent, work, executor=executor, lang=lang)
    (op.success(lambda saved: _tell(parent, QMessageBox.Icon.Information, title,
                                    _("Laporan subjek data {name} disimpan: {path}").format(
                                        name=display_line(name), path=saved)))
     .with_progress(_("Menyusun laporan subjek data…")).run())
    return op


# ------------------------------------------------------------------ consents


class ConsentTab(ServiceWidget):
    def __init__(self, services: Services, lang: str, parent: QWidget | None,
                 executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor)
        self.subject: tuple[str, str] | None = None  # (id, name): the register of one
        self.model: RowsModel[Any] = RowsModel([
            Column(_("Diberikan"), lambda r: _when(r.consent.given_at, lang)),
            Column(_("Subjek"), lambda r: r.subject_name),
            Column(_("Jenis"), lambda r: pgettext("subject kind", "asesi")
                   if r.consent.subject_kind == "assessee"
                   else pgettext("subject kind", "lembaga")),
            Column(_("Metode"), lambda r: consent_method_label(r.consent.method)),
            Column(_("Oleh"), lambda r: r.consent.given_by),
            Column(_("Status"), lambda r: _("ditarik {when}").format(
                when=_when(r.consent.withdrawn_at, lang)) if r.consent.withdrawn
                else _("berlaku"), colour=lambda r: "#b3261e" if r.consent.withdrawn
                else None),
            Column(_("Ke kantor"), lambda r: pgettext("sent to the office", "terkirim")
                   if r.consent.delivered_at else pgettext("sent to the office", "belum")),
        ], self, blank="—")
        self.table = make_table(self, self.model, _("Daftar persetujuan"), stretch_column=1)
        self.filter_label = QLabel(self)
        self.all_button = QPushButton(_("Tampilkan &semua"), self)
        self.all_button.clicked.connect(lambda: self.set_subject(None, ""))
        self.record_button = QPushButton(_("&Catat persetujuan pimpinan…"), self)
        self.record_button.setToolTip(_("Persetujuan pimpinan lembaga pada kunjungan "
                                        "kelembagaan"))
        self.record_button.clicked.connect(lambda: self.record())
        self.withdraw_button = QPushButton(_("&Tarik persetujuan…"), self)
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel(self)
        vbox(self, hbox((self.filter_label, 1), self.all_button), (self.table, 1),
             self.detail, hbox(self.record_button, None, self.withdraw_button), self.problem)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show(cur.row()))
        self.watch_store((ASSESSMENTS, REGISTRY), lambda _t: self.refresh())
        self.refresh()

    def set_subject(self, subject_id: str | None, name: str) -> None:
        self.subject = (subject_id, name) if subject_id else None
        self.refresh()

    def refresh(self) -> None:
        consents = self.services.consents
        sid = self.subject[0] if self.subject else None
        rows = self.read(lambda: consents.list(subject_id=sid), self.problem)
        if rows is None:
            return
        self.model.set_rows(rows)
        fit_columns(self.table, 1, 200)
        self.filter_label.setText(
            _("Persetujuan {name}").format(name=display_line(self.subject[1]))
            if self.subject else _("Semua persetujuan yang tersimpan di laptop ini"))
        self.all_button.setVisible(self.subject is not None)
        if rows:
            self.table.selectRow(0)
            self._show(0)
        else:
            self._show(-1)

    def current(self) -> Any | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _show(self, row: int) -> None:
        entry = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        self.withdraw_button.setEnabled(entry is not None and not entry.consent.withdrawn)
        if entry is None:
            self.detail.setText(_("Belum ada catatan persetujuan."))
            return
        c = entry.consent
        lines = [_("Tujuan: {text}").format(text=c.purpose),
                 _("Cakupan: {text}").format(text=c.scope or "—"),
                 _("Dicatat oleh {who}; teks persetujuan: {version}").format(
                     who=c.recorded_by or "—", version=consent_text_version(c.text_version))]
        if c.withdrawn:
            lines.append(_("Ditarik {when} oleh {who}: {reason}").format(
                when=_when(c.withdrawn_at, self.lang), who=c.withdrawn_by or "—",
                reason=c.withdrawn_reason or ""))
        self.detail.setText(display_text("\n".join(lines)))

    def record(self) -> RecordConsentDialog:
        return open_dialog(RecordConsentDialog(self.services, self.lang, self, self.executor))

    def withdraw(self) -> WithdrawConsentDialog | None:
        entry = self.current()
        if entry is None or entry.consent.withdrawn:
            return None
        return open_dialog(WithdrawConsentDialog(self.services, entry.id, self.lang, self,
                                                 self.executor))


def consequence_lines(q: Any, done: bool) -> list[str]:
    """What withdrawing ``q.consent`` means, in the user's words."""
    head = (_("Persetujuan ditarik. Akibatnya:") if done
            else _("Jika persetujuan ini ditarik:"))
    return [head] + ["• " + line for line in withdrawal_effects(
        q, display_line(q.consent.subject_name))]


class WithdrawConsentDialog(ServiceDialog):
    """The reason (required) and, optionally, the day; the consequences are shown before
    anything is written."""

    def __init__(self, services: Services, consent_id: str, lang: str,
                 parent: QWidget | None, executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Tarik persetujuan"),
                         min_width=560)
        self.consent_id = consent_id
        self.result_lines: list[str] = []
        q = services.consents.consequences(consent_id)
        c = q.consent.consent
        who = QLabel(display_line(_("{name} · diberikan {when} ({method})").format(
            name=q.consent.subject_name, when=_when(c.given_at, lang),
            method=consent_method_label(c.method))),
            self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(_("mis. asesi mengundurkan diri"))
        self.day = QLineEdit(self)
        self.day.setPlaceholderText(_("TTTT-BB-HH (kosong: sekarang)"))
        self.reason_error = InlineError(self)
        self.reason.textEdited.connect(lambda _t: self.reason_error.clear_error())
        self.consequences = QLabel("\n".join(consequence_lines(q, done=False)), self)
        self.consequences.setWordWrap(True)
        self.consequences.setTextFormat(Qt.TextFormat.PlainText)
        self.error = InlineError(self)
        form = form_layout()
        form.addRow(_("Persetujuan"), who)
        form.addRow(_("&Alasan *"), self.reason)
        form.addRow("", self.reason_error)
        form.addRow(_("&Tanggal penarikan"), self.day)
        buttons, self.ok_button = dialog_buttons(self, _("&Tarik persetujuan"))
        vbox(self, form, self.consequences, self.error, None, buttons)
        self.reason.setFocus()
        self.resize(max(self.width(), 600), self.sizeHint().height() + 40)

    def accept(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.reason_error.show_error(describe(AppError("consent.reason_required"),
                                                  self.lang))
            self.reason.setFocus()
            return
        consents, cid, day = self.services.consents, self.consent_id, self.day.text().strip()

        def done(q: Any) -> None:
            self.result_lines = consequence_lines(q, done=True)
            ServiceDialog.accept(self)
            _tell(self.parentWidget() or self, QMessageBox.Icon.Information,
                  _("Persetujuan ditarik"), "\n".join(self.result_lines))

        self.submit(lambda: consents.withdraw(cid, reason, at=day or None,
                                              zone=local_zone_name()),
                    done, self.error, self, ASSESSMENTS)


class RecordConsentDialog(ServiceDialog):
    """An institution head's consent at a visit (or an asesi's, recorded by hand)."""

    def __init__(self, services: Services, lang: str, parent: QWidget | None,
                 executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor,
                         title=_("Catat persetujuan pimpinan lembaga"), min_width=560)
        self.saved: Any = None
        self.institution = wheel_needs_focus(QComboBox(self))
        for inst in services.registry.institutions():
            self.institution.addItem(display_line(inst.name), inst.id)
        self.institution.currentIndexChanged.connect(self._prefill)
        self.given_by = QLineEdit(self)
        self.scope = QPlainTextEdit(self)
        self.scope.setPlaceholderText(_("mis. wawancara pimpinan, foto sarana dan "
                                        "prasarana, tanda tangan pada formulir visitasi"))
        self.scope.setTabChangesFocus(True)
        self.scope.setFixedHeight(self.fontMetrics().height() * 4)
        self.day = QLineEdit(self)
        self.day.setPlaceholderText(_("TTTT-BB-HH (kosong: sekarang)"))
        self.error = InlineError(self)
        form = form_layout()
        form.addRow(_("&Lembaga"), self.institution)
        form.addRow(_("&Diberikan oleh *"), self.given_by)
        form.addRow(_("&Cakupan *"), self.scope)
        form.addRow(_("&Tanggal"), self.day)
        buttons, self.ok_button = dialog_buttons(self)
        vbox(self, form, hint_label(_("Persetujuan dikirim ke kantor bersama bundel "
                                      "berikutnya yang memuat catatan lembaga ini."), self),
             self.error, buttons)
        self._prefill()

    def _prefill(self) -> None:
        iid = self.institution.currentData()
        if not iid or self.given_by.text():
            return
        inst = self.read(lambda: self.services.registry.institution(str(iid)), self.error)
        if inst is not None and inst.head_name:
            self.given_by.setText(inst.head_name)

    def accept(self) -> None:
        iid = self.institution.currentData()
        consents = self.services.consents
        given_by, scope = self.given_by.text(), self.scope.toPlainText()
        day = self.day.text().strip() or None

        def done(entry: Any) -> None:
            self.saved = entry
            ServiceDialog.accept(self)

        self.submit(lambda: consents.record(given_by=given_by, scope=scope,
                                            institution_id=str(iid) if iid else None,
                                            given_at=day, zone=local_zone_name()),
                    done, self.error, self, ASSESSMENTS)


# ------------------------------------------------------------------ audit log


class AuditTab(ServiceWidget):
    def __init__(self, services: Services, lang: str, parent: QWidget | None,
                 executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor)
        self.flt: Any = None
        self.subject: tuple[str, str] | None = None
        self.model: RowsModel[Any] = RowsModel([
            Column(_("Waktu"), lambda e: _when(e.at, lang)),
            Column(_("Oleh"), lambda e: e.actor),
            Column(_("Tindakan"), lambda e: e.action),
            Column(_("Data"), lambda e: e.entity),
            Column(_("ID"), lambda e: e.entity_id[:8]),
            Column(_("Keterangan"), lambda e: " ".join(
                x for x in (e.field or "", (e.new or "")[:200]) if x)),
        ], self, blank="—")
        self.table = make_table(self, self.model, _("Log audit"), stretch_column=5)
        self.person = QLineEdit(self)
        self.person.setPlaceholderText(_("NIK, nama asesi atau lembaga"))
        self.person.setAccessibleName(_("Subjek data"))
        self.action = wheel_needs_focus(QComboBox(self))
        self.action.setAccessibleName(_("Tindakan"))
        self.date_from = QLineEdit(self)
        self.date_from.setPlaceholderText(_("dari TTTT-BB-HH"))
        self.date_to = QLineEdit(self)
        self.date_to.setPlaceholderText(_("sampai TTTT-BB-HH"))
        self.apply_button = QPushButton(_("&Terapkan"), self)
        self.apply_button.clicked.connect(lambda: self.apply())
        self.export_button = QPushButton(_("&Ekspor…"), self)
        self.export_button.setToolTip(_("Simpan baris yang tersaring sebagai CSV atau XLSX"))
        self.export_button.clicked.connect(lambda: self.export())
        self.count = QLabel(self)
        self.error = InlineError(self)
        self.person.returnPressed.connect(self.apply)
        vbox(self, hbox((self.person, 2), (self.action, 1), self.date_from, self.date_to,
                        self.apply_button),
             self.error, (self.table, 1), hbox((self.count, 1), self.export_button))
        self._fill_actions()
        self.apply()

    def _fill_actions(self) -> None:
        current = self.action.currentData()
        self.action.clear()
        self.action.addItem(_("Semua tindakan"), None)
        actions = self.read(self.services.audit.actions, self.count) or []
        for name in actions:
            self.action.addItem(name, name)
        self.action.setCurrentIndex(max(0, self.action.findData(current)))

    def _filter(self) -> Any:
        from assessor_app.services.audit import AuditFilter

        ref = self.person.text().strip()
        self.subject = None
        ids = None
        if ref:
            who = self.services.subjects.find(ref)  # refused: shown under the filters
            ids = self.services.audit.ids_of(who.kind, who.id)
            self.subject = (who.kind, who.id)
        return AuditFilter(subject_ids=ids, action=self.action.currentData(),
                           date_from=self.date_from.text().strip() or None,
                           date_to=self.date_to.text().strip() or None)

    def apply(self) -> None:
        self.error.clear_error()
        try:
            flt = self._filter()
            rows = self.services.audit.list(flt)
            total = self.services.audit.count(flt)
        except AppError as exc:
            self.error.show_error(describe(exc, self.lang))
            return
        self.flt = flt
        self.model.set_rows(rows)
        fit_columns(self.table, 5, 200)
        self.count.setText(_("{shown} dari {total} baris").format(shown=len(rows),
                                                                 total=total))

    def export(self, path: Path | None = None) -> Op[Any] | None:
        if self.flt is None:
            return None
        if path is None:
            path = _ask_save(self, _("Ekspor log audit"), "log-audit.xlsx",
                             _("Excel (*.xlsx);;CSV (*.csv)"))
            if path is None:
                return None
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx")
        audit, flt, subject = self.services.audit, self.flt, self.subject
        op: Op[Any] = self.op(lambda: audit.export(path, flt, subject=subject))
        (op.success(lambda res: self.count.setText(
            _("{n} baris diekspor ke {path}").format(n=res[1], path=res[0])))
         .failure(lambda exc: self.show_failure(exc, self.error)).run())
        return op


# ------------------------------------------------------------------ retention


class RetentionTab(ServiceWidget):
    def __init__(self, services: Services, lang: str, parent: QWidget | None,
                 executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor)
        self.days = wheel_needs_focus(QSpinBox(self))
        from assessor_app.services.retention import MAX_DAYS

        self.days.setRange(0, MAX_DAYS)
        self.days.setSuffix(_(" hari"))
        self.days.setAccessibleName(_("Masa retensi"))
        self.save_button = QPushButton(_("&Simpan masa retensi"), self)
        self.save_button.clicked.connect(lambda: self.save_days())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.dry_button = QPushButton(_("&Uji coba"), self)
        self.dry_button.setToolTip(_("Tunjukkan apa yang akan dihapus; tidak ada yang "
                                     "berubah"))
        self.dry_button.clicked.connect(lambda: self.purge(dry_run=True))
        self.purge_button = QPushButton(_("&Hapus salinan lapangan sekarang…"), self)
        self.purge_button.clicked.connect(lambda: self.purge())
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.error = InlineError(self)
        form = form_layout()
        form.addRow(_("Masa retensi"), hbox(self.days, self.save_button, None))
        intro = hint_label(_(
            "Setelah kantor mengonfirmasi penerimaan (tanda terima), salinan penilaian di "
            "laptop ini dihapus bila tanda terimanya lebih tua dari masa retensi: jawaban, "
            "foto, tanda tangan, data asesi yang tidak lagi dipakai, juga di cadangan. "
            "Masa retensi ditetapkan oleh lembaga; bawaan 90 hari. Yang belum dikonfirmasi "
            "kantor tidak pernah dihapus."), self)
        vbox(self, intro, form, self.status, hbox(self.dry_button, None, self.purge_button),
             self.result, self.error, None)
        self.watch_store((ASSESSMENTS,), lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        st = self.read(self.services.retention.status, self.error)
        if st is None:
            return
        self.days.setValue(st.days)
        lines = [
            ngettext("{n} penilaian siap dihapus.", "{n} penilaian siap dihapus.",
                     len(st.due)).format(n=len(st.due)),
            ngettext("{n} penilaian diterima kantor, masih dalam masa retensi.",
                     "{n} penilaian diterima kantor, masih dalam masa retensi.",
                     len(st.waiting)).format(n=len(st.waiting)),
            _("Belum dikonfirmasi kantor: {n} · draf: {drafts} (tidak pernah dihapus "
              "otomatis)").format(n=st.unconfirmed, drafts=st.drafts),
            _("Sudah dihapus: {n} penilaian").format(n=st.purged)
            + (_(", terakhir {when}").format(when=_when(st.last_purge_at, self.lang))
               if st.last_purge_at else ""),
        ]
        if st.salvage:
            lines.append(_("Salinan basis data rusak yang tidak dapat dibersihkan otomatis: "
                           "{files}").format(files=", ".join(st.salvage)))
        self.status.setText("\n".join(lines))
        self.purge_button.setEnabled(bool(st.due))

    def save_days(self) -> None:
        retention, days = self.services.retention, self.days.value()
        (self.op(lambda: retention.set_days(days))
         .success(lambda _d: self.refresh())
         .failure(lambda exc: self.show_failure(exc, self.error)).run())

    def purge(self, *, dry_run: bool = False, confirmed: bool | None = None) -> None:
        """``confirmed``: tests answer the question; None asks."""
        if not dry_run:
            if confirmed is None:
                from assessor_app.ui.views.common import confirm

                confirmed = confirm(self, _("Hapus salinan lapangan"), _(
                    "Salinan penilaian yang sudah dikonfirmasi kantor dan melewati masa "
                    "retensi dihapus dari laptop ini dan dari cadangannya. Tidak dapat "
                    "dibatalkan. Lanjutkan?"), _("Hapus"))
            if not confirmed:
                return
        retention = self.services.retention
        (self.op(lambda: retention.purge(dry_run=dry_run))
         .changes(*(() if dry_run else (ASSESSMENTS, REGISTRY)))
         .success(self._purged)
         .failure(lambda exc: self.show_failure(exc, self.error))
         .with_progress(_("Menghapus salinan lapangan…")).run())

    def _purged(self, res: Any) -> None:
        names = "\n".join(f"• {c.template_code} · {display_line(c.subject_name)}"
                          for c in res.purged)
        if res.dry_run:
            text = _("Uji coba: {n} penilaian akan dihapus; tidak ada yang berubah.").format(
                n=len(res.purged))
        else:
            text = _("{n} penilaian dihapus dari laptop: {answers} jawaban, {evidence} bukti, "
                     "{signatures} tanda tangan, {media} berkas foto/tanda tangan, {people} "
                     "data asesi.").format(n=len(res.purged), answers=res.answers,
                                           evidence=res.evidence, signatures=res.signatures,
                                           media=res.media, people=res.assessees_removed)
            text += "\n" + _("Cadangan dibersihkan: {n}").format(n=len(res.backups_rewritten))
            for name, code in res.backups_failed:
                text += "\n" + _("GAGAL membersihkan {name}: {code}").format(name=name,
                                                                         code=code)
        self.result.setText(text + ("\n" + names if names else ""))
        self.refresh()


# ------------------------------------------------------------------ breaches


class BreachTab(ServiceWidget):
    def __init__(self, services: Services, lang: str, parent: QWidget | None,
                 executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor)
        now = services.assessments.clock

        def state(b: Any) -> str:
            if b.notified:
                return _("sudah diberitahukan")
            if b.overdue(now()):
                return _("LEWAT BATAS 3×24 JAM")
            return _("beri tahu paling lambat {when}").format(when=_when(b.notice_due, lang))

        self.model: RowsModel[Any] = RowsModel([
            Column(_("Diketahui"), lambda b: _when(b.discovered_at, lang)),
            Column(_("Data yang terdampak"), lambda b: b.data_categories),
            Column(_("Subjek"), lambda b: b.subjects_count),
            Column(_("Pemberitahuan"), state,
                   colour=lambda b: None if b.notified else "#b3261e"),
            Column(_("Uraian"), lambda b: b.description),
        ], self, blank="—")
        self.table = make_table(self, self.model, _("Catatan insiden"), stretch_column=4)
        self.add_button = QPushButton(_("&Catat insiden…"), self)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton(_("&Ubah…"), self)
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        self.notice_button = QPushButton(_("Simpan &draf pemberitahuan (PDF)…"), self)
        self.notice_button.clicked.connect(lambda: self.save_notice())
        self.note = hint_label(_(
            "UU No. 27 Tahun 2022 Pasal 46: pemberitahuan tertulis paling lambat 3 × 24 jam "
            "kepada subjek data pribadi dan lembaga, memuat data yang terungkap, kapan dan "
            "bagaimana, serta upaya penanganan dan pemulihan. Draf PDF adalah templat yang "
            "dilengkapi lembaga."), self)
        self.error = InlineError(self)
        vbox(self, self.note, (self.table, 1),
             hbox(self.add_button, self.edit_button, None, self.notice_button), self.error)
        self.refresh()

    def refresh(self) -> None:
        rows = self.read(self.services.breaches.list, self.error)
        if rows is None:
            return
        self.model.set_rows(rows)
        fit_columns(self.table, 4, 220)
        if rows:
            self.table.selectRow(0)
        for button in (self.edit_button, self.notice_button):
            button.setEnabled(bool(rows))

    def current(self) -> Any | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def edit(self, entry: Any | None) -> BreachDialog:
        dialog = BreachDialog(self.services, entry, self.lang, self, self.executor)
        return open_dialog(dialog, self.refresh)

    def save_notice(self, path: Path | None = None) -> Op[Any] | None:
        entry = self.current()
        if entry is None:
            return None
        if path is None:
            path = _ask_save(self, _("Simpan draf pemberitahuan"),
                             f"pemberitahuan-{entry.id[:8]}.pdf", _("PDF (*.pdf)"))
            if path is None:
                return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        breaches, lang = self.services.breaches, self.lang
        op: Op[Any] = self.op(lambda: breaches.write_notice(entry.id, path, lang=lang,
                                                            zone=local_zone_name()))
        (op.success(lambda saved: _tell(self, QMessageBox.Icon.Information,
                                        _("Draf pemberitahuan"),
                                        _("Draf pemberitahuan disimpan: {path}").format(
                                            path=saved)))
         .failure(lambda exc: self.show_failure(exc, self.error)).run())
        return op


class BreachDialog(ServiceDialog):
    """A suspected breach: new (``entry`` None) or completed later."""

    FIELDS = ("discovered_at", "occurred_at", "data_categories", "subjects_count",
              "description", "actions_taken", "notified_whom", "subjects_notified_at",
              "authority_notified_at")

    def __init__(self, services: Services, entry: Any | None, lang: str,
                 parent: QWidget | None, executor: Executor | None) -> None:
        super().__init__(services, lang, parent, executor,
                         title=_("Catat insiden data pribadi") if entry is None
                         else _("Ubah catatan insiden"), min_width=620)
        self.entry = entry
        self.saved: Any = None
        moment = _("TTTT-BB-HH JJ:MM")
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        labels = {
            "discovered_at": (_("&Diketahui pada *"), moment),
            "occurred_at": (_("&Terjadi pada"), moment),
            "data_categories": (_("Data &yang terdampak *"), _("mis. NIK, nama, foto asesi")),
            "subjects_count": (_("&Jumlah subjek data"), ""),
            "description": (_("&Uraian: apa dan bagaimana *"), ""),
            "actions_taken": (_("&Penanganan dan pemulihan"), ""),
            "notified_whom": (_("Diberi tahu &siapa, bagaimana"), ""),
            "subjects_notified_at": (_("Subjek data diberi tahu pada"), moment),
            "authority_notified_at": (_("Lembaga diberi tahu pada"), moment),
        }
        form = form_layout()
        for key in self.FIELDS:
            label, hint = labels[key]
            long = key in ("description", "actions_taken", "notified_whom")
            edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self) if long else QLineEdit(self)
            if isinstance(edit, QPlainTextEdit):
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(self.fontMetrics().height() * 4)
                edit.setPlaceholderText(hint)
            else:
                edit.setPlaceholderText(hint)
            self.edits[key] = edit
            form.addRow(label, edit)
        if entry is not None:
            zone = local_zone_name()
            from assessor_app.core.clock import TIMEZONES, parse_iso

            for key in self.FIELDS:
                value = getattr(entry, key)
                if value is None:
                    continue
                if key.endswith("_at"):
                    value = parse_iso(value).astimezone(TIMEZONES[zone]).strftime(
                        "%Y-%m-%d %H:%M")
                self._set(key, str(value))
        self.error = InlineError(self)
        buttons, self.ok_button = dialog_buttons(self)
        vbox(self, form, self.error, buttons)

    def _set(self, key: str, text: str) -> None:
        edit = self.edits[key]
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(text)
        else:
            edit.setText(text)

    def value(self, key: str) -> str:
        edit = self.edits[key]
        return (edit.toPlainText() if isinstance(edit, QPlainTextEdit)
                else edit.text()).strip()

    def accept(self) -> None:
        values: dict[str, Any] = {k: self.value(k) or None for k in self.FIELDS}
        breaches, entry, zone = self.services.breaches, self.entry, local_zone_name()

        def work() -> Any:
            if entry is None:
                return breaches.record(zone=zone, **{k: v for k, v in values.items()
                                                     if v is not None or k in (
                                                         "discovered_at", "description",
                                                         "data_categories")})
            return breaches.update(entry.id, zone=zone, **values)

        def done(saved: Any) -> None:
            self.saved = saved
            ServiceDialog.accept(self)

        self.submit(work, done, self.error, self)


# ------------------------------------------------------------------ the dialog


class PdpDialog(ServiceDialog):
    """Berkas → Data pribadi (PDP)…"""

    TABS = ("consents", "audit", "retention", "breaches")

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, tab: str = "consents") -> None:
        super().__init__(services, lang, parent, executor, title=_("Data pribadi (UU PDP)"),
                         min_width=900)
        self.tabs = QTabWidget(self)
        self.consents = ConsentTab(services, lang, self, executor)
        self.audit = AuditTab(services, lang, self, executor)
        self.retention = RetentionTab(services, lang, self, executor)
        self.breaches = BreachTab(services, lang, self, executor)
        for widget, label in ((self.consents, _("&Persetujuan")), (self.audit, _("Log &audit")),
                              (self.retention, _("&Retensi")), (self.breaches, _("&Insiden"))):
            self.tabs.addTab(widget, label)
        self.show_tab(tab)
        close = QPushButton(_("Tutup"), self)
        close.clicked.connect(self.accept)
        vbox(self, (self.tabs, 1), hbox(None, close))
        self.resize(1000, 620)

    def show_tab(self, tab: str) -> None:
        self.tabs.setCurrentIndex(self.TABS.index(tab) if tab in self.TABS else 0)


__all__ = ["PdpDialog", "consequence_lines", "local_zone_name", "save_subject_report"]
