"""Glyphs for Chinese, Japanese and Korean where the system has no font for them.

The pages themselves are drawn by MuPDF with the PDF's own fonts, but everything Qt
writes (chapter titles, the outline, a transcript's lines, search hits, the library)
needs an installed font. A machine without one (a minimal Linux install, a container)
shows every Hangul or Han character as an empty box. PyMuPDF carries Droid Sans
Fallback (3.5 MB, Apache 2.0) for its own text output; registered as an application
font, Qt's font fallback finds it for any character the interface font lacks.
Registering takes about 10 ms, so it is done only once CJK text is to be shown that
the installed fonts cannot draw.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

log = logging.getLogger(__name__)

# Hangul Jamo, CJK radicals to Kangxi, CJK symbols and punctuation, kana, Hangul
# compatibility jamo, CJK Ext A, unified ideographs, Hangul syllables, compatibility
# ideographs, halfwidth and fullwidth forms.
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3130, 0x318F),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
               (0xFF00, 0xFFEF))

_state: dict[str, str | None] = {}  # "family": what was registered, once tried (None: none could be)


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


def has_cjk(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` holds a Chinese, Japanese or Korean character."""
    return bool(cjk_characters(texts, limit=1))


def ensure_glyphs_for(texts: Iterable[str]) -> str | None:
    """Make sure Qt can draw the CJK characters in ``texts`` (UI thread; a QGuiApplication
    must exist). Returns the family registered for them, or None when none was needed
    or none could be had; a failure is logged, never raised: boxes are no reason to
    stop the reader."""
    if "family" in _state:
        return _state["family"]
    chars = cjk_characters(texts)
    if not chars or not _lacks_glyphs(chars):
        return None
    _state["family"] = _register_fallback()
    return _state["family"]


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


def _register_fallback() -> str | None:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QFontDatabase

    try:
        import pymupdf

        buffer = pymupdf.Font("cjk").buffer
    except Exception:  # noqa: BLE001 - an older or slimmer PyMuPDF without its CJK font
        log.warning("no CJK font installed and none in PyMuPDF: CJK text shows as boxes", exc_info=True)
        return None
    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(buffer))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt refused PyMuPDF's CJK font: CJK text shows as boxes")
        return None
    log.info("the installed fonts lack CJK glyphs: using PyMuPDF's %s", families[0])
    return families[0]
