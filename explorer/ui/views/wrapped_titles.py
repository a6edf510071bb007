"""Titles of a tree's first column that wrap to a second line instead of being cut.

In a side dock a quarter of a 1440-pixel screen wide, the title column of the chapters
panel is about 130 pixels: "Part I The MuPDF C API" showed as "Part I The M…", and
"Chapter 2 About this book" as "Chapter 2 A…", the number without the name. Acrobat's
bookmarks and Preview's contents wrap long entries for the same reason.

A row is as tall as its title needs, up to :data:`MAX_LINES` lines; a longer title is
cut at the end of the last line (the view's elide mode) and the full title stays in the
tooltip. Heights are recomputed when the column changes width, once the resizing pauses.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

MAX_LINES = 2
RELAYOUT_DELAY_MS = 60  # a dock being dragged resizes the column many times a second


class WrappedTitleDelegate(QStyledItemDelegate):
    """Row heights for wrapped titles in column 0 of ``view`` (other columns as usual)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._lines: dict[tuple[str, int], int] = {}  # (title, text width) -> lines, up to MAX_LINES
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(RELAYOUT_DELAY_MS)
        self._relayout.timeout.connect(view.doItemsLayout)
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.header().sectionResized.connect(self._on_section_resized)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        if index.column() != 0:
            return size
        lines = self.title_lines(index)
        if lines > 1:
            size.setHeight(size.height() + (lines - 1) * option.fontMetrics.lineSpacing())
        return size

    def title_lines(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """How many lines the title of ``index``'s row takes at the column's present width."""
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = self._text_width(index)
        key = (text, width)
        lines = self._lines.get(key)
        if lines is None:
            fm = self._view.fontMetrics()
            if fm.horizontalAdvance(text) <= width:
                lines = 1
            else:
                bound = fm.boundingRect(QRect(0, 0, width, 1 << 20), int(Qt.TextFlag.TextWordWrap), text)
                lines = max(1, min(MAX_LINES, round(bound.height() / max(fm.lineSpacing(), 1))))
            if len(self._lines) > 20_000:  # titles are few; widths change as the dock is dragged
                self._lines.clear()
            self._lines[key] = lines
        return lines

    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """Width left for the text in the title cell: the column less the branch indentation,
        the colour swatch and the cell's margins."""
        view = self._view
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        style = view.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        icon = 0
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            icon = view.iconSize().width() if view.iconSize().isValid() else \
                style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
            icon += margin
        return max(8, view.header().sectionSize(0) - indent - icon - margin)

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 0:
            self._relayout.start()
