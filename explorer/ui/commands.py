"""Thin ``QUndoCommand`` wrappers around :mod:`explorer.core.edits`, and autosave glue.

An :class:`EditCommand` applies one core edit to an *editable session*: any object
with a ``chapters`` sequence and ``set_chapters(chapters, reason=...)`` (the
``reason`` keyword is passed only when the method accepts it). Optional attributes
used when present: ``automatic_chapters`` (for reset / regenerate title) and
``title_chapters(chapters, indices)`` (fills titles of changed chapters).

The edit is computed when the command is built, so an invalid edit raises
:class:`~explorer.core.edits.EditError` *before* anything is pushed; redo sets the
new chapters, undo applies the exact inverse. A boundary drag pushes one
:class:`EditCommand` on release; consecutive moves of the same boundary fold into
one undo step through ``mergeWith`` (Qt never merges into the clean state, so a
save starts a new step).

:class:`CorrectionsAutosave` schedules a debounced, atomic save of the session's
corrections whenever the undo stack moves, and marks the stack clean once the
state it saved is on disk, so a window bound with :func:`bind_modified` shows
"modified" exactly until the corrections are saved.
"""
from __future__ import annotations

import inspect
import logging
import weakref
from typing import Any, Callable, Optional, Protocol, Sequence

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from explorer.core import edits as E
from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Chapter

log = logging.getLogger(__name__)

MOVE_BOUNDARY_ID = 0x7ED1


class EditableSession(Protocol):
    chapters: Sequence[Chapter]

    def set_chapters(self, chapters: Any, *args: Any, **kwargs: Any) -> None: ...


def _accepts_reason(method: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False
    return "reason" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _set(session: EditableSession, chapters: tuple[Chapter, ...], reason: str) -> None:
    if _accepts_reason(session.set_chapters):
        session.set_chapters(list(chapters), reason=reason)
    else:
        session.set_chapters(list(chapters))


class EditCommand(QUndoCommand):
    """One undoable chapter edit. Raises ``EditError`` at construction for an invalid edit."""

    def __init__(
        self,
        session: EditableSession,
        edit: E.Edit,
        *,
        automatic: Optional[Sequence[Chapter]] = None,
        titler: Optional[E.Titler] = None,
        parent: Optional[QUndoCommand] = None,
    ) -> None:
        super().__init__(E.describe(edit), parent)
        self.session = session
        self.edit = edit
        if automatic is None:
            automatic = getattr(session, "automatic_chapters", None)
        if titler is None:
            titler = getattr(session, "title_chapters", None)
        self._before = tuple(session.chapters)
        self._after, self._inverse = E.apply(self._before, edit, automatic=automatic, titler=titler)

    @property
    def chapters_after(self) -> tuple[Chapter, ...]:
        return self._after

    def redo(self) -> None:
        _set(self.session, self._after, self.text())

    def undo(self) -> None:
        current = tuple(self.session.chapters)
        if _ranges(current) != _ranges(self._after):  # re-segmented behind the stack's back
            log.warning("undo of %r skipped: the chapters changed outside the undo stack", self.text())
            return
        # titles filled in later (background titling) are fine: the inverse restores its span exactly
        before, _ = E.apply(current, self._inverse)
        _set(self.session, before, f"Undo {self.text()}")

    def adopt(self, chapters: Sequence[Chapter]) -> bool:
        """Take titles computed after the edit (same ranges) as this command's result, so redo shows them."""
        chapters = tuple(chapters)
        if _ranges(chapters) != _ranges(self._after):
            return False
        self._after = chapters
        self._inverse = E.replacement(self._after, self._before)
        return True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MOVE_BOUNDARY_ID if isinstance(self.edit, E.MoveBoundary) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Fold a later move of the same boundary into this command (one undo step per drag series)."""
        if not (
            isinstance(other, EditCommand)
            and isinstance(self.edit, E.MoveBoundary)
            and isinstance(other.edit, E.MoveBoundary)
            and other.edit.chapter == self.edit.chapter
            and _ranges(other._before) == _ranges(self._after)
        ):
            return False
        self.edit = other.edit
        self._after = other._after
        self._inverse = E.replacement(self._after, self._before)
        self.setText(E.describe(self.edit))
        return True


def _ranges(chapters: Sequence[Chapter]) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in chapters]


def adopt_titles(stack: QUndoStack, chapters: Sequence[Chapter]) -> bool:
    """After background titling of the last edit's chapters: record them in the top command.

    The session sets the titled chapters itself (``set_chapters``); this keeps undo/redo
    in step so that redo shows the titles rather than the untitled placeholders.
    """
    top = stack.command(stack.index() - 1) if stack.index() > 0 else None
    return isinstance(top, EditCommand) and top.adopt(chapters)


def push_edit(stack: QUndoStack, session: EditableSession, edit: E.Edit, **kw: Any) -> EditCommand:
    """Build and push an :class:`EditCommand`; raises ``EditError`` (nothing pushed) when invalid."""
    cmd = EditCommand(session, edit, **kw)
    stack.push(cmd)
    return cmd


def edits_on_stack(stack: QUndoStack) -> list[E.Edit]:
    """The edits currently applied (commands below the stack's index), oldest first."""
    out = []
    for i in range(stack.index()):
        cmd = stack.command(i)
        if isinstance(cmd, EditCommand):
            out.append(cmd.edit)
    return out


def bind_modified(stack: QUndoStack, widget: QWidget) -> None:
    """Show ``widget`` as modified (``[*]`` in its title) while the stack is not clean."""
    widget.setWindowModified(not stack.isClean())
    ref = weakref.ref(widget)

    def on_clean_changed(clean: bool) -> None:
        w = ref()
        if w is not None:
            try:
                w.setWindowModified(not clean)
            except RuntimeError:  # the widget is gone
                pass

    stack.cleanChanged.connect(on_clean_changed)


class CorrectionsAutosave(QObject):
    """Save a session's corrections (debounced, atomic) whenever its undo stack moves.

    ``session`` must have ``doc_id`` (or ``document.id``) and ``chapters``; its
    ``automatic_chapters`` and ``granularity`` are used when present. Call
    :meth:`close` (or at least :meth:`flush`) on quit. The store writes on a timer
    thread; the clean mark is set back on the GUI thread. The stack is held by a
    weak reference, because a ``QUndoStack`` emits ``indexChanged`` from its
    destructor and a receiver that kept it alive would be half torn down by then.
    """

    saved = Signal(str)  # doc id, emitted on the GUI thread after a write
    _written = Signal(str, int)  # from the writer thread

    def __init__(self, session: Any, stack: QUndoStack, store: Optional[CorrectionsStore] = None,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stack = weakref.ref(stack)
        self.store = store if store is not None else CorrectionsStore()
        self._scheduled_index: dict[str, int] = {}
        self._closed = False
        self._chain_saved = self.store.on_saved
        ref = weakref.ref(self)

        def on_saved(doc_id: str) -> None:  # writer thread; weak, so the store does not keep us alive
            me = ref()
            if me is not None:
                me._on_store_saved(doc_id)

        self.store.on_saved = on_saved
        self._written.connect(self._on_written)
        stack.indexChanged.connect(self._on_stack_index_changed)

    @property
    def stack(self) -> Optional[QUndoStack]:
        return self._stack()

    @property
    def doc_id(self) -> str:
        doc_id = getattr(self.session, "doc_id", None)
        return doc_id if doc_id else self.session.document.id

    def schedule(self) -> None:
        """Queue a save of the current state (called on every undo-stack move)."""
        stack = self.stack
        if stack is None:
            return
        self._scheduled_index[self.doc_id] = stack.index()
        self.store.schedule_save(
            self.doc_id,
            list(self.session.chapters),
            automatic=getattr(self.session, "automatic_chapters", None),
            granularity=int(getattr(self.session, "granularity", 0) or 0),
            history=edits_on_stack(stack),
            doc=getattr(self.session, "document", None),
        )

    def flush(self) -> None:
        """Write pending corrections now (on quit); raises ``StorageError`` if the disk refuses."""
        self.store.flush()

    def close(self) -> None:
        """Stop following the stack and write what is pending."""
        if not self._closed:
            self._closed = True
            stack = self.stack
            if stack is not None:
                try:
                    stack.indexChanged.disconnect(self._on_stack_index_changed)
                except (RuntimeError, TypeError):
                    pass
        self.flush()

    @Slot(int)
    def _on_stack_index_changed(self, _index: int) -> None:
        if self._closed:
            return
        try:
            self.schedule()
        except RuntimeError:  # the stack is being destroyed (QUndoStack.clear() in its destructor)
            self._closed = True

    def _on_store_saved(self, doc_id: str) -> None:  # writer thread
        self._written.emit(doc_id, self._scheduled_index.get(doc_id, -1))
        if self._chain_saved is not None:
            self._chain_saved(doc_id)

    @Slot(str, int)
    def _on_written(self, doc_id: str, index: int) -> None:
        stack = self.stack
        try:
            if (
                stack is not None
                and doc_id == self.doc_id
                and index == stack.index()
                and not self.store.has_pending(doc_id)
            ):
                stack.setClean()
        except RuntimeError:
            return
        self.saved.emit(doc_id)
