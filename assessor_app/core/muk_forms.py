"""The BNSP MUK 2023 instruments as data: their codes in event order, their titles, and
the fixed lists the forms print (FR.AK.02 evidence kinds, FR.MAPA.01 candidate kinds,
the FR.MAPA.02 instruments, the FR.AK.03 components, the document checklist).

Kept apart from the generator (:mod:`assessor_app.core.muk`) so that what reads a
certification event (the services, the event page) loads neither the generator nor YAML.
"""

from __future__ import annotations

SOURCE = "Materi Uji Kompetensi (MUK) BNSP 2023"

# Event order: what an LSP files per asesi, then per batch.
FORMS: tuple[str, ...] = (
    "FR.APL.01", "FR.APL.02", "FR.MAPA.01", "FR.MAPA.02", "FR.AK.01", "FR.IA.01",
    "FR.IA.02", "FR.IA.03", "FR.IA.05", "FR.IA.07", "FR.AK.02", "FR.AK.03", "FR.AK.04",
    "FR.AK.05", "FR.AK.06", "CEKLIS.DOKUMEN",
)

# Evidence columns of the FR.AK.02 matrix (value, Indonesian, English) and the
# instruments whose records give that kind of evidence.
AK02_EVIDENCE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("observasi", "Observasi demonstrasi", "Observed demonstration",
     ("FR.IA.01", "FR.IA.02", "FR.IA.03")),
    ("portofolio", "Portofolio", "Portfolio", ("FR.IA.08",)),
    ("pihak_ketiga", "Pernyataan pihak ketiga / pertanyaan wawancara",
     "Third-party statement / interview questions", ("FR.IA.09", "FR.IA.10")),
    ("lisan", "Pertanyaan lisan", "Oral questions", ("FR.IA.07",)),
    ("tertulis", "Pertanyaan tertulis", "Written questions", ("FR.IA.05", "FR.IA.06")),
    ("proyek", "Proyek kerja", "Work project", ("FR.IA.04",)),
    ("lainnya", "Lainnya", "Other", ()),
)

# The five kinds of candidate of FR.MAPA.01 1.1 ("potensi asesi"), numbered as on MAPA.02.
POTENTIALS: tuple[tuple[str, str, str], ...] = (
    ("p1", "Hasil pelatihan dan/atau pendidikan, kurikulum dan fasilitas telusur terhadap "
           "standar kompetensi",
     "Training/education outcomes traceable to the competency standard"),
    ("p2", "Hasil pelatihan dan/atau pendidikan, kurikulum belum berbasis kompetensi",
     "Training/education outcomes not yet competency-based"),
    ("p3", "Pekerja berpengalaman, telusur terhadap standar kompetensi",
     "Experienced worker, traceable to the competency standard"),
    ("p4", "Pekerja berpengalaman, belum berbasis kompetensi",
     "Experienced worker, not yet competency-based"),
    ("p5", "Pelatihan/belajar mandiri atau otodidak", "Self-directed learning"),
)

# Instruments of the MAPA.02 map (form code, Indonesian name).
MAPA02_INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("FR.IA.01", "Ceklis observasi aktivitas"),
    ("FR.IA.02", "Tugas praktik demonstrasi"),
    ("FR.IA.03", "Pertanyaan untuk mendukung observasi"),
    ("FR.IA.05", "Pertanyaan tertulis pilihan ganda"),
    ("FR.IA.07", "Pertanyaan lisan"),
    ("FR.IA.08", "Ceklis verifikasi portofolio"),
    ("FR.IA.09", "Pertanyaan wawancara"),
)

# FR.AK.03: the ten standard components (paraphrased as in DOMAIN.md section 4).
AK03_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Saya mendapatkan penjelasan yang cukup memadai mengenai proses asesmen/uji kompetensi",
     "I received an adequate explanation of the assessment process"),
    ("Saya diberikan kesempatan untuk mempelajari standar kompetensi yang akan diujikan dan "
     "menilai diri sendiri terhadap pencapaiannya",
     "I had the chance to study the standard and assess myself against it"),
    ("Asesor memberikan kesempatan untuk mendiskusikan/menegosiasikan metoda, instrumen dan "
     "sumber asesmen serta jadwal asesmen",
     "The assessor discussed methods, instruments, sources and schedule with me"),
    ("Asesor berusaha menggali seluruh bukti pendukung yang sesuai dengan latar belakang "
     "pelatihan dan pengalaman yang saya miliki",
     "The assessor explored all supporting evidence matching my training and experience"),
    ("Saya sepenuhnya diberikan kesempatan untuk mendemonstrasikan kompetensi yang saya miliki "
     "selama asesmen", "I was given full opportunity to demonstrate my competence"),
    ("Saya mendapatkan penjelasan yang memadai mengenai keputusan asesmen",
     "I received an adequate explanation of the assessment decision"),
    ("Asesor memberikan umpan balik yang mendukung setelah asesmen serta tindak lanjutnya",
     "The assessor gave supportive feedback and follow-up after the assessment"),
    ("Asesor bersama saya mempelajari semua dokumen asesmen serta menandatanganinya",
     "The assessor and I studied and signed all assessment documents together"),
    ("Saya mendapatkan jaminan kerahasiaan hasil asesmen serta penjelasan penanganan dokumen "
     "asesmen", "I was assured of the confidentiality of the results and document handling"),
    ("Asesor menggunakan keterampilan komunikasi yang efektif selama asesmen",
     "The assessor communicated effectively during the assessment"),
)

# Ceklis kelengkapan dokumen asesmen (DOMAIN.md section 4 intro), per asesi.
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("a", "FR.APL.01", "Permohonan Sertifikasi Kompetensi"),
    ("a", "FR.APL.02", "Asesmen Mandiri"),
    ("a", "PORTOFOLIO", "Portofolio / bukti persyaratan dasar"),
    ("a", "FR.MAPA.01", "Merencanakan Aktivitas dan Proses Asesmen"),
    ("a", "SKEMA", "Skema sertifikasi dan standar kompetensi"),
    ("a", "FR.MAPA.02", "Peta Instrumen Asesmen"),
    ("a", "FR.AK.01", "Persetujuan Asesmen dan Kerahasiaan"),
    ("a", "FR.IA.01", "Ceklis Observasi Aktivitas"),
    ("a", "FR.IA.02", "Tugas Praktik Demonstrasi"),
    ("a", "FR.IA.03", "Pertanyaan untuk Mendukung Observasi"),
    ("a", "FR.IA.05", "Pertanyaan Tertulis Pilihan Ganda"),
    ("a", "FR.IA.07", "Pertanyaan Lisan"),
    ("b", "FR.AK.02", "Rekaman Asesmen Kompetensi"),
    ("b", "FR.AK.03", "Umpan Balik dan Catatan Asesmen"),
    ("c", "FR.AK.05", "Laporan Asesmen"),
    ("c", "FR.AK.06", "Meninjau Proses Asesmen"),
)

TITLES: dict[str, tuple[str, str]] = {
    "FR.APL.01": ("Permohonan Sertifikasi Kompetensi", "Application for competency certification"),
    "FR.APL.02": ("Asesmen Mandiri", "Self-assessment"),
    "FR.MAPA.01": ("Merencanakan Aktivitas dan Proses Asesmen",
                   "Planning assessment activities and process"),
    "FR.MAPA.02": ("Peta Instrumen Asesmen Hasil Pendekatan Asesmen dan Perencanaan Kerja",
                   "Map of assessment instruments"),
    "FR.AK.01": ("Persetujuan Asesmen dan Kerahasiaan",
                 "Assessment agreement and confidentiality"),
    "FR.IA.01": ("Ceklis Observasi Aktivitas di Tempat Kerja atau Tempat Kerja Simulasi",
                 "Checklist for observing activities at the workplace or a simulated workplace"),
    "FR.IA.02": ("Tugas Praktik Demonstrasi", "Practical demonstration task"),
    "FR.IA.03": ("Pertanyaan untuk Mendukung Observasi", "Questions to support observation"),
    "FR.IA.05": ("Pertanyaan Tertulis Pilihan Ganda", "Written multiple-choice questions"),
    "FR.IA.07": ("Pertanyaan Lisan", "Oral questions"),
    "FR.AK.02": ("Rekaman Asesmen Kompetensi", "Record of competency assessment"),
    "FR.AK.03": ("Umpan Balik dan Catatan Asesmen", "Assessment feedback and notes"),
    "FR.AK.04": ("Banding Asesmen", "Assessment appeal"),
    "FR.AK.05": ("Laporan Asesmen", "Assessment report"),
    "FR.AK.06": ("Meninjau Proses Asesmen", "Reviewing the assessment process"),
    "CEKLIS.DOKUMEN": ("Ceklis Kelengkapan Dokumen Asesmen",
                       "Checklist of assessment documents"),
}
