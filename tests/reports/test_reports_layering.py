"""``assessor_app.reports`` is pure: reportlab and core types in, bytes out - it loads no
Qt, no database layer and no service; ``services.reports`` loads no Qt either."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import importlib, json, pkgutil, sys
import assessor_app.reports as r
for info in pkgutil.walk_packages(r.__path__, prefix="assessor_app.reports."):
    importlib.import_module(info.name)
pure = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "sqlalchemy",
              "sqlmodel") or m.startswith(("assessor_app.services", "assessor_app.storage")))
import assessor_app.services.reports, assessor_app.cli_reports
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"pure": pure, "qt": qt}))
"""


def test_reports_package_is_pure_and_nothing_loads_qt() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found == {"pure": [], "qt": []}
