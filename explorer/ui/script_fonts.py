"""Glyphs for Chinese, Japanese and Korean where the system has no font for them.

The pages themselves are drawn by MuPDF with the PDF's own fonts, but everything Qt
writes (chapter titles, the outline, a transcript's lines, search hits, the library)
needs an installed font. A machine without one (a minimal Linux install, a container)
shows every Hangul or Han character as an empty box. PyMuPDF carries Droid Sans
Fallback (3.5 MB, Apache 2.0) for its own text output; registered as an application
font, Qt's font fallback finds it for any character the interface font lacks.
Registering takes about 4 ms, so it is done only once CJK text is to be shown that
the installed fonts cannot draw; the font's bytes are fetched off the window's thread.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

# Hangul Jamo, CJK radicals to Kangxi, CJK symbols and punctuation, kana, Hangul
# compatibility jamo, CJK Ext A, unified ideographs, Hangul syllables, compatibility
# ideographs, halfwidth and fullwidth forms.
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3130, 0x318F),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
               (0xFF00, 0xFFEF))

_FONT_FILE = "DroidSansFallbackFull.ttf"
# "family": what was registered, once tried (None: none could be); "courier": while
# PyMuPDF gives the font up on a background thread
_state: dict[str, object] = {}


def cjk_characters(texts: Iterable[str], limit: int = 400) -> str:
    """The distinct Chinese, Japanese and Korean characters of ``texts`` (at most ``limit``)."""
    seen: dict[str, None] = {}
    for text in texts:
        for ch in text or "":
            code = ord(ch)
            if code >= 0x1100 and ch not in seen and any(a <= code <= b for a, b in _CJK_RANGES):
                seen[ch] = None
                if len(seen) >= limit:
                    return "".join(seen)
    return "".join(seen)


def ensure_glyphs_for(texts: Iterable[str]) -> str | None:
    """Make sure Qt can draw the CJK characters in ``texts`` (UI thread; a QGuiApplication
    must exist). Returns the family registered for them, or None when none is needed,
    none could be had, or it is still being fetched: the first time, PyMuPDF (0.8 s to
    import) gives up the font on a background thread and the window repaints once it
    is registered; its bytes are kept in the cache folder for the next launch. A
    failure is logged, never raised: boxes are no reason to stop the reader."""
    if "family" in _state or "courier" in _state:
        return _state.get("family")
    chars = cjk_characters(texts)
    if not chars or not _lacks_glyphs(chars):
        return None
    cached = _font_cache_file()
    try:
        data = cached.read_bytes() if cached.is_file() else b""
    except OSError:
        data = b""
    if data:
        _state["family"] = _register(data)
        return _state["family"]
    _fetch_in_background(cached)
    return None


def _font_cache_file() -> Path:
    from explorer.core.store import cache_dir

    return cache_dir() / "fonts" / _FONT_FILE


class _Courier(QObject):
    """Carries the font's bytes from the fetching thread to the UI thread."""

    fetched = Signal(bytes)

    def __init__(self) -> None:
        super().__init__()
        # queued: the courier lives on the UI thread, the signal comes from the fetcher's
        self.fetched.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(bytes)
    def deliver(self, data: bytes) -> None:
        _on_fetched(data)


def _fetch_in_background(cached: Path) -> None:
    import threading

    courier = _Courier()
    _state["courier"] = courier  # kept alive (and the fetch known to be under way) until the font arrives

    def fetch() -> None:
        try:
            import pymupdf

            data = pymupdf.Font("cjk").buffer
        except Exception:  # noqa: BLE001 - an older or slimmer PyMuPDF without its CJK font
            log.warning("no CJK font installed and none in PyMuPDF: CJK text shows as boxes", exc_info=True)
            data = b""
        if data:
            try:
                from explorer.core.store import atomic_write_bytes

                cached.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(cached, data)
            except OSError as exc:  # a full disk: fetched again at the next launch
                log.info("CJK font not cached: %s", exc)
        courier.fetched.emit(bytes(data))

    threading.Thread(target=fetch, name="cjk font", daemon=True).start()


def _on_fetched(data: bytes) -> None:
    from PySide6.QtWidgets import QApplication

    _state.pop("courier", None)
    _state["family"] = _register(data) if data else None
    if _state["family"]:
        for widget in QApplication.topLevelWidgets():  # rows drawn as boxes meanwhile
            widget.update()


def wait_for_fetch(timeout: float = 30.0) -> str | None:
    """Block (processing events) until a background fetch has ended; for tests and tools."""
    import time

    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while "courier" in _state and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    return _state.get("family")


def _lacks_glyphs(chars: str) -> bool:
    """Whether the interface font, with every fallback Qt would try, draws any of
    ``chars`` as a box. Asking which writing systems the installed fonts claim is not
    enough: a Chinese font that also holds Hangul is not offered for Korean."""
    from PySide6.QtGui import QGuiApplication, QTextLayout

    layout = QTextLayout(chars, QGuiApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return any(glyph == 0 for run in layout.glyphRuns() for glyph in run.glyphIndexes())


def _register(data: bytes) -> str | None:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QFontDatabase

    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt refused PyMuPDF's CJK font: CJK text shows as boxes")
        return None
    log.info("the installed fonts lack CJK glyphs: using PyMuPDF's %s", families[0])
    return families[0]
