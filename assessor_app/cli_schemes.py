"""Sub-commands for the certification schemes installed in the data folder.

    assessor-app schemes import FILE [--json]   install a scheme (YAML, YAML with CSV files
                                                or an XLSX workbook, see forms/README.md)
                                                and the instruments generated from it
    assessor-app schemes list [--json]          the installed schemes

Exit codes as in ``cli``: 0 ok, 2 bad input (one line saying why, e.g. the file and line
of bad scheme data; nothing is installed then), 1 unexpected.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assessor_app.cli_commands import Commands, area
from assessor_app.formatting import scheme_import_headline
from assessor_app.i18n import _

COMMANDS = Commands()


def _scheme_type(kind: str, level: str | None) -> str:
    return f"{kind} {level}" if level else kind


def _instrument_json(i: Any) -> dict[str, Any]:
    return {"form": i.form, "code": i.code, "version": i.version, "template_id": i.template_id}


@COMMANDS.command("schemes", "import")
def cmd_schemes_import(ctx: Any) -> int:
    r = ctx.services.schemes.import_file(ctx.args.file)
    payload = {
        "status": r.status, "slug": r.slug, "number": r.number,
        "title": r.title.get(ctx.lang), "type": r.type, "level": r.level,
        "version": r.version, "declared_version": r.declared_version,
        "previous_versions": list(r.previous_versions), "path": str(r.path),
        "units": r.units, "kuk": r.kuk,
        "instruments": [_instrument_json(i) for i in r.instruments],
    }
    head = scheme_import_headline(r)
    lines = [head, f"  {r.title.get(ctx.lang)} [{_scheme_type(r.type, r.level)}]",
             _("Instrumen:")]
    lines += [f"  {i.form:<10} {i.code}  {i.version}" for i in r.instruments]
    return int(ctx.result(payload, "\n".join(lines)))


@COMMANDS.command("schemes", "list")
def cmd_schemes_list(ctx: Any) -> int:
    rows = ctx.services.schemes.schemes()
    if ctx.json:
        ctx.emit([{"slug": s.slug, "number": s.number, "title": s.title.get(ctx.lang),
                   "type": s.type, "level": s.level, "versions": list(s.versions),
                   "latest": s.versions[-1], "lsp": s.lsp, "units": s.units, "kuk": s.kuk,
                   "instruments": list(s.instruments), "installed_at": s.installed_at}
                  for s in rows])
        return 0
    if not rows:
        ctx.out(_("Belum ada skema terpasang."))
        return 0
    for s in rows:
        ctx.out(f"{s.slug:<24} {s.number:<30} {_scheme_type(s.type, s.level):<10} "
                + _("versi {versions}; {units} unit, {kuk} KUK").format(
                    versions=", ".join(s.versions), units=s.units, kuk=s.kuk))
        ctx.out(f"    {s.title.get(ctx.lang)}" + (f" — {s.lsp}" if s.lsp else ""))
        if s.instruments:
            ctx.out("    " + _("instrumen: {codes}").format(codes=", ".join(s.instruments)))
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
    ssub = area(sub, common, "schemes", _("skema sertifikasi"))
    si = ssub.add_parser("import", parents=[common],
                         help=_("pasang berkas skema (.yaml atau .xlsx) beserta instrumennya"))
    si.add_argument("file", type=Path)
    ssub.add_parser("list", parents=[common], help=_("skema yang terpasang"))
