"""One widget per item type, and the item card around it.

Controls are dumb: they show a value and say when the user changed it. Three signals tell
the editor *how* to save (RELIABILITY D-1):

- ``edited(raw)``    a choice, a checkbox, a date picked: save at once;
- ``typed(raw)``     a keystroke: save after the debounce (≤ 300 ms);
- ``committed(raw)`` focus left the field or Enter: flush now.

Choice controls are one Tab stop each; the number keys 1..n pick option n of the focused
item, Delete/Backspace/0 clears it, and the arrow keys move between options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QMimeData,
    QObject,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.template import ORIGIN_APP, Item, ItemType, ResponseSet, Template
from assessor_app.i18n import _
from assessor_app.services.assessments import Evidence
from assessor_app.services.form_view import ItemView
from assessor_app.ui.editor.evidence import EvidencePanel
from assessor_app.ui.flow_layout import FlowLayout
from assessor_app.ui.focus import DateEdit, DateTimeEdit, TimeEdit, wheel_needs_focus

B = TypeVar("B", bound=QAbstractButton)

_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


def prefill_tip(with_name: bool = False) -> str:
    """What a value the app filled in, not yet changed, is (``Answers.prefilled``): the
    badge's tooltip, and a repeat table cell's (``with_name``: the badge's words first)."""
    tip = _("Diisi aplikasi (dari data kunjungan, registri, templat atau formulir lain "
            "dari kunjungan ini) dan belum diubah. Periksa; tanda ini hilang setelah "
            "jawabannya diubah.")
    return f"{_('Terisi otomatis')}: {tip}" if with_name else tip


class ValueControl(QWidget):
    """Base of every input control."""

    edited = Signal(str)
    typed = Signal(str)
    committed = Signal(str)
    step = Signal(int)  # Up/Down on a choice: go to the previous/next item (never answer)

    def value(self) -> str:
        return ""

    def set_value(self, value: str) -> None:
        """Show ``value`` without emitting anything."""

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        return self

    def pick(self, n: int) -> bool:
        """Number key ``n`` (1-based) was pressed on this item; True when handled."""
        return False

    def set_offered(self, offered: tuple[str, ...] | None) -> None:
        """Show only the options a ``choice_filter`` offers (None: all), and any chosen
        one it no longer offers (flagged by the card, kept until the user changes it)."""


# ----------------------------------------------------------------- choices


def _tone(rs: ResponseSet, value: str) -> str:
    opt = rs.option(value)
    if opt is None or not rs.scored:
        return "plain"
    if opt.na:
        return "na"
    return "pass" if rs.is_pass(opt) else "fail"


class _ChoiceBase(ValueControl):
    """Common keyboard handling for button, radio and checkbox groups."""

    def __init__(self, rs: ResponseSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rs = rs
        self.lang = lang
        self.values = [o.value for o in rs.options]  # those shown, in order (number keys)
        self._offered: tuple[str, ...] | None = None
        self._current = ""
        self._buttons: list[QAbstractButton] = []
        self._cursor = -1  # the option Space answers with; Left/Right move it
        self.setObjectName("choice")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setToolTip(_(
            "Tekan angka 1–{n} untuk memilih (atau panah kiri/kanan lalu Spasi), Delete "
            "untuk mengosongkan; panah atas/bawah ke butir lain").format(
            n=len(self.values)))

    def value(self) -> str:
        return self._current

    def _options(self, layout: QLayout, make: Callable[[str, QWidget], B],
                 on_clicked: Callable[[], None]) -> list[B]:
        """One button per option in ``layout``, labelled with its number key; the buttons
        never take the focus (the group does, and answers number keys)."""
        out: list[B] = []
        for n, opt in enumerate(self.rs.options, start=1):
            b = make(f"{n}  {opt.label.get(self.lang)}", self)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setProperty("value", opt.value)
            b.clicked.connect(on_clicked)
            layout.addWidget(b)
            out.append(b)
        self._buttons = list(out)
        return out

    def _column(self) -> QVBoxLayout:
        """Options one per line."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        return layout

    def _chosen(self) -> set[str]:
        return {self._current}

    def _choose(self, value: str) -> None:
        if value == self._current:
            return
        self._current = value
        self._sync()
        self.edited.emit(value)

    def _sync(self) -> None:
        chosen = self._chosen()
        for b in self._buttons:
            b.setChecked(b.property("value") in chosen)
        if self._offered is not None:
            self._show_offered()

    def set_offered(self, offered: tuple[str, ...] | None) -> None:
        if offered == self._offered:
            return
        self._offered = offered
        self._show_offered()

    def _show_offered(self) -> None:
        """Hide the options the filter leaves out and number the rest 1..n again."""
        chosen = self._chosen()
        shown = [o.value for o in self.rs.options
                 if self._offered is None or o.value in self._offered or o.value in chosen]
        if shown == self.values:
            return
        self.values = shown
        self._set_cursor(-1)
        for b, opt in zip(self._buttons, self.rs.options, strict=True):
            visible = opt.value in shown
            b.setVisible(visible)
            if visible:
                b.setText(f"{shown.index(opt.value) + 1}  {opt.label.get(self.lang)}")
        self.setToolTip(_(
            "Tekan angka 1–{n} untuk memilih (atau panah kiri/kanan lalu Spasi), Delete "
            "untuk mengosongkan; panah atas/bawah ke butir lain").format(n=len(shown)))

    def set_value(self, value: str) -> None:
        self._current = value
        self._sync()

    def pick(self, n: int) -> bool:
        """Number key ``n`` answers with option ``n`` (of those shown)."""
        if 1 <= n <= len(self.values) and self.isEnabled():
            self._answer(self.values[n - 1])
            return True
        return False

    def _answer(self, value: str) -> None:
        self._choose(value)

    def _move_cursor(self, delta: int) -> None:
        """Left/Right: which option Space would take (shown with a dashed frame)."""
        if not self._buttons:
            return
        if self._cursor < 0:
            chosen = [i for i, v in enumerate(self.values) if v in self._chosen()]
            start = chosen[0] if chosen else (0 if delta > 0 else len(self.values) - 1)
            self._set_cursor(start)
            return
        self._set_cursor(max(0, min(len(self.values) - 1, self._cursor + delta)))

    def _set_cursor(self, n: int) -> None:
        self._cursor = n
        target = self.values[n] if 0 <= n < len(self.values) else None
        for b in self._buttons:
            on = b.property("value") == target
            if bool(b.property("keyCursor")) != on:
                b.setProperty("keyCursor", on)
                b.style().unpolish(b)
                b.style().polish(b)

    @property
    def cursor_value(self) -> str | None:
        return self.values[self._cursor] if 0 <= self._cursor < len(self.values) else None

    def focusOutEvent(self, event: Any) -> None:
        self._set_cursor(-1)
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not event.modifiers():
            self._move_cursor(-1 if key == Qt.Key.Key_Left else 1)  # moves, never answers
            event.accept()
            return
        if key == Qt.Key.Key_Space and self.cursor_value is not None and self.isEnabled():
            self._answer(self.cursor_value)  # Space on the focused option answers
            event.accept()
            return
        if key in _DIGIT_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            n = _DIGIT_KEYS[Qt.Key(key)]
            if n == 0:
                self._choose("")
            else:
                self.pick(n)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose("")
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            # Arrows never answer (issue 12: scrolling with them recorded Ya, then Tidak,
            # each saved): Up/Down go to the previous/next item; only a number key, a
            # click or Delete changes the answer.
            self.step.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class ChoiceButtons(_ChoiceBase):
    """select_one as a row of toggle buttons (the default appearance)."""

    def __init__(self, rs: ResponseSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(rs, lang, parent)
        layout: FlowLayout | QVBoxLayout
        long_labels = sum(len(o.label.get(lang)) for o in rs.options) > 70
        # short options in a row that wraps when the card is narrow (1024x600, 150 %)
        layout = QVBoxLayout(self) if long_labels else FlowLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(6)
        self.buttons = self._options(layout, QPushButton, self._on_button_clicked)
        for b, opt in zip(self.buttons, rs.options, strict=True):
            b.setCheckable(True)
            b.setProperty("tone", _tone(rs, opt.value))
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            # The chosen answer is shown bold: reserve that width so it is never clipped.
            bold = QFont(b.font())
            bold.setBold(True)
            b.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(b.text()) + 30)

    def _on_button_clicked(self) -> None:
        button = self.sender()
        if not isinstance(button, QPushButton):
            return
        value = str(button.property("value"))
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        # Clicking the chosen answer again clears it (a mis-click is undone the same way).
        self._choose("" if value == self._current else value)
        self._sync()


class ChoiceRadios(_ChoiceBase):
    """select_one with ``appearance: radio``: one option per line."""

    def __init__(self, rs: ResponseSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(rs, lang, parent)
        self.buttons = self._options(self._column(), QRadioButton, self._on_button_clicked)
        for b in self.buttons:
            b.setAutoExclusive(False)  # the control keeps exclusivity, so a choice can be cleared

    def _on_button_clicked(self) -> None:
        button = self.sender()
        if not isinstance(button, QRadioButton):
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._choose(str(button.property("value")))
        self._sync()


class ChoiceMulti(_ChoiceBase):
    """select_multiple: one checkbox per option; number keys toggle an option."""

    def __init__(self, rs: ResponseSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(rs, lang, parent)
        self.boxes = self._options(self._column(), QCheckBox, self._on_box_clicked)

    def _selected(self) -> list[str]:
        return self._current.split() if self._current else []

    def _toggle(self, value: str) -> None:
        chosen = set(self._selected())
        chosen.symmetric_difference_update({value})
        self._choose(" ".join(v for v in self.values if v in chosen))

    def _on_box_clicked(self) -> None:
        box = self.sender()
        if isinstance(box, QCheckBox):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._toggle(str(box.property("value")))

    def _answer(self, value: str) -> None:
        self._toggle(value)

    def _chosen(self) -> set[str]:
        return set(self._selected())


class ChoiceCombo(ValueControl):
    """select_one with ``appearance: dropdown``."""

    def __init__(self, rs: ResponseSet, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rs = rs
        self.lang = lang
        self._offered: tuple[str, ...] | None = None
        self.combo = wheel_needs_focus(QComboBox(self))
        self._fill([o.value for o in rs.options])
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(self._on_combo_activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)

    def _fill(self, shown: list[str]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("— pilih —"), "")
        for n, value in enumerate(shown, start=1):
            opt = self.rs.option(value)
            assert opt is not None
            self.combo.addItem(f"{n}  {opt.label.get(self.lang)}", value)
        self.combo.blockSignals(False)

    def _on_combo_activated(self, _index: int) -> None:
        self.edited.emit(self.value())
        if self._offered is not None:
            self._show_offered(self.value())

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: str) -> None:
        if self._offered is not None:
            self._show_offered(value)
        self.combo.blockSignals(True)
        pos = self.combo.findData(value)
        self.combo.setCurrentIndex(max(0, pos))
        self.combo.blockSignals(False)

    def set_offered(self, offered: tuple[str, ...] | None) -> None:
        if offered == self._offered:
            return
        self._offered = offered
        self._show_offered(self.value())

    def _show_offered(self, current: str) -> None:
        shown = [o.value for o in self.rs.options
                 if self._offered is None or o.value in self._offered or o.value == current]
        if shown == [self.combo.itemData(i) for i in range(1, self.combo.count())]:
            return
        self._fill(shown)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.combo

    def pick(self, n: int) -> bool:
        if 1 <= n < self.combo.count() and self.isEnabled():
            self.combo.setCurrentIndex(n)
            self.edited.emit(self.value())
            return True
        return False


# ----------------------------------------------------------------- text and numbers


E = TypeVar("E", bound=QLineEdit | QPlainTextEdit)


class _TextControl(ValueControl, Generic[E]):
    """A control that is one text field: the field takes the focus; leaving it commits."""

    edit: E

    def _hold(self, edit: E) -> QHBoxLayout:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        self.setFocusProxy(edit)
        return layout

    def value(self) -> str:
        edit = self.edit
        return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()

    def _commit(self) -> None:
        self.committed.emit(self.value())

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit


class LineText(_TextControl[QLineEdit]):
    """Single-line text, integer or decimal. Numbers are checked by the service."""

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        if item.type is ItemType.INTEGER:
            self.edit.setPlaceholderText(_("Angka"))
            self.edit.setMaximumWidth(200)
        elif item.type is ItemType.DECIMAL:
            self.edit.setPlaceholderText(
                _("Angka (boleh desimal)"))
            self.edit.setMaximumWidth(200)
        self.edit.textEdited.connect(self.typed)
        self.edit.editingFinished.connect(self._commit)
        layout = self._hold(self.edit)
        if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
            layout.addStretch(1)

    def set_value(self, value: str) -> None:
        if self.edit.text() != value:
            self.edit.setText(value)


class GrowingTextEdit(QPlainTextEdit):
    """A plain text area that grows with its content and says when it loses focus."""

    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None, min_height: int = 60,
                 max_height: int = 240) -> None:
        super().__init__(parent)
        self._min = min_height
        self._max = max_height
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        # QPlainTextDocumentLayout measures the document in (wrapped) lines.
        rows = max(1, int(self.document().size().height()))
        margins = self.contentsMargins()
        height = rows * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom() + 10
        self.setFixedHeight(max(self._min, min(self._max, height)))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class MultiText(_TextControl[GrowingTextEdit]):
    """Multi-line text (``multiline: true``)."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = GrowingTextEdit(self)
        self.edit.setPlaceholderText(_("Ketik jawaban…"))
        self.edit.textChanged.connect(lambda: self.typed.emit(self.value()))
        self.edit.focus_lost.connect(self._commit)
        self._hold(self.edit)

    def set_value(self, value: str) -> None:
        if self.value() != value:
            self.edit.blockSignals(True)
            self.edit.setPlainText(value)
            self.edit.blockSignals(False)
            self.edit._fit()


# ----------------------------------------------------------------- dates and times

_FORMATS = {
    ItemType.DATE: ("yyyy-MM-dd", {"id": "dd-MM-yyyy", "en": "yyyy-MM-dd"}),
    ItemType.TIME: ("HH:mm", {"id": "HH:mm", "en": "HH:mm"}),
    ItemType.DATETIME: ("yyyy-MM-ddTHH:mm", {"id": "dd-MM-yyyy HH:mm", "en": "yyyy-MM-dd HH:mm"}),
}


class OptionalDateTime(ValueControl):
    """A Qt date/time/date-time edit with an explicit empty state.

    Like the Windows date picker's "show none" checkbox: unticked means no answer (shown
    as "— kosong —"); ticking fills in today / now and saves it; editing the date saves it
    after the debounce and at once when the field is left.
    """

    def __init__(self, item: Item, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = item.type
        self.store_format, display = _FORMATS[item.type]
        self.check = QCheckBox(_("Isi"), self)
        self.check.setToolTip(_(
            "Centang untuk mengisi; hapus centang untuk mengosongkan"))
        self.edit: QDateTimeEdit
        if item.type is ItemType.DATE:
            self.edit = DateEdit(self)
        elif item.type is ItemType.TIME:
            self.edit = TimeEdit(self)
        else:
            self.edit = DateTimeEdit(self)
        self.edit.setDisplayFormat(display[lang if lang in display else "id"])
        if item.type is not ItemType.TIME:
            self.edit.setCalendarPopup(True)
        self.edit.setMinimumWidth(150)
        self.empty = QLabel(_("— kosong —"), self)
        self.empty.setObjectName("emptyValue")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.edit)
        self.stack.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.stack.setFixedSize(max(self.edit.sizeHint().width(), 150), self.edit.sizeHint().height())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        self.check.clicked.connect(self._on_check_clicked)
        self.edit.dateTimeChanged.connect(self._on_edit_changed)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self._filled = False
        self._sync()

    def _now_value(self) -> QDateTime:
        now = dt.datetime.now().replace(second=0, microsecond=0)
        return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))

    def _sync(self) -> None:
        self.check.setChecked(self._filled)
        self.stack.setCurrentWidget(self.edit if self._filled else self.empty)

    def _on_check_clicked(self, checked: bool) -> None:
        self._filled = checked
        if checked:
            self.edit.blockSignals(True)
            self.edit.setDateTime(self._now_value())
            self.edit.blockSignals(False)
        self._sync()
        if checked:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit(self.value())

    def _on_edit_changed(self, _value: QDateTime) -> None:
        if self._filled:
            self.typed.emit(self.value())

    def _on_edit_editing_finished(self) -> None:
        if self._filled:
            self.committed.emit(self.value())

    def value(self) -> str:
        if not self._filled:
            return ""
        return self.edit.dateTime().toString(self.store_format)

    def set_value(self, value: str) -> None:
        self._filled = bool(value)
        if value:
            parsed = QDateTime.fromString(value, self.store_format)
            if self.kind is ItemType.TIME:
                parsed = QDateTime(QDate(2000, 1, 1), QTime.fromString(value, "HH:mm"))
            elif self.kind is ItemType.DATE:
                parsed = QDateTime(QDate.fromString(value, "yyyy-MM-dd"), QTime(0, 0))
            if parsed.isValid():
                self.edit.blockSignals(True)
                self.edit.setDateTime(parsed)
                self.edit.blockSignals(False)
        self._sync()

    def set_read_only(self, read_only: bool) -> None:
        self.check.setEnabled(not read_only)
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit if self._filled else self.check


# ----------------------------------------------------------------- display-only


class CalculatedValue(ValueControl):
    """A calculate item: read-only, updated live from every snapshot."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("—", self)
        self.label.setObjectName("calculated")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(_("dihitung otomatis"), self)
        hint.setObjectName("meta")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(hint)
        layout.addStretch(1)
        self._value = ""

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        self.label.setText(value if value != "" else "—")

    def set_read_only(self, read_only: bool) -> None:
        pass


class SignatureView(ValueControl):
    """A signature item: shows the drawn image; the pad itself lives elsewhere."""

    sign_requested = Signal()

    def __init__(self, item: Item, template: Template, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        role = next((s.label.get(lang) for s in template.signers if s.role == item.signer_role),
                    item.signer_role or "")
        self.image = QLabel(_("Belum ditandatangani"), self)
        self.image.setObjectName("signature")
        self.image.setMinimumSize(240, 80)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.role = QLabel(_("Penanda tangan: {role}").format(
            role=role) if role else "", self)
        self.role.setObjectName("meta")
        self.button = QPushButton(_("Tanda tangani…"), self)
        self.button.clicked.connect(self.sign_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image)
        col = QVBoxLayout()
        col.addWidget(self.role)
        col.addWidget(self.button)
        col.addStretch(1)
        layout.addLayout(col)
        layout.addStretch(1)
        self._value = ""
        self._none = _("Belum ditandatangani")

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        if not value:
            self.image.setPixmap(QPixmap())
            self.image.setText(self._none)

    def set_image(self, data: bytes | None) -> None:
        if not data:
            return
        pix = QPixmap()
        if pix.loadFromData(data):
            self.image.setPixmap(pix.scaled(240, 80, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))

    def set_read_only(self, read_only: bool) -> None:
        self.button.setEnabled(not read_only)


def make_control(item: Item, template: Template, lang: str,
                 parent: QWidget | None = None) -> ValueControl | None:
    """The right control for an item type (None for notes and evidence-only items)."""
    t = item.type
    if t is ItemType.SELECT_ONE:
        rs = template.options_for(item)
        assert rs is not None
        if item.appearance == "dropdown":
            return ChoiceCombo(rs, lang, parent)
        if item.appearance == "radio":
            return ChoiceRadios(rs, lang, parent)
        return ChoiceButtons(rs, lang, parent)
    if t is ItemType.SELECT_MULTIPLE:
        rs = template.options_for(item)
        assert rs is not None
        return ChoiceMulti(rs, lang, parent)
    if t is ItemType.TEXT:
        return MultiText(lang, parent) if item.multiline else LineText(item, lang, parent)
    if t in (ItemType.INTEGER, ItemType.DECIMAL):
        return LineText(item, lang, parent)
    if t in (ItemType.DATE, ItemType.TIME, ItemType.DATETIME):
        return OptionalDateTime(item, lang, parent)
    if t is ItemType.CALCULATE:
        return CalculatedValue(lang, parent)
    if t is ItemType.SIGNATURE:
        return SignatureView(item, template, lang, parent)
    return None


# ----------------------------------------------------------------- the item card


class ItemWidget(QFrame):
    """An item: label, markers, hint, control, inline message, references, evidence, note."""

    answer_edited = Signal(str, str, str, bool)  # item, row, raw, immediate
    answer_committed = Signal(str, str, str)  # item, row, raw
    note_edited = Signal(str, str, str, bool)  # item, row, text, immediate
    focused = Signal(str, str)
    files_dropped = Signal(str, str, list)  # item, row, [paths]
    attach_requested = Signal(str, str)
    photo_requested = Signal(str, str)  # item, row: "Ambil foto" with the camera
    evidence_open_requested = Signal(object)
    evidence_remove_requested = Signal(object)
    caption_edited = Signal(object, str)
    signature_requested = Signal(str, str)  # item, signer role
    step_requested = Signal(str, int)  # item, -1/+1: Up/Down on its choice control

    def __init__(self, item: Item, template: Template, lang: str, *, extras: bool = True,
                 row: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.template = template
        self.row = row
        self.lang = lang
        self.read_only = False
        self.setObjectName("itemCard")
        self.setProperty("kind", item.type.value)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.accepts_evidence = extras and (item.holds_value or item.type is ItemType.EVIDENCE)
        self.setAcceptDrops(self.accepts_evidence)

        # --- label line: code | label | markers
        kuk = _("KUK {no}").format(no=item.kuk) if item.kuk \
            else ""
        self.code_label = QLabel(item.code or kuk, self)
        self.code_label.setObjectName("itemCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label = QLabel(item.label.get(lang), self)
        self.label.setObjectName("noteText" if item.type is ItemType.NOTE else "itemLabel")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.required_marker = QLabel("*", self)
        self.required_marker.setObjectName("requiredMarker")
        self.required_marker.setToolTip(item.required_message.get(lang)
                                        if item.required_message is not None
                                        else _("Wajib diisi"))
        self.required_marker.setVisible(False)
        self.critical_badge = QLabel(_("KRITIS"), self)
        self.critical_badge.setObjectName("criticalBadge")
        self.critical_badge.setToolTip(_(
            "Butir kritis: jawaban yang tidak memenuhi menggagalkan penilaian"))
        self.critical_badge.setVisible(item.critical)
        # a criterion this app wrote, not the regulation's (issue 14), said as such
        self.origin_badge = QLabel(_("Tambahan aplikasi"), self)
        self.origin_badge.setObjectName("originBadge")
        self.origin_badge.setToolTip(_(
            "Kriteria ini ditulis oleh aplikasi sebagai panduan pemeriksaan, bukan kutipan "
            "dari peraturan"))
        self.origin_badge.setVisible(item.origin == ORIGIN_APP)
        # a value the app filled in when the record was made, not yet changed: to check
        self.prefill_badge = QLabel(_("Terisi otomatis"), self)
        self.prefill_badge.setObjectName("prefillBadge")
        self.prefill_badge.setToolTip(prefill_tip())
        self.prefill_badge.setVisible(False)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.label, 1)
        top.addWidget(self.required_marker, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.critical_badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.origin_badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.prefill_badge, 0, Qt.AlignmentFlag.AlignTop)

        body = QVBoxLayout()
        body.setSpacing(6)
        body.addLayout(top)
        self.hint_label: QLabel | None = None
        if item.hint is not None:
            self.hint_label = QLabel(item.hint.get(lang), self)
            self.hint_label.setObjectName("hint")
            self.hint_label.setWordWrap(True)
            body.addWidget(self.hint_label)

        # --- the control
        self.control = make_control(item, template, lang, self)
        if self.control is not None:
            body.addWidget(self.control)
            self.control.edited.connect(self._on_control_edited)
            self.control.typed.connect(self._on_control_typed)
            self.control.committed.connect(self._on_control_committed)
            self.control.step.connect(
                lambda delta: self.step_requested.emit(self.item.name, delta))
            if isinstance(self.control, SignatureView):
                self.control.sign_requested.connect(self._on_control_sign_requested)
            self.setFocusProxy(self.control.focus_target())

        self.message = QLabel("", self)
        self.message.setObjectName("inlineError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        body.addWidget(self.message)
        self._stale_shown = False  # the message says a chosen option is no longer offered
        self.no_options: QLabel | None = None  # "answer the question above first"
        if item.choice_filter:
            self.no_options = QLabel(_(
                "Belum ada pilihan: pilihan butir ini bergantung pada jawaban sebelumnya."),
                self)
            self.no_options.setObjectName("meta")
            self.no_options.setWordWrap(True)
            self.no_options.setVisible(False)
            body.insertWidget(body.indexOf(self.message), self.no_options)

        # --- references
        meta_lines = []
        if item.benchmark:
            meta_lines.append(_(
                "Standar industri/tempat kerja: {text}").format(text=item.benchmark))
        if item.regulation:
            meta_lines.append(_("Acuan: {text}").format(
                text=item.regulation))
        if item.evidence_hint is not None:
            meta_lines.append(_("Bukti: {text}").format(
                text=item.evidence_hint.get(lang)))
        self.meta_label: QLabel | None = None
        if meta_lines:
            self.meta_label = QLabel("\n".join(meta_lines), self)
            self.meta_label.setObjectName("meta")
            self.meta_label.setWordWrap(True)
            body.addWidget(self.meta_label)

        # --- evidence and note
        self.evidence: EvidencePanel | None = None
        self.attach_button: QToolButton | None = None
        self.photo_button: QToolButton | None = None
        self.note_button: QToolButton | None = None
        self.note_edit: GrowingTextEdit | None = None
        if extras and item.type not in (ItemType.NOTE, ItemType.CALCULATE):
            bar = FlowLayout(None, spacing=8)  # the links wrap on a narrow screen
            if self.accepts_evidence:
                self.attach_button = QToolButton(self)
                self.attach_button.setObjectName("linkButton")
                self.attach_button.setText(
                    _("Lampirkan bukti…"))
                self.attach_button.setToolTip(_(
                    "Pilih foto atau PDF, atau seret berkas ke butir ini"))
                self.attach_button.clicked.connect(self._on_attach_button_clicked)
                bar.addWidget(self.attach_button)
                self.photo_button = QToolButton(self)
                self.photo_button.setObjectName("linkButton")
                self.photo_button.setText(_("Ambil foto…"))
                self.photo_button.setToolTip(_(
                    "Foto dengan kamera laptop, langsung menjadi bukti butir ini "
                    "(Ctrl+Shift+F)"))
                self.photo_button.clicked.connect(self._on_photo_button_clicked)
                # not a Tab stop (Tab stays: answer, attach, note); Ctrl+Shift+F from the item
                self.photo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                bar.addWidget(self.photo_button)
            if item.holds_value or item.type is ItemType.EVIDENCE:
                self.note_button = QToolButton(self)
                self.note_button.setObjectName("linkButton")
                self.note_button.setText(_("Catatan"))
                self.note_button.setToolTip(
                    _("Catatan bebas untuk butir ini"))
                self.note_button.setCheckable(True)
                self.note_button.toggled.connect(self._on_note_button_toggled)
                bar.addWidget(self.note_button)
            body.addLayout(bar)
        # The evidence strip and the note editor are heavy widgets: made on first use.
        self._body = body

        outer = QGridLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        outer.setHorizontalSpacing(10)
        outer.addWidget(self.code_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(body, 0, 1)
        outer.setColumnMinimumWidth(0, 36 if self.code_label.text() else 0)
        outer.setColumnStretch(1, 1)
        if not self.code_label.text():
            self.code_label.setVisible(False)
        self._watch_focus()

    # ------------------------------------------------------------ focus tracking

    def _watch_focus(self) -> None:
        for w in self.findChildren(QWidget):
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.item.name, self.row)
        return False

    def focus_control(self) -> None:
        target = self.control.focus_target() if self.control is not None else (
            self.attach_button or self.note_button)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _DIGIT_KEYS and self.control is not None and not self.read_only and \
                self.control.pick(_DIGIT_KEYS[Qt.Key(key)]):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ values

    def _on_control_edited(self, raw: str) -> None:
        self.answer_edited.emit(self.item.name, self.row, raw, True)

    def _on_control_typed(self, raw: str) -> None:
        self.answer_edited.emit(self.item.name, self.row, raw, False)

    def _on_control_committed(self, raw: str) -> None:
        self.answer_committed.emit(self.item.name, self.row, raw)

    def _on_control_sign_requested(self) -> None:
        self.signature_requested.emit(self.item.name, self.item.signer_role or "")

    def value(self) -> str:
        return self.control.value() if self.control is not None else ""

    def set_value(self, value: str) -> None:
        if self.control is not None:
            self.control.set_value(value)

    def apply_view(self, view: ItemView) -> None:
        """Show what the latest snapshot says (relevance, requiredness, computed value)."""
        self.setVisible(view.relevant)
        self.required_marker.setVisible(view.required)
        self.prefill_badge.setVisible(view.prefilled)
        if self.item.type is ItemType.CALCULATE and self.control is not None:
            self.control.set_value(view.value)
        if self.control is not None and self.item.choice_filter:
            self.control.set_offered(view.offered)
        if self.no_options is not None:
            self.no_options.setVisible(view.offered == () and not view.value)
        stale = view.not_offered
        if stale:
            self.set_message(self.stale_text(stale))
            self._stale_shown = True
            return
        if self._stale_shown:  # changed (here or above): the flag goes
            self._stale_shown = False
            self.set_message(None)
        if not view.constraint_ok and self.item.constraint_message is not None:
            self.set_message(self.item.constraint_message.get(self.lang))
        elif not view.constraint_ok:
            self.set_message(None)

    def stale_text(self, values: list[str]) -> str:
        """What the card says of chosen options the filter no longer offers."""
        rs = self.template.options_for(self.item)
        labels = [(opt.label.get(self.lang) if (opt := rs.option(v)) else v) if rs else v
                  for v in values]
        return _("'{choice}' tidak lagi sesuai dengan jawaban sebelumnya: pilih lagi "
                 "(jawaban lama tetap tersimpan sampai diganti)").format(
            choice="', '".join(labels))

    def set_message(self, text: str | None) -> None:
        """An inline message under the control (invalid value, constraint); None clears."""
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        self.setProperty("invalid", bool(text))
        self.style().unpolish(self)
        self.style().polish(self)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        if self.control is not None:
            self.control.set_read_only(read_only)
        if self.attach_button is not None:
            self.attach_button.setVisible(not read_only)
        if self.photo_button is not None:
            self.photo_button.setVisible(not read_only)
        if self.evidence is not None:
            self.evidence.set_read_only(read_only)
        if self.note_edit is not None:
            self.note_edit.setReadOnly(read_only)
        if self.note_button is not None:
            self.note_button.setVisible(not read_only or bool(self.note().strip()))
        self.setAcceptDrops(self.accepts_evidence and not read_only)

    # ------------------------------------------------------------ note

    def _ensure_note_edit(self) -> GrowingTextEdit:
        if self.note_edit is None:
            edit = GrowingTextEdit(self, min_height=48, max_height=160)
            edit.setPlaceholderText(
                _("Catatan untuk butir ini…"))
            edit.setVisible(False)
            edit.setReadOnly(self.read_only)
            edit.textChanged.connect(self._on_note_edit_text_changed)
            edit.focus_lost.connect(self._on_note_edit_focus_lost)
            edit.installEventFilter(self)
            self._body.addWidget(edit)
            self.note_edit = edit
        return self.note_edit

    def set_note(self, text: str) -> None:
        if self.note_button is None or (not text and self.note_edit is None):
            return
        edit = self._ensure_note_edit()
        edit.blockSignals(True)
        edit.setPlainText(text)
        edit.blockSignals(False)
        edit._fit()
        if text:
            self.note_button.setChecked(True)
        self._update_note_button()
        if self.read_only:
            self.note_button.setVisible(bool(text.strip()))

    def note(self) -> str:
        return self.note_edit.toPlainText() if self.note_edit is not None else ""

    def _on_note_button_toggled(self, checked: bool) -> None:
        edit = self._ensure_note_edit()
        edit.setVisible(checked)
        if checked and not edit.toPlainText():
            edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_note_edit_text_changed(self) -> None:
        self._update_note_button()
        self.note_edited.emit(self.item.name, self.row, self.note(), False)

    def _on_note_edit_focus_lost(self) -> None:
        self.note_edited.emit(self.item.name, self.row, self.note(), True)

    def _update_note_button(self) -> None:
        if self.note_button is not None:
            filled = bool(self.note().strip())
            self.note_button.setText(_("Catatan")
                                     + (" •" if filled else ""))

    # ------------------------------------------------------------ evidence

    def _on_attach_button_clicked(self) -> None:
        self.attach_requested.emit(self.item.name, self.row)

    def _on_photo_button_clicked(self) -> None:
        self.photo_requested.emit(self.item.name, self.row)

    def _ensure_evidence_panel(self) -> EvidencePanel:
        if self.evidence is None:
            panel = EvidencePanel(self.lang, self)
            panel.set_read_only(self.read_only)
            panel.open_requested.connect(self.evidence_open_requested)
            panel.remove_requested.connect(self.evidence_remove_requested)
            panel.caption_edited.connect(self.caption_edited)
            panel.changed.connect(self._update_evidence_button)
            pos = self._body.indexOf(self.note_edit) if self.note_edit is not None else -1
            if pos >= 0:
                self._body.insertWidget(pos, panel)
            else:
                self._body.addWidget(panel)
            for w in panel.findChildren(QWidget):
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    w.installEventFilter(self)
            self.evidence = panel
        return self.evidence

    def _update_evidence_button(self) -> None:
        if self.attach_button is not None:
            n = self.evidence_count()
            self.attach_button.setText(_("Lampirkan bukti…")
                                       + (f"  ({n})" if n else ""))

    def evidence_count(self) -> int:
        return self.evidence.count() if self.evidence is not None else 0

    def set_evidence(self, evidence: list[Evidence], thumbs: dict[str, bytes]) -> None:
        if not self.accepts_evidence or (not evidence and self.evidence is None):
            return
        self._ensure_evidence_panel().set_evidence(evidence, thumbs)

    def add_evidence(self, ev: Evidence, thumb: bytes | None) -> None:
        if self.accepts_evidence:
            self._ensure_evidence_panel().add(ev, thumb)

    def remove_evidence(self, evidence_id: str) -> None:
        if self.evidence is not None:
            self.evidence.remove(evidence_id)

    def handle_drop(self, mime: QMimeData) -> list[str]:
        """Attach the local files carried by ``mime``; returns their paths."""
        if not self.accepts_evidence or self.read_only or not mime.hasUrls():
            return []
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]
        if paths:
            self.files_dropped.emit(self.item.name, self.row, paths)
        return paths

    def _set_drop_highlight(self, on: bool) -> None:
        self.setProperty("dropping", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.accepts_evidence and not self.read_only and mime.hasUrls() and \
                any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()
            self._set_drop_highlight(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_highlight(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_highlight(False)
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()


def buttons_of(control: ValueControl | None) -> list[QAbstractButton]:
    """The option buttons of a choice control (for tests and accessibility checks)."""
    if isinstance(control, (ChoiceButtons, ChoiceRadios)):
        return list(control.buttons)
    if isinstance(control, ChoiceMulti):
        return list(control.boxes)
    return []
