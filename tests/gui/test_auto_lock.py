# mypy: disable-error-code="union-attr,attr-defined"
"""Auto-lock (issue 13, RELIABILITY section 4): after N idle minutes (setting, default 10)
every window of an encrypted store is covered and the passphrase is asked again; nothing
typed is lost. The idle clock is injected (``IdleLock.clock``) and the check is called
directly: no sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import Services
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from tests.helpers import memory_keyring, opened

NAME = "LPK Rahasia Kunci"


@pytest.fixture()
def laptop(encrypted: str, tmp_path: Path) -> Iterator[Services]:
    with opened(AppPaths(tmp_path / "enc")) as services:
        yield services


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


def _window(qtbot: Any, services: Services, tmp_path: Path, clock: Clock,
            minutes: int | None = None) -> MainWindow:
    settings = AppSettings(tmp_path / "s.ini")
    if minutes is not None:
        settings.auto_lock_minutes = minutes
    window = MainWindow(services, "id", settings=settings, executor=SyncExecutor())
    qtbot.addWidget(window)
    assert window.idle_lock is not None
    window.idle_lock.clock = clock
    window.idle_lock.touch()
    window.show()
    qtbot.waitExposed(window)
    return window


def _unlock(qtbot: Any, window: MainWindow, passphrase: str) -> None:
    dialog = window.idle_lock.dialog
    dialog.passphrase.setText(passphrase)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.locked


def _jkp(services: Services) -> str:
    inst = services.registry.add_institution(NAME, status="swasta")
    return str(services.assessments.create("JKP.LPK.01", institution_id=inst.id).id)


def _stored(services: Services, rid: str, item: str) -> str:
    return str(services.assessments.answers(rid).value(item, ""))


def test_idle_windows_are_covered_typed_text_is_saved_and_the_passphrase_asked(
        qtbot: Any, laptop: Services, tmp_path: Path, clock: Clock, encrypted: str) -> None:
    window = _window(qtbot, laptop, tmp_path, clock)
    idle = window.idle_lock
    assert idle.minutes == 10  # the default
    rid = _jkp(laptop)
    editor_window = window.open_assessment(rid)
    qtbot.addWidget(editor_window)
    editor = editor_window.editor
    qtbot.waitUntil(lambda: editor.template is not None)
    field = editor.item_widget("vin").control.focus_target()
    editor.item_widget("vin").focus_control()
    qtbot.keyClicks(field, "3273.0412.2019")  # still in the 300 ms debounce
    assert _stored(laptop, rid, "vin") == ""

    title = editor_window.windowTitle()
    assert NAME in title  # what the lock must not leave in the taskbar
    clock.now += 9 * 60 + 59
    idle.check()
    assert not idle.locked
    clock.now += 1
    idle.check()
    assert idle.locked
    # the text being typed was saved before the windows were covered, and is still there
    assert _stored(laptop, rid, "vin") == "3273.0412.2019"
    assert field.text() == "3273.0412.2019"
    covered = idle.covered_windows()
    assert window in covered and editor_window in covered
    for w in covered:
        cover = idle.cover_of(w)
        assert cover.isVisible() and cover.geometry() == w.rect()
        assert NAME not in w.windowTitle()  # nothing personal in the title or taskbar
    dialog = idle.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    window.grab().save(str(tmp_path / "locked.png"))

    dialog.passphrase.setText("bukan kata sandinya")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert idle.locked and "salah" in dialog.error.text()
    assert dialog.passphrase.text() == ""
    dialog.reject()  # Esc does not unlock
    assert idle.locked and dialog.isVisible()

    dialog.passphrase.setText(encrypted)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not idle.locked and not dialog.isVisible()
    assert idle.covered_windows() == []
    assert editor_window.windowTitle() == title
    assert field.text() == "3273.0412.2019"
    idle.check()  # the idle time starts again from the unlock
    assert not idle.locked


def test_activity_keeps_it_open_and_zero_never_locks(
        qtbot: Any, laptop: Services, tmp_path: Path, clock: Clock) -> None:
    window = _window(qtbot, laptop, tmp_path, clock)
    idle = window.idle_lock
    for _ in range(3):
        clock.now += 6 * 60
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)  # someone is working
        idle.check()
        assert not idle.locked
    idle.set_minutes(0)
    clock.now += 24 * 3600
    idle.check()
    assert not idle.locked


def test_the_setting_is_saved_and_applied(
        qtbot: Any, laptop: Services, tmp_path: Path, clock: Clock, encrypted: str) -> None:
    laptop.registry.add_assessor("Budi Santoso", is_self=True)
    window = _window(qtbot, laptop, tmp_path, clock)
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    assert dialog.auto_lock.value() == 10 and dialog.auto_lock.isEnabled()
    dialog.auto_lock.setValue(3)
    dialog.accept()
    qtbot.waitUntil(lambda: window.settings.auto_lock_minutes == 3)
    qtbot.waitUntil(lambda: window.idle_lock.minutes == 3)
    clock.now += 3 * 60
    window.idle_lock.check()
    assert window.idle_lock.locked
    _unlock(qtbot, window, encrypted)


def test_a_window_that_opens_while_locked_is_covered_too(
        qtbot: Any, laptop: Services, tmp_path: Path, clock: Clock, encrypted: str) -> None:
    window = _window(qtbot, laptop, tmp_path, clock, minutes=1)
    clock.now += 61
    window.idle_lock.check()
    assert window.idle_lock.locked
    box = QMessageBox(QMessageBox.Icon.Information, "Laporan", f"Selesai: {NAME}")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitUntil(lambda: box in window.idle_lock.covered_windows())
    assert window.idle_lock.cover_of(box).isVisible()
    _unlock(qtbot, window, encrypted)
    assert box.isVisible() and window.idle_lock.covered_windows() == []


def test_the_keyring_copy_is_dropped_while_locked(
        qtbot: Any, laptop: Services, tmp_path: Path, clock: Clock, encrypted: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With "Ingat di komputer ini" a restart opens without the passphrase: while locked
    the keyring copy is taken away (a stranger cannot just restart the app), and put back
    once the right passphrase is typed."""
    from assessor_app.core import keys

    store = memory_keyring(monkeypatch)
    key = laptop.store.key
    assert key is not None and keys.keyring_store(keys.key_id_of(key), key)
    window = _window(qtbot, laptop, tmp_path, clock, minutes=1)
    clock.now += 60
    window.idle_lock.check()
    assert window.idle_lock.locked and store == {}
    _unlock(qtbot, window, encrypted)
    assert len(store) == 1


def test_a_plain_store_has_no_auto_lock(qtbot: Any, services: Any, tmp_path: Path) -> None:
    window = MainWindow(services, "id", settings=AppSettings(tmp_path / "s.ini"),
                        executor=SyncExecutor())
    qtbot.addWidget(window)
    assert window.idle_lock is None
    assert QApplication.instance() is not None
