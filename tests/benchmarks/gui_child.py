"""Child process for the GUI benchmarks (run by bench_gui.py; prints one JSON line).

Modes:
  bare  DATA   a bare PySide6 window: import Qt, show a QMainWindow, report when shown
  app   DATA   the real main window on the store in DATA (e.g. 10,000 assessments), started
               as the app starts it (its frame first, the store opened once it painted);
               then every page loaded and the whole list scrolled (its peak memory)
  start DATA   the same start, only until the list holds its first rows (the scaling runs)
  stall DATA   the main window idle, then export + import + report in the background;
               reports the longest gap between 5 ms timer ticks in each phase
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def peak_rss_mb() -> float:
    """This process's own peak resident memory (``ru_maxrss`` where there is no /proc)."""
    from tests.benchmarks.common import vm_hwm_mb  # after the measured start

    hwm = vm_hwm_mb()
    if hwm is not None:
        return hwm
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def emit(payload: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def run_bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    w = QMainWindow()
    w.resize(1100, 700)
    w.show()

    def shown() -> None:
        emit({"shown": time.time(), "rss_mb": peak_rss_mb()})
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


def run_app(data: Path, scroll: bool = True) -> None:
    """As ``app.run_gui`` starts: the window's frame shown, the store opened once it has
    painted, then the pages. ``shown``: the frame is up (the figure beside the bare window);
    ``ready``: the list holds its first rows; then (``scroll``) every page has loaded and
    the whole list is scrolled, for the peak memory."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assessor_app.paths import AppPaths
    from assessor_app.ui.gc_collector import GuiThreadCollector
    from assessor_app.ui.main_window import MainWindow, after_next_paint
    from assessor_app.ui.settings import AppSettings

    app = QApplication([])
    GuiThreadCollector(app)  # as app.run_gui
    paths = AppPaths(data)
    window = MainWindow(None, "id", settings=AppSettings(paths.settings_path))
    window.resize(1100, 700)
    window.show()
    result: dict[str, object] = {}
    opened: list[object] = []

    def shown() -> None:
        result["shown"] = time.time()
        result["rss_shown_mb"] = peak_rss_mb()

    def open_store() -> None:
        from assessor_app.services.runtime import open_services

        services = open_services(paths, sync_templates=False)
        opened.append(services)
        window.attach(services)
        QTimer.singleShot(0, ready)

    def ready() -> None:
        result["ready"] = time.time()
        result["rss_ready_mb"] = peak_rss_mb()
        if not scroll:
            finish()
            return
        wait_for_pages()

    def wait_for_pages() -> None:
        if not window.pages_loaded:
            QTimer.singleShot(5, wait_for_pages)
            return
        model = window.assessments_page.model
        while model.canFetchMore():  # the whole list (pages are fetched as the view needs)
            model.fetchMore()
        finish()

    def finish() -> None:
        result["rows_loaded"] = window.assessments_page.model.rowCount()
        result["rss_mb"] = peak_rss_mb()
        emit(result)
        # A clean close of the store (checkpoint, lock released; no exit backup): with the
        # lock left behind, the next run would start as after a crash (full integrity check)
        opened[0].store.close(clean=True)  # type: ignore[attr-defined]
        app.quit()

    QTimer.singleShot(0, shown)
    after_next_paint(window, open_store)
    app.exec()


def run_stall(data: Path) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from assessor_app.paths import AppPaths
    from assessor_app.services.reports import ReportService
    from assessor_app.services.runtime import open_services
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.tasks import Op

    app = QApplication([])
    laptop = open_services(AppPaths(data / "laptop"), sync_templates=False)
    office = open_services(AppPaths(data / "office"), sync_templates=False)
    window = MainWindow(laptop, "id")
    window.show()
    clock = QElapsedTimer()
    gaps: dict[str, float] = {}
    phase = ["idle"]
    last = [0]

    long_gaps: list[tuple[str, int, int]] = []

    def tick() -> None:
        now = clock.elapsed()
        gap = now - last[0]
        last[0] = now
        gaps[phase[0]] = max(gaps.get(phase[0], 0.0), float(gap))
        if gap > 50:
            long_gaps.append((phase[0], int(gap), int(now - phase_start[0])))

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    target = data / "usb"
    pending_report = [r.id for r in laptop.assessments.list() if r.status == "locked"][:1]
    bundle: list[Path] = []
    times: dict[str, float] = {}

    phase_start = [0]

    def start(name: str, fn, then) -> None:  # type: ignore[no-untyped-def]
        phase[0] = name
        phase_start[0] = clock.elapsed()
        started = time.perf_counter()

        def done(result: object) -> None:
            times[name] = round((time.perf_counter() - started) * 1000, 1)
            then(result)

        def failed(exc: BaseException) -> None:
            emit({"error": f"{name}: {type(exc).__name__}: {exc}"})
            app.quit()

        Op(window, fn).success(done).failure(failed).run()

    def do_export() -> None:
        start("export", lambda: laptop.sync.export(target), after_export)

    def after_export(result: object) -> None:
        bundle.append(result.path)  # type: ignore[attr-defined]
        start("import", lambda: office.sync.import_bundle(bundle[0]), after_import)

    def after_import(_result: object) -> None:
        reports = ReportService(laptop)
        start("report", lambda: reports.render_assessment(pending_report[0]), finish)

    def finish(_result: object) -> None:
        phase[0] = "done"
        emit({"max_gap_ms": gaps, "task_ms": times, "long_gaps": long_gaps})
        laptop.close(clean=False)
        office.close(clean=False)
        app.quit()

    QTimer.singleShot(1000, do_export)  # first: one second of idle ticks (the floor)
    app.exec()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        run_bare()
    elif mode in ("app", "start"):
        run_app(Path(sys.argv[2]), scroll=mode == "app")
    else:
        run_stall(Path(sys.argv[2]))
