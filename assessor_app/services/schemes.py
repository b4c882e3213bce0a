"""The scheme registry: certification schemes installed in the data folder.

``import_file`` reads a scheme file (YAML, YAML with CSV files, or an XLSX workbook; see
``forms/README.md``), keeps a normalised copy of it and installs the MUK instruments
generated from it (:func:`assessor_app.core.muk.generate_instruments`) as templates::

    <data>/schemes/<slug>/<version>/scheme.yaml        the normalised scheme (load_scheme)
    <data>/schemes/<slug>/<version>/install.yaml       when, from which file, which instruments
    <data>/schemes/<slug>/<version>/instruments/*.yaml the generated templates
    <data>/templates/<code>@<version>.yaml             the same templates, synced at start
    <data>/logos/<sha256>.<png|jpg>                    LSP logos, by content

Nothing is ever written into the program folder. Versions are never overwritten:
importing the same content again changes nothing ("already installed"); importing changed
content with the declared version of an installed one installs it as a new version
(``2024.1`` -> ``2024.1-2`` -> ``2024.1-3``), so the old files, the old templates (frozen in
the database by their hash) and every assessment started on them stay as they are.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assessor_app.core.clock import Clock, system_clock, utc_now_iso
from assessor_app.core.competency import (
    MAX_LOGO_BYTES,
    SchemeData,
    dump_scheme,
    load_scheme,
    scheme_slug,
)
from assessor_app.core.errors import AppError, TemplateError
from assessor_app.core.files import check_user_file, read_user_file
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.fileio import atomic_write_bytes, fsync_dir, storage_error_from_os
from assessor_app.paths import AppPaths
from assessor_app.services.models import ImportedScheme, InstalledInstrument, SchemeInfo
from assessor_app.services.templates import TemplateService

log = logging.getLogger(__name__)

SCHEME_FILE = "scheme.yaml"
MANIFEST_FILE = "install.yaml"
INSTRUMENTS_DIR = "instruments"
MAX_VERSIONS = 999  # "-2" .. "-999" after a declared version
_VERSION_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


@dataclass
class _Generated:
    form: str
    code: str
    text: str
    template: Template


@dataclass
class SchemeService:
    paths: AppPaths
    templates: TemplateService
    clock: Clock = system_clock
    _installed_at: dict[Path, str] = field(default_factory=dict)

    # ------------------------------------------------------------ import

    def import_file(self, path: Path) -> ImportedScheme:
        """Install the scheme in ``path`` and its instruments (see the module docstring).

        Bad data raises ``AppError("scheme.invalid", ...)`` before anything is written."""
        path = Path(path)
        check_user_file(path)  # missing, a folder, a FIFO or a device: one clear line
        scheme = load_scheme(path)
        slug = scheme_slug(scheme)
        declared = scheme.version or "1"
        if not _VERSION_RE.match(declared):
            raise AppError("scheme.bad_version", version=declared)
        logo_name = _logo_name(scheme)
        logo_ref = f"../../../logos/{logo_name}" if logo_name else None
        folder = self.paths.schemes_dir / slug
        lineage = [v for v in self._versions(folder) if _in_lineage(v, declared)]
        for version in lineage:
            vdir = folder / version
            if (vdir / SCHEME_FILE).read_text(encoding="utf-8") == dump_scheme(
                    scheme, version, logo_ref):
                instruments = self._reinstall(vdir)
                return self._result("already_installed", scheme, slug, version, declared,
                                     lineage, vdir, instruments)
        version, generated = self._free_version(scheme, folder, declared)
        previous = tuple(self._versions(folder))
        if logo_name:
            assert scheme.lsp is not None and scheme.lsp.logo is not None
            self._write_logo(scheme.lsp.logo, logo_name)
        text = dump_scheme(scheme, version, logo_ref)
        vdir = self._write_version(folder, version, text, generated, {
            "declared_version": declared,
            "version": version,
            "imported_from": path.name,
            "installed_at": utc_now_iso(self.clock),
        })
        self._write_template_files(generated, version)
        instruments = self._install(generated, version)
        status = "new_version" if lineage else "installed"
        log.info("scheme %s installed as %s (%s)", slug, version, status)
        return self._result(status, scheme, slug, version, declared, list(previous), vdir,
                            instruments)

    def ensure_shipped(self, folder: Path) -> list[ImportedScheme]:
        """Import the schemes shipped with the program (``forms/schemes/*.yaml``) once,
        and again only when those files change (a marker in the data folder holds their
        digest). A shipped file that does not load is logged and skipped."""
        files = sorted(p for p in folder.glob("*") if p.is_file())
        digest = hashlib.sha256()
        for f in files:
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
        marker = self.paths.schemes_dir / ".shipped"
        if marker.is_file() and marker.read_text(encoding="ascii") == digest.hexdigest():
            return []
        out: list[ImportedScheme] = []
        for f in files:
            if f.suffix.lower() != ".yaml":
                continue
            try:
                out.append(self.import_file(f))
            except AppError as exc:
                log.warning("shipped scheme %s not installed: %s", f.name, exc.code)
        self.paths.schemes_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(marker, digest.hexdigest().encode("ascii"))
        return out

    def _free_version(self, scheme: SchemeData, folder: Path,
                      declared: str) -> tuple[str, list[_Generated]]:
        """The first version after ``declared`` with no folder and no other template of
        the same code and version, and the instruments generated for it."""
        from assessor_app.core.muk import generate_instruments

        installed = {(t.code, t.version): t.id for t in self.templates.rows()}
        for n in range(1, MAX_VERSIONS + 1):
            version = declared if n == 1 else f"{declared}-{n}"
            if (folder / version).exists():
                continue
            generated = []
            for inst in generate_instruments(replace(scheme, version=version), version):
                try:
                    template = load_template_text(inst.text, f"{inst.code}@{version}.yaml")
                except TemplateError as exc:  # a generator defect: say which instrument
                    log.error("generated %s is not a valid template: %s", inst.code, exc)
                    raise
                generated.append(_Generated(inst.form, inst.code, inst.text, template))
            clash = [g for g in generated
                     if installed.get((g.code, g.template.version), g.template.sha256)
                     != g.template.sha256 or self._file_clash(g, version)]
            if not clash:
                return version, generated
            log.info("scheme version %s skipped: %s already installed with other content",
                     version, clash[0].code)
        raise AppError("template.version_conflict", code=scheme_slug(scheme), version=declared)

    def _file_clash(self, g: _Generated, version: str) -> bool:
        target = self.paths.templates_dir / _template_file(g.code, version)
        try:
            return target.read_text(encoding="utf-8") != g.text
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise storage_error_from_os(exc, target) from exc

    def _write_logo(self, source: Path, name: str) -> None:
        target = self.paths.logos_dir / name
        if target.is_file():
            return
        try:
            self.paths.logos_dir.mkdir(parents=True, exist_ok=True)
            data = read_user_file(source, MAX_LOGO_BYTES)
        except OSError as exc:
            raise storage_error_from_os(exc, target) from exc
        atomic_write_bytes(target, data)

    def _write_version(self, folder: Path, version: str, text: str,
                       generated: list[_Generated], manifest: dict[str, Any]) -> Path:
        """Write the version folder under a temporary name, then rename it: a version
        folder is either complete or absent."""
        vdir = folder / version
        tmp = folder / f".{version}.{uuid.uuid4().hex}.tmp"
        manifest["instruments"] = [
            {"form": g.form, "code": g.code, "file": f"{INSTRUMENTS_DIR}/{g.code}.yaml",
             "sha256": g.template.sha256} for g in generated]
        try:
            (tmp / INSTRUMENTS_DIR).mkdir(parents=True)
            atomic_write_bytes(tmp / SCHEME_FILE, text.encode("utf-8"))
            for g in generated:
                atomic_write_bytes(tmp / INSTRUMENTS_DIR / f"{g.code}.yaml",
                                   g.text.encode("utf-8"))
            atomic_write_bytes(tmp / MANIFEST_FILE, yaml.safe_dump(
                manifest, allow_unicode=True, sort_keys=False).encode("utf-8"))
            os.replace(tmp, vdir)
            fsync_dir(folder)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise storage_error_from_os(exc, vdir) from exc
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return vdir

    def _write_template_files(self, generated: list[_Generated], version: str) -> None:
        """The templates in <data>/templates too, so the start-up sync finds them again
        (e.g. after a restored backup)."""
        try:
            self.paths.templates_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error_from_os(exc, self.paths.templates_dir) from exc
        for g in generated:
            target = self.paths.templates_dir / _template_file(g.code, version)
            if not target.is_file():
                atomic_write_bytes(target, g.text.encode("utf-8"))

    def _install(self, generated: list[_Generated], version: str) -> tuple[
            InstalledInstrument, ...]:
        out = []
        for g in generated:
            info = self.templates.install(g.template, origin=_template_file(g.code, version))
            out.append(InstalledInstrument(g.form, g.code, info.version, info.id))
        return tuple(out)

    def _reinstall(self, vdir: Path) -> tuple[InstalledInstrument, ...]:
        """Install the instruments of an installed version again (idempotent: a no-op when
        they are in the database, which they are unless an earlier import was cut short
        or an older backup was restored)."""
        manifest = _read_manifest(vdir)
        version = str(manifest.get("version", vdir.name))
        generated = []
        for entry in manifest.get("instruments", []):
            path = vdir / str(entry["file"])
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise storage_error_from_os(exc, path) from exc
            template = load_template_text(text, path.name)
            generated.append(_Generated(str(entry["form"]), template.code, text, template))
        self._write_template_files(generated, version)
        return self._install(generated, version)

    def _result(self, status: str, scheme: SchemeData, slug: str, version: str,
                declared: str, previous: list[str], vdir: Path,
                instruments: tuple[InstalledInstrument, ...]) -> ImportedScheme:
        return ImportedScheme(
            status=status, slug=slug, number=scheme.number, title=scheme.title,
            type=scheme.type, level=scheme.level, version=version, declared_version=declared,
            previous_versions=tuple(v for v in previous if v != version),
            path=vdir / SCHEME_FILE, units=len(scheme.units), kuk=scheme.kuk_count(),
            instruments=instruments)

    # ------------------------------------------------------------ list

    def schemes(self) -> list[SchemeInfo]:
        """Every installed scheme, by slug, described by its newest version."""
        root = self.paths.schemes_dir
        if not root.is_dir():
            return []
        out = []
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            versions = self._versions(folder)
            if not versions:
                continue
            newest = folder / versions[-1]
            try:
                scheme = load_scheme(newest / SCHEME_FILE)
            except AppError as exc:  # edited by hand: listed by name only
                log.warning("installed scheme %s unreadable: %s", newest, exc)
                continue
            manifest = _read_manifest(newest)
            out.append(SchemeInfo(
                slug=folder.name, number=scheme.number, title=scheme.title, type=scheme.type,
                level=scheme.level, versions=tuple(versions),
                lsp=scheme.lsp.name if scheme.lsp else None, units=len(scheme.units),
                kuk=scheme.kuk_count(),
                instruments=tuple(str(i["code"]) for i in manifest.get("instruments", [])),
                installed_at=str(manifest.get("installed_at", ""))))
        return out

    def scheme(self, slug: str, version: str | None = None) -> SchemeData:
        """An installed scheme (its newest version unless ``version``)."""
        folder = self.paths.schemes_dir / slug
        versions = self._versions(folder)
        if not versions or (version is not None and version not in versions):
            raise AppError("scheme.not_found", slug=slug if version is None
                           else f"{slug} {version}")
        return load_scheme(folder / (version or versions[-1]) / SCHEME_FILE)

    def _versions(self, folder: Path) -> list[str]:
        """The installed versions in ``folder``, in the order they were installed."""
        if not folder.is_dir():
            return []
        found = []
        for vdir in folder.iterdir():
            if vdir.name.startswith(".") or not (vdir / SCHEME_FILE).is_file():
                continue
            if vdir not in self._installed_at:
                self._installed_at[vdir] = str(_read_manifest(vdir).get("installed_at", ""))
            found.append((self._installed_at[vdir], _natural(vdir.name), vdir.name))
        return [name for *_, name in sorted(found)]


def _template_file(code: str, version: str) -> str:
    return f"{code}@{version}.yaml"


def _in_lineage(version: str, declared: str) -> bool:
    return version == declared or re.fullmatch(re.escape(declared) + r"-\d+", version) is not None


def _natural(name: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _logo_name(scheme: SchemeData) -> str | None:
    """``<sha256>.<png|jpg>`` of the scheme's logo file, or None."""
    if scheme.lsp is None or scheme.lsp.logo is None:
        return None
    data = read_user_file(scheme.lsp.logo, MAX_LOGO_BYTES)
    ext = "png" if data.startswith(b"\x89PNG") else "jpg"
    return f"{hashlib.sha256(data).hexdigest()}.{ext}"


def _read_manifest(vdir: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load((vdir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
