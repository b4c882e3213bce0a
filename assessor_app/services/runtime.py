"""Wiring: open the store and build the services. The CLI and the GUI both start here,
so both faces talk to exactly the same objects."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import AppError, StorageError
from assessor_app.paths import ENV_ALLOW_UNSAFE, AppPaths, data_location_problem, forms_dir
from assessor_app.services.assessments import AssessmentService
from assessor_app.services.maintenance import MaintenanceService
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.registry import Registry
from assessor_app.services.sync import SyncService
from assessor_app.services.templates import TemplateService, ValidationResult
from assessor_app.storage.store import Store, open_store

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
    sync: SyncService = field(init=False)  # sync by file (issue 5)

    @property
    def paths(self) -> AppPaths:
        return self.store.paths

    def close(self, clean: bool = True) -> None:
        if clean and not self.store.startup.read_only:
            try:
                self.maintenance.backup_if_changed(reason="exit")
            except AppError as exc:
                log.warning("exit backup skipped: %s", exc.code)
        self.store.close(clean=clean)


def open_services(paths: AppPaths, *, clock: Clock = system_clock, take_lock: bool = True,
                  template_dirs: list[Path] | None = None, sync_templates: bool = True,
                  database_url: str | None = None) -> Services:
    """Open the store (checks, migrations, lock) and build every service.

    ``database_url`` (``postgresql+psycopg://...``, the office server) puts the database on
    PostgreSQL; ``paths`` still holds the logs, the lock and the outbox."""
    paths.ensure()
    problem = data_location_problem(paths.data_dir)
    if problem is not None and not os.environ.get(ENV_ALLOW_UNSAFE):
        raise StorageError("data_dir.unsafe", path=str(paths.data_dir), reason=problem)
    store = open_store(paths, clock=clock, take_lock=take_lock, database_url=database_url)
    try:
        templates = TemplateService(store.engine, clock,
                                    list(template_dirs) if template_dirs else [forms_dir()])
        registry = Registry(store.engine, clock)
        maintenance = MaintenanceService(store, clock)
        assessments = AssessmentService(store.engine, templates, registry, clock,
                                        on_finalised=lambda _rid: maintenance.auto_backup())
        problems = maintenance.periodic_integrity_check()
        if problems:
            raise StorageError("db.corrupt", problems=problems[:20])
        me = registry.self_assessor()
        if me is not None:
            registry.actor = assessments.actor = me.name
        services = Services(store, templates, registry, assessments, maintenance)
        services.sync = SyncService(store.engine, paths, templates, clock, actor=assessments.actor,
                                    device_keys=assessments.device)
        if sync_templates and not store.startup.read_only:
            services.template_results = templates.sync()
        previous = store.startup.unclean_exit
        if previous is not None:
            # Unknown start (unreadable lock): every draft counts as possibly interrupted.
            services.recovered = assessments.recovered_since(previous.started_at or "")
        return services
    except BaseException:
        store.close(clean=False)
        raise
