"""Sub-commands for the BNSP certification event of a visit (MUK 2023 instruments).

    assessor-app event status VISIT [--scheme REF] [--json]
    assessor-app event start VISIT FORM [--asesi REF] [--scheme REF] [--json]
    assessor-app event fill-batch ID [--json]

``VISIT`` is a visit id or letter number; ``FORM`` a MUK form code (FR.APL.01 ...
FR.AK.05); ``--asesi`` an asesi id or name; ``--scheme`` a scheme number or code (default:
the visit's scheme). ``status`` shows each asesi's instruments, the KUK still open, the
FR.AK.02 proposal and decision per unit, and what is missing before the day can be
closed (exit code 0 when it can close, 3 when something is missing). Exit codes as in
``cli``: 2 bad input (one line saying why), 1 unexpected.
"""

from __future__ import annotations

import argparse
from typing import Any

from assessor_app.cli_commands import Commands, area
from assessor_app.i18n import _
from assessor_app.messages import message
from assessor_app.vocabulary import state_word, verdict_word

COMMANDS = Commands()


EXIT_INCOMPLETE = 3


@COMMANDS.command("event", "status")
def cmd_event_status(ctx: Any) -> int:
    args = ctx.args
    event = ctx.services.certification.status(args.visit, args.scheme)
    missing = [message(m.code, m.args()) for m in event.missing]
    if ctx.json:
        ctx.emit({
            "visit_id": event.visit_id,
            "scheme": {"number": event.scheme.number, "title": event.scheme.title,
                       "code": event.scheme.slug},
            "asesi": [{
                "assessee_id": p.assessee_id, "name": p.name, "decision": p.decision,
                "steps": [{"form": s.form, "template": s.template_code,
                           "revision_id": s.revision_id, "status": s.status,
                           "verdict": s.verdict} for s in p.steps],
                "units": [{"code": u.code, "title": u.title, "proposal": u.proposal,
                           "decision": u.decision, "achieved": list(u.achieved),
                           "open": list(u.open), "evidence": list(u.evidence),
                           "ask": list(u.ask)}
                          for u in p.units],
                "missing": [message(m.code, {"asesi": p.name, **m.args()})
                            for m in p.missing],
            } for p in event.asesi],
            "batch": {"form": event.batch.form, "revision_id": event.batch.revision_id,
                      "status": event.batch.status},
            "missing": missing, "can_close": event.can_close,
        })
        return 0 if event.can_close else EXIT_INCOMPLETE
    ctx.out(f"{event.scheme.number} · {event.scheme.title}")
    for p in event.asesi:
        ctx.out("")
        ctx.out(f"{p.name}: " + _("keputusan {verdict}").format(
            verdict=verdict_word(p.decision)))
        for s in p.steps:
            line = f"  {s.form:<15} {state_word(s.status)}"
            if s.verdict:
                line += f" · {verdict_word(s.verdict)}"
            ctx.out(line)
        for u in p.units:
            line = "  " + _("unit {code}: usulan {proposal}, keputusan {decision}").format(
                code=u.code, proposal=verdict_word(u.proposal),
                decision=verdict_word(u.decision))
            ctx.out(line)
            if u.open and u.proposal is not None:
                line = "    " + _("KUK belum tercapai: {kuk}").format(kuk=", ".join(u.open))
                if u.ask:
                    line += " — " + _("tanyakan pada {forms}").format(forms=", ".join(u.ask))
                ctx.out(line)
    ctx.out("")
    ctx.out(_("FR.AK.05: {status}").format(status=state_word(event.batch.status)))
    if event.can_close:
        ctx.out(_("Semua lengkap: hari asesmen dapat ditutup."))
        return 0
    ctx.out(_("Belum dapat ditutup:"))
    for line in missing:
        ctx.out(f"  - {line}")
    return EXIT_INCOMPLETE


@COMMANDS.command("event", "start")
def cmd_event_start(ctx: Any) -> int:
    args = ctx.args
    row = ctx.services.certification.start(args.visit, args.form, args.asesi,
                                           scheme_ref=args.scheme)
    ctx.result({"id": row.id, "assessment_id": row.assessment_id,
                "template": row.template_code, "subject": row.subject_name},
               _("{form} dimulai: {id} ({subject})").format(
                   form=args.form.upper(), id=row.assessment_id, subject=row.subject_name))
    return 0


@COMMANDS.command("event", "fill-batch")
def cmd_event_fill_batch(ctx: Any) -> int:
    row = ctx.services.assessments.resolve(ctx.args.id)
    count = ctx.services.certification.fill_batch(row.id)
    return int(ctx.result({"id": row.id, "rows": count},
                          _("FR.AK.05 diisi dari keputusan FR.AK.02: {n} asesi").format(
                              n=count)))


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    esub = area(sub, common, "event",
                _("acara sertifikasi BNSP sebuah kunjungan (instrumen MUK 2023)"))
    st = esub.add_parser("status", parents=[common],
                         help=_("instrumen tiap asesi, KUK yang terbuka, usulan AK.02, yang "
                                "masih kurang (kode keluar 3 selama hari belum dapat "
                                "ditutup)"))
    st.add_argument("visit", help=_("id kunjungan atau nomor surat"))
    st.add_argument("--scheme",
                    help=_("nomor atau kode skema (bawaan: skema kunjungan)"))
    sa = esub.add_parser("start", parents=[common],
                         help=_("mulai instrumen dari skema kunjungan untuk seorang asesi"))
    sa.add_argument("visit", help=_("id kunjungan atau nomor surat"))
    sa.add_argument("form", help="FR.APL.01, FR.APL.02, FR.AK.01, FR.IA.01 ... FR.AK.05")
    sa.add_argument("--asesi", help=_("id atau nama asesi (tidak untuk FR.AK.05/06, MAPA)"))
    sa.add_argument("--scheme",
                    help=_("nomor atau kode skema (bawaan: skema kunjungan)"))
    fb = esub.add_parser("fill-batch", parents=[common],
                         help=_("isi ulang draf FR.AK.05 dari keputusan FR.AK.02 yang sudah "
                                "ditandatangani"))
    fb.add_argument("id", help=_("id penilaian FR.AK.05"))
