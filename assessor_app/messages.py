"""User-facing words for error codes, in Indonesian (default) and English.

Core and services raise errors with a code and parameters; the CLI and the UI call
:func:`describe` to turn them into a sentence in the user's language.

The words live in the one message catalogue (:mod:`assessor_app.i18n`): each entry below is
marked with ``M_(code, indonesian)``, extracted with the code as msgctxt, and its English
comes from ``assessor_app/locale/en/LC_MESSAGES/assessor.po``.
"""

from __future__ import annotations

from typing import Any

from assessor_app.core.errors import AppError, TemplateIssue
from assessor_app.i18n import DEFAULT_LANGUAGE, catalogue, current_language
from assessor_app.vocabulary import STATUS_WORDS

DEFAULT_LANG = DEFAULT_LANGUAGE


def M_(code: str, text: str) -> tuple[str, str]:  # noqa: N802 - a gettext-style marker
    """Marks the Indonesian words of ``code`` for extraction (msgctxt = the code)."""
    return code, text


def _words(table: dict[str, str], key: str, lang: str | None) -> str | None:
    """The words of ``key`` (a key of ``table``) in ``lang``, or None if unknown."""
    text = table.get(key)
    return None if text is None else catalogue(lang).pgettext(key, text)


# The words of a value type in "'{key}' harus berupa {expected}" (template.bad_type).
_TYPE_WORDS: dict[str, str] = dict((
    M_("type.number", "angka"),
    M_("type.whole number", "bilangan bulat"),
    M_("type.text", "teks"),
    M_("type.true/false", "true/false"),
    M_("type.expression", "ekspresi"),
))

# Why an image inside a bundle was refused (bundle.bad_image's {reason}).
_IMAGE_REASONS: dict[str, str] = dict((
    M_("image.not_png", "bukan PNG"),
    M_("image.not_jpeg", "bukan JPEG"),
    M_("image.not_an_image", "bukan gambar JPEG/PNG"),
    M_("image.trailing_data", "ada data sesudah akhir gambar"),
    M_("image.truncated", "gambar terpotong"),
    M_("image.chunk_not_allowed", "bagian PNG yang tidak diizinkan"),
    M_("image.segment_not_allowed", "bagian JPEG yang tidak diizinkan"),
    M_("image.bad_crc", "checksum PNG salah"),
    M_("image.bad_header", "kepala gambar rusak"),
    M_("image.too_many_pixels", "terlalu banyak piksel"),
    M_("image.decode_failed", "gambar tidak dapat dibuka"),
    M_("image.size_differs", "ukuran gambar tidak sama dengan yang tercatat"),
))

# What was wrong with a value in a bundle's data (bundle.schema's "{where}": the path,
# then pydantic's error type in brackets).
_SCHEMA_TYPES: dict[str, str] = dict((
    M_("schema.missing", "tidak ada"),
    M_("schema.extra_forbidden", "kolom tidak dikenal"),
    M_("schema.string_too_long", "teks terlalu panjang"),
    M_("schema.string_too_short", "teks terlalu pendek"),
    M_("schema.string_pattern_mismatch", "format salah"),
    M_("schema.string_type", "harus berupa teks"),
    M_("schema.int_type", "harus berupa bilangan bulat"),
    M_("schema.int_parsing", "harus berupa bilangan bulat"),
    M_("schema.float_type", "harus berupa angka"),
    M_("schema.bool_type", "harus berupa true/false"),
    M_("schema.literal_error", "nilai tidak dikenal"),
    M_("schema.greater_than_equal", "terlalu kecil"),
    M_("schema.less_than_equal", "terlalu besar"),
    M_("schema.too_long", "terlalu banyak"),
    M_("schema.list_type", "harus berupa daftar"),
    M_("schema.dict_type", "harus berupa objek"),
    M_("schema.model_type", "harus berupa objek"),
    M_("schema.not an object", "bukan objek JSON"),
    M_("schema.duplicate", "tercantum dua kali"),
    M_("schema.payload.enc without encryption", "payload.enc tanpa keterangan enkripsi"),
    M_("schema.sealed payload", "isi tersegel bersama berkas lain"),
))

# The words of a record kind in "'{ref}' tidak ditemukan sebagai {kind}" (subject.*).
_KIND_WORDS: dict[str, str] = dict((
    M_("kind.institution", "lembaga"),
    M_("kind.assessee", "asesi"),
    M_("kind.assessor", "asesor"),
    M_("kind.visit", "kunjungan"),
    M_("kind.scheme", "skema"),
))

# The words of a field in "'{field}' wajib diisi" (value.required).
_FIELD_WORDS: dict[str, str] = dict((
    M_("field.name", "nama"),
    M_("field.letter_no", "nomor surat tugas"),
    M_("field.place", "tempat"),
    M_("field.reason", "alasan"),
    M_("field.given_by", "pemberi persetujuan"),
    M_("field.scope", "cakupan persetujuan"),
    M_("field.discovered_at", "waktu diketahui"),
    M_("field.description", "uraian kejadian"),
    M_("field.data_categories", "data yang terdampak"),
))

# The words of a file kind in file.not_regular, file.bad_target, data_dir.not_folder.
_FILE_KIND_WORDS: dict[str, str] = dict((
    M_("filekind.file", "berkas biasa"),
    M_("filekind.dir", "folder"),
    M_("filekind.fifo", "pipa bernama (FIFO)"),
    M_("filekind.device", "berkas perangkat"),
    M_("filekind.socket", "soket"),
    M_("filekind.other", "berkas khusus"),
))

_M: dict[str, str] = dict((
    # --- YAML and template structure
    M_("yaml.syntax", "sintaks YAML salah: {problem}"),
    M_("yaml.expected_mapping", "{what} harus berupa pemetaan (kunci: nilai)"),
    M_("yaml.expected_list", "'{key}' harus berupa daftar (- ...)"),
    M_("yaml.bad_key", "kunci harus berupa teks"),
    M_("yaml.duplicate_key", "kunci '{key}' ditulis dua kali"),
    M_("template.invalid", "templat tidak valid ({count} masalah)"),
    M_("template.unreadable", "berkas tidak dapat dibaca: {reason}"),
    M_("template.too_large", "berkas templat terlalu besar"),
    M_("template.long_text", "teks {what} sepanjang {length} karakter (lebih dari {limit}) "
                             "tidak muat dalam satu sel tabel: laporan akan mencetak "
                             "tabelnya baris demi baris agar teks berlanjut ke halaman "
                             "berikutnya"),
    M_("template.not_utf8", "berkas bukan teks UTF-8 (byte {offset})"),
    M_("template.not_mapping", "isi berkas harus berupa pemetaan YAML"),
    M_("template.unknown_key", "kunci tidak dikenal '{key}' pada {what}{hint}"),
    M_("template.missing_key", "kunci wajib '{key}' tidak ada"),
    M_("template.empty_value", "'{key}' tidak boleh kosong"),
    M_("template.bad_type", "'{key}' harus berupa {expected}"),
    M_("template.out_of_range", "'{key}' di luar rentang yang diizinkan"),
    M_("template.bad_choice", "'{value}' bukan nilai yang sah untuk '{key}' (pilihan: {allowed})"),
    M_("template.bad_name", "nama '{name}' tidak sah: gunakan huruf kecil, angka dan _"),
    M_("template.duplicate_name", "nama '{name}' sudah dipakai di baris {first_line}"),
    M_("template.bad_format_version", "format templat {found} tidak didukung (didukung: "
       "{supported})"),
    M_("template.duplicate_signer", "peran penanda tangan '{role}' ditulis dua kali"),
    M_("template.repeat_in_header", "kelompok berulang '{name}' tidak boleh di kepala formulir"),
    M_("template.no_sections", "templat tidak memiliki bagian"),
    M_("template.no_options", "skala jawaban '{name}' tidak memiliki pilihan"),
    M_("template.bad_option_value", "nilai pilihan '{value}' tidak sah: huruf kecil, angka dan _"),
    M_("template.duplicate_option", "nilai pilihan '{value}' ditulis dua kali"),
    M_("template.duplicate_grade", "predikat '{grade}' ditulis dua kali"),
    M_("template.grade_bands_gap", "predikat harus memiliki satu pita dengan min: 0 tanpa "
       "requires_pass"),
    M_("template.empty_section", "bagian '{name}' tidak berisi butir"),
    M_("template.unknown_response_set", "skala jawaban '{name}' tidak dikenal{hint}"),
    M_("template.key_not_for_type", "'{key}' tidak berlaku untuk tipe '{type}'"),
    M_("template.unknown_signer", "peran '{role}' tidak ada di daftar signers"),
    M_("template.nested_repeat", "kelompok berulang '{name}' tidak boleh di dalam kelompok "
       "berulang"),
    M_("template.empty_repeat", "kelompok berulang '{name}' tidak berisi butir"),
    M_("template.min_above_max", "min_rows lebih besar dari max_rows"),
    M_("template.unsourced_scoring", "batas lulus atau predikat tanpa scoring.source: laporan "
       "mencetaknya sebagai hitungan aplikasi, bukan keputusan resmi. Tulis dokumen yang "
       "menetapkannya di scoring.source bila ada"),
    M_("template.recommendation_item", "templat lembaga dengan verdict: recommendation harus "
       "memiliki tepat satu butir dengan recommendation: true (ada {count})"),
    M_("template.recommendation_needs_verdicts", "butir rekomendasi '{name}' harus berupa "
       "select_one di luar tabel, dan setiap pilihannya harus memiliki verdict "
       "(recommended, conditional atau not_recommended)"),
    M_("template.recommendation_unused", "recommendation: true pada '{name}' hanya berlaku "
       "untuk templat lembaga dengan verdict: recommendation"),
    M_("template.bad_column_name", "nama kolom pilihan '{name}' tidak sah (huruf, angka dan _, "
       "diawali huruf; bukan {reserved})"),
    M_("template.key_needs_key", "'{key}' hanya berlaku bersama '{other}'"),
    M_("template.keys_conflict", "'{key}' dan '{other}' tidak boleh dipakai bersama"),
    M_("template.critical_needs_choice", "butir kritis '{name}' harus berupa pilihan"),
    M_("template.kuk_needs_scale", "KUK '{name}' harus select_one dengan skala bernilai (mis. "
       "ya_tidak)"),
    M_("template.decision_needs_k_bk", "butir keputusan '{name}' harus select_one dengan "
       "pilihan k dan bk (mis. k_bk)"),
    M_("template.unit_needs_decision", "unit '{name}' harus memiliki tepat satu butir "
       "keputusan (decision: true) karena verdict: decision"),
    M_("template.not_found", "templat '{code}' tidak ditemukan"),
    M_("template.unusable", "templat '{code}' tidak dapat dipakai karena tidak valid"),
    M_("template.version_conflict", "templat {code} versi {version} sudah ada dengan isi berbeda; "
       "naikkan nomor versinya"),
    # --- personal data (UU PDP): consent register, audit log, subject report, retention,
    # breach log
    M_("consent.not_found", "catatan persetujuan '{ref}' tidak ditemukan"),
    M_("consent.ambiguous", "'{ref}' cocok dengan beberapa catatan persetujuan; tulis lebih "
       "banyak karakter ID-nya"),
    M_("consent.one_subject", "persetujuan dicatat untuk tepat satu asesi atau satu lembaga"),
    M_("consent.reason_required", "alasan penarikan persetujuan wajib diisi"),
    M_("consent.withdrawn_before_given", "tanggal penarikan sebelum persetujuan diberikan "
       "({given})"),
    M_("consent.already_withdrawn", "persetujuan ini sudah ditarik pada {at}"),
    M_("consent.withdrawn_in_future", "tanggal penarikan {at} belum tiba; isi tanggal hari "
       "ini atau sebelumnya"),
    M_("consent.withdrawn_subject", "persetujuan {name} telah ditarik pada {at}: penilaian "
       "baru tidak dapat dimulai sebelum persetujuan baru dicatat"),
    M_("audit.unknown_action", "tindakan '{value}' tidak dikenal di log audit (tindakan: "
       "{allowed})"),
    M_("value.dates_reversed", "tanggal awal {date_from} jatuh sesudah tanggal akhir "
       "{date_to}; tukar keduanya"),
    M_("audit.bad_format", "log audit diekspor sebagai .csv atau .xlsx, bukan '{path}'"),
    M_("subject.bad_format", "laporan subjek data disimpan sebagai .pdf atau .json, bukan "
       "'{path}'"),
    M_("breach.not_found", "catatan insiden '{ref}' tidak ditemukan"),
    M_("breach.ambiguous", "'{ref}' cocok dengan beberapa catatan insiden; tulis lebih "
       "banyak karakter ID-nya"),
    M_("breach.bad_format", "draf pemberitahuan disimpan sebagai .pdf, bukan '{path}'"),
    M_("retention.bad_days", "masa retensi '{value}' tidak sah: bilangan bulat 0 sampai "
       "{max} hari"),
    M_("event.consent_first", "{form} belum dapat dimulai: FR.AK.01 (persetujuan asesmen) "
       "asesi untuk skema ini belum ditandatangani"),
    M_("event.scheme_not_found", "skema '{ref}' tidak ditemukan (impor dulu dengan "
       "'schemes import')"),
    M_("event.scheme_needed", "kunjungan {visit} belum terhubung ke skema; sebutkan skemanya "
       "dengan --scheme"),
    M_("event.form_not_in_scheme", "skema {scheme} tidak memiliki formulir {form}"),
    M_("event.missing", "{asesi}: {form} belum dibuat"),
    M_("event.missing_evidence", "{asesi}: belum ada instrumen asesmen (FR.IA) yang final"),
    M_("event.draft", "{asesi}: {form} masih draf"),
    M_("event.unsigned", "{asesi}: {form} belum ditandatangani"),
    M_("event.missing_batch", "laporan {form} batch ini belum ditandatangani"),
    M_("event.no_asesi", "belum ada asesi pada kunjungan ini"),
    M_("scheme.invalid", "{file}:{line}{at}: data skema tidak valid: {reason_text}"),
    M_("scheme.bad_version", "versi skema '{version}' hanya boleh huruf, angka, '.', '-' dan "
       "'_'"),
    M_("scheme.not_found", "skema '{slug}' belum terpasang"),
    M_("scheme.unsupported_form", "formulir '{form}' belum dapat dibuat dari data skema "
       "(didukung: {supported})"),
    # --- expressions
    M_("expr.syntax", "kesalahan ekspresi pada '{attr}': {detail}"),
    M_("expr.empty", "ekspresi '{attr}' kosong"),
    M_("expr.too_long", "ekspresi '{attr}' terlalu panjang"),
    M_("xlsform.invalid", "XLSForm tidak dapat dibaca: {reason}"),
    M_("xlsform.unclosed", "'{kind}' '{name}' tidak pernah ditutup: tambahkan baris "
       "end_group / end_repeat (huruf kecil)"),
    M_("xlsform.unmatched_end", "'{kind}' tanpa begin_group / begin_repeat yang cocok"),
    M_("xlsform.duplicate_name", "nama '{name}' sudah dipakai di grup yang sama"),
    M_("xlsform.no_name", "baris tanpa nama (kolom name kosong), atau jenisnya tidak dikenal: "
       "tulis begin_group, end_group, begin_repeat, end_repeat dengan huruf kecil"),
    M_("xlsform.bad_name", "nama tidak sah: awali dengan huruf atau _, sesudahnya huruf, "
       "angka, _, - atau ."),
    M_("xlsform.unknown_ref", "${{{name}}} pada kolom '{column}' tidak ada di lembar survey"),
    M_("xlsform.no_choices", "lembar choices tidak ada atau tidak memiliki kolom list_name, "
       "name dan label"),
    M_("xlsform.unknown_list", "daftar pilihan '{name}' tidak ada di lembar choices"),
    M_("xlsform.no_survey", "lembar survey tidak ada atau kosong"),
    M_("xlsform.missing_column", "lembar {sheet} tidak memiliki kolom '{heading}'"),
    M_("xlsform.unsupported_type", "jenis '{type}' tidak didukung templat"),
    M_("xlsform.unsupported_column", "kolom '{column}' tidak didukung templat"),
    M_("xlsform.unsupported_value", "nilai '{value}' pada kolom '{column}' tidak didukung"),
    M_("xlsform.required_message", "required_message tanpa required: diabaikan"),
    M_("xlsform.language", "bahasa '{language}' tidak didukung (hanya Indonesia dan "
       "Inggris); kolom diabaikan"),
    M_("xlsform.layout_ignored", "tampilan '{appearance}' hanya tata letak; diabaikan"),
    M_("xlsform.metadata_ignored", "metadata '{type}' tidak dicatat templat; diabaikan"),
    M_("xlsform.geopoint_as_text", "geopoint dicatat sebagai teks (lintang bujur)"),
    M_("xlsform.item_after_group", "butir '{name}' sesudah subgrup: pindahkan ke atas subgrup "
       "atau ke grup sendiri"),
    M_("xlsform.unsupported_sheet", "lembar '{sheet}' tidak didukung templat"),
    M_("xlsform.label_reference", "${{...}} di dalam label ditampilkan apa adanya (tidak "
       "diganti jawaban)"),
    M_("xlsform.group_in_repeat", "grup '{name}' di dalam repeat tidak didukung"),
    M_("xlsform.unsupported_appearance", "tampilan '{appearance}' tidak didukung templat"),
    M_("xlsform.merged_cells", "sel digabung {range}: hanya sel pertama yang berisi nilai, "
       "sel lainnya terbaca kosong; pisahkan gabungan sel dan isi setiap sel"),
    M_("xlsform.formula_without_value", "sel berisi rumus Excel ({formula}) yang belum pernah "
       "dihitung, sehingga terbaca kosong: buka dan simpan berkas di Excel, atau tulis "
       "nilainya"),
    M_("xlsform.excel_error", "sel berisi galat Excel {value}"),
    M_("xlsform.no_header", "kolom {column} tidak berjudul di baris 1: isinya diabaikan"),
    M_("xlsform.empty_survey", "lembar survey tidak berisi satu pun pertanyaan"),
    M_("xlsform.not_exportable", "templat {code} tidak dapat ditulis sebagai XLSForm: {what}"),
    M_("expr.too_deep", "ekspresi '{attr}' terlalu dalam bersarang"),
    M_("expr.unexpected_token", "'{attr}': tanda '{token}' tidak terduga"),
    M_("expr.unexpected_end", "'{attr}': ekspresi berakhir sebelum selesai"),
    M_("expr.unclosed_paren", "'{attr}': tanda '(' tidak pernah ditutup"),
    M_("expr.unterminated_string", "'{attr}': teks dalam tanda kutip tidak ditutup"),
    M_("expr.bad_ref", "'{attr}': rujukan '{text}' salah tulis (tulis ${{nama}})"),
    M_("expr.unknown_function", "'{attr}': fungsi '{name}' tidak dikenal"),
    M_("expr.wrong_arg_count", "'{attr}': fungsi '{name}' menerima {expected} argumen, diberi "
       "{got}"),
    M_("expr.unknown_ref", "${{{name}}} merujuk ke butir yang tidak ada{hint}"),
    M_("expr.ref_to_section", "${{{name}}} adalah bagian, bukan butir"),
    M_("expr.ref_without_value", "${{{name}}} tidak memiliki nilai untuk dipakai dalam ekspresi"),
    M_("expr.cycle", "rujukan melingkar: {chain}"),
    M_("expr.bad_choice_name", "'{attr}': argumen kedua jr:choice-name harus menyebut butir "
       "pilihan dalam tanda kutip, mis. '${{nama_butir}}'"),
    M_("expr.unknown_column", "kolom pilihan '{name}' tidak ada pada pilihan '{set}'{hint}"),
    # --- typed values
    M_("value.not_editable", "butir ini tidak diisi langsung"),
    M_("value.read_only", "butir ini hanya-baca"),
    M_("value.bad_text", "teks berisi karakter yang tidak diizinkan (karakter kontrol atau "
       "Unicode rusak){at}"),
    M_("value.unprintable", "teks berisi karakter yang tidak dapat dicetak pada laporan "
       "(emoji atau aksara tanpa huruf cetak): {chars}; hapus atau ganti karakter itu"),
    M_("value.too_long", "teks terlalu panjang (maks. {max} karakter)"),
    M_("value.not_integer", "'{value}' bukan bilangan bulat"),
    M_("value.not_decimal", "'{value}' bukan angka"),
    M_("value.bad_date", "'{value}' bukan tanggal (TTTT-BB-HH)"),
    M_("value.date_out_of_range", "tanggal {value} di luar rentang yang masuk akal "
       "({earliest} sampai {latest}); periksa tahunnya"),
    M_("value.bad_birth_date", "tanggal lahir {value} tidak mungkin: harus antara {earliest} "
       "dan hari ini ({today})"),
    M_("value.bad_time", "'{value}' bukan jam (JJ:MM)"),
    M_("value.bad_datetime", "'{value}' bukan tanggal-jam (TTTT-BB-HHTJJ:MM)"),
    M_("value.required", "'{field}' wajib diisi"),
    M_("value.bad_nik", "NIK harus 16 angka ({value})"),
    M_("value.bad_email", "'{value}' bukan alamat email yang sah"),
    M_("input.unknown_field", "kolom '{field}' tidak dikenal"),
    M_("subject.required", "templat ini membutuhkan subjek: {kind}"),
    M_("assessee.nik_taken", "NIK {value} sudah tercatat untuk asesi {name}: pilih asesi itu, "
                             "atau periksa NIK yang diketik"),
    M_("visit.other_institution", "kunjungan {visit} adalah kunjungan ke lembaga lain, "
                                  "bukan ke {institution}: pilih kunjungan lembaga ini, "
                                  "buat kunjungan baru, atau mulai tanpa kunjungan"),
    M_("visit.end_time_before_start", "jam selesai kunjungan {end} tidak sesudah jam mulai "
       "{start} pada hari yang sama"),
    M_("visit.end_before_start", "tanggal selesai kunjungan {end} sebelum tanggal mulai "
                                 "{start}"),
    M_("evidence.not_found", "bukti '{ref}' tidak ditemukan"),
    M_("evidence.not_accepted", "butir '{item}' tidak menerima lampiran bukti"),
    M_("media.not_found", "berkas '{ref}' tidak ditemukan"),
    M_("data_dir.unsafe", "folder data {path} tidak aman untuk basis data ({reason}): gunakan "
       "disk laptop sendiri, bukan folder jaringan, USB atau folder yang disinkronkan ke cloud"),
    M_("db.busy", "basis data sedang sibuk; coba lagi"),
    M_("db.cant_open", "basis data tidak dapat dibuka: {path}"),
    M_("value.bad_signature", "tanda tangan tidak sah"),
    M_("value.bad_option", "'{value}' bukan pilihan yang sah (pilihan: {allowed})"),
    M_("value.constraint", "{message}"),
    M_("value.not_offered", "'{value}' tidak termasuk pilihan yang tersedia menurut jawaban "
       "sebelumnya (pilihan: {allowed})"),
    M_("value.constraint_default", "nilai tidak memenuhi batasan"),
    # --- records and workflow
    M_("assessment.not_found", "penilaian '{ref}' tidak ditemukan"),
    M_("assessment.ambiguous", "'{ref}' cocok dengan beberapa penilaian; ketik lebih banyak "
       "karakter"),
    M_("assessment.locked", "penilaian sudah {status}; buat revisi untuk mengubahnya"),
    M_("assessment.not_current", "revisi ini sudah digantikan revisi yang lebih baru"),
    M_("item.not_found", "butir '{item}' tidak ada di templat ini"),
    M_("item.no_value", "butir '{item}' tidak menerima jawaban"),
    M_("item.needs_row", "butir '{item}' ada di dalam tabel '{repeat}': sebutkan barisnya"),
    M_("repeat.max_rows", "tabel '{repeat}' paling banyak {max} baris"),
    M_("repeat.row_not_found", "baris {row} tidak ada di tabel '{repeat}'"),
    M_("subject.not_found", "'{ref}' tidak ditemukan sebagai {kind}"),
    M_("subject.ambiguous", "'{ref}' cocok dengan beberapa {kind}: {names}"),
    M_("finalise.incomplete", "belum dapat difinalisasi: {count} jawaban wajib kosong atau salah"),
    M_("sign.not_final", "finalisasi penilaian sebelum ditandatangani"),
    M_("sign.unknown_role", "peran '{role}' tidak perlu menandatangani templat ini"),
    M_("sign.already_signed", "peran '{role}' sudah menandatangani"),
    M_("sign.no_name", "nama penanda tangan wajib diisi"),
    M_("sign.minor_needs_guardian", "asesi {name} belum berusia 18 tahun: catat dulu nama "
       "orang tua/wali di data asesi (persetujuan data anak diberikan orang tua/wali)"),
    M_("sign.not_asesi", "nama penanda tangan asesi harus nama asesi penilaian ini ({name})"),
    M_("sign.not_asesi_or_guardian", "nama penanda tangan asesi harus nama asesi penilaian "
       "ini ({name}) atau orang tua/walinya ({guardian})"),
    M_("sign.bad_image", "gambar tanda tangan tidak sah"),
    M_("sign.no_ink", "gambar tanda tangan kosong: tidak ada coretan tanda tangan di dalamnya"),
    M_("sign.too_many_pixels", "gambar tanda tangan terlalu besar: lebih dari {limit} juta "
                               "piksel"),
    M_("revise.reason_required", "alasan revisi wajib diisi"),
    M_("assessment.not_draft", "hanya draf yang dapat dihapus; penilaian ini sudah {status}"),
    M_("assessment.not_final", "penilaian ini masih draf"),
    M_("assessment.reopen_signed", "penilaian yang sudah ditandatangani tidak dapat dibuka "
       "kembali; buat revisi untuk mengubahnya"),
    M_("assessment.already_sent", "revisi {revision} sudah dikirim ke kantor; buat revisi "
       "untuk mengubahnya"),
    M_("assessment.other_device", "penilaian ini dibuat di perangkat lain ({device}); hanya "
       "perangkat itu yang dapat mengubahnya"),
    M_("revise.not_locked", "hanya penilaian yang sudah final atau terkunci yang direvisi"),
    M_("revise.field_record", "penilaian ini dibuat di laptop lain ({device}); rekaman lapangan "
       "tidak direvisi di sini. Kantor mengirim \"Perlu perbaikan\" dengan komentar lewat "
       "Tinjauan, lalu asesor merevisinya di laptopnya"),
    M_("media.bad_image", "berkas '{name}' bukan gambar JPEG/PNG yang sah (rusak atau "
       "terpotong)"),
    M_("media.too_large", "berkas '{name}' terlalu besar ({size}); paling besar {limit}"),
    M_("media.too_many_pixels", "gambar '{name}' terlalu besar: lebih dari {limit} juta "
                                "piksel"),
    M_("media.empty", "berkas '{name}' kosong (0 byte)"),
    M_("media.unsupported", "berkas '{name}' ({kind}) tidak didukung; jenis yang diterima: "
       "{accepted}"),
    M_("media.not_what_it_says", "berkas '{name}' bukan {kind}: isinya tidak dikenali; jenis "
       "yang diterima: {accepted}"),
    M_("media.ext_mismatch", "isi berkas '{name}' adalah {kind}, tidak cocok dengan "
       "ekstensinya ({ext}); ganti nama berkas sesuai isinya"),
    M_("input.bad_assignment", "'{text}' harus berbentuk NAMA=NILAI"),
    M_("file.not_found", "berkas '{path}' tidak ditemukan"),
    M_("file.not_a_folder", "'{path}' bukan folder yang ada"),
    M_("file.not_regular", "'{path}' bukan berkas biasa, melainkan {kind}; tidak dibaca"),
    M_("file.too_large", "berkas '{path}' terlalu besar (maks. {limit})"),
    M_("file.bad_target", "tidak menulis ke '{path}': itu {kind}, bukan berkas biasa"),
    M_("file.no_permission", "tidak ada izin membuka '{path}'"),
    M_("data_dir.not_folder", "folder data '{path}' bukan folder, melainkan {kind}"),
    M_("data_dir.unusable", "folder data '{path}' tidak dapat dipakai: {detail}"),
    M_("report.visit_empty", "kunjungan {visit} belum punya penilaian final untuk dicetak"),
    # --- storage
    M_("disk.full", "disk penuh: {path}"),
    M_("disk.read_only", "lokasi hanya-baca: {path}"),
    M_("db.pragmas", "pengaturan keamanan basis data tidak dapat diterapkan"),
    M_("db.io", "kesalahan baca/tulis basis data: {detail}"),
    M_("db.too_new", "basis data dibuat oleh versi aplikasi yang lebih baru (skema {found}, "
       "aplikasi ini mendukung {supported}); perbarui aplikasi"),
    M_("db.not_ours", "berkas ini bukan basis data aplikasi ini"),
    M_("db.corrupt", "basis data rusak; pulihkan dari cadangan (assessor-app restore)"),
    M_("db.in_use", "basis data sedang dipakai oleh proses lain (pid {pid})"),
    M_("migration.backup_failed", "pembaruan skema dibatalkan: cadangan gagal dibuat"),
    M_("file.io", "berkas {path} tidak dapat ditulis atau dibaca: {detail}"),
    M_("backup.no_source", "basis data {path} tidak ada; tidak ada yang dicadangkan"),
    M_("restore.not_found", "berkas cadangan {path} tidak ditemukan"),
    M_("expr.bad_regex", "pola teks (regex) '{pattern}' tidak sah: {reason}"),
    M_("expr.regex_timeout", "pola teks (regex) '{pattern}' terlalu lama diperiksa"),
    M_("backup.corrupt", "salinan cadangan gagal diverifikasi"),
    M_("backup.no_space", "ruang disk tidak cukup untuk cadangan"),
    M_("restore.corrupt", "berkas cadangan rusak atau tidak lengkap"),
    M_("restore.not_ours", "berkas ini bukan cadangan aplikasi ini"),
    # --- reports and verification (issue 4): add entries below this line
    M_("report.which", "sebutkan tepat satu: ID penilaian, --visit atau --blank"),
    M_("report.saved", "Laporan disimpan: {file} ({pages} halaman, kode verifikasi {code})"),
    M_("report.visit_saved", "{n} laporan disimpan di {folder}"),
    M_("report.saved_draft", "Perhatian: penilaian ini masih DRAF; laporan bertanda \"DRAF — "
       "belum final\"."),
    M_("report.batch_form", "laporan per batch hanya untuk {allowed} (bukan '{form}')"),
    M_("report.no_batch_record", "kunjungan {visit} belum memiliki penilaian {form}; buat dulu "
       "dengan 'assessments new --template {form}'"),
    M_("report.layout", "laporan tidak dapat disusun: {detail}"),
    M_("report.write_check", "berkas {path} gagal diperiksa setelah ditulis"),
    M_("report.output_is_dir", "'{path}' adalah folder; sebutkan nama berkas PDF"),
    M_("report.not_rendered_here", "PDF ini tidak dibuat oleh layanan laporan ini"),
    M_("report.bad_part", "{form} tidak dicetak sebagai lembar '{part}' (lembar: {allowed})"),
    M_("verify.valid", "laporan asli: penilaian {aid} revisi {rev} ({template}, {subject}), kode "
       "verifikasi {code}"),
    M_("verify.valid_draft", "salinan asli dari DRAF penilaian {aid} revisi {rev} ({template}, "
       "{subject}), kode verifikasi {code} — belum final, bukan laporan resmi"),
    M_("verify.blank_form", "formulir kosong asli {template}, kode verifikasi {code} (bukan "
       "laporan penilaian)"),
    M_("verify.not_pdf", "berkas ini bukan PDF atau rusak"),
    M_("verify.unreadable", "berkas tidak dapat dibaca ({detail})"),
    M_("verify.no_payload", "PDF ini tidak memuat data verifikasi aplikasi ini"),
    M_("verify.unknown_record", "penilaian {aid} revisi {rev} tidak dikenal di basis data ini"),
    M_("verify.content_changed", "isi penilaian {aid} revisi {rev} sudah berbeda dari yang "
       "dicetak (dicetak {printed}…, sekarang {now}…)"),
    M_("verify.superseded", "penilaian {aid} sudah diubah: revisi {rev} yang dicetak digantikan "
       "revisi {current}"),
    M_("check.damaged_records", "{count} revisi penilaian final tidak lagi sesuai buktinya "
       "(diubah di luar aplikasi):"),
    M_("check.records_ok", "Semua penilaian final utuh (sidik dan tanda tangan dihitung ulang)."),
    M_("verify.which", "sebutkan berkas PDF atau --code KODE (salah satu)"),
    M_("verify.code_valid", "kode {code} milik penilaian {aid} revisi {rev} ({template}, "
       "{subject}); catatannya utuh dan berlaku"),
    M_("verify.compare_lines", "Bandingkan baris demi baris dengan kertasnya:"),
    M_("verify.modified_after_signing", "berkas PDF diubah setelah ditandatangani: yang "
       "ditandatangani adalah laporan asli penilaian {aid} revisi {rev}, tetapi halamannya kini "
       "berbeda"),
    M_("verify.pdf_signature", "Tanda tangan digital PDF: {signer} (perangkat {device}), "
       "sertifikat {chain}; {state}"),
    M_("verify.pdf_state_intact", "utuh, mencakup seluruh berkas"),
    M_("verify.pdf_state_modified", "utuh, tetapi berkas ditambah setelah ditandatangani"),
    M_("verify.pdf_state_broken", "tidak lagi cocok (berkas disimpan ulang oleh program lain atau "
       "diubah)"),
    M_("verify.pdf_chain_trusted", "dari kantor ({issuer}), tepercaya"),
    M_("verify.pdf_chain_self", "buatan sendiri: perangkat belum terdaftar di kantor"),
    M_("verify.pdf_chain_untrusted", "dari {issuer}, tidak dikenal di sini"),
    M_("verify.pdf_unsigned", "PDF ini tidak bertanda tangan digital (dicocokkan dengan isi "
       "catatan)"),
    M_("report.sign_failed", "laporan tidak dapat ditandatangani secara digital: {detail}"),
    M_("verify.valid_before_signing", "laporan asli penilaian {aid} revisi {rev} ({template}, "
       "{subject}), dicetak sebelum semua tanda tangan dibubuhkan ({detail}); cetak ulang untuk "
       "salinan bertanda tangan"),
    M_("verify.record_damaged", "catatan penilaian {aid} revisi {rev} di basis data ini telah "
       "diubah di luar aplikasi ({detail}); laporan ini tidak dapat dinyatakan sah"),
    M_("verify.code_mismatch", "kode verifikasi yang tercetak bukan kode penilaian {aid} revisi "
       "{rev}"),
    M_("verify.code_unknown", "kode {code} tidak dikenal di basis data ini"),
    M_("verify.code_bad", "'{code}' bukan kode verifikasi (16 huruf/angka, mis. "
       "7K3M-Q9TA-X2PD-4HVE)"),
    M_("export.media_changed", "foto atau gambar tanda tangan {sha}… telah diubah di luar "
       "aplikasi; tidak ada yang dikirim (jalankan 'periksa')"),
    M_("export.damaged", "penilaian {ref} revisi {rev} tidak dikirim: catatannya telah diubah di "
       "luar aplikasi ({problems}); jalankan 'periksa'"),
    M_("report.damaged", "penilaian {aid} revisi {rev} tidak dicetak: catatannya telah diubah di "
       "luar aplikasi ({problems}); jalankan 'periksa' dan pulihkan dari cadangan"),
    M_("assessment.damaged", "penilaian ini tidak dapat ditandatangani: catatannya telah diubah "
       "di luar aplikasi ({problems})"),
    M_("sign.registration_required", "No. Reg. asesor ({role}) wajib diisi pada formulir BNSP, "
       "mis. MET.000.004633 2020"),
    M_("sign.bad_registration", "'{value}' bukan No. Reg. asesor BNSP (contoh: MET.000.004633 "
       "2020)"),
    M_("sign.other_device", "penilaian ini dibuat di perangkat lain ({device}); tanda tangan "
       "hanya di perangkat itu"),
    M_("integrity.content_changed", "isi tidak cocok dengan sidiknya"),
    M_("integrity.derived_changed", "nilai/rekomendasi tersimpan tidak sesuai jawaban"),
    M_("integrity.status_changed", "status tidak sesuai tanda tangan"),
    M_("integrity.signature_invalid", "tanda tangan digital tidak sah"),
    M_("integrity.signature_unbound", "tanda tangan untuk isi yang lain"),
    M_("integrity.code_invalid", "kode verifikasi tidak sah"),
    M_("integrity.media_changed", "foto/gambar tanda tangan diubah"),
    M_("integrity.history_changed", "riwayat revisi diubah (revisi berlaku bukan yang tertinggi, "
       "nomor terlewat, atau rantai revisi putus)"),
    M_("integrity.template_invalid", "templat yang tersimpan tidak lagi dapat dimuat"),
    M_("integrity.time_invalid", "waktu tersimpan tidak sah atau di masa depan"),
    M_("integrity.subject_missing", "data subjek tidak dibekukan (dibuat sebelum versi ini)"),
    M_("verify.edited_pdf", "berkas PDF telah diubah: isinya tidak sama dengan laporan asli "
       "penilaian {aid} revisi {rev}"),
    M_("verify.record_differs", "PDF ini utuh dan ditandatangani perangkat pembuatnya, tetapi "
       "catatan penilaian {aid} revisi {rev} di basis data ini tidak lagi sama dengan yang "
       "dicetak (status sekarang: {status}); periksa catatan itu, bukan berkas ini"),
    # --- sync: bundles, packs, receipts, office (issue 5): add entries below this line
    # office review status and the office/sync screens (issue 5, GUI)
    M_("review.bad_status", "status tinjauan '{status}' tidak dikenal (pilihan: {allowed})"),
    M_("review.comment_required", "komentar wajib diisi untuk status Perlu perbaikan dan Ditolak"),
    M_("review.comment_too_long", "komentar terlalu panjang (maks. {max} karakter)"),
    M_("review.reviewer_required", "nama peninjau wajib diisi (isi profil di Pengaturan)"),
    M_("review.nothing_to_send", "belum ada keputusan tinjauan atau penarikan persetujuan "
       "untuk dikirim ke perangkat {device}"),
    M_("review.receipt_too_large", "tanda terima untuk perangkat {device} akan lebih dari "
       "{max_mb} MB, lebih besar dari yang dibaca laptop; tidak ada yang ditulis"),
    M_("review.not_final", "penilaian {ref} revisi {revision} belum final: Disetujui dan Ditolak "
       "hanya untuk penilaian yang sudah final atau terkunci"),
    # what an import that went through still says (services.sync_common.IMPORT_WARNINGS)
    M_("import.receipt_not_written", "tanda terima tidak dapat ditulis ke {path} ({detail}); "
       "impornya tetap tersimpan, dan mengimpor berkas yang sama sekali lagi menulis tanda "
       "terimanya lagi"),
    M_("import.old_bundle_accepted", "bundel lama diterima atas konfirmasi (nomor urut {seq}; "
       "dari laptop ini sudah diterima sampai nomor {last})"),
    M_("import.chain_broken", "urutan bundel dari laptop ini terputus sebelum nomor {seq}: ada "
       "bundel yang belum diterima kantor"),
    M_("import.kept_office_version", "data {kind} '{name}' dari laptop berbeda dengan yang "
       "tersimpan di kantor; data kantor dipertahankan"),
    M_("import.answers_outside_content", "penilaian {ref} r{revision}: jawaban butir yang "
       "tersembunyi oleh logika lompat atau tidak ada di templat tidak disimpan, karena tidak "
       "termasuk isi yang ditandatangani ({items}); bundel dari versi aplikasi lama dapat "
       "membawanya"),
    M_("officeui.no_template", "pilih templat yang akan diekspor"),
    M_("officeui.no_target", "pilih berkas tujuan"),
    # sync by file: result bundles, receipts, packs, devices (issue 5, sync core)
    M_("bundle.unreadable", "berkas '{name}' tidak dapat dibaca"),
    M_("bundle.not_regular", "'{name}' bukan berkas biasa, melainkan {kind}; tidak dibaca"),
    M_("bundle.bad_filename", "berkas '{name}' bukan bundel hasil (nama harus berakhiran .zip)"),
    M_("bundle.too_large", "berkas terlalu besar (maks. {max_mb} MB)"),
    M_("bundle.not_zip", "berkas bukan arsip zip yang utuh"),
    M_("bundle.polyglot", "arsip berisi data tambahan di luar zip (berkas campuran)"),
    M_("bundle.too_many_entries", "arsip berisi terlalu banyak berkas (maks. {max})"),
    M_("bundle.zip_slip", "arsip berisi jalur berbahaya '{name}'"),
    M_("bundle.bad_name", "arsip berisi berkas yang tidak diizinkan '{name}'"),
    M_("bundle.duplicate_name", "arsip berisi nama berkas ganda '{name}'"),
    M_("bundle.directory", "arsip berisi folder '{name}'"),
    M_("bundle.symlink", "arsip berisi tautan simbolik '{name}'"),
    M_("bundle.special_entry", "arsip berisi berkas khusus '{name}'"),
    M_("bundle.encrypted_entry", "arsip berisi berkas zip terenkripsi '{name}'"),
    M_("bundle.bad_method", "metode kompresi tidak didukung untuk '{name}'"),
    M_("bundle.entry_too_large", "berkas '{name}' di dalam arsip terlalu besar"),
    M_("bundle.ratio", "rasio kompresi '{name}' tidak wajar (bom zip)"),
    M_("bundle.overlap", "berkas di dalam arsip saling tumpang tindih ('{name}')"),
    M_("bundle.size_mismatch", "ukuran '{name}' tidak sesuai dengan yang tercatat"),
    M_("bundle.crc_mismatch", "isi '{name}' rusak (CRC salah)"),
    M_("bundle.missing_manifest", "manifest.json tidak ada"),
    M_("bundle.missing_sig", "tanda tangan digital (manifest.sig) tidak ada"),
    M_("bundle.bad_sig", "tanda tangan digital tidak sah: berkas diubah atau bukan dari laptop ini"),
    M_("bundle.unknown_device", "laptop {device} belum didaftarkan di kantor"),
    M_("bundle.revoked_device", "laptop {device} sudah dicabut pendaftarannya"),
    M_("bundle.name_mismatch", "nama berkas tidak cocok dengan isinya ({name})"),
    M_("bundle.unsupported_version", "format berkas versi {found} tidak didukung (didukung: "
       "{supported}); perbarui aplikasi"),
    M_("bundle.wrong_kind", "berkas ini adalah '{found}', bukan '{expected}'"),
    M_("bundle.json_encoding", "data bukan teks UTF-8 yang sah"),
    M_("bundle.json_syntax", "data JSON rusak (baris {line}, kolom {col})"),
    M_("bundle.json_duplicate_key", "data JSON berisi kunci ganda '{key}'"),
    M_("bundle.json_constant", "data JSON berisi angka tidak sah ({value})"),
    M_("bundle.json_number", "data JSON berisi angka terlalu panjang ({digits} digit)"),
    M_("bundle.json_depth", "data JSON bersarang terlalu dalam (maks. {max})"),
    M_("bundle.json_control", "data JSON berisi karakter kontrol"),
    M_("bundle.schema", "data tidak sesuai format: {where}"),
    M_("bundle.hash_mismatch", "isi '{name}' tidak cocok dengan sidik (SHA-256) di manifest"),
    M_("bundle.unlisted_file", "berkas '{name}' tidak tercantum di manifest"),
    M_("bundle.missing_file", "berkas '{name}' tidak ada"),
    M_("bundle.orphan_file", "berkas '{name}' tidak dirujuk oleh data mana pun"),
    M_("bundle.bad_media_type", "jenis berkas '{name}' tidak sesuai"),
    M_("bundle.not_for_us", "isi bundel dienkripsi untuk kantor lain ({office})"),
    M_("bundle.decrypt_failed", "isi bundel tidak dapat didekripsi (rusak atau kunci salah)"),
    M_("bundle.record_mismatch", "data penilaian tidak cocok dengan manifest"),
    M_("bundle.content_mismatch", "isi penilaian {assessment} tidak cocok dengan sidiknya"),
    M_("bundle.bad_template", "templat '{code}' di dalam berkas tidak sah"),
    M_("bundle.template_conflict", "templat {code} versi {version} sudah ada dengan isi berbeda"),
    M_("bundle.bad_reference", "data merujuk ke catatan yang tidak ada atau bentrok ({ref})"),
    M_("bundle.bad_image", "gambar di dalam berkas tidak sah ({reason})"),
    M_("bundle.bad_document", "dokumen '{name}' bukan PDF"),
    M_("bundle.replay_different", "bundel {bundle} sudah diimpor dengan isi berbeda"),
    M_("bundle.derived_mismatch", "nilai atau rekomendasi penilaian {assessment} tidak sesuai "
       "dengan jawabannya"),
    M_("bundle.status_mismatch", "status penilaian {assessment} tidak sesuai dengan tanda "
       "tangannya"),
    M_("bundle.bad_record_signature", "tanda tangan digital penilaian {assessment} tidak sah atau "
       "untuk isi lain"),
    M_("bundle.bad_code", "kode verifikasi penilaian {assessment} tidak sah"),
    M_("bundle.foreign_record", "penilaian {assessment} dibuat oleh perangkat lain ({device}), "
       "bukan pengirim bundel"),
    M_("bundle.not_owner", "penilaian {assessment} milik perangkat {owner}; perangkat {device} "
       "tidak boleh mengirim revisinya (kantor dapat mengalihkannya)"),
    M_("bundle.bad_timestamp", "waktu tidak sah pada {assessment} ({field}: {value})"),
    M_("bundle.future_timestamp", "waktu lebih dari sehari di masa depan pada {assessment} "
       "({field}: {value})"),
    M_("pack.bad_certificate", "sertifikat penandatanganan PDF di paket tidak untuk laptop ini "
       "atau tidak ditandatangani kantor"),
    M_("device.reassigned", "penilaian {assessment_id} kini dikirim oleh perangkat {device_id} "
       "(sebelumnya {previous}): {reason}"),
    M_("bundle.rollback", "bundel lama (nomor urut {seq}, terakhir {last}); impor hanya dengan "
       "konfirmasi (--accept-old)"),
    M_("receipt.untrusted", "tanda terima tidak ditandatangani oleh kantor yang dipercaya"),
    M_("receipt.unknown_bundle", "tanda terima untuk bundel yang tidak dikenal ({bundle})"),
    M_("receipt.sha_mismatch", "tanda terima tidak cocok dengan bundel yang dikirim ({bundle})"),
    M_("receipt.wrong_device", "tanda terima ini untuk laptop lain ({device})"),
    M_("pack.untrusted_office", "paket tugas tidak ditandatangani oleh kantor yang dipercaya"),
    M_("pack.wrong_device", "paket tugas ini untuk laptop lain ({device})"),
    M_("pack.replay_different", "paket {pack} sudah diimpor dengan isi berbeda"),
    M_("device.bad_key", "kunci publik tidak sah (44 karakter base64)"),
    M_("enrolment.too_large", "berkas pendaftaran terlalu besar (maks. {max_kb} KB); pilih "
       "berkas pendaftaran_….json dari laptop"),
    M_("enrolment.unreadable", "berkas pendaftaran '{name}' tidak dapat dibaca"),
    M_("enrolment.not_request", "berkas '{name}' bukan berkas pendaftaran laptop (rusak atau "
       "bukan pendaftaran_….json)"),
    M_("enrolment.unsupported_version", "versi berkas pendaftaran {found} belum dikenal "
       "(didukung: {supported}); perbarui aplikasi di kantor"),
    M_("enrolment.schema", "isi berkas pendaftaran '{name}' tidak sah ({where}); buat berkas "
       "baru di laptop"),
    M_("enrolment.bad_signature", "berkas pendaftaran '{name}' telah diubah setelah dibuat di "
       "laptop (tanda tangan tidak cocok); tidak ada yang didaftarkan. Minta berkas baru"),
    M_("enrolment.bad_target", "berkas pendaftaran tidak dapat disimpan di {path}"),
    M_("device.not_found", "laptop '{device}' tidak terdaftar"),
    M_("device.revoked", "laptop {device} sudah dicabut; daftarkan kunci baru"),
    M_("export.not_final", "penilaian '{ref}' belum final"),
    M_("export.bad_target", "tujuan ekspor harus folder atau berkas .zip: {path}"),
    M_("export.target_exists", "berkas {path} sudah ada dan tidak ditimpa; pilih nama lain "
       "atau sebuah folder"),
    M_("export.verify_failed", "berkas yang ditulis ke {path} tidak cocok saat dibaca ulang; "
       "salinan tetap ada di outbox"),
    M_("export.no_office_key", "kunci kantor belum ada; impor paket tugas terlebih dahulu"),
    M_("export.bad_record", "penilaian {ref} tidak dapat diekspor: {detail}"),
    M_("export.unsealed", "laptop belum mengenal kunci kantor, jadi bundel ini (NIK, nama, foto, "
       "tanda tangan) akan tertulis tanpa enkripsi; tidak ada yang ditulis. Impor paket tugas "
       "dari kantor dulu, atau kirim tanpa enkripsi dengan sengaja (baris perintah: --plain)"),
    M_("outbox.verify_failed", "salinan bundel di outbox laptop ({path}) tidak cocok saat "
       "dibaca ulang; tidak ada yang dikirim. Periksa ruang dan kesehatan disk laptop"),
    M_("outbox.not_found", "bundel '{ref}' tidak ada di outbox (sebut nomor urut atau id-nya)"),
    M_("outbox.gone", "salinan bundel nomor {seq} tidak ada lagi di outbox (sudah diterima "
       "kantor atau dihapus); kirim penilaiannya lagi dengan ekspor baru"),
    M_("outbox.unreadable", "salinan bundel {name} di outbox rusak, diubah, atau bukan milik "
       "basis data ini; tidak ada yang ditulis. Kirim penilaiannya lagi dengan ekspor baru"),
    M_("outbox.unsealed", "bundel nomor {seq} tidak dienkripsi untuk kantor (dibuat sebelum "
       "kunci kantor dikenal): salinannya berisi NIK, nama dan foto tanpa enkripsi; tidak ada "
       "yang ditulis. Kirim tetap dengan --plain, atau ekspor ulang setelah paket tugas "
       "diimpor"),
    M_("conflict.not_found", "konflik '{ref}' tidak ditemukan"),
    M_("conflict.already_resolved", "konflik '{ref}' sudah diselesaikan"),
    M_("conflict.bad_action", "tindakan '{action}' tidak dikenal (keep_stored atau take_incoming)"),
    M_("conflict.id_in_use", "revisi '{ref}' sudah dipakai catatan lain"),
    # office database on PostgreSQL, dashboard and exports (issue 5, storage/office)
    M_("db.bad_url", "alamat basis data tidak sah atau tidak didukung: {url} (gunakan "
       "postgresql+psycopg://pengguna@host:port/nama)"),
    M_("db.unavailable", "server basis data tidak dapat dihubungi: {path} ({detail})"),
    M_("db.access_denied", "akses ke basis data ditolak: {path} ({detail})"),
    M_("db.pg_encoding", "basis data PostgreSQL harus memakai encoding UTF8 (sekarang {encoding})"),
    M_("backup.not_sqlite", "'{action}' hanya untuk basis data SQLite di laptop; basis data "
       "server ({url}) dicadangkan dan diperiksa oleh administratornya (pg_dump)"),
    M_("office.export_verify_failed", "berkas ekspor gagal diverifikasi setelah ditulis: {path}"),
    # --- encryption at rest (issue 13: core/keys.py, services/keys.py, storage/encrypt.py)
    M_("key.wrong", "kata sandi salah; tidak ada yang diubah"),
    M_("key.wrong_wait", "kata sandi salah; tidak ada yang diubah. Terlalu banyak percobaan "
       "yang salah: coba lagi dalam {seconds} detik"),
    M_("key.wait", "terlalu banyak percobaan kata sandi yang salah; coba lagi dalam {seconds} "
       "detik (tidak ada data yang dihapus)"),
    M_("key.needed", "basis data di {path} terenkripsi dan perlu kata sandi: jalankan di "
       "terminal, atau tulis kata sandi di sebuah berkas dan setel ASSESSOR_PASSPHRASE_FILE "
       "ke berkas itu"),
    M_("key.needed_new", "folder data {path} belum berisi basis data: pilih kata sandi untuk "
       "basis data baru yang terenkripsi (minimal {min} karakter) dengan menjalankan perintah "
       "di terminal, atau tulis kata sandi itu di sebuah berkas dan setel "
       "ASSESSOR_PASSPHRASE_FILE ke berkas itu; tidak ada yang dibuat"),
    M_("key.needed_migrate", "basis data di {path} belum terenkripsi dan akan dienkripsi: pilih "
       "kata sandinya (minimal {min} karakter) dengan menjalankan perintah di terminal, atau "
       "tulis kata sandi itu di sebuah berkas dan setel ASSESSOR_PASSPHRASE_FILE ke berkas "
       "itu; tidak ada yang diubah"),
    M_("key.cancelled", "kata sandi tidak dimasukkan; basis data tidak dibuka"),
    M_("key.no_file", "berkas kunci {path} tidak ada, padahal basis datanya terenkripsi; tidak "
       "ada yang diubah. Kembalikan berkas kunci itu dari salinan folder data: tanpa berkas "
       "kunci, kode pemulihan kantor pun tidak dapat dibuat"),
    M_("key.bad_file", "berkas kunci {path} rusak atau bukan milik aplikasi ini; tidak ada yang "
       "diubah. Kembalikan berkas kunci dari salinan folder data"),
    M_("key.unreadable", "berkas kunci {path} tidak dapat dibaca: {detail}; tidak ada yang "
       "diubah"),
    M_("key.busy", "berkas kunci {path} sedang diubah oleh proses lain (aplikasi atau perintah "
       "lain yang terbuka); tidak ada yang diubah, coba lagi sebentar lagi"),
    M_("key.raced", "berkas kunci {path} baru saja dibuat oleh proses lain dengan kata sandi "
       "lain; tidak ada yang diubah. Tutup program lain itu dan mulai lagi dengan kata "
       "sandinya"),
    M_("key.keyring_kept", "gantungan kunci sistem masih menyimpan kunci basis data ini "
       "(penghapusan ditolak, mis. koleksinya terkunci); hapus entri 'assessor-app database "
       "key' ({key_id}) dengan pengelola kata sandi sistem"),
    M_("key.db_mismatch", "berkas kunci tidak membuka basis data {path} (kunci lain, atau "
       "halaman pertama basis data rusak); tidak ada yang diubah"),
    M_("key.too_short", "kata sandi terlalu pendek: minimal {min} karakter"),
    M_("key.mismatch", "kedua kata sandi tidak sama"),
    M_("key.passphrase_file", "berkas kata sandi {path} (ASSESSOR_PASSPHRASE_FILE) tidak dapat "
       "dipakai: {detail}"),
    M_("key.recovery_needed", "kode pemulihan tidak diberikan: jalankan di terminal (kode "
       "ditanyakan), atau simpan berkas dari kantor dan pakai --recovery-file"),
    M_("key.bad_recovery_code", "kode pemulihan tidak sah atau bukan untuk basis data ini"),
    M_("key.no_recovery", "berkas kunci {path} tidak memuat salinan pemulihan untuk kantor "
       "ini ({office})"),
    M_("key.not_encrypted", "basis data di folder ini tidak terenkripsi"),
    M_("db.no_sqlcipher", "modul enkripsi basis data (sqlcipher3) tidak terpasang"),
    M_("db.encrypt_failed", "basis data {path} tidak dapat dienkripsi; basis data lama tetap "
       "dipakai apa adanya ({problems})"),
    M_("restore.wrong_key", "cadangan {path} terenkripsi dengan kunci lain (dari laptop atau "
       "folder data lain)"),
    M_("strength.too_short", "terlalu pendek"),
    M_("strength.weak", "lemah: tambah panjang atau pakai beberapa kata"),
    M_("strength.fair", "cukup: beberapa kata lagi membuatnya lebih kuat"),
    M_("strength.good", "baik"),
    M_("strength.strong", "kuat"),
    # --- desktop GUI (issue 3): add entries below this line
    M_("editor.file_unreadable", "berkas '{name}' tidak dapat dibaca: {reason}"),
    M_("editor.not_a_file", "'{name}' bukan berkas"),
    M_("shell.signature_empty", "tanda tangan masih kosong; tanda tangani di dalam kotak"),
))


# Reasons of "scheme.invalid" (assessor_app.core.competency.REASONS).
_SCHEME_REASONS: dict[str, str] = dict((
    M_("scheme.reason.unreadable", "berkas tidak dapat dibaca ({error})"),
    M_("scheme.reason.not_utf8", "berkas bukan teks UTF-8"),
    M_("scheme.reason.yaml_syntax", "sintaks YAML salah: {problem}"),
    M_("scheme.reason.not_a_mapping", "'{key}' harus berupa pemetaan"),
    M_("scheme.reason.not_a_list", "'{key}' harus berupa daftar"),
    M_("scheme.reason.not_text", "'{key}' harus berupa teks"),
    M_("scheme.reason.duplicate_key", "kunci '{key}' ditulis dua kali"),
    M_("scheme.reason.unknown_key", "kunci '{key}' tidak dikenal"),
    M_("scheme.reason.missing_field", "'{key}' wajib diisi"),
    M_("scheme.reason.unknown_scheme_type", "jenis skema '{value}' tidak dikenal (pilihan: "
       "{allowed})"),
    M_("scheme.reason.bad_slug", "slug '{value}' hanya boleh huruf, angka, '.', '-' dan '_'"),
    M_("scheme.reason.units_twice", "tulis units_csv atau units, jangan keduanya"),
    M_("scheme.reason.no_units", "tidak ada unit atau KUK"),
    M_("scheme.reason.csv_not_found", "berkas CSV '{path}' tidak ditemukan"),
    M_("scheme.reason.csv_syntax", "CSV tidak dapat dibaca: {error}"),
    M_("scheme.reason.missing_column", "kolom '{column}' tidak ada"),
    M_("scheme.reason.unknown_column", "kolom '{column}' tidak dikenal"),
    M_("scheme.reason.duplicate_column", "kolom '{column}' ditulis dua kali"),
    M_("scheme.reason.too_many_cells", "baris berisi lebih banyak sel daripada judul kolom"),
    M_("scheme.reason.empty_value", "kolom '{column}' kosong"),
    M_("scheme.reason.inconsistent_unit", "unit {unit_code}: '{column}' berbeda dengan baris "
       "{first_line}"),
    M_("scheme.reason.inconsistent_element", "unit {unit_code} elemen {element_no}: judul berbeda "
       "dengan baris {first_line}"),
    M_("scheme.reason.duplicate_kuk", "unit {unit_code} elemen {element_no}: KUK {kuk_no} sudah "
       "ada di baris {first_line}"),
    M_("scheme.reason.no_elements", "unit {unit_code} tidak memiliki elemen"),
    M_("scheme.reason.no_kuk", "unit {unit_code} elemen {element_no} tidak memiliki KUK"),
    M_("scheme.reason.duplicate_unit", "unit {unit_code} sudah ada di baris {first_line}; baris "
       "satu unit harus berurutan"),
    M_("scheme.reason.missing_level", "skema KKNI wajib mencantumkan jenjang ('{key}': I sampai "
       "IX)"),
    M_("scheme.reason.bad_level", "jenjang KKNI '{value}' tidak sah (pilihan: I sampai IX)"),
    M_("scheme.reason.unknown_standard", "unit {unit_code}: jenis standar '{value}' tidak dikenal "
       "(pilihan: SKKNI, Standar Internasional, Standar Khusus)"),
    M_("scheme.reason.unknown_method", "unit {unit_code}: metode asesmen '{value}' tidak dikenal "
       "(pilihan: {allowed})"),
    M_("scheme.reason.unknown_unit", "unit {unit_code} tidak ada dalam skema"),
    M_("scheme.reason.unknown_kuk", "unit {unit_code} tidak memiliki KUK {kuk_no}"),
    M_("scheme.reason.unknown_question_kind", "jenis pertanyaan '{value}' tidak dikenal (pilihan: "
       "lisan, pendukung)"),
    M_("scheme.reason.duplicate_question", "unit {unit_code}: pertanyaan nomor {no} sudah ada di "
       "baris {first_line}"),
    M_("scheme.reason.too_few_options", "unit {unit_code} soal {no}: pilihan jawaban minimal dua"),
    M_("scheme.reason.option_gap", "unit {unit_code} soal {no}: pilihan '{column}' kosong padahal "
       "pilihan sesudahnya terisi"),
    M_("scheme.reason.bad_choice_key", "unit {unit_code} soal {no}: kunci '{value}' bukan salah "
       "satu pilihannya ({allowed})"),
    M_("scheme.reason.unknown_requirement_kind", "jenis persyaratan '{value}' tidak dikenal "
       "(pilihan: dasar, administratif)"),
    M_("scheme.reason.logo_not_found", "berkas logo '{path}' tidak ditemukan"),
    M_("scheme.reason.bad_logo", "logo '{path}' bukan gambar PNG atau JPEG"),
    M_("scheme.reason.missing_sheet", "lembar '{sheet}' tidak ada di buku kerja"),
    M_("scheme.reason.unknown_sheet", "lembar '{sheet}' tidak dikenal (pilihan: {allowed}; awali "
       "nama lembar catatan dengan '_')"),
))
_SCHEME_CELL = dict((M_("scheme.cell", " (sel {cell})"),))


_SUGGESTION = dict((M_("hint.suggestion", "(maksud Anda '{suggestion}'?)"),))


_BAD_TEXT_AT: dict[str, str] = dict((
    M_("value.bad_text_at", ": {char} pada posisi {pos}"),
))

#: Why a key file or the passphrase file (ASSESSOR_PASSPHRASE_FILE) cannot be used:
#: the ``detail`` of ``key.unreadable`` and ``key.passphrase_file``, in words.
_KEY_FILE_DETAIL: dict[str, str] = dict((
    M_("keyfile.file.not_found", "berkas itu tidak ada"),
    M_("keyfile.file.no_permission", "tidak ada izin membacanya"),
    M_("keyfile.file.not_regular", "itu bukan berkas biasa (folder, pipa atau perangkat)"),
    M_("keyfile.file.too_large", "berkas itu terlalu besar (kata sandi ada di baris pertama "
       "sebuah berkas teks kecil)"),
    M_("keyfile.file.io", "berkas itu tidak dapat dibaca"),
    M_("keyfile.utf-8", "isinya bukan teks UTF-8"),
    M_("keyfile.empty", "baris pertamanya kosong"),
))

_FILE_KIND_CODES = frozenset(("file.not_regular", "bundle.not_regular", "file.bad_target", "data_dir.not_folder"))


def current_lang() -> str:
    return current_language()


def message(code: str, params: dict[str, Any] | None = None, lang: str | None = None) -> str:
    lang = lang or current_language()
    params = dict(params or {})
    if "suggestion" in params:
        sug = params.get("suggestion")
        hint = _words(_SUGGESTION, "hint.suggestion", lang) or ""
        params["hint"] = " " + hint.format(suggestion=sug) if sug else ""
    params.setdefault("hint", "")
    if isinstance(params.get("problems"), str):  # integrity problem codes -> words
        words = [_words(_M, "integrity." + p.strip(), lang) or p.strip()
                 for p in params["problems"].split(",") if p.strip()]
        params["problems"] = "; ".join(words)
    if code == "value.required" and isinstance(params.get("field"), str):
        params["field"] = _words(_FIELD_WORDS, f"field.{params['field']}", lang) \
            or params["field"]
    if code == "value.bad_text":
        at = _words(_BAD_TEXT_AT, "value.bad_text_at", lang) or ""
        params["at"] = at.format(char=params["char"], pos=params["pos"]) \
            if params.get("char") and params.get("pos") else ""
    if code in ("value.date_out_of_range", "value.bad_birth_date"):  # dates as people read them
        from assessor_app.formatting import long_date

        for key in ("earliest", "latest", "today"):
            if isinstance(params.get(key), str):
                try:
                    params[key] = long_date(params[key], lang)
                except ValueError:
                    pass
    if code in _FILE_KIND_CODES and isinstance(params.get("kind"), str):
        params["kind"] = _words(_FILE_KIND_WORDS, f"filekind.{params['kind']}", lang) \
            or params["kind"]
    if code in ("key.unreadable", "key.passphrase_file") and \
            isinstance(params.get("detail"), str):
        params["detail"] = _words(_KEY_FILE_DETAIL, f"keyfile.{params['detail']}", lang) \
            or params["detail"]
    if code == "bundle.bad_image" and isinstance(params.get("reason"), str):
        params["reason"] = _words(_IMAGE_REASONS, f"image.{params['reason']}", lang) \
            or params["reason"]
    if code == "bundle.schema" and isinstance(params.get("where"), str):
        path, bracket, kind = params["where"].rpartition(" (")
        fault = _words(_SCHEMA_TYPES, f"schema.{kind.rstrip(')')}", lang) if bracket else None
        if fault is not None:
            params["where"] = f"{path} ({fault})"
    if code in ("assessment.locked", "assessment.not_draft") and \
            params.get("status") in STATUS_WORDS:  # "sudah terkunci", not "sudah locked"
        params["status"] = catalogue(lang).gettext(STATUS_WORDS[params["status"]]).lower()
    if code == "import.receipt_not_written" and params.get("error_code"):
        params["detail"] = message(str(params["error_code"]),
                                   dict(params.get("error_params") or {}), lang)
    if (code.startswith("subject.") or code == "import.kept_office_version") and \
            isinstance(params.get("kind"), str):
        params["kind"] = _words(_KIND_WORDS, f"kind.{params['kind']}", lang) or params["kind"]
    if "expected" in params:
        params["expected"] = _words(_TYPE_WORDS, f"type.{params['expected']}", lang) \
            or params["expected"]
    if code == "scheme.invalid":
        reason = _words(_SCHEME_REASONS, f"scheme.reason.{params.get('reason')}", lang)
        params["reason_text"] = params.get("reason", "")
        params["at"] = ""
        if params.get("cell"):
            params["at"] = (_words(_SCHEME_CELL, "scheme.cell", lang) or "").format(
                cell=params["cell"])
        if reason is not None:
            shown = {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v
                     for k, v in params.items()}
            try:
                params["reason_text"] = reason.format(**shown)
            except (KeyError, IndexError, ValueError):
                pass
    if code == "value.constraint":
        if lang == "en" and params.get("message_en"):
            params["message"] = params["message_en"]
        if not params.get("message"):
            code = "value.constraint_default"
    template = _words(_M, code, lang)
    if template is None:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "hint")
        return f"{code}" + (f" ({detail})" if detail else "")
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

PAPER_LABELS: dict[str, str] = dict((
    M_("paper.form", "Formulir"),
    M_("paper.template", "Templat"),
    M_("paper.record", "Catatan"),
    M_("paper.assessee", "Asesi"),
    M_("paper.nik", "NIK"),
    M_("paper.institution", "Lembaga"),
    M_("paper.visit", "Kunjungan"),
    M_("paper.assessor", "Asesor"),
    M_("paper.unit", "Unit"),
    M_("paper.verdict", "Rekomendasi/hasil"),
    M_("paper.finalised", "Difinalisasi"),
    M_("paper.signer", "Ditandatangani"),
    M_("paper.status", "Status"),
))


_OS_WORDS: dict[str, str] = dict((
    M_("os.is_dir", "ini sebuah folder, bukan berkas"),
    M_("os.not_found", "berkas tidak ditemukan"),
    M_("os.no_permission", "tidak ada izin membaca berkas"),
    M_("os.fifo", "ini sebuah pipa bernama (FIFO), bukan berkas"),
    M_("os.device", "ini sebuah berkas perangkat, bukan berkas biasa"),
    M_("os.socket", "ini sebuah soket, bukan berkas"),
    M_("os.other", "ini bukan berkas biasa"),
    M_("os.too_large", "berkas terlalu besar untuk diperiksa"),
))


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
        "status": _words(_STATUS_WORDS, f"status.{result.status}", lang) or result.status
        or "",
        "printed": (result.printed_sha256 or "")[:12], "now": (result.record_sha256 or "")[:12],
        "detail": "; ".join(message("integrity." + p, {}, lang) for p in result.problems)
        if getattr(result, "problems", ()) else _words(_OS_WORDS, f"os.{result.detail}", lang)
        or result.detail or "",
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


_STATUS_WORDS: dict[str, str] = dict((
    M_("status.draft", "draf"),
    M_("status.complete", "final, belum ditandatangani"),
    M_("status.signed", "sebagian sudah ditandatangani"),
    M_("status.locked", "terkunci: semua penanda tangan sudah menandatangani"),
))


def paper_line_text(line: Any, lang: str) -> tuple[str, str]:
    """(label, value) of one ``PaperLine`` in the user's language, times as printed on the
    paper ('20 November 2026 pukul 10.15 WIB')."""
    from assessor_app.formatting import long_date, moment

    label = _words(PAPER_LABELS, f"paper.{line.key}", lang) or line.key
    value = line.value
    if line.key == "status":
        value = _words(_STATUS_WORDS, f"status.{value}", lang) or value
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
