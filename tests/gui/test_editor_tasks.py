"""The background operation helper (ui/tasks.py) and the error dialogs (ui/errors.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from assessor_app.core.errors import StorageError
from assessor_app.ui.errors import (
    CrashDialog,
    describe_error,
    show_error,
)
from assessor_app.ui.tasks import (
    CancelToken,
    Op,
    OpCancelled,
    SyncExecutor,
    ThreadExecutor,
    db_lane,
)
from tests.gui.conftest import host


def test_sync_executor_runs_inline(qtbot: Any) -> None:
    parent = host(qtbot)
    got: list[Any] = []
    ex = SyncExecutor()
    Op(parent, lambda: 21 * 2, executor=ex).success(got.append).run()
    assert got == [42] and ex.submitted == 1
    errors: list[BaseException] = []
    done: list[bool] = []
    Op(parent, lambda: 1 / 0, executor=ex).failure(errors.append) \
        .finished(lambda: done.append(True)).run()
    assert isinstance(errors[0], ZeroDivisionError) and done == [True]


def test_serial_lane_runs_in_order_off_the_gui_thread(qtbot: Any) -> None:
    parent = host(qtbot)
    lane = db_lane()
    assert lane is db_lane()  # one lane per application
    gui = threading.get_ident()
    ran_on: list[int] = []
    delivered_on: list[int] = []
    order: list[int] = []
    release = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            release.wait(5)  # the first task holds the lane: the others must queue behind it
        ran_on.append(threading.get_ident())
        order.append(n)
        return n

    results: list[int] = []

    def got(n: int) -> None:
        delivered_on.append(threading.get_ident())
        results.append(n)

    for n in range(5):
        Op(parent, lambda n=n: work(n), executor=lane).success(got).run()
    assert results == []  # nothing is delivered synchronously
    release.set()
    qtbot.waitUntil(lambda: len(results) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4] and results == [0, 1, 2, 3, 4]
    assert all(t != gui for t in ran_on)
    assert all(t == gui for t in delivered_on)
    assert not lane.busy


def test_progress_dialog_only_after_the_delay_and_cancel(qtbot: Any) -> None:
    parent = host(qtbot)
    parent.show()
    pool = ThreadExecutor(2, parent)
    started = threading.Event()
    failures: list[BaseException] = []
    finished: list[bool] = []

    def slow(token: CancelToken) -> str:
        started.set()
        while not token.cancelled:
            threading.Event().wait(0.01)
        token.raise_if_cancelled()
        return "never"

    op = Op(parent, slow, executor=pool).with_progress("Membuat PDF…", delay_ms=100) \
        .failure(failures.append).finished(lambda: finished.append(True))
    op.run()
    assert started.wait(5)
    assert op.progress_dialog is None  # not before the delay
    qtbot.waitUntil(lambda: op.progress_dialog is not None, timeout=3000)
    dialog = op.progress_dialog
    assert dialog is not None and dialog.isVisible() and dialog.labelText() == "Membuat PDF…"
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Batal"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished == [True], timeout=3000)
    assert failures == []  # a cancelled operation is not an error
    assert op.progress_dialog is None

    # quick work never shows a dialog
    quick = Op(parent, lambda: "ok", executor=pool).with_progress("Cepat", delay_ms=300)
    quick.run()
    qtbot.waitUntil(lambda: not pool.busy, timeout=3000)
    assert quick.progress_dialog is None


def test_cancel_token_from_the_worker() -> None:
    token = CancelToken()
    token.raise_if_cancelled()
    token.cancel()
    try:
        token.raise_if_cancelled()
    except OpCancelled:
        pass
    else:  # pragma: no cover
        raise AssertionError("not cancelled")


def test_default_failure_shows_a_plain_message_for_user_errors(qtbot: Any) -> None:
    parent = host(qtbot)
    parent.show()

    def full() -> None:
        raise StorageError("disk.full", path="/data")

    Op(parent, full, executor=SyncExecutor(), lang="id").run()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and boxes[-1].text() == "disk penuh: /data"
    boxes[-1].close()


@pytest.mark.allow_log("ERROR", "assessor_app.ui.errors", r"unexpected error")
def test_bug_gets_the_crash_dialog_with_log_path_and_copy(qtbot: Any, tmp_path: Any) -> None:
    import logging
    import logging.handlers

    handler = logging.handlers.RotatingFileHandler(tmp_path / "assessor-app.log",
                                                   encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        parent = host(qtbot)
        try:
            raise KeyError("rusak")
        except KeyError as exc:
            dialog = show_error(parent, exc, "id")
        assert isinstance(dialog, CrashDialog)  # a child of parent: closed with it
        assert str(tmp_path / "assessor-app.log") in dialog.log_label.text()
        assert "KeyError" in dialog.details and "Traceback" in dialog.details
        dialog.copy_button.click()
        assert QApplication.clipboard().text() == dialog.details
        assert dialog.status.text() == "Rincian disalin ke papan klip."
        handler.flush()
        assert "unexpected error" in (tmp_path / "assessor-app.log").read_text()
        dialog.close()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_describe_error_uses_the_template_language_for_constraints() -> None:
    from assessor_app.core.errors import InvalidValueError

    exc = InvalidValueError("value.constraint", item="x", message="Isi 0 sampai 60",
                            message_en="Enter 0 to 60")
    assert describe_error(exc, "id") == "Isi 0 sampai 60"
    assert describe_error(exc, "en") == "Enter 0 to 60"
    bare = InvalidValueError("value.constraint", item="x", message="", message_en="")
    assert describe_error(bare, "en") == "the value breaks a constraint"
    assert describe_error(RuntimeError("x"), "en") == "unexpected error (RuntimeError)"
