"""Installing a certification scheme from the Templat page ("Impor skema…", issue 11): the
import runs on the executor as a write that changes the templates, the page says what it
did (installed / already installed / a new version), and the lists follow from the
store-change bus. A bad file names its file and line and installs nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from assessor_app.ui.main_window import PAGE_TEMPLATES
from assessor_app.ui.tasks import TEMPLATES, SyncExecutor, store_events
from assessor_app.ui.views.registry_pages import TemplatesPage
from tests.gui.conftest import OpenMainWindow
from tests.helpers import SCHEMES

UI_NUMBER = "SKM/LSP-P2-BLKTM/003/2024"
UI_SLUG = "J620100.005.02"
AK02 = f"FR.AK.02.{UI_SLUG}"
IA05 = f"FR.IA.05.{UI_SLUG}"


def copy_scheme(where: Path, stem: str = "pemrograman-ui") -> Path:
    """A shipped YAML scheme with its CSV files and logo, copied into ``where``."""
    where.mkdir(parents=True, exist_ok=True)
    for f in SCHEMES.glob(f"{stem}*"):
        shutil.copy2(f, where / f.name)
    shutil.copy2(SCHEMES / "logo-lsp-tirtamulya.png", where)
    return where / f"{stem}.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def page(qtbot: Any, services: Any) -> Iterator[TemplatesPage]:
    page = TemplatesPage(services, "id", None, SyncExecutor())
    qtbot.addWidget(page)
    page.resize(1024, 560)
    page.show()  # a hidden page does not refresh from the bus
    qtbot.waitExposed(page)
    yield page


def template_versions(page: TemplatesPage) -> dict[str, str]:
    """Code -> version of the rows the templates list shows."""
    model = page.model
    return {model.row_at(r).code: model.row_at(r).version for r in range(model.rowCount())}


def import_and_wait(qtbot: Any, page: TemplatesPage, path: Path) -> Any:
    with qtbot.waitSignal(page.scheme_imported) as done:
        page.import_scheme(path)
    assert page.last_box is not None and page.last_box.isVisible()
    page.last_box.close()
    return done.args[0]


def test_import_installs_then_finds_then_adds_a_version(qtbot: Any, services: Any,
                                                        page: TemplatesPage,
                                                        tmp_path: Path) -> None:
    assert services.schemes.schemes() == []
    assert page.no_schemes.isVisibleTo(page) and not page.scheme_table.isVisibleTo(page)
    assert AK02 not in template_versions(page)
    path = copy_scheme(tmp_path / "skema")

    # installed: 16 instruments become templates; the lists follow from the bus
    with qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: TEMPLATES in t):
        first = import_and_wait(qtbot, page, path)
    assert first.status == "installed" and first.version == "2026.1"
    lines = [line for line in page.last_text.splitlines() if line]
    assert lines[0] == (f"Skema {UI_NUMBER} ({UI_SLUG}) terpasang sebagai versi 2026.1: "
                        "1 unit, 9 KUK.")
    assert lines[1] == "Klaster Pemrograman Antarmuka Pengguna [Klaster II]"
    assert lines[2].startswith("16 instrumen MUK versi 2026.1 tersedia sebagai templat: "
                               "FR.APL.01, FR.APL.02, ")
    assert "FR.IA.05" in lines[2] and "FR.AK.02" in lines[2]
    qtbot.waitUntil(lambda: template_versions(page).get(AK02) == "2026.1")
    assert template_versions(page)[IA05] == "2026.1"
    qtbot.waitUntil(lambda: page.scheme_model.rowCount() == 1)
    assert page.scheme_table.isVisibleTo(page) and not page.no_schemes.isVisibleTo(page)
    assert [page.scheme_model.text(0, c) for c in range(5)] == [
        UI_NUMBER, "Klaster Pemrograman Antarmuka Pengguna", "Klaster II", "2026.1",
        "LSP P2 BLK Tirtamulya"]
    old_ak02 = services.templates.get(first.instruments[10].template_id)
    assert old_ak02.code == AK02

    # the same file again: nothing changes
    again = import_and_wait(qtbot, page, path)
    assert again.status == "already_installed"
    assert page.last_text.splitlines()[0] == (
        f"Skema {UI_NUMBER} ({UI_SLUG}) versi 2026.1 sudah terpasang; tidak ada yang "
        "berubah.")

    # changed content, same declared version: a new version beside the old one
    edit(path.with_suffix(".csv"), "Rancangan user interface diidentifikasi sesuai kebutuhan.",
         "Rancangan user interface diidentifikasi sesuai kebutuhan pengguna.")
    newer = import_and_wait(qtbot, page, path)
    assert newer.status == "new_version" and newer.version == "2026.1-2"
    assert page.last_text.splitlines()[0] == (
        f"Isi skema {UI_NUMBER} ({UI_SLUG}) berbeda dengan versi 2026.1 yang sudah "
        "terpasang: dipasang sebagai versi baru 2026.1-2, 1 unit, 9 KUK. Versi lama dan "
        "asesmen yang memakainya tidak diubah.")
    assert "16 instrumen MUK versi 2026.1-2" in page.last_text
    qtbot.waitUntil(lambda: template_versions(page).get(AK02) == "2026.1-2")
    qtbot.waitUntil(lambda: page.scheme_model.text(0, 3) == "2026.1, 2026.1-2")
    assert page.scheme_model.rowCount() == 1
    # the old version stays installed as it was
    installed = {(t.code, t.version): t.id for t in services.templates.rows()}
    assert installed[(AK02, "2026.1")] == first.instruments[10].template_id
    assert services.templates.get(installed[(AK02, "2026.1")]).sha256 == old_ak02.sha256

    # another declared version: installed under it
    edit(path, 'version: "2026.1"', 'version: "2027.1"')
    later = import_and_wait(qtbot, page, path)
    assert (later.status, later.version) == ("installed", "2027.1")
    qtbot.waitUntil(lambda: template_versions(page).get(AK02) == "2027.1")
    qtbot.waitUntil(lambda: page.scheme_model.text(0, 3) == "2026.1, 2026.1-2, 2027.1")


@pytest.mark.parametrize(("broken", "where", "reason"), [
    ("duplicate_kuk", ("pemrograman-ui.csv", 11),
     "unit J.620100.005.02 elemen 1: KUK 1.1 sudah ada di baris 2"),
    ("kuk_removed", ("pemrograman-ui-pertanyaan.csv", 2),
     "unit J.620100.005.02 tidak memiliki KUK 1.2"),
])
def test_a_broken_scheme_names_file_and_line_and_installs_nothing(
        qtbot: Any, services: Any, page: TemplatesPage, tmp_path: Path, broken: str,
        where: tuple[str, int], reason: str) -> None:
    path = copy_scheme(tmp_path / "skema")
    units = path.with_suffix(".csv")
    rows = units.read_text(encoding="utf-8").splitlines(keepends=True)
    if broken == "duplicate_kuk":  # the first KUK written twice, as the last row
        units.write_text("".join([*rows, rows[1]]), encoding="utf-8")
    else:  # KUK 1.2 removed: the questions that name it point at nothing
        units.write_text("".join(r for r in rows if ",1.2," not in r), encoding="utf-8")
    before = services.templates.rows()
    announced: list[frozenset[str]] = []
    store_events().changed.connect(announced.append)
    try:
        with qtbot.waitSignal(page.import_failed) as failed:
            page.import_scheme(path)
    finally:
        store_events().changed.disconnect(announced.append)
    file, line = where
    text = failed.args[0]
    assert text == page.last_text
    assert text.splitlines()[0] == "Skema tidak dipasang; tidak ada yang berubah."
    assert text.splitlines()[-1] == (f"{path.parent / file}:{line}: data skema tidak valid: "
                                     f"{reason}")
    assert page.last_box is not None and page.last_box.isVisible()
    assert page.last_box.icon() == page.last_box.Icon.Warning
    page.last_box.close()
    assert announced == []  # nothing changed: no list refreshes
    assert services.templates.rows() == before
    assert services.schemes.schemes() == []
    assert not any(services.paths.schemes_dir.glob("*/*"))
    assert page.scheme_model.rowCount() == 0 and page.no_schemes.isVisibleTo(page)
    assert page.import_button.isEnabled()


def test_import_from_the_file_menu_asks_for_the_file(qtbot: Any, services: Any,
                                                     open_main_window: OpenMainWindow,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Berkas → Impor skema sertifikasi…: the Templat page, the file dialog (replaced
    here), the import on the window's executor; cancelling the dialog does nothing."""
    window = open_main_window(services)
    page = window.templates_page
    assert page.executor is window.executor
    asked: list[Path | None] = [None]
    monkeypatch.setattr(page, "ask_scheme_file", lambda: asked.pop())
    window.scheme_action.trigger()  # cancelled
    assert window.current_page() == PAGE_TEMPLATES
    assert page.last_box is None and services.schemes.schemes() == []

    path = copy_scheme(tmp_path / "skema", "pengelasan-pipa")
    asked.append(path)
    with qtbot.waitSignal(page.scheme_imported):
        window.scheme_action.trigger()
    assert page.last_text.startswith("Skema SKM/LSP-P2-BLKTM/011/2024 (JIP.SM02.016.01) "
                                     "terpasang sebagai versi 2026.1")
    assert page.last_box is not None
    page.last_box.close()
    qtbot.waitUntil(lambda: "FR.AK.02.JIP.SM02.016.01" in template_versions(page))
    qtbot.waitUntil(lambda: page.scheme_model.rowCount() == 1)
    assert page.scheme_model.text(0, 2) == "Okupasi III"
    # the assessment list's template filter learns the new templates from the bus too
    filters = window.assessments_page.template_filter
    qtbot.waitUntil(lambda: filters.findData("FR.AK.02.JIP.SM02.016.01") > 0)


def test_the_page_and_its_messages_in_english(qtbot: Any, services: Any, english: None,
                                              tmp_path: Path) -> None:
    page = TemplatesPage(services, "en", None, SyncExecutor())
    qtbot.addWidget(page)
    page.show()
    assert page.import_button.text() == "&Import scheme…"
    assert page.no_schemes.text().startswith("No certification scheme installed yet.")
    path = copy_scheme(tmp_path / "skema")
    import_and_wait(qtbot, page, path)
    lines = page.last_text.splitlines()
    assert lines[:3] == [
        f"Scheme {UI_NUMBER} ({UI_SLUG}) installed as version 2026.1: 1 units, 9 KUK.", "",
        "User Interface Programming Cluster [Klaster II]"]
    assert lines[3].startswith(
        "16 MUK instruments of version 2026.1 available as templates: FR.APL.01, ")
    qtbot.waitUntil(lambda: page.scheme_model.rowCount() == 1)
    assert page.scheme_model.headerData(0, Qt.Orientation.Horizontal) == "Scheme number"
    assert page.scheme_model.text(0, 1) == "User Interface Programming Cluster"


# ------------------------------------------------------------------ XLSForm (issue 14)


def test_xlsform_import_button_installs_and_lists_per_cell(qtbot: Any, page: TemplatesPage,
                                                          tmp_path: Path) -> None:
    from tests.unit.test_xlsform import YN, book, group

    assert page.xlsform_button.isVisible() and page.xlsform_button.text() == "Impor &XLSForm…"
    bad = book(tmp_path, [["type", "name", "label"], *group(["range", "r", "R"])],
               name="rusak.xlsx")
    with qtbot.waitSignal(page.import_failed):
        page.import_xlsform(bad)
    assert page.last_text.splitlines()[2] == "rusak.xlsx:survey!A3: jenis 'range' tidak " \
                                             "didukung templat"
    assert "UJI.XLS" not in template_versions(page)
    page.last_box.close()  # type: ignore[union-attr]

    good = book(tmp_path, [["type", "name", "label", "appearance"],
                           *group(["select_one yn", "ada", "Ada?", "field-list"])], YN)
    with qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: TEMPLATES in t), \
            qtbot.waitSignal(page.xlsform_imported):
        page.import_xlsform(good)
    assert page.last_text.splitlines() == [
        "Templat UJI.XLS versi 1 terpasang.", "", "Peringatan (templat tetap terpasang):",
        "FORM.xlsx:survey!D3: tampilan 'field-list' hanya tata letak; diabaikan"]
    qtbot.waitUntil(lambda: template_versions(page).get("UJI.XLS") == "1")
