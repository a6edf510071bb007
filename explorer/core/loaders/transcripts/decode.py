"""Bytes to text for transcript files, never failing on odd encodings.

Transcripts arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools (with or
without BOM) and cp1252 from older editors. We try, in order: a BOM, a UTF-16 guess
from the pattern of NUL bytes, strict UTF-8, then cp1252 (undefined bytes replaced).
Binary data (images, archives, random bytes) is refused with :class:`UnsupportedFormat`
before any parser sees it, so parsers only ever handle text.
"""

from __future__ import annotations

import codecs
import re

from ...errors import UnsupportedFormat

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in text files (everything below 0x20 except
# tab, newline, vertical tab, form feed, carriage return and escape).
# 0x15 (NAK) is not counted against a text: CHAT transcripts (TalkBank) put one on each side
# of every line's time bullet. The bullets' NAKs are removed with the other controls.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 21, 27))
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_COUNTED_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x14\x16-\x1a\x1c-\x1f\x7f]")


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit on one parity (BOM-less UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(1, len(odd))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls > max(2, 0.02 * len(sample))


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` with newlines normalised to ``\\n`` and no BOM.

    Raises :class:`UnsupportedFormat` when the bytes are not text.
    """
    encoding = None
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    if encoding is None:
        encoding = _utf16_guess(data)
    if encoding is not None:
        text = body.decode(encoding, errors="replace")
        if encoding.startswith("utf-16") and len(body) % 2:
            text = text.rstrip("\ufffd")
    else:
        if _looks_binary(data):
            raise UnsupportedFormat("the file is binary data, not a transcript")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    if text.count("\ufffd") > max(8, len(text) // 50) or _too_many_controls(text):
        raise UnsupportedFormat("the file is binary data, not a transcript")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL_RE.sub("", text).lstrip("\ufeff")
    return text, encoding


def _too_many_controls(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    return len(_COUNTED_CONTROL_RE.findall(sample)) > max(2, 0.02 * len(sample))
