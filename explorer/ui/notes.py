"""Notes on passages, in the window: "Add note…" on a sentence or the selected rows, a Notes
panel (left dock) that lists them in document order, jumps to one, edits, deletes, and
copies them all as Markdown. The panel filters its notes as typed, and lists either this
document's notes or every document's (a click on another document's note opens it there).
Storage is :mod:`explorer.core.notes` (saved at once, atomically; a refusal of the disk
is said and the note stays in the panel)."""
from __future__ import annotations

import logging
from typing import Optional

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from explorer.core.errors import StrataError
from explorer.core.notes import (
    LibraryNote,
    Note,
    NotesStore,
    edited,
    library_notes_markdown,
    list_notes_job,
    new_note,
    notes_markdown,
    place,
)

log = logging.getLogger(__name__)

NoteRole = Qt.ItemDataRole.UserRole + 1


class NotesPanel(QWidget):
    """The list of notes; ``note_activated(note)`` on click or Enter (a :class:`Note` of the open
    document, or a :class:`LibraryNote` when every document's notes are listed);
    ``filter_changed()`` when the filter text or the scope changes."""

    note_activated = Signal(object)
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    copy_all_requested = Signal()
    filter_changed = Signal()

    HINT = "Right-click a sentence (or selected transcript rows) and choose “Add note…”."
    MAX_LISTED = 300  # every document's notes can be thousands: the filter narrows them (5,000 rows take 0.3-0.6 s)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter notes")
        self.filter_edit.setClearButtonEnabled(True)
        self.scope = QComboBox()
        self.scope.addItems(["This document", "All documents"])
        self.scope.setToolTip("List the open document's notes, or every document's")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.filter_changed.emit)
        self.filter_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.scope.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.scope)
        self.hint = QLabel(self.HINT)
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.note_activated.emit(item.data(NoteRole)))
        self.list.itemClicked.connect(lambda item: self.note_activated.emit(item.data(NoteRole)))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)

    @property
    def query(self) -> str:
        return self.filter_edit.text().strip()

    @property
    def every_document(self) -> bool:
        return self.scope.currentIndex() == 1

    def set_notes(self, doc, notes: list[Note]) -> None:  # noqa: ANN001 - Document or None
        """This document's notes (those matching the filter)."""
        from explorer.core.find import fold

        wanted = fold(self.query)
        self.list.clear()
        for note in notes:
            excerpt = _excerpt(doc, note)
            if wanted and wanted not in fold(f"{note.text}\n{excerpt}"):
                continue
            item = QListWidgetItem(f"{_where(doc, note)}  {excerpt}\n{note.text}")
            item.setData(NoteRole, note)
            item.setToolTip(note.text)
            self.list.addItem(item)
        self._hint(bool(notes))

    def set_library_notes(self, notes: list[LibraryNote], current_id: str = "") -> None:
        """Every document's notes, each under its document's title (the first :data:`MAX_LISTED`,
        then a line saying how many more the filter can bring up)."""
        self.list.clear()
        for x in notes[:self.MAX_LISTED]:
            passage = f"“{x.passage[:90]}{'…' if len(x.passage) > 90 else ''}”" if x.passage else ""
            item = QListWidgetItem(f"{x.title} · {x.place}  {passage}\n{x.note.text}")
            item.setData(NoteRole, x)
            item.setToolTip(f"{x.note.text}\n\n{x.path}" + ("" if x.doc_id != current_id else "\n(open)"))
            self.list.addItem(item)
        if len(notes) > self.MAX_LISTED:
            more = QListWidgetItem(f"… and {len(notes) - self.MAX_LISTED:,} more: type in the filter to narrow them")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)
        self._hint(bool(notes) or bool(self.query))

    def _hint(self, any_notes: bool) -> None:
        if self.list.count():
            self.hint.hide()
            return
        self.hint.setText("No note matches the filter." if any_notes and self.query else
                          "No document has notes yet. " + self.HINT if self.every_document else self.HINT)
        self.hint.show()

    def notes(self) -> list:
        return [n for i in range(self.list.count()) if (n := self.list.item(i).data(NoteRole)) is not None]

    def menu_for(self, note) -> QMenu:  # noqa: ANN001 - Note, LibraryNote or None
        menu = QMenu(self)
        for text, signal, ok in (("Go to", self.note_activated, note is not None),
                                 ("Edit note…", self.edit_requested, isinstance(note, Note)),
                                 ("Delete note", self.delete_requested, isinstance(note, Note))):
            act = menu.addAction(text)
            act.setEnabled(ok)
            act.triggered.connect(lambda _c=False, s=signal: s.emit(note))
        menu.addSeparator()
        every = menu.addAction("Copy these notes as Markdown")
        every.setEnabled(bool(self.notes()))
        every.triggered.connect(lambda _c=False: self.copy_all_requested.emit())
        return menu

    def _on_menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        item = self.list.itemAt(pos)
        self.menu_for(item.data(NoteRole) if item is not None else None).popup(self.list.viewport().mapToGlobal(pos))


def _where(doc, note: Note) -> str:  # noqa: ANN001
    return place(doc, note.start) if doc is not None else ""


def _excerpt(doc, note: Note) -> str:  # noqa: ANN001
    if doc is None or not 0 <= note.start < len(doc.sentences):
        return ""
    text = " ".join(s.text for s in doc.sentences[note.start:min(note.end, note.start + 3)])
    return f"“{text[:90]}{'…' if len(text) > 90 else ''}”"


class NoteCommand(QUndoCommand):
    """A change to a document's notes on its undo stack, beside the chapter edits: the notes
    before and after, each saved again on undo and redo. Pushed after the change was saved,
    so the first redo (Qt's, on push) does nothing."""

    def __init__(self, controller: "NotesController", session, before: list[Note], after: list[Note],  # noqa: ANN001
                 what: str) -> None:
        super().__init__(what)
        self.controller, self.session = controller, session
        self.before, self.after = before, after
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.controller._save(self.after, self.session)  # noqa: SLF001

    def undo(self) -> None:
        self.controller._save(self.before, self.session)  # noqa: SLF001


class NotesController(QObject):
    """Create once per window: ``window.notes = NotesController(window, panel)``. ``listed`` when
    every document's notes have been listed (they are read on a worker)."""

    listed = Signal()

    def __init__(self, window, panel: NotesPanel) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.store = NotesStore()
        self.session = None
        self.items: list[Note] = []
        self.dialog: Optional[QInputDialog] = None
        panel.note_activated.connect(self.go_to)
        panel.edit_requested.connect(self.ask_edit)
        panel.delete_requested.connect(self.delete)
        panel.copy_all_requested.connect(self.copy_all)
        panel.filter_changed.connect(self._show_list)  # the marks in the text do not depend on the filter
        self._pending_note = ""  # a note of another document: shown once that document is open
        self.library_notes: list[LibraryNote] = []  # every document's notes matching the filter, as last listed
        window.session_changed.connect(self._on_session_changed)
        # a reset of the transcript (another document, renamed speakers) drops its marks: put them back
        window.transcript_view.transcript_model.modelReset.connect(self._mark)

    def _on_session_changed(self, session) -> None:  # noqa: ANN001
        self.session = session
        self.items = self.store.load(session.document) if session is not None else []
        self._show()
        if session is not None and self.store.carried_from and self._save(self.items):
            self.window.statusBar().showMessage(
                f"{len(self.items)} notes carried over from the earlier version of this file", 6000)
        pending, self._pending_note = self._pending_note, ""
        note = next((x for x in self.items if x.id == pending), None) if pending else None
        if note is not None:
            QTimer.singleShot(0, lambda: self.go_to(note))  # after the window restored its reading place

    def _show(self) -> None:
        self._show_list()
        self._mark()

    def _show_list(self) -> None:
        if self.panel.every_document:
            self._list_library()
        else:
            self.panel.set_notes(self.session.document if self.session is not None else None, self.items)

    def _list_library(self) -> None:
        """Every document's notes, read on the "search" lane: the first listing parses every
        notes file (0.3 s for 500 documents), which the GUI thread must not do."""
        query, current = self.panel.query, (self.session.doc_id if self.session is not None else "")
        workers = self.window.workers
        if workers.closed:
            return
        h = workers.submit("search", list_notes_job, str(self.store.root), query, name="List notes",
                           key="notes-list")
        h.finished.connect(lambda notes: self._on_listed(notes, query, current))
        h.failed.connect(lambda exc: log.warning("notes could not be listed: %s", exc))

    def _on_listed(self, notes: list, query: str, current: str) -> None:
        if self.panel.every_document and self.panel.query == query:
            self.library_notes = notes
            self.panel.set_library_notes(notes, current)
            self.listed.emit()

    def _mark(self) -> None:
        """The notes' marks where the text is read: the transcript's gutter, the page margin."""
        s = self.session
        marks: dict[int, str] = {}
        for note in self.items:
            for row in range(note.start, note.end):
                marks[row] = f"{marks[row]}\n{note.text}" if row in marks else note.text
        if s is None or s.is_pdf:
            self.window.transcript_view.transcript_model.set_notes({})
        else:
            self.window.transcript_view.transcript_model.set_notes(marks)
        pins = []
        if s is not None and s.is_pdf:
            sents = s.document.sentences
            for note in self.items:
                if 0 <= note.start < len(sents):
                    pairs = sents[note.start].anchor.placed_rects()
                    if pairs:
                        pins.append((pairs[0][0], pairs[0][1], note.text))
        self.window.page_view.set_note_marks(pins)

    def _save(self, notes: list[Note], session=None) -> bool:  # noqa: ANN001 - DocumentSession
        s = session if session is not None else self.session
        try:
            self.store.save(s.document, notes)
        except StrataError as exc:
            self.window.message_bar.show_message(f"The note could not be saved: {exc}", level="error")
            return False
        if s is self.session:
            self.items = sorted(notes, key=lambda x: (x.start, x.end))
            self._show()
        return True

    def _change(self, notes: list[Note], what: str) -> bool:
        """Save ``notes`` as the document's notes, as one step of Edit > Undo ("Undo Delete note")."""
        s = self.session
        before = list(self.items)
        if not self._save(notes):
            return False
        stack = getattr(s, "undo_stack", None)
        if stack is not None:
            stack.push(NoteCommand(self, s, before, list(notes), what))
        return True

    # --- the user's actions ---------------------------------------------------------------
    def ask_add(self, rows: list[int]) -> Optional[QInputDialog]:
        """Ask for the text of a note on sentences ``rows`` (their span)."""
        s = self.session
        rows = sorted(r for r in rows if s is not None and 0 <= r < len(s.document.sentences))
        if not rows:
            return None
        return self._ask("Add note", "", lambda text: self.add(rows[0], rows[-1] + 1, text))

    def add(self, start: int, end: int, text: str) -> bool:
        if self.session is None or not text.strip():
            return False
        ok = self._change([*self.items, new_note(start, end, text)], "Add note")
        if ok:
            self.window.notes_dock.show()
            self.window.statusBar().showMessage("Note added (Notes panel)", 4000)
        return ok

    def ask_edit(self, note: Optional[Note]) -> Optional[QInputDialog]:
        if note is None:
            return None
        return self._ask("Edit note", note.text, lambda text: self.edit(note, text))

    def edit(self, note: Note, text: str) -> bool:
        if not text.strip():
            return self.delete(note)
        return self._change([edited(x, text) if x.id == note.id else x for x in self.items], "Edit note")

    def delete(self, note: Optional[Note]) -> bool:
        if note is None:
            return False
        return self._change([x for x in self.items if x.id != note.id], "Delete note")

    def go_to(self, note) -> None:  # noqa: ANN001 - Note, LibraryNote or None
        s = self.session
        if isinstance(note, LibraryNote):
            own = next((x for x in self.items if x.id == note.note.id), None) if s is not None else None
            if own is not None and s.doc_id == note.doc_id:
                note = own
            elif note.path:
                self._pending_note = note.note.id
                self.window.open_path(note.path)
                return
            else:
                return
        if note is None or s is None or not 0 <= note.start < len(s.document.sentences):
            return
        self.window.history.push(self.window.current_location())
        self.window.highlight_sentences(range(note.start, min(note.end, len(s.document.sentences))), note.start)

    def copy_all(self) -> None:
        """The notes the panel lists (this document's, or every document's matching the filter)
        as Markdown, each passage quoted with its place."""
        if self.panel.every_document:
            listed = self.library_notes  # as last listed, all of them (the panel shows the first few hundred)
            text = library_notes_markdown(listed)
        else:
            listed = [x for x in self.panel.notes() if isinstance(x, Note)]
            text = notes_markdown(self.session.document, listed) if self.session is not None and listed else ""
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(f"Copied {len(listed)} notes as Markdown", 4000)

    def _ask(self, title: str, text: str, done) -> QInputDialog:  # noqa: ANN001 - callable(str)
        dlg = QInputDialog(self.window)
        dlg.setWindowTitle(title)
        dlg.setLabelText("Note:")
        dlg.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dlg.setTextValue(text)
        dlg.textValueSelected.connect(done)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.dialog = dlg
        dlg.open()
        return dlg
