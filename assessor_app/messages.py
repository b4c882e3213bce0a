"""User-facing words for error codes, in Indonesian (default) and English.

Core and services raise errors with a code and parameters; the CLI and the UI call
:func:`describe` to turn them into a sentence in the user's language.
"""

from __future__ import annotations

import os
from typing import Any

from assessor_app.core.errors import AppError, TemplateIssue

DEFAULT_LANG = "id"

_EXPECTED_ID = {"number": "angka", "whole number": "bilangan bulat", "text": "teks",
                "true/false": "true/false", "expression": "ekspresi"}

_M: dict[str, tuple[str, str]] = {
    # --- YAML and template structure
    "yaml.syntax": ("sintaks YAML salah: {problem}", "YAML syntax error: {problem}"),
    "yaml.expected_mapping": ("{what} harus berupa pemetaan (kunci: nilai)",
                              "{what} must be a mapping (key: value)"),
    "yaml.expected_list": ("'{key}' harus berupa daftar (- ...)", "'{key}' must be a list (- ...)"),
    "yaml.bad_key": ("kunci harus berupa teks", "a key must be plain text"),
    "yaml.duplicate_key": ("kunci '{key}' ditulis dua kali", "key '{key}' appears twice"),
    "template.invalid": ("templat tidak valid ({count} masalah)",
                         "the template is not valid ({count} problems)"),
    "template.unreadable": ("berkas tidak dapat dibaca: {reason}", "cannot read the file: {reason}"),
    "template.too_large": ("berkas templat terlalu besar", "the template file is too large"),
    "template.not_utf8": ("berkas bukan teks UTF-8 (byte {offset})",
                          "the file is not UTF-8 text (byte {offset})"),
    "template.not_mapping": ("isi berkas harus berupa pemetaan YAML",
                             "the file must hold a YAML mapping"),
    "template.unknown_key": ("kunci tidak dikenal '{key}' pada {what}{hint}",
                             "unknown key '{key}' in {what}{hint}"),
    "template.missing_key": ("kunci wajib '{key}' tidak ada", "required key '{key}' is missing"),
    "template.empty_value": ("'{key}' tidak boleh kosong", "'{key}' must not be empty"),
    "template.bad_type": ("'{key}' harus berupa {expected_id}", "'{key}' must be {expected}"),
    "template.out_of_range": ("'{key}' di luar rentang yang diizinkan",
                              "'{key}' is out of the allowed range"),
    "template.bad_choice": ("'{value}' bukan nilai yang sah untuk '{key}' (pilihan: {allowed})",
                            "'{value}' is not a valid '{key}' (choices: {allowed})"),
    "template.bad_name": ("nama '{name}' tidak sah: gunakan huruf kecil, angka dan _",
                          "name '{name}' is not valid: use lower-case letters, digits and _"),
    "template.duplicate_name": ("nama '{name}' sudah dipakai di baris {first_line}",
                                "name '{name}' is already used on line {first_line}"),
    "template.bad_format_version": ("format templat {found} tidak didukung (didukung: {supported})",
                                    "template format {found} is not supported "
                                    "(supported: {supported})"),
    "template.duplicate_signer": ("peran penanda tangan '{role}' ditulis dua kali",
                                  "signer role '{role}' appears twice"),
    "template.repeat_in_header": ("kelompok berulang '{name}' tidak boleh di kepala formulir",
                                  "repeat group '{name}' cannot be in the header"),
    "template.no_sections": ("templat tidak memiliki bagian", "the template has no sections"),
    "template.no_options": ("skala jawaban '{name}' tidak memiliki pilihan",
                            "response set '{name}' has no options"),
    "template.bad_option_value": ("nilai pilihan '{value}' tidak sah: huruf kecil, angka dan _",
                                  "option value '{value}' is not valid: lower-case letters, "
                                  "digits and _"),
    "template.duplicate_option": ("nilai pilihan '{value}' ditulis dua kali",
                                  "option value '{value}' appears twice"),
    "template.duplicate_grade": ("predikat '{grade}' ditulis dua kali",
                                 "grade '{grade}' appears twice"),
    "template.grade_bands_gap": ("predikat harus memiliki satu pita dengan min: 0 tanpa "
                                 "requires_pass", "grade bands need one band with min: 0 and no "
                                 "requires_pass"),
    "template.empty_section": ("bagian '{name}' tidak berisi butir", "section '{name}' is empty"),
    "template.unknown_response_set": ("skala jawaban '{name}' tidak dikenal{hint}",
                                      "unknown response set '{name}'{hint}"),
    "template.key_not_for_type": ("'{key}' tidak berlaku untuk tipe '{type}'",
                                  "'{key}' does not apply to type '{type}'"),
    "template.unknown_signer": ("peran '{role}' tidak ada di daftar signers",
                                "role '{role}' is not listed in signers"),
    "template.nested_repeat": ("kelompok berulang '{name}' tidak boleh di dalam kelompok berulang",
                               "repeat group '{name}' cannot be inside another repeat"),
    "template.empty_repeat": ("kelompok berulang '{name}' tidak berisi butir",
                              "repeat group '{name}' has no items"),
    "template.min_above_max": ("min_rows lebih besar dari max_rows",
                               "min_rows is larger than max_rows"),
    "template.critical_needs_choice": ("butir kritis '{name}' harus berupa pilihan",
                                       "critical item '{name}' must be a choice"),
    "template.kuk_needs_scale": ("KUK '{name}' harus select_one dengan skala bernilai "
                                 "(mis. ya_tidak)", "KUK '{name}' must be select_one over a "
                                 "scored set (e.g. ya_tidak)"),
    "template.not_found": ("templat '{code}' tidak ditemukan", "template '{code}' not found"),
    "template.unusable": ("templat '{code}' tidak dapat dipakai karena tidak valid",
                          "template '{code}' cannot be used: it is not valid"),
    "template.version_conflict": ("templat {code} versi {version} sudah ada dengan isi berbeda; "
                                  "naikkan nomor versinya", "template {code} version {version} "
                                  "already exists with different content; raise its version"),
    "scheme.invalid": ("{file}:{line}: data skema tidak valid: {reason_text}",
                       "{file}:{line}: invalid scheme data: {reason_text}"),
    "scheme.unsupported_form": ("formulir '{form}' belum dapat dibuat dari data skema "
                                "(didukung: {supported})", "form '{form}' cannot be generated "
                                "from scheme data (supported: {supported})"),
    # --- expressions
    "expr.syntax": ("kesalahan ekspresi pada '{attr}': {detail}",
                    "expression error in '{attr}': {detail}"),
    "expr.empty": ("ekspresi '{attr}' kosong", "expression '{attr}' is empty"),
    "expr.too_long": ("ekspresi '{attr}' terlalu panjang", "expression '{attr}' is too long"),
    "expr.too_deep": ("ekspresi '{attr}' terlalu dalam bersarang",
                      "expression '{attr}' is nested too deeply"),
    "expr.unexpected_token": ("'{attr}': tanda '{token}' tidak terduga",
                              "'{attr}': unexpected '{token}'"),
    "expr.unexpected_end": ("'{attr}': ekspresi berakhir sebelum selesai",
                            "'{attr}': the expression ends too early"),
    "expr.unclosed_paren": ("'{attr}': tanda '(' tidak pernah ditutup",
                            "'{attr}': '(' is never closed"),
    "expr.unterminated_string": ("'{attr}': teks dalam tanda kutip tidak ditutup",
                                 "'{attr}': a quoted string is never closed"),
    "expr.bad_ref": ("'{attr}': rujukan '{text}' salah tulis (tulis ${{nama}})",
                     "'{attr}': malformed reference '{text}' (write ${{name}})"),
    "expr.unknown_function": ("'{attr}': fungsi '{name}' tidak dikenal",
                              "'{attr}': unknown function '{name}'"),
    "expr.wrong_arg_count": ("'{attr}': fungsi '{name}' menerima {expected} argumen, diberi {got}",
                             "'{attr}': function '{name}' takes {expected} arguments, got {got}"),
    "expr.unknown_ref": ("${{{name}}} merujuk ke butir yang tidak ada{hint}",
                         "${{{name}}} refers to an item that does not exist{hint}"),
    "expr.ref_to_section": ("${{{name}}} adalah bagian, bukan butir",
                            "${{{name}}} is a section, not an item"),
    "expr.ref_without_value": ("${{{name}}} tidak memiliki nilai untuk dipakai dalam ekspresi",
                               "${{{name}}} has no value to use in an expression"),
    "expr.cycle": ("rujukan melingkar: {chain}", "reference cycle: {chain}"),
    # --- typed values
    "value.not_editable": ("butir ini tidak diisi langsung", "this item is not typed in"),
    "value.read_only": ("butir ini hanya-baca", "this item is read-only"),
    "value.bad_text": ("teks berisi karakter yang tidak diizinkan",
                       "the text holds a character that is not allowed"),
    "value.too_long": ("teks terlalu panjang (maks. {max} karakter)",
                       "the text is too long (max {max} characters)"),
    "value.not_integer": ("'{value}' bukan bilangan bulat", "'{value}' is not a whole number"),
    "value.not_decimal": ("'{value}' bukan angka", "'{value}' is not a number"),
    "value.bad_date": ("'{value}' bukan tanggal (TTTT-BB-HH)", "'{value}' is not a date (YYYY-MM-DD)"),
    "value.bad_time": ("'{value}' bukan jam (JJ:MM)", "'{value}' is not a time (HH:MM)"),
    "value.bad_datetime": ("'{value}' bukan tanggal-jam (TTTT-BB-HHTJJ:MM)",
                           "'{value}' is not a date-time (YYYY-MM-DDTHH:MM)"),
    "value.required": ("'{field}' wajib diisi", "'{field}' is required"),
    "value.bad_nik": ("NIK harus 16 angka ({value})", "a NIK must be 16 digits ({value})"),
    "input.unknown_field": ("kolom '{field}' tidak dikenal", "unknown field '{field}'"),
    "subject.required": ("templat ini membutuhkan subjek: {kind}",
                         "this template needs a subject: {kind}"),
    "evidence.not_found": ("bukti '{ref}' tidak ditemukan", "evidence '{ref}' not found"),
    "media.not_found": ("berkas '{ref}' tidak ditemukan", "file '{ref}' not found"),
    "data_dir.unsafe": ("folder data {path} tidak aman untuk basis data ({reason}): gunakan disk "
                        "laptop sendiri, bukan folder jaringan, USB atau folder yang "
                        "disinkronkan ke cloud", "the data folder {path} is not safe for the "
                        "database ({reason}): use the laptop's own disk, not a network share, "
                        "a USB stick or a cloud-synced folder"),
    "db.busy": ("basis data sedang sibuk; coba lagi", "the database is busy; try again"),
    "db.cant_open": ("basis data tidak dapat dibuka: {path}", "cannot open the database: {path}"),
    "value.bad_signature": ("tanda tangan tidak sah", "not a valid signature"),
    "value.bad_option": ("'{value}' bukan pilihan yang sah (pilihan: {allowed})",
                         "'{value}' is not a valid option (choices: {allowed})"),
    "value.constraint": ("{message}", "{message}"),
    "value.constraint_default": ("nilai tidak memenuhi batasan", "the value breaks a constraint"),
    # --- records and workflow
    "assessment.not_found": ("penilaian '{ref}' tidak ditemukan", "assessment '{ref}' not found"),
    "assessment.ambiguous": ("'{ref}' cocok dengan beberapa penilaian; ketik lebih banyak karakter",
                             "'{ref}' matches several assessments; type more characters"),
    "assessment.locked": ("penilaian sudah {status}; buat revisi untuk mengubahnya",
                          "the assessment is {status}; make a revision to change it"),
    "assessment.not_current": ("revisi ini sudah digantikan revisi yang lebih baru",
                               "this revision has been superseded by a newer one"),
    "item.not_found": ("butir '{item}' tidak ada di templat ini",
                       "item '{item}' is not in this template"),
    "item.no_value": ("butir '{item}' tidak menerima jawaban", "item '{item}' takes no answer"),
    "item.needs_row": ("butir '{item}' ada di dalam tabel '{repeat}': sebutkan barisnya",
                       "item '{item}' is inside table '{repeat}': give its row"),
    "repeat.max_rows": ("tabel '{repeat}' paling banyak {max} baris",
                        "table '{repeat}' allows at most {max} rows"),
    "repeat.row_not_found": ("baris {row} tidak ada di tabel '{repeat}'",
                             "row {row} does not exist in table '{repeat}'"),
    "subject.not_found": ("'{ref}' tidak ditemukan sebagai {kind}", "'{ref}' not found as {kind}"),
    "subject.ambiguous": ("'{ref}' cocok dengan beberapa {kind}: {names}",
                          "'{ref}' matches several {kind}: {names}"),
    "finalise.incomplete": ("belum dapat difinalisasi: {count} jawaban wajib kosong atau salah",
                            "cannot finalise yet: {count} required answers missing or invalid"),
    "sign.not_final": ("finalisasi penilaian sebelum ditandatangani",
                       "finalise the assessment before signing"),
    "sign.unknown_role": ("peran '{role}' tidak perlu menandatangani templat ini",
                          "role '{role}' does not sign this template"),
    "sign.already_signed": ("peran '{role}' sudah menandatangani", "role '{role}' has already signed"),
    "sign.no_name": ("nama penanda tangan wajib diisi", "the signer's name is required"),
    "sign.bad_image": ("gambar tanda tangan tidak sah", "the signature image is not valid"),
    "revise.reason_required": ("alasan revisi wajib diisi", "a reason for the revision is required"),
    "revise.not_locked": ("hanya penilaian yang sudah final atau terkunci yang direvisi",
                          "only finalised or locked assessments are revised"),
    "media.bad_image": ("berkas bukan gambar JPEG/PNG yang sah", "the file is not a valid JPEG/PNG"),
    "media.too_large": ("berkas terlalu besar (maks. {max_mb} MB)",
                        "the file is too large (max {max_mb} MB)"),
    "media.unsupported": ("jenis berkas tidak didukung: {kind}", "unsupported file type: {kind}"),
    "input.bad_assignment": ("'{text}' harus berbentuk NAMA=NILAI", "'{text}' must be NAME=VALUE"),
    "file.not_found": ("berkas '{path}' tidak ditemukan", "file '{path}' not found"),
    # --- storage
    "disk.full": ("disk penuh: {path}", "the disk is full: {path}"),
    "disk.read_only": ("lokasi hanya-baca: {path}", "the location is read-only: {path}"),
    "db.pragmas": ("pengaturan keamanan basis data tidak dapat diterapkan",
                   "the database safety settings could not be applied"),
    "db.io": ("kesalahan baca/tulis basis data: {detail}", "database I/O error: {detail}"),
    "db.too_new": ("basis data dibuat oleh versi aplikasi yang lebih baru (skema {found}, "
                   "aplikasi ini mendukung {supported}); perbarui aplikasi",
                   "the database was made by a newer app (schema {found}, this app supports "
                   "{supported}); update the app"),
    "db.not_ours": ("berkas ini bukan basis data aplikasi ini", "this file is not this app's database"),
    "db.corrupt": ("basis data rusak; pulihkan dari cadangan (assessor-app restore)",
                   "the database is damaged; restore a backup (assessor-app restore)"),
    "db.in_use": ("basis data sedang dipakai oleh proses lain (pid {pid})",
                  "the database is in use by another process (pid {pid})"),
    "migration.backup_failed": ("pembaruan skema dibatalkan: cadangan gagal dibuat",
                                "schema upgrade cancelled: the backup failed"),
    "backup.corrupt": ("salinan cadangan gagal diverifikasi", "the backup copy failed verification"),
    "backup.no_space": ("ruang disk tidak cukup untuk cadangan", "not enough disk space for a backup"),
    "restore.corrupt": ("berkas cadangan rusak atau tidak lengkap",
                        "the backup file is damaged or incomplete"),
    "restore.not_ours": ("berkas ini bukan cadangan aplikasi ini", "this file is not a backup of this app"),
    # --- reports and verification (issue 4): add entries below this line
    # --- sync: bundles, packs, receipts, office (issue 5): add entries below this line
    # --- desktop GUI (issue 3): add entries below this line
}


# Reasons of "scheme.invalid" (assessor_app.core.competency.REASONS).
_SCHEME_REASONS: dict[str, tuple[str, str]] = {
    "unreadable": ("berkas tidak dapat dibaca ({error})", "the file cannot be read ({error})"),
    "not_utf8": ("berkas bukan teks UTF-8", "the file is not UTF-8 text"),
    "yaml_syntax": ("sintaks YAML salah: {problem}", "YAML syntax error: {problem}"),
    "not_a_mapping": ("'{key}' harus berupa pemetaan", "'{key}' must be a mapping"),
    "not_a_list": ("'{key}' harus berupa daftar", "'{key}' must be a list"),
    "not_text": ("'{key}' harus berupa teks", "'{key}' must be plain text"),
    "duplicate_key": ("kunci '{key}' ditulis dua kali", "key '{key}' appears twice"),
    "unknown_key": ("kunci '{key}' tidak dikenal", "unknown key '{key}'"),
    "missing_field": ("'{key}' wajib diisi", "'{key}' is required"),
    "unknown_scheme_type": ("jenis skema '{value}' tidak dikenal (pilihan: {allowed})",
                            "unknown scheme type '{value}' (choices: {allowed})"),
    "bad_slug": ("slug '{value}' hanya boleh huruf, angka, '.', '-' dan '_'",
                 "slug '{value}' may only hold letters, digits, '.', '-' and '_'"),
    "units_twice": ("tulis units_csv atau units, jangan keduanya",
                    "give units_csv or units, not both"),
    "no_units": ("tidak ada unit atau KUK", "there are no units or KUK"),
    "csv_not_found": ("berkas CSV '{path}' tidak ditemukan", "CSV file '{path}' not found"),
    "csv_syntax": ("CSV tidak dapat dibaca: {error}", "the CSV does not parse: {error}"),
    "missing_column": ("kolom '{column}' tidak ada", "column '{column}' is missing"),
    "unknown_column": ("kolom '{column}' tidak dikenal", "unknown column '{column}'"),
    "duplicate_column": ("kolom '{column}' ditulis dua kali", "column '{column}' appears twice"),
    "too_many_cells": ("baris berisi lebih banyak sel daripada judul kolom",
                       "the row has more cells than the header"),
    "empty_value": ("kolom '{column}' kosong", "column '{column}' is empty"),
    "inconsistent_unit": ("unit {unit_code}: '{column}' berbeda dengan baris {first_line}",
                          "unit {unit_code}: '{column}' differs from line {first_line}"),
    "inconsistent_element": ("unit {unit_code} elemen {element_no}: judul berbeda dengan baris "
                             "{first_line}", "unit {unit_code} element {element_no}: the title "
                             "differs from line {first_line}"),
    "duplicate_kuk": ("unit {unit_code} elemen {element_no}: KUK {kuk_no} sudah ada di baris "
                      "{first_line}", "unit {unit_code} element {element_no}: KUK {kuk_no} "
                      "already on line {first_line}"),
    "no_elements": ("unit {unit_code} tidak memiliki elemen", "unit {unit_code} has no elements"),
    "no_kuk": ("unit {unit_code} elemen {element_no} tidak memiliki KUK",
               "unit {unit_code} element {element_no} has no KUK"),
}


def current_lang() -> str:
    lang = os.environ.get("ASSESSOR_LANG", DEFAULT_LANG)
    return "en" if lang.lower().startswith("en") else "id"


def message(code: str, params: dict[str, Any] | None = None, lang: str | None = None) -> str:
    lang = lang or current_lang()
    params = dict(params or {})
    if "suggestion" in params:
        sug = params.get("suggestion")
        if sug:
            params["hint"] = (f" (maksud Anda '{sug}'?)" if lang == "id"
                              else f" (did you mean '{sug}'?)")
        else:
            params["hint"] = ""
    params.setdefault("hint", "")
    if "expected" in params:
        params["expected_id"] = _EXPECTED_ID.get(str(params["expected"]), params["expected"])
    if code == "scheme.invalid":
        reason = _SCHEME_REASONS.get(str(params.get("reason")))
        params["reason_text"] = params.get("reason", "")
        if reason is not None:
            try:
                params["reason_text"] = (reason[1] if lang == "en" else reason[0]).format(
                    **params)
            except (KeyError, IndexError, ValueError):
                pass
    pair = _M.get(code)
    if pair is None:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "hint")
        return f"{code}" + (f" ({detail})" if detail else "")
    template = pair[1] if lang == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def describe(error: AppError, lang: str | None = None) -> str:
    return message(error.code, error.params, lang)


def describe_issue(issue: TemplateIssue, lang: str | None = None) -> str:
    return f"{issue.location()}: {message(issue.code, issue.params, lang)}"


def known_codes() -> set[str]:
    return set(_M)
