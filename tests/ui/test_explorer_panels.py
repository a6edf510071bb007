"""Panels and models of the explorer window, with a fake analysis (fast, deterministic)."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from explorer.core.model import Anchor, Hit, Rect
from explorer.ui.models.library_model import STATE_COLUMN as STATE
from tests.ui.conftest import fake_analysis, make_pdf, open_doc, plot_point


def test_models_pass_qt_model_tester(qtmodeltester, sample_pdf):
    from explorer.core.loaders import load_document
    from explorer.ui.models.chapter_model import ChapterTreeModel, entries_from_chapters, entries_from_reference
    from explorer.ui.models.library_model import LibraryModel
    from explorer.ui.models.search_model import SearchModel
    from explorer.ui.models.transcript_model import TranscriptModel

    doc = load_document(sample_pdf)
    a = fake_analysis(doc)
    tree = ChapterTreeModel()
    tree.set_entries(entries_from_chapters(doc, a.chapters, [a.chapters[0]]))
    qtmodeltester.check(tree)
    ref = ChapterTreeModel()
    ref.set_entries(entries_from_reference(doc, doc.reference_chapters))
    qtmodeltester.check(ref)
    tm = TranscriptModel()
    tm.set_document(doc)
    tm.set_chapters(a.chapters)
    qtmodeltester.check(tm)
    sm = SearchModel()
    hit = Hit(doc.id, "Doc", "Part 1", 0, 2, "text", "<b>text</b>", 1.0, Anchor(page=0, rects=(Rect(1, 2, 3, 4),)))
    sm.set_hits([hit, hit], 1)
    qtmodeltester.check(sm)
    lm = LibraryModel()
    lm.set_documents([{"id": "a", "title": "A", "kind": "pdf", "pages": 3, "chunks": 5},
                      {"id": "b", "title": "B", "kind": "transcript", "duration": 75.0, "chunks": 2}])
    qtmodeltester.check(lm)
    assert lm.data(lm.index(1, 2)) == "1:15"


def test_chapters_on_pages_panel_and_plots(qtbot, explorer, sample_pdf):
    session = open_doc(qtbot, explorer, sample_pdf)
    assert session.analysis_state == "done"
    chapters = session.chapters
    assert len(chapters) == 3
    # chapter panel lists generated chapters with where they start and their length
    model = explorer.chapter_panel.generated_model
    assert model.rowCount() == 3
    assert model.data(model.index(1, 0)) == chapters[1].title
    assert model.data(model.index(1, 1)).startswith("p. ")
    assert model.data(model.index(1, 2)).endswith("p.")
    # bands, boundary lines and title labels are children of the page items, in PDF points
    items = explorer.chapter_overlay.items()
    assert items and all(it.parentItem() in explorer.page_view.page_items() for it in items)
    labels = [it for it in items if hasattr(it, "text") and callable(it.text)]
    assert any(chapters[1].title in it.text() for it in labels)
    # the overlay toggles independently of the layout overlay
    explorer.actions_.show_chapters.setChecked(False)
    assert not any(it.isVisible() for it in items)
    explorer.actions_.show_chapters.setChecked(True)
    assert all(it.isVisible() for it in items)
    # clicking a chapter jumps there; the current chapter follows the scroll position
    idx = model.index(2, 0)
    explorer.chapter_panel.generated_view.clicked.emit(idx)
    target = session.sentence_page(chapters[2].start)
    qtbot.waitUntil(lambda: explorer.page_view.current_page() == target, timeout=5000)
    qtbot.waitUntil(lambda: explorer.chapter_panel.current_chapter() == 2, timeout=5000)
    explorer.go_back()
    qtbot.waitUntil(lambda: explorer.page_view.current_page() == 0, timeout=5000)
    qtbot.waitUntil(lambda: explorer.chapter_panel.current_chapter() == 0, timeout=5000)
    # plots: score curve + chapter lengths; clicking a bar asks for that chapter
    qtbot.waitUntil(lambda: getattr(explorer.plot_panel, "plot", None) is not None, timeout=30000)
    plots = explorer.plot_panel
    assert len(plots.plot.image.axes()) == 2
    with qtbot.waitSignal(plots.chapter_requested) as blocker:
        QTest.mouseClick(plots.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         plot_point(plots, plots.plot.lengths, 1.0, 2.0))
    assert blocker.args == [2]
    # chapters changing (an edit) redraws plots and overlays
    from explorer.core.model import Chapter

    merged = [Chapter(0, chapters[1].end, "Merged"), chapters[2]]
    session.set_chapters(merged, reason="merge")
    assert explorer.chapter_panel.generated_model.rowCount() == 2
    qtbot.waitUntil(lambda: plots.plot.chapters == merged, timeout=30000)
    # a click on the new picture maps back through its geometry
    with qtbot.waitSignal(plots.chapter_requested) as blocker:
        QTest.mouseClick(plots.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         plot_point(plots, plots.plot.lengths, 0.5, 1.0))
    assert blocker.args == [1]


def test_transcript_chapters_and_speaker_timeline(qtbot, explorer, sample_vtt):
    session = open_doc(qtbot, explorer, sample_vtt)
    from explorer.ui.models.transcript_model import ChapterRole, ChapterTitleRole

    tm = explorer.transcript_view.transcript_model
    assert tm.data(tm.index(0), ChapterRole) == 0
    start = session.chapters[1].start
    assert tm.data(tm.index(start), ChapterTitleRole) == session.chapters[1].title
    qtbot.waitUntil(lambda: getattr(explorer.plot_panel, "plot", None) is not None, timeout=30000)
    plots = explorer.plot_panel
    assert len(plots.plot.image.axes()) == 3  # scores, lengths, speakers
    with qtbot.waitSignal(plots.sentence_requested) as blocker:
        QTest.mouseClick(plots.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         plot_point(plots, plots.plot.scores, 0.25, float(sum(plots.plot.scores.ylim) / 2)))
    assert 0 <= blocker.args[0] < len(session.document.sentences)


def test_search_panel_debounces_and_drops_stale_results(qtbot):
    from explorer.ui.views.search_panel import SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    requests = []
    panel.search_requested.connect(lambda *args: requests.append(args))
    for text in ("r", "ri", "riv", "river"):
        panel.query_edit.setText(text)
    qtbot.waitUntil(lambda: len(requests) == 1, timeout=3000)
    qtbot.wait(400)
    assert len(requests) == 1 and requests[0][0] == "river" and requests[0][1] == "hybrid"
    first_gen = requests[0][3]
    panel.mode_combo.setCurrentIndex(2)  # exact words
    qtbot.waitUntil(lambda: len(requests) == 2, timeout=3000)
    assert requests[1][1] == "text"
    hit = Hit("d", "Doc", "Ch", 0, 1, "x", "a <b>river</b> here", 1.0, Anchor(page=2, rects=(Rect(0, 0, 1, 1),)))
    assert not panel.show_results([hit], first_gen)  # the older query's answer arrives late: dropped
    assert panel.model.rowCount() == 0
    assert panel.show_results([hit, hit], requests[1][3])
    assert panel.model.rowCount() == 2
    from explorer.ui.models.search_model import HtmlRole

    html = panel.model.data(panel.model.index(0, 0), HtmlRole)
    assert "<b>river</b>" in html and "p. 3" in html and "Ch" in html
    from dataclasses import replace

    from explorer.ui.models.search_model import hit_html

    assert "Ch › Deltas" in hit_html(replace(hit, section_title="Deltas"))  # where in a long chapter
    assert "p. iv" in hit_html(replace(hit, page_label="iv"))  # pages as the PDF prints them
    said = replace(hit, kind="transcript", anchor=Anchor(start=754.0, speaker="Alice Moreau"))
    assert "12:34 · Alice Moreau" in hit_html(said)  # a transcript's hit: when, and who speaks there
    untimed = replace(said, anchor=Anchor(speaker="Project Manager"))  # a meeting's minutes without times
    assert "Project Manager" in hit_html(untimed)
    with qtbot.waitSignal(panel.hit_activated) as blocker:
        panel.activate_row(0)
    assert blocker.args[0] is hit
    # a library search with hits from two documents of one title names each by its file
    other = replace(hit, doc_id="other", path="/data/report-v2.pdf")
    assert panel.show_results([replace(hit, path="/data/report-v1.pdf"), other], requests[1][3])
    shown = [panel.model.data(panel.model.index(r, 0), HtmlRole) for r in range(2)]
    assert "report-v1.pdf" in shown[0] and "report-v2.pdf" in shown[1]


def test_navigation_history_is_separate_from_undo():
    from explorer.ui.history import Location, NavigationHistory

    h = NavigationHistory()
    a, b, c = (Location("p", "d", page=i) for i in range(3))
    h.push(a)
    h.push(b)
    assert h.back(c) == b
    assert h.back(b) == a
    assert h.back(a) is None or True
    assert h.forward(a) == b
    assert h.can_go_forward()


def test_library_panel_lists_and_opens(qtbot, tmp_path):
    from explorer.ui.views.library_panel import LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    assert panel.empty_label.isVisibleTo(panel)
    pdf = make_pdf(tmp_path / "x.pdf", pages=2, chapters=1)
    panel.set_documents([{"id": "x", "title": "X", "kind": "pdf", "pages": 2, "chunks": 3, "path": str(pdf)}])
    assert not panel.empty_label.isVisibleTo(panel)
    idx = panel.proxy.index(0, 0)
    with qtbot.waitSignal(panel.open_requested) as blocker:
        panel.view.doubleClicked.emit(idx)
    assert blocker.args == [str(pdf)]
    panel.view.setCurrentIndex(idx)
    with qtbot.waitSignal(panel.remove_requested) as blocker:
        panel.remove_button.click()
    assert blocker.args == ["x"]


def test_job_in_status_bar_can_be_cancelled(qtbot, workers):
    from explorer.ui.views.jobs_widget import JobsWidget

    widget = JobsWidget(workers)
    qtbot.addWidget(widget)

    def slow(*, progress, cancel):
        for i in range(300):
            cancel.check()
            progress(i / 300, f"step {i}")
            time.sleep(0.01)

    handle = workers.submit("compute", slow, name="Slow job", visible=True)
    assert len(widget.rows()) == 1
    row = widget.rows()[0]
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=5000)
    with qtbot.waitSignal(handle.cancelled, timeout=5000):
        row.cancel_button.click()
    qtbot.waitUntil(lambda: widget.rows() == [], timeout=3000)


def test_welcome_view_and_sample(qtbot, workers, fake_pipeline):
    from explorer.app import sample_document
    from explorer.ui.main_window import MainWindow

    win = MainWindow(workers, sample_path=sample_document())
    win.analysis.index_enabled = False
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.welcome
    assert win.welcome.sample_button.isVisible()
    with qtbot.waitSignal(win.document_opened, timeout=30000) as blocker:
        win.welcome.sample_button.click()
    doc = blocker.args[0].document
    assert doc.page_count >= 6 and len(doc.reference_chapters) >= 5
    win.close_document()
    assert win.stack.currentWidget() is win.welcome


def test_about_and_settings_dialogs(qtbot, explorer, tmp_path):
    from PySide6.QtCore import QSettings

    explorer.settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    explorer.show_about()
    assert "Data folder" in explorer.about_box.text() and "PyMuPDF" in explorer.about_box.text()
    explorer.about_box.close()
    explorer.show_settings()
    dlg = explorer.settings_dialog
    dlg.granularity.setCurrentIndex(3)  # fewest, fewer, balanced, more, most
    dlg.class_boxes["page-header"].setChecked(False)
    from explorer.core.embedding_e5 import available

    e5 = dlg.embedder.findData("e5")
    assert (e5 >= 0) == available()  # the multilingual model is offered where its package is installed
    if e5 >= 0:
        dlg.embedder.setCurrentIndex(e5)
    dlg.accept()
    assert explorer.settings.value("analysis/embedder") == ("e5" if e5 >= 0 else "onnx")
    assert int(explorer.settings.value("analysis/granularity")) == 1
    assert explorer.analysis.granularity == 1
    assert "page-header" not in explorer.settings.value("overlays/classes")


def test_transcript_hit_highlights_lines_and_scrolls(qtbot, explorer, tmp_path):
    from explorer.ui.models.transcript_model import HighlightRole
    from tests.ui.conftest import VTT

    long_vtt = "WEBVTT\n\n" + "\n".join(
        f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900\n<v Host>Line number {i} about topic {i}.\n"
        for i in range(1, 240, 2))
    path = tmp_path / "long.vtt"
    path.write_text(long_vtt, encoding="utf-8")
    session = open_doc(qtbot, explorer, path)
    n = len(session.document.sentences)
    target = n - 5
    s = session.document.sentences[target]
    hit = Hit(session.doc_id, "Long", "", target, target + 2, s.text, s.text, 1.0, s.anchor, kind="transcript",
              path=str(path))
    with qtbot.waitSignal(explorer.hit_shown):
        explorer.activate_hit(hit)
    tm = explorer.transcript_view.transcript_model
    assert tm.data(tm.index(target), HighlightRole) and tm.data(tm.index(target + 1), HighlightRole)
    assert not tm.data(tm.index(0), HighlightRole)
    qtbot.waitUntil(lambda: target in explorer.transcript_view.visible_rows(), timeout=5000)
    assert explorer.actions_.back.isEnabled()


def test_a_listed_hit_names_the_place_a_click_goes_to(qtbot, explorer, tmp_path):
    """A hit is a passage of several turns. Its label gave the passage's first turn (0:01 ·
    Alice) while a click went to the turn that matches the query: Bob's, at 0:12."""
    from explorer.ui.models.search_model import HtmlRole
    from explorer.ui.models.transcript_model import HighlightRole
    from tests.ui.conftest import VTT

    path = tmp_path / "show.vtt"
    path.write_text(VTT, encoding="utf-8")
    session = open_doc(qtbot, explorer, path)
    sents = session.document.sentences
    harbours = next(i for i, s in enumerate(sents) if "harbours" in s.text)
    panel = explorer.search_panel
    panel.search_requested.disconnect()  # the test plays the search lane
    hit = Hit(session.doc_id, "Show", "Rivers", 0, len(sents), " ".join(s.text for s in sents), "…", 1.0,
              sents[0].anchor, kind="transcript", path=str(path))
    panel.query_edit.setText("where do harbours grow")
    panel.run_now()
    explorer._on_search_finished([hit], panel.generation, "where do harbours grow")
    label = panel.model.data(panel.model.index(0), HtmlRole)
    assert "0:12 · Bob" in label and "0:01" not in label
    with qtbot.waitSignal(explorer.hit_shown):
        explorer.activate_hit(panel.model.hit(0))
    tm = explorer.transcript_view.transcript_model
    assert all(tm.data(tm.index(i), HighlightRole) for i in range(len(sents)))  # the whole passage is marked
    assert explorer.transcript_view.currentIndex().row() == harbours  # scrolled to the top of the view


def test_dark_palette_is_dark():
    from PySide6.QtGui import QPalette

    from explorer.ui.theme import dark_palette

    p = dark_palette()
    assert p.color(QPalette.ColorRole.Window).lightness() < 80
    assert p.color(QPalette.ColorRole.Text).lightness() > 180


def test_results_get_room_beside_the_plots_and_give_it_back(qtbot, window):
    """The search dock sat above the plots with room for two hits. Results take most of
    the column; clearing the query gives the plots their room back. A document search
    does not repeat the document's title on every hit."""
    from explorer.ui.models.search_model import HtmlRole

    window.resize(1300, 900)
    qtbot.wait(50)
    panel = window.search_panel
    panel.search_requested.disconnect()  # the test plays the search lane: a real (empty) answer must not race it
    panel.set_document_open(True)  # as if a document were open ("This document" is searchable)
    before = (window.search_dock.height(), window.plot_dock.height())
    assert before[0] < before[1]
    hit = Hit("d", "The Harbour Book", "Ch", 0, 1, "x", "a <b>river</b> here", 1.0, Anchor(page=2, rects=(Rect(0, 0, 1, 1),)))
    panel.query_edit.setText("river")
    panel.run_now()
    assert panel.show_results([hit] * 12, panel.generation, "river")
    qtbot.waitUntil(lambda: window.search_dock.height() > window.plot_dock.height(), timeout=3000)
    assert "The Harbour Book" not in panel.model.data(panel.model.index(0), HtmlRole)  # scope: this document
    panel.query_edit.clear()
    panel.run_now()
    qtbot.waitUntil(lambda: abs(window.search_dock.height() - before[0]) <= 8, timeout=3000)
    assert abs(window.plot_dock.height() - before[1]) <= 8
    panel.scope_combo.setCurrentIndex(1)  # library: hits name their document
    panel.query_edit.setText("river")
    panel.run_now()
    assert panel.show_results([hit], panel.generation, "river")
    assert "The Harbour Book" in panel.model.data(panel.model.index(0), HtmlRole)


def test_with_no_document_open_a_search_is_of_the_library_and_says_so(qtbot, window, sample_vtt):
    """The scope read "This document" with nothing open; the search ran over the library,
    and its hits did not say which document they came from."""
    from explorer.ui.models.search_model import HtmlRole

    panel = window.search_panel
    assert panel.scope == "library" and panel.scope_combo.currentText() == "Library"
    document_item = panel.scope_combo.model().item(panel.scope_combo.findData("document"))
    assert not document_item.isEnabled()
    panel.search_requested.disconnect()
    panel.query_edit.setText("river")
    panel.run_now()
    hit = Hit("d", "The Harbour Book", "Ch", 0, 1, "x", "a <b>river</b> here", 1.0, Anchor(page=2))
    assert panel.show_results([hit], panel.generation, "river")
    assert "The Harbour Book" in panel.model.data(panel.model.index(0), HtmlRole)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_path(str(sample_vtt))
    assert panel.scope == "document" and document_item.isEnabled()  # the default comes back
    window.close_document()
    assert panel.scope == "library"
    panel.scope_combo.activated.emit(panel.scope_combo.findData("library"))  # chosen while nothing is open
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_path(str(sample_vtt))
    assert panel.scope == "library"  # the reader's own choice stays


def test_a_user_resize_during_results_is_kept(qtbot, window):
    from PySide6.QtCore import Qt

    window.resize(1300, 900)
    qtbot.wait(50)
    panel = window.search_panel
    panel.search_requested.disconnect()
    hit = Hit("d", "Doc", "Ch", 0, 1, "x", "a <b>river</b> here", 1.0, Anchor(page=2, rects=(Rect(0, 0, 1, 1),)))
    panel.query_edit.setText("river")
    panel.run_now()
    panel.show_results([hit] * 5, panel.generation, "river")
    qtbot.waitUntil(lambda: window.search_dock.height() > window.plot_dock.height(), timeout=3000)
    total = window.search_dock.height() + window.plot_dock.height()
    window.resizeDocks([window.search_dock, window.plot_dock], [total // 3, total - total // 3], Qt.Orientation.Vertical)
    qtbot.wait(50)
    mine = window.search_dock.height()
    panel.query_edit.clear()
    panel.run_now()
    qtbot.wait(50)
    assert abs(window.search_dock.height() - mine) <= 8


def test_keyboard_shortcuts_lists_the_menus_own_shortcuts(qtbot, explorer):
    from explorer.ui.shortcuts import shortcut_rows

    rows = shortcut_rows(explorer)
    commands = {command: keys for _menu, command, keys in rows}
    assert commands["Start a Chapter Here"].startswith("Ctrl+Return") and commands["Rename"] == "F2"
    assert commands["Undo"] and commands["Go to Page"] == "Ctrl+G" and "Keyboard Shortcuts" in commands
    explorer.actions_.shortcuts.trigger()
    dlg = explorer.shortcuts_dialog
    from PySide6.QtWidgets import QTableWidget

    from explorer.ui.shortcuts import GESTURES

    assert dlg.isVisible() and dlg.findChild(QTableWidget).rowCount() == len(rows) + len(GESTURES)
    dlg.reject()


def test_library_says_which_files_are_missing(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    import explorer.ui.analysis as analysis
    from explorer.ui.views.library_panel import LibraryPanel

    here = make_pdf(tmp_path / "here.pdf", pages=2, chapters=1)
    rows = [{"id": "a", "title": "Here", "kind": "pdf", "pages": 2, "chunks": 3, "path": str(here),
             "indexed_at": "2026-11-02T09:15:00+00:00"},
            {"id": "b", "title": "Gone", "kind": "pdf", "pages": 2, "chunks": 3, "path": str(tmp_path / "gone.pdf")}]

    class FakeLibrary:
        def documents(self):  # noqa: ANN202
            return [dict(r) for r in rows]

    monkeypatch.setattr(analysis, "lane_library", lambda lane: FakeLibrary())
    listed = analysis.library_documents()
    assert [r["state"] for r in listed] == ["unchecked", "missing"]  # never hashed yet
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_documents(listed)
    model = panel.model
    states = {model.data(model.index(r, 0)): model.data(model.index(r, STATE)) for r in range(model.rowCount())}
    assert states == {"Here": "indexed", "Gone": "file missing"}
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Added"
    assert model.data(model.index(model.row_of("a"), 4)) == "2026-11-02"  # the day it was indexed
    tip = model.data(model.index(model.row_of("b"), 0), Qt.ItemDataRole.ToolTipRole)
    assert "moved or deleted" in tip
    assert not panel.update_button.isVisibleTo(panel)
    # "here.pdf" is not the version "a" indexed (a test id): hashing it says so
    states = analysis.check_library_files(["a"])
    assert states == {"a": "changed"}
    panel.model.set_file_states(states)
    assert model.data(model.index(model.row_of("a"), STATE)) == "changed on disk"
    assert "edited since it was indexed" in model.data(model.index(model.row_of("a"), 0), Qt.ItemDataRole.ToolTipRole)
    assert panel.update_button.isVisibleTo(panel)
    with qtbot.waitSignal(panel.update_requested) as blocker:
        panel.update_button.click()
    assert blocker.args == [[str(here)]]


def test_library_filters_by_title_and_offers_a_menu_per_document(qtbot, tmp_path):
    from PySide6.QtGui import QGuiApplication

    from explorer.ui.views.library_panel import LibraryPanel

    titles = ["Harbour Board Annual Report", "Budget 2024", "Harbour dredging interview"] + [f"Paper {i}" for i in range(8)]
    rows = [{"id": f"d{i}", "title": t, "kind": "pdf", "pages": 2, "chunks": 1, "path": str(tmp_path / f"{i}.pdf"),
             "state": "changed" if i == 2 else ""} for i, t in enumerate(titles)]
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_documents(rows)
    assert panel.filter_edit.isVisible()  # eleven documents: worth a filter
    qtbot.keyClicks(panel.filter_edit, "harb")
    assert sorted(panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())) == [
        "Harbour Board Annual Report", "Harbour dredging interview"]
    changed = panel.menu_for(rows[2])
    labels = [a.text() for a in changed.actions() if a.text()]
    assert labels == ["Open", "Show in Folder", "Copy Path", "Update (index the edited file)", "Remove from Library"]
    assert "Update (index the edited file)" not in [a.text() for a in panel.menu_for(rows[0]).actions()]
    next(a for a in changed.actions() if a.text() == "Copy Path").trigger()
    assert QGuiApplication.clipboard().text() == str(tmp_path / "2.pdf")
    with qtbot.waitSignal(panel.remove_requested) as blocker:
        next(a for a in changed.actions() if a.text() == "Remove from Library").trigger()
    assert blocker.args == ["d2"]
    panel.set_documents(rows[:3])
    assert not panel.filter_edit.isVisible()
    rows[0]["state"] = rows[1]["state"] = "missing"  # a moved folder
    panel.set_documents(rows)
    removed: list = []
    panel.remove_requested.connect(removed.append)
    sweep = next(a for a in panel.menu_for(rows[5]).actions() if a.text().startswith("Remove the"))
    assert sweep.text() == "Remove the 2 Missing Files from Library"
    sweep.trigger()
    assert removed == ["d0", "d1"]


def test_the_chapter_panel_says_chapters_are_on_their_way(qtbot, explorer, tmp_path):
    """While a PDF with an outline is analysed, the panel shows a "Chapters (analysing…)"
    section above the outline, then the chapters."""
    from PySide6.QtCore import QTimer

    pdf = make_pdf(tmp_path / "outlined.pdf", pages=4, with_outline=True)
    panel = explorer.chapter_panel
    seen: list[tuple[str, bool]] = []
    explorer.document_opened.connect(lambda _s: QTimer.singleShot(0, lambda: seen.append(
        (panel.generated_label.text(), panel._top.isVisibleTo(panel)))))
    session = open_doc(qtbot, explorer, pdf)
    assert seen and seen[0] == ("Chapters (analysing…)", True)
    assert session.analysis_state == "done" and panel.generated_label.text() == "Chapters"


def test_a_hit_found_by_meaning_lands_on_the_sentence_closest_to_the_query(qtbot, explorer, tmp_path):
    """No sentence of the passage shares a word with the query: the window went to the
    passage's first sentence. It now goes to the sentence whose vector is closest to the
    query's (the analysis's sentence vectors; the search lane sends the query's)."""
    from explorer.ui.models.search_model import HtmlRole
    from tests.ui.conftest import VTT

    path = tmp_path / "show.vtt"
    path.write_text(VTT, encoding="utf-8")
    session = open_doc(qtbot, explorer, path)
    import numpy as np

    qtbot.waitUntil(lambda: getattr(session.analysis, "embeddings", None) is not None, timeout=60000)
    sents = session.document.sentences
    target = len(sents) - 1
    session.analysis.embeddings = np.eye(len(sents), dtype=np.float32)  # the fake analysis has none to tell apart
    panel = explorer.search_panel
    panel.search_requested.disconnect()  # the test plays the search lane
    hit = Hit(session.doc_id, "Show", "Rivers", 0, len(sents), " ".join(s.text for s in sents), "…", 1.0,
              sents[0].anchor, kind="transcript", path=str(path))
    query = "zzqx"  # shares no word with the passage
    panel.query_edit.setText(query)
    panel.run_now()
    explorer._on_search_finished([hit], panel.generation, query, None, session.analysis.embeddings[target])
    shown = panel.model.hit(0)
    assert shown.focus == target
    label = panel.model.data(panel.model.index(0), HtmlRole)
    assert sents[target].anchor.speaker in label
    assert f"… {' '.join(sents[target].text.split()[:3])}" in label  # the words where it lands, not the opening
    with qtbot.waitSignal(explorer.hit_shown):
        explorer.activate_hit(shown)
    assert explorer.transcript_view.currentIndex().row() == target
