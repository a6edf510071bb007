"""The words of the plots, painted by Qt over the picture matplotlib drew.

Subplot titles, the axes' tick numbers (matplotlib still places the ticks), chapter
names beside the length bars, speaker names beside the timeline and chapter titles
beside their boundary lines on the score curve. matplotlib's text rendering was most
of a draw (each glyph is laid out and rasterised again on every draw: 180 ms of CPU
of a 40-chapter figure on the loaded machine, 40-55 ms with only the tick numbers,
~20 ms with none); Qt caches glyphs, so these cost well under a millisecond and
use the application's own font. Positions come from the picture's geometry
(:class:`~explorer.ui.views.plot_geometry.FigureImage`: figure pixels, origin
bottom-left), converted to this widget's logical pixels, and are recomputed with
every new picture (resize, new data). Boundary titles are chosen
longest chapter first, skipping any that would overlap one already placed, so the
labels shown always fit the panel's width.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from explorer.ui.colors import chapter_color

INK = QColor("#222222")  # the canvas is white in both palettes
HALO = QColor(255, 255, 255, 150)
MAX_NAMES_SHARE = 0.38  # the names column takes at most this share of the width


class PlotLabels(QWidget):
    """A transparent layer over the picture; :meth:`refresh` with every new picture."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        base = QFont(self.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
        self.small = QFont(base)
        self.small.setPointSizeF(max(6.5, size * 0.78))
        self.bold = QFont(base)
        self.bold.setPointSizeF(max(7.0, size * 0.85))
        self.bold.setBold(True)
        self.fm = QFontMetricsF(self.small)
        self.fm_bold = QFontMetricsF(self.bold)
        self.titles: list[tuple[QRectF, str]] = []
        self.names: list[tuple[QRectF, str]] = []
        self.boundaries: list[tuple[float, float, str, QColor]] = []  # x, bottom y, text, colour
        self.ticks: list[tuple[QRectF, str, int]] = []  # numbers beside the axes: box, text, alignment

    @property
    def name_row(self) -> float:
        """Logical pixels a row needs for its name beside the plot (a line of the small font)."""
        return self.fm.height()

    def names_width(self, data, width: float) -> tuple[float, float]:  # noqa: ANN001
        """Logical pixels left of the plots: for the chapter lengths (the widest chapter name),
        and for the score curve and speaker timeline, which share their x axis (the score's tick
        labels, or the widest speaker name); each capped at a share of ``width``."""
        cap = MAX_NAMES_SHARE * width
        ticks = self.fm.horizontalAdvance("0.75") + 10.0
        chapters = max([self.fm.horizontalAdvance(t) for t in data.titles[:400]] + [0.0]) + 10.0
        speakers = max([self.fm.horizontalAdvance(s) for s in data.speakers[:50]] + [0.0]) + 10.0 \
            if data.has_speakers else 0.0
        return max(34.0, min(chapters, cap)), max(34.0, ticks, min(speakers, cap))

    def clear(self) -> None:
        self.titles, self.names, self.boundaries, self.ticks = [], [], [], []
        self.update()

    def refresh(self, picture, data, ratio: float) -> None:  # noqa: ANN001
        """Recompute every label's place from ``picture``'s geometry (a
        :class:`~explorer.ui.views.plot_geometry.FigureImage`: figure pixels / ``ratio``)."""
        self.titles, self.names, self.boundaries, self.ticks = [], [], [], []
        if data is None or picture is None:
            self.update()
            return
        ratio = ratio or 1.0
        h = picture.height / ratio  # the picture is drawn at the top left, at its own size

        def rect(box) -> QRectF:  # noqa: ANN001
            return QRectF(*picture.widget_rect(box))

        def y_of(box, value: float) -> float:  # noqa: ANN001
            return h - box.y_to_px(value) / ratio

        room = self.fm_bold.height() + 4
        titles = [(picture.scores, f"Where topics change · boundary score by {data.unit}"),
                  (picture.lengths, f"Chapter lengths ({data.length_unit})")]
        if picture.speakers is not None:
            titles.append((picture.speakers, f"Who speaks when ({data.unit})"))
        for box, text in titles:
            r = rect(box)
            cell = QRectF(4, r.top() - room, max(10.0, r.right() - 4), room - 2)
            self.titles.append((cell, self.fm_bold.elidedText(text, Qt.TextElideMode.ElideRight, cell.width())))

        line = self.name_row  # the row the figure's layout gave each speaker
        for box, names in ((picture.lengths, data.titles), (picture.speakers, data.speakers)):
            if box is None or not names:
                continue
            r = rect(box)
            row = abs(y_of(box, 1.0) - y_of(box, 0.0)) if len(names) > 1 else r.height()
            step = max(1, math.ceil(line / max(row, 0.1) - 0.05))  # a row a hair thinner than a name keeps it
            width = r.left() - 8
            if width < 12:
                continue
            for i in range(0, len(names), step):
                y = y_of(box, float(i))
                cell = QRectF(2, y - line / 2, width, line)
                self.names.append((cell, self.fm.elidedText(names[i], Qt.TextElideMode.ElideRight, width)))

        self._tick_numbers(picture, rect, ratio, h)
        box = picture.scores
        r = rect(box)
        length = 0.75 * r.height() - 4  # the top quarter stays clear: the curve's peaks are there
        x0, x1 = box.xlim
        if length > 24 and x1 > x0:
            placed: list[float] = []
            for ci in data.label_order:
                ci = int(ci)
                x = r.left() + (float(data.starts[ci]) - x0) / (x1 - x0) * r.width()
                if x + line > r.right() or any(abs(x - q) < 2 * line + 2 for q in placed):
                    continue
                placed.append(x)
                text = self.fm.elidedText(data.titles[ci], Qt.TextElideMode.ElideRight, length)
                self.boundaries.append((x, r.bottom() - 3, text, chapter_color(ci).darker(140)))
        self.update()

    def _tick_numbers(self, picture, rect, ratio: float, h: float) -> None:  # noqa: ANN001
        """The axes' tick numbers (matplotlib places the ticks, Qt writes the numbers)."""
        line = self.fm.height()
        for box in picture.axes():
            r = rect(box)
            for v, text in box.xticks:
                x = box.x_to_px(v) / ratio
                cell = QRectF(x - 40, r.bottom() + 2, 80, line)
                self.ticks.append((cell, text, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)))
            for v, text in box.yticks:
                y = h - box.y_to_px(v) / ratio
                cell = QRectF(r.left() - 64, y - line / 2, 60, line)
                self.ticks.append((cell, text, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)))

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        if not (self.titles or self.names or self.boundaries or self.ticks):
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setPen(INK)
        p.setFont(self.bold)
        for box, text in self.titles:
            p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), text)
        p.setFont(self.small)
        for box, text, align in self.ticks:
            p.drawText(box, align, text)
        for box, text in self.names:
            p.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        ascent, descent = self.fm.ascent(), self.fm.descent()
        for x, bottom, text, color in self.boundaries:
            # reading upwards from near the bottom of the plot, just right of the boundary line
            p.save()
            p.translate(x + 2 + ascent, bottom)
            p.rotate(-90)
            width = self.fm.horizontalAdvance(text)
            p.fillRect(QRectF(-1, -ascent, width + 2, ascent + descent), HALO)
            p.setPen(color)
            p.drawText(0, 0, text)
            p.restore()
        p.end()
