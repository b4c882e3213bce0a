"""Every visible string of the assessment editor, one dict per language.

Indonesian is the default; English must have exactly the same keys (a test checks it).
Template texts (labels, hints) come from the template itself via ``Text.get(lang)``.
"""

from __future__ import annotations

from typing import Any

ID: dict[str, str] = {
    # top bar, status, banners
    "header_page": "Data umum",
    "status.saving": "Menyimpan…",
    "status.saved_at": "Tersimpan ✓ {time}",
    "status.unsaved": "BELUM TERSIMPAN",
    "banner.unsaved": "BELUM TERSIMPAN — {reason}",
    "banner.unsaved_more": "BELUM TERSIMPAN — {reason} (dan {more} perubahan lain)",
    "banner.unsaved_hint": "Jawaban tetap di layar. Jangan tutup aplikasi; tekan Coba lagi.",
    "retry": "Coba lagi",
    "readonly.complete": "Penilaian ini sudah difinalisasi dan hanya dapat dibaca. "
                         "Untuk mengubahnya, buat revisi.",
    "readonly.signed": "Penilaian ini sudah ditandatangani dan hanya dapat dibaca. "
                       "Untuk mengubahnya, buat revisi.",
    "readonly.locked": "Penilaian ini sudah dikunci dan hanya dapat dibaca. "
                       "Untuk mengubahnya, buat revisi.",
    "readonly.superseded": "Ini revisi lama yang sudah digantikan; hanya dapat dibaca.",
    "make_revision": "Buat revisi…",
    "finalise": "Finalisasi",
    "finalise.tip": "Periksa semua jawaban wajib lalu kunci isi penilaian untuk ditandatangani",
    "finalised": "Penilaian difinalisasi.",
    "loading": "Membuka penilaian…",
    "finalising": "Memeriksa dan memfinalisasi…",
    "revision": "Revisi {n}",
    "status_draft": "Draf",
    "status_complete": "Final",
    "status_signed": "Ditandatangani",
    "status_locked": "Terkunci",
    "blocked": "Simpan dulu perubahan yang belum tersimpan (tekan Coba lagi).",
    # navigator
    "nav.sections": "Bagian",
    "nav.progress": "Terisi",
    "nav.next": "Berikutnya yang belum dijawab",
    "nav.next_tip": "Lompat ke butir wajib berikutnya yang belum dijawab (Ctrl+J)",
    "nav.overall": "{answered} dari {required} jawaban wajib",
    "nav.all_done": "Semua butir wajib sudah dijawab.",
    "nav.not_applicable": "tidak berlaku",
    # items
    "required_tip": "Wajib diisi",
    "critical": "KRITIS",
    "critical_tip": "Butir kritis: jawaban yang tidak memenuhi menggagalkan penilaian",
    "regulation": "Acuan: {text}",
    "evidence_hint": "Bukti: {text}",
    "benchmark": "Standar industri/tempat kerja: {text}",
    "kuk": "KUK {no}",
    "note": "Catatan",
    "note_tip": "Catatan bebas untuk butir ini",
    "note_placeholder": "Catatan untuk butir ini…",
    "choose": "— pilih —",
    "empty": "— kosong —",
    "set_date": "Isi",
    "set_date_tip": "Centang untuk mengisi; hapus centang untuk mengosongkan",
    "text_placeholder": "Ketik jawaban…",
    "number_placeholder": "Angka",
    "decimal_placeholder": "Angka (boleh desimal)",
    "calculated": "dihitung otomatis",
    "signature.none": "Belum ditandatangani",
    "signature.role": "Penanda tangan: {role}",
    "signature.sign": "Tanda tangani…",
    "choice_tip": "Tekan angka 1–{n} untuk memilih, Delete untuk mengosongkan",
    # evidence
    "attach": "Lampirkan bukti…",
    "attach_tip": "Pilih foto atau PDF, atau seret berkas ke butir ini",
    "open": "Buka",
    "remove": "Hapus",
    "pick_files": "Pilih bukti",
    "file_filter": "Foto dan dokumen (*.jpg *.jpeg *.png *.pdf);;Semua berkas (*)",
    "confirm_remove_evidence": "Hapus bukti \"{name}\" dari butir ini?",
    # repeat
    "add_row": "Tambah baris",
    "remove_row": "Hapus baris",
    "rows_min": "minimal {n} baris",
    "rows_max": "maksimal {n} baris",
    "row_error": "Baris {n}, {column}: {message}",
    "confirm_remove_row": "Hapus baris {n} beserta semua isinya?",
    # score
    "score.title": "Nilai dan hasil",
    "score.none": "belum ada nilai",
    "score.passed": "Memenuhi",
    "score.failed": "Belum memenuhi",
    "score.grade": "Kategori {grade}: {label}",
    "score.sections": "Per bagian",
    "score.threshold": "batas {n} %",
    "score.critical": "Kegagalan butir kritis",
    "score.unanswered": "{n} butir bernilai belum dijawab",
    "score.units": "Unit kompetensi",
    "score.competency": "Rekomendasi: {verdict}",
    "score.competency_open": "Rekomendasi: belum dapat disimpulkan",
    "score.not_achieved": "KUK belum tercapai (observasi lanjut)",
    "score.kuk": "Elemen {element}, KUK {kuk}",
    "score.k": "K (Kompeten)",
    "score.bk": "BK (Belum Kompeten)",
    # finalise dialog
    "fin.title": "Belum dapat difinalisasi",
    "fin.intro": "{n} hal harus dibereskan sebelum penilaian dapat difinalisasi. "
                 "Klik sebuah butir untuk menuju ke sana.",
    "fin.missing": "Wajib diisi: {label}",
    "fin.constraint": "Tidak memenuhi batasan: {label} — {message}",
    "fin.min_rows": "{label}: minimal {n} baris",
    "fin.row": "{label} (baris {n})",
    "close": "Tutup",
}

EN: dict[str, str] = {
    "header_page": "General data",
    "status.saving": "Saving…",
    "status.saved_at": "Saved ✓ {time}",
    "status.unsaved": "NOT SAVED",
    "banner.unsaved": "NOT SAVED — {reason}",
    "banner.unsaved_more": "NOT SAVED — {reason} (and {more} other changes)",
    "banner.unsaved_hint": "Your answers stay on screen. Do not close the app; press Try again.",
    "retry": "Try again",
    "readonly.complete": "This assessment has been finalised and is read-only. "
                         "Make a revision to change it.",
    "readonly.signed": "This assessment has been signed and is read-only. "
                       "Make a revision to change it.",
    "readonly.locked": "This assessment is locked and read-only. Make a revision to change it.",
    "readonly.superseded": "This is an old revision that has been superseded; it is read-only.",
    "make_revision": "Make a revision…",
    "finalise": "Finalise",
    "finalise.tip": "Check every required answer, then freeze the content for signing",
    "finalised": "The assessment has been finalised.",
    "loading": "Opening the assessment…",
    "finalising": "Checking and finalising…",
    "revision": "Revision {n}",
    "status_draft": "Draft",
    "status_complete": "Finalised",
    "status_signed": "Signed",
    "status_locked": "Locked",
    "blocked": "Save the unsaved changes first (press Try again).",
    "nav.sections": "Sections",
    "nav.progress": "Done",
    "nav.next": "Next unanswered",
    "nav.next_tip": "Jump to the next required item without an answer (Ctrl+J)",
    "nav.overall": "{answered} of {required} required answers",
    "nav.all_done": "Every required item has an answer.",
    "nav.not_applicable": "not applicable",
    "required_tip": "Required",
    "critical": "CRITICAL",
    "critical_tip": "Critical item: an answer that does not pass fails the assessment",
    "regulation": "Reference: {text}",
    "evidence_hint": "Evidence: {text}",
    "benchmark": "Industry/workplace standard: {text}",
    "kuk": "KUK {no}",
    "note": "Note",
    "note_tip": "A free note for this item",
    "note_placeholder": "A note for this item…",
    "choose": "— choose —",
    "empty": "— empty —",
    "set_date": "Set",
    "set_date_tip": "Tick to fill in; untick to clear",
    "text_placeholder": "Type the answer…",
    "number_placeholder": "Number",
    "decimal_placeholder": "Number (decimals allowed)",
    "calculated": "calculated",
    "signature.none": "Not signed yet",
    "signature.role": "Signer: {role}",
    "signature.sign": "Sign…",
    "choice_tip": "Press 1–{n} to choose, Delete to clear",
    "attach": "Attach evidence…",
    "attach_tip": "Choose photos or PDFs, or drop files onto this item",
    "open": "Open",
    "remove": "Remove",
    "pick_files": "Choose evidence",
    "file_filter": "Photos and documents (*.jpg *.jpeg *.png *.pdf);;All files (*)",
    "confirm_remove_evidence": "Remove the evidence \"{name}\" from this item?",
    "add_row": "Add row",
    "remove_row": "Remove row",
    "rows_min": "at least {n} row(s)",
    "rows_max": "at most {n} row(s)",
    "row_error": "Row {n}, {column}: {message}",
    "confirm_remove_row": "Remove row {n} and everything in it?",
    "score.title": "Score and result",
    "score.none": "no score yet",
    "score.passed": "Passed",
    "score.failed": "Not passed",
    "score.grade": "Grade {grade}: {label}",
    "score.sections": "Per section",
    "score.threshold": "threshold {n} %",
    "score.critical": "Failed critical items",
    "score.unanswered": "{n} scored items without an answer",
    "score.units": "Competency units",
    "score.competency": "Recommendation: {verdict}",
    "score.competency_open": "Recommendation: not decided yet",
    "score.not_achieved": "KUK not achieved (further observation)",
    "score.kuk": "Element {element}, KUK {kuk}",
    "score.k": "K (Competent)",
    "score.bk": "BK (Not yet competent)",
    "fin.title": "Cannot finalise yet",
    "fin.intro": "{n} things must be fixed before the assessment can be finalised. "
                 "Click an item to go there.",
    "fin.missing": "Required: {label}",
    "fin.constraint": "Breaks a constraint: {label} — {message}",
    "fin.min_rows": "{label}: at least {n} rows",
    "fin.row": "{label} (row {n})",
    "close": "Close",
}

TEXT: dict[str, dict[str, str]] = {"id": ID, "en": EN}


def tr(lang: str, key: str, **params: Any) -> str:
    table = TEXT["en"] if lang == "en" else TEXT["id"]
    text = table.get(key, ID.get(key, key))
    return text.format(**params) if params else text


def number(value: float, lang: str, digits: int = 1) -> str:
    """``78,5`` in Indonesian, ``78.5`` in English; no trailing ``,0``."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang != "en" else text
