"""The application icon the window and the desktop entry name."""
from __future__ import annotations

from pathlib import Path


def test_the_icon_renders_and_the_desktop_entry_names_it(qtbot):  # noqa: ANN001
    from PySide6.QtGui import QColor, QIcon

    from explorer import APP_ID
    from explorer.app import app_icon

    icon = QIcon(str(app_icon()))
    image = icon.pixmap(64, 64).toImage()
    assert not image.isNull() and image.width() == 64
    colours = {image.pixelColor(x, y).name() for x in range(64) for y in range(64)}
    assert QColor("#0072B2").name() in colours  # the first chapter's band
    desktop = (Path(__file__).resolve().parents[2] / "packaging" / f"{APP_ID}.desktop").read_text()
    assert f"Icon={APP_ID}" in desktop and app_icon().stem == APP_ID
