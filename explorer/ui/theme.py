"""Light and dark palettes that follow the system colour scheme (Qt 6.5+)."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

log = logging.getLogger(__name__)


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(37, 37, 38), QColor(45, 45, 48), QColor(220, 220, 220)
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor(52, 52, 56)),
        (QPalette.ColorRole.ToolTipBase, window), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.BrightText, QColor(255, 80, 80)),
        (QPalette.ColorRole.Link, QColor(90, 160, 255)), (QPalette.ColorRole.Highlight, QColor(38, 110, 190)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)), (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
    ):
        p.setColor(role, color)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(120, 120, 120))
    return p


def is_dark(app: QGuiApplication) -> bool:
    try:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app, mode: str = "system") -> None:  # noqa: ANN001 - QApplication
    """``mode``: system, light or dark. With "system" the palette follows later changes too."""
    app.setStyle("Fusion")

    def _apply() -> None:
        dark = mode == "dark" or (mode == "system" and is_dark(app))
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
        log.debug("palette: %s", "dark" if dark else "light")

    _apply()
    if mode == "system":
        try:
            app.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply())
        except AttributeError:
            pass
