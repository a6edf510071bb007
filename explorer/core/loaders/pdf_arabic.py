"""Lam-alef ligatures that MuPDF extracts in the wrong order.

Arabic writes lam followed by alef (لا, لأ, لإ, لآ) as one ligature glyph. In PDFs
made by common word processors, MuPDF decomposes that glyph into its two letters
in reverse: a zero-width alef first, placed at the glyph's right edge, then the lam
with the glyph's whole width. "الإنتاجية" (productivity) comes out as "اإلنتاجية",
"خلال" as "خالل", and the Arabic and Persian PDFs of the shared set held no "لا"
at all. Words of the "words" extraction carry no character boxes, so the fix reads
the page's characters (``rawdict``), finds each reversed pair by that signature,
and rewrites the words that contain one.
"""
from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

LAM = "\u0644"
ALEFS = "\u0627\u0623\u0625\u0622"  # alef, with hamza above, with hamza below, with madda
_CANDIDATE = re.compile(f"[{ALEFS}]{LAM}")
_ZERO_WIDTH = 0.05  # points
_TOUCH = 0.5  # points between the alef's x and the lam's right edge


def _reversed_pair(c: dict, nxt: dict | None) -> bool:
    """Are ``c`` and ``nxt`` (``rawdict`` characters) a lam-alef ligature extracted in
    reverse: a zero-width alef at the right edge of the lam that follows it?"""
    if nxt is None or c["c"] not in ALEFS or nxt["c"] != LAM:
        return False
    x0, _, x1, _ = c["bbox"]
    return abs(x1 - x0) < _ZERO_WIDTH and abs(nxt["bbox"][2] - x0) < _TOUCH


_EDGE = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _core(text: str) -> str:
    """``text`` without the punctuation around it (the "words" extraction splits a final
    period off an Arabic word, so the two extractions number words differently)."""
    return _EDGE.sub("", text)


def _span_text(chars: list[dict]) -> tuple[str, str]:
    """A span's text as extracted, and with its reversed pairs put back."""
    text, fixed = [], []
    i = 0
    while i < len(chars):
        c = chars[i]
        if _reversed_pair(c, chars[i + 1] if i + 1 < len(chars) else None):
            text += [c["c"], LAM]
            fixed += [LAM, c["c"]]
            i += 2
            continue
        text.append(c["c"])
        fixed.append(c["c"])
        i += 1
    return "".join(text), "".join(fixed)


def _fixed_words(raw: dict) -> dict[tuple[int, int], dict[str, str]]:
    """``(block, line) -> {word as extracted: word with each reversed pair put back}``
    for the words of ``raw`` (a ``rawdict``) that hold a reversed pair."""
    out: dict[tuple[int, int], dict[str, str]] = {}
    for bno, block in enumerate(raw.get("blocks", ())):
        for lno, line in enumerate(block.get("lines", ())):
            chars = [c for span in line.get("spans", ()) for c in span.get("chars", ())]
            word: list[dict] = []
            for c in chars + [None]:
                if c is not None and not c["c"].isspace():
                    word.append(c)
                    continue
                text, fixed = _span_text(word)
                if fixed != text:
                    out.setdefault((bno, lno), {})[_core(text)] = _core(fixed)
                word = []
    return out


def fix_lam_alef(page: Any, words: list[tuple], flags: int) -> list[tuple]:
    """``words`` (PyMuPDF "words" tuples of ``page``) with reversed lam-alef pairs put back
    in reading order; the same list when the page has none."""
    if not any(_CANDIDATE.search(w[4]) for w in words):
        return words
    try:
        fixes = _fixed_words(page.get_text("rawdict", flags=flags))
    except Exception as exc:  # a page that reads as words but not as characters: keep the words
        log.debug("rawdict failed: %s", exc)
        return words
    if not fixes:
        return words
    out = []
    for w in words:
        line = fixes.get((w[5], w[6]))
        core = _core(w[4])
        if line and core in line:
            w = (*w[:4], w[4].replace(core, line[core], 1), *w[5:])
        out.append(w)
    return out


def fix_dict_lam_alef(page: Any, data: dict, flags: int) -> dict:
    """``data`` (the page's ``dict`` extraction with ``flags``) with reversed lam-alef pairs
    put back in every span's text, in place; untouched when the page has none."""
    spans = [(b, l, s) for b, block in enumerate(data.get("blocks", ()))
             for l, line in enumerate(block.get("lines", ())) for s, span in enumerate(line.get("spans", ()))
             if _CANDIDATE.search(span.get("text", ""))]
    if not spans:
        return data
    try:
        raw = page.get_text("rawdict", flags=flags)
    except Exception as exc:  # noqa: BLE001 - keep the text as it was
        log.debug("rawdict failed: %s", exc)
        return data
    for b, l, s in spans:
        try:
            chars = raw["blocks"][b]["lines"][l]["spans"][s]["chars"]
        except (IndexError, KeyError):
            continue
        text, fixed = _span_text(chars)
        span = data["blocks"][b]["lines"][l]["spans"][s]
        if text == span["text"] and fixed != text:
            span["text"] = fixed
    return data
