"""Template catalogue: load shipped and added templates, freeze versions into the store."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from assessor_app.core.clock import Clock, system_clock, utc_now_iso
from assessor_app.core.errors import (
    AppError,
    NotFoundError,
    StorageError,
    TemplateError,
    TemplateIssue,
)
from assessor_app.core.template import MAX_TEMPLATE_BYTES, Template, version_key
from assessor_app.core.template_warnings import layout_warnings
from assessor_app.fileio import (
    FileRefused,
    atomic_write_bytes,
    fsync_dir,
    read_user_file,
    sha256_file,
    storage_error_from_os,
)
from assessor_app.paths import forms_dir
from assessor_app.services.models import TemplateInfo, TemplateInstall, columns_of, view
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AuditRow,
    ElementRow,
    KukRow,
    SchemeRow,
    TemplateRow,
    UnitRow,
)

log = logging.getLogger(__name__)
_NS = uuid.UUID("6f1c0e52-4a3b-4f0e-9d55-2b7a8c1e9f10")


def stable_id(*parts: str) -> str:
    """Deterministic id for catalogue rows, so re-importing adds nothing."""
    return uuid.uuid5(_NS, "\x1f".join(parts)).hex


def template_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def _file_part(text: str) -> str:
    """``text`` as a safe part of a file name on every platform."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text).lstrip(".-") or "templat"


@dataclass(frozen=True)
class ValidationResult:
    path: Path
    template: Template | None
    error: TemplateError | None
    #: a valid template's texts that reports must split over pages (template_warnings),
    #: after what an XLSForm import left out (per cell)
    warnings: tuple[TemplateIssue, ...] = ()


@dataclass
class TemplateService:
    engine: Any
    clock: Clock = system_clock
    directories: list[Path] = field(default_factory=lambda: [forms_dir()])
    _cache: dict[str, Template] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)
    #: The data folder's template folder: install_files copies templates there and sync
    #: reads it after ``directories`` (the program's forms/ folder is never written).
    install_dir: Path | None = None

    def sources(self) -> list[Path]:
        """The folders (and files) sync reads: ``directories``, then ``install_dir``."""
        out = list(self.directories)
        if self.install_dir is not None and self.install_dir.is_dir():
            out.append(self.install_dir)
        return out

    # ------------------------------------------------------------ files

    def validate(self, paths: list[Path]) -> list[ValidationResult]:
        # the YAML reader loads with the first template read (a start with every template
        # installed already reads none: the list and the dashboard never need it)
        from assessor_app.core.template_loader import load_template

        out: list[ValidationResult] = []
        for p in paths:
            files = template_files(p) if p.is_dir() else [p]
            for f in files:
                try:
                    if f.suffix.lower() in (".xlsx", ".xlsm"):  # XLSForm: read as YAML
                        from assessor_app.core.xlsform import read_xlsform

                        done = read_xlsform(f)
                        out.append(ValidationResult(f, done.template, None,
                                                    tuple(done.warnings)))
                        continue
                    t = load_template(f)
                    out.append(ValidationResult(f, t, None,
                                                tuple(layout_warnings(t, str(f)))))
                except TemplateError as exc:
                    out.append(ValidationResult(f, None, exc))
        return out

    def sync(self) -> list[ValidationResult]:
        """Import every valid template file into the store; report invalid ones.

        Files whose exact text is already installed are not parsed again (fast start)."""
        with read_session(self.engine) as s:
            installed = set(s.exec(select(TemplateRow.id)).all())
        pending: list[Path] = []
        for d in self.sources():
            for f in (template_files(d) if d.is_dir() else [d]):
                try:
                    digest = hashlib.sha256(read_user_file(f, MAX_TEMPLATE_BYTES).decode(
                        "utf-8-sig").encode("utf-8")).hexdigest()
                except (FileRefused, UnicodeDecodeError):
                    digest = ""
                if digest not in installed:
                    pending.append(f)
        results = self.validate(pending)
        for r in results:
            if r.template is not None:
                try:
                    self.install(r.template, origin=r.path.name)
                except AppError as exc:
                    log.warning("template %s not installed: %s", r.path.name, exc.code)
        return results

    def install_files(self, paths: list[Path]) -> list[TemplateInstall]:
        """Install template files for good: each one is checked with the loader, copied
        into ``install_dir`` as ``<code>@<version>.yaml`` (read again at every start) and
        frozen into the store (so assignment packs carry it).

        What the user got wrong changes nothing at all: files that do not load raise one
        TemplateError with every issue of every such file; a code and version already
        installed (or named twice here) with other content raise
        ``template.version_conflict``. A template installed already with this very text
        is reported with ``installed=False`` and nothing is written."""
        if self.install_dir is None:
            raise RuntimeError("TemplateService.install_dir is not set")
        results = self.validate(paths)
        if not results:
            raise AppError("file.not_found", path=" ".join(str(p) for p in paths))
        issues = [i for r in results if r.error is not None for i in r.error.issues]
        if issues:
            raise TemplateError(issues)
        templates = [(r.path, r.template) for r in results if r.template is not None]
        known = {(row.code, row.version): row for row in self.rows()}
        wanted: dict[tuple[str, str], str] = {}
        for _path, t in templates:
            have = known.get((t.code, t.version))
            if wanted.setdefault((t.code, t.version), t.sha256) != t.sha256 or (
                    have is not None and have.id != t.sha256):
                raise AppError("template.version_conflict", code=t.code, version=t.version)
        out: list[TemplateInstall] = []
        warnings = {r.path: r.warnings for r in results}
        for path, t in templates:
            have = known.get((t.code, t.version))
            if have is not None:
                out.append(TemplateInstall(str(path), have, False, None, warnings[path]))
                continue
            target = self._write_copy(t)
            try:
                info = self.install(t, origin=target.name)
            except BaseException:
                target.unlink(missing_ok=True)
                raise
            known[(t.code, t.version)] = info
            out.append(TemplateInstall(str(path), info, True, str(target), warnings[path]))
        return out

    def _write_copy(self, template: Template) -> Path:
        """Write ``template``'s text into ``install_dir`` (atomically, verified)."""
        assert self.install_dir is not None
        folder = self.install_dir
        data = template.source_text.encode("utf-8")
        stem = f"{_file_part(template.code)}@{_file_part(template.version)}"
        target = folder / f"{stem}.yaml"
        try:
            if not folder.is_dir():
                folder.mkdir(parents=True, exist_ok=True)
                fsync_dir(folder.parent)
            if target.exists() and sha256_file(target) != template.sha256:
                target = folder / f"{stem}-{template.sha256[:12]}.yaml"  # names that clash
        except OSError as exc:
            raise storage_error_from_os(exc, folder) from exc

        def verify(tmp: Path) -> None:
            if sha256_file(tmp) != hashlib.sha256(data).hexdigest():
                raise StorageError("file.io", path=str(target), errno=None,
                                   detail="verification failed")

        atomic_write_bytes(target, data, verify=verify)
        return target

    def install(self, template: Template, origin: str | None = None) -> TemplateInfo:
        """Freeze a template version in the store (idempotent)."""
        with write_session(self.engine) as s:
            row = s.get(TemplateRow, template.sha256)
            if row is not None:
                return view(TemplateInfo, row)
            clash = s.exec(select(TemplateRow).where(TemplateRow.code == template.code,
                                                     TemplateRow.version == template.version)
                           ).first()
            if clash is not None:
                raise AppError("template.version_conflict", code=template.code,
                               version=template.version)
            row = TemplateRow(
                id=template.sha256, code=template.code, version=template.version,
                kind=template.kind.value, subject=template.subject.value,
                title=template.title.id, title_en=template.title.en,
                source=template.source_text, origin=origin, imported_at=utc_now_iso(self.clock))
            s.add(row)
            s.add(AuditRow(at=row.imported_at, action="install", entity="template",
                           entity_id=row.id, new=f"{template.code}@{template.version}"))
            self.install_scheme(s, template)
        self._cache[template.sha256] = template
        return view(TemplateInfo, row)

    def install_scheme(self, s: Any, template: Template) -> None:
        """Add the template's scheme/units/elements/KUK to the catalogue, inside the
        caller's transaction ``s`` (idempotent)."""
        if template.scheme is None:
            return
        sc = template.scheme
        scheme_id = stable_id("scheme", sc.number)
        if s.get(SchemeRow, scheme_id) is None:
            s.add(SchemeRow(id=scheme_id, type=sc.type, number=sc.number, title=sc.title.id))
            s.flush()
        for pos, (unit_sec, groups) in enumerate(template.units()):
            assert unit_sec.unit is not None
            unit = unit_sec.unit
            unit_id = stable_id("unit", scheme_id, unit.code)
            if s.get(UnitRow, unit_id) is not None:
                continue
            s.add(UnitRow(id=unit_id, scheme_id=scheme_id, position=pos, code=unit.code,
                          title=unit.title.id, title_en=unit.title.en, group_name=unit.group))
            s.flush()
            for element_sec, kuks in groups:
                el = element_sec.element if element_sec else None
                el_no = el.no if el else "0"
                element_id = stable_id("element", unit_id, el_no)
                s.add(ElementRow(id=element_id, unit_id=unit_id, no=el_no,
                                 title=el.title.id if el else ""))
                s.flush()
                for it in kuks:
                    s.add(KukRow(id=stable_id("kuk", element_id, it.kuk or it.name),
                                 element_id=element_id, no=it.kuk or "", text=it.label.id,
                                 benchmark=it.benchmark))

    # ------------------------------------------------------------ store

    def get(self, template_id: str) -> Template:
        cached = self._cache.get(template_id)
        if cached is not None:
            return cached
        with read_session(self.engine) as s:
            row = s.get(TemplateRow, template_id)
        if row is None:
            raise NotFoundError("template.not_found", code=template_id)
        from assessor_app.core.template_loader import load_template_text

        template = load_template_text(row.source, row.origin or row.code)
        self._cache[template_id] = template
        return template

    def kind_of(self, template_id: str) -> str | None:
        """The kind (``competency`` | ``institutional``) of an installed template version,
        read from its row (no parsing); None when it is not installed. Lists ask this for
        every row they show, so the answer is kept (a template row never changes)."""
        kind = self._kinds.get(template_id)
        if kind is None:  # one query learns every installed version (there are few)
            with read_session(self.engine) as s:
                for tid, tkind in s.exec(select(TemplateRow.id, TemplateRow.kind)).all():
                    self._kinds[tid] = tkind
            kind = self._kinds.get(template_id)
        return kind

    def rows(self) -> list[TemplateInfo]:
        """Every installed template version (without its source text)."""
        q = sa_select(*columns_of(TemplateInfo, TemplateRow)).order_by(
            col(TemplateRow.code), col(TemplateRow.imported_at))
        with read_session(self.engine) as s:
            return [TemplateInfo(*r) for r in s.connection().execute(q)]

    def latest(self) -> list[TemplateInfo]:
        """The newest installed version of each template code: the highest version
        (:func:`~assessor_app.core.template.version_key`), not the one installed last (an
        assignment pack may bring an older version for a visit planned with it)."""
        by_code: dict[str, list[TemplateInfo]] = {}
        for row in self.rows():
            by_code.setdefault(row.code, []).append(row)
        return sorted((_newest(rows) for rows in by_code.values()), key=lambda r: r.code)

    def latest_records(self) -> list[TemplateRow]:
        """The newest version of each template code with its source (for the services that
        ship templates: assignment packs)."""
        ids = [t.id for t in self.latest()]
        with read_session(self.engine) as s:
            return [row for row in (s.get(TemplateRow, i) for i in ids) if row is not None]

    def find(self, code: str) -> TemplateInfo:
        """By code (its highest version, :meth:`latest`), 'code@version', or template id."""
        rows = self.rows()
        for row in rows:
            if row.id == code:
                return row
        if "@" in code:
            c, v = code.split("@", 1)
            for row in rows:
                if row.code == c and row.version == v:
                    return row
        matches = [r for r in rows if r.code.lower() == code.lower()]
        if not matches:
            raise NotFoundError("template.not_found", code=code)
        return _newest(matches)


def _newest(rows: list[TemplateInfo]) -> TemplateInfo:
    """The highest version among ``rows`` (one code's versions, in installation order);
    of two equal versions, the one installed later."""
    return max(reversed(rows), key=lambda r: version_key(r.version))
