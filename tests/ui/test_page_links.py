"""A click on a link on a page jumps where it points (and Back returns); a drag does not."""
from __future__ import annotations

import pymupdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import open_doc


def _pdf(path):
    d = pymupdf.open()
    for i in range(6):
        page = d.new_page(width=400, height=600)
        page.insert_text((50, 80), f"Page {i + 1} talks about rivers and the sea in some detail.", fontsize=12)
        page.insert_text((50, 120), "The appendix on the last page lists every source that was used.", fontsize=12)
    d[0].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(50, 108, 350, 124), "page": 5,
                      "to": pymupdf.Point(0, 100)})
    d.save(path)
    return path


def test_clicking_a_link_jumps_to_its_page_and_back_returns(qtbot, explorer, tmp_path):
    open_doc(qtbot, explorer, _pdf(tmp_path / "linked.pdf"))
    view = explorer.page_view
    qtbot.waitUntil(lambda: bool(view.page_item(0).links), timeout=20000)
    view.go_to_page(0)
    item = view.page_item(0)
    centre = view.mapFromScene(item.mapToScene(200, 116))
    assert view.link_at(centre) is not None and view.link_at(view.mapFromScene(item.mapToScene(200, 300))) is None
    vp = view.viewport()
    # a drag that starts on the link scrolls; it does not follow the link
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseMove(vp, centre + QPoint(0, 40))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(0, 40))
    assert view.current_page() == 0
    view.go_to_page(0)
    centre = view.mapFromScene(item.mapToScene(200, 116))
    live = explorer.live_layout
    qtbot.waitUntil(lambda: 0 in live.overlays, timeout=30000)
    overlays = [live.overlays[0]]
    assert any(b.contains(b.mapFromScene(item.mapToScene(200, 116))) for b in overlays[0].block_items)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.waitUntil(lambda: view.current_page() == 5, timeout=5000)
    assert overlays[0].selected_block is None  # the link's layout block under it is not selected too
    explorer.go_back()
    qtbot.waitUntil(lambda: view.current_page() == 0, timeout=5000)
