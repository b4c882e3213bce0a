"""Command line: ``assessor-app`` opens the GUI; sub-commands work headless.

Exit codes: 0 success, 2 bad input (one line saying why), 1 unexpected failure.
Every sub-command accepts ``--json`` and ``--data-dir``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assessor_app import APP_NAME, __version__
from assessor_app.cli_commands import Commands, area
from assessor_app.cli_parser import Parser, argparse_speaks_ours, cli_language
from assessor_app.core.display import display_text, escape_json
from assessor_app.core.errors import AppError, TemplateError
from assessor_app.i18n import _, current_language, normalise_lang, set_language
from assessor_app.messages import describe, describe_issue, message

log = logging.getLogger(__name__)

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2


COMMANDS = Commands()  # this module's handlers (the areas' are in their modules)


class CliContext:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.json: bool = bool(getattr(args, "json", False))
        self.lang: str = normalise_lang(getattr(args, "lang", None) or current_language())
        self._services: Any = None
        self._key: bytes | None = None
        self._key_known = False

    def _database_url(self) -> str | None:
        return getattr(self.args, "database_url", None) \
            or os.environ.get("ASSESSOR_DATABASE_URL") or None

    @property
    def key(self) -> bytes | None:
        """The database key of the data folder (asked once: the OS keyring,
        ASSESSOR_PASSPHRASE_FILE, else the terminal; ``key.needed`` without any). A new
        data folder is only created once the key is there (``create_key``): a refused
        start creates nothing."""
        if not self._key_known:
            from assessor_app.cli_keys import cli_ask
            from assessor_app.paths import resolve_paths
            from assessor_app.services.keys import database_key

            paths = resolve_paths(self.args.data_dir).check()
            self._key = database_key(paths, cli_ask())
            self._key_known = True
        return self._key

    def out(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def emit(self, payload: Any) -> None:
        # lossless: C1 controls and bidi overrides in data become \uXXXX escapes
        self.out(escape_json(json.dumps(payload, ensure_ascii=False, indent=2, default=str)))

    def result(self, payload: Any, text: str) -> int:
        """A command's result: ``payload`` as JSON with ``--json``, else ``text``."""
        if self.json:
            self.emit(payload)
        else:
            self.out(text)
        return EXIT_OK

    def listing(self, rows: Sequence[Any], as_json: Callable[[Any], Any],
                as_line: Callable[[Any], str]) -> int:
        """A list command's result: the rows as JSON with ``--json``, else one line a row
        and the count."""
        if self.json:
            self.emit([as_json(r) for r in rows])
            return EXIT_OK
        for r in rows:
            self.out(as_line(r))
        self.out(f"({len(rows)})")
        return EXIT_OK

    @property
    def services(self) -> Any:
        if self._services is None:
            from assessor_app.paths import resolve_paths
            from assessor_app.services.runtime import open_services

            url = self._database_url()
            from assessor_app.cli_keys import cli_ask

            self._services = open_services(resolve_paths(self.args.data_dir),
                                           database_url=url,
                                           key=None if url else self.key,
                                           server_ask=cli_ask() if url else None)
        return self._services

    def close(self, clean: bool = True) -> None:
        if self._services is not None:
            self._services.close(clean=clean)
            self._services = None


class SafeStream:
    """A text stream that shows data safely (:func:`assessor_app.core.display.display_text`):
    every sub-command writes through it, so a terminal escape or a bidi override stored in
    a name, an answer or a file name is printed as U+FFFD, never acted on."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(display_text(text)))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, encoding, isatty, ...
        return getattr(self.stream, name)


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; its help texts in the current language (build it inside
    :func:`~assessor_app.cli_parser.argparse_speaks_ours` so that argparse's own words are
    too)."""
    common = Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help=_("folder data (bawaan: ASSESSOR_DATA_DIR atau folder bawaan "
                               "sistem operasi)"))
    common.add_argument("--database-url", default=argparse.SUPPRESS, metavar="URL",
                        help=_("basis data server kantor, postgresql+psycopg://user@host/name "
                               "(bawaan: ASSESSOR_DATABASE_URL, selain itu SQLite di folder "
                               "data)"))
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("keluaran untuk dibaca mesin"))
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=_("bahasa pesan (bawaan id)"))

    p = Parser(prog=APP_NAME, parents=[common],
               description=_("Asesor Lapangan: perangkat penilaian luring untuk kunjungan "
                             "BLK/LPK dan asesmen kompetensi BNSP."))
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                   help=_("tampilkan nomor versi program lalu keluar"))
    p.add_argument("--demo", action="store_true",
                   help=_("isi data demo, lalu buka tampilan grafis"))
    p.add_argument("--self-test", action="store_true",
                   help=_("periksa seluruh rantai di folder sementara lalu keluar (0 = baik)"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    tsub = area(sub, common, "templates", _("templat daftar periksa"))
    tv = tsub.add_parser("validate", parents=[common], help=_("periksa berkas templat"))
    tv.add_argument("paths", nargs="+", type=Path)
    tsub.add_parser("list", parents=[common], help=_("templat yang terpasang"))
    ti = tsub.add_parser("install", parents=[common],
                         help=_("periksa berkas templat, salin ke folder data dan pasang "
                                "(tetap ada setelah aplikasi dibuka lagi, ikut dikirim dalam "
                                "paket tugas)"))
    ti.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    tim = tsub.add_parser("import", parents=[common],
                          help=_("baca buku kerja XLSForm (.xlsx) dan pasang sebagai templat "
                                 "(seperti install; yang tidak dapat dinyatakan templat "
                                 "didaftar per sel)"))
    tim.add_argument("paths", nargs="+", type=Path, metavar="FORM.xlsx")
    tex = tsub.add_parser("export", parents=[common],
                          help=_("tulis templat yang terpasang sebagai buku kerja XLSForm"))
    tex.add_argument("template", metavar="CODE", help=_("kode, kode@versi atau id"))
    tex.add_argument("-o", "--output", type=Path, required=True, metavar="FORM.xlsx")
    tg = tsub.add_parser("generate", parents=[common],
                         help=_("buat templat kompetensi dari data skema"))
    tg.add_argument("scheme", type=Path)
    tg.add_argument("--form", default="FR.IA.01")
    tg.add_argument("-o", "--output", type=Path, required=True)

    sub.add_parser("demo", parents=[common],
                   help=_("isi data demo yang realistis (aman diulang)"))

    asub = area(sub, common, "assessments", _("penilaian"))
    al = asub.add_parser("list", parents=[common], help=_("daftar penilaian"))
    al.add_argument("--status", choices=("draft", "complete", "signed", "locked"))
    al.add_argument("--template")
    al.add_argument("--institution")
    al.add_argument("--search", default="")
    al.add_argument("--all-revisions", action="store_true")
    al.add_argument("--limit", type=int, default=200)
    ash = asub.add_parser("show", parents=[common],
                          help=_("jawaban, skor, keputusan, status"))
    ash.add_argument("id")
    an = asub.add_parser("new", parents=[common], help=_("mulai penilaian"))
    an.add_argument("--template", required=True)
    an.add_argument("--subject", required=True,
                    help=_("lembaga atau asesi: nama, NIK atau id"))
    an.add_argument("--visit", help=_("kunjungan: nomor surat tugas atau id"))
    aa = asub.add_parser("answer", parents=[common],
                         help=_("simpan jawaban (NAMA=NILAI; NAMA[BARIS]=NILAI di dalam "
                                "tabel)"))
    aa.add_argument("id")
    aa.add_argument("assignments", nargs="+")
    af = asub.add_parser("finalise", parents=[common],
                         help=_("finalisasi (mendaftar yang masih kurang)"))
    af.add_argument("id")
    asg = asub.add_parser("sign", parents=[common],
                          help=_("tanda tangani penilaian yang sudah final"))
    asg.add_argument("id")
    asg.add_argument("--role", required=True)
    asg.add_argument("--name", required=True,
                     help=_("nama penanda tangan (peran asesi: nama asesi penilaian ini, "
                            "atau orang tua/wali asesi yang belum dewasa)"))
    asg.add_argument("--image", type=Path, required=True,
                     help=_("PNG tanda tangan yang digambar"))
    asg.add_argument("--reg", help=_("nomor registrasi (asesor: MET...)"))
    asg.add_argument("--place")
    asg.add_argument("--timezone", choices=("WIB", "WITA", "WIT"), default="WIB")
    ar = asub.add_parser("revise", parents=[common],
                         help=_("revisi baru dari penilaian yang terkunci"))
    ar.add_argument("id")
    ar.add_argument("--reason", required=True)
    ad = asub.add_parser("delete", parents=[common],
                         help=_("hapus draf (draf revisi mengembalikan rekaman ke revisi "
                                "sebelumnya)"))
    ad.add_argument("id")
    ao = asub.add_parser("reopen", parents=[common],
                         help=_("jadikan draf lagi penilaian final yang belum ditandatangani "
                                "siapa pun"))
    ao.add_argument("id")
    aat = asub.add_parser("attach", parents=[common],
                          help=_("lampirkan foto (JPEG/PNG) atau PDF sebagai bukti sebuah butir "
                                 "(ditangani di cli_registry)"))
    aat.add_argument("id", help=_("id penilaian atau awalan yang unik"))
    aat.add_argument("item", help=_("nama butir; NAMA[BARIS] di dalam tabel"))
    aat.add_argument("file", type=Path)
    aat.add_argument("--caption")

    for module in _extensions():
        module.add_parsers(sub, common)

    sub.add_parser("check", parents=[common], help=_("integritas dan status cadangan"))
    sub.add_parser("backup", parents=[common],
                   help=_("buat cadangan terverifikasi sekarang"))
    r = sub.add_parser("restore", parents=[common],
                       help=_("pulihkan cadangan (aplikasi harus ditutup)"))
    r.add_argument("file", type=Path)
    return p


# ------------------------------------------------------------------ commands


@COMMANDS.command("templates", "validate")
def cmd_templates_validate(ctx: CliContext) -> int:
    from assessor_app.services.templates import TemplateService

    svc = TemplateService(engine=None)
    results = svc.validate(ctx.args.paths)
    if not results:
        raise AppError("file.not_found", path=" ".join(str(p) for p in ctx.args.paths))
    bad = [r for r in results if r.error is not None]
    if ctx.json:
        ctx.emit([{"file": str(r.path), "valid": r.error is None,
                   "code": r.template.code if r.template else None,
                   "errors": _issues_json(r.error, ctx.lang) if r.error else [],
                   "warnings": [{"line": w.line, **({"cell": w.cell} if w.cell else {}),
                                 "code": w.code,
                                 "message": message(w.code, w.params, ctx.lang)}
                                for w in r.warnings]}
                  for r in results])
    else:
        for r in results:
            if r.template is not None:
                ctx.out(f"OK  {r.path}  ({r.template.code} {r.template.version})")
                # a warning, not an error: the template is valid and installs
                for w in r.warnings:
                    words = _("peringatan: {detail}").format(
                        detail=message(w.code, w.params, ctx.lang))
                    where = w.location() if w.cell else f"{w.file}:{w.line}"
                    sys.stderr.write(f"{where}: {words}\n")
            else:
                assert r.error is not None
                for issue in r.error.issues:
                    sys.stderr.write(describe_issue(issue, ctx.lang) + "\n")
    return EXIT_BAD_INPUT if bad else EXIT_OK


@COMMANDS.command("templates", "list")
def cmd_templates_list(ctx: CliContext) -> int:
    from assessor_app.vocabulary import template_kind_label

    rows = ctx.services.templates.latest()
    if ctx.json:
        ctx.emit([{"code": r.code, "version": r.version, "kind": r.kind, "subject": r.subject,
                   "title": r.title_en if ctx.lang == "en" and r.title_en else r.title,
                   "id": r.id} for r in rows])
    else:
        for r in rows:
            title = r.title_en if ctx.lang == "en" and r.title_en else r.title
            ctx.out(f"{r.code:<28} {r.version:<8} {template_kind_label(r.kind):<17} {title}")
    for res in ctx.services.template_results:
        if res.error is not None:
            sys.stderr.write(f"{res.path}: {describe(res.error, ctx.lang)}\n")
    return EXIT_OK


def _issues_json(error: TemplateError, lang: str) -> list[dict[str, Any]]:
    return [{"file": i.file, "line": i.line, "col": i.col, "code": i.code,
             "message": message(i.code, i.params, lang)} for i in error.issues]


@COMMANDS.command("templates", "install")
def cmd_templates_install(ctx: CliContext) -> int:
    try:
        done = ctx.services.templates.install_files(ctx.args.paths)
    except TemplateError as exc:  # every file:line problem first, then the summary line
        if ctx.json:
            ctx.emit({"installed": [], "errors": _issues_json(exc, ctx.lang)})
        else:
            for issue in exc.issues:
                sys.stderr.write(describe_issue(issue, ctx.lang) + "\n")
        raise
    if ctx.json:
        ctx.emit({"installed": [{"file": d.source, "code": d.template.code,
                                 "version": d.template.version, "id": d.template.id,
                                 "new": d.installed, "copy": d.file,
                                 **({"warnings": [
                                     {"cell": w.location(), "code": w.code,
                                      "message": message(w.code, w.params, ctx.lang)}
                                     for w in d.warnings]} if d.warnings else {})}
                                for d in done],
                  "errors": []})
        return EXIT_OK
    for d in done:
        for w in d.warnings:  # installed all the same: what was left out, long texts
            words = _("peringatan: {detail}").format(detail=message(w.code, w.params, ctx.lang))
            sys.stderr.write(f"{w.location()}: {words}\n")
        if d.installed:
            ctx.out(_("terpasang  {code} {version}  ({file})").format(
                code=d.template.code, version=d.template.version, file=d.file))
        else:
            ctx.out(_("sudah terpasang  {code} {version}").format(
                code=d.template.code, version=d.template.version))
    return EXIT_OK


@COMMANDS.command("templates", "import")
def cmd_templates_import(ctx: CliContext) -> int:
    from assessor_app.core.xlsform import SUFFIXES

    for path in ctx.args.paths:
        if path.suffix.lower() not in SUFFIXES:
            raise AppError("xlsform.invalid", reason=f"{path.name}: .xlsx")
    return cmd_templates_install(ctx)


@COMMANDS.command("templates", "export")
def cmd_templates_export(ctx: CliContext) -> int:
    from assessor_app.core.xlsform import write_xlsform

    row = ctx.services.templates.find(ctx.args.template)
    template = ctx.services.templates.get(row.id)
    write_xlsform(template, ctx.args.output)
    return ctx.result({"file": str(ctx.args.output), "code": template.code,
                       "version": template.version},
                      f"{ctx.args.output}: {template.code} {template.version}")


@COMMANDS.command("templates", "generate")
def cmd_templates_generate(ctx: CliContext) -> int:
    from assessor_app.core.competency import load_scheme
    from assessor_app.core.muk import generate_template
    from assessor_app.core.template_loader import load_template_text
    from assessor_app.fileio import atomic_write_bytes, check_output_path

    check_output_path(ctx.args.output)  # a device, FIFO or folder: refused before any work
    scheme = load_scheme(ctx.args.scheme)
    text = generate_template(scheme, ctx.args.form)
    template = load_template_text(text, str(ctx.args.output))  # never write an invalid one
    atomic_write_bytes(ctx.args.output, text.encode("utf-8"))
    kuk = sum(1 for it in template.walk_items() if it.kuk)
    return ctx.result({"file": str(ctx.args.output), "code": template.code, "kuk": kuk},
                      f"{ctx.args.output}: {template.code} {template.version}, {kuk} KUK")


@COMMANDS.command("demo")
def cmd_demo(ctx: CliContext) -> int:
    from assessor_app.services.demo import seed_demo

    report = seed_demo(ctx.services)
    if ctx.json:
        ctx.emit({"created": report.created, "already_present": bool(report.skipped)})
    elif report.skipped:
        ctx.out(_("Data demo sudah ada; tidak ada yang ditambahkan."))
    else:
        for line in report.created:
            ctx.out(f"+ {line}")
    return EXIT_OK


def _summary(row: Any, shown: Any) -> dict[str, Any]:
    """A revision for ``--json``; ``shown`` is its :class:`~assessor_app.formatting.Outcome`
    (a competency record has no percentage, only K/BK/OL and, for an instrument, the KUK
    achieved out of total)."""
    return {"id": row.assessment_id, "revision": row.revision, "revision_id": row.id,
            "template": row.template_code, "kind": shown.kind, "subject": row.subject_name,
            "status": row.status, "score_percent": shown.percent, "verdict": shown.verdict,
            "kuk_achieved": shown.kuk_achieved, "kuk_total": shown.kuk_total,
            "updated_at": row.updated_at}


@COMMANDS.command("assessments", "list")
def cmd_assessments_list(ctx: CliContext) -> int:
    from assessor_app.core.template import RECOMMENDATION_VERDICTS
    from assessor_app.formatting import verdict_label
    from assessor_app.services.assessments import ListFilter
    from assessor_app.vocabulary import status_labels

    svc = ctx.services
    inst_id = None
    if ctx.args.institution:
        inst_id = svc.registry.find_institution(ctx.args.institution).id
    flt = ListFilter(search=ctx.args.search, status=ctx.args.status,
                     template_code=ctx.args.template, institution_id=inst_id,
                     current_only=not ctx.args.all_revisions, limit=ctx.args.limit)
    rows = svc.assessments.list(flt)
    shown = [svc.assessments.outcome(r) for r in rows]
    if ctx.json:
        ctx.emit({"total": svc.assessments.count(flt),
                  "items": [_summary(r, o) for r, o in zip(rows, shown, strict=True)]})
        return EXIT_OK
    statuses = status_labels()
    table: list[tuple[str, ...]] = []
    for r, o in zip(rows, shown, strict=True):
        if o.kuk_total is not None:
            score = f"{o.kuk_achieved}/{o.kuk_total} KUK"
        elif isinstance(o.percent, int | float):
            from assessor_app.formatting import percent_number

            score = percent_number(o.percent, ctx.lang)
        else:
            score = "-" if o.percent is None else "?"
        verdict = o.verdict or "-"
        if verdict in RECOMMENDATION_VERDICTS:  # the verifier's words, not a code
            verdict = verdict_label(verdict)
        table.append((r.assessment_id[:8], f"r{r.revision}", statuses.get(r.status, r.status),
                      r.template_code, score, verdict, r.subject_name or ""))
    if table:  # the same words as the window's list; the status in words, not its code
        head = ("ID", _("Revisi"), _("Status"), _("Templat"), _("Nilai"), _("Hasil"),
                _("Subjek"))
        widths = [max(len(line[i]) for line in (head, *table)) for i in range(6)]
        for line in (head, *table):
            cells = [cell.rjust(w) if i == 4 else cell.ljust(w)
                     for i, (cell, w) in enumerate(zip(line, widths, strict=False))]
            ctx.out("  ".join([*cells, line[6]]).rstrip())
    ctx.out(f"({svc.assessments.count(flt)})")
    return EXIT_OK


def _detail_payload(detail: Any, lang: str) -> dict[str, Any]:
    from assessor_app.core.template import ItemType
    from assessor_app.formatting import outcome, photo_taken

    t = detail.template
    st = detail.state
    items = []
    for item in t.walk_items():
        if item.type in (ItemType.NOTE, ItemType.REPEAT):
            continue
        for row in st.rows_of(item):
            entry: dict[str, Any] = {"name": item.name, "label": item.label.get(lang),
                                     "value": st.value(item.name, row),
                                     "relevant": st.item_relevant(item.name, row)}
            if row:
                entry["row"] = st.answers.rows[t.repeat_of(item.name).name].index(row) + 1
            note = detail.answers.notes.get((item.name, row))
            if note:
                entry["note"] = note
            items.append(entry)
    sc = detail.score
    row = detail.row
    shown = outcome(t, sc, stored=row.status != "draft", percent=row.score_percent,
                    verdict=row.verdict)
    live = outcome(t, sc)  # what the answers say now (a draft has nothing stored yet)
    competency = live.competency  # no percentage, points, pass mark or grade: K/BK/OL only
    return {
        **_summary(row, shown),
        "template_version": t.version,
        "supersedes": row.supersedes, "revision_reason": row.revision_reason,
        "content_sha256": row.content_sha256,
        "score": {"percent": live.percent,
                  "points": None if competency else sc.points,
                  "possible": None if competency else sc.possible,
                  "passed": live.passed, "grade": live.grade,
                  # a pass mark and grades without a cited source are the app's own
                  "official": t.scoring.official,
                  "recommendation": sc.recommendation,
                  "app_count": None if competency else {
                      "met": sc.met, "not_met": sc.not_met, "not_applicable": sc.not_applicable},
                  "verdict": live.verdict, "kuk_achieved": live.kuk_achieved,
                  "kuk_total": live.kuk_total,
                  "critical_failures": list(sc.critical_failures),
                  "failed_sections": [] if competency else list(sc.failed_sections),
                  "sections": [{"name": s.name, "title": s.title.get(lang),
                                "percent": None if competency else s.percent,
                                "passed": None if competency else s.passed,
                                "requirement": s.requirement,
                                "kuk_answered": s.kuk_answered if s.kuk_total else None,
                                "kuk_achieved": s.kuk_achieved if s.kuk_total else None,
                                "kuk_total": s.kuk_total or None}
                               for s in sc.sections],
                  "competency": sc.competency,
                  "units": [{"code": u.code, "title": u.title.get(lang), "verdict": u.verdict,
                             "achieved": u.achieved, "total": u.total} for u in sc.units],
                  "not_achieved": [{"unit": k.unit_code, "element": k.element_no,
                                    "kuk": k.kuk_no, "text": k.kuk_text.get(lang)}
                                   for k in sc.not_achieved]},
        "signatures": [{"role": s.role, "name": s.signer_name, "registration_no":
                        s.registration_no, "signed_at": s.signed_at, "valid": s.valid}
                       for s in detail.signatures],
        "missing_signers": detail.missing_signers,
        "issues": [{"kind": i.kind, "item": i.item, "label": i.label.get(lang),
                    **({"message": m} if (m := _issue_message(i, lang)) else {})}
                   for i in st.issues()],
        "evidence": [{"id": e.id, "item": e.item, "row": _row_number(detail, e.item, e.row),
                      "sha256": e.media_sha256, "mime": e.mime, "size": e.size,
                      "file": e.original_name, "caption": e.caption,
                      "taken_at": e.taken_at, "latitude": e.latitude, "longitude": e.longitude,
                      "taken": photo_taken(e.taken_at, e.latitude, e.longitude,
                                           detail.visit.timezone if detail.visit else "WIB",
                                           lang)}
                     for e in detail.evidence],
        "history": [{"revision": h.revision, "status": h.status, "reason": h.revision_reason,
                     "current": h.is_current} for h in detail.history],
        "answers": items,
    }


def _role_word(template: Any, role: str, lang: str) -> str:
    """A signer's role as the form prints it ("Pimpinan LPK"), not its code."""
    return next((s.label.get(lang) for s in template.signers if s.role == role), role)


def _row_number(detail: Any, item: str, row: str) -> int | None:
    """The 1-based number of table row ``row`` of ``item`` (None outside a table)."""
    owner = detail.template.repeat_of(item) if row else None
    rows = detail.answers.rows.get(owner.name, []) if owner is not None else []
    return rows.index(row) + 1 if row in rows else None


@COMMANDS.command("assessments", "show")
def cmd_assessments_show(ctx: CliContext) -> int:
    from assessor_app.core.template import ItemType, VerdictMode
    from assessor_app.formatting import app_count_text, moment, outcome, percent_number
    from assessor_app.vocabulary import status_label

    detail = ctx.services.assessments.detail(ctx.args.id)
    payload = _detail_payload(detail, ctx.lang)
    ctx.services.audit.log_access("view", "assessment", detail.row.assessment_id,
                                  field=f"r{detail.row.revision}",
                                  detail=detail.row.template_code)
    decision = ctx.services.feedback.latest(detail.row.assessment_id)
    payload["office_review"] = None if decision is None else {
        "revision": decision.revision, "status": decision.status,
        "comment": decision.comment, "reviewer": decision.reviewer,
        "at": decision.decided_at,
        "open": decision.open_for(detail.row.revision, detail.row.received_at)}
    if ctx.json:
        ctx.emit(payload)
        return EXIT_OK
    t = detail.template
    if detail.integrity is not None and not detail.integrity.ok:
        ctx.out(message("report.damaged", {"aid": detail.row.assessment_id[:8],
                                           "rev": detail.row.revision,
                                           "problems": ", ".join(detail.integrity.problems)},
                        ctx.lang))
    ctx.out(f"{t.title.get(ctx.lang)}  [{t.code} {t.version}]")
    ctx.out(_("Subjek: {subject}").format(subject=payload["subject"]))
    ctx.out(_("ID: {id}  revisi {revision}  status: {status}").format(
        id=payload["id"], revision=payload["revision"],
        status=f"{status_label(payload['status'])} ({payload['status']})"))
    if detail.row.revision_reason:
        ctx.out(_("Alasan revisi: {reason}").format(reason=detail.row.revision_reason))
    if decision is not None:
        from assessor_app.cli_review import decision_line

        ctx.out(_("Tinjauan kantor (revisi {revision}, {reviewer}): {decision}").format(
            revision=decision.revision, reviewer=decision.reviewer,
            decision=decision_line(decision.status, decision.comment)))
    sc = payload["score"]
    live = outcome(t, detail.score)
    if live.competency:  # K / BK / OL and KUK counts; never a percentage or "lulus"
        if live.summary():
            ctx.out(live.summary())
        for u in sc["units"]:
            count = f"  ({u['achieved']}/{u['total']} KUK)" if live.instrument else ""
            ctx.out(f"  {u['code']}  {u['verdict'] or '?'}{count}  {u['title']}")
    elif t.verdict is not VerdictMode.SCORE:  # JKP, KMPI: no percentage, pass mark or grade
        if live.has_result:
            ctx.out(live.headline())
        for req in detail.score.sections:
            if req.critical_total:  # a requirement: Memenuhi / Belum memenuhi
                word = {"met": _("Memenuhi"), "not_met": _("Belum memenuhi")}.get(
                    req.requirement or "", _("belum lengkap"))
                ctx.out(f"  {word:<16} {req.title.get(ctx.lang)}")
        count = app_count_text(detail.score) if t.scoring.summary else ""
        if count:
            ctx.out(count)
    else:
        if sc["percent"] is not None:
            grade = ""
            if sc["grade"]:
                grade = (_("  predikat {grade}") if t.scoring.official else
                         _("  kategori hitungan aplikasi {grade}")).format(grade=sc["grade"])
            ctx.out(_("Nilai: {score}").format(
                    score=f"{percent_number(sc['percent'], ctx.lang)} "
                    f"({sc['points']:g}/{sc['possible']:g})  "
                    f"{'LULUS' if sc['passed'] else 'TIDAK LULUS'}") + grade)
            if not t.scoring.official and (t.scoring.pass_threshold is not None
                                           or t.scoring.grade_bands):
                ctx.out(_("  (batas lulus dan kategori dari templat, bukan keputusan resmi)"))
        for s in sc["sections"]:
            pct = percent_number(s["percent"], ctx.lang) if s["percent"] is not None else "-"
            ctx.out(f"  {pct:>7}  {'ok' if s['passed'] else 'GAGAL'}  {s['title']}")
    if sc["critical_failures"]:
        ctx.out(_("Butir kritis gagal: {items}").format(items=", ".join(sc["critical_failures"])))
    for k in sc["not_achieved"]:
        ctx.out("  - " + _("{unit} elemen {element} KUK {kuk}: {text}").format(
            unit=k["unit"], element=k["element"], kuk=k["kuk"], text=k["text"]))
    ctx.out("")
    st = detail.state
    for item in t.walk_items():
        if item.type in (ItemType.NOTE, ItemType.REPEAT) or t.repeat_of(item.name) is not None:
            continue
        if not st.item_relevant(item.name):
            continue
        _show_item(ctx, detail, item, "")
    for rep in (it for it in t.walk_items() if it.type is ItemType.REPEAT):
        if not st.item_relevant(rep.name):
            continue
        rows = detail.answers.rows.get(rep.name, [])
        ctx.out("  " + _("{table} ({n} baris)").format(table=rep.label.get(ctx.lang), n=len(rows)))
        for n, row in enumerate(rows, start=1):
            ctx.out(f"    [{n}]")
            for child in rep.items:
                if st.item_relevant(child.name, row):
                    _show_item(ctx, detail, child, row, indent="      ")
    if payload["evidence"]:
        ctx.out(_("Bukti terlampir:"))
        for e in payload["evidence"]:
            where = f"{e['item']}[{e['row']}]" if e["row"] else e["item"]
            ctx.out(f"  {where}: {e['file'] or e['sha256'][:12]} ({e['mime']}, "
                    f"{max(1, round(e['size'] / 1024))} KB)"
                    + (f" — {e['caption']}" if e["caption"] else "")
                    + (f" — {e['taken']}" if e["taken"] else ""))
    for s in detail.signatures:
        reg = f" ({s.registration_no})" if s.registration_no else ""
        ctx.out(_("Ditandatangani {role}: {signer}").format(
            role=_role_word(detail.template, s.role, ctx.lang), signer=s.signer_name)
                + f"{reg}, {s.place + ', ' if s.place else ''}"
                f"{moment(s.signed_at, s.timezone, ctx.lang)}")
    if payload["missing_signers"] and detail.row.status != "draft":
        ctx.out(_("Belum tanda tangan: {roles}").format(
            roles=", ".join(_role_word(detail.template, r, ctx.lang)
                            for r in payload["missing_signers"])))
    return EXIT_OK


def _show_item(ctx: CliContext, detail: Any, item: Any, row: str, indent: str = "  ") -> None:
    from assessor_app.core.template import ItemType
    from assessor_app.formatting import answer_text

    label = item.label.get(ctx.lang)
    if item.code:
        label = f"{item.code} {label}"
    if len(label) > 70:
        label = label[:67] + "..."
    if item.type is ItemType.EVIDENCE:
        n = len(detail.answers.evidence.get((item.name, row), []))
        shown = _("{n} berkas").format(n=n) if n else "—"
    else:
        shown = answer_text(detail.template, item, detail.state.value(item.name, row),
                            ctx.lang) or "—"
    files = len(detail.answers.evidence.get((item.name, row), []))
    extra = "  [" + _("+{n} bukti").format(n=files) + "]" \
        if files and item.type is not ItemType.EVIDENCE else ""
    ctx.out(f"{indent}{label}: {shown}{extra}")
    note = detail.answers.notes.get((item.name, row))
    if note:
        ctx.out(f"{indent}    " + _("catatan: {note}").format(note=note))


@COMMANDS.command("assessments", "new")
def cmd_assessments_new(ctx: CliContext) -> int:
    from assessor_app.core.template import SubjectKind

    svc = ctx.services
    trow = svc.templates.find(ctx.args.template)
    template = svc.templates.get(trow.id)
    visit_id = svc.registry.find_visit(ctx.args.visit).id if ctx.args.visit else None
    kw: dict[str, str | None] = {"visit_id": visit_id}
    if template.subject is SubjectKind.ASSESSEE:
        kw["assessee_id"] = svc.registry.find_assessee(ctx.args.subject).id
    elif template.subject is SubjectKind.INSTITUTION:
        kw["institution_id"] = svc.registry.find_institution(ctx.args.subject).id
    else:
        kw["visit_id"] = svc.registry.find_visit(ctx.args.subject).id
    row = svc.assessments.create(trow.code, **kw)
    return ctx.result(_summary(row, svc.assessments.outcome(row)),
                      f"{row.assessment_id}  {row.template_code}  {row.subject_name}")


@COMMANDS.command("assessments", "answer")
def cmd_assessments_answer(ctx: CliContext) -> int:
    from assessor_app.services.assessments import parse_assignments

    svc = ctx.services.assessments
    row = svc.resolve(ctx.args.id)
    template = svc.template_of(row)
    assignments = parse_assignments(ctx.args.assignments)
    svc.check_assignments(row.id, assignments)  # a value that does not fit: nothing written
    saved = []
    for name, index, value in assignments:
        row_id = ""
        if index:  # checked: an existing row of the item's table, or the next new one
            owner = template.repeat_of(name)
            assert owner is not None
            rows = svc.answers(row.id).rows.get(owner.name, [])
            n = int(index)
            row_id = svc.add_row(row.id, owner.name) if n == len(rows) + 1 else rows[n - 1]
        result = svc.answer(row.id, name, value, row=row_id)
        saved.append({"item": name, "row": int(index) if index else None,
                      "value": result.value, "seq": result.seq})
        if not ctx.json:  # one line per answer, printed only after its COMMIT
            shown = f"{name}[{index}]" if index else name
            ctx.out(_("tersimpan  {item} = {value}").format(item=shown, value=result.value))
    if ctx.json:
        ctx.emit({"id": row.assessment_id, "saved": saved})
    return EXIT_OK


def _issue_message(issue: Any, lang: str) -> str:
    """The words of a finalise issue: the template's own (required_message,
    constraint_message), or what a choice no longer offered means."""
    if issue.kind == "not_offered":
        return _("pilihan {values} tidak lagi sesuai dengan jawaban sebelumnya: pilih "
                 "lagi").format(values=", ".join(issue.detail.get("values", [])))
    if issue.kind == "contradiction":
        from assessor_app.formatting import contradiction_text

        return contradiction_text(issue)
    return str(issue.message.get(lang)) if issue.message is not None else ""


@COMMANDS.command("assessments", "finalise")
def cmd_assessments_finalise(ctx: CliContext) -> int:
    from assessor_app.formatting import issue_text
    from assessor_app.services.assessments import FinaliseError

    svc = ctx.services.assessments
    row = svc.resolve(ctx.args.id)
    try:
        detail = svc.finalise(row.id)
    except FinaliseError as exc:
        template, rows = svc.template_of(row), svc.answers(row.id).rows
        # the editor's words for each issue ("Wajib diisi: ..."), with the item's name
        lines = [f"{i.item}: {issue_text(i, template, rows, ctx.lang)}" for i in exc.issues]
        if ctx.json:
            ctx.emit({"finalised": False, "issues": [
                {"kind": i.kind, "item": i.item, "label": i.label.get(ctx.lang),
                 **({"message": m} if (m := _issue_message(i, ctx.lang)) else {})}
                for i in exc.issues]})
        else:
            for line in lines:
                sys.stderr.write(line + "\n")
        raise
    shown = svc.outcome(detail.row)
    return ctx.result(
        {"finalised": True, **_summary(detail.row, shown),
         "content_sha256": detail.row.content_sha256},
        _("final  {id}  {verdict}  sha256 {sha}").format(
            id=detail.row.assessment_id, verdict=shown.verdict or "",
            sha=detail.row.content_sha256))


@COMMANDS.command("assessments", "sign")
def cmd_assessments_sign(ctx: CliContext) -> int:
    from assessor_app.fileio import read_user_file
    from assessor_app.services.media import MAX_INPUT_BYTES

    svc = ctx.services.assessments
    row = svc.resolve(ctx.args.id)
    image = read_user_file(ctx.args.image, MAX_INPUT_BYTES)  # regular file only, capped
    detail = svc.sign(row.id, ctx.args.role, ctx.args.name, image,
                      registration_no=ctx.args.reg, place=ctx.args.place,
                      timezone=ctx.args.timezone)
    return ctx.result({**_summary(detail.row, svc.outcome(detail.row)),
                       "missing_signers": detail.missing_signers},
                      _signed_line(detail, ctx.lang))


def _signed_line(detail: Any, lang: str) -> str:
    """After a signature: the status in words and who has still to sign."""
    from assessor_app.vocabulary import status_label

    line = f"{status_label(detail.row.status)}  {detail.row.assessment_id}"
    if detail.missing_signers:
        line += "  " + _("Belum tanda tangan: {roles}").format(roles=", ".join(
            _role_word(detail.template, r, lang) for r in detail.missing_signers))
    return line


@COMMANDS.command("assessments", "revise")
def cmd_assessments_revise(ctx: CliContext) -> int:
    svc = ctx.services.assessments
    row = svc.resolve(ctx.args.id)
    new = svc.revise(row.id, ctx.args.reason)
    return ctx.result(_summary(new, svc.outcome(new)),
                      _("{id}  r{revision} (menggantikan r{old})").format(
                          id=new.assessment_id, revision=new.revision, old=new.supersedes))


@COMMANDS.command("assessments", "delete")
def cmd_assessments_delete(ctx: CliContext) -> int:
    svc = ctx.services.assessments
    row = svc.resolve(ctx.args.id)
    back = svc.discard_draft(row.id)
    return ctx.result(
        {"deleted": row.id, "assessment_id": row.assessment_id, "revision": row.revision,
         "current": _summary(back, svc.outcome(back)) if back is not None else None},
        _("draf dihapus  {id}  r{rev}").format(id=row.assessment_id, rev=row.revision)
        + (_("  (revisi {rev} kembali berlaku)").format(rev=back.revision)
           if back is not None else ""))


@COMMANDS.command("assessments", "reopen")
def cmd_assessments_reopen(ctx: CliContext) -> int:
    svc = ctx.services.assessments
    row = svc.reopen(svc.resolve(ctx.args.id).id)
    return ctx.result(_summary(row, svc.outcome(row)),
                      _("draf lagi  {id}  r{rev}").format(id=row.assessment_id,
                                                          rev=row.revision))


@COMMANDS.command("check")
def cmd_check(ctx: CliContext) -> int:
    # every finalised revision recomputed: content hash, score/verdict, status, signatures,
    # paper code and media bytes (a record edited behind the app's back is named here)
    damaged = ctx.services.assessments.check_all()
    if not ctx.services.store.is_sqlite:  # the office server: file checks are pg_dump's job
        return _check_records_only(ctx, damaged)
    report = ctx.services.maintenance.check(full=True)
    ok = report.ok and not damaged
    newest = report.backups[0] if report.backups else None
    payload = {"ok": ok, "database": str(report.db_path), "size_bytes": report.db_size,
               "schema_version": report.schema_version, "quick_check": report.quick_check,
               "integrity": report.integrity, "backups": len(report.backups),
               "newest_backup": str(newest.path) if newest else None,
               "newest_backup_at": newest.created_at.isoformat() if newest else None,
               "free_bytes": report.free_bytes, "unclean_exit": report.unclean_exit,
               "damaged_records": [d.as_dict() for d in damaged]}
    if ctx.json:
        ctx.emit(payload)
    else:
        ctx.out(_("Basis data: {path} ({size} MB, skema {schema})").format(
            path=report.db_path, size=f"{report.db_size / 1e6:.1f}",
            schema=report.schema_version))
        ctx.out(_("Integritas: baik") if report.ok else _("Integritas: RUSAK"))
        for p in report.quick_check + report.integrity:
            ctx.out(f"  {p}")
        _print_damaged(ctx, damaged)
        if newest:
            ctx.out(_("Cadangan: {count}, terbaru {name}").format(
                count=len(report.backups), name=newest.path.name))
        else:
            ctx.out(_("Belum ada cadangan."))
        ctx.out(_("Ruang kosong: {size} GB").format(size=f"{report.free_bytes / 1e9:.1f}"))
    return EXIT_OK if ok else EXIT_UNEXPECTED


def _check_records_only(ctx: CliContext, damaged: list[Any]) -> int:
    if ctx.json:
        ctx.emit({"ok": not damaged, "database": "postgresql",
                  "damaged_records": [d.as_dict() for d in damaged]})
    else:
        _print_damaged(ctx, damaged)
    return EXIT_OK if not damaged else EXIT_UNEXPECTED


def _print_damaged(ctx: CliContext, damaged: list[Any]) -> None:
    if not damaged:
        ctx.out(message("check.records_ok", {}, ctx.lang))
        return
    ctx.out(message("check.damaged_records", {"count": len(damaged)}, ctx.lang))
    for d in damaged:
        why = "; ".join(message("integrity." + p, {}, ctx.lang) for p in d.problems)
        ctx.out(f"  {d.revision_id} ({d.assessment_id[:8]} r{d.revision}): {why}")


@COMMANDS.command("backup")
def cmd_backup(ctx: CliContext) -> int:
    path = ctx.services.maintenance.backup(reason="manual")
    return ctx.result({"backup": str(path), "size_bytes": path.stat().st_size}, str(path))


@COMMANDS.command("restore")
def cmd_restore(ctx: CliContext) -> int:
    from assessor_app.paths import resolve_paths
    from assessor_app.services.maintenance import restore

    pre = restore(resolve_paths(ctx.args.data_dir), ctx.args.file, key=ctx.key)
    if ctx.json:
        ctx.emit({"restored": str(ctx.args.file), "previous_saved_as": str(pre) if pre else None})
    else:
        ctx.out(_("Dipulihkan dari {path}").format(path=ctx.args.file))
        if pre:
            ctx.out(_("Basis data sebelumnya disimpan sebagai {path}").format(path=pre))
    return EXIT_OK


# Feature areas add their sub-commands from their own module: each module defines
# ``add_parsers(subparsers, common_parent)`` and ``COMMANDS`` (``cli_commands.Commands``,
# or a dict of the same shape).
EXTENSION_MODULES: tuple[str, ...] = ("assessor_app.cli_reports", "assessor_app.cli_sync",
                                      "assessor_app.cli_office", "assessor_app.cli_review",
                                      "assessor_app.cli_event", "assessor_app.cli_registry",
                                      "assessor_app.cli_schemes", "assessor_app.cli_keys",
                                      "assessor_app.cli_pdp")


def _extensions() -> list[Any]:
    import importlib

    return [importlib.import_module(name) for name in EXTENSION_MODULES]


def _handler(command: str, action: str | None) -> Callable[[CliContext], int]:
    table = dict(COMMANDS)
    for module in _extensions():
        table.update(module.COMMANDS)
    return table[(command, action)]


def _normalise(args: argparse.Namespace) -> argparse.Namespace:
    for name, default in (("data_dir", None), ("json", False), ("lang", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if args.lang:
        set_language(args.lang)
    return args


def private_umask() -> None:
    """Files and folders this process creates are user-only (0600/0700) on POSIX: the
    data folder, database, WAL, backups, outbox, logs and temp files (issue 13)."""
    if os.name == "posix":
        os.umask(os.umask(0o077) | 0o077)


def main(argv: Sequence[str] | None = None) -> int:
    private_umask()
    words = sys.argv[1:] if argv is None else list(argv)
    cli_language(words)  # before argparse says anything: its --lang, else ASSESSOR_LANG/id
    try:
        with argparse_speaks_ours():
            parsed = build_parser().parse_args(words)
    except SystemExit as exc:  # --help, --version, or bad input already told on one line
        return exc.code if isinstance(exc.code, int) else \
            EXIT_OK if exc.code is None else EXIT_BAD_INPUT
    args = _normalise(parsed)
    if getattr(args, "self_test", False):
        from assessor_app.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        from assessor_app.app import run_gui

        try:
            return run_gui(data_dir=args.data_dir, demo=args.demo)
        except AppError as exc:  # e.g. --data-dir /dev/null: before any window opens
            sys.stderr.write(f"{APP_NAME}: {describe(exc, current_language())}\n")
            return EXIT_BAD_INPUT
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: argparse.Namespace) -> int:
    from assessor_app.logs import setup_logging

    ctx = CliContext(args)
    handler = _handler(args.command, getattr(args, "action", None))
    from assessor_app.cli_keys import NO_STORE

    try:
        if args.command in NO_STORE:
            from assessor_app.paths import resolve_paths

            setup_logging(resolve_paths(args.data_dir).ensure().log_dir)
        elif args.command not in ("restore",) and not (
                args.command == "templates" and args.action in ("validate", "generate")):
            setup_logging(ctx.services.paths.log_dir)
        code = handler(ctx)
        ctx.close(clean=True)
        return code
    except AppError as exc:
        ctx.close(clean=True)
        sys.stderr.write(f"{APP_NAME}: {describe(exc, ctx.lang)}\n")
        seq = exc.params.get("outbox_seq")
        if seq is not None:  # an export made and recorded; only its target failed
            sys.stderr.write(_("Bundel nomor {seq} sudah dibuat dan disimpan di outbox; tulis "
                               "lagi ke flashdisk lain dengan: assessor-app outbox send {seq} "
                               "-o FOLDER").format(seq=seq) + "\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        ctx.close(clean=True)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        ctx.close(clean=True)
        return EXIT_OK
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("unexpected failure in %s", args.command)
        ctx.close(clean=False)
        sys.stderr.write(f"{APP_NAME}: unexpected error ({type(exc).__name__}); "
                         f"details in the log\n")
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
