"""Chapters from an outline the analyst already has: the document's own, or a chapter file.

Adds to the **Chapter** menu

* *Use Outline as Chapters*: the top level of the outline shown under the chapters (a
  PDF's bookmarks, the outline built from its headings, the chapter file found next to
  a transcript) becomes the chapters;
* *Import Chapters from File…*: a chapter list (Podcasting 2.0 JSON, WebVTT chapters,
  ffmetadata, a YouTube description, an MP3's ID3 chapters, ...) is read on the "open"
  lane, placed on the transcript's sentences by time, shown as the reference chapters
  and adopted;

and a context menu on the outline (use all of it, or start one chapter at an entry).
Each is one core edit (:class:`explorer.core.edits.UseChapters` or ``Split``) pushed
through :meth:`ChapterEditing.apply`: one undo step, saved like any correction.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from explorer.core import edits as E
from explorer.core.errors import StrataError

log = logging.getLogger(__name__)

CHAPTER_FILE_FILTER = (
    "Chapter lists and tables of contents (*.json *.vtt *.ffmetadata *.txt *.md *.mp3 *.m4a *.xml);;All files (*)"
)


def read_chapter_file_job(path: str, paged: bool = False, *, progress=None, cancel=None):  # noqa: ANN001, ANN201
    """open lane: the chapters a file lists (an MP3 can be large, so not on the UI thread)."""
    from explorer.core.outline_chapters import read_chapter_file

    if cancel is not None:
        cancel.check()
    return read_chapter_file(path, paged)


class ChapterOutline(QObject):
    """Create once per window, after :class:`ChapterEditing` (whose menu and edits it uses)."""

    def __init__(self, editing) -> None:  # noqa: ANN001 - ChapterEditing
        super().__init__(editing)
        self.editing = editing
        self.window = editing.window
        self._read_handle: Any = None
        self.question: Optional[QMessageBox] = None  # "use this chapter list for that transcript?"
        menu = editing.menu
        menu.addSeparator()
        self.use_outline_action = editing._action("Use &Outline as Chapters", self.use_outline)
        self.import_action = editing._action("&Import Chapters from File…", self.show_import_dialog)
        view = self.window.chapter_panel.reference_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_reference_menu)
        self.update_actions()

    # --- state ------------------------------------------------------------------------
    def _placed(self) -> list:
        s = self.editing.session
        return [r for r in (s.reference_chapters if s is not None else []) if r.start_sentence is not None]

    def can_import(self) -> bool:
        """A chapter file fits a PDF (pages) or a transcript with times."""
        s = self.editing.session
        return (s is not None and bool(s.chapters) and (s.document.kind == "pdf" or (
            s.document.kind == "transcript" and any(x.anchor.start is not None for x in s.document.sentences))))

    def update_actions(self) -> None:
        s = self.editing.session
        editable = s is not None and bool(s.chapters)
        self.use_outline_action.setEnabled(editable and bool(self._placed()))
        self.import_action.setEnabled(self.can_import())
        self.import_action.setToolTip("" if self.can_import() else
                                      "Open a PDF (a table of contents, an exported outline) or a transcript "
                                      "with timestamps (a chapter list) first")

    def _source_name(self) -> str:
        s = self.editing.session
        source = s.document.metadata.get("chapters_source", "") if s is not None else ""
        if s is not None and source.startswith("chapters imported from "):
            return source.removeprefix("chapters imported from ")
        return "the outline"

    # --- the edits ----------------------------------------------------------------------
    def use_outline(self) -> bool:
        """Make the top level of the shown outline the chapters (one undo step)."""
        s = self.editing.session
        if s is None or not s.reference_chapters:
            self.window.message_bar.show_message("This document has no outline to take chapters from.",
                                                 level="info", details=False)
            return False
        from explorer.core.outline_chapters import use_outline

        try:
            edit = use_outline(s.reference_chapters, self._source_name())
        except E.EditError as exc:
            self.window.message_bar.show_message(str(exc)[:1].upper() + str(exc)[1:] + ".", level="warning",
                                                 details=False)
            return False
        return self.editing.apply(edit)

    def show_import_dialog(self) -> None:
        s = self.editing.session
        if s is None:
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import chapters", str(Path(s.path).parent),
                                              CHAPTER_FILE_FILTER)
        if path:
            self.import_file(path)

    def offer_import(self, path: str) -> Optional[QMessageBox]:
        """A chapter list opened or dropped on the open transcript: imported at once when its
        name says it is this recording's ("talk.chapters.json" for "talk.vtt"), else after the
        user says so (returns the question, or None when it imported at once)."""
        s = self.editing.session
        if s is not None and same_recording(path, s.document.path):
            self.import_file(path, announce=True)
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Import chapters",
                          f"{Path(path).name} is a chapter list, not a transcript. Use its chapters for "
                          f"{Path(s.document.path).name if s is not None else 'the open transcript'}?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.import_file(path, announce=True))
        box.finished.connect(lambda _r: self._forget_question(box))
        self.question = box
        box.open()
        return box

    def _forget_question(self, box: QMessageBox) -> None:
        if self.question is box:
            self.question = None
        box.deleteLater()

    def import_file(self, path: str, announce: bool = False) -> Optional[Any]:
        """Read ``path`` in the background, then place and adopt its chapters; returns the task.

        ``announce``: say so in the message bar (the user opened the file rather than
        asking for an import)."""
        s = self.editing.session
        if s is None or not self.can_import():
            self.window.message_bar.show_message(
                "Open a PDF or a transcript with timestamps to import chapters into.",
                level="info", details=False)
            return None
        h = self.window.workers.submit("open", read_chapter_file_job, path, s.document.kind == "pdf",
                                       name=f"Reading {Path(path).name}", key="import-chapters")
        h.finished.connect(lambda chapters, s=s, p=path: self._on_read(s, p, chapters, announce))
        h.failed.connect(lambda exc, p=path: self._on_failed(p, exc))
        self._read_handle = h
        return h

    def _on_failed(self, path: str, exc: BaseException) -> None:
        self.window.message_bar.show_message(f"The chapters of {Path(path).name} could not be read: {exc}",
                                             level="warning", details=False)

    def _on_read(self, session, path: str, chapters, announce: bool = False) -> None:  # noqa: ANN001
        if session is not self.editing.session:
            return  # another document was opened meanwhile
        from explorer.core.outline_chapters import left_out_message, place_chapter_file, use_outline

        name = Path(path).name
        try:
            placed = place_chapter_file(session.document, chapters, name)
            edit = use_outline(placed, name)
        except StrataError as exc:
            self._on_failed(path, exc)
            return
        session.reference_chapters = placed
        session.document.metadata["chapters_source"] = f"chapters imported from {name}"
        self.window.chapter_panel.set_session(session)  # the outline pane shows the file
        if not self.editing.apply(edit):
            return
        said = []
        if announce:
            said.append(f"{name} is a chapter list: its chapters are now this transcript's (Undo takes them back).")
        if left_out := left_out_message(session.document, placed, name):
            said.append(left_out)
        if said:
            self.window.message_bar.show_message(" ".join(said), level="info", details=False)

    # --- the outline's context menu ---------------------------------------------------------
    def reference_menu(self, entry) -> QMenu:  # noqa: ANN001 - ChapterEntry or None
        menu = QMenu(self.window)
        s = self.editing.session
        editable = s is not None and bool(s.chapters)
        one = menu.addAction("Start a chapter here")
        ok = (editable and entry is not None and entry.sentence is not None and entry.sentence > 0
              and entry.sentence not in {c.start for c in s.chapters})
        one.setEnabled(bool(ok))
        if entry is not None:
            title = entry.title if entry.title != "(untitled)" else None
            one.triggered.connect(lambda _c=False, i=entry.sentence, t=title: self.editing.apply(E.Split(int(i), t)))
        every = menu.addAction("Use the whole outline as chapters")
        every.setEnabled(editable and bool(self._placed()))
        every.triggered.connect(lambda _c=False: self.use_outline())
        return menu

    def _on_reference_menu(self, pos: QPoint) -> None:
        view = self.window.chapter_panel.reference_view
        entry = self.window.chapter_panel.reference_model.entry(view.indexAt(pos))
        self.reference_menu(entry).popup(view.viewport().mapToGlobal(pos))


def same_recording(chapter_file: str, transcript: str) -> bool:
    """Whether a chapter file's name says it belongs to this transcript: the same name before
    the first dot ("talk.chapters.json", "talk.youtube.txt" for "talk.vtt"), or one name the
    start of the other ("episode12-chapters.json" for "episode12.srt")."""
    a = Path(chapter_file).name.split(".", 1)[0].casefold()
    b = Path(transcript).name.split(".", 1)[0].casefold()
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))
