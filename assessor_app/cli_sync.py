"""Sub-commands for sync by file (export, import, receipt, pack, device, conflicts).

Exit codes as in ``cli``: 0 ok, 2 bad input (one line saying why), 1 unexpected. ``import``
exits 2 when any file was refused (its report still lists every file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assessor_app.cli_commands import Commands, area
from assessor_app.i18n import _, pgettext
from assessor_app.messages import message
from assessor_app.vocabulary import outcome_label

COMMANDS = Commands()


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    e = sub.add_parser("export", parents=[common],
                       help=_("tulis bundel hasil bertanda tangan untuk kantor"))
    e.add_argument("-o", "--output", type=Path, required=True,
                   help=_("folder atau berkas .zip"))
    e.add_argument("--ids", nargs="+", help=_("hanya penilaian ini (id atau awalan)"))
    e.add_argument("--plain", action="store_true",
                   help=_("tulis bundel tanpa mengenkripsi isinya (NIK, nama, foto terbaca "
                          "apa adanya); laptop terenkripsi yang belum mengenal kunci kantor "
                          "menolak mengekspor tanpa opsi ini"))

    ob = sub.add_parser("outbox", parents=[common],
                        help=_("bundel yang disimpan sampai ada tanda terima kantor (laptop)"))
    obsub = ob.add_subparsers(dest="action", metavar="ACTION", required=True)
    obsub.add_parser("list", parents=[common], help=_("bundel di outbox"))
    obs = obsub.add_parser("send", parents=[common],
                           help=_("tulis lagi bundel yang disimpan (didekripsi) ke folder atau "
                                  ".zip"))
    obs.add_argument("bundle", metavar="SEQ_OR_ID")
    obs.add_argument("-o", "--output", type=Path, required=True,
                     help=_("folder atau berkas .zip"))
    obs.add_argument("--plain", action="store_true",
                     help=_("juga bundel yang tidak dienkripsi untuk kantor"))

    i = sub.add_parser("import", parents=[common],
                       help=_("impor bundel hasil (kantor)"))
    i.add_argument("files", nargs="+", type=Path)
    i.add_argument("--accept-old", action="store_true",
                   help=_("setujui impor bundel yang lebih lama dari bundel yang sudah "
                          "diimpor"))
    i.add_argument("--receipts", type=Path,
                   help=_("folder untuk tanda terima bertanda tangan (bawaan: di sebelah "
                          "tiap bundel)"))
    i.add_argument("--report", type=Path,
                   help=_("path laporan CSV (bawaan: DATA_DIR/imports/import-TIME.csv)"))

    rsub = area(sub, common, "receipt", _("tanda terima kantor (laptop)"))
    ri = rsub.add_parser("import", parents=[common],
                         help=_("tandai rekaman sebagai sudah diterima kantor"))
    ri.add_argument("file", type=Path)

    psub = area(sub, common, "pack", _("paket tugas (kantor -> laptop)"))
    pc = psub.add_parser("create", parents=[common],
                         help=_("buat paket bertanda tangan untuk seorang asesor"))
    pc.add_argument("--assessor", required=True, help=_("id atau nama asesor"))
    pc.add_argument("--visit", nargs="+",
                    help=_("hanya kunjungan ini (id atau nomor surat)"))
    pc.add_argument("--device",
                    help=_("laptop terdaftar (bawaan: satu-satunya laptop asesor itu)"))
    pc.add_argument("-o", "--output", type=Path, required=True,
                    help=_("folder atau berkas .zip"))
    pi = psub.add_parser("import", parents=[common], help=_("impor paket di laptop"))
    pi.add_argument("file", type=Path)

    dsub = area(sub, common, "device", _("kunci laptop ini; laptop yang terdaftar"))
    dsub.add_parser("show", parents=[common],
                    help=_("id perangkat dan kunci publik (untuk pendaftaran)"))
    de = dsub.add_parser("enrol", parents=[common],
                         help=_("daftarkan kunci publik sebuah laptop (kantor)"))
    de.add_argument("public_key")
    de.add_argument("--name", required=True)
    de.add_argument("--assessor", help=_("id atau nama asesor pemakai laptop"))
    dq = dsub.add_parser("request", parents=[common],
                         help=_("tulis berkas permintaan pendaftaran bertanda tangan dari laptop "
                                "ini (laptop)"))
    dq.add_argument("-o", "--output", type=Path, required=True,
                    help=_("folder (berkas pendaftaran_<asesor>_<laptop>.json) atau berkas "
                           ".json"))
    dq.add_argument("--name", help=_("nama laptop (bawaan: nama komputer)"))
    df = dsub.add_parser("enrol-file", parents=[common],
                         help=_("daftarkan laptop dari berkas permintaan pendaftarannya "
                                "(kantor)"))
    df.add_argument("file", type=Path)
    df.add_argument("--name", help=_("nama laptop (bawaan: nama di permintaan)"))
    df.add_argument("--assessor", help=_("id atau nama asesor (bawaan: dicari dari nomor MET "
                                         "atau nama di permintaan)"))
    dr = dsub.add_parser("revoke", parents=[common],
                         help=_("tolak bundel sebuah laptop mulai sekarang"))
    dr.add_argument("device_id")
    dsub.add_parser("list", parents=[common], help=_("laptop yang terdaftar"))
    da = dsub.add_parser("reassign", parents=[common],
                         help=_("izinkan laptop terdaftar lain mengirim revisi sebuah penilaian "
                                "(kantor; dicatat di log audit)"))
    da.add_argument("assessment_id")
    da.add_argument("device_id")
    da.add_argument("--reason", required=True)
    dt = dsub.add_parser("trust-office", parents=[common],
                         help=_("percayai kunci kantor yang diberikan langsung (laptop)"))
    dt.add_argument("ed25519_public")
    dt.add_argument("x25519_public")
    dt.add_argument("--name", default="Kantor")

    csub = area(sub, common, "conflicts", _("rekaman impor yang ditahan sebagai konflik"))
    cl = csub.add_parser("list", parents=[common], help=_("konflik yang perlu diselesaikan"))
    cl.add_argument("--all", action="store_true", help=_("termasuk yang sudah diselesaikan"))
    cr = csub.add_parser("resolve", parents=[common],
                         help=_("pertahankan yang tersimpan atau ambil yang masuk"))
    cr.add_argument("id")
    how = cr.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", action="store_true",
                     help=_("pertahankan revisi yang tersimpan"))
    how.add_argument("--take", action="store_true", help=_("ambil revisi yang masuk"))
    cr.add_argument("--note")


# ------------------------------------------------------------------ commands


@COMMANDS.command("export")
def cmd_export(ctx: Any) -> int:
    args = ctx.args
    # a target that fails after the record: the error carries ``outbox_seq`` and the
    # top level adds how to write that outbox copy again (cli._run)
    res = ctx.services.sync.export(args.output, args.ids, encrypt=False if args.plain else None)
    if ctx.json:
        ctx.emit({"path": str(res.path) if res.path else None, "bundle_id": res.bundle_id,
                  "seq": res.seq, "sha256": res.sha256, "size_bytes": res.size,
                  "encrypted_to": res.encrypted_to,
                  "outbox": str(res.outbox_path) if res.outbox_path else None,
                  "records": [{"id": a, "revision": r} for a, r in res.records]})
    elif res.path is None:
        # the GUI says "There are no finalised assessments to send." for the same words
        ctx.out(pgettext("cli", "Tidak ada penilaian final yang perlu dikirim."))
    else:
        enc = (", " + _("terenkripsi untuk kantor {office}").format(office=res.encrypted_to)
               ) if res.encrypted_to else ""
        ctx.out(f"{res.path}")
        ctx.out(_("{n} catatan, seq {seq}, sha256 {sha}").format(
            n=len(res.records), seq=res.seq, sha=res.sha256) + enc)
    return 0


@COMMANDS.command("outbox", "list")
def cmd_outbox_list(ctx: Any) -> int:
    rows = ctx.services.sync.outbox_bundles()
    payload = [{"seq": b.seq, "bundle_id": b.bundle_id, "created_at": b.created_at,
                "records": b.records, "sha256": b.sha256, "encrypted_to": b.encrypted_to,
                "receipt_at": b.receipt_at, "kept": b.kept} for b in rows]
    if ctx.json:
        ctx.emit(payload)
        return 0
    if not rows:
        ctx.out(_("Outbox kosong."))
    for b in payload:
        state = _("diterima kantor") if b["receipt_at"] else _("menunggu tanda terima")
        seal = _("terenkripsi untuk kantor {office}").format(office=b["encrypted_to"]) \
            if b["encrypted_to"] else _("tidak terenkripsi untuk kantor")
        kept = "" if b["kept"] else ", " + _("salinan tidak ada")
        ctx.out(f"{b['seq']:>4}  {str(b['bundle_id'])[:8]}  {b['created_at']}  "
                + _("{n} catatan").format(n=b["records"]) + f", {seal}, {state}{kept}")
    return 0


@COMMANDS.command("outbox", "send")
def cmd_outbox_send(ctx: Any) -> int:
    args = ctx.args
    res = ctx.services.sync.resend(args.bundle, args.output, plain=args.plain)
    payload = {"path": str(res.path), "bundle_id": res.bundle_id, "seq": res.seq,
               "sha256": res.sha256, "size_bytes": res.size, "encrypted_to": res.encrypted_to,
               "records": [{"id": a, "revision": r} for a, r in res.records]}
    text = f"{res.path}\n" + _("bundel nomor {seq} ditulis lagi dan diperiksa, sha256 {sha}"
                               ).format(seq=res.seq, sha=res.sha256)
    return int(ctx.result(payload, text))


@COMMANDS.command("import")
def cmd_import(ctx: Any) -> int:
    from assessor_app.core.clock import utc_now_iso
    from assessor_app.fileio import atomic_write_bytes, check_output_path
    from assessor_app.services.sync import import_report_csv

    args = ctx.args
    sync = ctx.services.sync
    if args.report is not None:
        check_output_path(args.report)  # a device, FIFO or folder: refused before importing
    reports = []
    for f in args.files:
        rep = sync.import_bundle(f, accept_old=args.accept_old)
        if rep.receipt is not None and rep.receipt_name:
            rep.receipt_path = _write_receipt(ctx, rep, args.receipts or Path(f).parent)
        reports.append(rep)
    csv_path = args.report
    # kept in the data folder by itself: no names in plain beside an encrypted database
    names = csv_path is not None or not ctx.services.store.encrypted
    if csv_path is None:
        stamp = utc_now_iso().replace(":", "").replace("-", "").replace(".", "")[:15]
        folder = ctx.services.paths.data_dir / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        csv_path = folder / f"import-{stamp}.csv"
    atomic_write_bytes(Path(csv_path), import_report_csv(reports, ctx.lang, names=names))
    if ctx.json:
        ctx.emit({"report_csv": str(csv_path), "files": [_report_json(r, ctx.lang)
                                                         for r in reports]})
    else:
        for r in reports:
            _print_report(ctx, r)
        ctx.out(_("Laporan: {path}").format(path=csv_path))
    return 0 if all(r.ok for r in reports) else 2


def _write_receipt(ctx: Any, rep: Any, folder: Path) -> Path | None:
    from assessor_app.core.errors import StorageError
    from assessor_app.fileio import atomic_write_bytes

    for where in (folder, ctx.services.paths.data_dir / "receipts"):
        try:
            where.mkdir(parents=True, exist_ok=True)
            path: Path = Path(where) / str(rep.receipt_name)
            atomic_write_bytes(path, rep.receipt)
            return path
        except (OSError, StorageError):
            continue
    return None


def _report_json(r: Any, lang: str) -> dict[str, Any]:
    return {"file": r.file, "status": r.status, "code": r.code,
            "message": message(r.code, r.params, lang) if r.code else None,
            "bundle_id": r.bundle_id, "device_id": r.device_id, "seq": r.seq,
            "sha256": r.sha256, "counts": r.counts(),
            "warnings": [{"code": w.code, "message": message(w.code, w.params, lang)}
                         for w in r.warnings],
            "receipt": str(r.receipt_path) if r.receipt_path else None,
            "records": [{"id": x.assessment_id, "revision": x.revision, "outcome": x.outcome,
                         "detail": x.detail, "subject": x.subject_name,
                         "template": x.template_code} for x in r.records]}


def _print_report(ctx: Any, r: Any) -> None:
    if r.status == "rejected":
        sys.stderr.write(f"{r.file}: " + _("DITOLAK") + f" [{r.code}] "
                         f"{message(r.code, r.params, ctx.lang)}\n")
        return
    if r.status == "duplicate":
        ctx.out(f"{r.file}: " + _("sudah diimpor"))
    else:
        counts = ", ".join(f"{outcome_label(k).lower()} {v}"  # words inside a sentence
                           for k, v in sorted(r.counts().items()))
        ctx.out(f"{r.file}: " + _("diimpor ({counts})").format(counts=counts))
        for x in r.records:
            label = outcome_label(x.outcome)
            label = label.upper() if x.outcome == "conflict" else label  # stands out
            ctx.out(f"  {x.assessment_id[:8]} r{x.revision}  {label:<12} {x.template_code}  "
                    f"{x.subject_name}" + (f"  ({x.detail})" if x.detail else ""))
        for w in r.warnings:
            ctx.out(f"  ! {message(w.code, w.params, ctx.lang)}")
    if r.receipt_path:
        ctx.out("  " + _("tanda terima: {path}").format(path=r.receipt_path))


@COMMANDS.command("receipt", "import")
def cmd_receipt_import(ctx: Any) -> int:
    res = ctx.services.sync.import_receipt(ctx.args.file)
    if ctx.json:
        ctx.emit({"bundle_id": res.bundle_id, "already_imported": res.already,
                  "received": [{"id": a, "revision": r} for a, r in res.marked],
                  "conflicts": [{"id": a, "revision": r} for a, r in res.conflicts],
                  "reviews": [{"id": d.assessment_id, "revision": d.revision,
                               "status": d.status, "comment": d.comment,
                               "reviewer": d.reviewer, "at": d.decided_at}
                              for d in res.decisions],
                  "withdrawals": list(res.withdrawals)})
        return 0
    if res.already:
        ctx.out(_("Tanda terima sudah diimpor; tidak ada perubahan."))
    else:
        ctx.out(_("{n} catatan diterima kantor").format(n=len(res.marked)))
    for a, r in res.conflicts:
        ctx.out(f"  {a[:8]} r{r}: " + _("ditahan kantor sebagai konflik"))
    from assessor_app.cli_review import decision_line

    for d in res.decisions:
        ctx.out(f"  {d.assessment_id[:8]} r{d.revision}: " + decision_line(d.status, d.comment))
    if res.withdrawals:
        from assessor_app.formatting import office_withdrawals_text

        ctx.out(office_withdrawals_text(len(res.withdrawals)))
        for cid in res.withdrawals:
            ctx.out(f"  {cid[:8]}")
    return 0


@COMMANDS.command("pack", "create")
def cmd_pack_create(ctx: Any) -> int:
    svc = ctx.services
    args = ctx.args
    assessor = _find_assessor(svc, args.assessor)
    visits = [svc.registry.find_visit(v).id for v in args.visit] if args.visit else None
    res = svc.sync.create_pack(assessor, args.output, visit_ids=visits, device_id=args.device)
    if ctx.json:
        ctx.emit({"path": str(res.path), "pack_id": res.pack_id, "sha256": res.sha256,
                  "assessor_id": res.assessor_id, "device_id": res.device_id,
                  "counts": res.counts})
    else:
        ctx.out(str(res.path))
        ctx.out(", ".join(f"{k} {v}" for k, v in res.counts.items()))
    return 0


def _find_assessor(svc: Any, ref: str) -> str:
    from assessor_app.core.errors import NotFoundError

    for a in svc.registry.assessors():
        if a.id == ref or a.name.lower() == ref.lower():
            return str(a.id)
    matches = [a for a in svc.registry.assessors()
               if a.id.startswith(ref.lower()) or ref.lower() in a.name.lower()]
    if len(matches) == 1:
        return str(matches[0].id)
    raise NotFoundError("subject.not_found", ref=ref, kind="assessor")


@COMMANDS.command("pack", "import")
def cmd_pack_import(ctx: Any) -> int:
    res = ctx.services.sync.import_pack(ctx.args.file)
    if ctx.json:
        ctx.emit({"pack_id": res.pack_id, "office_id": res.office_id, "status": res.status,
                  "trusted_on_first_use": res.first_use, "inserted": res.inserted,
                  "updated": res.updated})
        return 0
    if res.status == "duplicate":
        ctx.out(_("Paket sudah diimpor; tidak ada perubahan."))
        return 0
    if res.first_use:
        ctx.out(_("Kunci kantor {office} dipercaya (pemakaian pertama).").format(
            office=res.office_id))
    added = ", ".join(f"{k} +{v}" for k, v in sorted(res.inserted.items())) or "-"
    changed = ", ".join(f"{k} ~{v}" for k, v in sorted(res.updated.items())) or "-"
    ctx.out(_("ditambahkan: {added}; diperbarui: {changed}").format(added=added,
                                                                     changed=changed))
    return 0


@COMMANDS.command("device", "show")
def cmd_device_show(ctx: Any) -> int:
    me = ctx.services.sync.identity()
    if ctx.json:
        ctx.emit({"device_id": me.device_id, "ed25519_public": me.ed25519_public,
                  "x25519_public": me.x25519_public, "created_at": me.created_at,
                  "fingerprint": _fingerprint(me)})
    else:
        ctx.out(_("ID perangkat: {id}").format(id=me.device_id))
        ctx.out(_("Kunci publik (Ed25519): {key}").format(key=me.ed25519_public))
        ctx.out(_("Kunci enkripsi (X25519): {key}").format(key=me.x25519_public))
        ctx.out(_("Sidik jari: {fingerprint}").format(fingerprint=_fingerprint(me)))
    return 0


def _fingerprint(me: Any) -> str:
    import base64

    from assessor_app.bundles.enrolment import fingerprint

    return fingerprint(base64.b64decode(me.ed25519_public), base64.b64decode(me.x25519_public))


def _device_json(d: Any) -> dict[str, Any]:
    return {"device_id": d.device_id, "name": d.name, "ed25519_public": d.ed25519_public,
            "assessor_id": d.assessor_id, "enrolled_at": d.enrolled_at,
            "revoked_at": d.revoked_at, "last_seq": d.last_seq}


@COMMANDS.command("device", "enrol")
def cmd_device_enrol(ctx: Any) -> int:
    svc = ctx.services
    assessor = _find_assessor(svc, ctx.args.assessor) if ctx.args.assessor else None
    d = svc.sync.enrol_device(ctx.args.public_key, ctx.args.name, assessor)
    ctx.result(_device_json(d), f"{d.device_id}  {d.name}  " + _("terdaftar"))
    return 0


@COMMANDS.command("device", "request")
def cmd_device_request(ctx: Any) -> int:
    info = ctx.services.sync.write_enrolment_request(ctx.args.output, ctx.args.name)
    if ctx.json:
        ctx.emit({"path": str(info.path), "device_id": info.device_id,
                  "device_name": info.device_name, "fingerprint": info.fingerprint})
        return 0
    ctx.out(str(info.path))
    ctx.out(_("Sidik jari: {fingerprint} (kantor membandingkannya saat mengimpor)").format(
        fingerprint=info.fingerprint))
    return 0


@COMMANDS.command("device", "enrol-file")
def cmd_device_enrol_file(ctx: Any) -> int:
    svc = ctx.services
    assessor = _find_assessor(svc, ctx.args.assessor) if ctx.args.assessor else None
    res = svc.sync.enrol_from_file(ctx.args.file, ctx.args.name, assessor)
    d = res.device
    if ctx.json:
        ctx.emit({**_device_json(d), "fingerprint": res.fingerprint, "already": res.already,
                  "assessor_matched": res.assessor_matched,
                  "request_assessor": res.assessor_name,
                  "request_registration_no": res.assessor_registration_no})
        return 0
    ctx.out(f"{d.device_id}  {d.name}  " + (_("sudah terdaftar; tidak ada perubahan")
                                            if res.already else _("terdaftar")))
    ctx.out(_("Sidik jari: {fingerprint}: samakan dengan yang tampil di laptop "
              "(mis. lewat telepon)").format(fingerprint=res.fingerprint))
    if not res.assessor_matched and (res.assessor_name or res.assessor_registration_no):
        ctx.out(_("Asesor {name} ({met}) belum ada di daftar kantor; laptop didaftarkan "
                  "tanpa asesor").format(name=res.assessor_name or "-",
                                         met=res.assessor_registration_no or "-"))
    return 0


@COMMANDS.command("device", "revoke")
def cmd_device_revoke(ctx: Any) -> int:
    d = ctx.services.sync.revoke_device(ctx.args.device_id)
    ctx.result(_device_json(d), f"{d.device_id}  {d.name}  "
               + _("dicabut {at}").format(at=d.revoked_at))
    return 0


@COMMANDS.command("device", "reassign")
def cmd_device_reassign(ctx: Any) -> int:
    info = ctx.services.sync.reassign(ctx.args.assessment_id, ctx.args.device_id,
                                      ctx.args.reason)
    ctx.result(info, message("device.reassigned", info, ctx.lang))
    return 0


@COMMANDS.command("device", "list")
def cmd_device_list(ctx: Any) -> int:
    devices = ctx.services.sync.devices()
    if ctx.json:
        ctx.emit([_device_json(d) for d in devices])
        return 0
    for d in devices:
        state = _("dicabut {at}").format(at=d.revoked_at) if d.revoked_at else _("aktif")
        ctx.out(f"{d.device_id}  {d.name:<24} seq {d.last_seq:<6} {state}")
    return 0


@COMMANDS.command("device", "trust-office")
def cmd_device_trust_office(ctx: Any) -> int:
    o = ctx.services.sync.trust_office(ctx.args.ed25519_public, ctx.args.x25519_public,
                                       ctx.args.name)
    ctx.result({"office_id": o.office_id, "name": o.name, "how": o.how},
               f"{o.office_id}  {o.name}  " + _("dipercaya"))
    return 0


@COMMANDS.command("conflicts", "list")
def cmd_conflicts_list(ctx: Any) -> int:
    rows = ctx.services.sync.conflicts(include_resolved=ctx.args.all)
    if ctx.json:
        ctx.emit([{"id": c.id, "assessment_id": c.assessment_id, "revision": c.revision,
                   "reason": c.reason, "stored_revision": c.stored_revision,
                   "device_id": c.device_id, "bundle_id": c.bundle_id,
                   "subject": c.subject_name, "template": c.template_code,
                   "created_at": c.created_at, "resolution": c.resolution} for c in rows])
        return 0
    for c in rows:
        ctx.out(f"{c.id}  {c.assessment_id[:8]} r{c.revision} ({c.reason}, "
                + _("tersimpan r{revision}").format(revision=c.stored_revision) + ")  "
                f"{c.template_code}  {c.subject_name}" + (f"  [{c.resolution}]"
                                                          if c.resolution else ""))
    if not rows:
        ctx.out(_("Tidak ada konflik."))
    return 0


@COMMANDS.command("conflicts", "resolve")
def cmd_conflicts_resolve(ctx: Any) -> int:
    action = "take_incoming" if ctx.args.take else "keep_stored"
    c = ctx.services.sync.resolve_conflict(ctx.args.id, action, ctx.args.note)
    ctx.result({"id": c.id, "resolution": c.resolution, "resolved_at": c.resolved_at},
               f"{c.id}  {c.resolution}")
    return 0
