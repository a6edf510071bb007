"""Main-window mixin: the library (list, folder import, remove) and search (run, land on a hit).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog

from explorer.core.hit_focus import focus_hit, query_closeness
from explorer.core.model import Anchor, Hit
from explorer.ui.analysis import (FolderImport, check_library_files, documents_of_other_models, library_documents,
                                  reembed_other_models, remove_document, search_library, warm_search)

log = logging.getLogger(__name__)


SPEAKER_POOL = 120  # hits asked for when one speaker's are wanted: a third or more are theirs in a two-way talk


class LibrarySearchMixin:
    """The library panel, folder import, search requests and landing on a hit."""

    # --- library ----------------------------------------------------------------------------
    def refresh_library(self) -> None:
        """Re-read the library's documents on the index lane."""
        if self.workers.closed:
            return
        h = self.workers.submit("index", library_documents, name="read library", key="library-documents")
        h.finished.connect(self._on_library_documents)
        h.failed.connect(lambda exc: log.warning("library could not be read: %s", exc))

    def _on_library_documents(self, rows: list) -> None:
        self.library_panel.set_documents(rows)
        self.welcome.set_titles({r["path"]: r["title"] for r in rows if r.get("path") and r.get("title")})
        if self.session is not None and any(r.get("id") == self.session.doc_id for r in rows):
            self.library_panel.model.set_state(self.session.doc_id, "")
        unchecked = [r["id"] for r in rows if r.get("state") == "unchecked"]
        if unchecked:
            h = self.workers.submit("index", check_library_files, unchecked, name="check the library's files",
                                    key="library-files")
            h.finished.connect(lambda states, ids=tuple(unchecked): self._on_library_files_checked(states, ids))
            h.failed.connect(lambda exc: log.warning("library files not checked: %s", exc))
        else:
            self._say_library_changed()
        self.library_refreshed.emit()
        if rows and not getattr(self, "_models_checked", False):
            self._models_checked = True
            h = self.workers.submit("index", documents_of_other_models, name="check the library's model")
            h.finished.connect(self._on_documents_of_other_models)

    def _on_library_files_checked(self, states: dict, hashed: tuple = ()) -> None:
        # a file hashed and not in ``states`` is the version indexed
        self.library_panel.model.set_file_states({**{doc_id: "" for doc_id in hashed}, **states})
        self.library_files_checked.emit()
        self._say_library_changed()

    def _say_library_changed(self) -> None:
        """Once per run: library files edited since they were indexed make search find text
        they no longer have, which the reader should hear of (with the way to update)."""
        paths = self.library_panel.model.changed_paths()
        if not paths or getattr(self, "_library_changes_said", False):
            return
        self._library_changes_said = True
        n = len(paths)
        what = Path(paths[0]).name if n == 1 else f"{n} library documents"
        self.message_bar.show_message(
            f"{what} changed on disk since {'it was' if n == 1 else 'they were'} indexed: search finds the old text.",
            level="info", details=False, action=("Update", self.update_changed_documents))

    def update_changed_documents(self, paths: "list[str] | None" = None) -> None:
        """Index again the library files edited since they were indexed (the older versions
        leave the library as each new one is indexed)."""
        paths = paths if paths is not None else self.library_panel.model.changed_paths()
        if paths:
            self.import_folder(list(paths))

    def _on_documents_of_other_models(self, count: int) -> None:
        """Documents another embedding model indexed are re-embedded in the background, from
        their stored text: until then search by meaning does not see them (it does see those
        of the same model on another engine, e.g. MiniLM on torch before onnxruntime)."""
        if not count or self.workers.closed:
            return
        h = self.workers.submit("index", reembed_other_models, name=f"Re-embedding {count} documents for the new model",
                                key="reembed-library", visible=True)
        h.finished.connect(lambda _n: self._on_library_reembedded(count))
        h.failed.connect(lambda exc: self.message_bar.show_message(f"Re-embedding the library failed: {exc}"))

    def _on_library_reembedded(self, count: int) -> None:
        self.refresh_library()
        self.library_reembedded.emit(count)
        self.message_bar.show_message(f"Re-embedded {count} document{'s' if count != 1 else ''} with the current "
                                      "embedding model: search by meaning covers the whole library again.",
                                      level="info", details=False)

    def remove_from_library(self, doc_id: str) -> None:
        h = self.workers.submit("index", remove_document, doc_id, name="Removing from library", visible=True)
        h.finished.connect(lambda _r: self.refresh_library())
        h.failed.connect(lambda exc: self.message_bar.show_message(f"Could not remove the document: {exc}"))

    def show_import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: "str | list[str]") -> FolderImport:
        """Load, analyse and index every supported file under ``folder`` (recursively), or the
        given files and folders."""
        job = FolderImport(self.workers, folder, self.analysis.granularity, self)
        if not job.files:
            where = folder if isinstance(folder, str) else "what was dropped"
            self.message_bar.show_message(f"No PDFs or transcripts found in {where}.", level="info", details=False)
            return job
        job.finished.connect(self._on_folder_import_finished)
        self.folder_import = job
        self.library_dock.raise_()
        job.start()
        return job

    def _on_folder_import_finished(self, imported: int, failures: list) -> None:
        self.refresh_library()
        if failures:
            names = ", ".join(f"{Path(p).name}: {m}" for p, m in failures[:3])
            more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
            self.message_bar.show_message(f"Imported {imported} file(s); {len(failures)} failed ({names}{more}).",
                                          level="warning")
        else:
            self.message_bar.show_message(f"Imported {imported} file(s) into the library.", level="info", details=False)

    # --- find in document ------------------------------------------------------------------------
    def open_find_bar(self) -> None:
        """Ctrl+F: find a phrase in the open document, from where the reader is."""
        s = self.session
        if s is None or not s.document.sentences:
            return
        origin = self.chapter_editing.current_sentence()
        self.find_bar.set_document(s.document, origin or 0)
        self.find_bar.open_bar(origin or 0)

    def _on_find_bar_match_requested(self, sentence: int) -> None:
        s = self.session
        if s is None or not 0 <= sentence < len(s.document.sentences):
            return
        self.highlight_sentences(range(sentence, sentence + 1), sentence, phrase=self.find_bar.edit.text())

    def _mark_phrase_on_page(self, sentence: int, phrase: str, pairs: list, strong: list) -> None:
        """Find in Document on a PDF: once the "pdf" lane has found where ``phrase`` lies in the
        sentence (the page's own text, by PyMuPDF), mark it there; the sentence stays lightly lit."""
        from explorer.core.find import match_spans
        from explorer.core.model import Rect

        session = self.session
        text = session.document.sentences[sentence].text
        needles = list(dict.fromkeys(text[a:b] for a, b in match_spans(text, phrase)))
        by_page: dict[int, list] = {}
        for page, r in strong:  # placed rects: every one has its page
            by_page.setdefault(page, []).append((r.x0, r.y0, r.x1, r.y1))
        if not needles or not by_page or self.workers.closed:
            return
        token = object()
        self._phrase_token = token
        found: list = []
        jobs = [(page, needle) for page in by_page for needle in needles]
        left = [len(jobs)]

        def done(page: int, rects) -> None:  # noqa: ANN001 - list of (x0, y0, x1, y1)
            left[0] -= 1
            found.extend((page, Rect(*r)) for r in rects)
            if left[0] == 0 and found and self._phrase_token is token and self.session is session:
                self.page_view.set_highlights(pairs, found)

        for k, (page, needle) in enumerate(jobs):  # keyed: Enter held down drops the lookups of matches passed
            handle = self.workers.submit("pdf", session.renderer.find_text, page, needle, by_page[page],
                                         name="find on page", key=f"find-phrase:{k}")
            handle.finished.connect(lambda rects, p=page: done(p, rects))
            handle.failed.connect(lambda _exc, p=page: done(p, []))  # the sentence stays marked

    # --- search --------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    # The search dock shares the right column with the plots, which get the larger share
    # while there is nothing to list. Results need the room more: the dock grows to this
    # share when results arrive, and the plots get their room back when the query is
    # cleared, unless the user resized the docks meanwhile.
    SEARCH_SHARE_WITH_RESULTS = 0.62

    def _search_column(self):  # -> tuple[int, int] | None
        """Heights of the search and plot docks when they are stacked in one column."""
        docks = (self.search_dock, self.plot_dock)
        if any(d.isHidden() or d.isFloating() for d in docks):
            return None
        if self.dockWidgetArea(self.search_dock) != self.dockWidgetArea(self.plot_dock):
            return None
        if self.plot_dock in self.tabifiedDockWidgets(self.search_dock):
            return None
        if self.search_dock.x() != self.plot_dock.x():  # side by side, not stacked
            return None
        return self.search_dock.height(), self.plot_dock.height()

    def _on_search_results_shown(self, n: int) -> None:
        heights = self._search_column()
        grown = getattr(self, "_search_grown", None)
        if n > 0 and heights is not None and grown is None:
            s, p = heights
            total = s + p
            if s < self.SEARCH_SHARE_WITH_RESULTS * total - 20:
                want = int(self.SEARCH_SHARE_WITH_RESULTS * total)
                self.resizeDocks([self.search_dock, self.plot_dock], [want, total - want], Qt.Orientation.Vertical)
                self._search_grown = (heights, None)
                QTimer.singleShot(0, self, self._note_search_growth)  # sizes apply on the next layout pass
        elif n < 0 and grown is not None:
            self.give_plots_their_room()

    def _note_search_growth(self) -> None:
        grown = getattr(self, "_search_grown", None)
        if grown is not None and grown[1] is None:
            self._search_grown = (grown[0], self._search_column())

    def give_plots_their_room(self) -> None:
        """Undo the search dock's growth, if the docks are still as it left them."""
        grown, self._search_grown = getattr(self, "_search_grown", None), None
        if grown is None:
            return
        before, after = grown
        now = self._search_column()
        if now is not None and (after is None or all(abs(a - b) <= 8 for a, b in zip(now, after))):
            self.resizeDocks([self.search_dock, self.plot_dock], list(before), Qt.Orientation.Vertical)

    def warm_search(self) -> None:
        """Once per window: ready the search lane in the background (model, vectors) when a
        document opens or the user starts typing a query, whichever comes first."""
        if getattr(self, "_search_warming", False):
            return
        self._search_warming = True
        self.workers.submit("search", warm_search, name="prepare search", key="search-warm", priority=10)

    def _on_search_panel_search_requested(self, query: str, mode: str, scope: str, generation: int) -> None:
        if self.workers.closed:
            return  # a debounced query that fired while the window closed
        doc_id = self.session.doc_id if scope == "document" and self.session is not None else None
        # Whether the open document was in the index when the search started: an empty
        # answer from before it was indexed says nothing about the query.
        unindexed = self.session if self.session is not None and not self.session.indexed else None
        speaker = self.search_panel.speaker if doc_id is not None else ""
        # one speaker's passages: ask for more, keep those where they speak (the open document's rows say who)
        h = self.workers.submit("search", search_library, query, mode, doc_id, SPEAKER_POOL if speaker else 30,
                                with_query_vector=True, name="search", key="search")
        h.finished.connect(lambda answer: self._on_search_finished(self._said_by(answer[0], speaker), generation,
                                                                   query, unindexed, answer[1]))
        h.failed.connect(lambda exc: self.search_panel.show_error(f"Search failed: {exc}", generation))

    def _focused(self, hits: list, query: str, query_vector=None) -> list:  # noqa: ANN001
        """The open document's hits, each with the sentence it lands on (so its label says
        where): most of the query's words, then closest in meaning where the analysis's
        sentence vectors and the query's are at hand."""
        s = self.session
        if s is None:
            return hits
        speaker = self.search_panel.speaker
        ours = [h for h in hits if h.doc_id == s.doc_id]
        vectors = getattr(s.analysis, "embeddings", None) if ours else None
        closeness = query_closeness(vectors, query_vector) if vectors is not None and \
            len(vectors) == len(s.document.sentences) else None
        return [focus_hit(h, s.document, query, speaker, closeness) if h.doc_id == s.doc_id else h for h in hits]

    def _said_by(self, hits: list, speaker: str) -> list:
        """The hits of the open document in which ``speaker`` speaks, at most 30 ("" keeps all)."""
        s = self.session
        if not speaker or s is None:
            return hits
        sents = s.document.sentences
        return [h for h in hits if h.doc_id == s.doc_id
                and any(x.anchor.speaker == speaker for x in sents[max(0, h.start):min(h.end, len(sents))])][:30]

    def find_similar(self, rows: list[int]) -> None:
        """Search by meaning for passages like sentences ``rows`` of the open document."""
        s = self.session
        rows = sorted(r for r in rows if s is not None and 0 <= r < len(s.document.sentences))
        if not rows:
            return
        self.search_dock.show()
        self.search_dock.raise_()
        text = " ".join(s.document.sentences[r].text for r in rows)
        self.search_panel.search_similar(text, s.doc_id, rows[0], rows[-1] + 1)

    def _on_search_finished(self, hits: list, generation: int, query: str, unindexed=None,  # noqa: ANN001
                            query_vector=None) -> None:  # noqa: ANN001
        hits = self._focused(self.search_panel.without_source(hits), query, query_vector)
        if not self.search_panel.show_results(hits, generation, query) or hits:
            return
        session = self.session
        if session is None or session is not unindexed or session.analysis_state not in ("running", "done"):
            return
        if session.indexed:  # indexed while the search ran: ask again now
            self.search_panel.run_now()
            return
        self._search_awaiting_index = generation
        self.search_panel.show_error("No results yet: this document is still being indexed. "
                                     "The search will run again when it is done.", generation)

    def _on_indexing_finished(self, session) -> None:  # noqa: ANN001
        """A search that found nothing because the open document was not indexed yet runs again."""
        if session is self.session and getattr(self, "_search_awaiting_index", None) == self.search_panel.generation:
            self._search_awaiting_index = None
            self.search_panel.run_now()

    def activate_hit(self, hit: Hit) -> None:
        """Open the hit's document if needed, scroll there and highlight its sentences."""
        self.history.push(self.current_location())
        if self.session is not None and self.session.doc_id == hit.doc_id:
            self._show_hit(hit)
        elif self.session is not None and hit.path and self.session.document.path == hit.path:
            self.show_moved_hit(hit)  # indexed from an older version of the file shown
        elif hit.path:
            self._pending_hit = hit
            self.open_path(hit.path)

    def _show_hit(self, hit: Hit) -> None:
        """Highlight every sentence of the hit; scroll to the one that matches the query best."""
        session = self.session
        if session is None:
            return
        sents = session.document.sentences
        rng = range(max(0, hit.start), min(hit.end, len(sents)))
        if hit.focus is None or hit.focus not in rng:  # not focused when it was listed (a moved hit)
            hit = focus_hit(hit, session.document, self.search_panel.model.query, self.search_panel.speaker)
        self.highlight_sentences(rng, hit.focus, hit.anchor)
        self.hit_shown.emit(hit)

    def show_moved_hit(self, hit: Hit) -> None:
        """A hit indexed from an older version of the open file (edited since): its passage
        is looked for in the version shown, by its sentences' text, and said when gone."""
        session = self.session
        if session is None:
            return
        from explorer.core.find import folded_sentences, passage_in

        name = Path(session.document.path).name
        rng = passage_in(folded_sentences(session.document), hit.text, near=hit.start)
        if rng is None:
            self.message_bar.show_message(f"That passage is no longer in {name}: the file changed after it was "
                                          "indexed.", level="warning", details=False)
            return
        # the new version's own boxes: the hit's were measured on the old pages
        self._show_hit(replace(hit, doc_id=session.doc_id, start=rng.start, end=rng.stop, anchor=Anchor()))
        self.message_bar.show_message(f"{name} changed after this passage was indexed; it was found in the "
                                      "version shown.", level="info", details=False)

    def highlight_sentences(self, rng: range, focus: "int | None", anchor=None,  # noqa: ANN001 - Anchor
                            phrase: str = "") -> None:
        """Highlight sentences ``rng`` of the open document and bring ``focus`` (else the first)
        into view: a search hit, or a match of Find in Document. ``anchor``: the hit's own
        rectangles, when it has them; ``phrase``: the text Find in Document matched in ``focus``,
        marked more strongly than its sentence."""
        session = self.session
        if session is None:
            return
        self._phrase_token = None  # a phrase still being looked up on a page is no longer wanted
        sents = session.document.sentences
        self.shown_hit_rows = (session.doc_id, tuple(rng))  # what Ctrl+C on the page copies
        self.chapter_editing.clicked_sentence = None
        if session.is_pdf:
            if len(rng):
                self.mark_jump_target(focus if focus is not None else rng.start)
            a = anchor if anchor is not None else (sents[rng.start].anchor if len(rng) else None)
            pairs = a.placed_rects() if anchor else []
            if not pairs:
                for si in rng:
                    pairs += sents[si].anchor.placed_rects()
            strong: list = []
            if focus is not None:
                strong = sents[focus].anchor.placed_rects()
            self.page_view.set_highlights(pairs, strong)
            if phrase.strip() and focus is not None and getattr(session, "renderer", None) is not None:
                self._mark_phrase_on_page(focus, phrase, pairs, strong)
            target = strong[0] if strong else (pairs[0] if pairs else None)
            if target is not None and target[0] is not None:
                self.page_view.center_on_rect(target[0], target[1])
            elif a is not None and a.page is not None:
                self.page_view.go_to_page(a.page)
        else:
            self.transcript_view.set_find_phrase(phrase)
            session.set_highlight(tuple(rng))
            self.transcript_view.scroll_to_sentence(focus if focus is not None else rng.start)
