<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AssesseeDialog</name>
    <message>
        <source>Ubah asesi</source>
        <translation>Edit assessee</translation>
    </message>
    <message>
        <source>Asesi baru</source>
        <translation>New assessee</translation>
    </message>
    <message>
        <source>16 angka sesuai KTP</source>
        <translation>16 digits as on the ID card</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Diketahui</source>
        <translation>Known</translation>
    </message>
    <message>
        <source>(tidak ada)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>&amp;Nama lengkap *</source>
        <translation>Full &amp;name *</translation>
    </message>
    <message>
        <source>N&amp;IK</source>
        <translation>N&amp;IK</translation>
    </message>
    <message>
        <source>&amp;Jenis kelamin</source>
        <translation>&amp;Gender</translation>
    </message>
    <message>
        <source>&amp;Tempat lahir</source>
        <translation>Place of &amp;birth</translation>
    </message>
    <message>
        <source>Tanggal &amp;lahir</source>
        <translation>&amp;Date of birth</translation>
    </message>
    <message>
        <source>&amp;Lembaga</source>
        <translation>&amp;Institution</translation>
    </message>
    <message>
        <source>Pendidikan terakhir</source>
        <translation>Highest education</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Nama asesi wajib diisi.</source>
        <translation>The assessee&apos;s name is required.</translation>
    </message>
    <message>
        <source>NIK harus tepat 16 angka (sekarang {n} angka).</source>
        <translation>A NIK must be exactly 16 digits (now {n}).</translation>
    </message>
</context>
<context>
    <name>AssesseesPage</name>
    <message>
        <source>Asesi</source>
        <translation>Assessees</translation>
    </message>
    <message>
        <source>Daftar asesi</source>
        <translation>Assessee list</translation>
    </message>
    <message>
        <source>Cari nama asesi…</source>
        <translation>Search assessee name…</translation>
    </message>
    <message>
        <source>&amp;Asesi baru…</source>
        <translation>New &amp;assessee…</translation>
    </message>
    <message>
        <source>&amp;Ubah…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>NIK disamarkan di daftar; buka data asesi untuk melihatnya.</source>
        <translation>NIKs are masked in lists; open an assessee to see it.</translation>
    </message>
</context>
<context>
    <name>AssessmentListModel</name>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Diubah</source>
        <translation>Updated</translation>
    </message>
</context>
<context>
    <name>AssessmentWindow</name>
    <message>
        <source>Penilaian</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Tandatangani &amp;&amp; kunci…</source>
        <translation>Sign &amp;&amp; lock…</translation>
    </message>
    <message>
        <source>Semua peran penanda tangan menandatangani; setelah itu penilaian terkunci (Ctrl+Shift+S)</source>
        <translation>Every signer role signs; then the assessment is locked (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Buat revisi…</source>
        <translation>Make a revision…</translation>
    </message>
    <message>
        <source>Riwayat revisi</source>
        <translation>Revision history</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Penilaian tidak dapat dibuka.</source>
        <translation>The assessment cannot be opened.</translation>
    </message>
    <message>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Revisi {rev} · {status}</source>
        <translation>Revision {rev} · {status}</translation>
    </message>
    <message>
        <source>Finalisasi penilaian terlebih dahulu, lalu tandatangani.</source>
        <translation>Finalise the assessment first, then sign.</translation>
    </message>
    <message>
        <source>Belum dapat ditandatangani</source>
        <translation>Cannot be signed yet</translation>
    </message>
    <message>
        <source>Penilaian belum lengkap: {count} jawaban wajib kosong atau salah ({names}{more}). Lengkapi di penyunting, lalu finalisasi.</source>
        <translation>The assessment is not complete: {count} required answers are missing or invalid ({names}{more}). Complete them in the editor, then finalise.</translation>
    </message>
    <message>
        <source>, dan {n} lainnya</source>
        <translation>, and {n} more</translation>
    </message>
</context>
<context>
    <name>AssessmentsPage</name>
    <message>
        <source>Penilaian</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <source>&amp;Penilaian baru…</source>
        <translation>&amp;New assessment…</translation>
    </message>
    <message>
        <source>Cari subjek, templat atau ID…</source>
        <translation>Search subject, template or ID…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Lembaga</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Diubah sejak</source>
        <translation>Updated since</translation>
    </message>
    <message>
        <source>Diubah sampai</source>
        <translation>Updated until</translation>
    </message>
    <message>
        <source>Atur ulang</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Hapus semua penyaring</source>
        <translation>Clear every filter</translation>
    </message>
    <message>
        <source>Daftar penilaian</source>
        <translation>Assessment list</translation>
    </message>
    <message>
        <source>Periode</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Semua templat</source>
        <translation>All templates</translation>
    </message>
    <message>
        <source>Semua lembaga</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <source>Semua status ({n})</source>
        <translation>All statuses ({n})</translation>
    </message>
    <message>
        <source>{shown} dari {total} penilaian</source>
        <translation>{shown} of {total} assessments</translation>
    </message>
    <message>
        <source>Belum ada penilaian. Tekan “Penilaian baru” (Ctrl+N) untuk memulai.</source>
        <translation>No assessments yet. Press “New assessment” (Ctrl+N) to start.</translation>
    </message>
    <message>
        <source>Tidak ada penilaian yang cocok dengan penyaring.</source>
        <translation>No assessment matches the filters.</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CorruptDatabaseDialog</name>
    <message>
        <source>Database rusak — {app}</source>
        <translation>Database damaged — {app}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Basis data tidak lolos pemeriksaan keutuhan.&lt;/b&gt;</source>
        <translation>&lt;b&gt;The database failed its integrity check.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Berkas: {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <source>Cadangan terbaru yang lolos verifikasi: &lt;b&gt;{name}&lt;/b&gt; ({when}, {size}). Memulihkan mengganti basis data dengan cadangan itu; perubahan setelah waktu cadangan tidak ada di dalamnya.</source>
        <translation>Newest backup that passes verification: &lt;b&gt;{name}&lt;/b&gt; ({when}, {size}). Restoring replaces the database with that backup; changes made after the backup are not in it.</translation>
    </message>
    <message>
        <source>Tidak ada cadangan yang lolos verifikasi. Jangan hapus apa pun; hubungi kantor dengan berkas basis data dan log.</source>
        <translation>No backup passes verification. Do not delete anything; contact the office with the database file and the log.</translation>
    </message>
    <message>
        <source>Berkas yang rusak &lt;b&gt;tidak dihapus&lt;/b&gt;: salinannya disimpan di folder cadangan agar kantor dapat menyelamatkan isinya.</source>
        <translation>The damaged file is &lt;b&gt;not deleted&lt;/b&gt;: a copy is kept in the backup folder so the office can salvage its content.</translation>
    </message>
    <message>
        <source>Log: {path}</source>
        <translation>Log: {path}</translation>
    </message>
    <message>
        <source>&amp;Pulihkan dari cadangan</source>
        <translation>&amp;Restore from backup</translation>
    </message>
    <message>
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Alasan revisi</source>
        <translation>Reason for revision</translation>
    </message>
    <message>
        <source>Penanda tangan</source>
        <translation>Signers</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Hash isi</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <source>Diubah</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>digantikan</source>
        <translation>superseded</translation>
    </message>
</context>
<context>
    <name>InstitutionDialog</name>
    <message>
        <source>Ubah lembaga</source>
        <translation>Edit institution</translation>
    </message>
    <message>
        <source>Lembaga baru</source>
        <translation>New institution</translation>
    </message>
    <message>
        <source>mis. Direktur, Kepala UPTD</source>
        <translation>e.g. Director, Head of UPTD</translation>
    </message>
    <message>
        <source>&amp;Nama lembaga *</source>
        <translation>Institution &amp;name *</translation>
    </message>
    <message>
        <source>&amp;Jenis</source>
        <translation>&amp;Kind</translation>
    </message>
    <message>
        <source>&amp;VIN</source>
        <translation>&amp;VIN</translation>
    </message>
    <message>
        <source>No. izin / tanda daftar</source>
        <translation>Licence / registration no.</translation>
    </message>
    <message>
        <source>&amp;Alamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>&amp;Kota/kabupaten</source>
        <translation>&amp;City/regency</translation>
    </message>
    <message>
        <source>&amp;Provinsi</source>
        <translation>&amp;Province</translation>
    </message>
    <message>
        <source>Nama &amp;pimpinan</source>
        <translation>&amp;Head&apos;s name</translation>
    </message>
    <message>
        <source>Jabatan pimpinan</source>
        <translation>Head&apos;s position</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Nama lembaga wajib diisi.</source>
        <translation>The institution&apos;s name is required.</translation>
    </message>
</context>
<context>
    <name>InstitutionsPage</name>
    <message>
        <source>Lembaga (LPK/BLK)</source>
        <translation>Institutions (LPK/BLK)</translation>
    </message>
    <message>
        <source>Daftar lembaga</source>
        <translation>Institution list</translation>
    </message>
    <message>
        <source>Cari nama, kota atau VIN…</source>
        <translation>Search name, city or VIN…</translation>
    </message>
    <message>
        <source>&amp;Lembaga baru…</source>
        <translation>New &amp;institution…</translation>
    </message>
    <message>
        <source>&amp;Ubah…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Lihat &amp;penilaian</source>
        <translation>Show &amp;assessments</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Navigasi</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Kunjungan</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Penilaian</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <source>Lembaga</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>Asesi</source>
        <translation>Assessees</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Templates</translation>
    </message>
    <message>
        <source>&amp;Penilaian baru…</source>
        <translation>&amp;New assessment…</translation>
    </message>
    <message>
        <source>Mulai penilaian dari templat</source>
        <translation>Start an assessment from a template</translation>
    </message>
    <message>
        <source>&amp;Lembaga baru…</source>
        <translation>New &amp;institution…</translation>
    </message>
    <message>
        <source>&amp;Asesi baru…</source>
        <translation>New &amp;assessee…</translation>
    </message>
    <message>
        <source>&amp;Kunjungan baru…</source>
        <translation>New &amp;visit…</translation>
    </message>
    <message>
        <source>&amp;Cadangkan sekarang</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <source>Buat cadangan basis data yang terverifikasi</source>
        <translation>Make a verified backup of the database</translation>
    </message>
    <message>
        <source>Pen&amp;gaturan…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Buka penilaian</source>
        <translation>&amp;Open assessment</translation>
    </message>
    <message>
        <source>&amp;Riwayat revisi…</source>
        <translation>&amp;Revision history…</translation>
    </message>
    <message>
        <source>&amp;Segarkan</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Cari</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>&amp;Tentang {app}</source>
        <translation>&amp;About {app}</translation>
    </message>
    <message>
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Pe&amp;nilaian</source>
        <translation>&amp;Assessment</translation>
    </message>
    <message>
        <source>&amp;Tampilan</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Ba&amp;ntuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Alat</source>
        <translation>Tools</translation>
    </message>
    <message>
        <source>Data: {path}</source>
        <translation>Data: {path}</translation>
    </message>
    <message>
        <source>HANYA-BACA: folder data tidak dapat ditulis</source>
        <translation>READ-ONLY: the data folder cannot be written</translation>
    </message>
    <message>
        <source>Asesor: {name}</source>
        <translation>Assessor: {name}</translation>
    </message>
    <message>
        <source>Profil asesor belum diisi (Berkas → Pengaturan)</source>
        <translation>Assessor profile not filled in (File → Settings)</translation>
    </message>
    <message>
        <source>Bahasa disimpan; berlaku setelah aplikasi dibuka ulang.</source>
        <translation>Language saved; it applies after the app is restarted.</translation>
    </message>
    <message>
        <source>Cadangan dibuat: {name}</source>
        <translation>Backup made: {name}</translation>
    </message>
    <message>
        <source>Membuat cadangan terverifikasi…</source>
        <translation>Making a verified backup…</translation>
    </message>
    <message>
        <source>Tentang {app}</source>
        <translation>About {app}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{app} {version}&lt;/b&gt;&lt;br&gt;Perangkat penilaian lapangan luring untuk asesmen kelembagaan BLK/LPK dan asesmen kompetensi BNSP.&lt;br&gt;&lt;br&gt;Data: {path}</source>
        <translation>&lt;b&gt;{app} {version}&lt;/b&gt;&lt;br&gt;Offline field assessment kit for BLK/LPK institutional assessments and BNSP competency assessments.&lt;br&gt;&lt;br&gt;Data: {path}</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <source>Penilaian baru</source>
        <translation>New assessment</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Cari nama…</source>
        <translation>Search name…</translation>
    </message>
    <message>
        <source>Daftar subjek</source>
        <translation>Subject list</translation>
    </message>
    <message>
        <source>Tambah…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Ubah…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Kunjungan</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Tanpa kunjungan</source>
        <translation>No visit</translation>
    </message>
    <message>
        <source>Kunjungan yang ada</source>
        <translation>Existing visit</translation>
    </message>
    <message>
        <source>Kunjungan baru</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>Mulai penilaian</source>
        <translation>Start assessment</translation>
    </message>
    <message>
        <source>&amp;Templat</source>
        <translation>&amp;Template</translation>
    </message>
    <message>
        <source>Penilaian kelembagaan: pilih LPK/BLK yang dinilai.</source>
        <translation>Institutional assessment: choose the LPK/BLK assessed.</translation>
    </message>
    <message>
        <source>Penilaian kompetensi: pilih asesi yang dinilai.</source>
        <translation>Competency assessment: choose the assessee.</translation>
    </message>
    <message>
        <source>Formulir per angkatan: dibuat untuk satu kunjungan (pilih atau buat kunjungan di bawah).</source>
        <translation>Per-batch form: made for one visit (pick or create the visit below).</translation>
    </message>
    <message>
        <source>Lembaga yang dinilai</source>
        <translation>Institution assessed</translation>
    </message>
    <message>
        <source>Asesi</source>
        <translation>Assessee</translation>
    </message>
    <message>
        <source>Lembaga baru…</source>
        <translation>New institution…</translation>
    </message>
    <message>
        <source>Asesi baru…</source>
        <translation>New assessee…</translation>
    </message>
    <message>
        <source>Kepala: {head}</source>
        <translation>Head: {head}</translation>
    </message>
    <message>
        <source>Pilih templat terlebih dahulu.</source>
        <translation>Choose a template first.</translation>
    </message>
    <message>
        <source>Pilih lembaga yang dinilai.</source>
        <translation>Choose the institution assessed.</translation>
    </message>
    <message>
        <source>Pilih asesi yang dinilai.</source>
        <translation>Choose the assessee.</translation>
    </message>
    <message>
        <source>Belum ada kunjungan; buat kunjungan baru.</source>
        <translation>There is no visit yet; create a new one.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Pemulihan setelah penutupan tidak normal</source>
        <translation>Recovery after an abnormal exit</translation>
    </message>
    <message>
        <source>&lt;b&gt;Aplikasi tidak ditutup dengan benar terakhir kali.&lt;/b&gt;&lt;br&gt;{n} penilaian yang sedang berjalan dipulihkan; semua jawaban yang sudah ditandai &lt;i&gt;Tersimpan&lt;/i&gt; tetap ada. Periksa jawaban terakhir sebelum melanjutkan.</source>
        <translation>&lt;b&gt;The app did not close properly last time.&lt;/b&gt;&lt;br&gt;{n} assessments in progress were recovered; every answer marked &lt;i&gt;Saved&lt;/i&gt; is still there. Check the last answers before you go on.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Aplikasi tidak ditutup dengan benar terakhir kali.&lt;/b&gt;&lt;br&gt;Tidak ada penilaian yang sedang diubah saat itu; semua data utuh.</source>
        <translation>&lt;b&gt;The app did not close properly last time.&lt;/b&gt;&lt;br&gt;No assessment was being changed at the time; all data is intact.</translation>
    </message>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Terakhir tersimpan</source>
        <translation>Last saved</translation>
    </message>
    <message>
        <source>&amp;Buka</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Lanjutkan</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>Registry</name>
    <message>
        <source>BLK UPTP (pusat)</source>
        <translation>BLK UPTP (central)</translation>
    </message>
    <message>
        <source>BLK UPTD (daerah)</source>
        <translation>BLK UPTD (regional)</translation>
    </message>
    <message>
        <source>BLK Komunitas</source>
        <translation>Community BLK</translation>
    </message>
    <message>
        <source>LPK Swasta</source>
        <translation>Private LPK</translation>
    </message>
    <message>
        <source>LPK Pemerintah</source>
        <translation>Government LPK</translation>
    </message>
    <message>
        <source>LPK Perusahaan</source>
        <translation>Company LPK</translation>
    </message>
    <message>
        <source>LSP</source>
        <translation>LSP</translation>
    </message>
    <message>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Nama lembaga</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Kota</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Provinsi</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Pimpinan</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Nama asesi</source>
        <translation>Assessee</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>L/P</source>
        <translation>M/F</translation>
    </message>
    <message>
        <source>Tempat, tanggal lahir</source>
        <translation>Place and date of birth</translation>
    </message>
    <message>
        <source>Lembaga</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Nomor surat tugas</source>
        <translation>Assignment letter no.</translation>
    </message>
    <message>
        <source>Tempat</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Tim</source>
        <translation>Team</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>&amp;Pratinjau PDF</source>
        <translation>PDF &amp;preview</translation>
    </message>
    <message>
        <source>&amp;Cetak…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>&amp;Simpan PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <source>Pratinjau dibuka: {name}</source>
        <translation>Preview opened: {name}</translation>
    </message>
    <message>
        <source>Menyiapkan pratinjau PDF…</source>
        <translation>Preparing the PDF preview…</translation>
    </message>
    <message>
        <source>Dikirim ke pencetak: {name}</source>
        <translation>Sent to the printer: {name}</translation>
    </message>
    <message>
        <source>PDF dibuka di penampil; cetak dari sana: {name}</source>
        <translation>PDF opened in the viewer; print from there: {name}</translation>
    </message>
    <message>
        <source>Menyiapkan PDF untuk dicetak…</source>
        <translation>Preparing the PDF for printing…</translation>
    </message>
    <message>
        <source>Simpan laporan PDF</source>
        <translation>Save the PDF report</translation>
    </message>
    <message>
        <source>Dokumen PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>PDF disimpan: {path}</source>
        <translation>PDF saved: {path}</translation>
    </message>
    <message>
        <source>Menyimpan PDF…</source>
        <translation>Saving the PDF…</translation>
    </message>
</context>
<context>
    <name>ReviseDialog</name>
    <message>
        <source>Buat revisi</source>
        <translation>Make a revision</translation>
    </message>
    <message>
        <source>Revisi {rev} ({status}) tetap tersimpan apa adanya beserta tanda tangannya. Revisi {new} dibuat sebagai draf berisi jawaban yang sama; setelah diubah, revisi itu perlu difinalisasi dan ditandatangani lagi.</source>
        <translation>Revision {rev} ({status}) is kept as it is, with its signatures. Revision {new} is created as a draft with the same answers; after the changes it must be finalised and signed again.</translation>
    </message>
    <message>
        <source>Alasan revisi (wajib), mis. koreksi catatan setelah klarifikasi asesi</source>
        <translation>Reason for the revision (required), e.g. notes corrected after the assessee&apos;s clarification</translation>
    </message>
    <message>
        <source>Buat &amp;revisi</source>
        <translation>Make &amp;revision</translation>
    </message>
    <message>
        <source>&amp;Alasan revisi *</source>
        <translation>&amp;Reason for the revision *</translation>
    </message>
    <message>
        <source>Alasan revisi wajib diisi.</source>
        <translation>A reason for the revision is required.</translation>
    </message>
</context>
<context>
    <name>RevisionHistoryDialog</name>
    <message>
        <source>Riwayat revisi — {subject}</source>
        <translation>Revision history — {subject}</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Revisi yang sudah ditandatangani tidak pernah diubah; setiap perubahan menjadi revisi baru dengan alasannya.</source>
        <translation>A signed revision is never changed; every change becomes a new revision with its reason.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Revisi {rev}&lt;/b&gt; · {status}</source>
        <translation>&lt;b&gt;Revision {rev}&lt;/b&gt; · {status}</translation>
    </message>
    <message>
        <source>Alasan: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Dibuat {created}; difinalisasi {final}</source>
        <translation>Created {created}; finalised {final}</translation>
    </message>
    <message>
        <source>Kode isi (SHA-256): &lt;code&gt;{hash}&lt;/code&gt;</source>
        <translation>Content code (SHA-256): &lt;code&gt;{hash}&lt;/code&gt;</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>nama tanpa gelar</source>
        <translation>name without titles</translation>
    </message>
    <message>
        <source>mis. Dr., Ir.</source>
        <translation>e.g. Dr., Ir.</translation>
    </message>
    <message>
        <source>mis. S.T., M.Pd.</source>
        <translation>e.g. S.T., M.Pd.</translation>
    </message>
    <message>
        <source>Profil asesor</source>
        <translation>Assessor profile</translation>
    </message>
    <message>
        <source>&amp;Nama *</source>
        <translation>&amp;Name *</translation>
    </message>
    <message>
        <source>Gelar depan / belakang</source>
        <translation>Titles before / after the name</translation>
    </message>
    <message>
        <source>No. &amp;Reg. (MET)</source>
        <translation>&amp;Reg. No. (MET)</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <source>Nama dan No. Reg. diisikan otomatis saat Anda menandatangani sebagai asesor.</source>
        <translation>Your name and Reg. No. are filled in when you sign as the assessor.</translation>
    </message>
    <message>
        <source>Perubahan bahasa berlaku setelah aplikasi dibuka ulang.</source>
        <translation>A language change applies after the app is restarted.</translation>
    </message>
    <message>
        <source>A4 (210 × 297 mm)</source>
        <translation>A4 (210 × 297 mm)</translation>
    </message>
    <message>
        <source>F4 / Folio (215 × 330 mm)</source>
        <translation>F4 / Folio (215 × 330 mm)</translation>
    </message>
    <message>
        <source>Tampilan dan laporan</source>
        <translation>Display and reports</translation>
    </message>
    <message>
        <source>&amp;Bahasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Kertas bawaan</source>
        <translation>Default &amp;paper</translation>
    </message>
    <message>
        <source>Lokasi data (hanya dibaca)</source>
        <translation>Data locations (read-only)</translation>
    </message>
    <message>
        <source>{n} cadangan, terbaru {when}</source>
        <translation>{n} backups, newest {when}</translation>
    </message>
    <message>
        <source>belum ada cadangan</source>
        <translation>no backup yet</translation>
    </message>
    <message>
        <source>Folder data</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Basis data</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Cadangan</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Buka folder di pengelola berkas</source>
        <translation>Open the folder in the file manager</translation>
    </message>
    <message>
        <source>Format yang biasa: MET.000.004633 2020</source>
        <translation>The usual format: MET.000.004633 2020</translation>
    </message>
    <message>
        <source>Dicetak sebagai “No. Reg.” di bawah tanda tangan asesor.</source>
        <translation>Printed as “No. Reg.” under the assessor&apos;s signature.</translation>
    </message>
    <message>
        <source>Nama asesor wajib diisi.</source>
        <translation>The assessor&apos;s name is required.</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Tanda tangan: {role}</source>
        <translation>Signature: {role}</translation>
    </message>
    <message>
        <source>jabatan, bila perlu</source>
        <translation>position, if needed</translation>
    </message>
    <message>
        <source>&amp;Hapus coretan</source>
        <translation>&amp;Clear drawing</translation>
    </message>
    <message>
        <source>Dengan menandatangani, penanda tangan menyetujui isi revisi {rev} penilaian ini (kode isi {hash}). Tanda tangan terikat pada isi tersebut.</source>
        <translation>By signing, the signer approves the content of revision {rev} of this assessment (content code {hash}). The signature is bound to that content.</translation>
    </message>
    <message>
        <source>revisi {rev}</source>
        <translation>revision {rev}</translation>
    </message>
    <message>
        <source>Penilaian</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>&amp;Nama *</source>
        <translation>&amp;Name *</translation>
    </message>
    <message>
        <source>No. &amp;Reg.</source>
        <translation>&amp;Reg. No.</translation>
    </message>
    <message>
        <source>&amp;Jabatan</source>
        <translation>&amp;Position</translation>
    </message>
    <message>
        <source>Tempat, zona waktu</source>
        <translation>Place, time zone</translation>
    </message>
    <message>
        <source>&amp;Tandatangani</source>
        <translation>&amp;Sign</translation>
    </message>
    <message>
        <source>Nama penanda tangan wajib diisi.</source>
        <translation>The signer&apos;s name is required.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Bidang tanda tangan</source>
        <translation>Signature area</translation>
    </message>
    <message>
        <source>Tanda tangani dengan mouse, pena atau jari. Delete menghapus.</source>
        <translation>Sign with a mouse, a pen or a finger. Delete clears.</translation>
    </message>
    <message>
        <source>Tanda tangan di sini</source>
        <translation>Sign here</translation>
    </message>
</context>
<context>
    <name>SigningDialog</name>
    <message>
        <source>Tandatangani &amp; kunci</source>
        <translation>Sign &amp; lock</translation>
    </message>
    <message>
        <source>Penanda tangan</source>
        <translation>Signers</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&lt;b&gt;Terkunci.&lt;/b&gt; Semua peran telah menandatangani revisi {rev}; penilaian ini hanya-baca. Perubahan berikutnya memerlukan revisi baru dengan alasan.</source>
        <translation>&lt;b&gt;Locked.&lt;/b&gt; Every role has signed revision {rev}; this assessment is read-only. Any further change needs a new revision with a reason.</translation>
    </message>
    <message>
        <source>Status: &lt;b&gt;{status}&lt;/b&gt;. Setiap peran di bawah harus menandatangani; setelah itu penilaian terkunci dan hanya-baca.</source>
        <translation>Status: &lt;b&gt;{status}&lt;/b&gt;. Every role below must sign; then the assessment is locked and read-only.</translation>
    </message>
    <message>
        <source> (opsional)</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>{name}{reg}&lt;br&gt;&lt;small&gt;{place}, {at}&lt;/small&gt;</source>
        <translation>{name}{reg}&lt;br&gt;&lt;small&gt;{place}, {at}&lt;/small&gt;</translation>
    </message>
    <message>
        <source>belum menandatangani</source>
        <translation>has not signed yet</translation>
    </message>
    <message>
        <source>Tandatangani…</source>
        <translation>Sign…</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Basis data dipulihkan dari cadangan {name}. Berkas yang rusak disimpan di folder cadangan. Periksa penilaian yang diubah setelah waktu cadangan itu.</source>
        <translation>The database was restored from backup {name}. The damaged file is kept in the backup folder. Check assessments changed after that backup was made.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <source>Ditandatangani sebagian</source>
        <translation>Partly signed</translation>
    </message>
    <message>
        <source>Terkunci</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Lulus</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Tidak lulus</source>
        <translation>Fail</translation>
    </message>
</context>
<context>
    <name>Templates</name>
    <message>
        <source>Kompetensi (BNSP)</source>
        <translation>Competency (BNSP)</translation>
    </message>
    <message>
        <source>Kelembagaan</source>
        <translation>Institutional</translation>
    </message>
    <message>
        <source>Lembaga</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>Asesi</source>
        <translation>Assessee</translation>
    </message>
    <message>
        <source>Per kunjungan</source>
        <translation>Per visit</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Versi</source>
        <translation>Version</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <source>Templat</source>
        <translation>Templates</translation>
    </message>
    <message>
        <source>Daftar templat</source>
        <translation>Template list</translation>
    </message>
    <message>
        <source>Penilaian &amp;baru dengan templat ini…</source>
        <translation>&amp;New assessment with this template…</translation>
    </message>
    <message>
        <source>{n} berkas templat tidak valid dan tidak dipasang: {files}</source>
        <translation>{n} template files are not valid and were not installed: {files}</translation>
    </message>
    <message>
        <source>versi {v}</source>
        <translation>version {v}</translation>
    </message>
    <message>
        <source>{s} bagian · {n} butir isian</source>
        <translation>{s} sections · {n} answerable items</translation>
    </message>
    <message>
        <source>Penanda tangan: {who}</source>
        <translation>Signers: {who}</translation>
    </message>
    <message>
        <source>Sumber: {src}</source>
        <translation>Source: {src}</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Kunjungan baru</source>
        <translation>New visit</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>(tidak ada)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>kota tempat tanda tangan, mis. Bandung</source>
        <translation>city where the report is signed, e.g. Bandung</translation>
    </message>
    <message>
        <source>TUK Sewaktu</source>
        <translation>TUK Sewaktu (ad hoc)</translation>
    </message>
    <message>
        <source>TUK Tempat Kerja</source>
        <translation>TUK Tempat Kerja (workplace)</translation>
    </message>
    <message>
        <source>TUK Mandiri</source>
        <translation>TUK Mandiri (permanent)</translation>
    </message>
    <message>
        <source>Tim asesor</source>
        <translation>Assessor team</translation>
    </message>
    <message>
        <source>nama anggota tim baru</source>
        <translation>name of a new team member</translation>
    </message>
    <message>
        <source>Tambah ke tim</source>
        <translation>Add to team</translation>
    </message>
    <message>
        <source>No. &amp;surat tugas *</source>
        <translation>Assignment &amp;letter no. *</translation>
    </message>
    <message>
        <source>Lem&amp;baga</source>
        <translation>Insti&amp;tution</translation>
    </message>
    <message>
        <source>&amp;Tempat *</source>
        <translation>&amp;Place *</translation>
    </message>
    <message>
        <source>Tangga&amp;l</source>
        <translation>Dat&amp;e</translation>
    </message>
    <message>
        <source>Mulai – selesai, zona</source>
        <translation>Start – end, zone</translation>
    </message>
    <message>
        <source>Jenis TUK</source>
        <translation>TUK type</translation>
    </message>
    <message>
        <source>Ti&amp;m (ketua = pertama)</source>
        <translation>Tea&amp;m (lead = first)</translation>
    </message>
    <message>
        <source>Nomor surat tugas wajib diisi.</source>
        <translation>The assignment letter number is required.</translation>
    </message>
    <message>
        <source>Tempat wajib diisi (dicetak sebagai “Kota, tanggal”).</source>
        <translation>The place is required (printed as “City, date”).</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Kunjungan</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Daftar kunjungan</source>
        <translation>Visit list</translation>
    </message>
    <message>
        <source>&amp;Kunjungan baru…</source>
        <translation>New &amp;visit…</translation>
    </message>
    <message>
        <source>Penilaian &amp;baru di kunjungan ini…</source>
        <translation>&amp;New assessment in this visit…</translation>
    </message>
    <message>
        <source>Setiap kunjungan lapangan dilandasi surat tugas. Tekan Enter pada kunjungan untuk memulai penilaian di kunjungan itu.</source>
        <translation>Every field visit is covered by an assignment letter (surat tugas). Press Enter on a visit to start an assessment in it.</translation>
    </message>
</context>
</TS>
