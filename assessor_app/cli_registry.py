"""Sub-commands for the registry (what the GUI's registry pages and dialogs do) and for
attaching evidence files to an assessment.

    assessor-app institutions add NAME [--kind KIND] [--vin ..] [--address ..] [--city ..] ...
    assessor-app institutions list [--search TEXT]
    assessor-app assessees add NAME [--nik NIK] [--sex L|P] [--birth-date YYYY-MM-DD] ...
    assessor-app assessees list [--search TEXT] [--institution REF] [--show-nik]
    assessor-app visits add --letter-no NO --place CITY [--institution REF] [--date ..] ...
    assessor-app visits list [--institution REF]
    assessor-app assessments attach ID ITEM FILE [--caption TEXT]

Every value is checked by the registry service (as in the GUI's dialogs); a value that does
not fit exits 2 with one line saying why, and nothing is written. A NIK is printed masked
(3201********0001) unless ``--show-nik`` is given. Exit codes as in ``cli``.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from assessor_app.cli_commands import Commands, area
from assessor_app.formatting import photo_taken
from assessor_app.i18n import _

COMMANDS = Commands()


MASK = "*"  # plain-text output: mask_nik's mark for the terminal


def _clean(value: str | None) -> str | None:
    """A typed value with its runs of blanks made one space; None when empty."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def _fields(args: argparse.Namespace, names: dict[str, str]) -> dict[str, Any]:
    """The record fields (keys of ``names``) from the options (their values) given."""
    out: dict[str, Any] = {}
    for field, option in names.items():
        value = _clean(getattr(args, option, None))
        if value is not None:
            out[field] = value
    return out


# ------------------------------------------------------------------ institutions

_INSTITUTION_FIELDS = {"vin": "vin", "status": "status", "licence_no": "licence_no",
                       "address": "address", "city": "city", "province": "province",
                       "head_name": "head_name", "head_title": "head_title",
                       "phone": "phone", "email": "email"}
# the legal status the GUI's dialog derives from the kind
_STATUS_OF_KIND = {"LPK_SWASTA": "swasta", "LPK_PEMERINTAH": "pemerintah",
                   "LPK_PERUSAHAAN": "perusahaan", "BLK_UPTP": "pemerintah",
                   "BLK_UPTD": "pemerintah", "BLK_KOMUNITAS": "swasta"}


def _institution_json(i: Any) -> dict[str, Any]:
    return {"id": i.id, "name": i.name, "kind": i.kind, "vin": i.vin, "status": i.status,
            "licence_no": i.licence_no, "address": i.address, "city": i.city,
            "province": i.province, "head_name": i.head_name, "head_title": i.head_title,
            "phone": i.phone, "email": i.email}


@COMMANDS.command("institutions", "add")
def cmd_institutions_add(ctx: Any) -> int:
    args = ctx.args
    fields = _fields(args, _INSTITUTION_FIELDS)
    kind = (args.kind or "LPK_SWASTA").strip().upper()
    if "status" not in fields and kind in _STATUS_OF_KIND:
        fields["status"] = _STATUS_OF_KIND[kind]
    row = ctx.services.registry.add_institution(_clean(args.name) or "", kind=kind, **fields)
    return int(ctx.result(_institution_json(row), f"{row.id}  {row.name}"))


@COMMANDS.command("institutions", "list")
def cmd_institutions_list(ctx: Any) -> int:
    rows = ctx.services.registry.institutions(ctx.args.search or "")
    return int(ctx.listing(rows, _institution_json, lambda r: (
        f"{r.id[:8]}  {r.kind:<14}  {r.vin or '-':<16}  {r.city or '-':<18}  {r.name}")))


# ------------------------------------------------------------------ assessees

_ASSESSEE_FIELDS = {"birth_place": "birth_place", "birth_date": "birth_date",
                    "gender": "sex", "phone": "phone", "email": "email",
                    "education": "education", "guardian_name": "guardian"}


def _assessee_json(a: Any, show_nik: bool, institution: str | None = None) -> dict[str, Any]:
    from assessor_app.services.registry import mask_nik

    return {"id": a.id, "name": a.name, "nik": a.nik if show_nik else mask_nik(a.nik, MASK),
            "institution_id": a.institution_id, "institution": institution}


@COMMANDS.command("assessees", "add")
def cmd_assessees_add(ctx: Any) -> int:
    args = ctx.args
    reg = ctx.services.registry
    fields = _fields(args, _ASSESSEE_FIELDS)
    if "gender" in fields:
        fields["gender"] = fields["gender"].upper()
    inst = reg.find_institution(args.institution) if args.institution else None
    if inst is not None:
        fields["institution_id"] = inst.id
    if args.minor:
        fields["is_minor"] = True
    nik = (args.nik or "").strip() or None
    row = reg.add_assessee(_clean(args.name) or "", nik=nik, **fields)
    payload = _assessee_json(row, args.show_nik, inst.name if inst else None)
    return int(ctx.result(payload, f"{row.id}  {payload['nik'] or '-'}  {row.name}"))


@COMMANDS.command("assessees", "list")
def cmd_assessees_list(ctx: Any) -> int:
    args = ctx.args
    reg = ctx.services.registry
    rows = reg.assessees(args.search or "")
    if args.institution:
        inst_id = reg.find_institution(args.institution).id
        rows = [r for r in rows if r.institution_id == inst_id]
    names = {i.id: i.name for i in reg.institutions()}
    payload = [_assessee_json(r, args.show_nik, names.get(r.institution_id or ""))
               for r in rows]
    if ctx.json:
        ctx.emit(payload)
        return 0
    for p in payload:
        ctx.out(f"{p['id'][:8]}  {p['nik'] or '-':<16}  {p['name']}"
                + (f"  ({p['institution']})" if p["institution"] else ""))
    ctx.out(f"({len(rows)})")
    return 0


# ------------------------------------------------------------------ visits

_VISIT_FIELDS = {"letter_date": "letter_date", "purpose": "purpose", "place": "place",
                 "tuk_type": "tuk", "start_time": "start_time", "end_time": "end_time",
                 "end_date": "end_date"}


def _visit_json(v: Any, institution: str | None, team: list[tuple[Any, str]]) -> dict[str, Any]:
    return {"id": v.id, "letter_no": v.letter_no, "letter_date": v.letter_date,
            "institution_id": v.institution_id, "institution": institution,
            "purpose": v.purpose, "place": v.place, "tuk_type": v.tuk_type,
            "start_date": v.start_date, "end_date": v.end_date, "start_time": v.start_time,
            "end_time": v.end_time, "timezone": v.timezone,
            "team": [{"id": a.id, "name": a.name, "registration_no": a.registration_no,
                      "role": role} for a, role in team]}


@COMMANDS.command("visits", "add")
def cmd_visits_add(ctx: Any) -> int:
    args = ctx.args
    reg = ctx.services.registry
    fields = _fields(args, _VISIT_FIELDS)
    timezone = (args.timezone or "WIB").strip().upper()
    inst = reg.find_institution(args.institution) if args.institution else None
    if args.assessor:  # the first one leads, as in the visit form
        members = [reg.find_assessor(ref) for ref in args.assessor]
    else:
        me = reg.self_assessor()
        members = [me] if me is not None else []
    team = [(a.id, "KETUA" if n == 0 else "ANGGOTA") for n, a in enumerate(members)]
    if "place" not in fields and inst is not None and inst.city:
        fields["place"] = inst.city
    start = _clean(args.date) or reg.today(timezone)
    fields.setdefault("end_date", start)
    scheme_id = None
    if args.scheme:  # a certification scheme with MUK 2023 instruments installed
        from assessor_app.services.templates import stable_id

        scheme_id = stable_id("scheme", ctx.services.certification.scheme(args.scheme).number)
        fields.setdefault("purpose", "SERTIFIKASI")
    row = reg.add_visit(institution_id=inst.id if inst else None,
                        letter_no=_clean(args.letter_no), timezone=timezone,
                        assessors=team, start_date=start, scheme_id=scheme_id, **fields)
    payload = _visit_json(row, inst.name if inst else None, reg.visit_team(row.id))
    return int(ctx.result(payload, f"{row.id}  {row.start_date}  {row.letter_no}"))


@COMMANDS.command("visits", "list")
def cmd_visits_list(ctx: Any) -> int:
    reg = ctx.services.registry
    inst_id = reg.find_institution(ctx.args.institution).id if ctx.args.institution else None
    names = {i.id: i.name for i in reg.institutions()}
    payload = [_visit_json(v, names.get(v.institution_id or ""), reg.visit_team(v.id))
               for v in reg.visits(inst_id)]
    if ctx.json:
        ctx.emit(payload)
        return 0
    for p in payload:
        team = ", ".join(m["name"] for m in p["team"])
        ctx.out(f"{p['id'][:8]}  {p['start_date'] or '-':<10}  {p['letter_no'] or '-'}  "
                f"{p['place'] or '-'}  {p['institution'] or '-'}"
                + (f"  [{team}]" if team else ""))
    ctx.out(f"({len(payload)})")
    return 0


# ------------------------------------------------------------------ evidence


@COMMANDS.command("assessments", "attach")
def cmd_assessments_attach(ctx: Any) -> int:
    from assessor_app.core.errors import AppError

    args = ctx.args
    svc = ctx.services.assessments
    row = svc.resolve(args.id)
    name, index = args.item.strip(), ""
    m = re.fullmatch(r"([a-z][a-z0-9_]*)\[(\d+)\]", name)
    if m:
        name, index = m.group(1), m.group(2)
    row_id = ""
    if index:
        owner = svc.template_of(row).repeat_of(name)
        if owner is None:
            raise AppError("item.not_found", item=args.item)
        rows = svc.answers(row.id).rows.get(owner.name, [])
        if not 1 <= int(index) <= len(rows):
            raise AppError("repeat.row_not_found", row=int(index), repeat=owner.name)
        row_id = rows[int(index) - 1]
    ev = svc.attach_file(row.id, name, args.file, caption=_clean(args.caption), row=row_id)
    payload = {"id": row.assessment_id, "evidence_id": ev.id, "item": ev.item,
               "row": int(index) if index else None, "sha256": ev.media_sha256,
               "mime": ev.mime, "size": ev.size, "file": ev.original_name,
               "caption": ev.caption, "taken_at": ev.taken_at, "latitude": ev.latitude,
               "longitude": ev.longitude}
    text = _("terlampir  {item}: {file} ({mime}, {size} KB)").format(
        item=args.item.strip(), file=ev.original_name or ev.media_sha256[:12], mime=ev.mime,
        size=max(1, round(ev.size / 1024)))
    zone = ctx.services.registry.visit(row.visit_id).timezone if row.visit_id else "WIB"
    taken = photo_taken(ev.taken_at, ev.latitude, ev.longitude, zone, ctx.lang)
    return int(ctx.result(payload, f"{text}; {taken}" if taken else text))


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser (``assessments attach`` is parsed
    with the other assessment actions in ``cli``)."""
    from assessor_app.services.registry import INSTITUTION_KINDS

    isub = area(sub, common, "institutions", _("lembaga (BLK, LPK, LSP)"))
    ia = isub.add_parser("add", parents=[common], help=_("tambah lembaga"))
    ia.add_argument("name")
    ia.add_argument("--kind", help=_("{kinds} (bawaan LPK_SWASTA)").format(
        kinds=", ".join(INSTITUTION_KINDS)))
    ia.add_argument("--vin", help=_("Vocational Identification Number"))
    ia.add_argument("--status",
                    help=_("pemerintah, swasta atau perusahaan (bawaan: dari --kind)"))
    ia.add_argument("--licence-no", dest="licence_no", help=_("izin / tanda daftar"))
    ia.add_argument("--address")
    ia.add_argument("--city", help=_("kota/kabupaten"))
    ia.add_argument("--province")
    ia.add_argument("--head-name", dest="head_name", help=_("nama pimpinan"))
    ia.add_argument("--head-title", dest="head_title",
                    help=_("mis. Direktur, Kepala UPTD"))
    ia.add_argument("--phone")
    ia.add_argument("--email")
    il = isub.add_parser("list", parents=[common], help=_("daftar lembaga"))
    il.add_argument("--search", default="",
                    help=_("nama, kota atau VIN mengandung TEXT"))

    asub = area(sub, common, "assessees", _("peserta asesmen (asesi)"))
    aa = asub.add_parser("add", parents=[common], help=_("tambah asesi"))
    aa.add_argument("name")
    aa.add_argument("--nik", help=_("16 angka, seperti di KTP"))
    aa.add_argument("--birth-place", dest="birth_place")
    aa.add_argument("--birth-date", dest="birth_date", metavar="YYYY-MM-DD")
    aa.add_argument("--sex", "--gender", dest="sex", metavar="L|P")
    aa.add_argument("--phone")
    aa.add_argument("--email")
    aa.add_argument("--education", help=_("pendidikan terakhir"))
    aa.add_argument("--institution", metavar="REF", help=_("lembaga: nama atau id"))
    aa.add_argument("--minor", action="store_true", help=_("asesi belum dewasa"))
    aa.add_argument("--guardian", help=_("nama wali (untuk asesi yang belum dewasa)"))
    aa.add_argument("--show-nik", action="store_true",
                    help=_("cetak NIK-nya tanpa disamarkan"))
    al = asub.add_parser("list", parents=[common],
                         help=_("daftar asesi (NIK disamarkan)"))
    al.add_argument("--search", default="", help=_("nama mengandung TEXT"))
    al.add_argument("--institution", metavar="REF", help=_("hanya dari lembaga ini"))
    al.add_argument("--show-nik", action="store_true",
                    help=_("cetak NIK tanpa disamarkan"))

    vsub = area(sub, common, "visits", _("kunjungan lapangan (surat tugas)"))
    va = vsub.add_parser("add", parents=[common], help=_("tambah kunjungan"))
    va.add_argument("--letter-no", dest="letter_no", required=True,
                    help=_("nomor surat tugas"))
    va.add_argument("--institution", metavar="REF", help=_("lembaga: nama atau id"))
    va.add_argument("--place", "--city", dest="place",
                    help=_("kota yang dicetak sebagai 'Kota, tanggal' (bawaan: kota "
                           "lembaga)"))
    va.add_argument("--date", metavar="YYYY-MM-DD",
                    help=_("hari pertama (bawaan: hari ini)"))
    va.add_argument("--end-date", dest="end_date", metavar="YYYY-MM-DD",
                    help=_("hari terakhir (bawaan: hari pertama)"))
    va.add_argument("--start-time", dest="start_time", metavar="HH.MM")
    va.add_argument("--end-time", dest="end_time", metavar="HH.MM")
    va.add_argument("--timezone", default="WIB",
                    help=_("WIB, WITA atau WIT (bawaan WIB)"))
    va.add_argument("--tuk", metavar="TYPE", help=_("sewaktu, tempat_kerja atau mandiri"))
    va.add_argument("--letter-date", dest="letter_date", metavar="YYYY-MM-DD")
    va.add_argument("--purpose")
    va.add_argument("--scheme", metavar="REF",
                    help=_("skema sertifikasi (nomor atau kode) untuk kunjungan "
                           "kompetensi"))
    va.add_argument("--assessor", action="append", metavar="REF",
                    help=_("anggota tim: nama, nomor MET atau id (boleh diulang; yang "
                           "pertama menjadi ketua; bawaan: asesor di profil)"))
    vl = vsub.add_parser("list", parents=[common], help=_("daftar kunjungan"))
    vl.add_argument("--institution", metavar="REF", help=_("hanya dari lembaga ini"))
