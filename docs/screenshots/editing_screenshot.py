"""Screenshots of manual chapter correction (issue 7) under a real X server.

    Xvfb :99 -screen 0 1440x900x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/editing_screenshot.py

Opens the bundled sample in the real window, then, with real mouse events, presses on
the boundary line of chapter 2 on the page and drags it down to the next paragraph:
``editing.png`` is taken mid-drag (the red preview line snapped to a sentence start,
"Chapter 2 starts here").
After the release (one undo step), ``editing_menu.png`` shows the page's context menu
("Start a chapter here", merge, regenerate, reset) and the Edit menu's undo text.
A fresh data folder is used, so nothing of the user's is touched.
"""
from __future__ import annotations

import sys

from xshots import main_window, shot, wait, wait_until

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QContextMenuEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    app = QApplication([sys.argv[0]])
    from explorer.app import sample_document
    from explorer.ui.editing_drag import sentence_start_xy

    workers, win = main_window(app)
    opened: list = []
    win.document_opened.connect(opened.append)
    win.open_path(str(sample_document()))
    wait_until(lambda: opened, 120)
    session = opened[-1]
    wait_until(lambda: session.analysis_state != "running", 600)
    print("analysis", session.analysis_state, len(session.chapters), "chapters")
    win.actions_.show_layout.setChecked(False)  # the chapter overlay alone reads better here
    win.chapter_dock.raise_()
    ed = win.chapter_editing
    doc = session.document
    ci = 1
    ch = session.chapters[ci]
    page, x0, y0 = sentence_start_xy(doc, ch.start)
    # down to the start of the second paragraph (a sentence at the left margin, on the same page)
    target = next((i for i in range(ch.start + 2, ch.end) if (sentence_start_xy(doc, i) or (-1,))[0] == page
                   and abs(sentence_start_xy(doc, i)[1] - x0) < 1), ch.start + 2)
    _p, tx, ty = sentence_start_xy(doc, target)
    win.page_view.go_to_page(page, max(0.0, y0 - 120))
    wait(800)
    view, vp = win.page_view, win.page_view.viewport()
    item = view.page_item(page)

    def at(x: float, y: float) -> QPoint:
        return view.mapFromScene(item.mapToScene(x, y))

    start = at(item.rect().width() / 2, y0 - 3)
    QTest.mouseMove(vp, start)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 6):
        QTest.mouseMove(vp, at(tx + 2, y0 + (ty - y0) * k / 5 - 3))
        wait(60)
    print("dragging chapter", ed.page_drag.chapter + 1, "to sentence", ed.page_drag.target)
    shot("editing", settle_ms=500)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(tx + 2, ty - 3))
    print("moved:", session.chapters[ci].start == target, "undo:", win.actions_.undo.text())
    wait(1500)  # background title of the moved chapter
    nxt = next((i for i in range(target + 2, session.chapters[ci].end)
                if (sentence_start_xy(doc, i) or (-1,))[0] == page), None)
    if nxt is not None:
        _p, sx, sy = sentence_start_xy(doc, nxt)
        point = at(sx + 8, sy + 4)
        QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, vp.mapToGlobal(point)))
        shot("editing_menu", settle_ms=500)
        if ed.page_drag.last_menu is not None:
            ed.page_drag.last_menu.close()
    win.close()
    workers.shutdown(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
