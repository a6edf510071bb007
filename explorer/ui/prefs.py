"""UI preferences kept in QSettings (read without importing any dialog)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.model import LAYOUT_CLASSES

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

GRANULARITIES = (("Fewer, longer chapters", -1), ("Balanced", 0), ("More, shorter chapters", 1))
EMBEDDERS = (("MiniLM (sentence-transformers)", "st"), ("MiniLM (ONNX runtime)", "onnx"), ("Hashing (fast, for tests)", "hashing"))


def read_settings(settings: "QSettings") -> dict:
    """Granularity, visible layout classes, embedding backend and data folder (with defaults)."""
    classes = settings.value("overlays/classes", list(LAYOUT_CLASSES))
    if isinstance(classes, str):
        classes = [classes] if classes else []
    return {
        "granularity": int(settings.value("analysis/granularity", 0)),
        "classes": list(classes or []),
        "embedder": str(settings.value("analysis/embedder", "st")),
        "data_dir": str(settings.value("paths/data_dir", "")),
    }
