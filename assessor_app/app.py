"""GUI start: the one composition root that builds the services and the main window."""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path

from assessor_app import APP_DISPLAY_NAME, APP_NAME, APP_ORG, __version__
from assessor_app.core.errors import AppError
from assessor_app.logs import setup_logging
from assessor_app.messages import current_lang, describe
from assessor_app.paths import resolve_paths

log = logging.getLogger(__name__)


def run_gui(data_dir: str | None = None, demo: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from assessor_app.services.runtime import open_services
    from assessor_app.ui.main_window import MainWindow

    paths = resolve_paths(data_dir).ensure()
    log_path = setup_logging(paths.log_dir)
    crash_log = (paths.log_dir / "faulthandler.log").open("a", encoding="utf-8")
    faulthandler.enable(crash_log)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_ORG)
    app.setApplicationVersion(__version__)
    lang = current_lang()
    try:
        services = open_services(paths)
    except AppError as exc:
        QMessageBox.critical(None, APP_DISPLAY_NAME, describe(exc, lang))
        return 2
    _install_excepthook(log_path)
    if demo:
        from assessor_app.services.demo import seed_demo

        seed_demo(services)
    window = MainWindow(services, lang)
    window.show()
    if services.recovered:
        n = len(services.recovered)
        text = (f"Aplikasi tidak ditutup dengan benar terakhir kali. {n} penilaian yang sedang "
                f"berjalan dipulihkan; semua jawaban yang sudah tersimpan tetap ada."
                if lang == "id" else
                f"The app did not close properly last time. {n} assessments in progress were "
                f"recovered; every saved answer is still there.")
        QMessageBox.information(window, APP_DISPLAY_NAME, text)
    try:
        return app.exec()
    finally:
        services.close(clean=True)
        crash_log.close()


def _install_excepthook(log_path: Path) -> None:
    previous = sys.excepthook

    def hook(exc_type, exc, tb):  # type: ignore[no-untyped-def]
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_DISPLAY_NAME,
                             f"Terjadi kesalahan tak terduga ({exc_type.__name__}). Jawaban yang "
                             f"sudah tersimpan aman.\nRincian ada di log: {log_path}")
        previous(exc_type, exc, tb)

    sys.excepthook = hook
