"""An export loads no report library (a fresh interpreter, so other tests cannot hide it).

The bundle carries the laptop's PDF key (``manifest.document_key``), derived with
``assessor_app.core.pdfkeys``: when that module lived in the reports package its
``__init__`` pulled in reportlab and every layout, about 170 ms on the first export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    from assessor_app.paths import AppPaths, forms_dir
    from assessor_app.services.demo import demo_photo
    from assessor_app.services.runtime import open_services

    tmp = Path(sys.argv[1])
    legacy = Path(sys.argv[2])
    services = open_services(AppPaths(tmp / "laptop"), template_dirs=[forms_dir(), legacy])
    svc = services.assessments
    asesi = services.registry.add_assessee("Peserta Uji", nik="3374000000000001")
    code = next(r.code for r in services.templates.latest()
                if r.code.startswith("FR.IA.01.J62"))
    row = svc.create(code, assessee_id=asesi.id)
    template = svc.template_of(row)
    kuk = [it.name for it in template.walk_items() if it.kuk]
    for name in kuk:
        svc.answer(row.id, name, "ya")
    for name, value in (("tuk", "sewaktu"), ("tanggal", "2026-11-20"),
                        ("nama_asesor", "Budi Santoso")):
        svc.answer(row.id, name, value)
    svc.attach_evidence(row.id, kuk[0], demo_photo("foto", 1))
    svc.finalise(row.id)
    watched = ("reportlab", "pyhanko", "assessor_app.reports")
    before = sorted(m for m in sys.modules if m.startswith(watched))
    result = services.sync.export(tmp / "usb", encrypt=False)
    after = sorted(m for m in sys.modules if m.startswith(watched))
    services.close(clean=False)
    print(json.dumps({"records": len(result.records), "before": before, "after": after}))
    """
)


def test_an_export_loads_no_report_library(tmp_path: Path) -> None:
    env = {**os.environ, "ASSESSOR_ENCRYPTION": "off", "ASSESSOR_KEYRING": "off",
           "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path),
         str(REPO_ROOT / "tests" / "fixtures" / "legacy_forms")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["records"] == 1
    assert got["after"] == got["before"] == [], got
