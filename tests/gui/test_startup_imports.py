"""The start shows the main window before the heavy libraries load (issue 10).

* The window's frame (``MainWindow(None, ...)``, what ``app.run_gui`` shows first) loads
  neither the database libraries nor any service or storage module.
* Once the store is open, every page has read it and the list has painted its rows (with
  dates and scores), still nothing of sync, reports, PDF, the office XLSX export, XLSForm,
  cryptography or Qt Multimedia is loaded: those come when the user exports, prints, opens
  an office page or the camera; nor SQLCipher (with its OpenSSL) for a plain store, nor
  Qt's print support, nor ``regex`` (an expression's regex(), an emoji check), nor the YAML
  reader (templates are parsed when one is opened, schemes when the Templat page shows),
  nor Babel's locale tables (the lists format with Qt's locale).
* No source lines of the modules imported are kept in ``linecache`` (PySide6's import
  hook reads every module's source: kept, that was about 25 MB).

Probed in a fresh interpreter, so modules other tests imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from assessor_app.paths import AppPaths
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from tests.benchmarks.common import seed_bulk
from tests.helpers import copy_golden, opened

REPO = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import json, linecache, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from assessor_app.paths import AppPaths
    from assessor_app.ui.main_window import MainWindow, after_next_paint
    from assessor_app.ui.settings import AppSettings

    def loaded(prefixes):
        return sorted(m for m in sys.modules
                      if any(m == p or m.startswith(p + ".") for p in prefixes))

    FRAME = ["sqlalchemy", "sqlmodel", "pydantic", "assessor_app.services",
             "assessor_app.storage"]
    LATER = ["reportlab", "pyhanko", "pypdfium2", "openpyxl", "pyxform", "cryptography",
             "PySide6.QtMultimedia", "PySide6.QtPdf", "assessor_app.bundles",
             "assessor_app.reports", "assessor_app.services.sync",
             "assessor_app.services.sync_export", "assessor_app.services.sync_import",
             "assessor_app.services.reports", "assessor_app.services.office",
             "assessor_app.services.review", "assessor_app.core.xlsform",
             "assessor_app.ui.editor", "sqlcipher3", "regex", "PySide6.QtPrintSupport",
             "assessor_app.ui.report_preview", "yaml", "assessor_app.core.template_loader",
             "assessor_app.core.competency", "assessor_app.core.muk",
             "assessor_app.services.schemes", "babel"]
    app = QApplication([])
    paths = AppPaths(Path(sys.argv[1]))
    window = MainWindow(None, "id", settings=AppSettings(paths.settings_path))
    window.show()
    found = {}
    opened = []

    def open_store():
        found["frame"] = loaded(FRAME)
        from assessor_app.services.runtime import open_services

        opened.append(open_services(paths, sync_templates=False))
        window.attach(opened[0])
        wait()

    def wait():
        if not window.pages_loaded:
            QTimer.singleShot(5, wait)
            return
        window.grab()  # the list paints its rows: dates, statuses, scores
        model = window.assessments_page.model
        found["scores"] = sorted({model.index(r, 3).data() for r in range(model.rowCount())})
        found["later"] = loaded(LATER)
        found["rows"] = model.rowCount()
        localedata = sys.modules.get("babel.localedata")
        found["babel_data"] = sorted(getattr(localedata, "_cache", {}) or {})
        found["sources"] = sorted(name for name, entry in linecache.cache.items()
                                  if len(entry) == 4 and entry[1] is not None)
        print(json.dumps(found))
        opened[0].store.close(clean=True)
        app.quit()

    after_next_paint(window, open_store)
    QTimer.singleShot(60000, app.quit)
    app.exec()
    """
)


def test_the_window_shows_before_the_heavy_libraries_load(golden_data_dir: Path,
                                                          tmp_path: Path) -> None:
    data = copy_golden(golden_data_dir, tmp_path / "data")
    with opened(AppPaths(data)) as services:  # 30 records over a month, 20 of them scored
        seed_bulk(services, 30, answers_per=5, history_days=30)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(data)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"the probe printed nothing:\n{proc.stderr}"
    found = json.loads(lines[-1])
    assert found["frame"] == [], f"the window's frame loads {found['frame']}"
    assert found["later"] == [], f"the started window loads {found['later']}"
    assert found["rows"] == 30
    assert any(s.endswith("%") for s in found["scores"]), found["scores"]
    assert found["babel_data"] == [], f"Babel's locale data loaded: {found['babel_data']}"
    assert found["sources"] == [], f"linecache keeps {len(found['sources'])} files"


def test_the_frame_waits_for_the_store_then_the_pages_come(qtbot: Any, golden_data_dir: Path,
                                                           tmp_path: Path) -> None:
    """``app.start_services`` under the shown frame: until then only Keluar and Tentang
    work and the list says it is opening the data; then the pages are there and read."""
    from assessor_app.app import start_services
    from tests.helpers import add_lpk

    data = copy_golden(golden_data_dir, tmp_path / "data")
    paths = AppPaths(data)
    window = MainWindow(None, "id", settings=AppSettings(tmp_path / "s.ini"),
                        executor=SyncExecutor())  # its reads inline: none outlives the test
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.pages.currentWidget() is window.opening_label
    assert window.opening_label.text() == "Membuka data…"
    assert window.quit_action.isEnabled() and window.about_action.isEnabled()
    assert not window.new_action.isEnabled() and not window.sidebar.isEnabled()
    assert not window.office_action.isEnabled()
    assert not window.office_import_action.isEnabled()

    services = start_services(window, paths, None, "id")
    assert services is not None
    try:
        add_lpk(services, "LPK Sesudah Buka")
        assert window.attached and window.pages.currentWidget() is window.assessments_page
        assert window.new_action.isEnabled() and window.sidebar.isEnabled()
        assert window.office_action.isEnabled()
        assert not window.office_import_action.isEnabled()  # office mode is off
        assert window.data_label.text() == f"Data: {data}"
        qtbot.waitUntil(lambda: window.pages_loaded)
        window.refresh_all()
        qtbot.waitUntil(lambda: window.institutions_page.model.rowCount() == 1)
        assert window.institutions_page.model.index(0, 0).data() == "LPK Sesudah Buka"
        window.show_page(1)
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
        assert window.current_page() == 2  # the sidebar moves through the pages now
    finally:
        window.close()
        services.store.close(clean=True)


def test_what_waits_for_the_first_paint_runs_once_after_it(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from assessor_app.ui.main_window import PAINT_WAIT_MS, _AfterPaint, after_next_paint

    shown = QWidget()
    qtbot.addWidget(shown)
    called: list[str] = []
    after_next_paint(shown, lambda: called.append("shown"))
    assert called == []  # nothing before the window is even shown
    shown.show()
    qtbot.waitUntil(lambda: called == ["shown"], timeout=PAINT_WAIT_MS - 100)
    # once: the helper is gone, and its fallback timer with it
    qtbot.waitUntil(lambda: not shown.findChildren(_AfterPaint))

    never = QWidget()  # never shown, so never painted (a window started minimised)
    qtbot.addWidget(never)
    after_next_paint(never, lambda: called.append("never"))
    qtbot.waitUntil(lambda: called == ["shown", "never"], timeout=PAINT_WAIT_MS * 4)
