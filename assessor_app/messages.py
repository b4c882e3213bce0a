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
    "file.io": ("berkas {path} tidak dapat ditulis atau dibaca: {detail}",
                "the file {path} cannot be written or read: {detail}"),
    "backup.no_source": ("basis data {path} tidak ada; tidak ada yang dicadangkan",
                         "the database {path} does not exist; nothing to back up"),
    "restore.not_found": ("berkas cadangan {path} tidak ditemukan",
                          "the backup file {path} was not found"),
    "expr.bad_regex": ("pola teks (regex) '{pattern}' tidak sah: {reason}",
                       "the text pattern (regex) '{pattern}' is not valid: {reason}"),
    "expr.regex_timeout": ("pola teks (regex) '{pattern}' terlalu lama diperiksa",
                           "the text pattern (regex) '{pattern}' took too long"),
    "backup.corrupt": ("salinan cadangan gagal diverifikasi", "the backup copy failed verification"),
    "backup.no_space": ("ruang disk tidak cukup untuk cadangan", "not enough disk space for a backup"),
    "restore.corrupt": ("berkas cadangan rusak atau tidak lengkap",
                        "the backup file is damaged or incomplete"),
    "restore.not_ours": ("berkas ini bukan cadangan aplikasi ini", "this file is not a backup of this app"),
    # --- reports and verification (issue 4): add entries below this line
    "report.which": ("sebutkan tepat satu: ID penilaian, --visit atau --blank",
                     "give exactly one of: an assessment ID, --visit or --blank"),
    "report.saved": ("Laporan disimpan: {file} ({pages} halaman, kode verifikasi {code})",
                     "Report saved: {file} ({pages} pages, verification code {code})"),
    "report.saved_draft": ("Perhatian: penilaian ini masih DRAF; laporan bertanda \"DRAF — "
                           "belum final\".", "Note: this assessment is still a DRAFT; the "
                           "report is marked \"DRAFT — not final\"."),
    "report.batch_form": ("laporan per batch hanya untuk {allowed} (bukan '{form}')",
                          "batch reports exist only for {allowed} (not '{form}')"),
    "report.no_batch_record": ("kunjungan {visit} belum memiliki penilaian {form}; buat dulu "
                               "dengan 'assessments new --template {form}'",
                               "visit {visit} has no {form} assessment yet; create one with "
                               "'assessments new --template {form}'"),
    "report.layout": ("laporan tidak dapat disusun: {detail}",
                      "the report could not be laid out: {detail}"),
    "report.write_check": ("berkas {path} gagal diperiksa setelah ditulis",
                           "the file {path} failed its check after writing"),
    "report.output_is_dir": ("'{path}' adalah folder; sebutkan nama berkas PDF",
                             "'{path}' is a folder; give a PDF file name"),
    "report.not_rendered_here": ("PDF ini tidak dibuat oleh layanan laporan ini",
                                 "this PDF was not made by this report service"),
    "verify.valid": ("laporan asli: penilaian {aid} revisi {rev} ({template}, {subject}), "
                     "kode verifikasi {code}",
                     "original report: assessment {aid} revision {rev} ({template}, "
                     "{subject}), verification code {code}"),
    "verify.valid_draft": ("salinan asli dari DRAF penilaian {aid} revisi {rev} ({template}, "
                           "{subject}), kode verifikasi {code} — belum final, bukan laporan resmi",
                           "genuine copy of the DRAFT of assessment {aid} revision {rev} "
                           "({template}, {subject}), verification code {code} — not final, not "
                           "an official report"),
    "verify.blank_form": ("formulir kosong asli {template}, kode verifikasi {code} (bukan laporan "
                          "penilaian)", "genuine blank form {template}, verification code {code} "
                          "(not an assessment report)"),
    "verify.not_pdf": ("berkas ini bukan PDF atau rusak", "this file is not a PDF or is damaged"),
    "verify.unreadable": ("berkas tidak dapat dibaca ({detail})",
                          "the file cannot be read ({detail})"),
    "verify.no_payload": ("PDF ini tidak memuat data verifikasi aplikasi ini",
                          "this PDF carries no verification data of this app"),
    "verify.unknown_record": ("penilaian {aid} revisi {rev} tidak dikenal di basis data ini",
                              "assessment {aid} revision {rev} is not known in this database"),
    "verify.content_changed": ("isi penilaian {aid} revisi {rev} sudah berbeda dari yang dicetak "
                               "(dicetak {printed}…, sekarang {now}…)",
                               "the content of assessment {aid} revision {rev} differs from "
                               "what was printed (printed {printed}…, now {now}…)"),
    "verify.superseded": ("penilaian {aid} sudah diubah: revisi {rev} yang dicetak digantikan "
                          "revisi {current}", "assessment {aid} has changed: the printed "
                          "revision {rev} was replaced by revision {current}"),
    "check.damaged_records": ("{count} revisi penilaian final tidak lagi sesuai buktinya "
                              "(diubah di luar aplikasi):", "{count} finalised revisions no "
                              "longer match their proof (changed outside the app):"),
    "check.records_ok": ("Semua penilaian final utuh (sidik dan tanda tangan dihitung ulang).",
                         "Every finalised assessment is intact (hashes and signatures "
                         "recomputed)."),
    "verify.which": ("sebutkan berkas PDF atau --code KODE (salah satu)",
                     "give a PDF file or --code CODE (one of them)"),
    "verify.code_valid": ("kode {code} milik penilaian {aid} revisi {rev} ({template}, "
                          "{subject}); catatannya utuh dan berlaku", "code {code} belongs to "
                          "assessment {aid} revision {rev} ({template}, {subject}); the record "
                          "is intact and current"),
    "verify.compare_lines": ("Bandingkan baris demi baris dengan kertasnya:",
                             "Compare line by line with the paper:"),
    "verify.modified_after_signing": ("berkas PDF diubah setelah ditandatangani: yang "
                                      "ditandatangani adalah laporan asli penilaian {aid} "
                                      "revisi {rev}, tetapi halamannya kini berbeda",
                                      "the PDF was changed after it was signed: what was "
                                      "signed is the original report of assessment {aid} "
                                      "revision {rev}, but its pages now differ"),
    "verify.pdf_signature": ("Tanda tangan digital PDF: {signer} (perangkat {device}), "
                             "sertifikat {chain}; {state}", "PDF digital signature: {signer} "
                             "(device {device}), certificate {chain}; {state}"),
    "verify.pdf_state_intact": ("utuh, mencakup seluruh berkas",
                                "intact, covers the whole file"),
    "verify.pdf_state_modified": ("utuh, tetapi berkas ditambah setelah ditandatangani",
                                  "intact, but the file was added to after signing"),
    "verify.pdf_state_broken": ("tidak lagi cocok (berkas disimpan ulang oleh program lain "
                                "atau diubah)", "no longer matches (the file was re-saved by "
                                "another program or changed)"),
    "verify.pdf_chain_trusted": ("dari kantor ({issuer}), tepercaya",
                                 "from the office ({issuer}), trusted"),
    "verify.pdf_chain_self": ("buatan sendiri: perangkat belum terdaftar di kantor",
                              "self-issued: the device is not yet enrolled at the office"),
    "verify.pdf_chain_untrusted": ("dari {issuer}, tidak dikenal di sini",
                                   "from {issuer}, not known here"),
    "verify.pdf_unsigned": ("PDF ini tidak bertanda tangan digital (dicocokkan dengan isi "
                            "catatan)", "this PDF carries no digital signature (matched "
                            "against the record's content)"),
    "report.sign_failed": ("laporan tidak dapat ditandatangani secara digital: {detail}",
                           "the report could not be signed digitally: {detail}"),
    "verify.valid_before_signing": ("laporan asli penilaian {aid} revisi {rev} ({template}, "
                                    "{subject}), dicetak sebelum semua tanda tangan dibubuhkan "
                                    "({detail}); cetak ulang untuk salinan bertanda tangan",
                                    "genuine report of assessment {aid} revision {rev} "
                                    "({template}, {subject}), printed before every signature "
                                    "was made ({detail}); print again for the signed copy"),
    "verify.record_damaged": ("catatan penilaian {aid} revisi {rev} di basis data ini telah "
                              "diubah di luar aplikasi ({detail}); laporan ini tidak dapat "
                              "dinyatakan sah", "the record of assessment {aid} revision {rev} "
                              "in this database was changed outside the app ({detail}); this "
                              "report cannot be declared valid"),
    "verify.code_mismatch": ("kode verifikasi yang tercetak bukan kode penilaian {aid} revisi "
                             "{rev}", "the printed verification code is not the code of "
                             "assessment {aid} revision {rev}"),
    "verify.code_unknown": ("kode {code} tidak dikenal di basis data ini",
                            "code {code} is not known in this database"),
    "verify.code_bad": ("'{code}' bukan kode verifikasi (16 huruf/angka, mis. 7K3M-Q9TA-X2PD-"
                        "4HVE)", "'{code}' is not a verification code (16 letters/digits, e.g. "
                        "7K3M-Q9TA-X2PD-4HVE)"),
    "export.media_changed": ("foto atau gambar tanda tangan {sha}… telah diubah di luar "
                             "aplikasi; tidak ada yang dikirim (jalankan 'periksa')",
                             "a photo or drawn signature {sha}… was changed outside the app; "
                             "nothing was sent (run 'check')"),
    "export.damaged": ("penilaian {ref} revisi {rev} tidak dikirim: catatannya telah diubah "
                       "di luar aplikasi ({problems}); jalankan 'periksa'", "assessment {ref} "
                       "revision {rev} is not sent: its record was changed outside the app "
                       "({problems}); run 'check'"),
    "report.damaged": ("penilaian {aid} revisi {rev} tidak dicetak: catatannya telah diubah di "
                       "luar aplikasi ({problems}); jalankan 'periksa' dan pulihkan dari "
                       "cadangan", "assessment {aid} revision {rev} is not printed: its record "
                       "was changed outside the app ({problems}); run 'check' and restore from "
                       "a backup"),
    "assessment.damaged": ("penilaian ini tidak dapat ditandatangani: catatannya telah diubah di "
                           "luar aplikasi ({problems})", "this assessment cannot be signed: its "
                           "record was changed outside the app ({problems})"),
    "sign.registration_required": ("No. Reg. asesor ({role}) wajib diisi pada formulir BNSP, "
                                   "mis. MET.000.004633 2020", "the assessor's registration "
                                   "number ({role}) is required on a BNSP form, e.g. "
                                   "MET.000.004633 2020"),
    "sign.bad_registration": ("'{value}' bukan No. Reg. asesor BNSP (contoh: MET.000.004633 "
                              "2020)", "'{value}' is not a BNSP assessor registration number "
                              "(e.g. MET.000.004633 2020)"),
    "sign.other_device": ("penilaian ini dibuat di perangkat lain ({device}); tanda tangan hanya "
                          "di perangkat itu", "this assessment was made on another device "
                          "({device}); it can only be signed there"),
    "integrity.content_changed": ("isi tidak cocok dengan sidiknya",
                                  "the content does not match its hash"),
    "integrity.derived_changed": ("nilai/rekomendasi tersimpan tidak sesuai jawaban",
                                  "the stored score/verdict does not follow from the answers"),
    "integrity.status_changed": ("status tidak sesuai tanda tangan",
                                 "the status does not follow from the signatures"),
    "integrity.signature_invalid": ("tanda tangan digital tidak sah",
                                    "a digital signature is not valid"),
    "integrity.signature_unbound": ("tanda tangan untuk isi yang lain",
                                    "a signature was made over other content"),
    "integrity.code_invalid": ("kode verifikasi tidak sah", "the verification code is not valid"),
    "integrity.media_changed": ("foto/gambar tanda tangan diubah",
                                "a photo or drawn signature was changed"),
    "integrity.history_changed": ("riwayat revisi diubah (revisi berlaku bukan yang "
                                  "tertinggi, nomor terlewat, atau rantai revisi putus)",
                                  "the revision history was changed (the current revision "
                                  "is not the highest, a number is missing, or the chain is "
                                  "broken)"),
    "integrity.template_invalid": ("templat yang tersimpan tidak lagi dapat dimuat",
                                   "the stored template no longer loads"),
    "integrity.time_invalid": ("waktu tersimpan tidak sah atau di masa depan",
                               "a stored time is not valid or lies in the future"),
    "integrity.subject_missing": ("data subjek tidak dibekukan (dibuat sebelum versi ini)",
                                  "the subject was not frozen (made before this version)"),
    "verify.edited_pdf": ("berkas PDF telah diubah: isinya tidak sama dengan laporan asli "
                          "penilaian {aid} revisi {rev}", "the PDF file has been edited: it is "
                          "not the same as the original report of assessment {aid} revision "
                          "{rev}"),
    # --- sync: bundles, packs, receipts, office (issue 5): add entries below this line
    # office review status and the office/sync screens (issue 5, GUI)
    "review.bad_status": ("status tinjauan '{status}' tidak dikenal (pilihan: {allowed})",
                          "unknown review status '{status}' (choices: {allowed})"),
    "review.comment_required": ("komentar wajib diisi untuk status Perlu perbaikan dan Ditolak",
                                "a comment is required for Needs correction and Rejected"),
    "review.comment_too_long": ("komentar terlalu panjang (maks. {max} karakter)",
                                "the comment is too long (max {max} characters)"),
    "review.reviewer_required": ("nama peninjau wajib diisi (isi profil di Pengaturan)",
                                 "the reviewer's name is required (fill in the profile in "
                                 "Settings)"),
    "review.not_final": ("penilaian {ref} revisi {revision} belum final: Disetujui dan Ditolak "
                         "hanya untuk penilaian yang sudah final atau terkunci",
                         "assessment {ref} revision {revision} is not finalised: Approved and "
                         "Rejected are only for finalised or locked assessments"),
    "officeui.warn_receipt_not_written": ("tanda terima tidak dapat ditulis ({detail}); "
                                          "simpan ulang dari laporan impor",
                                          "the receipt could not be written ({detail}); save "
                                          "it again from the import report"),
    "officeui.warn_old_bundle": ("bundel lama diterima atas konfirmasi ({detail})",
                                 "an old bundle was accepted on confirmation ({detail})"),
    "officeui.warn_chain_broken": ("urutan bundel dari laptop ini terputus: ada bundel yang "
                                   "belum diterima kantor", "the chain of bundles from this "
                                   "laptop is broken: a bundle has not reached the office"),
    "officeui.warn_other": ("peringatan: {detail}", "warning: {detail}"),
    "officeui.no_template": ("pilih templat yang akan diekspor", "choose the template to export"),
    "officeui.no_target": ("pilih berkas tujuan", "choose the file to write"),
    # sync by file: result bundles, receipts, packs, devices (issue 5, sync core)
    "bundle.unreadable": ("berkas '{name}' tidak dapat dibaca", "cannot read the file '{name}'"),
    "bundle.bad_filename": ("nama berkas '{name}' bukan nama bundel (bundle-PERANGKAT-URUT-ID.zip)",
                            "'{name}' is not a bundle file name (bundle-DEVICE-SEQ-ID.zip)"),
    "bundle.too_large": ("berkas terlalu besar (maks. {max_mb} MB)",
                         "the file is too large (max {max_mb} MB)"),
    "bundle.not_zip": ("berkas bukan arsip zip yang utuh", "the file is not an intact zip archive"),
    "bundle.polyglot": ("arsip berisi data tambahan di luar zip (berkas campuran)",
                        "the archive holds extra data outside the zip (polyglot file)"),
    "bundle.too_many_entries": ("arsip berisi terlalu banyak berkas (maks. {max})",
                                "the archive holds too many files (max {max})"),
    "bundle.zip_slip": ("arsip berisi jalur berbahaya '{name}'",
                        "the archive holds a dangerous path '{name}'"),
    "bundle.bad_name": ("arsip berisi berkas yang tidak diizinkan '{name}'",
                        "the archive holds a file that is not allowed: '{name}'"),
    "bundle.duplicate_name": ("arsip berisi nama berkas ganda '{name}'",
                              "the archive holds a duplicate file name '{name}'"),
    "bundle.directory": ("arsip berisi folder '{name}'", "the archive holds a folder '{name}'"),
    "bundle.symlink": ("arsip berisi tautan simbolik '{name}'",
                       "the archive holds a symbolic link '{name}'"),
    "bundle.special_entry": ("arsip berisi berkas khusus '{name}'",
                             "the archive holds a special file '{name}'"),
    "bundle.encrypted_entry": ("arsip berisi berkas zip terenkripsi '{name}'",
                               "the archive holds an encrypted zip entry '{name}'"),
    "bundle.bad_method": ("metode kompresi tidak didukung untuk '{name}'",
                          "unsupported compression method for '{name}'"),
    "bundle.entry_too_large": ("berkas '{name}' di dalam arsip terlalu besar",
                               "the file '{name}' inside the archive is too large"),
    "bundle.ratio": ("rasio kompresi '{name}' tidak wajar (bom zip)",
                     "the compression ratio of '{name}' is implausible (zip bomb)"),
    "bundle.overlap": ("berkas di dalam arsip saling tumpang tindih ('{name}')",
                       "files inside the archive overlap ('{name}')"),
    "bundle.size_mismatch": ("ukuran '{name}' tidak sesuai dengan yang tercatat",
                             "the size of '{name}' does not match what is declared"),
    "bundle.crc_mismatch": ("isi '{name}' rusak (CRC salah)", "the content of '{name}' is damaged "
                            "(bad CRC)"),
    "bundle.missing_manifest": ("manifest.json tidak ada", "manifest.json is missing"),
    "bundle.missing_sig": ("tanda tangan digital (manifest.sig) tidak ada",
                           "the digital signature (manifest.sig) is missing"),
    "bundle.bad_sig": ("tanda tangan digital tidak sah: berkas diubah atau bukan dari laptop ini",
                       "the digital signature is not valid: the file was changed or is not from "
                       "this laptop"),
    "bundle.unknown_device": ("laptop {device} belum didaftarkan di kantor",
                              "laptop {device} is not enrolled at the office"),
    "bundle.revoked_device": ("laptop {device} sudah dicabut pendaftarannya",
                              "laptop {device} has been revoked"),
    "bundle.name_mismatch": ("nama berkas tidak cocok dengan isinya ({name})",
                             "the file name does not match its content ({name})"),
    "bundle.unsupported_version": ("format berkas versi {found} tidak didukung (didukung: "
                                   "{supported}); perbarui aplikasi",
                                   "file format version {found} is not supported (supported: "
                                   "{supported}); update the app"),
    "bundle.wrong_kind": ("berkas ini adalah '{found}', bukan '{expected}'",
                          "this file is a '{found}', not a '{expected}'"),
    "bundle.json_encoding": ("data bukan teks UTF-8 yang sah", "the data is not valid UTF-8 text"),
    "bundle.json_syntax": ("data JSON rusak (baris {line}, kolom {col})",
                           "the JSON data is malformed (line {line}, column {col})"),
    "bundle.json_duplicate_key": ("data JSON berisi kunci ganda '{key}'",
                                  "the JSON data holds a duplicate key '{key}'"),
    "bundle.json_constant": ("data JSON berisi angka tidak sah ({value})",
                             "the JSON data holds an invalid number ({value})"),
    "bundle.json_number": ("data JSON berisi angka terlalu panjang ({digits} digit)",
                           "the JSON data holds a number that is too long ({digits} digits)"),
    "bundle.json_depth": ("data JSON bersarang terlalu dalam (maks. {max})",
                          "the JSON data is nested too deeply (max {max})"),
    "bundle.json_control": ("data JSON berisi karakter kontrol", "the JSON data holds control "
                            "characters"),
    "bundle.schema": ("data tidak sesuai format: {where}", "the data does not fit the format: "
                      "{where}"),
    "bundle.hash_mismatch": ("isi '{name}' tidak cocok dengan sidik (SHA-256) di manifest",
                             "the content of '{name}' does not match its SHA-256 in the manifest"),
    "bundle.unlisted_file": ("berkas '{name}' tidak tercantum di manifest",
                             "the file '{name}' is not listed in the manifest"),
    "bundle.missing_file": ("berkas '{name}' tidak ada", "the file '{name}' is missing"),
    "bundle.orphan_file": ("berkas '{name}' tidak dirujuk oleh data mana pun",
                           "the file '{name}' is not referenced by any record"),
    "bundle.bad_media_type": ("jenis berkas '{name}' tidak sesuai", "the type of '{name}' does "
                              "not match"),
    "bundle.not_for_us": ("isi bundel dienkripsi untuk kantor lain ({office})",
                          "the bundle is encrypted for another office ({office})"),
    "bundle.decrypt_failed": ("isi bundel tidak dapat didekripsi (rusak atau kunci salah)",
                              "the bundle payload cannot be decrypted (damaged or wrong key)"),
    "bundle.record_mismatch": ("data penilaian tidak cocok dengan manifest",
                               "the assessment data does not match the manifest"),
    "bundle.content_mismatch": ("isi penilaian {assessment} tidak cocok dengan sidiknya",
                                "the content of assessment {assessment} does not match its hash"),
    "bundle.bad_template": ("templat '{code}' di dalam berkas tidak sah",
                            "the template '{code}' in the file is not valid"),
    "bundle.template_conflict": ("templat {code} versi {version} sudah ada dengan isi berbeda",
                                 "template {code} version {version} already exists with "
                                 "different content"),
    "bundle.bad_reference": ("data merujuk ke catatan yang tidak ada atau bentrok ({ref})",
                             "the data refers to a record that is missing or clashes ({ref})"),
    "bundle.bad_image": ("gambar di dalam berkas tidak sah ({reason})",
                         "an image in the file is not valid ({reason})"),
    "bundle.bad_document": ("dokumen '{name}' bukan PDF", "the document '{name}' is not a PDF"),
    "bundle.replay_different": ("bundel {bundle} sudah diimpor dengan isi berbeda",
                                "bundle {bundle} was already imported with different content"),
    "bundle.derived_mismatch": ("nilai atau rekomendasi penilaian {assessment} tidak sesuai "
                                "dengan jawabannya", "the score or verdict of assessment "
                                "{assessment} does not follow from its answers"),
    "bundle.status_mismatch": ("status penilaian {assessment} tidak sesuai dengan tanda "
                               "tangannya", "the status of assessment {assessment} does not "
                               "follow from its signatures"),
    "bundle.bad_record_signature": ("tanda tangan digital penilaian {assessment} tidak sah atau "
                                    "untuk isi lain", "a digital signature of assessment "
                                    "{assessment} is not valid or was made over other content"),
    "bundle.bad_code": ("kode verifikasi penilaian {assessment} tidak sah",
                        "the verification code of assessment {assessment} is not valid"),
    "bundle.foreign_record": ("penilaian {assessment} dibuat oleh perangkat lain ({device}), "
                              "bukan pengirim bundel", "assessment {assessment} was made by "
                              "another device ({device}), not the bundle's sender"),
    "bundle.not_owner": ("penilaian {assessment} milik perangkat {owner}; perangkat {device} "
                         "tidak boleh mengirim revisinya (kantor dapat mengalihkannya)",
                         "assessment {assessment} belongs to device {owner}; device {device} "
                         "may not send its revisions (the office can reassign it)"),
    "bundle.bad_timestamp": ("waktu tidak sah pada {assessment} ({field}: {value})",
                             "invalid time in {assessment} ({field}: {value})"),
    "bundle.future_timestamp": ("waktu lebih dari sehari di masa depan pada {assessment} "
                                "({field}: {value})", "a time more than a day in the future in "
                                "{assessment} ({field}: {value})"),
    "pack.bad_certificate": ("sertifikat penandatanganan PDF di paket tidak untuk laptop ini "
                             "atau tidak ditandatangani kantor", "the PDF-signing certificate "
                             "in the pack is not for this laptop or not signed by the office"),
    "device.reassigned": ("penilaian {assessment_id} kini dikirim oleh perangkat {device_id} "
                          "(sebelumnya {previous}): {reason}", "assessment {assessment_id} is "
                          "now sent by device {device_id} (previously {previous}): {reason}"),
    "bundle.rollback": ("bundel lama (nomor urut {seq}, terakhir {last}); impor hanya dengan "
                        "konfirmasi (--accept-old)", "an old bundle (sequence {seq}, last seen "
                        "{last}); import it only with confirmation (--accept-old)"),
    "receipt.untrusted": ("tanda terima tidak ditandatangani oleh kantor yang dipercaya",
                          "the receipt is not signed by a trusted office"),
    "receipt.unknown_bundle": ("tanda terima untuk bundel yang tidak dikenal ({bundle})",
                               "the receipt is for an unknown bundle ({bundle})"),
    "receipt.sha_mismatch": ("tanda terima tidak cocok dengan bundel yang dikirim ({bundle})",
                             "the receipt does not match the bundle that was sent ({bundle})"),
    "receipt.wrong_device": ("tanda terima ini untuk laptop lain ({device})",
                             "this receipt is for another laptop ({device})"),
    "pack.untrusted_office": ("paket tugas tidak ditandatangani oleh kantor yang dipercaya",
                              "the assignment pack is not signed by a trusted office"),
    "pack.wrong_device": ("paket tugas ini untuk laptop lain ({device})",
                          "this assignment pack is for another laptop ({device})"),
    "pack.replay_different": ("paket {pack} sudah diimpor dengan isi berbeda",
                              "pack {pack} was already imported with different content"),
    "device.bad_key": ("kunci publik tidak sah (44 karakter base64)",
                       "not a valid public key (44 base64 characters)"),
    "device.not_found": ("laptop '{device}' tidak terdaftar", "laptop '{device}' is not enrolled"),
    "device.revoked": ("laptop {device} sudah dicabut; daftarkan kunci baru",
                       "laptop {device} has been revoked; enrol a new key"),
    "export.not_final": ("penilaian '{ref}' belum final", "assessment '{ref}' is not finalised"),
    "export.bad_target": ("tujuan ekspor harus folder atau berkas .zip: {path}",
                          "the export target must be a folder or a .zip file: {path}"),
    "export.verify_failed": ("berkas yang ditulis ke {path} tidak cocok saat dibaca ulang; "
                             "salinan tetap ada di outbox", "the file written to {path} did not "
                             "match when read back; a copy stays in the outbox"),
    "export.no_office_key": ("kunci kantor belum ada; impor paket tugas terlebih dahulu",
                             "no office key yet; import an assignment pack first"),
    "export.bad_record": ("penilaian {ref} tidak dapat diekspor: {detail}",
                          "assessment {ref} cannot be exported: {detail}"),
    "conflict.not_found": ("konflik '{ref}' tidak ditemukan", "conflict '{ref}' not found"),
    "conflict.already_resolved": ("konflik '{ref}' sudah diselesaikan",
                                  "conflict '{ref}' is already resolved"),
    "conflict.bad_action": ("tindakan '{action}' tidak dikenal (keep_stored atau take_incoming)",
                            "unknown action '{action}' (keep_stored or take_incoming)"),
    "conflict.id_in_use": ("revisi '{ref}' sudah dipakai catatan lain",
                           "revision '{ref}' is already used by another record"),
    # office database on PostgreSQL, dashboard and exports (issue 5, storage/office)
    "db.bad_url": ("alamat basis data tidak sah atau tidak didukung: {url} (gunakan "
                   "postgresql+psycopg://pengguna@host:port/nama)",
                   "the database URL is not valid or not supported: {url} (use "
                   "postgresql+psycopg://user@host:port/name)"),
    "db.unavailable": ("server basis data tidak dapat dihubungi: {path} ({detail})",
                       "cannot reach the database server: {path} ({detail})"),
    "db.access_denied": ("akses ke basis data ditolak: {path} ({detail})",
                         "access to the database was denied: {path} ({detail})"),
    "db.pg_encoding": ("basis data PostgreSQL harus memakai encoding UTF8 (sekarang {encoding})",
                       "the PostgreSQL database must use the UTF8 encoding (it uses {encoding})"),
    "backup.not_sqlite": ("'{action}' hanya untuk basis data SQLite di laptop; basis data "
                          "server ({url}) dicadangkan dan diperiksa oleh administratornya "
                          "(pg_dump)", "'{action}' is for the laptop's SQLite database only; "
                          "the server database ({url}) is backed up and checked by its "
                          "administrator (pg_dump)"),
    "office.export_verify_failed": ("berkas ekspor gagal diverifikasi setelah ditulis: {path}",
                                    "the exported file failed verification after writing: {path}"),
    # --- desktop GUI (issue 3): add entries below this line
    "editor.file_unreadable": ("berkas '{name}' tidak dapat dibaca: {reason}",
                               "cannot read the file '{name}': {reason}"),
    "editor.not_a_file": ("'{name}' bukan berkas", "'{name}' is not a file"),
    "shell.signature_empty": ("tanda tangan masih kosong; tanda tangani di dalam kotak",
                              "the signature pad is empty; sign inside the box"),
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
    if isinstance(params.get("problems"), str):  # integrity problem codes -> words
        words = [_M.get("integrity." + p.strip(), (p.strip(), p.strip()))
                 for p in params["problems"].split(",") if p.strip()]
        params["problems"] = "; ".join(w[1] if lang == "en" else w[0] for w in words)
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
    if code == "value.constraint":
        if lang == "en" and params.get("message_en"):
            params["message"] = params["message_en"]
        if not params.get("message"):
            code = "value.constraint_default"
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


# ------------------------------------------------------------------ verification sentences
# (shared by ``assessor-app verify`` and the GUI's verify dialog)

PAPER_LABELS: dict[str, tuple[str, str]] = {
    "form": ("Formulir", "Form"), "template": ("Templat", "Template"),
    "record": ("Catatan", "Record"), "assessee": ("Asesi", "Assessee"),
    "nik": ("NIK", "NIK"), "institution": ("Lembaga", "Institution"),
    "visit": ("Kunjungan", "Visit"), "assessor": ("Asesor", "Assessor"),
    "unit": ("Unit", "Unit"), "verdict": ("Rekomendasi/hasil", "Recommendation/result"),
    "finalised": ("Difinalisasi", "Finalised"), "signer": ("Ditandatangani", "Signed by"),
    "status": ("Status", "Status"),
}


_OS_WORDS = {"is_dir": ("ini sebuah folder, bukan berkas", "this is a folder, not a file"),
             "not_found": ("berkas tidak ditemukan", "the file does not exist"),
             "no_permission": ("tidak ada izin membaca berkas", "no permission to read it")}


def describe_paper_check(check: Any, lang: str) -> str:
    """One sentence for a ``PaperCheck`` (``verify --code``), in the user's language."""
    params = {"code": check.code, "aid": (check.assessment_id or "")[:8],
              "rev": check.revision, "current": check.current_revision,
              "template": check.template_code or "", "subject": check.subject or "",
              "detail": "; ".join(message("integrity." + p, {}, lang) for p in check.problems)}
    key = "verify.code_valid" if check.valid else "verify." + check.reason_code
    return message(key, params, lang)


def describe_result(result: Any, lang: str) -> str:
    """One sentence for a VerifyResult, in the user's language."""
    params = {
        "aid": (result.assessment_id or "")[:8], "rev": result.revision,
        "current": result.current_revision, "template": result.template_code or "",
        "subject": result.subject or "", "code": result.verification_code or "",
        "status": result.status or "",
        "printed": (result.printed_sha256 or "")[:12], "now": (result.record_sha256 or "")[:12],
        "detail": "; ".join(message("integrity." + p, {}, lang) for p in result.problems)
        if getattr(result, "problems", ()) else _OS_WORDS.get(result.detail or "", (
            result.detail or "", result.detail or ""))[1 if lang == "en" else 0],
    }
    code = "verify." + result.reason_code
    if result.valid and result.draft:
        code = "verify.valid_draft"
    return message(code, params, lang)


def describe_pdf_signature(sig: dict[str, Any] | None, lang: str) -> str:
    """One line on the PAdES signature of a verified file."""
    if not sig:
        return message("verify.pdf_unsigned", {}, lang)
    if sig.get("trusted"):
        chain = message("verify.pdf_chain_trusted", {"issuer": sig.get("issuer_name") or ""},
                        lang)
    elif sig.get("self_issued"):
        chain = message("verify.pdf_chain_self", {}, lang)
    else:
        chain = message("verify.pdf_chain_untrusted",
                        {"issuer": sig.get("issuer_name") or "?"}, lang)
    if not sig.get("intact"):
        state = message("verify.pdf_state_broken", {}, lang)
    elif sig.get("modified_after_signing"):
        state = message("verify.pdf_state_modified", {}, lang)
    else:
        state = message("verify.pdf_state_intact", {}, lang)
    return message("verify.pdf_signature", {"signer": sig.get("signer_name") or "?",
                                            "device": sig.get("device_id") or "?",
                                            "chain": chain, "state": state}, lang)


_STATUS_WORDS = {"draft": ("draf", "draft"), "complete": ("final, belum ditandatangani",
                                                         "final, not signed yet"),
                 "signed": ("sebagian sudah ditandatangani", "partly signed"),
                 "locked": ("terkunci: semua penanda tangan sudah menandatangani",
                            "locked: every signer has signed")}


def paper_line_text(line: Any, lang: str) -> tuple[str, str]:
    """(label, value) of one ``PaperLine`` in the user's language, times as printed on the
    paper ('20 November 2026 pukul 10.15 WIB')."""
    from assessor_app.formatting import long_date, moment

    en = lang == "en"
    label = PAPER_LABELS.get(line.key, (line.key, line.key))[1 if en else 0]
    value = line.value
    if line.key == "status":
        words = _STATUS_WORDS.get(value)
        value = (words[1] if en else words[0]) if words else value
    if getattr(line, "day", None):
        try:
            day = long_date(line.day, lang)
        except ValueError:
            day = line.day
        value = f"{value} · {day}" if value else day
    if line.at:
        try:
            when = moment(line.at, line.zone, lang)
        except ValueError:
            when = line.at
        value = f"{value}, {when}" if value else when
    return label, value
