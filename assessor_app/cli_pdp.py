"""Sub-commands for personal data (UU 27/2022 PDP, issue 13):

    assessor-app consent list [--subject REF] [--active]
    assessor-app consent show ID
    assessor-app consent add (--assessee REF | --institution REF) --given-by NAME --scope TEXT
                             [--visit REF] [--date YYYY-MM-DD[ HH:MM]]
    assessor-app consent withdraw ID --reason TEXT [--date YYYY-MM-DD[ HH:MM]]
    assessor-app audit list [--subject REF] [--action A] [--from DAY] [--to DAY] [--limit N]
    assessor-app audit export -o FILE.csv|FILE.xlsx [same filters]
    assessor-app subject report NIK_OR_ID [--kind assessee|institution] [-o FILE.pdf|FILE.json]
    assessor-app retention status | purge [--dry-run] | set --days N
    assessor-app breach add --discovered WHEN --description TEXT --data-categories TEXT [...]
    assessor-app breach list | show ID | update ID [...] | notice ID -o FILE.pdf

Days and times are typed in the zone of ``--timezone`` (WIB by default) and shown in it.
Every command takes ``--json``. Exit codes as in ``cli``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessor_app.i18n import _, ngettext

EXIT_OK = 0
ZONES = ("WIB", "WITA", "WIT")


def _when(ctx: Any, value: str | None) -> str:
    from assessor_app.formatting import short_moment

    return short_moment(value, ctx.args.timezone, ctx.lang) if value else "—"


def _subject(ctx: Any, ref: str, kind: str | None = None) -> Any:
    return ctx.services.subjects.find(ref, kind)


# ------------------------------------------------------------------ consent


def _consent_json(entry: Any) -> dict[str, Any]:
    from dataclasses import fields

    c = entry.consent
    out = {f.name: getattr(c, f.name) for f in fields(c) if f.name != "sent_bundle_id"}
    out.update(subject_kind=c.subject_kind, subject_name=entry.subject_name,
               delivered=c.delivered_at is not None)
    return out


def _consent_line(ctx: Any, entry: Any) -> str:
    c = entry.consent
    state = (_("DITARIK {when}").format(when=_when(ctx, c.withdrawn_at)) if c.withdrawn
             else _("berlaku"))
    kind = _("asesi") if c.subject_kind == "assessee" else _("lembaga")
    return (f"{c.id[:8]}  {_when(ctx, c.given_at):<20}  {kind:<8}  {c.method:<12}  "
            f"{state:<28}  {entry.subject_name}")


def cmd_consent_list(ctx: Any) -> int:
    args = ctx.args
    subject = _subject(ctx, args.subject) if args.subject else None
    rows = ctx.services.consents.list(subject_id=subject.id if subject else None,
                                      include_withdrawn=not args.active)
    return int(ctx.listing(rows, _consent_json, lambda r: _consent_line(ctx, r)))


def _consequences_text(ctx: Any, q: Any) -> list[str]:
    from assessor_app.formatting import withdrawal_effects

    c = q.consent.consent
    lines = [_("Akibat penarikan:")] + ["  - " + line for line in withdrawal_effects(
        q, q.consent.subject_name)]
    if c.withdrawn:
        lines.insert(0, _("Ditarik {when} oleh {who}: {reason}").format(
            when=_when(ctx, c.withdrawn_at), who=c.withdrawn_by or "—",
            reason=c.withdrawn_reason or ""))
    return lines


def _consequences_json(q: Any) -> dict[str, Any]:
    return {"consent": _consent_json(q.consent), "drafts": q.drafts, "waiting": q.waiting,
            "received": q.received, "other_active": q.other_active, "laptops": q.laptops}


def cmd_consent_show(ctx: Any) -> int:
    q = ctx.services.consents.consequences(ctx.args.id)
    if ctx.json:
        ctx.emit(_consequences_json(q))
        return EXIT_OK
    c = q.consent.consent
    ctx.out(_("Persetujuan {id}").format(id=c.id))
    for label, value in (
            (_("Subjek"), q.consent.subject_name), (_("Metode"), c.method),
            (_("Diberikan"), _when(ctx, c.given_at)), (_("Oleh"), c.given_by or "—"),
            (_("Wali"), c.guardian_name or "—"), (_("Tujuan"), c.purpose),
            (_("Cakupan"), c.scope or "—"), (_("Dicatat oleh"), c.recorded_by or "—"),
            (_("Versi teks"), c.text_version),
            (_("Terkirim ke kantor"), _when(ctx, c.delivered_at) if c.delivered_at
             else _("belum"))):
        ctx.out(f"  {label}: {value}")
    if c.withdrawn:
        for line in _consequences_text(ctx, q):
            ctx.out(line)
    else:
        ctx.out(_("Status: berlaku"))
    return EXIT_OK


def cmd_consent_add(ctx: Any) -> int:
    args = ctx.args
    svc = ctx.services
    if bool(args.assessee) == bool(args.institution):
        from assessor_app.core.errors import InvalidValueError

        raise InvalidValueError("consent.one_subject")
    assessee = svc.registry.find_assessee(args.assessee).id if args.assessee else None
    institution = svc.registry.find_institution(args.institution).id \
        if args.institution else None
    visit = svc.registry.find_visit(args.visit).id if args.visit else None
    entry = svc.consents.record(given_by=args.given_by, scope=args.scope,
                                assessee_id=assessee, institution_id=institution,
                                visit_id=visit, given_at=args.date, zone=args.timezone,
                                guardian_name=args.guardian)
    return int(ctx.result(_consent_json(entry), _("dicatat  ") + _consent_line(ctx, entry)))


def cmd_consent_withdraw(ctx: Any) -> int:
    args = ctx.args
    q = ctx.services.consents.withdraw(args.id, args.reason, at=args.date,
                                       zone=args.timezone)
    if ctx.json:
        ctx.emit(_consequences_json(q))
        return EXIT_OK
    ctx.out(_("Persetujuan {id} ({name}) ditarik.").format(id=q.consent.id[:8],
                                                          name=q.consent.subject_name))
    for line in _consequences_text(ctx, q):
        ctx.out(line)
    return EXIT_OK


# ------------------------------------------------------------------ audit


def _audit_filter(ctx: Any, limit: int | None) -> tuple[Any, tuple[str, str] | None]:
    from assessor_app.core.clock import TIMEZONES
    from assessor_app.services.audit import AuditFilter

    args = ctx.args
    audit = ctx.services.audit
    ids = None
    subject = None
    if args.subject:
        who = _subject(ctx, args.subject)
        ids = audit.ids_of(who.kind, who.id)
        subject = (who.kind, who.id)
    return AuditFilter(subject_ids=ids, action=args.action_filter or None, date_from=args.date_from,
                       date_to=args.date_to, zone=TIMEZONES[args.timezone],
                       limit=limit), subject


def _audit_json(e: Any) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
            "entity": e.entity, "entity_id": e.entity_id, "field": e.field, "old": e.old,
            "new": e.new}


def cmd_audit_list(ctx: Any) -> int:
    flt, _subject_ref = _audit_filter(ctx, ctx.args.limit)
    audit = ctx.services.audit
    rows = audit.list(flt)
    total = audit.count(flt)
    if ctx.json:
        ctx.emit({"total": total, "items": [_audit_json(e) for e in rows]})
        return EXIT_OK
    for e in rows:
        what = " ".join(x for x in (e.field or "", (e.new or "")[:60]) if x)
        ctx.out(f"{_when(ctx, e.at):<20}  {(e.actor or '—')[:20]:<20}  {e.action:<14}  "
                f"{e.entity:<11} {e.entity_id[:8]}  {what}")
    ctx.out(_("({shown} dari {total})").format(shown=len(rows), total=total))
    return EXIT_OK


def cmd_audit_export(ctx: Any) -> int:
    flt, subject = _audit_filter(ctx, None)
    path, n = ctx.services.audit.export(ctx.args.output, flt, subject=subject)
    return int(ctx.result({"file": str(path), "rows": n},
                      _("{n} baris log audit ditulis ke {path}").format(n=n, path=path)))


# ------------------------------------------------------------------ subject report


def cmd_subject_report(ctx: Any) -> int:
    args = ctx.args
    subjects = ctx.services.subjects
    lang = ctx.lang if ctx.lang in ("id", "en") else "id"
    report = subjects.report(args.ref, args.kind, lang=lang)
    if args.output is not None:
        path = subjects.write(report, args.output, lang=lang, zone=args.timezone)
        return int(ctx.result({"file": str(path), "subject": report.subject.id},
                              _("Laporan subjek data {name} ditulis ke {path}").format(
                                  name=report.subject.name, path=path)))
    ctx.services.audit.log_access("view", report.subject.kind, report.subject.id,
                                  field="subject_report")
    if ctx.json:
        ctx.emit(report.as_dict())
        return EXIT_OK
    ctx.out(_("Subjek data: {name} ({kind}, {id})").format(
        name=report.subject.name, kind=report.subject.kind, id=report.subject.id))
    ctx.out(_("{records} revisi penilaian, {mentions} catatan lain yang menyebutnya, "
              "{consents} persetujuan, {access} catatan akses/perubahan ({exports} ekspor "
              "atau cetak), {bundles} bundel terkirim, {purges} dihapus retensi").format(
        records=len(report.records), mentions=len(report.mentions),
        consents=len(report.consents), access=len(report.access),
        exports=len(report.exports), bundles=len(report.bundles), purges=len(report.purges)))
    for r in report.records:
        ctx.out(f"  {r.assessment_id[:8]} r{r.revision}  {r.status:<8}  {r.template_code}  "
                + ngettext("{n} jawaban", "{n} jawaban", len(r.answers)).format(
                    n=len(r.answers))
                + ", " + ngettext("{n} bukti", "{n} bukti", len(r.evidence)).format(
                    n=len(r.evidence))
                + ", " + ngettext("{n} tanda tangan", "{n} tanda tangan",
                                  len(r.signatures)).format(n=len(r.signatures)))
    ctx.out(_("Simpan seluruh isinya dengan -o LAPORAN.pdf atau -o LAPORAN.json."))
    return EXIT_OK


# ------------------------------------------------------------------ retention


def _candidate_json(c: Any) -> dict[str, Any]:
    return {"assessment_id": c.assessment_id, "template": c.template_code,
            "subject_kind": c.subject_kind, "subject_id": c.subject_id,
            "revisions": list(c.revisions), "bundle_id": c.bundle_id,
            "receipt_at": c.receipt_at, "due_at": c.due_at, "reason": c.reason}


def cmd_retention_status(ctx: Any) -> int:
    st = ctx.services.retention.status()
    if ctx.json:
        ctx.emit({"days": st.days, "due": [_candidate_json(c) for c in st.due],
                  "waiting": [_candidate_json(c) for c in st.waiting],
                  "unconfirmed": st.unconfirmed, "drafts": st.drafts, "purged": st.purged,
                  "last_purge_at": st.last_purge_at, "backups": list(st.backups),
                  "salvage": list(st.salvage)})
        return EXIT_OK
    ctx.out(_("Masa retensi: {days} hari setelah tanda terima kantor (dapat diatur: "
              "retention set --days N)").format(days=st.days))
    ctx.out(_("Siap dihapus: {n}").format(n=len(st.due)))
    for c in st.due:
        ctx.out(f"  {c.assessment_id[:8]}  {c.template_code:<24}  {c.subject_name}  "
                + _("tanda terima {when}").format(when=_when(ctx, c.receipt_at))
                + ("  " + _("(persetujuan ditarik)") if c.reason == "consent_withdrawn"
                   else ""))
    ctx.out(_("Diterima kantor, masih dalam masa retensi: {n}").format(n=len(st.waiting)))
    for c in st.waiting:
        ctx.out(f"  {c.assessment_id[:8]}  {c.template_code:<24}  {c.subject_name}  "
                + _("dihapus mulai {when}").format(when=_when(ctx, c.due_at)))
    ctx.out(_("Belum dikonfirmasi kantor: {n} · draf: {drafts} (tidak pernah dihapus "
              "otomatis)").format(n=st.unconfirmed, drafts=st.drafts))
    ctx.out(_("Sudah dihapus: {n} penilaian").format(n=st.purged)
            + (_(", terakhir {when}").format(when=_when(ctx, st.last_purge_at))
               if st.last_purge_at else ""))
    if st.salvage:
        ctx.out(_("Salinan basis data rusak yang tidak dapat dibersihkan otomatis: {files}")
                .format(files=", ".join(st.salvage)))
    return EXIT_OK


def cmd_retention_purge(ctx: Any) -> int:
    res = ctx.services.retention.purge(dry_run=ctx.args.dry_run)
    if ctx.json:
        ctx.emit({"dry_run": res.dry_run, "run_id": res.run_id,
                  "purged": [_candidate_json(c) for c in res.purged],
                  "answers": res.answers, "evidence": res.evidence,
                  "signatures": res.signatures, "media": res.media,
                  "assessees_removed": res.assessees_removed,
                  "backups_rewritten": list(res.backups_rewritten),
                  "backups_failed": [{"file": f, "code": c} for f, c in res.backups_failed],
                  "vacuumed": res.vacuumed, "salvage": list(res.salvage)})
        return EXIT_OK
    if res.dry_run:
        ctx.out(_("Uji coba: {n} penilaian akan dihapus; tidak ada yang berubah.").format(
            n=len(res.purged)))
    else:
        ctx.out(_("{n} penilaian dihapus dari laptop: {answers} jawaban, {evidence} bukti, "
                  "{signatures} tanda tangan, {media} berkas foto/tanda tangan, {people} "
                  "data asesi.").format(n=len(res.purged), answers=res.answers,
                                        evidence=res.evidence, signatures=res.signatures,
                                        media=res.media, people=res.assessees_removed))
    for c in res.purged:
        ctx.out(f"  {c.assessment_id[:8]}  {c.template_code:<24}  "
                + _("tanda terima {bundle} ({when})").format(bundle=c.bundle_id[:8],
                                                            when=_when(ctx, c.receipt_at)))
    if not res.dry_run and res.purged:
        ctx.out(_("Cadangan dibersihkan: {n}").format(n=len(res.backups_rewritten)))
        for name, code in res.backups_failed:
            ctx.out("  " + _("GAGAL membersihkan {name}: {code}").format(name=name, code=code))
    if res.salvage:
        ctx.out(_("Salinan basis data rusak yang tidak dapat dibersihkan otomatis: {files}")
                .format(files=", ".join(res.salvage)))
    return EXIT_OK if not res.backups_failed else 1


def cmd_retention_set(ctx: Any) -> int:
    days = ctx.services.retention.set_days(ctx.args.days)
    return int(ctx.result({"days": days}, _("Masa retensi: {days} hari").format(days=days)))


# ------------------------------------------------------------------ breach


def _breach_changes(args: argparse.Namespace) -> dict[str, Any]:
    pairs = {"discovered_at": args.discovered, "occurred_at": args.occurred,
             "description": args.description, "data_categories": args.data,
             "subjects_count": args.subjects, "actions_taken": args.actions,
             "notified_whom": args.notified_whom,
             "subjects_notified_at": args.subjects_notified,
             "authority_notified_at": args.authority_notified}
    return {k: v for k, v in pairs.items() if v is not None}


def _breach_line(ctx: Any, b: Any) -> str:
    now = ctx.services.assessments.clock()
    state = (_("sudah diberitahukan") if b.notified else
             (_("LEWAT BATAS 3×24 JAM") if b.overdue(now) else
              _("beri tahu paling lambat {when}").format(when=_when(ctx, b.notice_due))))
    return f"{b.id[:8]}  {_when(ctx, b.discovered_at):<20}  {state:<40}  " \
           f"{(b.description or '').splitlines()[0][:60] if b.description else ''}"


def cmd_breach_add(ctx: Any) -> int:
    from assessor_app.services.breach import breach_dict

    changes = _breach_changes(ctx.args)
    b = ctx.services.breaches.record(zone=ctx.args.timezone, **changes)
    return int(ctx.result(breach_dict(b), _("dicatat  ") + _breach_line(ctx, b)))


def cmd_breach_update(ctx: Any) -> int:
    from assessor_app.services.breach import breach_dict

    b = ctx.services.breaches.update(ctx.args.id, zone=ctx.args.timezone,
                                     **_breach_changes(ctx.args))
    return int(ctx.result(breach_dict(b), _("diperbarui  ") + _breach_line(ctx, b)))


def cmd_breach_list(ctx: Any) -> int:
    from assessor_app.services.breach import breach_dict

    rows = ctx.services.breaches.list()
    return int(ctx.listing(rows, breach_dict, lambda b: _breach_line(ctx, b)))


def cmd_breach_show(ctx: Any) -> int:
    from assessor_app.services.breach import breach_dict

    b = ctx.services.breaches.get(ctx.args.id)
    if ctx.json:
        ctx.emit(breach_dict(b))
        return EXIT_OK
    ctx.out(_breach_line(ctx, b))
    for label, value in (
            (_("Diketahui"), _when(ctx, b.discovered_at)),
            (_("Terjadi"), _when(ctx, b.occurred_at)),
            (_("Batas pemberitahuan (3 × 24 jam)"), _when(ctx, b.notice_due)),
            (_("Data yang terdampak"), b.data_categories),
            (_("Jumlah subjek data"), "—" if b.subjects_count is None else b.subjects_count),
            (_("Uraian"), b.description), (_("Penanganan"), b.actions_taken or "—"),
            (_("Subjek data diberi tahu"), _when(ctx, b.subjects_notified_at)),
            (_("Lembaga diberi tahu"), _when(ctx, b.authority_notified_at)),
            (_("Diberi tahu"), b.notified_whom or "—"),
            (_("Dicatat oleh"), b.recorded_by or "—")):
        ctx.out(f"  {label}: {value}")
    return EXIT_OK


def cmd_breach_notice(ctx: Any) -> int:
    lang = ctx.lang if ctx.lang in ("id", "en") else "id"
    path = ctx.services.breaches.write_notice(ctx.args.id, ctx.args.output, lang=lang,
                                              zone=ctx.args.timezone)
    return int(ctx.result({"file": str(path)},
                      _("Draf pemberitahuan ditulis ke {path}").format(path=path)))


# ------------------------------------------------------------------ parsers


COMMANDS: dict[tuple[str, str | None], Callable[[Any], int]] = {
    ("consent", "list"): cmd_consent_list,
    ("consent", "show"): cmd_consent_show,
    ("consent", "add"): cmd_consent_add,
    ("consent", "withdraw"): cmd_consent_withdraw,
    ("audit", "list"): cmd_audit_list,
    ("audit", "export"): cmd_audit_export,
    ("subject", "report"): cmd_subject_report,
    ("retention", "status"): cmd_retention_status,
    ("retention", "purge"): cmd_retention_purge,
    ("retention", "set"): cmd_retention_set,
    ("breach", "add"): cmd_breach_add,
    ("breach", "update"): cmd_breach_update,
    ("breach", "list"): cmd_breach_list,
    ("breach", "show"): cmd_breach_show,
    ("breach", "notice"): cmd_breach_notice,
}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    zone = argparse.ArgumentParser(add_help=False)
    zone.add_argument("--timezone", choices=ZONES, default="WIB",
                      help=_("zona hari dan jam yang diketik dan ditampilkan (bawaan WIB)"))
    parents = [common, zone]

    c = sub.add_parser("consent", parents=parents,
                       help=_("daftar persetujuan: FR.AK.01 dan pimpinan lembaga; "
                              "penarikan"))
    csub = c.add_subparsers(dest="action", metavar="ACTION", required=True)
    cl = csub.add_parser("list", parents=parents,
                         help=_("daftar persetujuan, yang terbaru dulu"))
    cl.add_argument("--subject", help=_("asesi (NIK, id, nama) atau lembaga"))
    cl.add_argument("--active", action="store_true",
                    help=_("hanya persetujuan yang tidak ditarik"))
    cs = csub.add_parser("show", parents=parents,
                         help=_("satu persetujuan (dan penarikannya)"))
    cs.add_argument("id", help=_("id persetujuan atau awalan yang unik (>= 4 karakter)"))
    ca = csub.add_parser("add", parents=parents,
                         help=_("catat persetujuan secara manual (persetujuan pimpinan lembaga "
                                "saat kunjungan)"))
    ca.add_argument("--assessee", help=_("asesi: NIK, id atau nama"))
    ca.add_argument("--institution", help=_("lembaga: id atau nama"))
    ca.add_argument("--visit", help=_("kunjungannya (nomor surat tugas atau id)"))
    ca.add_argument("--given-by", required=True,
                    help=_("siapa yang memberikannya (mis. nama pimpinan)"))
    ca.add_argument("--guardian", help=_("orang tua atau wali (asesi di bawah 18 tahun)"))
    ca.add_argument("--scope", required=True, help=_("apa yang dicakupnya"))
    ca.add_argument("--date", help=_("kapan diberikan: YYYY-MM-DD[ HH:MM] (bawaan: sekarang)"))
    cw = csub.add_parser("withdraw", parents=parents,
                         help=_("tandai persetujuan sebagai ditarik (tetap disimpan, ditandai; "
                                "menyebut akibatnya)"))
    cw.add_argument("id")
    cw.add_argument("--reason", required=True)
    cw.add_argument("--date", help=_("kapan ditarik: YYYY-MM-DD[ HH:MM] (bawaan: sekarang)"))

    a = sub.add_parser("audit", parents=parents,
                       help=_("log audit: siapa melihat, mengubah, mencetak atau mengekspor "
                              "data siapa"))
    asub = a.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("list", _("entri, yang terbaru dulu")),
                       ("export", _("tulis entri ke berkas .csv atau .xlsx"))):
        p = asub.add_parser(name, parents=parents, help=text)
        p.add_argument("--subject", help=_("hanya baris tentang asesi atau lembaga ini"))
        p.add_argument("--action", dest="action_filter", metavar="ACTION",
                       help="view, print, export, answer, sign, consent, withdraw, purge...")
        p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        if name == "list":
            p.add_argument("--limit", type=int, default=200)
        else:
            p.add_argument("-o", "--output", type=Path, required=True,
                           metavar="FILE.csv|FILE.xlsx")

    s = sub.add_parser("subject", parents=parents,
                       help=_("laporan subjek data: semua yang tersimpan tentang satu orang"))
    ssub = s.add_subparsers(dest="action", metavar="ACTION", required=True)
    sr = ssub.add_parser("report", parents=parents,
                         help=_("setiap rekaman, persetujuan dan akses tentang seorang asesi "
                                "atau sebuah lembaga"))
    sr.add_argument("ref", metavar="NIK_OR_ID",
                    help=_("NIK, id atau nama asesi; atau lembaga"))
    sr.add_argument("--kind", choices=("assessee", "institution"))
    sr.add_argument("-o", "--output", type=Path, metavar="FILE.pdf|FILE.json")

    r = sub.add_parser("retention", parents=parents,
                       help=_("hapus salinan lapangan yang sudah dikonfirmasi kantor (setelah N "
                              "hari)"))
    rsub = r.add_subparsers(dest="action", metavar="ACTION", required=True)
    rsub.add_parser("status", parents=parents,
                    help=_("yang sudah jatuh tempo, yang menunggu, yang tidak pernah dihapus"))
    rp = rsub.add_parser("purge", parents=parents,
                         help=_("hapus yang sudah jatuh tempo (dan cadangannya)"))
    rp.add_argument("--dry-run", action="store_true",
                    help=_("sebutkan apa yang akan dihapus; tidak mengubah apa pun"))
    rs = rsub.add_parser("set", parents=parents, help=_("masa retensi"))
    rs.add_argument("--days", type=int, required=True)

    b = sub.add_parser("breach", parents=parents,
                       help=_("log insiden kebocoran data (UU PDP Pasal 46) dan draf "
                              "pemberitahuannya"))
    bsub = b.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("add", _("catat dugaan kebocoran data")),
                       ("update", _("lengkapi sebuah entri"))):
        p = bsub.add_parser(name, parents=parents, help=text)
        if name == "update":
            p.add_argument("id")
        p.add_argument("--discovered", required=name == "add", metavar="WHEN",
                       help=_("kapan diketahui: YYYY-MM-DD[ HH:MM]"))
        p.add_argument("--occurred", metavar="WHEN")
        p.add_argument("--description", required=name == "add",
                       help=_("apa yang terjadi, dan bagaimana"))
        p.add_argument("--data-categories", dest="data", required=name == "add",
                       help=_("data pribadi apa"))
        p.add_argument("--subjects", help=_("berapa subjek data"))
        p.add_argument("--actions", help=_("tindakan yang diambil (penanganan, pemulihan)"))
        p.add_argument("--notified-whom", help=_("siapa yang diberi tahu, dengan cara apa"))
        p.add_argument("--subjects-notified", metavar="WHEN")
        p.add_argument("--authority-notified", metavar="WHEN")
    bsub.add_parser("list", parents=parents, help=_("entri, yang terbaru dulu"))
    bs = bsub.add_parser("show", parents=parents, help=_("satu entri"))
    bs.add_argument("id")
    bn = bsub.add_parser("notice", parents=parents,
                         help=_("draf pemberitahuan sebagai PDF"))
    bn.add_argument("id")
    bn.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


__all__ = ["COMMANDS", "add_parsers"]
