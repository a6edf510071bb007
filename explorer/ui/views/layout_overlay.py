"""Layout overlays: coloured boxes per block on a page, a legend, a "no text layer" marker.

A :class:`LayoutOverlay` is a child of a page item whose local coordinates are PDF
points (see :mod:`explorer.ui.views.page_view`), so its boxes are drawn in points
and zooming only changes the view transform: nothing is recomputed.

Interaction: hovering a box shows its class, reading-order number and first
words; a click selects it (highlight + ``block_selected(block)``); dragging over a
box scrolls the view as the hand-drag does elsewhere; Ctrl+C or the context menu copies the selected
block's text. Reading-order badges and per-class visibility are toggled by
:class:`LayoutLegend` (or directly with :meth:`LayoutOverlay.set_show_order` and
:meth:`LayoutOverlay.set_visible_classes`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from explorer.core.model import LAYOUT_CLASSES, Block

log = logging.getLogger(__name__)

LAYOUT_COLORS: dict[str, QColor] = {
    "title": QColor("#D62728"),
    "section-header": QColor("#FF7F0E"),
    "text": QColor("#1F77B4"),
    "list-item": QColor("#17BECF"),
    "caption": QColor("#9467BD"),
    "footnote": QColor("#8C564B"),
    "formula": QColor("#E377C2"),
    "table": QColor("#2CA02C"),
    "picture": QColor("#BCBD22"),
    "page-header": QColor("#7F7F7F"),
    "page-footer": QColor("#525252"),
}
FILL_ALPHA = 40
SELECTED_ALPHA = 90
TOOLTIP_WORDS = 12


def layout_color(label: str, alpha: int = 255) -> QColor:
    color = QColor(LAYOUT_COLORS.get(label, QColor("#1F77B4")))
    color.setAlpha(alpha)
    return color


def first_words(text: str, n: int = TOOLTIP_WORDS) -> str:
    words = (text or "").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


class BlockItem(QGraphicsRectItem):
    """One block's box; forwards clicks and context menus to its overlay."""

    def __init__(self, block: Block, overlay: LayoutOverlay) -> None:
        r = block.bbox
        super().__init__(r.x0, r.y0, r.width, r.height, overlay)
        self.block = block
        self._dragged = False
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton)
        label = block.label.replace("-", " ")
        level = f", level {block.level}" if block.level else ""
        words = first_words(block.text)
        self.setToolTip(
            f"<b>{label}</b>{level} · #{block.order + 1}" + (f"<br>{_escape(words)}" if words else "")
        )
        self.set_selected(False)

    @property
    def _overlay(self) -> "LayoutOverlay":
        # Asked of Qt, not kept: the overlay keeps its boxes, and a box keeping its overlay
        # would be a reference cycle, which gc_landing's freeze keeps in memory for good.
        return self.parentItem()

    def set_selected(self, selected: bool) -> None:
        color = layout_color(self.block.label)
        pen = QPen(color, 2.0 if selected else 0.8)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(layout_color(self.block.label, SELECTED_ALPHA if selected else FILL_ALPHA)))
        self.setZValue(2 if selected else 1)

    def mousePressEvent(self, event) -> None:
        self._dragged = False
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        # keep hand-drag scrolling working over boxes: scroll the view by the mouse delta
        delta = event.screenPos() - event.lastScreenPos()
        start = event.buttonDownScreenPos(Qt.MouseButton.LeftButton)
        if not self._dragged and (event.screenPos() - start).manhattanLength() < 4:
            return
        self._dragged = True
        view = _view_of(event)
        if view is not None:
            view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - delta.x())
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() - delta.y())

    def mouseReleaseEvent(self, event) -> None:
        view = _view_of(event)
        on_link = (view is not None and hasattr(view, "link_at")
                   and view.link_at(view.mapFromScene(event.scenePos())) is not None)
        if not self._dragged and not on_link:  # a click on a link follows it (the page view), nothing else
            self._overlay.select_block(self.block)
        self._dragged = False
        event.accept()

    def contextMenuEvent(self, event) -> None:
        self._overlay.select_block(self.block)
        menu = QMenu()
        copy = menu.addAction("Copy block text")
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(bool(self.block.text))
        copy.triggered.connect(self._overlay.copy_selected)
        menu.exec(event.screenPos())
        event.accept()


class OrderBadge(QGraphicsRectItem):
    """A small numbered badge at a block's top-left corner (reading order, 1-based)."""

    def __init__(self, block: Block, parent: QGraphicsItem) -> None:
        text = str(block.order + 1)
        size = max(7.0, min(11.0, block.bbox.height * 0.8))
        width = size * (0.75 + 0.55 * len(text))
        # at the corner where reading starts: top right for right-to-left text
        x = block.bbox.x1 - width + 2 if _mostly_rtl(block.text) else block.bbox.x0 - 2
        super().__init__(x, block.bbox.y0 - 2, width, size + 2, parent)
        self.setBrush(QBrush(layout_color(block.label, 230)))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        label = QGraphicsSimpleTextItem(text, self)
        font = QFont()
        font.setPointSizeF(size * 0.8)
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QBrush(Qt.GlobalColor.white))
        br = label.boundingRect()
        label.setPos(self.rect().center() - QPointF(br.width() / 2, br.height() / 2))
        self.text = text


class LayoutOverlay(QGraphicsObject):
    """All layout blocks of one page, as a child of its page item (PDF-point coordinates)."""

    block_selected = Signal(object)  # the selected Block

    def __init__(self, blocks: Sequence[Block], parent: QGraphicsItem | None = None) -> None:
        # built outside the scene and then put on its page in one step: each item added to a
        # scene one by one updates its index (a page of 90 blocks held the window's thread
        # 30-100 ms as the layout of the pages being read arrived)
        super().__init__(None)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(10)
        self._items: list[BlockItem] = []
        self._badges: list[OrderBadge] = []  # made when the reading order is first shown
        self._selected: BlockItem | None = None
        self._show_order = False
        self._visible_classes: set[str] = set(LAYOUT_CLASSES)
        self._bounds = QRectF()
        self.set_blocks(blocks)
        if parent is not None:
            self.setParentItem(parent)

    # --- content ------------------------------------------------------------------
    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Replace the boxes (e.g. when the full result replaces the fast first pass)."""
        scene = self.scene()
        for item in self._items + self._badges:
            item.setParentItem(None)
            if scene is not None:
                scene.removeItem(item)
        self._items, self._badges, self._selected = [], [], None
        page = self.parentItem()
        if page is not None and scene is not None:  # rebuilt off the scene, as in __init__
            self.setParentItem(None)
            scene.removeItem(self)
            try:
                self._fill(blocks)
            finally:
                self.setParentItem(page)
            return
        self._fill(blocks)

    def _fill(self, blocks: Sequence[Block]) -> None:
        self.prepareGeometryChange()
        bounds = QRectF()
        for b in sorted(blocks, key=lambda b: b.order):
            item = BlockItem(b, self)
            self._items.append(item)
            bounds = bounds.united(item.rect())
        self._bounds = bounds
        self._apply_visibility()

    @property
    def blocks(self) -> list[Block]:
        return [i.block for i in self._items]

    @property
    def block_items(self) -> list[BlockItem]:
        return list(self._items)

    @property
    def badges(self) -> list[OrderBadge]:
        return list(self._badges)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        return

    # --- visibility ---------------------------------------------------------------
    def set_visible_classes(self, classes: Iterable[str]) -> None:
        classes = set(classes)
        if classes == self._visible_classes:
            return
        self._visible_classes = classes
        if self._selected is not None and self._selected.block.label not in self._visible_classes:
            self.select_block(None)
        self._apply_visibility()

    def visible_classes(self) -> set[str]:
        return set(self._visible_classes)

    def set_show_order(self, show: bool) -> None:
        if bool(show) == self._show_order:
            return
        self._show_order = bool(show)
        self._apply_visibility()

    @property
    def show_order(self) -> bool:
        return self._show_order

    def _apply_visibility(self) -> None:
        if self._show_order and len(self._badges) < len(self._items):
            self._badges = [OrderBadge(item.block, self) for item in self._items]
        for item in self._items:
            item.setVisible(item.block.label in self._visible_classes)
        for item, badge in zip(self._items, self._badges):
            badge.setVisible(self._show_order and item.isVisible())

    # --- selection and copy -------------------------------------------------------
    def select_block(self, block: Block | None) -> None:
        """Highlight ``block`` (``None`` clears) and emit ``block_selected``."""
        if self._selected is not None:
            self._selected.set_selected(False)
        self._selected = (
            next((i for i in self._items if i.block is block), None) if block is not None else None
        )
        if self._selected is not None:
            self._selected.set_selected(True)
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.block_selected.emit(self._selected.block)

    @property
    def selected_block(self) -> Block | None:
        return self._selected.block if self._selected is not None else None

    def copy_selected(self) -> bool:
        """Copy the selected block's text to the clipboard; False when nothing is selected."""
        block = self.selected_block
        if block is None or not block.text:
            return False
        QGuiApplication.clipboard().setText(block.text)
        return True

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.copy_selected():
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._selected is not None:
            self.select_block(None)
            event.accept()
            return
        super().keyPressEvent(event)


class NoTextLayerMarker(QGraphicsItem):
    """A banner across the top of an image-only page that has no text layer (and no OCR)."""

    TEXT = "No text layer on this page: layout and search need OCR"

    def __init__(self, parent: QGraphicsItem | None = None, width: float | None = None) -> None:
        super().__init__(parent)
        if width is None:
            rect = (
                parent.rect()
                if hasattr(parent, "rect")
                else parent.boundingRect()
                if parent is not None
                else None
            )
            width = rect.width() if rect is not None else 200.0
        self._rect = QRectF(0, 0, width, max(18.0, width * 0.045))
        self.setZValue(15)
        self.setToolTip("This page is only an image. Strata can analyse it once it has been run through OCR.")

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(180, 30, 30, 200))
        painter.drawRect(self._rect)
        painter.setPen(QColor(255, 255, 255))
        font = painter.font()
        font.setPointSizeF(self._rect.height() * 0.42)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.TEXT)


class LayoutLegend(QWidget):
    """A checkbox per layout class (with its colour), an "all" toggle and a "reading order" toggle."""

    visible_classes_changed = Signal(set)
    show_order_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(2)
        self.all_box = QCheckBox("All classes")
        self.all_box.setTristate(False)
        self.all_box.setChecked(True)
        self.all_box.clicked.connect(self._on_all_box_clicked)
        layout.addWidget(self.all_box)
        self.class_boxes: dict[str, QCheckBox] = {}
        for cls in LAYOUT_CLASSES:
            row = QHBoxLayout()
            row.setContentsMargins(12, 0, 0, 0)
            swatch = QLabel()
            swatch.setFixedSize(12, 12)
            c = LAYOUT_COLORS[cls]
            swatch.setStyleSheet(
                f"background: rgba({c.red()},{c.green()},{c.blue()},160); border: 1px solid {c.name()};"
            )
            box = QCheckBox(cls.replace("-", " "))
            box.setChecked(True)
            box.toggled.connect(self._on_class_box_toggled)
            row.addWidget(swatch)
            row.addWidget(box, 1)
            layout.addLayout(row)
            self.class_boxes[cls] = box
        self.order_box = QCheckBox("Reading order numbers")
        self.order_box.toggled.connect(self.show_order_changed.emit)
        layout.addSpacing(4)
        layout.addWidget(self.order_box)
        layout.addStretch(1)
        self._muted = False

    def visible_classes(self) -> set[str]:
        return {c for c, b in self.class_boxes.items() if b.isChecked()}

    def set_visible_classes(self, classes: Iterable[str]) -> None:
        wanted = set(classes)
        self._muted = True
        try:
            for c, b in self.class_boxes.items():
                b.setChecked(c in wanted)
        finally:
            self._muted = False
        self._sync_all_box()
        self.visible_classes_changed.emit(self.visible_classes())

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show how many blocks of each class the document has."""
        for c, b in self.class_boxes.items():
            n = counts.get(c, 0)
            b.setText(f"{c.replace('-', ' ')} ({n})")

    def _sync_all_box(self) -> None:
        self.all_box.blockSignals(True)
        self.all_box.setChecked(all(b.isChecked() for b in self.class_boxes.values()))
        self.all_box.blockSignals(False)

    def _on_all_box_clicked(self, checked: bool) -> None:
        self.set_visible_classes(LAYOUT_CLASSES if checked else ())

    def _on_class_box_toggled(self, _checked: bool) -> None:
        if self._muted:
            return
        self._sync_all_box()
        self.visible_classes_changed.emit(self.visible_classes())


def _view_of(event):
    from PySide6.QtWidgets import QGraphicsView

    widget = event.widget()
    parent = widget.parent() if widget is not None else None
    return parent if isinstance(parent, QGraphicsView) else None


def _mostly_rtl(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    rtl = sum(1 for c in letters if "\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc")
    return bool(letters) and rtl > len(letters) / 2


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
