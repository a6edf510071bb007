"""Colours shared by views so a chapter has the same colour in every panel."""
from __future__ import annotations

from PySide6.QtGui import QColor

# Qualitative palette (Okabe-Ito + Tableau mixes): distinguishable, colour-blind friendly-ish.
_CHAPTER_COLORS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F",
    "#8C564B", "#17BECF",
)


def chapter_color(index: int, alpha: int = 255) -> QColor:
    """The colour of chapter ``index`` (cycling)."""
    color = QColor(_CHAPTER_COLORS[index % len(_CHAPTER_COLORS)])
    color.setAlpha(alpha)
    return color


def chapter_hex(index: int) -> str:
    return _CHAPTER_COLORS[index % len(_CHAPTER_COLORS)]

