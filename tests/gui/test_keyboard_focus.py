# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""Keyboard focus (issue 12): Tab leaves the list's date filters instead of walking their
day/month/year sections (or doing nothing on "—"); links and link-style buttons are Tab
stops and show a focus frame."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QWidget

from assessor_app.services.demo import seed_demo
from assessor_app.services.templates import stable_id
from assessor_app.ui.focus import LinkLabel
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow
from tests.gui.conftest import OpenMainWindow


def tab(qtbot: Any, widget: QWidget, back: bool = False) -> None:
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    mods = Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(QApplication.focusWidget() or widget, key, mods)


@pytest.mark.parametrize("dated", [False, True], ids=["empty", "dated"])
def test_tab_leaves_the_date_filter(qtbot: Any, services: Any,
                                    open_main_window: OpenMainWindow, dated: bool) -> None:
    window = open_main_window(services)
    window.activateWindow()
    qtbot.waitActive(window)
    page = window.assessments_page
    if dated:
        page.date_from.setDate(QDate(2026, 11, 1))
        page.date_to.setDate(QDate(2026, 11, 30))
    page.date_from.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(page.date_from.hasFocus)
    tab(qtbot, window)
    qtbot.waitUntil(page.date_to.hasFocus)
    tab(qtbot, window)
    qtbot.waitUntil(page.reset_button.hasFocus)
    tab(qtbot, window, back=True)
    qtbot.waitUntil(page.date_to.hasFocus)
    tab(qtbot, window, back=True)
    qtbot.waitUntil(page.date_from.hasFocus)
    if dated:  # the arrows still move between day, month and year
        edit: QDateEdit = page.date_from
        edit.setCurrentSectionIndex(0)
        QTest.keyClick(edit, Qt.Key.Key_Right)
        QTest.keyClick(edit, Qt.Key.Key_Right)
        QTest.keyClick(edit, Qt.Key.Key_Right)
        assert edit.currentSectionIndex() > 0
        assert edit.hasFocus()


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def tab_onto(qtbot: Any, target: QWidget) -> None:
    """Focus the Tab stop before ``target`` and press Tab."""
    before = target.previousInFocusChain()
    while not (before.focusPolicy() & Qt.FocusPolicy.TabFocus and before.isVisible()
               and before.isEnabled()):
        before = before.previousInFocusChain()
    before.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(before.hasFocus)
    QTest.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(target.hasFocus)


def open_editor(qtbot: Any, services: Any, key: str) -> AssessmentWindow:
    window = AssessmentWindow(services, stable_id("demo", "assessment", key), "id", None,
                              SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def test_result_links_take_tab_and_show_focus(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    # Siti's FR.IA.01: two KUK not achieved, listed as links in the result panel
    window = open_editor(qtbot, services, "ia01-siti")
    panel = window.editor.score_panel
    assert panel is not None
    # on the 800 px test screen the panel is folded away: its button shows it
    qtbot.mouseClick(window.editor.score_toggle, Qt.MouseButton.LeftButton)
    assert window.editor.score_scroll.isVisible()
    linked = [label for label in panel.findChildren(LinkLabel)
              if "<a " in label.text() and label.isVisible()]
    assert linked, "no link in the result panel"
    label = linked[0]
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    unfocused = grab(label)
    tab_onto(qtbot, label)
    assert grab(label) != unfocused  # a visible frame, not only a dotted text rectangle


def test_link_buttons_take_tab_and_show_focus(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    window = open_editor(qtbot, services, "ia01-dewi")  # a draft: "Catatan" on each KUK
    editor = window.editor
    name = list(editor._pages)[1]  # the first unit's page
    assert editor._show_page(name, force=True)
    qtbot.waitUntil(lambda: name not in editor._builders)
    page = editor.pages.currentWidget()
    buttons = [b for b in page.findChildren(QWidget, "linkButton") if b.isVisible()]
    assert buttons
    button = buttons[0]
    unfocused = grab(button)
    tab_onto(qtbot, button)
    assert grab(button) != unfocused
