# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""Start-up after trouble: the recovery summary lists the recovered drafts by subject and
template; a damaged database is restored from the newest verified backup, the damaged
file kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from assessor_app.paths import AppPaths, forms_dir
from assessor_app.services.runtime import open_services
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.startup import CorruptDatabaseDialog
from tests.helpers import corrupt_table_page  # breaks the institution table's first page

REPO = Path(__file__).resolve().parents[2]
LOCK_WRITER = """
import sys
from pathlib import Path
from assessor_app.storage.session_lock import SessionLock
Path(sys.argv[1]).unlink(missing_ok=True)
SessionLock(Path(sys.argv[1])).acquire()  # and exit without release(), like a crash
"""


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_recovery_summary_lists_the_recovered_drafts(qtbot: Any, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "d")
    first = open_services(paths)
    # The session's lock now names a process that died: the exit was unclean.
    subprocess.run([sys.executable, "-c", LOCK_WRITER, str(paths.lock_path)], check=True,
                   cwd=REPO)
    inst = first.registry.add_institution("LPK Maju Bersama", city="Makassar")
    person = first.registry.add_assessee("Andi Pratama", nik="7371010101990001")
    jkp = first.assessments.create("JKP.LPK.01", institution_id=inst.id)
    first.assessments.answer(jkp.id, "r1_1", "m")
    first.schemes.ensure_shipped(forms_dir() / "schemes")
    ak01 = first.assessments.create(
        first.certification.scheme("SKM/LSP-P2-BLKTM/003/2024").ids["FR.AK.01"],
        assessee_id=person.id)
    first.store.engine.dispose()

    second = open_services(paths)
    try:
        assert second.store.startup.unclean_exit is not None
        window = MainWindow(second, "id", executor=SyncExecutor())
        qtbot.addWidget(window)
        window.show()
        dialog = window.show_recovery(second.recovered)
        assert dialog.isVisible()
        assert sorted(dialog.subjects()) == ["Andi Pratama", "LPK Maju Bersama"]
        def cell(r: int, c: int) -> str:
            item = dialog.table.item(r, c)
            assert item is not None
            return item.text()

        templates = {cell(r, 0): cell(r, 1) for r in range(dialog.table.rowCount())}
        assert templates["LPK Maju Bersama"] == \
            "Kesiapan LPK Calon Mitra Pelatihan JKP (JKP.LPK.01)"
        assert templates["Andi Pratama"].endswith("(FR.AK.01.J620100.005.02)")
        assert "2 penilaian yang sedang berjalan dipulihkan" in dialog.intro.text()
        # issue 12: the most recently changed draft leads and is the one selected (it was
        # the wrong one); each row says which answer was saved last
        assert dialog.subjects() == ["Andi Pratama", "LPK Maju Bersama"]
        assert dialog.table.currentRow() == 0
        row = next(r for r in range(dialog.table.rowCount())
                   if cell(r, 0) == "LPK Maju Bersama")
        label = second.assessments.detail(jkp.id).template.item("r1_1").label.get("id")
        assert label and cell(row, 2) == " ".join(label.split())
        # "Buka" opens it at that answer, not at the top (issue 12)
        dialog.table.selectRow(row)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: jkp.assessment_id in window.windows)
        opened = window.windows[jkp.assessment_id]
        assert opened.revision_id == jkp.id
        qtbot.waitUntil(lambda: getattr(opened.editor, "_cursor", None) == ("r1_1", ""))
        target = opened.editor.item_widget("r1_1")
        assert target is not None and target.isVisible()
        assert second.assessments.answers(jkp.id).value("r1_1") == "m"
        assert ak01.id in {r.id for r in second.recovered}
        window.close()
    finally:
        second.close()


@pytest.mark.allow_log("ERROR", "assessor_app.app", r"database failed its integrity check")
@pytest.mark.allow_log("WARNING", "assessor_app.services.maintenance",
                       r"backup \S+ skipped: restore\.corrupt")
@pytest.mark.allow_log("WARNING", "assessor_app.storage.backup", r"damaged database kept as")
@pytest.mark.allow_log("WARNING", "assessor_app.app", r"restored \S+; damaged database kept as")
def test_damaged_database_is_restored_from_the_newest_verified_backup(
        qtbot: Any, tmp_path: Path) -> None:
    from assessor_app.app import open_services_interactive

    paths = AppPaths(tmp_path / "d")
    services = open_services(paths)
    services.registry.add_institution("LPK Sebelum Rusak")
    good = services.maintenance.backup(reason="manual")
    services.close(clean=True)
    # a newer backup that is itself damaged must be skipped
    bad = good.with_name(good.name.replace(".db", "-1.db"))
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    corrupt_table_page(paths.db_path)

    shown: list[CorruptDatabaseDialog] = []

    def ask(dialog: CorruptDatabaseDialog) -> bool:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return True

    restored, source = open_services_interactive(paths, tmp_path / "app.log", "id", ask=ask)
    assert restored is not None and source == good
    try:
        [dialog] = shown
        text = dialog.message.text()
        assert good.name in text and "tidak dihapus" in text
        assert dialog.restore_button is not None
        assert [i.name for i in restored.registry.institutions()] == ["LPK Sebelum Rusak"]
        # the damaged database was kept in the backup folder, nothing deleted
        kept = [p.name for p in paths.backup_dir.iterdir()
                if p.name.startswith(("salvage-", "backup-")) and p != good and p != bad]
        assert kept, "the damaged database must be kept"
    finally:
        restored.close()


@pytest.mark.allow_log("ERROR", "assessor_app.app", r"database failed its integrity check")
def test_damaged_database_without_a_backup_is_explained(qtbot: Any, tmp_path: Path) -> None:
    from assessor_app.app import open_services_interactive

    paths = AppPaths(tmp_path / "d")
    services = open_services(paths)
    services.close(clean=True)
    for p in paths.backup_dir.iterdir():
        p.unlink()
    corrupt_table_page(paths.db_path)
    before = paths.db_path.read_bytes()
    shown: list[CorruptDatabaseDialog] = []

    def ask(dialog: CorruptDatabaseDialog) -> bool:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return False

    restored, source = open_services_interactive(paths, None, "id", ask=ask)
    assert restored is None and source is None
    assert shown[0].restore_button is None
    assert paths.db_path.read_bytes() == before  # never touched


@pytest.mark.allow_log("CRITICAL", "assessor_app.ui.errors", r"unhandled exception")
@pytest.mark.allow_log("ERROR", "assessor_app.ui.errors", r"unexpected error")
def test_excepthook_plain_message_for_user_errors_crash_dialog_for_bugs(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from assessor_app.core.errors import StorageError
    from assessor_app.ui.errors import CrashDialog, install_excepthook

    previous = install_excepthook("id")
    try:
        err = StorageError("disk.full", path="/data")
        sys.excepthook(type(err), err, None)
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes and "disk penuh" in boxes[-1].text()
        for box in boxes:
            box.close()
        try:
            raise RuntimeError("a bug")
        except RuntimeError as bug:
            sys.excepthook(RuntimeError, bug, bug.__traceback__)
        crashes = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, CrashDialog) and w.isVisible()]
        assert crashes and "RuntimeError: a bug" in crashes[-1].details
        for dialog in crashes:
            dialog.close()
    finally:
        sys.excepthook = previous
