"""Sub-commands for the office: dashboard figures and exports (XLSX, CSV).

    assessor-app office dashboard [--json] [--template CODE] [--institution REF]
                                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--no-drafts]
    assessor-app office export --template CODE --format xlsx|csv -o PATH [--values]
                               [--no-drafts] [--nik full|masked|omit] [--delimiter ;]

Both work on the laptop's SQLite file or on the office server (``--database-url``).
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor_app.cli_commands import Commands, area
from assessor_app.formatting import percent_number, verdict_label
from assessor_app.i18n import _

if TYPE_CHECKING:  # the office module pulls in openpyxl: import it only when used
    from assessor_app.services.office import Bucket, OfficeService

COMMANDS = Commands()


def _m() -> Any:
    import assessor_app.services.office as office

    return office


def _office(ctx: Any) -> OfficeService:
    office: OfficeService = ctx.services.office
    return office


def _pct(value: float | None) -> str:
    return "-" if value is None else percent_number(value)


def _line(b: Bucket, width: int = 34) -> str:
    """One bucket: competency K/BK/OL and institutional pass/fail counted apart."""
    label = (b.label or b.key or "—")[:width]
    return "  " + _("{total:>5}  {label:<{width}}  final {finalised:>4}  K {k:>3}  BK {bk:>3}  "
                    "OL {ol:>3}  lulus {passed:>3}/{decided:<3} ({rate:>6})  "
                    "rata-rata {mean:>6}").format(
        total=b.total, label=label, width=width, finalised=b.finalised, k=b.competent,
        bk=b.not_competent, ol=b.further, passed=b.passed, decided=b.passed + b.failed,
        rate=_pct(b.pass_rate), mean=_pct(b.mean_score))


@COMMANDS.command("office", "dashboard")
def cmd_office_dashboard(ctx: Any) -> int:
    args = ctx.args
    inst_id = None
    if args.institution:
        inst_id = ctx.services.registry.find_institution(args.institution).id
    flt = _m().DashboardFilter(template_code=args.template, institution_id=inst_id,
                          date_from=args.date_from, date_to=args.date_to,
                          include_drafts=not args.no_drafts, timezone=args.timezone)
    board = _office(ctx).dashboard(flt, lang=ctx.lang)
    if ctx.json:
        payload = dataclasses.asdict(board)
        for name in ("overall", "institutions", "templates", "verdicts", "months"):
            buckets = getattr(board, name)
            items = payload[name] if isinstance(payload[name], list) else [payload[name]]
            for item, bucket in zip(items, buckets if isinstance(buckets, list) else [buckets],
                                    strict=True):
                item["pass_rate"] = bucket.pass_rate
        ctx.emit(payload)
        return 0
    o = board.overall
    ctx.out(_("Penilaian: {total} (final {finalised}, draf {drafts})").format(
        total=o.total, finalised=o.finalised, drafts=o.by_status.get("draft", 0)))
    ctx.out(_("Kompetensi: kompeten (K) {k}, belum kompeten (BK) {bk}, observasi lanjut "
              "(OL) {ol}").format(k=o.competent, bk=o.not_competent, ol=o.further))
    ctx.out(_("Lembaga: lulus {passed}, tidak lulus {failed}, rata-rata nilai {mean}").format(
        passed=o.passed, failed=o.failed, mean=_pct(o.mean_score)))
    for title, buckets in ((_("Per lembaga"), board.institutions),
                           (_("Per templat"), board.templates),
                           (_("Per hasil"), board.verdicts),
                           (_("Per bulan"), board.months)):
        ctx.out("")
        ctx.out(f"{title}:")
        for b in buckets:
            if buckets is board.verdicts:
                b = dataclasses.replace(b, label=verdict_label(b.key) if b.key
                                        else _("(tanpa hasil)"))
            ctx.out(_line(b))
    return 0


@COMMANDS.command("office", "export")
def cmd_office_export(ctx: Any) -> int:
    args = ctx.args
    options = _m().ExportOptions(template_code=args.template, labels=not args.values, lang=ctx.lang,
                            include_drafts=not args.no_drafts, nik=args.nik,
                            delimiter="\t" if args.delimiter == "tab" else args.delimiter)
    office = _office(ctx)
    output = Path(args.output)
    if args.format == "xlsx":
        result = office.export_xlsx(output, options)
    else:
        result = office.export_csv(output, options)
    if ctx.json:
        ctx.emit({"files": [str(f) for f in result.files], "assessments": result.assessments,
                  "repeat_rows": result.repeat_rows, "columns": result.columns})
        return 0
    for f in result.files:
        ctx.out(str(f))
    ctx.out(_("{assessments} penilaian, {columns} kolom").format(
        assessments=result.assessments, columns=result.columns)
        + "".join(", " + _("{table}: {n} baris").format(table=name, n=n)
                  for name, n in result.repeat_rows.items()))
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    osub = area(sub, common, "office", _("kantor: dasbor dan ekspor"))
    d = osub.add_parser("dashboard", parents=[common],
                        help=_("jumlah dan hasil per lembaga, templat, keputusan, bulan"))
    d.add_argument("--template", help=_("kode templat"))
    d.add_argument("--institution", help=_("lembaga: nama atau id"))
    d.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    d.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    d.add_argument("--no-drafts", action="store_true", help=_("hanya penilaian yang final"))
    d.add_argument("--timezone", choices=("WIB", "WITA", "WIT"), default="WIB",
                   help=_("di zona mana sebuah bulan dimulai (bawaan WIB)"))
    e = osub.add_parser("export", parents=[common],
                        help=_("penilaian dari satu templat ke XLSX atau CSV"))
    e.add_argument("--template", required=True, help=_("kode templat"))
    e.add_argument("--format", choices=("xlsx", "csv"), required=True)
    e.add_argument("-o", "--output", type=Path, required=True,
                   help=_("berkas yang ditulis (CSV: kelompok berulang dan kolomnya ditulis "
                          "di sebelahnya)"))
    e.add_argument("--values", action="store_true",
                   help=_("nilai opsi mentah, bukan labelnya"))
    e.add_argument("--no-drafts", action="store_true", help=_("hanya penilaian yang final"))
    e.add_argument("--nik", choices=("full", "masked", "omit"), default="full",
                   help=_("cara menulis NIK asesi (bawaan full)"))
    e.add_argument("--delimiter", choices=(",", ";", "tab"), default=",",
                   help=_("pemisah CSV (';' untuk Excel dengan pengaturan wilayah "
                          "Indonesia)"))
    from assessor_app.cli_keys import add_office_parsers

    add_office_parsers(osub, common)  # office recovery-key (encryption at rest)
