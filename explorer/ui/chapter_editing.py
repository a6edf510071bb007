"""Manual chapter correction in the window: the controller that wires edits to the views.

:class:`ChapterEditing` owns no document state: every edit is a core edit
(:mod:`explorer.core.edits`) pushed on the session's ``QUndoStack`` as an
:class:`~explorer.ui.commands.EditCommand`, so undo/redo, the autosave and the
"modified" mark all follow the stack. It adds

* a **Chapter** menu (start a chapter at the current sentence -- Ctrl+Return --,
  merge with previous / next, rename, regenerate title, reset chapter / all);
* chapters from an outline or an imported chapter file (:mod:`chapter_outline`);
* context menus on the page, the transcript and the chapter panel, and inline
  rename in the chapter panel (the model's ``rename_requested``);
* boundary drags on the page, the transcript and the plot (:mod:`editing_drag`,
  :mod:`editing_drag_views`):
  the drag previews and snaps to sentence starts, one undo step on release;
* one :class:`CorrectionsAutosave` per session (closed on session change and quit)
  and the window's ``[*]`` modified mark until the corrections are on disk;
* background titling of chapters an edit left untitled (compute lane), adopted into
  the undo command so redo shows the titles. Re-indexing of the changed chapters is
  the window's job (``session.chapters_edited`` -> ``AnalysisController.reindex_chapters``).

Errors of an edit (:class:`EditError`) go to the window's non-modal message bar.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu

from explorer.core import edits as E
from explorer.core.model import Chapter
from explorer.ui.commands import CorrectionsAutosave, adopt_titles, bind_modified, push_edit
from explorer.ui.copy_text import copy_chapter, copy_chapters_as, copy_rows

log = logging.getLogger(__name__)


def title_chapters_job(doc, chapters, indices, embeddings, blocks, *, progress=None, cancel=None):
    """compute lane: titles for ``chapters[indices]`` (the pipeline's own titler), others unchanged.

    ``doc`` is a Document or, on a process lane, an :class:`explorer.ui.analysis.DocRef`."""
    from explorer.core.embedding import default_embedder
    from explorer.core.pipeline import make_titler
    from explorer.ui.analysis import resolve

    if cancel is not None:
        cancel.check()
    doc = resolve(doc)  # a DocRef on a process lane: the child loads the file once
    embedder = default_embedder()
    if embeddings is None or len(embeddings) != len(doc.sentences):  # the analysis may not send them back
        from explorer.core.pipeline import sentence_embeddings

        embeddings = sentence_embeddings(doc, embedder, cancel=cancel)  # cached per (document, model)
    return tuple(make_titler(doc, embeddings, embedder, blocks or None)(tuple(chapters), list(indices)))


def _edited_sentence(edit: E.Edit, chapters) -> int | None:  # noqa: ANN001
    """A sentence of the chapter ``edit`` makes or changes (None for edits of every chapter)."""
    if isinstance(edit, E.Split):
        return edit.sentence
    if isinstance(edit, E.MoveBoundary):
        return edit.new_start
    chapter = getattr(edit, "chapter", None)
    if isinstance(edit, (E.Merge, E.Rename, E.RegenerateTitle, E.ResetToAutomatic)) and chapter is not None \
            and 0 <= chapter < len(chapters):
        return chapters[chapter].start
    return None


def _sentence_message(text: str) -> str:
    text = str(text).strip()
    return text[:1].upper() + text[1:] if text else text


class ChapterEditing(QObject):
    """Create once per window: ``window.chapter_editing = ChapterEditing(window)``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        from explorer.ui.editing_drag import PageBoundaryDrag
        from explorer.ui.editing_drag_views import PlotBoundaryDrag, TranscriptBoundaryDrag

        self.window = window
        self.session = None
        self.autosave: CorrectionsAutosave | None = None
        self.clicked_sentence: int | None = None  # last sentence clicked on a page (for Ctrl+Return)
        self._title_handle = None
        self._build_actions()
        from explorer.ui.chapter_outline import ChapterOutline

        self.outline = ChapterOutline(self)  # Use Outline as Chapters, Import Chapters from File
        self.page_drag = PageBoundaryDrag(self)
        self.transcript_drag = TranscriptBoundaryDrag(self)
        self.plot_drag = PlotBoundaryDrag(self)
        panel = window.chapter_panel
        panel.generated_model.editable = True
        panel.generated_model.rename_requested.connect(self._on_rename_requested)
        view = panel.generated_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_chapter_view_menu)
        window.session_changed.connect(self._on_session_changed)
        window.installEventFilter(self)
        self._update_actions()

    # --- actions and menus ----------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        from explorer.ui.actions import make_action

        return make_action(self.window, text, lambda _checked=False: slot(), shortcut, self.menu)

    def _build_actions(self) -> None:
        w = self.window
        self.menu = QMenu("&Chapter", w)
        self.split_action = self._action("&Start a Chapter Here", self.split_at_current,
                                         ["Ctrl+Return", "Ctrl+Enter"])
        self.menu.addSeparator()
        self.merge_prev_action = self._action("Merge with &Previous", lambda: self.merge_previous(self.current_chapter()))
        self.merge_next_action = self._action("Merge with &Next", lambda: self.merge_next(self.current_chapter()))
        self.menu.addSeparator()
        self.rename_action = self._action("&Rename…", lambda: self.start_rename(self.current_chapter()), "F2")
        self.regenerate_action = self._action("Re&generate Title",
                                              lambda: self.regenerate_title(self.current_chapter()))
        self.menu.addSeparator()
        self.reset_action = self._action("Reset Chapter to &Automatic", lambda: self.reset_chapter(self.current_chapter()))
        self.reset_all_action = self._action("Reset &All Chapters to Automatic", self.reset_all)
        self.menu.addSeparator()
        # The automatic split, coarser or finer (the Settings' "Chapters" level); corrections are kept.
        self.finer_action = self._action("&More Chapters", lambda: self._granularity(+1), "Ctrl+]")
        self.coarser_action = self._action("&Fewer Chapters", lambda: self._granularity(-1), "Ctrl+[")
        from explorer.ui.actions import add_menu_before_help

        add_menu_before_help(w, self.menu)
        self.edit_actions = [self.split_action, self.merge_prev_action, self.merge_next_action, self.rename_action,
                             self.regenerate_action, self.reset_action, self.reset_all_action]

    def _granularity(self, step: int) -> None:
        self.window.change_granularity(step)
        self._update_actions()

    def _update_actions(self) -> None:
        s = self.session
        editable = s is not None and bool(s.chapters)
        for act in self.edit_actions:
            act.setEnabled(editable)
        from explorer.ui.prefs import GRANULARITY_RANGE

        level = getattr(getattr(self.window, "analysis", None), "granularity", 0)
        self.finer_action.setEnabled(editable and level < GRANULARITY_RANGE[1])
        self.coarser_action.setEnabled(editable and level > GRANULARITY_RANGE[0])
        self.reset_all_action.setEnabled(editable and bool(s.automatic_chapters))
        self.reset_action.setEnabled(editable and bool(s.automatic_chapters))
        a = self.window.actions_
        a.export_chapters.setEnabled(editable)
        a.speakers.setEnabled(s is not None and not s.is_pdf and bool(s.document.speakers))
        a.next_chapter.setEnabled(editable)  # nowhere to go before a document has chapters
        a.prev_chapter.setEnabled(editable)
        stack = s.undo_stack if s is not None else None
        a.undo.setEnabled(stack is not None and stack.canUndo())
        a.redo.setEnabled(stack is not None and stack.canRedo())
        if getattr(self, "outline", None) is not None:
            self.outline.update_actions()
        a.undo.setText(f"&Undo {stack.undoText()}" if stack is not None and stack.canUndo() else "&Undo")
        a.redo.setText(f"&Redo {stack.redoText()}" if stack is not None and stack.canRedo() else "&Redo")

    def sentence_menu(self, sentence: int | None, parent=None) -> QMenu:
        """The context menu of a sentence (page or transcript); the caller shows it."""
        menu = QMenu(parent or self.window)
        s = self.session
        ok = s is not None and bool(s.chapters) and sentence is not None
        self._copy_actions(menu, sentence)
        media = getattr(self.window, "media", None)
        if media is not None and sentence is not None:
            media.add_menu_actions(menu, sentence)
        split = menu.addAction("Start a chapter here")
        split.setShortcut(QKeySequence("Ctrl+Return"))
        split.setEnabled(ok and sentence > 0 and sentence not in {c.start for c in s.chapters})
        split.triggered.connect(lambda _c=False, i=sentence: self.split_at(i))
        if ok:
            ci = s.chapter_index_of(sentence)
            self._chapter_actions(menu, ci)
        return menu

    def chapter_menu(self, ci: int, parent=None) -> QMenu:
        """The context menu of chapter ``ci`` (chapter panel)."""
        menu = QMenu(parent or self.window)
        copy = menu.addAction("Copy chapter text")
        copy.setEnabled(self.session is not None and 0 <= ci < len(self.session.chapters))
        copy.triggered.connect(lambda _c=False: copy_chapter(self.window, self.session, ci))
        for label, fmt in (("Copy outline", "markdown"), ("Copy summary", "summary")):
            act = menu.addAction(label)
            act.setEnabled(self.session is not None and bool(self.session.chapters))
            act.triggered.connect(lambda _c=False, f=fmt: copy_chapters_as(self.window, self.session, f))
        self._chapter_actions(menu, ci, rename=True)
        return menu

    def _copy_actions(self, menu: QMenu, sentence: int | None) -> None:
        """Copy the sentence under the mouse (or the transcript rows selected around it), or its
        chapter; find passages like it."""
        s = self.session
        if s is None or sentence is None or not (0 <= sentence < len(s.document.sentences)):
            return
        rows = [sentence]
        if not s.is_pdf:
            selected = self.window.transcript_view.selected_rows()
            if sentence in selected:
                rows = selected
        label = "Copy sentence" if len(rows) == 1 else f"Copy {len(rows)} sentences"
        copy = menu.addAction(label)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.triggered.connect(lambda _c=False: copy_rows(self.window, s.document, rows))
        if s.chapters:
            ci = s.chapter_index_of(sentence)
            whole = menu.addAction("Copy chapter text")
            whole.triggered.connect(lambda _c=False: copy_chapter(self.window, s, ci))
        similar = menu.addAction("Find similar passages")
        similar.triggered.connect(lambda _c=False: self.window.find_similar(rows))
        note = menu.addAction("Add note…")
        note.triggered.connect(lambda _c=False: self.window.notes.ask_add(rows))
        speaker = s.document.sentences[sentence].anchor.speaker
        if speaker and not s.is_pdf:
            from explorer.ui.speaker_rename import ask_rename_speaker

            ren = menu.addAction(f"Rename speaker “{speaker}”…")
            ren.triggered.connect(lambda _c=False, who=speaker: ask_rename_speaker(self.window, who))
            menu.addAction(self.window.actions_.speakers)
        menu.addSeparator()

    def _chapter_actions(self, menu: QMenu, ci: int, rename: bool = False) -> None:
        s = self.session
        n = len(s.chapters) if s is not None else 0
        menu.addSeparator()
        label = f"chapter {ci + 1}"
        prev = menu.addAction(f"Merge {label} with previous")
        prev.setEnabled(0 < ci < n)
        prev.triggered.connect(lambda _c=False: self.merge_previous(ci))
        nxt = menu.addAction(f"Merge {label} with next")
        nxt.setEnabled(0 <= ci < n - 1)
        nxt.triggered.connect(lambda _c=False: self.merge_next(ci))
        menu.addSeparator()
        if rename:
            ren = menu.addAction("Rename…")
            ren.setShortcut(QKeySequence("F2"))
            ren.setEnabled(0 <= ci < n)
            ren.triggered.connect(lambda _c=False: self.start_rename(ci))
        regen = menu.addAction("Regenerate title")
        regen.setEnabled(0 <= ci < n)
        regen.triggered.connect(lambda _c=False: self.regenerate_title(ci))
        reset = menu.addAction(f"Reset {label} to automatic")
        reset.setEnabled(0 <= ci < n and s is not None and bool(s.automatic_chapters))
        reset.triggered.connect(lambda _c=False: self.reset_chapter(ci))
        reset_all = menu.addAction("Reset all chapters to automatic")
        reset_all.setEnabled(n > 0 and s is not None and bool(s.automatic_chapters))
        reset_all.triggered.connect(lambda _c=False: self.reset_all())

    def _on_chapter_view_menu(self, pos: QPoint) -> None:
        view = self.window.chapter_panel.generated_view
        entry = self.window.chapter_panel.generated_model.entry(view.indexAt(pos))
        if entry is None or self.session is None:
            return
        self.chapter_menu(entry.chapter_index, view).popup(view.viewport().mapToGlobal(pos))

    # --- where the user is ------------------------------------------------------------------
    def current_chapter(self) -> int:
        ci = self.window.chapter_panel.current_chapter()
        return ci if ci >= 0 else self.window.current_chapter()

    def current_sentence(self) -> int | None:
        """The sentence Ctrl+Return splits at: the selected transcript row, the last sentence
        clicked on a page, the highlighted sentence, else the one a third down the view."""
        s = self.session
        if s is None:
            return None
        w = self.window
        if not s.is_pdf:
            idx = w.transcript_view.currentIndex()
            return idx.row() if idx.isValid() else w.transcript_view.top_row()
        if self.clicked_sentence is not None:
            return self.clicked_sentence
        if s.highlight:
            return s.highlight[0]
        page = w.page_view.current_page()
        if page < 0:
            return None
        y = w.page_view.mapToScene(0, w.page_view.viewport().height() // 3).y()
        return s.sentence_at(page, y - w.page_view.page_item(page).scenePos().y())

    # --- the edits --------------------------------------------------------------------------
    def apply(self, edit: E.Edit) -> bool:
        """Push ``edit`` as one undo step; an invalid edit shows why in the message bar."""
        s = self.session
        if s is None or not s.chapters:
            self.window.message_bar.show_message("Chapters can be corrected once the analysis has finished.",
                                                 level="info", details=False)
            return False
        where = _edited_sentence(edit, s.chapters)
        try:
            push_edit(s.undo_stack, s, edit)
        except E.EditError as exc:
            self.window.message_bar.show_message(_sentence_message(str(exc)), level="warning", details=False)
            return False
        if self.window.message_bar.isVisible() and self.window.message_bar.level == "warning":
            self.window.message_bar.hide()
        if where is not None and s.chapters:
            # the chapter the edit made or changed is the one selected (ready for F2), not
            # whichever the view happened to follow
            self.window.chapter_panel.set_current_chapter(s.chapter_index_of(where))
        return True

    def split_at(self, sentence: int | None) -> bool:
        return sentence is not None and self.apply(E.Split(int(sentence)))

    def split_at_current(self) -> bool:
        return self.split_at(self.current_sentence())

    def move_boundary(self, chapter: int, sentence: int) -> bool:
        return self.apply(E.MoveBoundary(int(chapter), int(sentence)))

    def merge_previous(self, chapter: int) -> bool:
        if chapter <= 0:
            self.window.message_bar.show_message("The first chapter has no previous chapter to merge with.",
                                                 level="warning", details=False)
            return False
        return self.apply(E.Merge(chapter - 1))

    def merge_next(self, chapter: int) -> bool:
        return self.apply(E.Merge(chapter))

    def rename(self, chapter: int, title: str) -> bool:
        return self.apply(E.Rename(chapter, title))

    def regenerate_title(self, chapter: int) -> bool:
        return self.apply(E.RegenerateTitle(chapter))

    def reset_chapter(self, chapter: int) -> bool:
        return self.apply(E.ResetToAutomatic(chapter))

    def reset_all(self) -> bool:
        return self.apply(E.ResetToAutomatic(None))

    def start_rename(self, chapter: int) -> None:
        """Open the inline editor on the chapter's title in the chapter panel."""
        panel = self.window.chapter_panel
        idx = panel.generated_model.index_of_chapter(chapter)
        if not idx.isValid():
            return
        self.window.chapter_dock.show()
        self.window.chapter_dock.raise_()
        panel.generated_view.setCurrentIndex(idx)
        panel.generated_view.edit(idx)

    def _on_rename_requested(self, chapter: int, title: str) -> None:
        # after the editor has closed: the edit resets the model the delegate is writing to
        def later() -> None:
            s = self.session
            if s is None or not (0 <= chapter < len(s.chapters)) or s.chapters[chapter].title == title.strip():
                return
            if not self.rename(chapter, title):
                self.window.chapter_panel.set_session(s)  # show the old title again

        QTimer.singleShot(0, later)

    # --- session lifecycle -------------------------------------------------------------------
    def _on_session_changed(self, session) -> None:
        self.close_autosave()
        self.session = session
        self.clicked_sentence = None
        self.page_drag.cancel()
        self.transcript_drag.cancel()
        self.plot_drag.cancel()
        w = self.window
        if session is None:
            w.setWindowModified(False)
            self._update_actions()
            return
        title = w.windowTitle()
        if "[*]" not in title:
            w.setWindowTitle(title.replace(" — ", "[*] — ", 1) if " — " in title else title + "[*]")
        stack = session.undo_stack
        self.autosave = CorrectionsAutosave(session, stack, parent=self)
        self.autosave.store.on_warning = lambda m: log.warning("%s", m)
        bind_modified(stack, w)
        for sig in (stack.canUndoChanged, stack.canRedoChanged):
            sig.connect(lambda _v, s=session: self._if_current(s, self._update_actions))
        stack.indexChanged.connect(lambda _i, s=session: self._if_current(s, self._after_stack_moved))
        session.chapters_changed.connect(lambda s=session: self._if_current(s, self._on_chapters_changed))
        session.analysis_started.connect(lambda s=session: self._if_current(s, self.flush))
        session.analysis_finished.connect(lambda _a, s=session: self._if_current(s, self._on_analysis_finished))
        session.closed.connect(lambda s=session: self._if_current(s, self.close_autosave))
        session.destroyed.connect(lambda _o=None, s=session: self._if_current(s, self._on_session_destroyed))
        self._update_actions()

    def _if_current(self, session, fn: Callable[[], Any]) -> None:
        if session is self.session:
            try:
                fn()
            except RuntimeError:  # the session is being torn down (its stack clears in its destructor)
                log.debug("session signal during teardown ignored", exc_info=True)

    def _on_session_destroyed(self) -> None:
        self.autosave = None
        self.session = None

    def _on_chapters_changed(self) -> None:
        self.plot_drag.hook()
        self._update_actions()

    def _on_analysis_finished(self) -> None:
        """A (re-)analysis replaced the chapters (saved corrections already applied): the
        commands on the stack no longer describe them, so the stack starts afresh."""
        s = self.session
        s.granularity = getattr(self.window.analysis, "granularity", 0)
        stack = s.undo_stack
        if stack.count():
            blocked = stack.blockSignals(True)  # nothing new to save: this state came from disk
            stack.clear()
            stack.blockSignals(blocked)
            self.window.setWindowModified(False)
        self._update_actions()

    def _after_stack_moved(self) -> None:
        self._update_actions()
        self._title_untitled()

    def flush(self) -> None:
        if self.autosave is not None:
            try:
                self.autosave.flush()
            except Exception as exc:
                log.exception("corrections could not be saved")
                self.window.message_bar.show_message(f"Your corrections could not be saved: {exc}", level="error")

    def close_autosave(self) -> None:
        """Write pending corrections and stop following the session's stack (session change, quit)."""
        if self.autosave is None:
            return
        autosave, self.autosave = self.autosave, None
        try:
            autosave.close()
        except Exception as exc:
            log.exception("corrections could not be saved")
            self.window.message_bar.show_message(f"Your corrections could not be saved: {exc}", level="error")
        autosave.deleteLater()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.close_autosave()
        return False

    # --- background titles --------------------------------------------------------------------
    def _title_untitled(self) -> None:
        """Title (on the compute lane) the chapters an edit left without a title."""
        s = self.session
        if s is None or s.analysis is None:
            return
        todo = [i for i, c in enumerate(s.chapters) if not c.title and c.title_source != "user"]
        if not todo:
            return
        chapters = tuple(s.chapters)
        workers = self.window.workers
        if workers.closed:
            return
        ref = getattr(self.window.analysis, "_ref", None)  # a DocRef when the compute lane is a process
        doc = ref("compute", s) if ref is not None else s.document
        h = workers.submit("compute", title_chapters_job, doc, chapters, todo,
                           getattr(s.analysis, "embeddings", None), dict(s.blocks), name="Titling chapters",
                           key=f"title:{s.doc_id}")
        h.finished.connect(lambda titled, s=s, before=chapters: self._on_titled(s, before, titled))
        h.failed.connect(lambda exc: log.warning("titles could not be generated: %s", exc))
        self._title_handle = h

    def _on_titled(self, session, before: tuple[Chapter, ...], titled: tuple[Chapter, ...]) -> None:
        if session is not self.session or tuple(session.chapters) != before:
            return  # edited again meanwhile: that edit titles its own chapters
        if [(c.start, c.end) for c in titled] != [(c.start, c.end) for c in before] or tuple(titled) == before:
            return
        view = self.window.chapter_panel.generated_view
        if view.state() == QAbstractItemView.State.EditingState:  # the user is typing a title: a model
            QTimer.singleShot(250, lambda: self._on_titled(session, before, titled))  # reset would drop it
            return
        session.set_chapters(list(titled), reason="Titles")
        adopt_titles(session.undo_stack, titled)
        if self.autosave is not None:
            self.autosave.schedule()  # the titles are saved with the edit
