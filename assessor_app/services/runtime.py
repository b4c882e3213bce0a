"""The composition root: open the store and build the services. The CLI and the GUI both
start here, so both faces talk to exactly the same objects.

The services every start needs (templates, registry, assessments, maintenance) are built
at once; sync, reports, the office dashboard, the review loop and the scheme registry are
built on first use, so their libraries (pydantic bundle models, reportlab, pyHanko,
openpyxl) are imported only when someone exports, prints or opens an office page: the
window shows before they load."""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import AppError, StorageError
from assessor_app.paths import ENV_ALLOW_UNSAFE, AppPaths, data_location_problem, forms_dir
from assessor_app.services.assessments import AssessmentService
from assessor_app.services.maintenance import MaintenanceService
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.registry import Registry
from assessor_app.services.templates import TemplateService, ValidationResult
from assessor_app.storage.store import Store, open_store

if TYPE_CHECKING:
    from assessor_app.services.audit import AuditService
    from assessor_app.services.breach import BreachService
    from assessor_app.services.certification import CertificationService
    from assessor_app.services.consent import ConsentService
    from assessor_app.services.feedback import FeedbackService
    from assessor_app.services.office import OfficeService
    from assessor_app.services.reports import ReportService
    from assessor_app.services.retention import RetentionService
    from assessor_app.services.review import ReviewService
    from assessor_app.services.schemes import SchemeService
    from assessor_app.services.subject import SubjectService
    from assessor_app.services.sync import SyncService

log = logging.getLogger(__name__)


@dataclass
class Services:
    store: Store
    templates: TemplateService
    registry: Registry
    assessments: AssessmentService
    maintenance: MaintenanceService
    template_results: list[ValidationResult] = field(default_factory=list)
    recovered: list[AssessmentSummary] = field(default_factory=list)

    @property
    def paths(self) -> AppPaths:
        return self.store.paths

    @functools.cached_property
    def sync(self) -> SyncService:
        """Sync by file: export, import, assignment packs, devices."""
        from assessor_app.core.at_rest import file_key
        from assessor_app.services.sync import SyncService

        key = self.store.key
        return SyncService(self.store.engine, self.paths, self.templates,
                           self.assessments.clock, actor=self.assessments.actor,
                           device_keys=self.assessments.device,
                           at_rest_key=file_key(key) if key is not None else None)

    @functools.cached_property
    def certification(self) -> CertificationService:
        """The BNSP certification event of a visit, per asesi (MUK 2023 instruments)."""
        from assessor_app.services.certification import CertificationService

        return CertificationService(self)

    @functools.cached_property
    def reports(self) -> ReportService:
        """Rendering, signing (PAdES), recording and verifying reports."""
        from assessor_app.services.reports import ReportService

        return ReportService(self)

    @functools.cached_property
    def office(self) -> OfficeService:
        """The office dashboard and its XLSX export."""
        from assessor_app.services.office import OfficeService

        return OfficeService(self.store.engine, self.templates, self.assessments.clock,
                             self._actor)

    @functools.cached_property
    def review(self) -> ReviewService:
        """The office's review of received assessments."""
        from assessor_app.services.review import ReviewService

        return ReviewService(self.store.engine, self.assessments.clock)

    @functools.cached_property
    def feedback(self) -> FeedbackService:
        """The laptop's side of the review loop: the office's decisions received."""
        from assessor_app.services.feedback import FeedbackService

        return FeedbackService(self.store.engine)

    @functools.cached_property
    def schemes(self) -> SchemeService:
        """Installed certification schemes and the instruments generated from them."""
        from assessor_app.services.schemes import SchemeService

        return SchemeService(self.paths, self.templates, self.assessments.clock)

    def _actor(self) -> str | None:
        """Who acts (the profile's name): the registry follows a profile saved now."""
        return self.registry.actor or self.assessments.actor

    @functools.cached_property
    def audit(self) -> AuditService:
        """The audit log: access records (view, print, export), the viewer and export."""
        from assessor_app.services.audit import AuditService

        return AuditService(self.store.engine, self.assessments.clock, self._actor,
                            read_only=self.store.startup.read_only)

    @functools.cached_property
    def consents(self) -> ConsentService:
        """The consent register (FR.AK.01, institution heads) and withdrawals."""
        from assessor_app.services.consent import ConsentService

        return ConsentService(self.store.engine, self.assessments.clock, self._actor)

    @functools.cached_property
    def subjects(self) -> SubjectService:
        """Data-subject reports: every record about one person or institution."""
        from assessor_app.services.subject import SubjectService

        return SubjectService(self)

    @functools.cached_property
    def retention(self) -> RetentionService:
        """Purge of field copies the office has confirmed, after the retention period."""
        from assessor_app.services.retention import RetentionService

        return RetentionService(self)

    @functools.cached_property
    def breaches(self) -> BreachService:
        """The breach log and its notice draft (UU PDP Pasal 46)."""
        from assessor_app.services.breach import BreachService

        return BreachService(self.store.engine, self.assessments.clock, self._actor)

    def ensure_recovery_copy(self) -> bool:
        """Seal the database key for every trusted office that has no copy yet (an
        assignment pack may have brought a new one): services/keys.py."""
        if self.store.key is None or self.store.startup.read_only:
            return False
        from assessor_app.services.keys import ensure_recovery_copy

        return ensure_recovery_copy(self.paths, self.store.key, self.store.engine)

    def close(self, clean: bool = True) -> None:
        if clean and not self.store.startup.read_only:
            try:
                self.maintenance.backup_if_changed(reason="exit")
            except AppError as exc:
                log.warning("exit backup skipped: %s", exc.code)
            try:
                self.ensure_recovery_copy()
            except AppError as exc:
                log.info("recovery copy skipped: %s", exc.code)
        self.store.close(clean=clean)


_ASK_NOBODY = object()


def open_services(paths: AppPaths, *, clock: Clock = system_clock, take_lock: bool = True,
                  template_dirs: list[Path] | None = None, sync_templates: bool = True,
                  database_url: str | None = None, key: object = _ASK_NOBODY,
                  server_ask: Any = None) -> Services:
    """Open the store (checks, migrations, lock) and build every service.

    ``database_url`` (``postgresql+psycopg://...``, the office server) puts the database on
    PostgreSQL; ``paths`` still holds the logs, the lock and the outbox.

    ``key``: the database key from :func:`assessor_app.services.keys.database_key` (the
    GUI and CLI ask for the passphrase first); by default it is found without asking
    anyone (OS keyring, ``ASSESSOR_PASSPHRASE_FILE``; ``key.needed`` otherwise).

    On PostgreSQL the server key (its key file in the ``setting`` table) wraps the private
    key columns; ``server_ask`` asks for its passphrase (``services.keys.Ask``)."""
    paths.ensure()
    problem = data_location_problem(paths.data_dir)
    if problem is not None and not os.environ.get(ENV_ALLOW_UNSAFE):
        raise StorageError("data_dir.unsafe", path=str(paths.data_dir), reason=problem)
    if key is _ASK_NOBODY:
        from assessor_app.services.keys import database_key

        key = None if database_url else database_key(paths)
    if key is not None and not isinstance(key, bytes):
        raise TypeError("key is the 32-byte database key or None")
    store = open_store(paths, clock=clock, take_lock=take_lock, database_url=database_url,
                       key=key if not database_url else None)
    try:
        wrapper = None
        if database_url and not store.is_sqlite:
            # PostgreSQL: the private keys are wrapped with the server key (services/keys.py)
            from assessor_app.services.keys import FieldWrapper, server_key

            server = server_key(paths, store.engine, server_ask)
            wrapper = FieldWrapper(server) if server is not None else None
        templates = TemplateService(store.engine, clock,
                                    list(template_dirs) if template_dirs else [forms_dir()],
                                    install_dir=paths.templates_dir)
        registry = Registry(store.engine, clock)
        maintenance = MaintenanceService(store, clock)
        assessments = AssessmentService(store.engine, templates, registry, clock,
                                        on_finalised=lambda _rid: maintenance.auto_backup())
        if wrapper is not None:
            assessments.device.wrapper = wrapper
        problems = maintenance.periodic_integrity_check()
        if problems:
            raise StorageError("db.corrupt", problems=problems[:20])
        me = registry.self_assessor()
        if me is not None:
            registry.actor = assessments.actor = me.name
        services = Services(store, templates, registry, assessments, maintenance)
        if sync_templates and not store.startup.read_only:
            services.template_results = templates.sync()
        services.ensure_recovery_copy()
        previous = store.startup.unclean_exit
        if previous is not None:
            # Unknown start (unreadable lock): every draft counts as possibly interrupted.
            services.recovered = assessments.recovered_since(previous.started_at or "")
        return services
    except BaseException:
        store.close(clean=False)
        raise
