"""UI preferences kept in QSettings (read without importing any dialog)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.model import LAYOUT_CLASSES

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

# Each step scales the price of a chapter boundary by segmentation.GRANULARITY_STEP (1.6).
GRANULARITIES = (("Fewest, longest chapters", -2), ("Fewer, longer chapters", -1), ("Balanced", 0),
                 ("More, shorter chapters", 1), ("Most, shortest chapters", 2))
GRANULARITY_RANGE = (GRANULARITIES[0][1], GRANULARITIES[-1][1])


def granularity_label(value: int) -> str:
    return next((label for label, v in GRANULARITIES if v == value), f"granularity {value}")


EMBEDDERS = (("MiniLM (ONNX runtime, fastest)", "onnx"), ("MiniLM (sentence-transformers)", "st"),
             ("Multilingual e5-small (Korean, Arabic, Chinese, … ; slower)", "e5"),
             ("Hashing (fast, for tests)", "hashing"))


DEFAULT_EMBEDDER = "onnx"


def stored_embedder(settings: "QSettings") -> str:
    """The embedding engine the user chose in Settings, or "" for the default.

    Before the ONNX engine became the default, Settings saved "st" whenever it was
    accepted, because it was the default shown: such a value (saved without the
    ``analysis/embedder_default`` mark) was not a choice, and is read as the default."""
    value = str(settings.value("analysis/embedder", "") or "")
    if value == "st" and settings.value("analysis/embedder_default") is None:
        return ""
    return value


def read_settings(settings: "QSettings") -> dict:
    """Granularity, visible layout classes, embedding backend, data folder and OCR languages
    (with defaults)."""
    classes = settings.value("overlays/classes", list(LAYOUT_CLASSES))
    if isinstance(classes, str):
        classes = [classes] if classes else []
    return {
        "granularity": int(settings.value("analysis/granularity", 0)),
        "classes": list(classes or []),
        "embedder": stored_embedder(settings) or DEFAULT_EMBEDDER,
        "data_dir": str(settings.value("paths/data_dir", "")),
        "ocr_languages": str(settings.value("ocr/languages", "") or ""),
    }
