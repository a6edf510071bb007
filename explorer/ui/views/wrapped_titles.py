"""Titles of a chapter tree's first column that wrap to a second line instead of being cut.

In a side dock a quarter of a 1440-pixel screen wide, the title column of the chapters
panel is about 130 pixels: "Part I The MuPDF C API" showed as "Part I The M…", and
"Chapter 2 About this book" as "Chapter 2 A…", the number without the name. Acrobat's
bookmarks and Preview's contents wrap long entries for the same reason.

A row is as tall as its title needs, up to :data:`MAX_LINES` lines; a longer title is
cut at the end of the last line (the view's elide mode) and the full title stays in the
tooltip. Heights are recomputed when the column changes width, once the resizing pauses.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from explorer.ui.models.chapter_model import ChapterEntry

MAX_LINES = 2
RELAYOUT_DELAY_MS = 60  # a dock being dragged resizes the column many times a second


class WrappedTitleDelegate(QStyledItemDelegate):
    """Row heights for wrapped titles; the delegate of ``view``, a tree of a
    :class:`~explorer.ui.models.chapter_model.ChapterTreeModel` (its other columns hold one
    line each)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._lines: dict[tuple[str, int], int] = {}  # (title, text width) -> lines, up to MAX_LINES
        self._one_line: dict[bool, QSize] = {}  # a one-line row's size, with / without a colour swatch
        self._measure_style()
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(RELAYOUT_DELAY_MS)
        self._relayout.timeout.connect(view.doItemsLayout)
        view.setItemDelegate(self)
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.header().sectionResized.connect(self._on_section_resized)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # the cached sizes are stale
            self._measure_style()
            self._relayout.start()
        return False

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        # Qt asks every expanded row's height when the tree is filled (240 rows for the
        # 400-page manual, on the window's thread): a one-line row's size is asked of the
        # style once, with and without a swatch, and per row only the title's lines are
        # reckoned, from the entry itself rather than through the model's roles.
        entry: ChapterEntry = index.internalPointer()
        swatch = entry.has_swatch and index.column() == 0
        base = self._one_line.get(swatch)
        if base is None:
            base = self._one_line[swatch] = super().sizeHint(option, index)
        if index.column() != 0:  # one line ("p. 12", "3 pp."): no need to ask the style per cell
            return base
        lines = self.title_lines(entry)
        if lines == 1:
            return base
        return QSize(base.width(), base.height() + (lines - 1) * self._line_spacing)

    def title_lines(self, entry: ChapterEntry) -> int:
        """How many lines ``entry``'s title takes at the column's present width."""
        depth = 0
        up = entry.parent
        while up is not None:
            depth += 1
            up = up.parent
        width = self._text_width(depth, entry.has_swatch)
        key = (entry.title, width)
        lines = self._lines.get(key)
        if lines is None:
            fm = self._view.fontMetrics()
            if fm.horizontalAdvance(entry.title) <= width:
                lines = 1
            else:
                bound = fm.boundingRect(QRect(0, 0, width, 1 << 20), int(Qt.TextFlag.TextWordWrap), entry.title)
                lines = max(1, min(MAX_LINES, round(bound.height() / self._line_spacing)))
            if len(self._lines) > 20_000:  # titles are few; widths change as the dock is dragged
                self._lines.clear()
            self._lines[key] = lines
        return lines

    def _text_width(self, depth: int, swatch: bool) -> int:
        """Width left for the text in a title cell: the column less the branch indentation,
        the colour swatch and the cell's margins."""
        view = self._view
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        return max(8, view.header().sectionSize(0) - indent - (self._swatch if swatch else 0) - self._margin)

    def _measure_style(self) -> None:
        view = self._view
        style = view.style()
        self._margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        icon = view.iconSize().width() if view.iconSize().isValid() else \
            style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        self._swatch = icon + self._margin
        self._line_spacing = max(1, view.fontMetrics().lineSpacing())
        self._one_line.clear()
        self._lines.clear()

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 0:
            self._relayout.start()
