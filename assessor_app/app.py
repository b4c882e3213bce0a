"""GUI start: the one composition root that builds the services and the main window.

Order (ARCHITECTURE.md): paths -> logging + faulthandler -> QApplication (high-DPI, style,
language) -> excepthook -> the main window's frame, shown -> (once it has painted) open the
store (checks, migrations, lock; "Database rusak" offers a restore) -> demo data if asked ->
the window's pages -> recovery summary after an unclean exit.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor_app import APP_DISPLAY_NAME, APP_NAME, APP_ORG, __version__
from assessor_app.core.errors import AppError, StorageError
from assessor_app.i18n import _, env_lang, set_language
from assessor_app.logs import setup_logging
from assessor_app.messages import describe
from assessor_app.paths import AppPaths, resolve_paths, resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from assessor_app.services.runtime import Services

log = logging.getLogger(__name__)


def run_gui(data_dir: str | None = None, demo: bool = False) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from assessor_app.ui.errors import install_excepthook
    from assessor_app.ui.gc_collector import GuiThreadCollector
    from assessor_app.ui.main_window import MainWindow, after_next_paint
    from assessor_app.ui.qt_translations import install_qt_translations
    from assessor_app.ui.settings import AppSettings

    paths = resolve_paths(data_dir).ensure()
    log_path = setup_logging(paths.log_dir)
    crash_log = (paths.log_dir / "faulthandler.log").open("a", encoding="utf-8")
    faulthandler.enable(crash_log)
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_application(app)
    settings = AppSettings(paths.settings_path)
    lang = set_language(env_lang() or settings.language)  # every _() follows it
    install_qt_translations(app, lang)  # Qt's own buttons, menus and file dialog
    previous_hook = install_excepthook(lang)
    # The window's frame shows first; the store opens once it has painted (the database
    # libraries and the start-up checks take longer than the window), then the pages come.
    window = MainWindow(None, lang, settings=settings)
    window.show()
    opened: list[Services] = []
    failed: list[BaseException] = []

    def open_store() -> None:
        try:
            services = start_services(window, paths, log_path, lang, demo)
        except BaseException as exc:  # raised again from run_gui, after the loop ended
            failed.append(exc)
            app.exit(1)
            return
        if services is None:  # the user was told why
            app.exit(2)
            return
        opened.append(services)

    after_next_paint(window, open_store)
    collector = GuiThreadCollector(app)  # Python's garbage is collected on this thread only
    try:
        code = app.exec()
        if failed:
            raise failed[0]
        return code
    finally:
        for services in opened:
            services.close(clean=True)
        collector.stop()
        sys.excepthook = previous_hook
        crash_log.close()


def start_services(window: Any, paths: AppPaths, log_path: Path | None, lang: str,
                   demo: bool = False) -> Services | None:
    """Open the store under the shown ``window`` (a damaged database offers a restore),
    install the shipped schemes and the demo data if asked, give the window its services
    and tell what the start recovered. None: the app cannot start (the user was told)."""
    services, restored_from = open_services_interactive(paths, log_path, lang, window)
    if services is None:
        return None
    try:
        if not services.store.startup.read_only:  # the example schemes, once
            from assessor_app.paths import forms_dir

            services.schemes.ensure_shipped(forms_dir() / "schemes")
        if demo:
            from assessor_app.services.demo import seed_demo

            seed_demo(services)
        window.attach(services)
    except BaseException:
        services.close(clean=True)
        raise
    if restored_from is not None:
        _notify_restored(window, restored_from)
    elif services.store.startup.unclean_exit is not None:
        window.show_recovery(services.recovered)
    return services


def configure_application(app: QApplication) -> None:
    """Names, icon and style sheet (plain files under resources/, no .qrc)."""
    from PySide6.QtGui import QIcon

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_ORG)
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "app.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "styles" / "app.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- opening


def open_services_interactive(paths: AppPaths, log_path: Path | None, lang: str,
                              parent: QWidget | None = None, *,
                              ask: Any = None, ask_passphrase: Any = None
                              ) -> tuple[Services | None, Path | None]:
    """Ask for the database passphrase (unless the OS keyring has the key), open the store;
    on ``db.corrupt`` offer a restore of the newest verified backup.

    ``ask(dialog) -> bool`` runs the "Database rusak" dialog and ``ask_passphrase(dialog)
    -> bool`` the passphrase dialog (tests answer them directly). Returns (services, the
    backup restored from or None); services is None when the app cannot start (the user
    was told why, or cancelled the passphrase)."""
    from assessor_app.services.keys import Prompt, database_key
    from assessor_app.services.maintenance import newest_valid_backup, restore
    from assessor_app.services.runtime import open_services
    from assessor_app.ui.models.format import format_datetime
    from assessor_app.ui.views.passphrase import PassphraseDialog
    from assessor_app.ui.views.startup import CorruptDatabaseDialog

    def run(dialog: Any) -> bool:
        return bool(ask(dialog)) if ask is not None else bool(dialog.exec())

    def passphrase(prompt: Prompt) -> Any:
        dialog = PassphraseDialog(prompt.kind, prompt.data_dir, prompt.error, parent)
        accepted = ask_passphrase(dialog) if ask_passphrase is not None else dialog.exec()
        return dialog.answer() if accepted else None

    try:
        key = database_key(paths, passphrase)
    except AppError as exc:
        if exc.code != "key.cancelled":
            _fatal(parent, exc, lang)
        return None, None

    restored_from: Path | None = None
    for _attempt in range(2):
        try:
            services = open_services(paths, key=key)
        except StorageError as exc:
            if exc.code != "db.corrupt" or restored_from is not None:
                _fatal(parent, exc, lang)
                return None, None
            log.error("database failed its integrity check: %s", exc.params.get("problems"))
            found = newest_valid_backup(paths, key)
            source, when, size = found if found else (None, None, 0)
            label = format_datetime(when.isoformat(), lang) if when is not None else ""
            dialog = CorruptDatabaseDialog(paths.db_path, source, label, size, log_path, parent)
            if not run(dialog) or source is None:
                return None, None
            try:
                pre = restore(paths, source, key=key)
            except AppError as rexc:
                _fatal(parent, rexc, lang)
                return None, None
            log.warning("restored %s; damaged database kept as %s", source.name,
                        pre.name if pre else "-")
            restored_from = source
            continue
        except AppError as exc:
            _fatal(parent, exc, lang)
            return None, None
        return services, restored_from
    return None, None


def _fatal(parent: QWidget | None, exc: AppError, lang: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    log.error("cannot start: %s", exc)
    text = describe(exc, lang)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME,
                      text[:1].upper() + text[1:], QMessageBox.StandardButton.Close, parent)
    box.exec()


def _notify_restored(parent: QWidget | None, source: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    text = _(
        "Basis data dipulihkan dari cadangan {name}. Berkas yang rusak disimpan di "
        "folder cadangan. Periksa penilaian yang diubah setelah waktu cadangan itu.").format(
            name=source.name)
    box = QMessageBox(QMessageBox.Icon.Information, APP_DISPLAY_NAME, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()
