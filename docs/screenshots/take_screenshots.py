"""Take the screenshots of a new user's journey (issue 6) under a real X server.

Run under Xvfb, e.g.::

    Xvfb :57 -screen 0 1440x900x24 &
    DISPLAY=:57 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/take_screenshots.py

Each step drives the real window the way a user would (welcome view, the sample,
a real PDF and a transcript from ../shared/data, generated chapter titles, a search
landing on its hit) and grabs the whole X screen with ImageMagick's ``import``. A
fresh data folder is used so the library starts empty, as on a first run.
"""
from __future__ import annotations

import sys
from pathlib import Path

from xshots import ROOT, main_window, shot, wait, wait_until

from PySide6.QtWidgets import QApplication  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def shot_widget(name: str, widget):  # noqa: ANN001, ANN201
    """Only ``widget``'s part of the X screen (a close-up)."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return shot(name, crop=f"{widget.width()}x{widget.height()}+{top_left.x()}+{top_left.y()}")


def main() -> int:
    app = QApplication([sys.argv[0]])
    from explorer.app import sample_document

    workers, win = main_window(app, sample_path=sample_document())
    opened: list = []
    win.document_opened.connect(opened.append)

    def open_and_analyse(path: str, timeout: float = 600.0):  # noqa: ANN202
        n = len(opened)
        win.open_path(path)
        wait_until(lambda: len(opened) > n, 120)
        session = opened[-1]
        wait_until(lambda: session.analysis_state != "running", timeout)
        wait_until(lambda: session.indexed or session.analysis_state != "done", timeout)
        print(Path(path).name, session.analysis_state, len(session.chapters), "chapters")
        wait_until(lambda: plots_show(session), 60)
        return session

    def plots_show(session) -> bool:  # noqa: ANN001
        """The plots panel has drawn this session's chapters."""
        panel = win.plot_panel
        return bool(panel is not None and panel.plot is not None and panel.draw_times
                    and [(c.start, c.end) for c in panel.plot.chapters] == [(c.start, c.end) for c in session.chapters])

    def hover_plot(fraction: float) -> None:
        """Rest the mouse on the score curve at ``fraction`` of its width (hover line and note)."""
        from PySide6.QtCore import QPoint
        from PySide6.QtTest import QTest

        panel = win.plot_panel
        b = panel.plot.scores
        ratio = panel.view.ratio
        x = (b.x0 + fraction * b.width) / ratio
        y = (panel.plot.image.height - (b.y0 + b.y1) / 2) / ratio
        QTest.mouseMove(panel.view, QPoint(int(x), int(y)))

    shot("01_welcome")
    session = open_and_analyse(str(sample_document()))
    win.chapter_dock.raise_()
    win.page_view.go_to_page(2)
    shot("02_sample_layout_and_chapters")

    pdf = SHARED / "pdfs" / "paper2col_dpr_arxiv2004.04906.pdf"
    if pdf.is_file():
        session = open_and_analyse(str(pdf))
        win.page_view.go_to_page(1)
        shot("03_real_pdf")
    vtt = SHARED / "transcripts" / "samples" / "crashcourse_vo4pMVb0R6M.vtt"
    if vtt.is_file():
        session = open_and_analyse(str(vtt))
        hover_plot(0.55)
        shot("04_transcript")
    meeting = SHARED / "transcripts" / "samples" / "qmsum_ES2004a.txt"
    if meeting.is_file():  # a meeting without chapters: every title is generated
        session = open_and_analyse(str(meeting))
        win.chapter_dock.raise_()
        win.go_to_chapter(min(1, len(session.chapters) - 1))
        shot("05_generated_titles")
        hover_plot(0.3)
        shot_widget("07_plots_close_up", win.plot_dock)
    session = open_and_analyse(str(sample_document()))
    win.focus_search()
    win.search_panel.scope_combo.setCurrentIndex(1)
    win.search_panel.query_edit.setText("why do salmon need cold water")
    win.search_panel.run_now()
    wait_until(lambda: win.search_panel.model.rowCount() > 0, 60)
    win.search_panel.activate_row(0)
    wait(1500)
    shot("06_search_hit")
    win.close()
    workers.shutdown(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
