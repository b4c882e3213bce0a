"""Benchmark: the assessment editor on a 500-item template with a 100-row repeat group.

Not part of the normal test run. Usage::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_editor.py --out bench-editor.json

Measures, with the real serial database lane (a worker thread, as in the app):

- ``open_ms``: from constructing the editor until the first page is on screen;
  ``all_pages_built_ms``: until every other page was built in idle slices;
- ``answer_ms_*``: one answer each in 50 items across every section, from the key press
  until the service call returned and the new state (relevance, progress, score) is shown;
- ``gui_apply_ms_*``: how long the GUI thread is busy applying one new state (the rest
  of an answer's time is spent on the worker thread, the GUI stays responsive);
- ``snapshot_build_ms_*``: evaluating relevance, progress and score on the worker;
- ``page_chunk_ms_*``: one slice of building a section page (pages are built in slices
  of ~40 ms so the event loop keeps running); ``jump_build_ms_*``: building up to an item
  at once when the user jumps to it before its page is complete.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SECTIONS = 10
ITEMS_PER_SECTION = 49  # + the repeat (with 5 children) in section 1 -> 500 items
REPEAT_ROWS = 100


def synthetic_template(sections: int = SECTIONS, per_section: int = ITEMS_PER_SECTION) -> str:
    """YAML of a large institutional template (every 10th item has skip logic)."""
    out = [
        "template: 1", "code: BENCH.500", 'version: "1"', "kind: institutional",
        "subject: institution", "title: { id: Templat besar uji kinerja, en: Large benchmark template }",
        "scoring:", "  pass_threshold: 70", "header:",
        "  - { name: h_mode, type: select_one, response_set: ya_tidak, label: Mode, required: true }",
        "  - { name: h_nama, type: text, label: Nama, required: true }",
        "sections:",
    ]
    for s in range(1, sections + 1):
        out += [f"  - name: s{s}", f"    code: S{s}", f"    title: Bagian {s}",
                "    pass_threshold: 60", "    items:"]
        if s == 1:
            out += [
                "      - name: tabel", "        type: repeat", "        label: Tabel besar",
                "        min_rows: 1", "        items:",
                "          - { name: t_nama, type: text, label: Nama, required: true }",
                "          - { name: t_tahun, type: integer, label: Tahun, constraint: '. >= 0' }",
                "          - { name: t_ada, type: select_one, response_set: ada_tidak, label: Ada }",
                "          - { name: t_ok, type: calculate, label: OK,"
                " calculation: \"if(${t_ada} = 'ada' or ${t_tahun} >= 2, 1, 0)\" }",
                "          - { name: t_catatan, type: text, label: Catatan }",
                "      - { name: tabel_jumlah, type: calculate, label: Jumlah, "
                "calculation: 'sum(${t_ok})' }",
            ]
        for i in range(1, per_section + 1):
            name = f"s{s}_i{i}"
            rel = ""
            if i % 10 == 0:
                rel = f", relevant: \"${{s{s}_i{i - 1}}} != 'na'\""
            kind = "select_one, response_set: m_bm_na" if i % 7 else "text"
            critical = ", critical: true" if i % 13 == 0 and i % 7 else ""
            out.append(f"      - {{ name: {name}, type: {kind}, code: '{s}.{i}', "
                       f"label: 'Butir {s}.{i} persyaratan yang diperiksa di lapangan', "
                       f"required: true{rel}{critical} }}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--lang", default="id")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from assessor_app.core.template import ItemType
    from assessor_app.core.template_loader import load_template_text
    from assessor_app.i18n import set_language
    from assessor_app.paths import AppPaths
    from assessor_app.services.form_view import FormView
    from assessor_app.services.runtime import open_services
    from assessor_app.ui.editor import AssessmentEditor
    from assessor_app.ui.tasks import db_lane

    app = QApplication.instance() or QApplication(sys.argv)
    set_language(args.lang)  # as the app: UI strings follow --lang

    def wait(cond: Any, timeout: float = 60.0) -> None:
        end = time.perf_counter() + timeout
        while not cond():
            if time.perf_counter() > end:
                raise TimeoutError("benchmark step timed out")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        services = open_services(AppPaths(Path(tmp)))
        try:
            template = load_template_text(synthetic_template(), "bench.yaml")
            n_items = sum(1 for _ in template.walk_items())
            services.templates.install(template)
            inst = services.registry.add_institution("LPK Uji Kinerja")
            svc = services.assessments
            rid = svc.create("BENCH.500", institution_id=inst.id).id
            for r in range(REPEAT_ROWS):
                row = svc.add_row(rid, "tabel")
                svc.answer(rid, "t_nama", f"Instruktur {r + 1}", row=row)
                svc.answer(rid, "t_tahun", str(r % 7), row=row)

            gui_apply: list[float] = []
            snap_build: list[float] = []
            page_chunks: list[float] = []  # GUI-thread slices of building section pages
            forced: list[float] = []  # building up to an item a jump asked for at once

            class TimedEditor(AssessmentEditor):
                def _apply_snapshot(self, snap: FormView) -> None:
                    t0 = time.perf_counter()
                    super()._apply_snapshot(snap)
                    gui_apply.append((time.perf_counter() - t0) * 1000)
                    snap_build.append(snap.build_ms)

                def _continue_page(self, name: str) -> None:
                    t0 = time.perf_counter()
                    super()._continue_page(name)
                    page_chunks.append((time.perf_counter() - t0) * 1000)

                def _build_until(self, page: str, item: str | None) -> None:
                    t0 = time.perf_counter()
                    super()._build_until(page, item)
                    forced.append((time.perf_counter() - t0) * 1000)

            t0 = time.perf_counter()
            editor = TimedEditor(services, rid, args.lang, executor=db_lane())
            editor.resize(1400, 900)
            editor.show()
            wait(lambda: editor.snapshot is not None and editor.current_page() is not None)
            app.processEvents()
            open_ms = (time.perf_counter() - t0) * 1000
            open_apply = gui_apply[0] if gui_apply else 0.0
            gui_apply.clear()
            # The other pages are built in idle slices while the user reads the first one.
            wait(lambda: not editor._builders and len(editor._built) == len(editor._pages))
            all_pages_ms = (time.perf_counter() - t0) * 1000

            assert editor.template is not None
            names = [it.name for it in editor.template.walk_items()
                     if it.type is ItemType.SELECT_ONE and editor.template.repeat_of(
                         it.name) is None and it.name.startswith("s")]
            step = max(1, len(names) // args.answers)
            chosen = names[::step][: args.answers]
            answer_ms: list[float] = []
            for n, name in enumerate(chosen):
                editor.focus_item(name)
                widget = editor.item_widget(name)
                saved: list[str] = []
                editor.assessment_saved.connect(saved.append)
                start = time.perf_counter()
                widget.control.pick(1 + n % 2)  # type: ignore[union-attr]
                wait(lambda saved=saved: bool(saved) and editor.queue.state == "saved")
                answer_ms.append((time.perf_counter() - start) * 1000)
                editor.assessment_saved.disconnect(saved.append)
            assert editor.try_close()
            editor.deleteLater()
            app.processEvents()

            def stats(xs: list[float]) -> dict[str, float]:
                if not xs:
                    return {}
                xs = sorted(xs)
                return {"median": round(statistics.median(xs), 2),
                        "p90": round(xs[int(0.9 * (len(xs) - 1))], 2),
                        "max": round(xs[-1], 2)}

            result = {
                "benchmark": "editor",
                "items": n_items,
                "repeat_rows": REPEAT_ROWS,
                "answers": len(answer_ms),
                "open_ms": round(open_ms, 1),
                "open_gui_apply_ms": round(open_apply, 2),
                "all_pages_built_ms": round(all_pages_ms, 1),
                "answer_ms": stats(answer_ms),
                "gui_apply_ms": stats(gui_apply),
                "snapshot_build_ms": stats(snap_build),
                "page_chunk_ms": stats(page_chunks),
                "jump_build_ms": stats(forced),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            }
        finally:
            services.store.close(clean=True)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
