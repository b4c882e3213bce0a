"""``assessor-app --self-test``: prove, on this machine (also in the frozen build), that the
whole chain works — in a temporary folder, never touching the user's data.

Steps: open a fresh store (encrypted with SQLCipher under a random passphrase, so a frozen
build proves it bundles sqlcipher3 and argon2), load every shipped template, fill and sign one assessment,
render and verify its PDF, export a signed bundle, import it into a second (office) store,
and re-import it (must add nothing). Exit 0, or the number of the failing step.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assessor_app import __version__
from assessor_app.core.errors import AppError
from assessor_app.messages import describe


class SelfTestFailure(Exception):
    """A step ran but its result was wrong."""


@dataclass
class SelfTest:
    root: Path
    out: Callable[[str], None]
    state: dict[str, Any] = field(default_factory=dict)

    # -------------------------------------------------------------- steps

    def _open_encrypted(self, folder: str) -> Any:
        """Services on a new data folder encrypted under a random passphrase."""
        import secrets

        from assessor_app.core import keys
        from assessor_app.paths import AppPaths
        from assessor_app.services.runtime import open_services
        from assessor_app.storage.db import is_plain_sqlite_file

        paths = AppPaths(self.root / folder).ensure()
        passphrase = secrets.token_urlsafe(18)
        key_file, dek = keys.new_keyfile(passphrase)
        keys.save_keyfile(paths.keyfile_path, key_file)
        services = open_services(paths, key=keys.unlock(key_file, passphrase))
        if dek != services.store.key or is_plain_sqlite_file(paths.db_path):
            services.store.close(clean=True)
            raise SelfTestFailure("the database file is not encrypted")
        return services

    def open_store(self) -> str:
        from assessor_app.storage.db import run_pragma

        self.state["laptop"] = self._open_encrypted("laptop")
        report = self.state["laptop"].store.startup
        cipher = run_pragma(self.state["laptop"].store.engine, "PRAGMA cipher_version")
        return f"schema {report.migration.to_version}, SQLCipher {cipher[0][0]}"

    def load_templates(self) -> str:
        from assessor_app.paths import forms_dir

        laptop = self.state["laptop"]
        results = laptop.templates.validate([forms_dir()])
        bad = [r for r in results if r.error is not None]
        if not results:
            raise SelfTestFailure(f"no templates found in {forms_dir()}")
        if bad:
            raise SelfTestFailure("invalid template: " + ", ".join(str(r.path.name) for r in bad))
        return f"{len(results)} templates valid, {len(laptop.templates.latest())} installed"

    def fill_and_sign(self) -> str:
        from assessor_app.services.demo import fill_required, signature_png

        laptop = self.state["laptop"]
        reg, svc = laptop.registry, laptop.assessments
        me = reg.add_assessor("Asesor Uji Mandiri", registration_no="MET.000.000001 2026",
                              is_self=True)
        asesi = reg.add_assessee("Peserta Uji Mandiri", nik="0000000000000001")
        from assessor_app.paths import forms_dir

        laptop.schemes.ensure_shipped(forms_dir() / "schemes")
        scheme = laptop.certification.schemes()[0]
        # FR.AK.01 (consent) first: an FR.IA.01 cannot start without it.
        for form in ("FR.AK.01", "FR.IA.01"):
            row = svc.create(scheme.ids[form], assessee_id=asesi.id, assessor_id=me.id)
            fill_required(svc, row.id, text="Uji mandiri")
            template = svc.template_of(row)
            svc.finalise(row.id)
            for signer in (s for s in template.signers if s.required):
                # the asesi signs under the asesi's own name (the service refuses another)
                svc.sign(row.id, signer.role, asesi.name if signer.role == "asesi" else
                         f"Penanda tangan {signer.role}",
                         signature_png(signer.role), registration_no=me.registration_no,
                         place="Semarang", timezone="WIB")
        code = row.template_code
        detail = svc.detail(row.id)
        if detail.row.status != "locked" or detail.score.competency != "K":
            raise SelfTestFailure(f"status {detail.row.status}, verdict {detail.score.competency}")
        self.state["revision_id"] = row.id
        return f"{code}: K, locked, {len(detail.signatures)} signatures"

    def render_pdf(self) -> str:
        laptop = self.state["laptop"]
        reports = laptop.reports
        target = self.root / "laporan.pdf"
        reports.save_assessment(self.state["revision_id"], target)
        result = reports.verify(target)
        if not result.valid:
            raise SelfTestFailure(f"verify said NOT VALID ({result.reason_code})")
        # The preview and printing engine (PDFium) must be present and able to rasterise it.
        import pypdfium2

        pdf = pypdfium2.PdfDocument(target.read_bytes())
        try:
            pages = len(pdf)
            bitmap = pdf[0].render(scale=0.5)
            width = bitmap.width
        finally:
            pdf.close()
        if pages < 1 or width < 100:
            raise SelfTestFailure("the PDF could not be rasterised for preview")
        return f"{target.stat().st_size // 1024} KB, {pages} pages, verify VALID, preview ok"

    def export_bundle(self) -> str:
        laptop = self.state["laptop"]
        # no office key in a throwaway folder: plain on purpose (an encrypted laptop
        # refuses an unsealed bundle unless asked), the outbox copy is encrypted anyway
        result = laptop.sync.export(self.root / "usb", encrypt=False)
        if result.path is None or not result.records:
            raise SelfTestFailure("nothing was exported")
        self.state["bundle"] = result.path
        return f"{result.path.name}, {len(result.records)} records, {result.size // 1024} KB"

    def import_bundle(self) -> str:

        office = self._open_encrypted("office")
        self.state["office"] = office
        laptop = self.state["laptop"]
        identity = laptop.sync.identity()
        office.sync.enrol_device(identity.ed25519_public, "Laptop uji mandiri")
        first = office.sync.import_bundle(self.state["bundle"])
        if first.status != "imported" or first.counts().get("new") != 2:  # AK.01 + IA.01
            raise SelfTestFailure(f"import: {first.status} {first.code or ''} {first.counts()}")
        again = office.sync.import_bundle(self.state["bundle"])
        if again.status != "duplicate":
            raise SelfTestFailure(f"re-import was {again.status}, expected duplicate")
        copied = office.assessments.detail(self.state["revision_id"])
        original = laptop.assessments.detail(self.state["revision_id"])
        if copied.row.content_sha256 != original.row.content_sha256:
            raise SelfTestFailure("the imported record differs from the exported one")
        return "2 new records, re-import added nothing, content hash equal"

    def load_catalogue(self) -> str:
        """The English message catalogue ships with the app (a frozen build without the
        locale folder would show Indonesian to everyone who chose English)."""
        from gettext import GNUTranslations

        from assessor_app.i18n import catalogue, mo_path

        english = catalogue("en")
        if not isinstance(english, GNUTranslations) or \
                english.gettext("Tidak ada konflik.") != "No conflicts.":
            raise SelfTestFailure(f"the English catalogue is missing: {mo_path('en')}")
        return f"{len(english._catalog)} English messages"  # type: ignore[attr-defined]

    def close(self) -> None:
        for key in ("office", "laptop"):
            services = self.state.pop(key, None)
            if services is not None:
                services.store.close(clean=True)

    # -------------------------------------------------------------- driver

    def run(self) -> int:
        steps: list[tuple[str, Callable[[], str]]] = [
            ("buka penyimpanan baru", self.open_store),
            ("muat semua templat", self.load_templates),
            ("isi dan tandatangani satu penilaian", self.fill_and_sign),
            ("buat dan verifikasi PDF", self.render_pdf),
            ("ekspor bundel hasil", self.export_bundle),
            ("impor bundel di kantor dan ulangi", self.import_bundle),
            ("muat katalog pesan bahasa Inggris", self.load_catalogue),
        ]
        self.out(f"assessor-app {__version__} self-test in {self.root}")
        try:
            for number, (label, step) in enumerate(steps, start=1):
                started = time.perf_counter()
                try:
                    detail = step()
                except Exception as exc:  # report the failing step, whatever it was
                    if isinstance(exc, AppError):
                        reason = describe(exc)
                    elif isinstance(exc, SelfTestFailure):
                        reason = str(exc)
                    else:
                        reason = f"{type(exc).__name__}: {exc}"
                    self.out(f"GAGAL {number}/{len(steps)} {label}: {reason}")
                    self.out(traceback.format_exc().rstrip())
                    return number
                self.out(f"OK    {number}/{len(steps)} {label} ({detail}; "
                         f"{time.perf_counter() - started:.1f} s)")
        finally:
            self.close()
        self.out("SELF-TEST LULUS")
        return 0


def run_self_test(out: Callable[[str], None] | None = None) -> int:
    def printer(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    with tempfile.TemporaryDirectory(prefix="assessor-selftest-") as tmp:
        return SelfTest(Path(tmp), out or printer).run()
