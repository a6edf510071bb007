"""Main-window mixin: moving around a document and the back/forward history.
"""
from __future__ import annotations

import logging
from typing import Optional

from explorer.ui.history import Location

log = logging.getLogger(__name__)


class NavigationMixin:
    """Pages, chapters, sentences, back/forward history and the position shown in the status bar."""

    # --- navigation ---------------------------------------------------------------------------
    def current_location(self) -> Optional[Location]:
        session = self.session
        if session is None:
            return None
        if session.is_pdf:
            page = self.page_view.current_page()
            top = self.page_view.mapToScene(0, 0).y()
            y = None
            if page >= 0:
                y = max(0.0, top - self.page_view.page_item(page).scenePos().y())
            return Location(session.path, session.doc_id, page=page, y=y)
        return Location(session.path, session.doc_id, sentence=self.transcript_view.top_row())

    def _go_to_location(self, loc: Location) -> None:
        if self.session is None or self.session.doc_id != loc.doc_id:
            self.open_path(loc.path)  # opens at the remembered position
            return
        if self.session.is_pdf and loc.page is not None:
            self.page_view.go_to_page(loc.page, (loc.y or 0) + 24 if loc.y is not None else None)
        elif loc.sentence is not None:
            self.transcript_view.scroll_to_sentence(loc.sentence)

    def go_back(self) -> None:
        loc = self.history.back(self.current_location())
        if loc is not None:
            self._go_to_location(loc)

    def go_forward(self) -> None:
        loc = self.history.forward(self.current_location())
        if loc is not None:
            self._go_to_location(loc)

    def next_page(self) -> None:
        if self.stack.currentWidget() is self.page_view:
            self.page_view.next_page()
        elif self.stack.currentWidget() is self.transcript_view:
            bar = self.transcript_view.verticalScrollBar()
            bar.setValue(bar.value() + bar.pageStep())

    def previous_page(self) -> None:
        if self.stack.currentWidget() is self.page_view:
            self.page_view.previous_page()
        elif self.stack.currentWidget() is self.transcript_view:
            bar = self.transcript_view.verticalScrollBar()
            bar.setValue(bar.value() - bar.pageStep())

    def current_chapter(self) -> int:
        session = self.session
        if session is None or not session.chapters:
            return -1
        if session.is_pdf:
            page = max(0, self.page_view.current_page())
            y = self.page_view.mapToScene(0, self.page_view.viewport().height() // 3).y()
            s = session.sentence_at(page, y - self.page_view.page_item(page).scenePos().y())
        else:
            s = self.transcript_view.top_row()
        return session.chapter_index_of(s if s is not None else len(session.document.sentences) - 1)

    def go_to_chapter(self, index: int) -> None:
        session = self.session
        if session is None or not (0 <= index < len(session.chapters)):
            return
        self.jump_to_sentence(session.chapters[index].start)

    def next_chapter(self) -> None:
        self.go_to_chapter(self.current_chapter() + 1)

    def previous_chapter(self) -> None:
        self.go_to_chapter(max(0, self.current_chapter() - 1))

    def jump_to_sentence(self, sentence: int) -> None:
        """A jump the user asked for (chapter, plot): recorded in the history."""
        self.history.push(self.current_location())
        self.go_to_sentence(sentence)

    def go_to_sentence(self, sentence: int) -> None:
        """Scroll to ``sentence`` (its page and first line, or its transcript row)."""
        session = self.session
        if session is None or not (0 <= sentence < len(session.document.sentences)):
            return
        anchor = session.document.sentences[sentence].anchor
        if session.is_pdf:
            self.mark_jump_target(sentence)
            if anchor.page is not None:
                y = anchor.rects[0].y0 if anchor.rects else None
                self.page_view.go_to_page(anchor.page, y)
        else:
            self.transcript_view.scroll_to_sentence(sentence)

    def go_to_prompt(self) -> tuple[str, str]:
        """What Go > Go to… asks for in the open document: ``(action text, dialog label)``."""
        session = self.shown_session()
        if session is None or session.is_pdf:
            n = session.document.page_count if session is not None else 0
            return "&Go to Page…", f"Page (a printed label such as iv, or 1 to {n}; #N for the Nth page):"
        if session.document.has_times:
            return "&Go to Time…", "Time (1:05:30, 12:30, 45 for minutes, or 1h5m):"
        return "&Go to Sentence…", f"Sentence (1 to {len(session.document.sentences)}):"

    def ask_go_to(self) -> None:
        """Go > Go to Page / Time / Sentence… (Ctrl+G): a window-modal prompt, then :meth:`go_to_text`."""
        if self.shown_session() is None:
            return
        from PySide6.QtWidgets import QInputDialog

        text, label = self.go_to_prompt()
        dlg = QInputDialog(self)
        dlg.setWindowTitle(text.replace("&", "").rstrip("…"))
        dlg.setLabelText(label)
        dlg.setInputMode(QInputDialog.InputMode.TextInput)
        dlg.textValueSelected.connect(self.go_to_text)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.go_to_dialog = dlg
        dlg.open()

    def go_to_text(self, text: str) -> bool:
        """Go where ``text`` says (a page, a time or a sentence number); recorded in the history.
        Input that names no place in this document says so in the message bar and moves nothing."""
        from explorer.core.goto import page_for, parse_time, sentence_at_time, sentence_for

        session = self.shown_session()
        if session is None:
            return False
        doc = session.document
        if session.is_pdf:
            page = page_for(text, [p.label for p in doc.pages])
            if page is not None:
                self.history.push(self.current_location())
                self.page_view.go_to_page(page)
                return True
            problem = f"There is no page “{text.strip()}” in this document (pages 1 to {doc.page_count})."
        else:
            if doc.has_times:
                t = parse_time(text)
                sentence = sentence_at_time(doc, t) if t is not None else None
                problem = f"“{text.strip()}” is not a time such as 12:30 or 1:05:30."
            else:
                sentence = sentence_for(text, len(doc.sentences))
                problem = f"There is no sentence “{text.strip()}” (1 to {len(doc.sentences)})."
            if sentence is not None:
                self.jump_to_sentence(sentence)
                return True
        self.message_bar.show_message(problem, level="warning", details=False)
        return False

    def _on_chapter_panel_entry_activated(self, entry) -> None:  # noqa: ANN001 - ChapterEntry
        session = self.session
        if session is None:
            return
        self.history.push(self.current_location())
        if session.is_pdf:
            if entry.sentence is not None:
                self.mark_jump_target(entry.sentence)
            page = entry.page
            if page is None and entry.sentence is not None:
                page = session.sentence_page(entry.sentence)
            if page is not None:
                self.page_view.go_to_page(page, entry.y)
        else:
            row = entry.sentence
            if row is None and entry.time is not None:
                row = session.first_sentence_at_time(entry.time)
            if row is not None:
                self.transcript_view.scroll_to_sentence(row)

    def _on_page_view_current_page_changed(self, _page: int) -> None:
        self._update_position()

    def mark_jump_target(self, sentence: int) -> None:
        """The sentence a jump (a search hit, a chapter, Go to, Find) brought into view: the chapter
        panel shows its chapter while it stays in view. Guessed from the scroll position
        alone, a page of several columns named the chapter of whatever sentence of its last
        column sat level with the view's top third, not the one the user asked for."""
        session = self.session
        self._jump_target = (session.doc_id, sentence) if session is not None else None

    def _jump_target_in_view(self) -> Optional[int]:
        target, session = self._jump_target, self.session
        if target is None or session is None or target[0] != session.doc_id:
            self._jump_target = None
            return None
        sentence = target[1]
        sents = session.document.sentences
        anchor = sents[sentence].anchor if 0 <= sentence < len(sents) else None
        if anchor is None or anchor.page is None or not anchor.rects or not self.page_view.shows_rect(
                anchor.page, anchor.rects[0]):
            self._jump_target = None  # gone, or scrolled away: the scroll position speaks again
            return None
        return sentence

    def _follow_current_chapter(self) -> None:
        """Select the chapter of the sentence a jump brought into view, else of the sentence a
        third of the way down the view (a transcript: of its current row, else its top row)."""
        session = self.session
        if session is None or not session.chapters:
            return
        if not session.is_pdf:
            view = self.transcript_view
            row = view.currentIndex().row() if view.currentIndex().isValid() else view.top_row()
            if 0 <= row < len(session.document.sentences):
                self.chapter_panel.set_current_chapter(session.chapter_index_of(row), row)
            return
        sentence = self._jump_target_in_view()
        if sentence is None:
            page = self.page_view.current_page()
            if page < 0:
                return
            y = self.page_view.mapToScene(0, self.page_view.viewport().height() // 3).y()
            y -= self.page_view.page_item(page).scenePos().y()
            sentence = session.sentence_at(page, y)
        if sentence is not None:
            self.chapter_panel.set_current_chapter(session.chapter_index_of(sentence), sentence)

    def _on_page_view_zoom_changed(self, _zoom: float) -> None:
        self._update_position()

    def _on_transcript_view_current_sentence_changed(self, row: int) -> None:
        session = self.session
        if session is not None and session.chapters:
            self.chapter_panel.set_current_chapter(session.chapter_index_of(row), row)
        self._update_position()

    def shown_session(self):  # noqa: ANN201 - DocumentSession or None
        """The session whose pages or text the window shows: the open document's, or a PDF's
        still loading (a long scan can be read, zoomed and paged through meanwhile)."""
        if self.stack.currentWidget() is self.page_view and self.page_view.session is not None:
            return self.page_view.session
        return self.session

    def _update_position(self) -> None:
        session = self.shown_session()
        if session is None:
            self.position_label.setText("")
        elif session.is_pdf:
            page = max(0, self.page_view.current_page())
            n = session.document.page_count
            label = session.document.pages[page].label if page < n else ""
            shown = f"{page + 1}" + (f" ({label})" if label and label != str(page + 1) else "")
            self.position_label.setText(f"Page {shown} of {n}   {round(self.page_view.zoom * 100)}%")
        else:
            from explorer.ui.models.transcript_model import format_time

            doc = session.document
            row = self.transcript_view.top_row()
            t = doc.sentences[row].anchor.start if 0 <= row < len(doc.sentences) else None
            total = format_time(doc.duration) if doc.duration else ""
            text = f"{format_time(t)} / {total}" if t is not None else total
            scale = self.transcript_view.text_scale
            self.position_label.setText(f"{text}   {round(scale * 100)}%" if abs(scale - 1.0) > 1e-6 else text)
