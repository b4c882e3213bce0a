"""What the views that work on the store have in common.

Every page and dialog gets the same three things from the composition root (``app.py`` ->
the main window -> its pages and dialogs): the services, the UI language, and the executor
its operations run on (None: the database lane; tests inject a synchronous one).

* :class:`ServiceView` — those three, and the operations built on them: :meth:`op` (an
  ``Op`` on the view's executor), :meth:`watch_store` (refresh when a write changed what
  the view shows), :meth:`show_failure` (a refusal in the form, a bug in the crash dialog);
* :class:`ServiceWidget` and :class:`ServiceDialog` — a QWidget or QDialog with them;
* :class:`Page` — a page of the main window: the title row (the title, then what the page
  puts at its right end), an optional hint under it, and the page's body below. A page
  made ``deferred`` reads the store for the first time when it is first shown or asked to
  (:meth:`Page.ensure_loaded`): the main window shows its first page before the others
  have read anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assessor_app.core.errors import AppError
from assessor_app.messages import describe
from assessor_app.ui.errors import ErrorLabel
from assessor_app.ui.errors import show_failure as _show_failure
from assessor_app.ui.flow_layout import ToolsLayout
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.tasks import Executor, Op, StoreWatch
from assessor_app.ui.views.common import Part, add_parts, hint_label, page_title

if TYPE_CHECKING:
    from assessor_app.services.runtime import Services

T = TypeVar("T")


class ServiceView:
    """Mixed into a QWidget subclass (its ``__init__`` calls :meth:`_bind`)."""

    services: Services
    lang: str
    executor: Executor | None
    store_watch: StoreWatch | None = None

    def _bind(self, services: Services, lang: str, executor: Executor | None) -> None:
        self.services = services
        self.lang = lang
        self.executor = executor

    def _widget(self) -> QWidget | None:
        return self if isinstance(self, QWidget) else None

    def op(self, fn: Callable[..., T]) -> Op[T]:
        """An operation of this view on its executor, in its language."""
        return Op(self._widget(), fn, executor=self.executor, lang=self.lang)

    def watch_store(self, topics: Iterable[str],
                    on_change: Callable[[frozenset[str]], Any]) -> StoreWatch:
        """Call ``on_change(changed topics)`` after writes that changed any of ``topics``."""
        widget = self._widget()
        assert widget is not None
        self.store_watch = StoreWatch(widget, topics, on_change)
        return self.store_watch

    def show_failure(self, exc: BaseException, label: ErrorLabel) -> None:
        _show_failure(self._widget(), exc, label, self.lang)

    def submit(self, fn: Callable[[], T], done: Callable[[T], Any], error: ErrorLabel,
               button: QWidget, *topics: str) -> None:
        """``fn`` on the lane, ``button`` off meanwhile: ``done(result)`` after it, a
        refusal shown in ``error``; ``topics``: what it changes in the store."""
        (self.op(fn).changes(*topics).success(done)
         .failure(lambda exc: self.show_failure(exc, error)).disabling(button).run())

    def read(self, fn: Callable[[], T], problem: QLabel) -> T | None:
        """A small read on the GUI thread. When the store refuses it (busy, damaged) the
        reason shows in ``problem`` and the view keeps what it shows: None is returned."""
        try:
            return fn()
        except AppError as exc:
            problem.setText(describe(exc, self.lang))
            return None


class LaneRead(Generic[T]):
    """A view's read of the store on its lane, one at a time: asked for again while one
    runs, it runs once more when that one is done (the newest state is shown last; two
    reads never race). ``prepare()`` runs on the GUI thread (it may read the view's
    widgets) and returns the work for the lane; ``busy(True/False)`` around each read."""

    def __init__(self, view: ServiceView, prepare: Callable[[], Callable[[], T]],
                 show: Callable[[T], Any], failed: Callable[[BaseException], Any],
                 busy: Callable[[bool], Any] | None = None) -> None:
        self._view = view
        self._prepare = prepare
        self._show = show
        self._failed = failed
        self._busy = busy
        self.running = False
        self._again = False

    def run(self) -> None:
        if self.running:
            self._again = True
            return
        self.running = True
        if self._busy is not None:
            self._busy(True)
        (self._view.op(self._prepare()).success(self._show).failure(self._failed)
         .finished(self._done).run())

    def _done(self) -> None:
        self.running = False
        if self._busy is not None:
            self._busy(False)
        if self._again:
            self._again = False
            self.run()


class ServiceWidget(QWidget, ServiceView):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(parent)
        self._bind(services, lang, executor)


class ServiceDialog(QDialog, ServiceView):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, *, title: str, min_width: int = 0) -> None:
        super().__init__(parent)
        self._bind(services, lang, executor)
        self.setWindowTitle(title)
        # never wider or taller than the screen it opens on (1024x600, 150 % scaling)
        keep_on_screen(self, QSize(min_width, 0) if min_width else None)


class _ToolsWatch(QObject):
    """Calls ``changed`` when the title row's tools ask to be laid out again."""

    def __init__(self, tools: QWidget, changed: Callable[[], object]) -> None:
        super().__init__(tools)
        self._changed = changed
        tools.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LayoutRequest:
            self._changed()
        return False


class Page(ServiceWidget):
    """A page of the main window. Subclasses put widgets at the right end of the title row
    with :meth:`add_to_head` and add their body to :attr:`body` (a QVBoxLayout), read the
    store in :meth:`refresh`, and end their ``__init__`` with :meth:`first_load`.

    ``deferred``: the first :meth:`refresh` waits until the page is shown or
    :meth:`ensure_loaded` is called; until then a write the page watches changes nothing
    (:meth:`reload`), as the page will read everything when it loads."""

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, *, title: str,
                 hint: str | None = None, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, executor)
        self._deferred = deferred
        self.title = page_title(title, self)
        self.head = QHBoxLayout()
        self.head.addWidget(self.title)
        self.head.addStretch(1)
        # what the page puts in the title row; on a page too narrow for both (1024x600 at
        # 150 %: "Perangk" and four buttons cut at both ends) it goes to a row of its own
        # under the title (:meth:`_place_tools`)
        self.head_tools = QWidget(self)
        self._tools_layout = ToolsLayout(self.head_tools)
        self.head.addWidget(self.head_tools)
        self.head_row2 = QHBoxLayout()
        self.head_row2.addStretch(1)
        self._head_tools_below = False
        self._place_pending = False
        # a tool that changes (a count or a time set, a button shown) asks again
        _ToolsWatch(self.head_tools, self._place_tools_soon)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.head)
        self.body.addLayout(self.head_row2)
        self.hint = hint_label(hint, self) if hint is not None else None
        if self.hint is not None:
            self.body.addWidget(self.hint)

    def add_to_head(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self._tools_layout.addWidget(widget)

    @property
    def tools_below(self) -> bool:
        """Are the title row's tools on a row of their own (a narrow page)?"""
        return self._head_tools_below

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self._tools_wanted_below(event.size().width()) != self._head_tools_below:
            self._place_tools_soon()

    def _place_tools_soon(self) -> None:
        """:meth:`_place_tools` once the layout pass under way is done (not inside it)."""
        if not self._place_pending:
            self._place_pending = True
            QTimer.singleShot(0, self, self._place_tools)

    def _tools_wanted_below(self, width: int) -> bool:
        margins = self.body.contentsMargins()
        need = self.title.sizeHint().width() + self.head.spacing() + \
            self._tools_layout.one_line() + margins.left() + margins.right()
        return need > width

    def _place_tools(self) -> None:
        self._place_pending = False
        below = self._tools_wanted_below(self.width())
        if below == self._head_tools_below:
            return
        self._head_tools_below = below
        self._tools_layout.wrap = below  # under the title: a button that does not fit
        self._tools_layout.invalidate()  # goes on to a next line
        (self.head if below else self.head_row2).removeWidget(self.head_tools)
        (self.head_row2 if below else self.head).addWidget(self.head_tools)

    def add_to_body(self, *parts: Part) -> None:
        add_parts(self.body, *parts)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Read what the page shows from the store (subclasses)."""

    @property
    def loaded(self) -> bool:
        return not self._deferred

    def first_load(self) -> None:
        """The end of a subclass's ``__init__``: read the store now, unless deferred."""
        if not self._deferred:
            self.refresh()

    def ensure_loaded(self) -> None:
        """The first read of a deferred page (nothing when it has read already)."""
        if self._deferred:
            self._deferred = False
            self.refresh()

    def reload(self) -> None:
        """Read again after a write (a deferred page that has not loaded yet waits)."""
        if not self._deferred:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)


__all__ = ["LaneRead", "Page", "ServiceDialog", "ServiceView", "ServiceWidget"]
