"""A transcript as timed, speaker-labelled text (QListView + delegate over TranscriptModel).

Each row is one sentence: a chapter band on the left (coloured per chapter, with a
boundary line and the chapter title where a chapter starts), the start time in a
gutter, the speaker's name when the speaker changes, then the wrapped text.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from explorer.ui.colors import chapter_color
from explorer.ui.models.transcript_model import (
    ChapterRole,
    ChapterStartRole,
    ChapterTitleRole,
    CodeIndentRole,
    HighlightRole,
    NoteRole,
    PlayingRole,
    SpeakerChangedRole,
    SpeakerRole,
    TimeRole,
    TranscriptModel,
    format_time,
)

BAND = 8
GUTTER = 64
PAD = 4


class TranscriptDelegate(QStyledItemDelegate):
    """Paints one sentence row; heights follow the wrapped text."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.show_chapters = True
        self.phrase = ""  # Find in Document's text: marked inside the highlighted row

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(80, option.rect.width() - BAND - GUTTER - 3 * PAD)

    def _indent(self, option: QStyleOptionViewItem, index: QModelIndex) -> int:
        """Pixels a code listing's line is indented by (its spaces in the row's fixed-width
        font), at most half the text's width; 0 for text."""
        spaces = index.data(CodeIndentRole)
        if not spaces:
            return 0
        return min(spaces * QFontMetrics(option.font).horizontalAdvance(" "), self._text_width(option) // 2)

    def _layout(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[int, int, int]:
        fm = QFontMetrics(option.font)
        title_h = fm.height() + PAD if self.show_chapters and index.data(ChapterTitleRole) else 0
        speaker_h = fm.height() if index.data(SpeakerChangedRole) and index.data(SpeakerRole) else 0
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = self._text_width(option) - self._indent(option, index)
        text_h = fm.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text).height()
        return title_h, speaker_h, text_h

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title_h, speaker_h, text_h = self._layout(opt, index)
        top_pad = PAD * 2 if speaker_h else PAD // 2
        return QSize(opt.rect.width(), title_h + speaker_h + text_h + top_pad + PAD // 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        r = opt.rect
        pal = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        playing = bool(index.data(PlayingRole))
        if index.data(HighlightRole):
            painter.fillRect(r, QColor(255, 200, 0, 110))
        elif selected:
            painter.fillRect(r, pal.color(QPalette.ColorRole.Highlight).lighter(160))
        elif playing:
            painter.fillRect(r, QColor(60, 170, 90, 45))
        title_h, speaker_h, text_h = self._layout(opt, index)
        chapter = index.data(ChapterRole)
        if self.show_chapters and chapter is not None and chapter >= 0:
            painter.fillRect(QRect(r.left(), r.top(), BAND, r.height()), chapter_color(chapter))
            if index.data(ChapterStartRole):
                painter.setPen(chapter_color(chapter))
                painter.drawLine(r.left(), r.top(), r.right(), r.top())
        y = r.top() + (PAD * 2 if speaker_h else PAD // 2)
        x_text = r.left() + BAND + GUTTER + 2 * PAD
        fm = QFontMetrics(opt.font)
        title = index.data(ChapterTitleRole) if self.show_chapters else ""
        if title:
            bold = QFont(opt.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(chapter_color(chapter).darker(130))
            painter.drawText(QRect(x_text - GUTTER - PAD, y, r.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, title)
            y += title_h
        text_color = pal.color(QPalette.ColorRole.Text)
        dim = QColor(text_color)
        dim.setAlpha(150)
        painter.setFont(opt.font)
        painter.setPen(dim)
        painter.drawText(
            QRect(r.left() + BAND + PAD, y + speaker_h, GUTTER, fm.height()),
            Qt.AlignmentFlag.AlignRight,
            format_time(index.data(TimeRole)),
        )
        if playing:  # the recording is here: a play mark beside the time
            painter.setPen(QColor(40, 140, 70))
            painter.drawText(QRect(r.left() + BAND + 1, y + speaker_h, fm.horizontalAdvance("▶") + 2, fm.height()),
                             Qt.AlignmentFlag.AlignLeft, "▶")
            painter.setPen(dim)
        elif index.data(NoteRole):  # the analyst wrote a note here: a mark in the gutter, the note in the tooltip
            painter.setPen(QColor(200, 120, 0))
            painter.drawText(QRect(r.left() + BAND + 1, y + speaker_h, fm.horizontalAdvance("✎") + 2, fm.height()),
                             Qt.AlignmentFlag.AlignLeft, "✎")
            painter.setPen(dim)
        if speaker_h:
            bold = QFont(opt.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(text_color)
            painter.drawText(QRect(x_text, y, self._text_width(opt), fm.height()), Qt.AlignmentFlag.AlignLeft,
                             index.data(SpeakerRole))
            y += speaker_h
            painter.setFont(opt.font)
        painter.setPen(text_color)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        spans = self._phrase_spans(text) if index.data(HighlightRole) else []
        indent = self._indent(opt, index)  # a code listing's line keeps its indentation
        box = QRect(x_text + indent, y, self._text_width(opt) - indent, text_h)
        if spans:
            self._draw_marked(painter, opt.font, box, text, spans)
        else:
            painter.drawText(box, Qt.TextFlag.TextWordWrap, text)
        painter.restore()

    def _phrase_spans(self, text: str) -> list[tuple[int, int]]:
        if not self.phrase.strip():
            return []
        from explorer.core.find import match_spans

        return match_spans(text, self.phrase)

    @staticmethod
    def _draw_marked(painter: QPainter, font: QFont, rect: QRect, text: str, spans: list[tuple[int, int]]) -> None:
        """``text`` wrapped in ``rect`` as drawText wraps it, with ``spans`` marked as a reader marks
        the match of its Find."""
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        mark = QTextCharFormat()
        mark.setBackground(QColor(255, 150, 0, 170))
        ranges = []
        for a, b in spans:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = a, b - a, mark
            ranges.append(r)
        layout.draw(painter, QPointF(rect.topLeft()), ranges)


class TranscriptView(QListView):
    """Scrollable timed text; ``sentence_activated`` when the user double-clicks a row."""

    sentence_activated = Signal(int)
    current_sentence_changed = Signal(int)  # the first visible row, after scrolling
    copy_requested = Signal(list)  # Ctrl+C: the selected rows (sentence indices)
    text_scale_changed = Signal(float)  # View > Zoom In / Out: the text's size against the default
    jumped = Signal(int)  # the view was brought to a row (a chapter, a hit, Go to Time, the place reopened)

    TEXT_SCALES = (0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.transcript_model = TranscriptModel(self)
        self.setModel(self.transcript_model)
        self.delegate = TranscriptDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Shift/Ctrl+click select a passage to copy (Ctrl+C) as a quote with times and speakers
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.activated.connect(self._on_activated)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._last_top = -1
        self._keep_top = -1  # the row on top when the chapters changed, kept there
        # new chapters (analysis done, an edit): say again which row is on top, so the chapter
        # panel selects the chapter being read even though nothing scrolled
        self._announce = QTimer(self)
        self._announce.setSingleShot(True)
        self._announce.setInterval(0)
        self._announce.timeout.connect(self._announce_current)
        self.transcript_model.dataChanged.connect(self._on_model_data_changed)
        self._base_point_size = self.font().pointSizeF()
        self.text_scale = 1.0

    def set_text_scale(self, scale: float) -> None:
        """Draw the text ``scale`` times its default size; the row read stays on top."""
        scale = min(self.TEXT_SCALES[-1], max(self.TEXT_SCALES[0], float(scale)))
        if abs(scale - self.text_scale) < 1e-6:
            return
        top = self.top_row()
        self.text_scale = scale
        font = self.font()
        font.setPointSizeF(self._base_point_size * scale)
        self.setFont(font)
        self.scheduleDelayedItemsLayout()
        if top > 0:
            self.executeDelayedItemsLayout()
            self.scrollTo(self.transcript_model.index(top), QAbstractItemView.ScrollHint.PositionAtTop)
        self.viewport().update()
        self.text_scale_changed.emit(scale)

    def zoom_in(self) -> None:
        self.set_text_scale(next((s for s in self.TEXT_SCALES if s > self.text_scale + 1e-6), self.TEXT_SCALES[-1]))

    def zoom_out(self) -> None:
        self.set_text_scale(next((s for s in reversed(self.TEXT_SCALES) if s < self.text_scale - 1e-6),
                                 self.TEXT_SCALES[0]))

    def _on_activated(self, index) -> None:  # noqa: ANN001
        self.sentence_activated.emit(index.row())

    def set_session(self, session) -> None:  # noqa: ANN001
        self.transcript_model.set_document(session.document if session is not None else None)
        if session is not None:
            self.transcript_model.set_chapters(session.chapters)
        self._last_top = -1
        self._keep_top = -1  # another document: nothing of the last one's place to keep

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedRows())

    def picked_row(self) -> int:
        """The row the reader picked: the first selected, else the current one; -1 for none."""
        rows = self.selected_rows()
        return rows[0] if rows else (self.currentIndex().row() if self.currentIndex().isValid() else -1)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Copy):
            rows = self.selected_rows() or ([self.currentIndex().row()] if self.currentIndex().isValid() else [])
            if rows:
                self.copy_requested.emit(rows)
            event.accept()
            return
        super().keyPressEvent(event)

    def set_find_phrase(self, phrase: str) -> None:
        """Mark ``phrase`` inside the highlighted rows (Find in Document); "" marks nothing."""
        if phrase != self.delegate.phrase:
            self.delegate.phrase = phrase
            self.viewport().update()

    def set_show_chapters(self, show: bool) -> None:
        self.delegate.show_chapters = show
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    def scroll_to_sentence(self, row: int) -> None:
        if 0 <= row < self.transcript_model.rowCount():
            idx = self.transcript_model.index(row)
            self.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtTop)
            self.setCurrentIndex(idx)
            self.jumped.emit(row)

    def top_row(self) -> int:
        idx = self.indexAt(QPoint(4, 4))
        return idx.row() if idx.isValid() else -1

    def visible_rows(self) -> list[int]:
        rows = []
        top = self.indexAt(self.viewport().rect().topLeft())
        if not top.isValid():
            return rows
        r = top.row()
        vh = self.viewport().height()
        while r < self.transcript_model.rowCount():
            rect = self.visualRect(self.transcript_model.index(r))
            if rect.top() > vh:
                break
            rows.append(r)
            r += 1
        return rows

    def _on_model_data_changed(self, _a, _b, roles=()) -> None:  # noqa: ANN001
        if ChapterRole in (roles or ()):
            # chapter headings change the rows' heights: the row read stays on top (else the
            # text under the reader's eyes slides away when an analysis lands)
            if self._keep_top < 0:
                self._keep_top = self._last_top
            self._announce.start()

    def _announce_current(self) -> None:
        keep, self._keep_top = self._keep_top, -1
        if self.transcript_model.rowCount() == 0:
            return
        if 0 < keep < self.transcript_model.rowCount() and self.top_row() != keep:
            self.scrollTo(self.transcript_model.index(keep), QAbstractItemView.ScrollHint.PositionAtTop)
        top = self.top_row()
        top = top if top >= 0 else 0
        self._last_top = top
        self.current_sentence_changed.emit(top)

    def _on_scrolled(self, _value: int) -> None:
        top = self.top_row()
        if top != self._last_top and top >= 0:
            self._last_top = top
            self.current_sentence_changed.emit(top)
