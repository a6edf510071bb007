"""Words of an image-only PDF page, read by the Tesseract program.

Tesseract runs as a child process on the page rendered at 300 dpi and answers in hOCR,
which carries a confidence per word and each line's baseline and text size. MuPDF's
built-in OCR gives no confidences, so an illustration on a scanned book page came back
as text ("ieais yaya", "MIyUffI") mixed into the lines beside it, and made chapter
titles and search hits of it. Here:

- a line whose words are mostly unsure (mean confidence under 50, weighted by length;
  under 65 for a line of one or two words) is dropped: such lines are drawings,
  ornaments and decorative initials read as letters;
- in a kept line, an unsure mark with no letter or digit ("¢", "©", "=»": bullets and
  rules read as symbols) is dropped, while an unsure word is kept: losing "existing"
  from a sentence is worse than a misspelling.

The result has the tuple shape of ``page.get_text("words")``, in unrotated page
coordinates, with Tesseract's paragraphs as blocks. A word's box runs from its line's
ascender line to its descender line at the word's place, as a PDF's text does:
Tesseract's own word boxes hug the glyphs, so "package" (with a descender) stood 1.3
times taller than "bundles" beside it and read as a heading, and a line's box on a
skewed scan is taller than its text.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..progress import CancelToken, check

log = logging.getLogger(__name__)

DPI = 300
LINE_MIN_CONFIDENCE = 50.0
SHORT_LINE_MIN_CONFIDENCE = 65.0  # "i", "Mii": stray strokes of a drawing, alone on a line
MARK_MIN_CONFIDENCE = 60.0
# A page Tesseract has not read in this long is given up (a huge poster scan, a hung process).
TIMEOUT_S = 180.0
_POLL_S = 0.25  # how often a running OCR looks at the cancel flag
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
_HAS_WORD_CHAR = re.compile(r"\w")
_NUM = r"(-?[\d.]+)"


@dataclass
class OcrWord:
    box: tuple[float, float, float, float]  # pixels, as Tesseract drew it
    text: str
    confidence: float


@dataclass
class OcrLine:
    box: tuple[float, float, float, float]
    paragraph: int
    words: list[OcrWord]
    baseline: tuple[float, float] = (0.0, 0.0)  # slope, offset from the box's bottom-left
    size: float = 0.0  # ascender line to descender line, pixels
    descent: float = 0.0


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


@functools.lru_cache(maxsize=1)
def installed_languages() -> tuple[str, ...]:
    """The languages Tesseract has data for (``eng``, ``deu``, ...; not ``osd``)."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(ln.strip() for ln in out.splitlines()[1:] if ln.strip() and ln.strip() != "osd")


def ocr_languages() -> str:
    """The ``-l`` value for Tesseract: the user's choice (``STRATA_OCR_LANGUAGES``, set from
    Settings, e.g. "deu+eng") limited to the installed languages, else English."""
    have = installed_languages()
    wanted = [w.strip() for w in re.split(r"[+,\s]+", os.environ.get("STRATA_OCR_LANGUAGES", "")) if w.strip()]
    unknown = tuple(w for w in wanted if have and w not in have)
    if unknown:
        _warn_not_installed(unknown, have)
    chosen = [w for w in wanted if not have or w in have]
    if chosen:
        return "+".join(dict.fromkeys(chosen))
    return "eng" if not have or "eng" in have else have[0]


@functools.lru_cache(maxsize=8)
def _warn_not_installed(unknown: tuple[str, ...], have: tuple[str, ...]) -> None:
    """Once, not for every page that asks which languages to read."""
    log.warning("OCR languages not installed, ignored: %s (installed: %s)", ", ".join(unknown), ", ".join(have))


def ocr_workers() -> int:
    """How many pages are read at once: one Tesseract per core, up to four."""
    return max(1, min(4, os.cpu_count() or 1))


def prepare_ocr(page: Any) -> Callable[[Optional[CancelToken]], list[tuple]]:
    """Render ``page`` now (PyMuPDF is not thread-safe: call this on the thread that owns
    the document) and return the call that reads it, which may run on any thread:
    ``(x0, y0, x1, y1, text, block_no, line_no, word_no)`` per word Tesseract reads.
    The call raises ``RuntimeError`` when Tesseract fails."""
    import pymupdf

    png = page.get_pixmap(dpi=DPI).tobytes("png")
    # pixels -> the rotated page as shown -> the unrotated page PyMuPDF's text uses
    to_page = pymupdf.Matrix(72 / DPI, 72 / DPI) * page.derotation_matrix

    def read(cancel: Optional[CancelToken] = None) -> list[tuple]:
        lines = parse_hocr(_run_tesseract(png, cancel))
        return [
            tuple(pymupdf.Rect(box) * to_page) + (text, block, line, word)  # type: ignore[operator]
            for box, text, block, line, word in kept_words(lines)
        ]

    return read


def cached_words(doc_id: str, page: int) -> Optional[list[tuple]]:
    """The words OCR read on this page before, in the languages now chosen, or ``None``:
    reopening a scanned document does not read its pages again."""
    from .. import store

    path = store.cache_path(doc_id, "ocr", page, ocr_languages())
    data = store.read_json(path)
    if not (isinstance(data, dict) and data.get("page") == page and isinstance(data.get("words"), list)):
        return None
    try:
        words = [(float(w[0]), float(w[1]), float(w[2]), float(w[3]), str(w[4]), int(w[5]), int(w[6]), int(w[7]))
                 for w in data["words"]]
    except (IndexError, TypeError, ValueError):
        return None
    store.touch(path)
    return words


def cache_words(doc_id: str, page: int, words: list[tuple]) -> None:
    from .. import store
    from ..errors import StrataError

    try:
        store.atomic_write_json(store.cache_path(doc_id, "ocr", page, ocr_languages()),
                                {"page": page, "words": [list(w) for w in words]})
    except (OSError, StrataError) as exc:  # a full disk costs the next open time, not this one
        log.warning("OCR words of page %d not cached: %s", page + 1, exc)


def _run_tesseract(png: bytes, cancel: Optional[CancelToken]) -> str:
    # The image goes through a file: Popen.communicate() resumed after a timeout does not
    # go on writing the rest of its input, so Tesseract would wait for stdin forever.
    fd, path = tempfile.mkstemp(prefix="strata-ocr-", suffix=".png")
    # One thread per Tesseract: its OpenMP threads spin against each other (a two-column
    # page took 24 s on two threads, 3.2 s on one); pages run side by side instead.
    env = dict(os.environ, **TESSERACT_ENV)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(png)
        proc = subprocess.Popen(["tesseract", path, "stdout", "-l", ocr_languages(), "--dpi", str(DPI), "hocr"], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        waited = 0.0
        try:
            while True:
                try:
                    out, err = proc.communicate(timeout=_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    waited += _POLL_S
                    check(cancel)
                    if waited > TIMEOUT_S:
                        raise RuntimeError(f"tesseract took more than {TIMEOUT_S:.0f} s")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    if proc.returncode != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed: {msg[-1] if msg else proc.returncode}")
    return out.decode("utf-8", "replace")


def _field(title: str, name: str, count: int) -> Optional[list[float]]:
    m = re.search(rf"\b{name}" + rf"\s+{_NUM}" * count, title)
    return [float(g) for g in m.groups()] if m else None


def parse_hocr(hocr: str) -> list[OcrLine]:
    """The text lines of Tesseract's hOCR page, in its reading order."""
    root = ET.fromstring(hocr.encode("utf-8"))
    lines: list[OcrLine] = []
    paragraph = -1
    for el in root.iter():
        cls = el.get("class", "")
        title = el.get("title", "")
        if cls == "ocr_par":
            paragraph += 1
        elif cls in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
            box = _field(title, "bbox", 4)
            if not box:
                continue
            line = OcrLine(tuple(box), max(paragraph, 0), [])  # type: ignore[arg-type]
            line.baseline = tuple(_field(title, "baseline", 2) or (0.0, 0.0))  # type: ignore[assignment]
            line.size = (_field(title, "x_size", 1) or [0.0])[0]
            line.descent = (_field(title, "x_descenders", 1) or [0.0])[0]
            for w in el.iter():
                if w.get("class") != "ocrx_word":
                    continue
                text = "".join(w.itertext()).strip()
                wbox = _field(w.get("title", ""), "bbox", 4)
                if text and wbox:
                    conf = (_field(w.get("title", ""), "x_wconf", 1) or [0.0])[0]
                    line.words.append(OcrWord(tuple(wbox), text, conf))  # type: ignore[arg-type]
            if line.words:
                lines.append(line)
    return lines


def _text_band(line: OcrLine, word: OcrWord) -> tuple[float, float]:
    """Top and bottom of the line's text at the word's middle: from the baseline and the
    line's text size, so every word of a line is as tall as the line's type."""
    x0, y0, x1, y1 = word.box
    if line.size <= 0:
        return y0, y1
    slope, offset = line.baseline
    base = line.box[3] + offset + slope * ((x0 + x1) / 2 - line.box[0])
    top, bottom = base - (line.size - line.descent), base + line.descent
    return min(top, y0), max(bottom, y1)


def kept_words(lines: list[OcrLine]) -> list[tuple[tuple[float, float, float, float], str, int, int, int]]:
    """``(box in pixels, text, block, line, word)`` for the words worth keeping (see the
    module docstring); blocks are Tesseract's paragraphs, renumbered over kept lines."""
    out = []
    blocks: dict[int, int] = {}
    line_in_block: dict[int, int] = {}
    for ln in lines:
        chars = sum(len(w.text) for w in ln.words)
        mean = sum(w.confidence * len(w.text) for w in ln.words) / max(1, chars)
        if mean < (SHORT_LINE_MIN_CONFIDENCE if len(ln.words) < 3 else LINE_MIN_CONFIDENCE):
            continue
        keep = [w for w in ln.words if w.confidence >= MARK_MIN_CONFIDENCE or _HAS_WORD_CHAR.search(w.text)]
        if not keep:
            continue
        block = blocks.setdefault(ln.paragraph, len(blocks))
        line_no = line_in_block.get(block, -1) + 1
        line_in_block[block] = line_no
        for k, w in enumerate(keep):
            top, bottom = _text_band(ln, w)
            out.append(((w.box[0], top, w.box[2], bottom), w.text, block, line_no, k))
    return out
