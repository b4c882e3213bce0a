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
    <name>Conflict</name>
    <message>
        <source>Revisi sama, isi berbeda</source>
        <translation>Same revision, different content</translation>
    </message>
    <message>
        <source>Bukan penerus revisi yang tersimpan</source>
        <translation>Not a successor of the stored revision</translation>
    </message>
    <message>
        <source>Tanda tangan berbeda</source>
        <translation>Signatures differ</translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <source>Yang tersimpan dipertahankan</source>
        <translation>Stored kept</translation>
    </message>
    <message>
        <source>Yang masuk diambil</source>
        <translation>Incoming taken</translation>
    </message>
    <message>
        <source>Menunggu keputusan</source>
        <translation>Awaiting a decision</translation>
    </message>
    <message>
        <source>Penilaian</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Keputusan</source>
        <translation>Decision</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Konflik impor</source>
        <translation>Import conflicts</translation>
    </message>
    <message>
        <source>Revisi yang masuk tetapi bertentangan dengan yang tersimpan ditahan di sini. Bandingkan keduanya, lalu pilih mana yang berlaku; versi yang diganti tetap tercatat di log audit.</source>
        <translation>Incoming revisions that contradict the stored ones are held here. Compare both, then choose which one stands; the replaced version stays in the audit log.</translation>
    </message>
    <message>
        <source>Tampilkan yang sudah diputuskan</source>
        <translation>Show decided ones</translation>
    </message>
    <message>
        <source>Daftar konflik</source>
        <translation>Conflict list</translation>
    </message>
    <message>
        <source>Tidak ada konflik. Semua bundel yang diimpor cocok dengan data yang tersimpan.</source>
        <translation>No conflicts. Every imported bundle agrees with the stored data.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Tersimpan</source>
        <translation>Stored</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>Perbandingan tersimpan dan masuk</source>
        <translation>Stored and incoming compared</translation>
    </message>
    <message>
        <source>Butir</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Jawaban yang berbeda</source>
        <translation>Answers that differ</translation>
    </message>
    <message>
        <source>Catatan keputusan (mis. sudah dicek dengan asesor)</source>
        <translation>Decision note (e.g. checked with the assessor)</translation>
    </message>
    <message>
        <source>Catatan keputusan</source>
        <translation>Decision note</translation>
    </message>
    <message>
        <source>Pertahankan yang &amp;tersimpan</source>
        <translation>Keep the &amp;stored</translation>
    </message>
    <message>
        <source>&amp;Ambil yang masuk</source>
        <translation>&amp;Take the incoming</translation>
    </message>
    <message>
        <source>{n} menunggu keputusan</source>
        <translation>{n} awaiting a decision</translation>
    </message>
    <message>
        <source>Alasan konflik</source>
        <translation>Conflict reason</translation>
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
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Alasan revisi</source>
        <translation>Revision reason</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sidik isi (SHA-256)</source>
        <translation>Content hash (SHA-256)</translation>
    </message>
    <message>
        <source>Nilai / hasil</source>
        <translation>Score / verdict</translation>
    </message>
    <message>
        <source>Difinalisasi</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <source>Jawaban / bukti</source>
        <translation>Answers / evidence</translation>
    </message>
    <message>
        <source>{a} jawaban, {e} bukti</source>
        <translation>{a} answers, {e} evidence</translation>
    </message>
    <message>
        <source>Tanda tangan</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Laptop pengirim</source>
        <translation>Sending laptop</translation>
    </message>
    <message>
        <source>Jawaban yang berbeda: {n}</source>
        <translation>Answers that differ: {n}</translation>
    </message>
    <message>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>[baris {n}]</source>
        <translation>[row {n}]</translation>
    </message>
    <message>
        <source>(catatan berbeda)</source>
        <translation>(note differs)</translation>
    </message>
    <message>
        <source>yang tersimpan dipertahankan</source>
        <translation>the stored one was kept</translation>
    </message>
    <message>
        <source>yang masuk diambil</source>
        <translation>the incoming one was taken</translation>
    </message>
    <message>
        <source>Diputuskan {when}: {what}.</source>
        <translation>Decided {when}: {what}.</translation>
    </message>
    <message>
        <source>(tidak ada)</source>
        <translation>(none)</translation>
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
    <name>DashboardPage</name>
    <message>
        <source>Dasbor</source>
        <translation>Dashboard</translation>
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
        <source>Dari tanggal</source>
        <translation>From date</translation>
    </message>
    <message>
        <source>Sampai tanggal</source>
        <translation>To date</translation>
    </message>
    <message>
        <source>Termasuk draf</source>
        <translation>Include drafts</translation>
    </message>
    <message>
        <source>&amp;Perbarui</source>
        <translation>&amp;Update</translation>
    </message>
    <message>
        <source>&amp;Ekspor data…</source>
        <translation>&amp;Export data…</translation>
    </message>
    <message>
        <source>penilaian</source>
        <translation>assessments</translation>
    </message>
    <message>
        <source>final</source>
        <translation>finalised</translation>
    </message>
    <message>
        <source>lulus / kompeten</source>
        <translation>passed / competent</translation>
    </message>
    <message>
        <source>tidak lulus / belum kompeten</source>
        <translation>not passed / not yet competent</translation>
    </message>
    <message>
        <source>rata-rata nilai</source>
        <translation>mean score</translation>
    </message>
    <message>
        <source>lulus</source>
        <translation>passed</translation>
    </message>
    <message>
        <source>tidak lulus</source>
        <translation>not passed</translation>
    </message>
    <message>
        <source>lainnya / draf</source>
        <translation>other / draft</translation>
    </message>
    <message>
        <source>Belum ada data</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>Per lembaga</source>
        <translation>By institution</translation>
    </message>
    <message>
        <source>Per templat</source>
        <translation>By template</translation>
    </message>
    <message>
        <source>Per hasil</source>
        <translation>By verdict</translation>
    </message>
    <message>
        <source>Per bulan</source>
        <translation>By month</translation>
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
        <source>Menghitung…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>tingkat kelulusan {rate}</source>
        <translation>pass rate {rate}</translation>
    </message>
    <message>
        <source>(tanpa lembaga)</source>
        <translation>(no institution)</translation>
    </message>
    <message>
        <source>belum ada</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>{label}: {n} penilaian</source>
        <translation>{label}: {n} assessments</translation>
    </message>
    <message>
        <source>belum ada hasil</source>
        <translation>no verdict yet</translation>
    </message>
    <message>
        <source>Dihitung {when}</source>
        <translation>Computed {when}</translation>
    </message>
    <message>
        <source>{label}
{total} penilaian: {passed} lulus, {failed} tidak lulus, {other} lainnya
rata-rata nilai {mean}</source>
        <translation>{label}
{total} assessments: {passed} passed, {failed} not passed, {other} other
mean score {mean}</translation>
    </message>
</context>
<context>
    <name>DeviceIdentityDialog</name>
    <message>
        <source>Identitas perangkat</source>
        <translation>Device identity</translation>
    </message>
    <message>
        <source>Kantor mendaftarkan laptop ini dengan kunci publik di bawah (Kantor → Perangkat → Daftarkan laptop). Kunci rahasianya tidak pernah meninggalkan laptop ini.</source>
        <translation>The office enrols this laptop with the public key below (Office → Devices → Enrol laptop). Its private key never leaves this laptop.</translation>
    </message>
    <message>
        <source>Kunci publik</source>
        <translation>Public key</translation>
    </message>
    <message>
        <source>&amp;Salin kunci publik</source>
        <translation>&amp;Copy public key</translation>
    </message>
    <message>
        <source>ID perangkat</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{name} ({office}), dipercaya sejak {when}</source>
        <translation>{name} ({office}), trusted since {when}</translation>
    </message>
    <message>
        <source>belum ada: impor paket tugas dari kantor</source>
        <translation>none yet: import an assignment pack from the office</translation>
    </message>
    <message>
        <source>{n} bundel terkirim menunggu tanda terima kantor.</source>
        <translation>{n} sent bundles are waiting for the office&apos;s receipt.</translation>
    </message>
    <message>
        <source>Tidak ada bundel yang menunggu tanda terima.</source>
        <translation>No bundle is waiting for a receipt.</translation>
    </message>
    <message>
        <source>Kunci publik disalin ke papan klip.</source>
        <translation>Public key copied to the clipboard.</translation>
    </message>
</context>
<context>
    <name>DeviceListModel</name>
    <message>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Dicabut {when}</source>
        <translation>Revoked {when}</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID perangkat</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <source>Asesor</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>Didaftarkan</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>Bundel terakhir</source>
        <translation>Last bundle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Perangkat</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Kantor hanya menerima bundel dari laptop yang terdaftar di sini. Laptop yang hilang atau diganti: cabut pendaftarannya.</source>
        <translation>The office accepts bundles only from laptops enrolled here. A lost or replaced laptop: revoke its enrolment.</translation>
    </message>
    <message>
        <source>&amp;Daftarkan laptop…</source>
        <translation>&amp;Enrol laptop…</translation>
    </message>
    <message>
        <source>&amp;Cabut…</source>
        <translation>&amp;Revoke…</translation>
    </message>
    <message>
        <source>Buat &amp;paket tugas…</source>
        <translation>Create assignment &amp;pack…</translation>
    </message>
    <message>
        <source>Daftar laptop</source>
        <translation>Laptop list</translation>
    </message>
    <message>
        <source>Belum ada laptop terdaftar. Tekan “Daftarkan laptop” dan tempel kunci publiknya.</source>
        <translation>No laptops enrolled yet. Press “Enrol laptop” and paste its public key.</translation>
    </message>
    <message>
        <source>Kunci kantor ini: {device} (paket tugas dan tanda terima ditandatangani dengan kunci ini)</source>
        <translation>This office&apos;s key: {device} (assignment packs and receipts are signed with this key)</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <source>Ditandatangani</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Terkunci</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Penilaian ini sudah difinalisasi dan hanya dapat dibaca. Untuk mengubahnya, buat revisi.</source>
        <translation>This assessment has been finalised and is read-only. Make a revision to change it.</translation>
    </message>
    <message>
        <source>Penilaian ini sudah ditandatangani dan hanya dapat dibaca. Untuk mengubahnya, buat revisi.</source>
        <translation>This assessment has been signed and is read-only. Make a revision to change it.</translation>
    </message>
    <message>
        <source>Penilaian ini sudah dikunci dan hanya dapat dibaca. Untuk mengubahnya, buat revisi.</source>
        <translation>This assessment is locked and read-only. Make a revision to change it.</translation>
    </message>
    <message>
        <source>Pilih bukti</source>
        <translation>Choose evidence</translation>
    </message>
    <message>
        <source>Foto dan dokumen (*.jpg *.jpeg *.png *.pdf);;Semua berkas (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>Finalisasi</source>
        <translation>Finalise</translation>
    </message>
    <message>
        <source>Periksa semua jawaban wajib lalu kunci isi penilaian untuk ditandatangani</source>
        <translation>Check every required answer, then freeze the content for signing</translation>
    </message>
    <message>
        <source>Jawaban tetap di layar. Jangan tutup aplikasi; tekan Coba lagi.</source>
        <translation>Your answers stay on screen. Do not close the app; press Try again.</translation>
    </message>
    <message>
        <source>Coba lagi</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Buat revisi…</source>
        <translation>Make a revision…</translation>
    </message>
    <message>
        <source>Berikutnya yang belum dijawab</source>
        <translation>Next unanswered</translation>
    </message>
    <message>
        <source>Lompat ke butir wajib berikutnya yang belum dijawab (Ctrl+J)</source>
        <translation>Jump to the next required item without an answer (Ctrl+J)</translation>
    </message>
    <message>
        <source>Membuka penilaian…</source>
        <translation>Opening the assessment…</translation>
    </message>
    <message>
        <source>Data umum</source>
        <translation>General data</translation>
    </message>
    <message>
        <source>tidak berlaku</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <source>Elemen {title}</source>
        <translation>Element {title}</translation>
    </message>
    <message>
        <source>{answered} dari {required} jawaban wajib</source>
        <translation>{answered} of {required} required answers</translation>
    </message>
    <message>
        <source>Revisi {n}</source>
        <translation>Revision {n}</translation>
    </message>
    <message>
        <source>Ini revisi lama yang sudah digantikan; hanya dapat dibaca.</source>
        <translation>This is an old revision that has been superseded; it is read-only.</translation>
    </message>
    <message>
        <source>BELUM TERSIMPAN — {reason} (dan {more} perubahan lain)</source>
        <translation>NOT SAVED — {reason} (and {more} other changes)</translation>
    </message>
    <message>
        <source>BELUM TERSIMPAN — {reason}</source>
        <translation>NOT SAVED — {reason}</translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Tersimpan ✓ {time}</source>
        <translation>Saved ✓ {time}</translation>
    </message>
    <message>
        <source>BELUM TERSIMPAN</source>
        <translation>NOT SAVED</translation>
    </message>
    <message>
        <source>Simpan dulu perubahan yang belum tersimpan (tekan Coba lagi).</source>
        <translation>Save the unsaved changes first (press Try again).</translation>
    </message>
    <message>
        <source>Hapus baris {n} beserta semua isinya?</source>
        <translation>Remove row {n} and everything in it?</translation>
    </message>
    <message>
        <source>Hapus bukti &quot;{name}&quot; dari butir ini?</source>
        <translation>Remove the evidence &quot;{name}&quot; from this item?</translation>
    </message>
    <message>
        <source>Semua butir wajib sudah dijawab.</source>
        <translation>Every required item has an answer.</translation>
    </message>
    <message>
        <source>Setelah difinalisasi, jawaban tidak dapat diubah lagi; perubahan hanya lewat revisi dengan alasan. Penanda tangan menandatangani isi ini.</source>
        <translation>Once finalised, the answers can no longer be changed, only through a revision with a reason. The signers sign this content.</translation>
    </message>
    <message>
        <source>Rekomendasi saat ini: {verdict}</source>
        <translation>Current recommendation: {verdict}</translation>
    </message>
    <message>
        <source>KUK belum tercapai: {n}</source>
        <translation>KUK not yet achieved: {n}</translation>
    </message>
    <message>
        <source>Hasil saat ini: {verdict}</source>
        <translation>Current result: {verdict}</translation>
    </message>
    <message>
        <source>Finalisasi penilaian?</source>
        <translation>Finalise the assessment?</translation>
    </message>
    <message>
        <source>Finalisasi penilaian ini?</source>
        <translation>Finalise this assessment?</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Memeriksa dan memfinalisasi…</source>
        <translation>Checking and finalising…</translation>
    </message>
    <message>
        <source>Penilaian difinalisasi.</source>
        <translation>The assessment has been finalised.</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Hapus</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>{label} (baris {n})</source>
        <translation>{label} (row {n})</translation>
    </message>
    <message>
        <source>Wajib diisi: {label}</source>
        <translation>Required: {label}</translation>
    </message>
    <message>
        <source>{label}: minimal {n} baris</source>
        <translation>{label}: at least {n} rows</translation>
    </message>
    <message>
        <source>Tidak memenuhi batasan: {label} — {message}</source>
        <translation>Breaks a constraint: {label} — {message}</translation>
    </message>
    <message>
        <source>Belum dapat difinalisasi</source>
        <translation>Cannot finalise yet</translation>
    </message>
    <message>
        <source>{n} hal harus dibereskan sebelum penilaian dapat difinalisasi. Klik sebuah butir untuk menuju ke sana.</source>
        <translation>{n} things must be fixed before the assessment can be finalised. Click an item to go there.</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tekan angka 1–{n} untuk memilih, Delete untuk mengosongkan</source>
        <translation>Press 1–{n} to choose, Delete to clear</translation>
    </message>
    <message>
        <source>— pilih —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Angka</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Angka (boleh desimal)</source>
        <translation>Number (decimals allowed)</translation>
    </message>
    <message>
        <source>Ketik jawaban…</source>
        <translation>Type the answer…</translation>
    </message>
    <message>
        <source>Isi</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Centang untuk mengisi; hapus centang untuk mengosongkan</source>
        <translation>Tick to fill in; untick to clear</translation>
    </message>
    <message>
        <source>— kosong —</source>
        <translation>— empty —</translation>
    </message>
    <message>
        <source>dihitung otomatis</source>
        <translation>calculated</translation>
    </message>
    <message>
        <source>Belum ditandatangani</source>
        <translation>Not signed yet</translation>
    </message>
    <message>
        <source>Penanda tangan: {role}</source>
        <translation>Signer: {role}</translation>
    </message>
    <message>
        <source>Tanda tangani…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <source>KUK {no}</source>
        <translation>KUK {no}</translation>
    </message>
    <message>
        <source>Wajib diisi</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>KRITIS</source>
        <translation>CRITICAL</translation>
    </message>
    <message>
        <source>Butir kritis: jawaban yang tidak memenuhi menggagalkan penilaian</source>
        <translation>Critical item: an answer that does not pass fails the assessment</translation>
    </message>
    <message>
        <source>Standar industri/tempat kerja: {text}</source>
        <translation>Industry/workplace standard: {text}</translation>
    </message>
    <message>
        <source>Acuan: {text}</source>
        <translation>Reference: {text}</translation>
    </message>
    <message>
        <source>Bukti: {text}</source>
        <translation>Evidence: {text}</translation>
    </message>
    <message>
        <source>Lampirkan bukti…</source>
        <translation>Attach evidence…</translation>
    </message>
    <message>
        <source>Pilih foto atau PDF, atau seret berkas ke butir ini</source>
        <translation>Choose photos or PDFs, or drop files onto this item</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Catatan bebas untuk butir ini</source>
        <translation>A free note for this item</translation>
    </message>
    <message>
        <source>Catatan untuk butir ini…</source>
        <translation>A note for this item…</translation>
    </message>
    <message>
        <source>Bagian</source>
        <translation>Sections</translation>
    </message>
    <message>
        <source>Terisi</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Tambah baris</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Hapus baris</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <source>minimal {n} baris</source>
        <translation>at least {n} row(s)</translation>
    </message>
    <message>
        <source>maksimal {n} baris</source>
        <translation>at most {n} row(s)</translation>
    </message>
    <message>
        <source>Baris {n}, {column}: {message}</source>
        <translation>Row {n}, {column}: {message}</translation>
    </message>
    <message>
        <source>Nilai dan hasil</source>
        <translation>Score and result</translation>
    </message>
    <message>
        <source>Unit kompetensi</source>
        <translation>Competency units</translation>
    </message>
    <message>
        <source>KUK belum tercapai (observasi lanjut)</source>
        <translation>KUK not achieved (further observation)</translation>
    </message>
    <message>
        <source>Per bagian</source>
        <translation>Per section</translation>
    </message>
    <message>
        <source>Kegagalan butir kritis</source>
        <translation>Failed critical items</translation>
    </message>
    <message>
        <source>belum ada nilai</source>
        <translation>no score yet</translation>
    </message>
    <message>
        <source>Memenuhi</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Belum memenuhi</source>
        <translation>Not passed</translation>
    </message>
    <message>
        <source>Kategori {grade}: {label}</source>
        <translation>Grade {grade}: {label}</translation>
    </message>
    <message>
        <source>{n} butir bernilai belum dijawab</source>
        <translation>{n} scored items without an answer</translation>
    </message>
    <message>
        <source>K (Kompeten)</source>
        <translation>K (Competent)</translation>
    </message>
    <message>
        <source>Rekomendasi: {verdict}</source>
        <translation>Recommendation: {verdict}</translation>
    </message>
    <message>
        <source>BK (Belum Kompeten)</source>
        <translation>BK (Not yet competent)</translation>
    </message>
    <message>
        <source>Rekomendasi: belum dapat disimpulkan</source>
        <translation>Recommendation: not decided yet</translation>
    </message>
    <message>
        <source>Elemen {element}, KUK {kuk}</source>
        <translation>Element {element}, KUK {kuk}</translation>
    </message>
    <message>
        <source>batas {n} %</source>
        <translation>threshold {n} %</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Daftarkan laptop</source>
        <translation>Enrol laptop</translation>
    </message>
    <message>
        <source>Di laptop asesor buka Kirim → Identitas perangkat, salin kunci publiknya, lalu tempel di sini.</source>
        <translation>On the assessor&apos;s laptop open Send → Device identity, copy its public key, then paste it here.</translation>
    </message>
    <message>
        <source>kunci publik (44 karakter base64)</source>
        <translation>public key (44 base64 characters)</translation>
    </message>
    <message>
        <source>mis. Laptop Budi (Dell Latitude)</source>
        <translation>e.g. Budi&apos;s laptop (Dell Latitude)</translation>
    </message>
    <message>
        <source>(belum ditentukan)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>&amp;Kunci publik *</source>
        <translation>&amp;Public key *</translation>
    </message>
    <message>
        <source>&amp;Nama laptop *</source>
        <translation>&amp;Laptop name *</translation>
    </message>
    <message>
        <source>&amp;Asesor</source>
        <translation>&amp;Assessor</translation>
    </message>
    <message>
        <source>&amp;Daftarkan</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <source>Tempel kunci publik laptop.</source>
        <translation>Paste the laptop&apos;s public key.</translation>
    </message>
    <message>
        <source>Beri nama laptop ini.</source>
        <translation>Give this laptop a name.</translation>
    </message>
</context>
<context>
    <name>FieldSync</name>
    <message>
        <source>Impor tanda terima</source>
        <translation>Import receipt</translation>
    </message>
    <message>
        <source>Tanda terima (receipt-*.zip *.zip)</source>
        <translation>Receipts (receipt-*.zip *.zip)</translation>
    </message>
    <message>
        <source>Tanda terima ini sudah pernah diimpor; tidak ada yang berubah.</source>
        <translation>This receipt was imported before; nothing changed.</translation>
    </message>
    <message>
        <source>{n} revisi penilaian dinyatakan diterima kantor. Salinan bundelnya di outbox sudah dihapus.</source>
        <translation>{n} assessment revisions confirmed as received by the office. The bundle&apos;s copy in the outbox was deleted.</translation>
    </message>
    <message>
        <source>{n} revisi ditahan kantor sebagai konflik; kantor akan menghubungi Anda.</source>
        <translation>{n} revisions are held by the office as conflicts; the office will contact you.</translation>
    </message>
    <message>
        <source>Tanda terima kantor</source>
        <translation>Office receipt</translation>
    </message>
    <message>
        <source>Impor paket tugas</source>
        <translation>Import assignment pack</translation>
    </message>
    <message>
        <source>Paket tugas (pack-*.zip *.zip)</source>
        <translation>Assignment packs (pack-*.zip *.zip)</translation>
    </message>
    <message>
        <source>Mengimpor paket tugas…</source>
        <translation>Importing the assignment pack…</translation>
    </message>
    <message>
        <source>Paket ini sudah pernah diimpor; tidak ada yang berubah.</source>
        <translation>This pack was imported before; nothing changed.</translation>
    </message>
    <message>
        <source>templat</source>
        <translation>templates</translation>
    </message>
    <message>
        <source>skema</source>
        <translation>schemes</translation>
    </message>
    <message>
        <source>lembaga</source>
        <translation>institutions</translation>
    </message>
    <message>
        <source>asesi</source>
        <translation>assessees</translation>
    </message>
    <message>
        <source>asesor</source>
        <translation>assessors</translation>
    </message>
    <message>
        <source>kunjungan</source>
        <translation>visits</translation>
    </message>
    <message>
        <source>anggota tim</source>
        <translation>team members</translation>
    </message>
    <message>
        <source>Paket tugas diimpor. Ditambahkan: {added}. Diperbarui: {updated}.</source>
        <translation>Assignment pack imported. Added: {added}. Updated: {updated}.</translation>
    </message>
    <message>
        <source>Kunci kantor {office} sekarang dipercaya: bundel berikutnya dienkripsi untuk kantor ini.</source>
        <translation>Office key {office} is now trusted: the next bundles are encrypted for this office.</translation>
    </message>
    <message>
        <source>Paket tugas</source>
        <translation>Assignment pack</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
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
    <name>ImportOutcome</name>
    <message>
        <source>Baru</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Sudah ada</source>
        <translation>Already there</translation>
    </message>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Tanda tangan ditambahkan</source>
        <translation>Signatures added</translation>
    </message>
    <message>
        <source>Revisi lama</source>
        <translation>Old revision</translation>
    </message>
    <message>
        <source>Konflik</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Diimpor</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>Sudah diimpor</source>
        <translation>Already imported</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Impor bundel hasil</source>
        <translation>Import result bundles</translation>
    </message>
    <message>
        <source>Pilih atau seret berkas bundle-….zip dari flashdisk asesor. Tanda tangan digital setiap berkas diperiksa sebelum isinya dibaca; berkas yang sama boleh diimpor lagi tanpa mengubah apa pun.</source>
        <translation>Choose or drop bundle-….zip files from the assessor&apos;s USB stick. Each file&apos;s digital signature is checked before its content is read; importing the same file again changes nothing.</translation>
    </message>
    <message>
        <source>&amp;Pilih berkas…</source>
        <translation>&amp;Choose files…</translation>
    </message>
    <message>
        <source>Seret berkas bundel (.zip) atau foldernya ke sini</source>
        <translation>Drop bundle files (.zip) or their folder here</translation>
    </message>
    <message>
        <source>di samping setiap bundel (flashdisk)</source>
        <translation>next to each bundle (USB stick)</translation>
    </message>
    <message>
        <source>Folder tanda terima</source>
        <translation>Receipt folder</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>%v dari %m berkas</source>
        <translation>%v of %m files</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Buka &amp;Konflik</source>
        <translation>Open &amp;Conflicts</translation>
    </message>
    <message>
        <source>Impor bundel lama…</source>
        <translation>Import old bundles…</translation>
    </message>
    <message>
        <source>Bundel dengan nomor urut lebih kecil dari yang terakhir diterima dari laptop itu</source>
        <translation>Bundles with a lower sequence number than the last one received from that laptop</translation>
    </message>
    <message>
        <source>Laporan impor</source>
        <translation>Import report</translation>
    </message>
    <message>
        <source>Simpan laporan &amp;CSV…</source>
        <translation>Save &amp;CSV report…</translation>
    </message>
    <message>
        <source>Bersihkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Tanda terima ke:</source>
        <translation>Receipts to:</translation>
    </message>
    <message>
        <source>Pilih bundel hasil</source>
        <translation>Choose result bundles</translation>
    </message>
    <message>
        <source>Bundel hasil (bundle-*.zip *.zip);;Semua berkas (*)</source>
        <translation>Result bundles (bundle-*.zip *.zip);;All files (*)</translation>
    </message>
    <message>
        <source>Tidak ada berkas bundel (.zip) di antara yang dipilih.</source>
        <translation>There are no bundle files (.zip) among those chosen.</translation>
    </message>
    <message>
        <source>Belum ada berkas yang diimpor.</source>
        <translation>No files imported yet.</translation>
    </message>
    <message>
        <source>{n} diimpor</source>
        <translation>{n} imported</translation>
    </message>
    <message>
        <source>{n} sudah diimpor sebelumnya</source>
        <translation>{n} already imported</translation>
    </message>
    <message>
        <source>{n} ditolak</source>
        <translation>{n} refused</translation>
    </message>
    <message>
        <source>{files} berkas: {parts}.</source>
        <translation>{files} files: {parts}.</translation>
    </message>
    <message>
        <source>{n} baru</source>
        <translation>{n} new</translation>
    </message>
    <message>
        <source>{n} revisi</source>
        <translation>{n} revised</translation>
    </message>
    <message>
        <source>{n} konflik</source>
        <translation>{n} conflicts</translation>
    </message>
    <message>
        <source>{n} sudah ada</source>
        <translation>{n} already there</translation>
    </message>
    <message>
        <source>Penilaian: {parts}.</source>
        <translation>Assessments: {parts}.</translation>
    </message>
    <message>
        <source>Impor dibatalkan; berkas sisanya tidak diimpor.</source>
        <translation>Import cancelled; the remaining files were not imported.</translation>
    </message>
    <message>
        <source>Bundel lama</source>
        <translation>Old bundle</translation>
    </message>
    <message>
        <source>{n} bundel lebih lama dari bundel terakhir yang diterima dari laptopnya. Impor hanya jika Anda yakin bundel itu memang belum pernah sampai ke kantor.</source>
        <translation>{n} bundles are older than the last bundle received from their laptop. Import them only if you are sure they never reached the office.</translation>
    </message>
    <message>
        <source>Impor bundel lama</source>
        <translation>Import old bundle</translation>
    </message>
    <message>
        <source>Simpan laporan impor</source>
        <translation>Save import report</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Laporan disimpan: {path}</source>
        <translation>Report saved: {path}</translation>
    </message>
</context>
<context>
    <name>ImportReportModel</name>
    <message>
        <source>Berkas</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Penilaian</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>tanda terima: {name}</source>
        <translation>receipt: {name}</translation>
    </message>
    <message>
        <source>Bundel ini sudah diimpor sebelumnya; tidak ada yang berubah.</source>
        <translation>This bundle was imported before; nothing changed.</translation>
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
        <source>Periksa &amp;keaslian laporan…</source>
        <translation>Check a report&apos;s &amp;authenticity…</translation>
    </message>
    <message>
        <source>Periksa kode verifikasi dari kertas laporan atau berkas PDF-nya</source>
        <translation>Check the verification code from a paper report or its PDF file</translation>
    </message>
    <message>
        <source>&amp;Tentang {app}</source>
        <translation>&amp;About {app}</translation>
    </message>
    <message>
        <source>Kirim &amp;hasil…</source>
        <translation>Send &amp;results…</translation>
    </message>
    <message>
        <source>Kirim penilaian final ke kantor (mis. lewat flashdisk)</source>
        <translation>Send finalised assessments to the office (e.g. on a USB stick)</translation>
    </message>
    <message>
        <source>Impor &amp;tanda terima…</source>
        <translation>Import &amp;receipt…</translation>
    </message>
    <message>
        <source>Tandai penilaian yang sudah diterima kantor</source>
        <translation>Mark the assessments the office has received</translation>
    </message>
    <message>
        <source>Impor &amp;paket tugas…</source>
        <translation>Import assignment &amp;pack…</translation>
    </message>
    <message>
        <source>Templat, lembaga, asesi dan kunjungan dari kantor</source>
        <translation>Templates, institutions, assessees and visits from the office</translation>
    </message>
    <message>
        <source>&amp;Identitas perangkat…</source>
        <translation>&amp;Device identity…</translation>
    </message>
    <message>
        <source>ID dan kunci publik laptop ini untuk didaftarkan di kantor</source>
        <translation>This laptop&apos;s ID and public key, for enrolment at the office</translation>
    </message>
    <message>
        <source>Mode &amp;kantor</source>
        <translation>&amp;Office mode</translation>
    </message>
    <message>
        <source>Tampilkan halaman kantor: impor bundel, konflik, tinjauan, dasbor, perangkat</source>
        <translation>Show the office pages: import bundles, conflicts, review, dashboard, devices</translation>
    </message>
    <message>
        <source>&amp;Impor bundel…</source>
        <translation>&amp;Import bundles…</translation>
    </message>
    <message>
        <source>&amp;Ekspor data…</source>
        <translation>&amp;Export data…</translation>
    </message>
    <message>
        <source>&amp;Tinjau penilaian terpilih…</source>
        <translation>&amp;Review selected assessment…</translation>
    </message>
    <message>
        <source>Impor bundel</source>
        <translation>Import bundles</translation>
    </message>
    <message>
        <source>Konflik</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Tinjauan</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Dasbor</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Perangkat</source>
        <translation>Devices</translation>
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
        <source>&amp;Kirim</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>K&amp;antor</source>
        <translation>Off&amp;ice</translation>
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
        <source>Mode kantor</source>
        <translation>Office mode</translation>
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
        <source>KANTOR</source>
        <translation>OFFICE</translation>
    </message>
    <message>
        <source>Pilih penilaian di daftar terlebih dahulu.</source>
        <translation>Select an assessment in the list first.</translation>
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
    <name>OfficeExportDialog</name>
    <message>
        <source>Ekspor data</source>
        <translation>Export data</translation>
    </message>
    <message>
        <source>Excel (XLSX): satu lembar per tabel berulang</source>
        <translation>Excel (XLSX): one sheet per repeat table</translation>
    </message>
    <message>
        <source>CSV: satu berkas per tabel</source>
        <translation>CSV: one file per table</translation>
    </message>
    <message>
        <source>Label pilihan (mudah dibaca)</source>
        <translation>Option labels (easy to read)</translation>
    </message>
    <message>
        <source>Nilai mentah (untuk olah data)</source>
        <translation>Raw values (for data analysis)</translation>
    </message>
    <message>
        <source>Termasuk penilaian yang masih draf</source>
        <translation>Include assessments that are still drafts</translation>
    </message>
    <message>
        <source>lengkap</source>
        <translation>full</translation>
    </message>
    <message>
        <source>disamarkan (3201********0001)</source>
        <translation>masked (3201********0001)</translation>
    </message>
    <message>
        <source>tidak disertakan</source>
        <translation>left out</translation>
    </message>
    <message>
        <source>titik koma ; (Excel berbahasa Indonesia)</source>
        <translation>semicolon ; (Excel with Indonesian settings)</translation>
    </message>
    <message>
        <source>koma ,</source>
        <translation>comma ,</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>tab</translation>
    </message>
    <message>
        <source>Berkas tujuan</source>
        <translation>Target file</translation>
    </message>
    <message>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>&amp;Templat</source>
        <translation>&amp;Template</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Isi sel</source>
        <translation>Cell content</translation>
    </message>
    <message>
        <source>&amp;Bahasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>NIK asesi</source>
        <translation>Assessee NIK</translation>
    </message>
    <message>
        <source>Pemisah CSV</source>
        <translation>CSV separator</translation>
    </message>
    <message>
        <source>Simpan ke</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>&amp;Ekspor</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>Buka folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Simpan ekspor</source>
        <translation>Save export</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Mengekspor data…</source>
        <translation>Exporting data…</translation>
    </message>
    <message>
        <source>, {name}: {n} baris</source>
        <translation>, {name}: {n} rows</translation>
    </message>
    <message>
        <source>Selesai: {n} penilaian, {cols} kolom{rows}.
Ditulis dan diverifikasi:
{files}</source>
        <translation>Done: {n} assessments, {cols} columns{rows}.
Written and verified:
{files}</translation>
    </message>
</context>
<context>
    <name>PackDialog</name>
    <message>
        <source>Buat paket tugas</source>
        <translation>Create assignment pack</translation>
    </message>
    <message>
        <source>Kunjungan</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>folder tujuan, mis. flashdisk</source>
        <translation>target folder, e.g. a USB stick</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Tanpa kunjungan yang dicentang, paket berisi semua kunjungan tempat asesor ini bertugas. Semua templat terbaru selalu disertakan.</source>
        <translation>With no visit ticked, the pack holds every visit this assessor is on. All the latest templates are always included.</translation>
    </message>
    <message>
        <source>&amp;Asesor</source>
        <translation>&amp;Assessor</translation>
    </message>
    <message>
        <source>&amp;Laptop</source>
        <translation>&amp;Laptop</translation>
    </message>
    <message>
        <source>Simpan ke</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>&amp;Buat paket</source>
        <translation>&amp;Create pack</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>(laptop asesor ini, jika hanya satu)</source>
        <translation>(this assessor&apos;s laptop, if there is only one)</translation>
    </message>
    <message>
        <source> (asesor ini)</source>
        <translation> (this assessor)</translation>
    </message>
    <message>
        <source>(tanpa nomor surat)</source>
        <translation>(no letter number)</translation>
    </message>
    <message>
        <source>Folder tujuan</source>
        <translation>Target folder</translation>
    </message>
    <message>
        <source>Pilih asesor (tambahkan dulu lewat Kunjungan).</source>
        <translation>Choose an assessor (add one through Visits first).</translation>
    </message>
    <message>
        <source>Pilih folder tujuan.</source>
        <translation>Choose the target folder.</translation>
    </message>
    <message>
        <source>Paket tugas dibuat: {path}
Isi: {counts}
Berikan berkas ini ke asesor: di laptopnya pilih Kirim → Impor paket tugas.</source>
        <translation>Assignment pack created: {path}
Contents: {counts}
Give this file to the assessor: on the laptop choose Send → Import assignment pack.</translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Templat</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Difinalisasi</source>
        <translation>Finalised</translation>
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
    <name>ReportPreview</name>
    <message>
        <source>Cetak laporan</source>
        <translation>Print report</translation>
    </message>
    <message>
        <source>Mencetak…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Pencetak tidak dapat dibuka: {name}. Periksa apakah pencetak menyala dan terhubung.</source>
        <translation>The printer could not be opened: {name}. Check that the printer is switched on and connected.</translation>
    </message>
</context>
<context>
    <name>ReportPreviewDialog</name>
    <message>
        <source>Pratinjau laporan — {title}</source>
        <translation>Report preview — {title}</translation>
    </message>
    <message>
        <source>Ukuran kertas</source>
        <translation>Paper size</translation>
    </message>
    <message>
        <source>Bahasa Indonesia</source>
        <translation>Indonesian</translation>
    </message>
    <message>
        <source>Bahasa Inggris</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Bahasa laporan</source>
        <translation>Report language</translation>
    </message>
    <message>
        <source>&amp;Kertas</source>
        <translation>&amp;Paper</translation>
    </message>
    <message>
        <source>&amp;Bahasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>‹ Sebelumnya</source>
        <translation>‹ Previous</translation>
    </message>
    <message>
        <source>Halaman sebelumnya (PgUp)</source>
        <translation>Previous page (PgUp)</translation>
    </message>
    <message>
        <source>Berikutnya ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <source>Halaman berikutnya (PgDn)</source>
        <translation>Next page (PgDn)</translation>
    </message>
    <message>
        <source>Perkecil (Ctrl+-)</source>
        <translation>Zoom out (Ctrl+-)</translation>
    </message>
    <message>
        <source>Perkecil</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Perbesar (Ctrl++)</source>
        <translation>Zoom in (Ctrl++)</translation>
    </message>
    <message>
        <source>Perbesar</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>&amp;Lebar penuh</source>
        <translation>&amp;Fit width</translation>
    </message>
    <message>
        <source>Sesuaikan lebar halaman dengan jendela (Ctrl+0)</source>
        <translation>Fit the page width to the window (Ctrl+0)</translation>
    </message>
    <message>
        <source>Memuat halaman…</source>
        <translation>Loading page…</translation>
    </message>
    <message>
        <source>Halaman laporan</source>
        <translation>Report page</translation>
    </message>
    <message>
        <source>&amp;Simpan PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <source>Simpan sebagai berkas PDF (Ctrl+S)</source>
        <translation>Save as a PDF file (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Cetak…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Cetak ke pencetak (Ctrl+P)</source>
        <translation>Print on a printer (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Tutup</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Halaman {page} dari {total}</source>
        <translation>Page {page} of {total}</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{pages} halaman · kertas {paper} · {lang} — PgUp/PgDn: pindah halaman</source>
        <translation>{pages} pages · {paper} paper · {lang} — PgUp/PgDn: change page</translation>
    </message>
    <message>
        <source>Menyusun laporan…</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <source>Pencetakan gagal.</source>
        <translation>Printing failed.</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Mencetak…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Dicetak: {sheets} halaman. Cetakan tercatat dan dapat diverifikasi (kode {code}).</source>
        <translation>Printed: {sheets} pages. The printout is recorded and can be verified (code {code}).</translation>
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
    <name>Reports</name>
    <message>
        <source>Menyusun laporan…</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Dicetak: {sheets} halaman. Cetakan tercatat dan dapat diverifikasi (kode {code}).</source>
        <translation>Printed: {sheets} pages. The printout is recorded and can be verified (code {code}).</translation>
    </message>
    <message>
        <source>&amp;Pratinjau PDF</source>
        <translation>PDF &amp;preview</translation>
    </message>
    <message>
        <source>Pratinjau laporan di aplikasi (Ctrl+Shift+V)</source>
        <translation>Preview the report in the app (Ctrl+Shift+V)</translation>
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
        <source>Cetak formulir &amp;kosong…</source>
        <translation>Print &amp;blank form…</translation>
    </message>
    <message>
        <source>Pratinjau dan cetak templat ini sebagai formulir kosong untuk diisi tangan</source>
        <translation>Preview and print this template as a blank form to fill in by hand</translation>
    </message>
    <message>
        <source>Laporan FR.AK.&amp;05…</source>
        <translation>FR.AK.&amp;05 report…</translation>
    </message>
    <message>
        <source>Rekaman asesmen per batch (FR.AK.05) kunjungan ini: semua asesi dengan K/BK</source>
        <translation>Batch assessment record (FR.AK.05) of this visit: every assessee with K/BK</translation>
    </message>
    <message>
        <source>formulir kosong</source>
        <translation>blank form</translation>
    </message>
    <message>
        <source>Pilih templat terlebih dahulu.</source>
        <translation>Select a template first.</translation>
    </message>
    <message>
        <source>Pilih kunjungan terlebih dahulu.</source>
        <translation>Select a visit first.</translation>
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
</context>
<context>
    <name>Review</name>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Perlu perbaikan</source>
        <translation>Needs correction</translation>
    </message>
    <message>
        <source>Disetujui</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Belum ditinjau</source>
        <translation>Not reviewed</translation>
    </message>
</context>
<context>
    <name>ReviewColumnModel</name>
    <message>
        <source>Tinjauan</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>(rev. {n})</source>
        <translation>(rev. {n})</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Tinjauan penilaian</source>
        <translation>Assessment review</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReviewHistoryModel</name>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rev.</source>
        <translation>Rev.</translation>
    </message>
    <message>
        <source>Peninjau</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>Komentar</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>ReviewListModel</name>
    <message>
        <source>(revisi {n})</source>
        <translation>(revision {n})</translation>
    </message>
    <message>
        <source>Subjek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Tinjauan</source>
        <translation>Review</translation>
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
        <source>Hasil</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Rev.</source>
        <translation>Rev.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Tinjauan penilaian</source>
        <translation>Assessment review</translation>
    </message>
    <message>
        <source>Status tinjauan</source>
        <translation>Review status</translation>
    </message>
    <message>
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Cari subjek, templat atau ID…</source>
        <translation>Search subject, template or ID…</translation>
    </message>
    <message>
        <source>Daftar tinjauan</source>
        <translation>Review list</translation>
    </message>
    <message>
        <source>Semua ({n})</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <source>{n} penilaian final · {todo} belum ditinjau</source>
        <translation>{n} finalised assessments · {todo} not reviewed</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Pilih penilaian di daftar.</source>
        <translation>Select an assessment in the list.</translation>
    </message>
    <message>
        <source>Keputusan</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Berkas sudah diterima kantor, belum diperiksa.</source>
        <translation>The file reached the office; not checked yet.</translation>
    </message>
    <message>
        <source>Asesor perlu memperbaiki; komentar wajib.</source>
        <translation>The assessor needs to correct it; a comment is required.</translation>
    </message>
    <message>
        <source>Hanya untuk penilaian final atau terkunci.</source>
        <translation>Only for finalised or locked assessments.</translation>
    </message>
    <message>
        <source>Komentar wajib; hanya untuk penilaian final atau terkunci.</source>
        <translation>Comment required; only for finalised or locked assessments.</translation>
    </message>
    <message>
        <source>Perlu perbaikan dan Ditolak wajib diberi komentar. Disetujui dan Ditolak hanya untuk penilaian yang sudah final.</source>
        <translation>Needs correction and Rejected require a comment. Approved and Rejected are only for finalised assessments.</translation>
    </message>
    <message>
        <source>Komentar untuk asesor (apa yang perlu diperbaiki, alasan penolakan…)</source>
        <translation>Comment for the assessor (what to correct, why it is rejected…)</translation>
    </message>
    <message>
        <source>Komentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Peninjau</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>&amp;Simpan status</source>
        <translation>&amp;Save status</translation>
    </message>
    <message>
        <source>Riwayat tinjauan</source>
        <translation>Review history</translation>
    </message>
    <message>
        <source>{subject} · {template} · revisi {rev}</source>
        <translation>{subject} · {template} · revision {rev}</translation>
    </message>
    <message>
        <source>Status: {status} · Nilai: {score} · Hasil: {verdict}</source>
        <translation>Status: {status} · Score: {score} · Verdict: {verdict}</translation>
    </message>
    <message>
        <source>Tinjauan: belum ditinjau</source>
        <translation>Review: not reviewed</translation>
    </message>
    <message>
        <source>Tinjauan: {status} oleh {who}, {when}</source>
        <translation>Review: {status} by {who}, {when}</translation>
    </message>
    <message>
        <source>(untuk revisi {n})</source>
        <translation>(for revision {n})</translation>
    </message>
    <message>
        <source>Komentar wajib diisi</source>
        <translation>A comment is required</translation>
    </message>
    <message>
        <source>Komentar (tidak wajib)</source>
        <translation>Comment (optional)</translation>
    </message>
    <message>
        <source>Pilih salah satu status.</source>
        <translation>Choose one of the statuses.</translation>
    </message>
    <message>
        <source>Komentar wajib diisi untuk status {status}.</source>
        <translation>A comment is required for the status {status}.</translation>
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
    <message>
        <source>Kode verifikasi: &lt;code&gt;{code}&lt;/code&gt;</source>
        <translation>Verification code: &lt;code&gt;{code}&lt;/code&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;PERINGATAN:&lt;/b&gt; catatan ini diubah di luar aplikasi ({problems}); tidak dapat dicetak sebagai laporan sah.</source>
        <translation>&lt;b&gt;WARNING:&lt;/b&gt; this record was changed outside the app ({problems}); it cannot be printed as a valid report.</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Cabut laptop</source>
        <translation>Revoke laptop</translation>
    </message>
    <message>
        <source>Cabut pendaftaran “{name}” ({device})? Bundel dari laptop ini akan ditolak mulai sekarang. Data yang sudah diimpor tidak berubah. Laptop yang sama hanya bisa dipakai lagi dengan kunci baru.</source>
        <translation>Revoke the enrolment of “{name}” ({device})? Bundles from this laptop will be refused from now on. Data already imported does not change. The same laptop can only be used again with a new key.</translation>
    </message>
    <message>
        <source>&amp;Cabut</source>
        <translation>&amp;Revoke</translation>
    </message>
</context>
<context>
    <name>SendResultsDialog</name>
    <message>
        <source>Kirim hasil ke kantor</source>
        <translation>Send results to the office</translation>
    </message>
    <message>
        <source>Penilaian final yang belum dinyatakan diterima oleh kantor dikemas menjadi satu berkas bundel bertanda tangan digital. Simpan ke flashdisk atau folder yang dikirim ke kantor.</source>
        <translation>Finalised assessments the office has not confirmed as received are packed into one digitally signed bundle file. Save it to a USB stick or a folder that goes to the office.</translation>
    </message>
    <message>
        <source>Penilaian yang akan dikirim</source>
        <translation>Assessments to send</translation>
    </message>
    <message>
        <source>folder tujuan, mis. flashdisk (E:\)</source>
        <translation>target folder, e.g. a USB stick (E:\)</translation>
    </message>
    <message>
        <source>Folder tujuan</source>
        <translation>Target folder</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Terkirim dan diverifikasi</source>
        <translation>Sent and verified</translation>
    </message>
    <message>
        <source>Sebelum mencabut flashdisk, keluarkan dengan aman (klik kanan → Eject / Keluarkan dengan aman) agar isinya benar-benar tertulis.</source>
        <translation>Before pulling out the USB stick, eject it safely (right click → Eject) so that everything is really written.</translation>
    </message>
    <message>
        <source>&amp;Kirim</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Buka folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Simpan ke:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>{n} revisi penilaian akan dikirim:</source>
        <translation>{n} assessment revisions will be sent:</translation>
    </message>
    <message>
        <source>Tidak ada penilaian final yang perlu dikirim. Finalisasi penilaian terlebih dahulu.</source>
        <translation>There are no finalised assessments to send. Finalise an assessment first.</translation>
    </message>
    <message>
        <source>Isi bundel dienkripsi untuk kantor “{office}”: hanya kantor itu yang dapat membukanya.</source>
        <translation>The bundle&apos;s content is encrypted for the office “{office}”: only that office can open it.</translation>
    </message>
    <message>
        <source>Isinya dienkripsi untuk kantor “{office}” ({id}).</source>
        <translation>Its content is encrypted for the office “{office}” ({id}).</translation>
    </message>
    <message>
        <source>Kunci kantor belum ada (impor paket tugas dulu): bundel ditandatangani tetapi isinya tidak dienkripsi.</source>
        <translation>No office key yet (import an assignment pack first): the bundle is signed but its content is not encrypted.</translation>
    </message>
    <message>
        <source>{n} bundel sebelumnya menunggu tanda terima kantor; penilaian di dalamnya ikut dikirim lagi sampai tanda terimanya diimpor.</source>
        <translation>{n} earlier bundles are waiting for the office&apos;s receipt; their assessments are sent again until the receipt is imported.</translation>
    </message>
    <message>
        <source>Pilih folder tujuan (mis. flashdisk).</source>
        <translation>Choose the target folder (e.g. a USB stick).</translation>
    </message>
    <message>
        <source>Menulis dan memeriksa bundel…</source>
        <translation>Writing and checking the bundle…</translation>
    </message>
    <message>
        <source>Tidak ada penilaian final yang perlu dikirim.</source>
        <translation>There are no finalised assessments to send.</translation>
    </message>
    <message>
        <source>Berkas: {path} ({size} KB, {n} revisi penilaian)</source>
        <translation>File: {path} ({size} KB, {n} assessment revisions)</translation>
    </message>
    <message>
        <source>Diverifikasi: berkas dibaca ulang dari tujuan dan sidik SHA-256-nya cocok.</source>
        <translation>Verified: the file was read back from the target and its SHA-256 matches.</translation>
    </message>
    <message>
        <source>Salinan tetap disimpan di outbox laptop sampai tanda terima kantor diimpor (Kirim → Impor tanda terima): {path}</source>
        <translation>A copy stays in the laptop&apos;s outbox until the office&apos;s receipt is imported (Send → Import receipt): {path}</translation>
    </message>
    <message>
        <source>{n} revisi penilaian dikirim dalam bundel nomor {seq}:</source>
        <translation>{n} assessment revisions sent in bundle number {seq}:</translation>
    </message>
    <message>
        <source>Penilaian tetap aman di laptop; bundel yang sudah dibuat ada di outbox ({path}). Coba lagi dengan folder atau flashdisk lain.</source>
        <translation>The assessments are safe on the laptop; the bundle made so far is in the outbox ({path}). Try again with another folder or USB stick.</translation>
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
        <source>&amp;Mode kantor</source>
        <translation>&amp;Office mode</translation>
    </message>
    <message>
        <source>Tampilkan halaman kantor: impor bundel, konflik, tinjauan, dasbor, perangkat</source>
        <translation>Show the office pages: import bundles, conflicts, review, dashboard, devices</translation>
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
    <message>
        <source>Bukan No. Reg. asesor BNSP; tulis seperti MET.000.004633 2020.</source>
        <translation>Not a BNSP assessor registration number; write it like MET.000.004633 2020.</translation>
    </message>
    <message>
        <source>Alamat email tidak sah (contoh: nama@contoh.go.id).</source>
        <translation>Not a valid e-mail address (e.g. name@example.go.id).</translation>
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
        <source>Rekomendasi: {verdict}</source>
        <translation>Recommendation: {verdict}</translation>
    </message>
    <message>
        <source>KUK belum tercapai: {kuk}</source>
        <translation>KUK not yet achieved: {kuk}</translation>
    </message>
    <message>
        <source>Hasil: {verdict}</source>
        <translation>Result: {verdict}</translation>
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
    <name>VerifyDialog</name>
    <message>
        <source>Periksa keaslian laporan</source>
        <translation>Check a report&apos;s authenticity</translation>
    </message>
    <message>
        <source>Ketik kode verifikasi yang tercetak di kaki setiap halaman laporan, lalu bandingkan baris demi baris dengan kertasnya. Atau pilih berkas PDF-nya.</source>
        <translation>Type the verification code printed at the foot of every page of the report, then compare line by line with the paper. Or choose its PDF file.</translation>
    </message>
    <message>
        <source>&amp;Periksa kode</source>
        <translation>&amp;Check code</translation>
    </message>
    <message>
        <source>Periksa berkas &amp;PDF…</source>
        <translation>Check a &amp;PDF file…</translation>
    </message>
    <message>
        <source>Bagian</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>Harus tertulis</source>
        <translation>Must read</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Pilih laporan PDF</source>
        <translation>Choose a PDF report</translation>
    </message>
    <message>
        <source>Laporan PDF (*.pdf)</source>
        <translation>PDF reports (*.pdf)</translation>
    </message>
    <message>
        <source>Tanda tangan PDF</source>
        <translation>PDF signature</translation>
    </message>
    <message>
        <source>SAH</source>
        <translation>VALID</translation>
    </message>
    <message>
        <source>TIDAK SAH</source>
        <translation>NOT VALID</translation>
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
