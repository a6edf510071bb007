"""Layout overlay items, legend and the no-text-layer marker (offscreen pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsView

from explorer.core.model import LAYOUT_CLASSES, Block, Rect
from explorer.ui.views.layout_overlay import (
    LAYOUT_COLORS,
    LayoutLegend,
    LayoutOverlay,
    NoTextLayerMarker,
    first_words,
)


def _blocks() -> list[Block]:
    return [
        Block(0, Rect(50, 30, 545, 60), "section-header", 1, "1 Introduction to layout", level=1),
        Block(0, Rect(50, 70, 545, 300), "text", 2, "Body text " * 30),
        Block(0, Rect(100, 320, 495, 600), "picture", 3, ""),
        Block(0, Rect(100, 605, 495, 620), "caption", 4, "Figure 1: A chart."),
        Block(0, Rect(50, 5, 545, 20), "page-header", 0, "Running head"),
    ]


@pytest.fixture
def scene_with_page(qtbot):
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)  # as the reader's page view
    qtbot.addWidget(view)
    page = QGraphicsRectItem(0, 0, 595, 842)
    scene.addItem(page)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    return scene, view, page


def test_every_class_has_a_distinct_colour():
    assert set(LAYOUT_COLORS) == set(LAYOUT_CLASSES)
    assert len({c.name() for c in LAYOUT_COLORS.values()}) == len(LAYOUT_CLASSES)


def test_overlay_boxes_are_in_page_points_and_survive_zoom(scene_with_page):
    _scene, view, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    assert overlay.parentItem() is page
    items = overlay.block_items
    assert [i.block.order for i in items] == [0, 1, 2, 3, 4]
    text_item = next(i for i in items if i.block.label == "text")
    assert text_item.rect().getCoords() == (50, 70, 545, 300)
    before = text_item.mapToScene(text_item.rect()).boundingRect()
    view.scale(3.0, 3.0)
    assert text_item.mapToScene(text_item.rect()).boundingRect() == before, "zoom must not move boxes"
    # the fill is semi-transparent and coloured by class
    assert 0 < text_item.brush().color().alpha() < 128
    assert text_item.pen().color().rgb() == LAYOUT_COLORS["text"].rgb()


def test_tooltip_names_the_class_and_first_words(scene_with_page):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    tip = next(i for i in overlay.block_items if i.block.label == "section-header").toolTip()
    assert "section header" in tip and "1 Introduction to layout" in tip
    assert first_words("a b c d e f g h i j k l m n", 3) == "a b c …"


def test_order_badges_toggle(scene_with_page):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    assert not any(b.isVisible() for b in overlay.badges)
    overlay.set_show_order(True)
    assert all(b.isVisible() for b in overlay.badges)
    assert [b.text for b in overlay.badges] == ["1", "2", "3", "4", "5"]
    overlay.set_show_order(False)
    assert not any(b.isVisible() for b in overlay.badges)


def test_visible_classes_hide_boxes_and_their_badges(scene_with_page):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    overlay.set_show_order(True)
    overlay.set_visible_classes({"picture", "caption"})
    shown = {i.block.label for i in overlay.block_items if i.isVisible()}
    assert shown == {"picture", "caption"}
    assert sum(b.isVisible() for b in overlay.badges) == 2


def test_click_selects_emits_and_ctrl_c_copies(scene_with_page, qtbot):
    _scene, view, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    target = next(i for i in overlay.block_items if i.block.label == "caption")
    pos = view.mapFromScene(target.mapToScene(target.rect().center()))
    with qtbot.waitSignal(overlay.block_selected, timeout=1000) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args[0].label == "caption"
    assert overlay.selected_block is target.block
    assert target.pen().widthF() > 1.5, "the selected block is highlighted"
    QGuiApplication.clipboard().clear()
    qtbot.keySequence(view.viewport(), QKeySequence.StandardKey.Copy)
    assert QGuiApplication.clipboard().text() == "Figure 1: A chart."


def test_copy_without_selection_does_nothing(scene_with_page):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    QGuiApplication.clipboard().setText("unchanged")
    assert overlay.copy_selected() is False
    assert QGuiApplication.clipboard().text() == "unchanged"


def test_hiding_the_selected_class_clears_the_selection(scene_with_page):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    overlay.select_block(overlay.blocks[1])
    overlay.set_visible_classes({"picture"})
    assert overlay.selected_block is None


def test_set_blocks_replaces_a_fast_result(scene_with_page):
    scene, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks()[:2], parent=page)
    overlay.set_blocks(_blocks())
    assert len(overlay.block_items) == 5
    assert overlay.scene() is scene and overlay.parentItem() is page  # back on its page after the rebuild
    assert len([i for i in scene.items() if i.parentItem() is overlay]) == 5  # the boxes
    overlay.set_show_order(True)
    assert len([i for i in scene.items() if i.parentItem() is overlay]) == 10  # and their order badges
    overlay.set_blocks(_blocks()[:3])
    assert [b.text for b in overlay.badges if b.isVisible()] == ["2", "3", "4"]  # their reading order


def test_legend_toggles_classes_all_and_order(qtbot):
    legend = LayoutLegend()
    qtbot.addWidget(legend)
    assert legend.visible_classes() == set(LAYOUT_CLASSES)
    with qtbot.waitSignal(legend.visible_classes_changed) as sig:
        legend.class_boxes["text"].setChecked(False)
    assert "text" not in sig.args[0]
    assert not legend.all_box.isChecked()
    with qtbot.waitSignal(legend.visible_classes_changed) as sig:
        legend.all_box.click()
    assert sig.args[0] == set(LAYOUT_CLASSES)
    with qtbot.waitSignal(legend.visible_classes_changed) as sig:
        legend.all_box.click()
    assert sig.args[0] == set()
    with qtbot.waitSignal(legend.show_order_changed) as sig:
        legend.order_box.click()
    assert sig.args[0] is True


def test_legend_drives_an_overlay(scene_with_page, qtbot):
    _, _, page = scene_with_page
    overlay = LayoutOverlay(_blocks(), parent=page)
    legend = LayoutLegend()
    qtbot.addWidget(legend)
    legend.visible_classes_changed.connect(overlay.set_visible_classes)
    legend.show_order_changed.connect(overlay.set_show_order)
    legend.class_boxes["picture"].setChecked(False)
    legend.order_box.setChecked(True)
    assert not next(i for i in overlay.block_items if i.block.label == "picture").isVisible()
    assert overlay.show_order


def test_no_text_layer_marker_spans_the_page_and_paints(scene_with_page, qtbot):
    _scene, view, page = scene_with_page
    marker = NoTextLayerMarker(parent=page)
    assert marker.boundingRect().width() == 595
    assert "OCR" in marker.toolTip()
    image = view.grab().toImage()
    red = image.pixelColor(image.width() // 2, view.mapFromScene(QPointF(297, 5)).y())
    assert red.red() > 150 and red.green() < 120


class _FakePageView(QObject):
    """The parts of the reader's PageView the live overlays use."""

    view_changed = Signal()

    def __init__(self, pages: int) -> None:
        super().__init__()
        self.scene = QGraphicsScene()
        self.items = [QGraphicsRectItem(0, 0, 595, 842) for _ in range(pages)]
        for i in self.items:
            self.scene.addItem(i)
        self.visible = [0]

    @property
    def page_count(self) -> int:
        return len(self.items)

    def page_item(self, i: int):
        return self.items[i]

    def visible_pages(self) -> list[int]:
        return list(self.visible)


def test_live_overlays_show_pages_in_view_first_then_the_full_result(qtbot, workers, tmp_path):
    from dataclasses import replace

    from explorer.ui.views.layout_overlay_live import LiveLayoutOverlays
    from tests.core.test_layout_fixtures import doc_for, make_pdf

    pdf = make_pdf(tmp_path / "live.pdf", pages=3, figure=True)
    doc = doc_for(pdf)
    doc.pages[2] = replace(doc.pages[2], has_text=False)  # as the loader marks an image-only page
    view = _FakePageView(3)
    live = LiveLayoutOverlays(view, workers)
    view.visible = [1]
    with qtbot.waitSignal(live.overlay_ready, timeout=30000) as sig:
        live.set_document(doc)
    assert sig.args == [1], "the page in view is analysed first"
    assert set(live.overlays) == {1} and live.overlays[1].blocks
    from explorer.core.layout import is_provisional

    # a heuristic stop-gap (while the model loads) is replaced by the model's result
    qtbot.waitUntil(lambda: not is_provisional(live.overlays[1].blocks), timeout=30000)
    assert set(live.markers) == {2} and live.markers[2].parentItem() is view.items[2]
    view.visible = [0, 1, 2]
    with qtbot.waitSignal(live.overlay_ready, timeout=30000) as sig:
        view.view_changed.emit()
    assert sig.args == [0]
    assert 2 not in live.overlays, "an image-only page keeps its marker and gets no boxes"
    overlay = live.overlays[1]
    live.set_show_order(True)
    full = [Block(1, Rect(10, 10, 100, 30), "title", 0, "Full result", level=1)]
    with qtbot.waitSignal(live.overlay_ready, timeout=5000):  # shown at the next turn of the event loop
        live.apply_blocks({1: full})
    assert live.overlays[1] is overlay and overlay.blocks == full and overlay.show_order
    live.set_document(None)
    assert not live.overlays and not live.markers and overlay.scene() is None
    live.shutdown(wait=True)


def test_live_overlays_accept_the_openers_placeholder_then_keep_them_for_the_loaded_document(qtbot, tmp_path):
    from dataclasses import replace

    from explorer.ui.views.layout_overlay_live import LiveLayoutOverlays
    from tests.core.test_layout_fixtures import doc_for, make_pdf

    pdf = make_pdf(tmp_path / "ph.pdf", pages=2)
    loaded = doc_for(pdf)
    placeholder = replace(loaded, id="", sentences=[])
    view = _FakePageView(2)
    live = LiveLayoutOverlays(view)
    from explorer.core.layout import is_provisional

    live.set_document(placeholder)
    qtbot.waitUntil(lambda: 0 in live.overlays and not is_provisional(live.overlays[0].blocks), timeout=30000)
    overlay = live.overlays[0]
    loaded.pages[1] = replace(loaded.pages[1], has_text=False)  # the loader found page 2 image-only
    live.set_document(loaded)
    assert live.overlays[0] is overlay, "the loaded document keeps the overlays of its placeholder"
    assert set(live.markers) == {1} and 1 not in live.overlays
    from explorer.core.layout import read_cached

    assert read_cached(loaded.id, 0, fast=True), "the placeholder's result is cached under the file's hash"
    live.shutdown(wait=True)


def test_order_badge_sits_where_reading_starts(scene_with_page):
    _, _, page = scene_with_page
    ltr = Block(0, Rect(100, 100, 400, 140), "text", 0, "Reading starts on the left")
    rtl = Block(0, Rect(100, 200, 400, 240), "text", 1, "يبدأ النص من اليمين في هذه الفقرة")
    overlay = LayoutOverlay([ltr, rtl], parent=page)
    overlay.set_show_order(True)
    left, right = overlay.badges
    assert left.rect().left() < 100 and right.rect().right() > 399


def test_many_pages_of_boxes_are_shown_one_per_turn_of_the_event_loop(qtbot, workers):
    """Boxes for several pages (the full result near the view) go on one page at a time, the
    page in view first, so the window's other events get their turn between pages."""
    from PySide6.QtCore import QCoreApplication

    from explorer.core.model import Document
    from explorer.ui.views.layout_overlay_live import LiveLayoutOverlays

    view = _FakePageView(4)
    view.visible = [3]
    live = LiveLayoutOverlays(view, workers)
    live._doc = Document(id="d", path="x.pdf", kind="pdf", format="pdf", title="x", sentences=[])
    shown: list[int] = []
    live.overlay_ready.connect(shown.append)
    live.apply_blocks({p: _blocks() for p in range(4)})
    assert shown == []  # nothing on the GUI thread's turn that received them
    QCoreApplication.processEvents()
    assert 1 <= len(shown) < 4 and shown[0] == 3  # the page in view first, not all at once
    qtbot.waitUntil(lambda: sorted(shown) == [0, 1, 2, 3], timeout=5000)
    assert all(live.overlays[p].blocks for p in range(4))
    live.shutdown(wait=True)
