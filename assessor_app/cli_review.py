"""Sub-commands for the office review status of an assessment.

    assessor-app review set ID --status diterima|perlu_perbaikan|disetujui|ditolak
                               [--comment TEXT] [--reviewer NAME] [--json]
    assessor-app review show ID [--json]
    assessor-app review receipts [-o DIR] [--device ID ...] [--json]

``review receipts`` (office) writes the decisions back to the laptops: per device one
signed receipt (format 3) with the latest decision of each reviewed assessment, into
``DIR`` (default: ``receipts`` in the data folder); the laptop imports it with
``receipt import FILE`` and sees "Perlu perbaikan: <komentar>" on the record.

``ID`` is an assessment id, a revision id or a unique prefix (>= 4 characters). The
reviewer defaults to the profile's name (the ``is_self`` assessor). Exit codes as in
``cli``: 0 ok, 2 bad input (one line saying why), 1 unexpected.
"""

from __future__ import annotations

import argparse
from typing import Any

from assessor_app.cli_commands import Commands, area
from assessor_app.i18n import _
from assessor_app.vocabulary import REVIEW_STATUSES, review_label

COMMANDS = Commands()



def decision_line(status: str, comment: str | None) -> str:
    """``Perlu perbaikan: <komentar>`` (the office's decision as the assessor reads it)."""
    return review_label(status) + (f": {comment}" if comment else "")


def _service(ctx: Any) -> Any:
    return ctx.services.review


def _review_json(r: Any) -> dict[str, Any]:
    return {"seq": r.seq, "revision": r.revision, "revision_id": r.revision_id,
            "status": r.status, "comment": r.comment, "reviewer": r.reviewer,
            "at": r.created_at}


@COMMANDS.command("review", "set")
def cmd_review_set(ctx: Any) -> int:
    from assessor_app.core.errors import InvalidValueError

    args = ctx.args
    services = ctx.services
    row = services.assessments.resolve(args.id)
    reviewer = args.reviewer or services.registry.actor or ""
    if not reviewer.strip():
        raise InvalidValueError("review.reviewer_required")
    review = _service(ctx).set_status(row.assessment_id, args.status, args.comment, reviewer)
    ctx.result({"assessment_id": review.assessment_id, **_review_json(review)},
               f"{review.assessment_id[:8]} r{review.revision}: "
               f"{review_label(review.status)}"
               + (f" — {review.comment}" if review.comment else ""))
    return 0


@COMMANDS.command("review", "show")
def cmd_review_show(ctx: Any) -> int:
    services = ctx.services
    row = services.assessments.resolve(ctx.args.id)
    current = services.assessments.resolve(row.assessment_id)
    history = _service(ctx).history(row.assessment_id)
    latest = history[-1] if history else None
    if ctx.json:
        ctx.emit({"assessment_id": row.assessment_id, "subject": current.subject_name,
                  "template": current.template_code, "revision": current.revision,
                  "assessment_status": current.status,
                  "current": _review_json(latest) if latest else None,
                  "outdated": bool(latest and latest.revision != current.revision),
                  "history": [_review_json(r) for r in history]})
        return 0
    ctx.out(f"{current.subject_name} · {current.template_code} · "
            + _("revisi {revision} ({status})").format(revision=current.revision,
                                                       status=current.status))
    if latest is None:
        ctx.out(_("Belum ditinjau."))
        return 0
    status = review_label(latest.status)
    if latest.revision != current.revision:
        status += " " + _("(untuk revisi {revision})").format(revision=latest.revision)
    ctx.out(_("Status tinjauan: {status}").format(status=status))
    ctx.out(_("Riwayat:"))
    for r in history:
        ctx.out(f"  {r.created_at}  r{r.revision}  {review_label(r.status):<16} "
                f"{r.reviewer}" + (f" — {r.comment}" if r.comment else ""))
    return 0


@COMMANDS.command("review", "receipts")
def cmd_review_receipts(ctx: Any) -> int:
    from pathlib import Path

    services = ctx.services
    folder = Path(ctx.args.output) if ctx.args.output else services.paths.data_dir / "receipts"
    written = services.sync.review_receipts(folder, ctx.args.device or None)
    if ctx.json:
        ctx.emit({"receipts": [{"device_id": w.device_id, "device": w.device_name,
                                "bundle_id": w.bundle_id, "path": str(w.path),
                                "decisions": w.reviews, "perlu_perbaikan": w.needs_fix,
                                "withdrawals": w.withdrawals}
                               for w in written]})
        return 0
    if not written:
        ctx.out(_("Belum ada keputusan tinjauan atau penarikan persetujuan untuk dikirim."))
    for w in written:
        ctx.out(_("{device}: {n} keputusan ({fix} perlu perbaikan), {w} penarikan "
                  "persetujuan -> {path}").format(device=w.device_name, n=w.reviews,
                                                  fix=w.needs_fix, w=w.withdrawals,
                                                  path=w.path))
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    rsub = area(sub, common, "review", _("status tinjauan kantor atas sebuah penilaian"))
    rs = rsub.add_parser("set", parents=[common], help=_("catat keputusan tinjauan"))
    rs.add_argument("id", help=_("id penilaian, id revisi atau awalan yang unik"))
    rs.add_argument("--status", required=True, choices=REVIEW_STATUSES,
                    help=_("diterima, perlu_perbaikan, disetujui atau ditolak"))
    rs.add_argument("--comment", help=_("wajib untuk perlu_perbaikan dan ditolak"))
    rs.add_argument("--reviewer", help=_("bawaan: nama di profil"))
    sh = rsub.add_parser("show", parents=[common],
                         help=_("status tinjauan saat ini dan riwayatnya"))
    sh.add_argument("id", help=_("id penilaian, id revisi atau awalan yang unik"))
    rr = rsub.add_parser("receipts", parents=[common],
                         help=_("tulis keputusan tinjauan kembali ke laptop (tanda terima)"))
    rr.add_argument("-o", "--output",
                    help=_("folder (bawaan: receipts di folder data)"))
    rr.add_argument("--device", action="append",
                    help=_("hanya id perangkat ini (boleh diulang; bawaan: semua perangkat)"))
