"""The plots panel: pictures drawn by matplotlib on the figure lane from data prepared on the plot
lane, with Qt's words, hover, clicks and playhead over them."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from explorer.core.model import Anchor, Chapter, Document, Sentence
from explorer.ui.colors import chapter_hex
from tests.ui.conftest import fake_analysis, plot_point


def session_of(doc, chapters=None):  # noqa: ANN001, ANN201
    """What PlotPanel.update_plots reads from a DocumentSession."""
    analysis = fake_analysis(doc, n_chapters=4)
    return SimpleNamespace(document=doc, analysis=analysis, chapters=list(chapters or analysis.chapters))


def pdf_doc(pages: int = 8, per_page: int = 6) -> Document:
    sents = [Sentence(i, f"Sentence {i} about topic {i // 12}.", Anchor(page=i // per_page))
             for i in range(pages * per_page)]
    return Document(id="d1", path="doc.pdf", kind="pdf", format="pdf", title="Doc", sentences=sents)


def meeting_doc(n: int = 300, speakers: tuple[str, ...] = ("Alice", "Bob", "Carol")) -> Document:
    sents = [Sentence(i, f"Line {i} on subject {i // 50}.",
                      Anchor(start=i * 4.0, end=i * 4.0 + 3.5, speaker=speakers[(i // 3) % len(speakers)])) for i in range(n)]
    return Document(id="m1", path="m.vtt", kind="transcript", format="vtt", title="Meeting", sentences=sents)


@pytest.fixture
def panel(qtbot, workers):
    from explorer.ui.views.plot_panel import PlotPanel

    p = PlotPanel(workers)
    qtbot.addWidget(p)
    p.resize(480, 420)
    p.show()
    qtbot.waitExposed(p)
    return p


def drawn(qtbot, panel, chapters) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: panel.plot is not None and panel.plot.chapters == chapters and bool(panel.draw_times),
                    timeout=30000)




def picture_color(panel, box, x: float, y: float) -> str:  # noqa: ANN001
    """The colour the drawn picture has at data point (x, y) of the plot ``box``."""
    img = panel.view.grab().toImage()
    p = plot_point(panel, box, x, y)
    return img.pixelColor(p).name()


def close_to(color: str, expected: str, tolerance: int = 24) -> bool:
    """Whether two colours differ by at most ``tolerance`` per channel (lines are antialiased)."""
    a, b = QColor(color), QColor(expected)
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= tolerance


def test_click_on_curve_jumps_to_that_sentence(qtbot, panel):
    doc = pdf_doc()
    s = session_of(doc)
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    ax = panel.plot.scores
    ymid = float(np.mean(ax.ylim))
    for k in (5, 20, 41):  # sentence 20 is the 3rd of page 3: x = 3 + 1 + 2/6
        with qtbot.waitSignal(panel.sentence_requested, timeout=2000) as blocker:
            QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             plot_point(panel, ax, float(panel.plot.xs[k]), ymid))
        assert blocker.args == [k]
    # a click on a bar asks for that chapter
    with qtbot.waitSignal(panel.chapter_requested, timeout=2000) as blocker:
        QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         plot_point(panel, panel.plot.lengths, 0.5, 2.0))
    assert blocker.args == [2]
    # hovering the curve shows where it is and in which chapter
    QTest.mouseMove(panel.view, plot_point(panel, ax, float(panel.plot.xs[20]), ymid))
    assert panel._hover.isVisible()


def test_plots_follow_chapter_changes_and_coalesce(qtbot, panel):
    doc = pdf_doc()
    s = session_of(doc)
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    assert len(panel.plot.image.boundary_tops) == len(s.chapters) - 1, "a line per chapter start after the first"
    draws = len(panel.draw_times)
    # an edit: two chapters merged, then a burst of updates (a granularity slider) draws once
    merged = [Chapter(0, s.chapters[1].end, "Merged opening"), *s.chapters[2:]]
    for _ in range(5):
        panel.update_plots(SimpleNamespace(document=doc, analysis=s.analysis, chapters=s.chapters))
    panel.update_plots(SimpleNamespace(document=doc, analysis=s.analysis, chapters=merged))
    drawn(qtbot, panel, merged)
    qtbot.wait(200)
    assert len(panel.draw_times) - draws <= 2
    assert len(panel.plot.image.boundary_tops) == len(merged) - 1
    # the first line is drawn where the merged chapter ends, in the next chapter's colour
    box = panel.plot.scores
    near = {picture_color(panel, box, float(panel.plot.xs[merged[1].start]) + dx, float(np.mean(box.ylim)) + dy)
            for dx in (-0.05, 0.0, 0.05) for dy in (0.0, 0.01)}
    assert any(close_to(c, chapter_hex(1)) for c in near)
    # one bar per chapter, each in its chapter's colour
    bars = panel.plot.lengths
    for ci in range(len(merged)):
        assert close_to(picture_color(panel, bars, float(panel.plot.data.lengths[ci]) / 2, float(ci)), chapter_hex(ci), 2)
    names = [t for _box, t in panel.labels.names]
    assert names[0].startswith("1. Merged")
    assert any("Merged" in text for _x, _y, text, _c in panel.labels.boundaries)
    # no chapters (document closed): back to the placeholder
    panel.clear()
    assert panel.plot is None and panel.placeholder.isVisible()


def test_figure_is_not_blank_and_fits_a_small_panel(qtbot, panel):
    doc = meeting_doc()
    s = session_of(doc)
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    assert len(panel.plot.image.axes()) == 3  # scores, lengths, who speaks when
    image = panel.view.grab().toImage()
    w, h = image.width(), image.height()
    colors = {image.pixelColor(x, y).name() for x in range(0, w, 3) for y in range(0, h, 3)}
    assert len(colors) > 20, "the figure has curves, bars and words, not a blank area"
    assert QColor("#0072b2").name() in colors  # chapter 1's bar
    # at a small size, every title still sits above its own plot and plots do not overlap
    panel.resize(260, 280)
    qtbot.waitUntil(lambda: panel.view.width() <= 262 and panel.plot.image.width <= 262 * panel.view.ratio,
                    timeout=10000)
    ratio = panel.view.ratio
    h = panel.plot.image.height / ratio
    assert h <= panel.view.height() + 1, "the picture was drawn again for the smaller panel"
    rects = []
    for b in panel.plot.image.axes():
        rects.append((b.x0 / ratio, h - b.y1 / ratio, b.x1 / ratio, h - b.y0 / ratio))
    rects.sort(key=lambda r: r[1])
    for upper, lower in zip(rects, rects[1:]):
        assert upper[3] < lower[1], "plots overlap"
    titles = sorted(panel.labels.titles, key=lambda t: t[0].top())
    assert len(titles) == 3
    for (box, _text), (_x0, top, _x1, _y1) in zip(titles, rects):
        assert box.bottom() <= top + 0.5, "a title runs into its plot"
    for (box, _t), prev in zip(titles[1:], rects):
        assert box.top() >= prev[3], "a title runs into the plot above"
    # hovering the speaker timeline names the place in minutes
    QTest.mouseMove(panel.view, plot_point(panel, panel.plot.speakers, 5.0, 1.0))
    assert panel._hover.isVisible()


def test_every_speakers_row_keeps_its_name_in_a_short_panel(qtbot, panel):
    speakers = ("Project Manager", "Marketing", "User Interface", "Industrial Designer", "Guest")
    s = session_of(meeting_doc(speakers=speakers))
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    panel.resize(330, 300)  # the plots dock under a search panel, on a 900-pixel screen
    qtbot.waitUntil(lambda: panel.plot.image.height <= 300 * panel.view.ratio, timeout=10000)
    names = {text for _box, text in panel.labels.names}
    assert set(speakers) <= names, f"rows without a name: {set(speakers) - names}"


def test_speakers_turns_are_not_drawn_in_chapter_colours(qtbot, panel):
    """The first speaker's turns were orange, like the second chapter's line and bar above."""
    from explorer.ui.views.plot_figure import SPEAKER_COLOR

    s = session_of(meeting_doc())
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    for row, minute in ((0, 0.1), (1, 0.3), (2, 0.5)):  # Alice 0-12 s, Bob 12-24 s, Carol 24-36 s
        color = picture_color(panel, panel.plot.speakers, minute, row)
        assert close_to(color, SPEAKER_COLOR), (row, color)
        assert not any(close_to(color, chapter_hex(i)) for i in range(len(s.chapters) + 1))


def test_prepared_data_are_small_for_long_documents():
    from explorer.ui.views.plot_data import MAX_POINTS, nearest_sentence, prepare

    doc = meeting_doc(20000)
    scores = np.random.default_rng(0).random(len(doc.sentences) - 1)
    scores[7000] = 5.0  # a peak survives decimation
    chapters = [Chapter(i * 500, (i + 1) * 500, f"Part {i}") for i in range(40)]
    data = prepare(doc, chapters, scores)
    assert len(data.curve_x) <= MAX_POINTS and np.all(np.diff(data.curve_x) >= 0)
    assert data.band_hi.max() == 5.0  # the peak is in the band
    assert data.curve_y.max() < 1.0  # the line is each column's mean: calm, where the raw line is a block
    assert sum(len(s) for s in data.speaker_segments) < 3 * 1500  # turns merged at the plot's resolution
    assert data.unit == "minutes" and data.lengths[0] == pytest.approx(500 * 4 / 60)  # 500 turns 4 s apart
    assert [int(i) for i in data.label_order[:2]] == [0, 1]  # equal lengths: document order
    assert nearest_sentence(data.xs, data.xs[1234] + 0.001) == 1234
    # for a 300-pixel plot: one column per two pixels, and the peak is still there
    narrow = prepare(doc, chapters, scores, width_px=300)
    assert len(narrow.curve_x) == len(narrow.band_hi) <= 150 and narrow.band_hi.max() == 5.0


def test_envelope_of_a_long_curve_and_a_short_curve_drawn_as_is():
    from explorer.ui.views.plot_data import envelope

    x = np.arange(10.0)
    y = np.array([0, 4, 1, 1, 2, 0, 3, 3, 1, 5], dtype=float)
    cx, mean, lo, hi = envelope(x, y, limit=8)  # two columns of five
    assert cx.tolist() == [2.0, 7.0]
    assert mean.tolist() == [1.6, 2.4] and lo.tolist() == [0, 0] and hi.tolist() == [4, 5]
    cx, cy, lo, hi = envelope(x, y, limit=10)  # few enough to draw every score
    assert cy.tolist() == y.tolist() and len(lo) == len(hi) == 0


def test_a_long_document_is_drawn_as_a_band_under_its_mean(qtbot, panel):
    from explorer.ui.views.plot_figure import BAND_COLOR

    s = session_of(meeting_doc(6000))
    s.analysis.segmentation.scores = np.random.default_rng(1).random(len(s.document.sentences) - 1)
    panel.update_plots(s)
    drawn(qtbot, panel, s.chapters)
    data = panel.plot.data
    assert len(data.curve_x) < 2000 and np.ptp(data.curve_y) < 0.5  # the mean line is calm
    box = panel.plot.scores
    img = panel.view.grab().toImage()
    ratio = panel.view.ratio
    h = panel.plot.image.height / ratio
    band = sum(img.pixelColor(int(x), int(y)).name() == BAND_COLOR
               for x in range(int(box.x0 / ratio) + 2, int(box.x1 / ratio) - 2, 4)
               for y in range(int(h - box.y1 / ratio) + 2, int(h - box.y0 / ratio) - 2, 2))
    assert band > 50, "the range of each column is drawn as a grey band"


def test_switching_documents_keeps_the_figure_and_toggles_the_timeline(qtbot, panel):
    meeting, pdf = session_of(meeting_doc()), session_of(pdf_doc())
    from explorer.ui.views import plot_render

    counts, figures = [], []
    for s in (meeting, pdf, meeting):
        panel.update_plots(s)
        drawn(qtbot, panel, s.chapters)
        counts.append(len(panel.plot.image.axes()))
        figures.append(plot_render._figure)
    assert counts == [3, 2, 3]
    assert figures[0] is figures[1] is figures[2]  # one figure, built once by the figure lane


def test_two_chapters_leave_more_height_to_the_curve_than_a_dozen(qtbot, panel):
    doc = pdf_doc(pages=24, per_page=12)
    two = [Chapter(0, 144, "First half"), Chapter(144, 288, "Second half")]
    dozen = [Chapter(i * 24, (i + 1) * 24, f"Part {i}") for i in range(12)]
    heights = {}
    for name, chapters in (("two", two), ("dozen", dozen)):
        panel.update_plots(session_of(doc, chapters))
        drawn(qtbot, panel, chapters)
        image = panel.plot.image
        heights[name] = (image.scores.y1 - image.scores.y0, image.lengths.y1 - image.lengths.y0)
    assert heights["two"][0] > heights["dozen"][0] * 1.15, heights
    assert heights["two"][1] < heights["dozen"][1] * 0.7, heights


def test_a_hundred_chapters_leave_the_boundary_curve_visible(qtbot, panel):
    """Chapter starts are full-height lines when few; a 400-page manual's hundred chapters
    in a narrow panel become a rug of short ticks, so the curve is not painted over."""
    doc = pdf_doc(pages=100, per_page=12)
    few = [Chapter(i * 300, (i + 1) * 300, f"Part {i}") for i in range(4)]
    many = [Chapter(i * 12, (i + 1) * 12, f"Part {i}") for i in range(100)]
    panel.update_plots(session_of(doc, few))
    drawn(qtbot, panel, few)
    tops = lambda: panel.plot.image.boundary_tops  # noqa: E731
    assert not panel.plot.image.dense_boundaries and min(tops()) == 1.0
    panel.update_plots(session_of(doc, many))
    drawn(qtbot, panel, many)
    assert panel.plot.image.dense_boundaries and max(tops()) < 0.2
    assert len(tops()) == 99


def test_hovering_a_pdf_plot_names_pages_as_printed():
    from explorer.core.model import Page
    from explorer.ui.views.plot_data import prepare
    from explorer.ui.views.plot_panel import _where

    doc = pdf_doc()
    doc.pages = [Page(i, 612, 792, label=lab) for i, lab in enumerate(["i", "ii", "1", "2", "3", "4", "", "6"])]
    data = prepare(doc, [Chapter(0, 48, "All")], np.zeros(47))
    assert _where(data, 1.5) == "p. i" and _where(data, 3.2) == "p. 1"  # page p spans [p + 1, p + 2)
    assert _where(data, 7.9) == "p. 7"  # an unlabelled page: its number


def test_chapter_lengths_compare_what_chapters_hold_not_the_pages_they_touch():
    from explorer.ui.views.plot_data import prepare

    # a menu page of six lines: four lines of starters, one snack, then a chapter to the end
    doc = pdf_doc(pages=2, per_page=6)
    data = prepare(doc, [Chapter(0, 4, "Starters"), Chapter(4, 5, "Snack"), Chapter(5, 12, "Mains")], np.zeros(11))
    assert data.length_unit == "pages"
    assert list(data.lengths) == pytest.approx([4 / 6, 1 / 6, 1 / 6 + 1])
    # a transcript without times: sentences, the last chapter to the last one
    plain = Document(id="p", path="p.txt", kind="transcript", format="txt", title="P",
                     sentences=[Sentence(i, f"Line {i}.", Anchor()) for i in range(10)])
    data = prepare(plain, [Chapter(0, 3, "A"), Chapter(3, 10, "B")], np.zeros(9))
    assert data.length_unit == "sentences" and list(data.lengths) == [3, 7]
    # a recording: to the end of the last turn
    data = prepare(meeting_doc(10), [Chapter(0, 5, "A"), Chapter(5, 10, "B")], np.zeros(9))
    assert list(data.lengths) == pytest.approx([20 / 60, (9 * 4 + 3.5 - 20) / 60])


def test_a_bars_tooltip_gives_a_short_chapters_fraction_of_a_page():
    from explorer.ui.views.plot_data import length_text

    assert length_text(4 / 6, "pages") == "0.7 pages"  # it said "0 pages"
    assert length_text(152.4, "pages") == "152 pages"
    assert length_text(3.46, "minutes") == "3.5 min"
    assert length_text(7.0, "sentences") == "7 sentences"


_WINDOW_PROCESS = r'''
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui.views.plot_panel import PlotPanel
from explorer.ui.workers import Workers
from tests.ui.test_plot_panel import meeting_doc, session_of
workers = Workers(lanes=("plot", "figure"), process_lanes=("figure",))  # as the application has them
panel = PlotPanel(workers)
panel.resize(480, 420)
panel.show()
panel.update_plots(session_of(meeting_doc()))
t = time.monotonic()
while panel.plot is None and time.monotonic() - t < 60:
    loop = QEventLoop(); QTimer.singleShot(20, loop.quit); loop.exec()
print(json.dumps({"drawn": panel.plot is not None, "plots": len(panel.plot.image.axes()) if panel.plot else 0,
                  "matplotlib": "matplotlib" in sys.modules}))
workers.shutdown()
'''


def test_the_window_process_never_imports_matplotlib(tmp_path):
    """The plots are drawn in the figure lane's child: the window's process shows pictures
    and never imports matplotlib, whose import held the interpreter lock the window needed."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", _WINDOW_PROCESS], capture_output=True, text=True, env=env,
                         cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"drawn": True, "plots": 3, "matplotlib": False}


def test_plots_that_cannot_be_drawn_say_so(qtbot, panel, monkeypatch):
    from explorer.ui.views import plot_render

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("no fonts")

    monkeypatch.setattr(plot_render, "render", broken)
    panel.update_plots(session_of(pdf_doc()))
    qtbot.waitUntil(lambda: "could not be drawn: no fonts" in panel.placeholder.text(), timeout=10000)
    assert panel.placeholder.isVisible() and panel.plot is None
    monkeypatch.undo()
    s = session_of(pdf_doc())
    panel.update_plots(s)  # drawn the next time: the note goes
    drawn(qtbot, panel, s.chapters)
    assert not panel.placeholder.isVisible()


def test_chapter_labels_keep_the_documents_own_numbers_without_adding_others():
    from explorer.ui.chapter_numbers import numbered_titles

    assert numbered_titles(["Quick update", "Workspaces"]) == ["1. Quick update", "2. Workspaces"]
    # a paper numbers its sections: "10. Références" after "8 Travaux existants" read as a missing 9
    assert numbered_titles(["Résumés", "1 Introduction", "8 Travaux existants", "Références"]) == [
        "Résumés", "1 Introduction", "8 Travaux existants", "Références"]
    # the page's boundary labels say the same: DPR's title chapter was "1. Dense Passage…" above "1 Introduction"
    assert numbered_titles(["Dense Passage Retrieval", "1 Introduction", ""]) == [
        "Dense Passage Retrieval", "1 Introduction", "Chapter 3"]


def test_the_plots_x_axis_spans_the_document_and_no_further():
    from explorer.ui.views.plot_data import prepare

    # a one-page PDF: the axis runs from the top of page 1 to its foot, not a page beyond
    one_page = pdf_doc(pages=1, per_page=6)
    assert prepare(one_page, [Chapter(0, 6, "All")], np.zeros(5)).xlim == (1.0, 2.0)
    # three pages: the axis ends at the foot of page 3, where the last bar ends
    data = prepare(pdf_doc(pages=3, per_page=6), [Chapter(0, 9, "A"), Chapter(9, 18, "B")], np.zeros(17))
    assert data.xlim == (1.0, 4.0) and data.starts[-1] + data.lengths[-1] == pytest.approx(4.0)
    # a recording: to the end of its last turn, not where that turn begins
    meeting = meeting_doc(10)
    data = prepare(meeting, [Chapter(0, 10, "All")], np.zeros(9))
    assert data.xlim[1] == pytest.approx(meeting.sentences[-1].anchor.end / 60)
