"""Render the real app offscreen with demo data and save PNGs of the main screens.

    python scripts/screenshots.py [--out docs/screenshots] [--lang id|en]
    python scripts/screenshots.py --sizes     # docs/screenshots/<screen>/ at three screens

``--sizes`` runs the script once per screen (1366x768, 1024x600 and 1920x1080 at 150 %,
which is 1280x720 logical): Qt's offscreen platform is given a screen of that size
(``offscreen:configfile=``, ``QT_SCALE_FACTOR=1.5``) and every window opens as the app
opens it, sized from that screen (assessor_app.ui.geometry), not resized by the script.

Nothing is mocked: the script opens a fresh data folder, seeds the demo data
(``assessor_app.services.demo``), builds the same windows and dialogs the app shows, drives
them like a user (the signature is drawn with mouse events), and grabs each one.
Images are saved as PNG, reduced to a palette when that keeps them under 300 KB.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Jakarta")  # times as an assessor in WIB sees them
if hasattr(time, "tzset"):
    time.tzset()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MAX_BYTES = 300 * 1024


def save_png(widget: object, path: Path) -> int:
    """Grab ``widget`` and write a PNG no larger than MAX_BYTES (palette if needed)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    pixmap = widget.grab()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buf, "PNG")
    raw = bytes(data.data())
    img = Image.open(io.BytesIO(raw)).convert("RGB")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    if out.tell() > MAX_BYTES:
        out = io.BytesIO()
        img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, format="PNG",
                                                                       optimize=True)
    path.write_bytes(out.getvalue())
    return out.tell()


def settle(app: object, rounds: int = 5) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    for _ in range(rounds):
        app.processEvents()


def draw_signature(pad: object) -> None:
    """Sign the pad with mouse events, like a person with a mouse or pen would."""
    import math

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from assessor_app.ui.signature_pad import SignaturePad

    assert isinstance(pad, SignaturePad)
    w, h = pad.width(), pad.height()

    def stroke(points: list[QPoint]) -> None:
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         points[0])
        for p in points[1:]:
            QTest.mouseMove(pad, p)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           points[-1])

    base = h * 0.52
    # a cursive run: a prolate cycloid makes the loops of joined-up handwriting
    steps = 90
    run = []
    for i in range(steps):
        t = i * 6.2 * math.pi / steps
        x = w * 0.2 + w * 0.021 * t - w * 0.045 * math.sin(t)
        y = base - h * 0.06 - h * 0.11 * math.cos(t) * (1.0 - 0.35 * i / steps)
        run.append(QPoint(int(x), int(y)))
    capital = [QPoint(int(w * (0.16 + 0.06 * math.sin(a / 10))),
                      int(base - h * (0.32 - 0.45 * a / 30))) for a in range(30)]
    stroke(capital)
    stroke(run)
    stroke([QPoint(int(w * 0.14), int(base + h * 0.16)), QPoint(int(w * 0.4), int(base + h * 0.12)),
            QPoint(int(w * 0.62), int(base + h * 0.11)), QPoint(int(w * 0.7), int(base + h * 0.06))])


def enrolled_office(laptop: object, lang: str, executor: object, settings_dir: Path
                    ) -> tuple[Any, Path, Any]:
    """A new office (its own assessor Sari) that enrolled the demo laptop for Budi and sent
    it an assignment pack through a "USB stick" folder; the laptop's main window."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import Services, open_services
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.settings import AppSettings

    assert isinstance(laptop, Services)
    usb = Path(tempfile.mkdtemp(prefix="assessor-usb-"))
    office = open_services(AppPaths(Path(tempfile.mkdtemp(prefix="assessor-office-"))))
    office.registry.add_assessor("Sari Wulandari", title_back="S.E.", is_self=True)
    office.registry.actor = "Sari Wulandari, S.E."
    budi = office.registry.add_assessor("Budi Santoso", title_back="S.T., M.Pd.")
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi (Latitude)",
                             budi.id)
    laptop.sync.import_pack(office.sync.create_pack(budi.id, usb).path)
    window = MainWindow(laptop, lang, settings=AppSettings(settings_dir / "laptop.ini"),
                        executor=executor)
    return office, usb, window


def review_all(office: Any) -> list[Any]:
    """The office reviews every received record: approved, received, to be corrected..."""
    from assessor_app.services.review import ReviewService

    reviews = ReviewService(office.store.engine)
    items = reviews.overview()
    for n, item in enumerate(items):
        status = ("disetujui", "diterima", "perlu_perbaikan")[n % 3]
        reviews.set_status(item.assessment_id, status, "Foto bukti R1 kurang jelas"
                           if status == "perlu_perbaikan" else None, "Sari Wulandari, S.E.")
    return list(items)


def office_shots(laptop: object, lang: str, shoot: Callable[..., None], executor: object,
                 settings_dir: Path) -> list[object]:
    """11-13: an office enrols the demo laptop and sends it an assignment pack; the laptop
    sends its results ("Kirim hasil", sealed to the office); the office imports the bundle
    (and the same bundle again, and a damaged file), reviews and shows its dashboard."""
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.settings import AppSettings

    office, usb, window = enrolled_office(laptop, lang, executor, settings_dir)
    window.resize(1280, 760)
    send = window.send_results()
    send.resize(860, 640)
    send.target.setText(str(usb))
    send.send()
    shoot("13-kirim-hasil.png", send)
    bundle = send.exported.path
    send.reject()
    window.close()

    damaged = usb / bundle.name.replace("_000001-", "_000002-")
    damaged.write_bytes(bundle.read_bytes()[:-300])
    desk = MainWindow(office, lang, settings=AppSettings(settings_dir / "office.ini"),
                      executor=executor)
    desk.resize(1280, 760)
    desk.show()
    desk.set_office_mode(True)
    page = desk.show_office_page("import")
    page.receipt_dir.setText(str(usb))
    page.import_files([bundle])
    page.import_files([bundle, damaged])
    shoot("11-kantor-impor.png", desk)
    review_all(office)
    desk.refresh_all()
    desk.show_office_page("dashboard")
    shoot("12-kantor-dasbor.png", desk, desk.dashboard_page.refresh)
    return [desk, office]


def install_demo_scheme(services: object) -> None:
    """The MUK 2023 instruments of the shipped UI programming scheme (code suffix
    ``ui-2026``), an oral question (FR.IA.07) and a supporting question (FR.IA.03) on each
    KUK, as an LSP's scheme data would have them."""
    import dataclasses

    from assessor_app.core.competency import Question, load_scheme
    from assessor_app.core.muk import generate_instruments
    from assessor_app.core.template_loader import load_template_text
    from assessor_app.services.runtime import Services

    assert isinstance(services, Services)
    scheme = load_scheme(REPO / "forms" / "schemes" / "pemrograman-ui.yaml")
    unit = scheme.units[0]
    kuk = [k for e in unit.elements for k in e.kuk]
    oral = tuple(Question(str(n), f"Bagaimana Anda memastikan: {k.text}",
                          "Menyebutkan langkah sesuai SOP", (k.no,))
                 for n, k in enumerate(kuk, start=1))
    supporting = tuple(Question(str(n), f"Apa yang Anda periksa ketika {k.text.lower()}?",
                                "Menjelaskan pemeriksaan sesuai rancangan", (k.no,))
                       for n, k in enumerate(kuk, start=1))
    scheme = dataclasses.replace(scheme, slug="ui-2026", version="2026.1",
                                 units=(dataclasses.replace(unit, oral=oral,
                                                            supporting=supporting),
                                        *scheme.units[1:]))
    for ins in generate_instruments(scheme):
        services.templates.install(load_template_text(ins.text, ins.code), origin=ins.code)


def complete(services: object, rid: str, sign: bool = True, **given: str) -> None:
    """Answer ``given`` and every other required item still empty (the first option, a
    plausible text, the visit day), then finalise and have every role sign."""
    from assessor_app.services.demo import fill_required, signature_png
    from assessor_app.services.runtime import Services

    assert isinstance(services, Services)
    svc = services.assessments
    fill_required(svc, rid, given, day="2026-11-21", text="Sesuai dokumen yang diperlihatkan")
    if not sign:
        return
    detail = svc.finalise(rid)
    for signer in (s for s in detail.template.signers if s.required):
        name = "Budi Santoso, S.T., M.Pd." if "asesor" in signer.role else \
            detail.row.subject_name
        svc.sign(rid, signer.role, name, signature_png(name), place="Semarang",
                 registration_no="MET.000.004633 2020" if signer.registration else None)


def event_shots(services: object, lang: str, shoot: Callable[..., None], executor: object,
                settings: object) -> None:
    """15: Alur sertifikasi of a competency visit at BLK Tirtamulya, five asesi at
    different points of the event, at 1366x768 and at 1024x600."""
    from assessor_app.services.runtime import Services
    from assessor_app.services.templates import stable_id
    from assessor_app.ui.views.event_view import EventWindow

    assert isinstance(services, Services)
    install_demo_scheme(services)
    reg, svc, event = services.registry, services.assessments, services.certification
    tirta = stable_id("demo", "institution", "blk_tirta")
    visit = reg.add_visit(institution_id=tirta, letter_no="046/LSP-P2-BLKTM/ST/XI/2026",
                          letter_date="2026-11-12", place="Semarang", purpose="SERTIFIKASI",
                          tuk_type="sewaktu", start_date="2026-11-21", end_date="2026-11-21",
                          start_time="08.00", end_time="16.00", timezone="WIB",
                          scheme_id=stable_id("scheme", "SKM/LSP-P2-BLKTM/003/2024"))
    people = {key: stable_id("demo", "assessee", key)
              for key in ("rizky", "siti", "bagus", "dewi", "made")}

    def run(key: str, form: str, sign: bool = True, **given: str) -> str:
        rid = event.start(visit.id, form, people[key]).id
        complete(services, rid, sign, **given)
        return rid

    def ia01(key: str, miss: str) -> None:
        rid = event.start(visit.id, "FR.IA.01", people[key]).id
        template = svc.template_of(svc.resolve(rid))
        complete(services, rid, **{it.name: "tidak" if it.name == miss else "ya"
                                   for it in template.walk_items() if it.kuk})

    for key in people:
        run(key, "FR.APL.01", key != "made", rekomendasi="diterima")
    for key in ("rizky", "siti", "bagus", "dewi"):
        run(key, "FR.APL.02")
    for key in ("rizky", "siti", "bagus"):
        run(key, "FR.AK.01")
    run("dewi", "FR.AK.01", sign=False)
    svc.finalise(event.status(visit.id).asesi[3].step("FR.AK.01").revision_id or "")
    ia01("rizky", "")
    ia01("siti", "u1_e2_k3")
    ia01("bagus", "u1_e1_k2")
    run("rizky", "FR.IA.03")
    rid = event.start(visit.id, "FR.IA.07", people["siti"]).id
    svc.answer(rid, "tuk", "sewaktu")
    run("rizky", "FR.AK.02", u1_keputusan="k")
    run("bagus", "FR.AK.02", u1_keputusan="bk")
    run("rizky", "FR.AK.03")
    run("bagus", "FR.AK.03")
    event.start(visit.id, "FR.AK.05")

    window = EventWindow(services, visit.id, lang, None, executor)  # type: ignore[arg-type]
    view = window.view
    for size, name in (((1366, 768), "15-alur-sertifikasi.png"),
                       ((1024, 600), "15-alur-sertifikasi-1024x600.png")):
        window.resize(*size)
        window.show()
        view.grid.setCurrentIndex(view.model.cell("Siti Nurhaliza Putri", "FR.IA.07"))
        shoot(name, window)
    window.close()


SCREENS = {"1366x768": (1366, 768, 1.0), "1024x600": (1024, 600, 1.0),
           "1920x1080@150": (1920, 1080, 1.5)}


def screen_env(name: str) -> dict[str, str]:
    """The environment that gives Qt's offscreen platform the screen ``name``."""
    import json

    width, height, scale = SCREENS[name]
    config = Path(tempfile.mkdtemp(prefix="assessor-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": name, "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    if scale != 1.0:
        env["QT_SCALE_FACTOR"] = str(scale)
    else:
        env.pop("QT_SCALE_FACTOR", None)
    return env


def run_sizes(out: Path, lang: str) -> int:
    """One child process per screen (the platform's screen is fixed at start)."""
    import subprocess

    status = 0
    for name in SCREENS:
        status |= subprocess.call([sys.executable, __file__, "--screen", name, "--lang", lang,
                                   "--out", str(out / name)], env=screen_env(name))
    return status


def open_office_review(laptop: object, lang: str, executor: object,
                       settings_dir: Path) -> tuple[object, object]:
    """An office that enrolled the demo laptop and imported its results, its review page
    on the first record (one approved, one to be corrected, ...)."""
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.settings import AppSettings

    office, usb, window = enrolled_office(laptop, lang, executor, settings_dir)
    send = window.send_results()
    send.target.setText(str(usb))
    send.send()
    bundle = send.exported.path
    send.reject()
    window.close()
    desk = MainWindow(office, lang, settings=AppSettings(settings_dir / "office.ini"),
                      executor=executor)
    desk.show()
    desk.set_office_mode(True)
    page = desk.show_office_page("import")
    page.import_files([bundle])
    items = review_all(office)
    desk.refresh_all()
    review = desk.show_office_page("review")
    if len(items) > 2:
        review.select(items[2].assessment_id)
    return desk, office


def sized_shots(services: object, lang: str, shoot: Callable[..., None], executor: object,
                settings: object, data: Path, jkp_id: str) -> None:
    """The main screens as they open on the screen the platform reports (no resize here):
    the list, the editor (FR.IA.01 and JKP), signing, the PDF preview, the visit
    workspace, the office review page."""
    from PySide6.QtWidgets import QApplication

    from assessor_app.services.runtime import Services
    from assessor_app.services.templates import stable_id
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.views.assessment_window import AssessmentWindow
    from assessor_app.ui.views.event_view import EventWindow
    from assessor_app.ui.views.signing import SignDialog

    assert isinstance(services, Services)
    svc = services.assessments
    window = MainWindow(services, lang, settings=settings, executor=executor)
    window.show()
    window.assessments_page.refresh()
    window.assessments_page.table.selectRow(1)
    shoot("01-daftar-penilaian.png", window)

    dewi = stable_id("demo", "assessment", "ia01-dewi")  # a draft: Finalisasi shows
    editor_ia = AssessmentWindow(services, dewi, lang, settings, executor)
    editor_ia.show()
    shoot("02-editor-fr-ia-01.png", editor_ia,
          lambda: editor_ia.editor.focus_item("u1_e1_k1"))  # type: ignore[union-attr]

    editor_jkp = AssessmentWindow(services, jkp_id, lang, settings, executor)
    editor_jkp.show()
    def first_item() -> None:  # R1's first item, its card shown from the top
        editor = editor_jkp.editor
        editor.focus_item("r1_1")  # type: ignore[union-attr]
        QApplication.processEvents()
        editor.pages.currentWidget().verticalScrollBar().setValue(0)  # type: ignore[union-attr]

    shoot("03-editor-jkp.png", editor_jkp, first_item)
    editor_jkp.close()

    siti = stable_id("demo", "assessment", "ia01-siti")  # finalised, to be signed
    editor_siti = AssessmentWindow(services, siti, lang, settings, executor)
    editor_siti.show()
    sign = SignDialog(services, svc.detail(siti), "asesor", lang, editor_siti)
    sign.show()
    QApplication.processEvents()
    shoot("04-tanda-tangan.png", sign, lambda: draw_signature(sign.pad))
    sign.reject()
    editor_siti.close()

    rizky = stable_id("demo", "assessment", "ia01-rizky")  # signed: the PDF preview
    editor_rizky = AssessmentWindow(services, rizky, lang, settings, executor)
    editor_rizky.show()
    assert editor_rizky.reports is not None
    editor_rizky.reports.launcher.pdf_executor = executor
    editor_rizky.reports.run_preview()
    preview = editor_rizky.reports.launcher.dialog
    assert preview is not None
    shoot("05-pratinjau-pdf.png", preview)
    preview.reject()
    editor_rizky.close()

    event = EventWindow(services, stable_id("demo", "visit", "uk"), lang, None,
                        executor)  # type: ignore[arg-type]
    event.show()
    shoot("06-kunjungan.png", event)
    event.close()

    desk, office = open_office_review(services, lang, executor, data)
    shoot("07-kantor-tinjauan.png", desk)
    desk.close()  # type: ignore[attr-defined]
    office.close(clean=True)  # type: ignore[attr-defined]
    editor_ia.close()
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--only-event", action="store_true",
                        help="only the Alur sertifikasi pictures (15-*)")
    parser.add_argument("--sizes", action="store_true",
                        help="the main screens at 1366x768, 1024x600 and 1920x1080 at 150 %% "
                             "into OUT/<screen>/")
    parser.add_argument("--screen", choices=sorted(SCREENS),
                        help="(internal) the screen this run's platform reports")
    args = parser.parse_args(argv)
    os.environ["ASSESSOR_LANG"] = args.lang
    if args.sizes:
        return run_sizes(args.out, args.lang)

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication

    from assessor_app.app import configure_application
    from assessor_app.i18n import set_language
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import _fill, seed_demo
    from assessor_app.services.runtime import open_services
    from assessor_app.services.templates import stable_id
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.qt_translations import install_qt_translations
    from assessor_app.ui.settings import AppSettings
    from assessor_app.ui.tasks import SyncExecutor
    from assessor_app.ui.views.assessment_window import AssessmentWindow
    from assessor_app.ui.views.new_assessment import NewAssessmentDialog
    from assessor_app.ui.views.settings_dialog import SettingsDialog
    from assessor_app.ui.views.signing import RevisionHistoryDialog, SignDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    set_language(args.lang)
    install_qt_translations(app, args.lang)
    lang = args.lang
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="assessor-shots-"))
    services = open_services(AppPaths(data))
    executor = SyncExecutor()
    shots: list[tuple[str, int]] = []

    def shoot(name: str, widget: object, prepare: Callable[[], None] | None = None) -> None:
        if prepare is not None:
            prepare()
        settle(app)
        size = save_png(widget, out / name)
        shots.append((name, size))

    try:
        seed_demo(services)
        reg, svc = services.registry, services.assessments
        # one JKP readiness check in progress, for the editor picture
        nusa = reg.institution(stable_id("demo", "institution", "lpk_nusa"))
        jkp = svc.create("JKP.LPK.01", institution_id=nusa.id,
                         visit_id=stable_id("demo", "visit", "kmpi"))
        _fill(svc, jkp.id, seed=21, fraction=0.55, photos=2)
        settings = AppSettings(services.paths.settings_path)
        if args.screen:
            sized_shots(services, lang, shoot, executor, settings, data, jkp.id)
            for name, size in shots:
                print(f"{out / name}  {size // 1024} KB")
            return 0
        if args.only_event:
            event_shots(services, lang, shoot, executor, settings)
            for name, size in shots:
                print(f"{out / name}  {size // 1024} KB")
            return 0

        # 1. main window: the assessment list
        window = MainWindow(services, lang, settings=settings, executor=executor)
        window.resize(1280, 760)
        window.show()
        window.assessments_page.refresh()
        window.assessments_page.table.selectRow(1)
        shoot("01-daftar-penilaian.png", window)
        shoot("main-window.png", window)  # the README's picture

        # 2. the editor on a JKP assessment in progress
        editor_jkp = AssessmentWindow(services, jkp.id, lang, settings, executor)
        editor_jkp.resize(1280, 820)
        editor_jkp.show()
        shoot("02-editor-jkp.png", editor_jkp,
              lambda: editor_jkp.editor.focus_item("r1_1"))  # type: ignore[union-attr]

        # 3. the editor on FR.IA.01 with the K/BK panel (BK: two KUK not achieved)
        ia01 = stable_id("demo", "assessment", "ia01-siti")
        editor_ia = AssessmentWindow(services, ia01, lang, settings, executor)
        editor_ia.resize(1280, 820)
        editor_ia.show()
        shoot("03-editor-fr-ia-01.png", editor_ia,
              lambda: editor_ia.editor.focus_item("u1_e2_k1"))  # type: ignore[union-attr]

        # 4. the new-assessment dialog: JKP for an LPK, new visit in WITA
        dialog = NewAssessmentDialog(services, lang, window, "JKP.LPK.01")
        dialog.resize(760, 720)
        dialog.show()

        def fill_new() -> None:
            dialog.select_subject(stable_id("demo", "institution", "lpk_cipta"))
            form = dialog.use_new_visit()
            form.letter_no.setText("800/417/LATTAS-JKP/XI/2026")
            form.place.setText("Balikpapan")
            form.date.setDate(QDate(2026, 11, 24))
            form.start_time.setText("09.00")
            form.end_time.setText("15.30")
            form.set_timezone("WITA")

        shoot("04-penilaian-baru.png", dialog, fill_new)
        dialog.reject()

        # 5. the sign dialog with a drawn signature (the assessor signs FR.IA.01)
        detail = svc.detail(ia01)
        sign = SignDialog(services, detail, "asesor", lang, editor_ia)
        sign.resize(660, 560)
        sign.show()
        settle(app)
        shoot("05-tanda-tangan.png", sign, lambda: draw_signature(sign.pad))
        sign.reject()

        # 6. revision history: a signed and locked FR.IA.01 revised with a reason
        rizky = stable_id("demo", "assessment", "ia01-rizky")
        revised = svc.revise(rizky, "Koreksi catatan umpan balik setelah klarifikasi asesi")
        history = RevisionHistoryDialog(services, revised.id, lang, window)
        history.resize(1100, 500)
        history.show()
        history.table.selectRow(1)
        shoot("06-riwayat-revisi.png", history)
        history.reject()

        # 7. settings
        dlg = SettingsDialog(services, settings, lang, window)
        dlg.resize(700, dlg.sizeHint().height())
        dlg.show()
        shoot("07-pengaturan.png", dlg)
        dlg.reject()

        # 8. the other pages of the main window
        for n, name in ((0, "08-kunjungan.png"), (3, "09-asesi.png"), (4, "10-templat.png")):
            window.show_page(n)
            shoot(name, window)

        # 11-13. sync by file: Kirim hasil on the laptop, Impor and Dasbor at the office
        desk, office = office_shots(services, lang, shoot, executor, data)

        # 14. the in-app report preview of the FR.IA.01 (rendered, rasterised in memory)
        assert editor_ia.reports is not None
        editor_ia.reports.launcher.pdf_executor = executor
        editor_ia.reports.run_preview()
        preview = editor_ia.reports.launcher.dialog
        assert preview is not None
        preview.resize(1000, 820)
        shoot("14-pratinjau-laporan.png", preview)
        preview.reject()

        # 15. Alur sertifikasi of a competency visit (MUK 2023 instruments of a scheme)
        event_shots(services, lang, shoot, executor, settings)
        for w in (editor_jkp, editor_ia, window):
            w.close()
        desk.close()  # type: ignore[attr-defined]
        office.close(clean=True)  # type: ignore[attr-defined]
    finally:
        services.close(clean=True)
    for name, size in shots:
        print(f"{out / name}  {size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
