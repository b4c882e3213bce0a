"""Sub-commands for reports and verification (report, verify).

    assessor-app report ID -o FILE.pdf [--paper a4|f4] [--lang id|en]
    assessor-app report --visit VISIT_ID --form FR.AK.05 -o FILE.pdf
    assessor-app report --blank CODE -o FILE.pdf
    assessor-app report ID --part soal|kunci|jawaban -o FILE.pdf   (FR.IA.05: question
        sheet, answer key, answer sheet; default the answer sheet, also with --blank)
    assessor-app verify FILE.pdf
    assessor-app verify --code XXXX-XXXX-XXXX-XXXX     (from a printout: what it must show)

``--lang`` is the common option: it sets both the messages and the report language.
``verify`` prints VALID (exit 0) or NOT VALID and why (exit 2); a damaged or foreign file
is a NOT VALID result, never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assessor_app.cli_commands import Commands
from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.messages import (
    describe_paper_check,
    describe_pdf_signature,
    describe_result,
    message,
    paper_line_text,
)

COMMANDS = Commands()


EXIT_OK, EXIT_BAD_INPUT = 0, 2


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    r = sub.add_parser("report", parents=[common],
                       help=_("laporan PDF sebuah penilaian, satu batch (FR.AK.05) atau formulir "
                              "kosong"))
    r.add_argument("id", nargs="?", help=_("id penilaian (atau awalan yang unik)"))
    r.add_argument("--visit",
                   help=_("kunjungan (nomor surat tugas atau id) untuk laporan batch"))
    r.add_argument("--form", default="FR.AK.05",
                   help=_("formulir batch (bawaan FR.AK.05)"))
    r.add_argument("--blank", metavar="CODE",
                   help=_("formulir kosong siap cetak dari sebuah templat"))
    r.add_argument("--all", action="store_true",
                   help=_("dengan --visit: setiap rekaman final kunjungan itu, satu PDF "
                          "masing-masing, di folder baru di dalam -o FOLDER"))
    r.add_argument("-o", "--output", type=Path, required=True,
                   help=_("berkas PDF yang ditulis (sebuah folder dengan --visit --all)"))
    r.add_argument("--paper", choices=("a4", "f4"), default="a4",
                   help=_("ukuran kertas (bawaan a4)"))
    r.add_argument("--part", choices=("soal", "kunci", "jawaban"), default=None,
                   help=_("lembar dari formulir yang dicetak dalam beberapa lembar "
                          "(FR.IA.05: soal = pertanyaan, kunci = kunci jawaban untuk asesor, "
                          "jawaban = lembar jawaban, bawaannya)"))
    v = sub.add_parser("verify", parents=[common],
                       help=_("periksa bahwa laporan PDF adalah asli yang tidak berubah, atau "
                              "cari kode verifikasi yang tercetak di kertas"))
    v.add_argument("file", type=Path, nargs="?")
    v.add_argument("--code", help=_("kode verifikasi yang tercetak di laporan"))


def _service(ctx: Any) -> Any:
    return ctx.services.reports


@COMMANDS.command("report")
def cmd_report(ctx: Any) -> int:
    args = ctx.args
    chosen = [x for x in (args.id, args.visit, args.blank) if x]
    if len(chosen) != 1:
        raise AppError("report.which")
    svc = _service(ctx)
    lang = ctx.lang if ctx.lang in ("id", "en") else "id"
    if args.part is not None and args.visit:  # a batch report is one sheet
        raise AppError("report.bad_part", form=args.form, part=args.part, allowed="-")
    if args.all:
        if not args.visit:
            raise AppError("report.which")
        files = svc.save_visit(args.visit, args.output, paper=args.paper, lang=lang)
        if ctx.json:
            ctx.emit({"folder": str(files[0].parent), "files": [str(f) for f in files]})
        else:
            ctx.out(message("report.visit_saved", {"n": len(files),
                                                   "folder": files[0].parent}, ctx.lang))
        return EXIT_OK
    svc.check_target(args.output)  # /dev/full, a FIFO, a folder: refused before rendering
    if args.blank:
        pdf = svc.render_blank(args.blank, paper=args.paper, lang=lang, part=args.part)
        kind = "blank"
    elif args.visit:
        pdf = svc.render_batch(args.visit, args.form, paper=args.paper, lang=lang)
        kind = "batch"
    else:
        pdf = svc.render_assessment(args.id, paper=args.paper, lang=lang, part=args.part)
        kind = "assessment"
    saved = svc.save(pdf, args.output)
    row = saved.report
    payload = {"file": str(saved.path), "kind": row.kind or kind, "pages": saved.pages,
               "paper": row.paper, "lang": row.lang,
               "verification_code": saved.verification_code, "pdf_sha256": saved.pdf_sha256,
               "report_id": row.id, "content_sha256": row.content_sha256,
               "part": args.part}
    if row.revision_id:
        detail = ctx.services.assessments.resolve(row.revision_id)
        payload.update(assessment_id=detail.assessment_id, revision=detail.revision,
                       status=detail.status)
    if ctx.json:
        ctx.emit(payload)
    else:
        ctx.out(message("report.saved", {"file": saved.path, "pages": saved.pages,
                                         "code": saved.verification_code}, ctx.lang))
        if payload.get("status") == "draft":
            ctx.out(message("report.saved_draft", {}, ctx.lang))
    return EXIT_OK


@COMMANDS.command("verify")
def cmd_verify(ctx: Any) -> int:
    from assessor_app.services.reports import VerifyResult

    if (ctx.args.file is None) == (ctx.args.code is None):
        raise AppError("verify.which")
    if ctx.args.code is not None:
        return _verify_code(ctx)
    result: VerifyResult = _service(ctx).verify(ctx.args.file)
    text = describe_result(result, ctx.lang)
    if ctx.json:
        ctx.emit({**result.as_dict(), "file": str(ctx.args.file), "message": text})
    else:
        ctx.out(("VALID" if result.valid else "NOT VALID") + " — " + text)
        if result.assessment_id is not None and result.reason_code not in (
                "unknown_record", "no_payload", "not_pdf"):
            ctx.out(describe_pdf_signature(result.pdf_signature, ctx.lang))
    return EXIT_OK if result.valid else EXIT_BAD_INPUT


def _verify_code(ctx: Any) -> int:
    check = _service(ctx).verify_code(ctx.args.code, ctx.lang)
    text = describe_paper_check(check, ctx.lang)
    if ctx.json:
        ctx.emit({**check.as_dict(), "message": text})
        return EXIT_OK if check.valid else EXIT_BAD_INPUT
    ctx.out(("VALID" if check.valid else "NOT VALID") + " — " + text)
    if check.lines:
        ctx.out(message("verify.compare_lines", {}, ctx.lang))
        for line in check.lines:
            label, value = paper_line_text(line, ctx.lang)
            ctx.out(f"  {label}: {value}")
    return EXIT_OK if check.valid else EXIT_BAD_INPUT
