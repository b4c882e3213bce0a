"""The renderer's own words (template text comes from the template's ``Text``).

Indonesian is the default; the MUK wording follows the BNSP forms (DOMAIN.md section 4).
"""

from __future__ import annotations

from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    # page furniture
    "page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "verification_code": ("Kode verifikasi", "Verification code"),
    "verify_hint": ("Periksa keaslian di kantor dengan kode verifikasi ini (atau pindai QR)",
                    "Check at the office with this verification code (or scan the QR)"),
    "record_line": ("ID {aid} · revisi {rev} · SHA-256 {sha}",
                    "ID {aid} · revision {rev} · SHA-256 {sha}"),
    "blank_line": ("Formulir kosong · {code} versi {version}",
                   "Blank form · {code} version {version}"),
    "draft_watermark": ("DRAF — belum final", "DRAFT — not final"),
    "draft_banner": ("DRAF — belum final. Penilaian ini belum difinalisasi; dokumen ini bukan "
                     "laporan resmi dan isinya masih dapat berubah.",
                     "DRAFT — not final. This assessment has not been finalised; this document "
                     "is not an official report and its content may still change."),
    "blank_banner": ("Formulir kosong untuk diisi tangan. Salin jawaban ke aplikasi setelah "
                     "perangkat tersedia kembali.",
                     "Blank form to fill in by hand. Copy the answers into the app when a "
                     "device is available again."),
    "revision_note": ("Revisi {rev} menggantikan revisi {old}. Alasan: {reason}",
                      "Revision {rev} replaces revision {old}. Reason: {reason}"),
    "confidential": ("Informasi Rahasia", "Confidential"),
    "file_code": ("Kode File: {code}", "File code: {code}"),
    "file_code_unknown": ("(Diisi oleh LSP)", "(filled in by the LSP)"),
    "version_of": ("versi {version}", "version {version}"),
    "paraf": ("Paraf {who}:", "{who}'s initials:"),
    "licence_no": ("Nomor Lisensi: {no}", "Licence No.: {no}"),
    "strike_note": ("* Coret yang tidak perlu", "* Strike out what does not apply"),
    # header blocks
    "scheme": ("Skema Sertifikasi", "Certification scheme"),
    "scheme_types": ("KKNI/Okupasi/Klaster", "KKNI/Occupation/Cluster"),
    "scheme_title": ("Judul", "Title"),
    "scheme_number": ("Nomor", "Number"),
    "tuk": ("TUK", "Test site (TUK)"),
    "assessor_name": ("Nama Asesor", "Assessor's name"),
    "assessee_name": ("Nama Asesi", "Assessee's name"),
    "date": ("Tanggal", "Date"),
    "institution": ("Lembaga", "Institution"),
    "vin": ("Nomor VIN", "VIN"),
    "address": ("Alamat", "Address"),
    "letter": ("Nomor surat tugas", "Assignment letter"),
    "letter_dated": ("{no}, tanggal {date}", "{no}, dated {date}"),
    "visit_dates": ("Tanggal kunjungan", "Visit date(s)"),
    "visit_time": ("Waktu", "Time"),
    "team": ("Tim asesor", "Assessment team"),
    "role_KETUA": ("Ketua", "Lead"),
    "role_ANGGOTA": ("Anggota", "Member"),
    "role_ASESOR": ("Asesor", "Assessor"),
    "role_LEAD": ("Lead asesor", "Lead assessor"),
    "reg_no": ("No. Reg.", "Reg. No."),
    # section tables
    "col_no": ("No", "No"),
    "col_item": ("Butir yang diperiksa", "Item checked"),
    "col_response": ("Jawaban", "Response"),
    "col_evidence": ("Bukti", "Evidence"),
    "col_notes": ("Catatan", "Notes"),
    "critical": ("kritis", "critical"),
    "evidence_hint": ("Bukti yang dilihat", "Evidence to see"),
    "regulation": ("Dasar", "Basis"),
    "not_relevant": ("tidak relevan (dilewati)", "not applicable (skipped)"),
    "section_not_relevant": ("Bagian ini tidak berlaku untuk penilaian ini.",
                             "This section does not apply to this assessment."),
    "no_answer": ("belum diisi", "not answered"),
    "photos_count": ("{n} foto", "{n} photo(s)"),
    "files_count": ("{n} berkas", "{n} file(s)"),
    "row": ("Baris", "Row"),
    # findings, score, recommendation
    "findings": ("Ringkasan temuan", "Summary of findings"),
    "findings_none": ("Tidak ada temuan: semua butir yang dinilai memenuhi.",
                      "No findings: every rated item is met."),
    "finding_critical": ("KRITIS", "CRITICAL"),
    "finding_failed": ("Belum memenuhi", "Not met"),
    "score": ("Rincian nilai", "Score breakdown"),
    "col_section": ("Bagian", "Section"),
    "col_points": ("Poin", "Points"),
    "col_percent": ("Nilai", "Score"),
    "col_threshold": ("Batas lulus", "Pass mark"),
    "col_status": ("Status", "Status"),
    "passed": ("Memenuhi", "Met"),
    "failed": ("Belum memenuhi", "Not met"),
    "overall": ("Keseluruhan", "Overall"),
    "grade": ("Predikat", "Grade"),
    "grade_source": ("Dasar predikat: {source}", "Grade defined by: {source}"),
    "app_grade": ("Kategori hitungan aplikasi", "Category computed by the app"),
    "app_score": ("Rincian nilai (hitungan aplikasi, bukan keputusan resmi)",
                  "Score breakdown (computed by the app, not an official decision)"),
    "app_score_note": ("Batas lulus dan kategori di atas ditetapkan oleh templat ini, bukan oleh "
                       "peraturan; keduanya bukan keputusan resmi.",
                       "The pass mark and categories above are set by this template, not by a "
                       "regulation; neither is an official decision."),
    "app_criterion": ("Tambahan aplikasi", "Added by the app"),
    "app_legend": ("Butir bertanda [Tambahan aplikasi] ditulis oleh aplikasi ini sebagai panduan "
                   "pemeriksaan; butir tersebut bukan kutipan dari peraturan yang disebut.",
                   "Items marked [Added by the app] are written by this app as a guide for the "
                   "check; they are not quoted from the regulation cited."),
    "requirements": ("Status persyaratan", "Requirement status"),
    "requirements_rule": ("Sebuah persyaratan memenuhi bila setiap butir kritisnya (butir dari "
                          "pedoman atau persyaratan yang dikutip) Memenuhi atau Tidak berlaku. "
                          "Butir tambahan aplikasi tidak menentukan status persyaratan.",
                          "A requirement is met when each of its critical items (those taken "
                          "from the cited guideline or requirements) is met or not applicable. "
                          "Items added by the app never decide a requirement."),
    "requirement_pending": ("belum lengkap", "incomplete"),
    "app_count": ("Hitungan aplikasi (bukan keputusan resmi)",
                  "Count by the app (not an official decision)"),
    "col_met": ("Terpenuhi", "Met"),
    "col_not_met": ("Belum", "Not yet"),
    "col_na": ("Tidak berlaku", "N/A"),
    "verifier_recommendation": ("Rekomendasi verifikator", "Verifier's recommendation"),
    "provisional": ("sementara", "provisional"),
    "result": ("Hasil", "Result"),
    "critical_failed": ("Butir kritis belum memenuhi: {n}", "Critical items not met: {n}"),
    "recommendation": ("Rekomendasi", "Recommendation"),
    "unanswered_scored": ("{n} butir bernilai belum dijawab", "{n} scored items not answered"),
    # photos and appendix
    "photos": ("Lampiran foto bukti", "Appendix: evidence photos"),
    "photo_not_image": ("(berkas {mime}, tidak dapat ditampilkan)", "({mime} file, not shown)"),
    "photo_damaged": ("(gambar rusak, tidak dapat ditampilkan)", "(damaged image, not shown)"),
    "photo_low_res": ("resolusi rendah ({w}×{h} px)", "low resolution ({w}×{h} px)"),
    "appendix": ("Lampiran teks lengkap", "Appendix: full texts"),
    "see_appendix": ("lanjutan pada Lampiran {ref}", "continued in Appendix {ref}"),
    # signatures
    "signatures": ("Tanda tangan", "Signatures"),
    "name": ("Nama", "Name"),
    "sign_date": ("Tanda tangan/Tanggal", "Signature/Date"),
    "signed_at": ("Ditandatangani {when}", "Signed {when}"),
    "signature_invalid": ("Tanda tangan ini untuk isi yang berbeda — tidak berlaku.",
                          "This signature was made for different content — not valid."),
    "not_signed": ("belum ditandatangani", "not signed yet"),
    "guardian_mark": ("(orang tua/wali)", "(parent/guardian)"),
    "position": ("Jabatan", "Position"),
    # FR.IA.01
    "guide": ("Panduan bagi asesor", "Guide for the assessor"),
    "job_groups": ("Kelompok Pekerjaan", "Job group"),
    "unit_code": ("Kode Unit", "Unit code"),
    "unit_title": ("Judul Unit", "Unit title"),
    "unit_n": ("Unit Kompetensi {n}", "Competency unit {n}"),
    "col_element": ("Elemen", "Element"),
    "col_kuk": ("Kriteria Unjuk Kerja", "Performance criteria"),
    "col_benchmark": ("Standar Industri atau Tempat Kerja", "Industry or workplace standard"),
    "col_achieved": ("Pencapaian", "Achieved"),
    "col_further": ("Penilaian Lanjut", "Further assessment"),
    "continued": ("lanjutan", "continued"),
    "yes": ("Ya", "Yes"),
    "no": ("Tidak", "No"),
    "feedback": ("Umpan balik untuk asesi", "Feedback for the assessee"),
    "rec_k": ("Asesi telah memenuhi pencapaian seluruh kriteria unjuk kerja, direkomendasikan "
              "<b>KOMPETEN</b>",
              "The assessee has achieved every performance criterion and is recommended "
              "<b>COMPETENT</b>"),
    "rec_bk": ("Asesi belum memenuhi pencapaian seluruh kriteria unjuk kerja, direkomendasikan "
               "<b>OBSERVASI LANJUT</b> pada:",
               "The assessee has not yet achieved every performance criterion and is "
               "recommended for <b>FURTHER OBSERVATION</b> on:"),
    "rec_undecided": ("Belum semua KUK dinilai ({done} dari {total}); rekomendasi belum dapat "
                      "ditetapkan.", "Not every criterion is rated yet ({done} of {total}); no "
                      "recommendation can be made."),
    "col_group": ("Kelompok Pekerjaan", "Job group"),
    "col_unit": ("Unit", "Unit"),
    "col_kuk_short": ("KUK", "Criterion"),
    "bukti_l": ("Bukti: {refs}", "Evidence: {refs}"),
    # FR.AK.05
    "col_assessee": ("Nama Asesi", "Assessee"),
    "col_recommendation": ("Rekomendasi", "Recommendation"),
    "col_remarks": ("Keterangan**", "Remarks**"),
    "remarks_note": ("** Tuliskan kode dan judul unit kompetensi yang dinyatakan BK bila "
                     "mendapatkan keputusan BK.",
                     "** Write the codes and titles of the competency units declared BK when "
                     "the decision is BK."),
    "ia01_says": ("{form}: {verdict}", "{form}: {verdict}"),
    "ia01_undecided": ("belum diputuskan", "not decided"),
    "ia01_draft": ("draf", "draft"),
    "ia01_unsigned": ("belum ditandatangani, tidak dihitung", "not signed, not counted"),
    "ia01_mismatch": ("Tidak sesuai dengan {form} ({verdict}) — periksa kembali.",
                      "Differs from {form} ({verdict}) — check again."),
    "ia01_added": ("Ditambahkan dari {form} (tidak ada di daftar FR.AK.05).",
                   "Added from {form} (not listed on FR.AK.05)."),
    "ia01_completed": ("Dilengkapi dari {form}.", "Completed from {form}."),
    "ia01_missing": ("Tidak ada {form} untuk asesi ini pada kunjungan ini.",
                     "No {form} for this assessee on this visit."),
    "totals": ("Jumlah asesi: {n} · Kompeten (K): {k} · Belum Kompeten (BK): {bk}",
               "Assessees: {n} · Competent (K): {k} · Not yet competent (BK): {bk}"),
    "verdict_K": ("K", "K"),
    "verdict_BK": ("BK", "BK"),
    # FR.AK.01 and generic competency
    "agreed_on": ("Pelaksanaan asesmen disepakati pada", "The assessment is agreed to take place on"),
    "agrees": ("Menyatakan setuju", "Agrees"),
    # MUK layouts that are not checklists (reports/muk_forms.py)
    "unit_competency": ("Unit Kompetensi", "Competency unit"),
    "col_decision": ("Keputusan", "Decision"),
    "ak02_evidence": ("Bukti-bukti yang digunakan", "Evidence used"),
    "ak02_result": ("Rekomendasi hasil asesmen", "Recommendation (assessment result)"),
    "apl02_guide": ("Panduan asesmen mandiri", "Self-assessment guide"),
    "col_can_i": ("Dapatkah saya ...?", "Can I ...?"),
    "col_relevant_evidence": ("Bukti yang relevan", "Relevant evidence"),
    "element_n": ("Elemen {no}", "Element {no}"),
    "kuk_list": ("Kriteria unjuk kerja", "Performance criteria"),
    "col_instrument": ("MUK (instrumen asesmen)", "Assessment instrument"),
    "col_potential": ("Potensi asesi**", "Candidate type**"),
    "potential_note": ("** Potensi asesi, diisi dari hasil penentuan pendekatan asesmen dan "
                       "perencanaan asesmen (FR.MAPA.01):",
                       "** Candidate types, from the assessment approach and plan "
                       "(FR.MAPA.01):"),
    "col_question": ("Pertanyaan", "Question"),
    "col_answer_oral": ("Tanggapan asesi", "Assessee's answer"),
    "col_answer": ("Jawaban asesi", "Assessee's answer"),
    "col_key": ("Kunci jawaban", "Answer key"),
    "col_component": ("Komponen", "Component"),
    "col_document": ("Dokumen", "Document"),
    "col_paraf": ("Paraf", "Initials"),
    "col_aspect": ("Aspek", "Aspect"),
    "col_comment": ("Catatan/komentar", "Comments"),
    "yes_correct": ("Ya (benar)", "Yes (right)"),
    "no_wrong": ("Tidak (salah)", "No (wrong)"),
    "ia05_soal_guide": ("Petunjuk: bacalah setiap pertanyaan dengan cermat, lalu pilih satu "
                        "jawaban yang paling tepat dan tandai hurufnya pada lembar jawaban.",
                        "Read each question carefully, choose the one best answer and mark "
                        "its letter on the answer sheet."),
    "ia05_key_secret": ("RAHASIA — kunci jawaban hanya untuk asesor; jangan diberikan kepada "
                        "asesi.",
                        "CONFIDENTIAL — the answer key is for the assessor only; never give "
                        "it to the assessee."),
}


def label(key: str, lang: str = "id", **params: Any) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**params) if params else text
