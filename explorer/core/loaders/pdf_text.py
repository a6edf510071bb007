"""Turn PyMuPDF word tuples into one reading-order text with a char -> word map.

The PDF loader feeds every page's ``page.get_text("words")`` output (one pass per
page, tuples ``(x0, y0, x1, y1, text, block, line, word)``) into a
:class:`TextAssembler`. It groups words into lines and blocks, gives each block a
role and writes the document text so that the rule-based sentence splitter sees
real sentences:

* lines of one paragraph are joined by a space, and a word broken at a line end
  ("infor-" / "mation") is joined back, keeping real compound hyphens
  ("state-of-the-" / "art", or a hyphenated form used elsewhere in the document);
* a paragraph (block) break is a blank line, unless the block ends mid-sentence,
  in which case the next body block (next column, next page) continues it;
* each block gets a role: body, heading (taller text, a section number, or a
  short line with no final punctuation), aside (running header or footer, caption,
  vertical margin stamp), note (footnote) or drop (page number). Footnotes and
  footers are read after the page's body; asides met while a sentence is open are
  deferred until that sentence has ended, so neither lands in the middle of a
  sentence that runs over a column or page break. Running headers are also
  recognised by repetition across pages (numbers masked);
* bullet markers and list enumerators start a new line, so each list item is its
  own sentence; superscript footnote marks set as separate words are dropped.

For every emitted line the text offset of its first word, its page, its box and
its word tuples are kept, so a sentence's character span maps back to the
rectangles of its own words: whole lines use the line box, the first and last
line are narrowed to the span's words (one rect per line). Block roles come from
:mod:`.pdf_blocks`.
Block order is PyMuPDF's (content-stream) order, which follows the reading order
of columns in the PDFs we see far more often than a geometric sort does.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from ..language import is_unspaced
from ..model import Anchor, Rect
from .pdf_blocks import (
    _BULLET_CHARS,
    _CLOSERS,
    _DIGITS,
    _HYPHEN_PREFIXES,
    _HYPHENS,
    _NEEDS_CLEANING,
    _STRIP,
    _SUPERSCRIPT_CANDIDATE,
    _TERMINAL,
    _TEXT,
    _X0,
    _X1,
    _Y0,
    _Y1,
    _Line,
    _clean_line,
    _looks_numbered_item,
    _median,
    block_role,
    ends_mid_phrase,
    ends_open,
    group_lines,
    runs_on,
)


class TextAssembler:
    """Accumulates pages into one text with a word map; see the module docstring."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.pos = 0
        # Per emitted line: text offset of its first word, page, bounding box, its word
        # tuples, and the offsets of its words when they are not simply space-joined
        # (None: computed on demand, only for the first and last line of a sentence).
        self.line_pos: list[int] = []
        self.line_meta: list[tuple[int, _Line, list[tuple], Optional[list[int]]]] = []  # page, line, words, starts
        self.vocab: Optional[set[str]] = None
        self.text = ""  # the whole text, set by finish()
        self._open = False  # the last body block ended mid-sentence
        self._deferred: list[tuple[int, list[_Line]]] = []  # asides held until the open sentence ends
        # page, bottom, line height and last word of the last body or heading block
        self._open_tail: Optional[tuple[int, float, float, str]] = None
        self._notes: list[tuple[int, list[_Line]]] = []  # this page's footnotes, read after its body
        self._bullet_pending = False
        self._prev_first = ""  # first word of the last emitted line
        self._furniture: set[str] = set()  # texts met near the top or bottom edge of a page
        self.page_heights: list[float] = []

    # ----------------------------------------------------------------- pages
    def add_page(self, pno: int, words: list[tuple], width: float, height: float, body_h: float) -> None:
        """Append one page's words. ``body_h`` is the document's typical line height."""
        blocks = group_lines(words)
        if not blocks:
            return
        if body_h <= 0:
            body_h = _median([ln.h for b in blocks for ln in b])
        top_band = height * 0.09
        bottom_band = height * 0.91
        furniture = self._furniture
        last_block = len(blocks) - 1
        for k, lines in enumerate(blocks):
            if self._bullet_pending:
                self._emit_block(pno, lines, continues=True)
                self._open = ends_open(lines)
                continue
            next_lower = k < last_block and runs_on(blocks[k + 1][0].words[0][4])
            role = block_role(lines, width, height, body_h, top_band, bottom_band, self._open, next_lower)
            if role == "drop":
                continue
            if (role == "body" or role == "heading") and len(lines) <= 3 and (
                lines[0].y0 < height * 0.15 or lines[-1].y1 > height * 0.88
            ):
                # a running header or footer seen on an earlier page (page numbers masked)
                key = _DIGITS.sub("#", " ".join([w[4] for ln in lines for w in ln.words]))[:80]
                if key in furniture:
                    role = "aside"
                else:
                    furniture.add(key)
            if len(lines) == 1 and len(lines[0].words) == 1 and lines[0].words[0][4] in _BULLET_CHARS:
                if self._open:
                    self._open = False
                    self._flush_deferred()
                self._emit_block(pno, lines, continues=False)
                continue
            if role == "note":
                self._notes.append((pno, lines))
                continue
            if role == "aside" and lines[0].y0 >= height * 0.85:
                self._notes.append((pno, lines))  # a footer: read after the page's body text
                continue
            if role == "aside":
                if self._open:
                    self._deferred.append((pno, lines))
                else:
                    self._emit_block(pno, lines, continues=False)
                continue
            heading = role == "heading"
            if (self._open and self._open_tail is not None and lines[0].words[0][4][:1].isupper()
                    and lines[0].h > max(self._open_tail[2] * 1.15, body_h * 1.12)):
                # A capitalised block opening in type larger than the open sentence's and the
                # body's does not run on from it ("4$" at the foot of a menu page, "PIZZAS"
                # atop the next). Text after a subscript line, or a formula's tall line, may.
                self._open = False
                self._flush_deferred()
            if heading and self._open and not self._wraps_open_line(pno, lines):
                self._open = False
                self._flush_deferred()
            self._emit_block(pno, lines, continues=self._open)
            self._open_tail = (pno, lines[-1].y1, lines[-1].h, lines[-1].words[-1][4])
            self._open = (not heading) and ends_open(lines)
            if not self._open:
                self._flush_deferred()
        self._deferred.extend(self._notes)
        self._notes = []
        if not self._open:
            self._flush_deferred()

    def _wraps_open_line(self, pno: int, lines: list[_Line]) -> bool:
        """The block is the next line of the open block just above it, in the same type
        size: the second line of a wrapped title ("LONGEVAL: Guidelines for Human
        Evaluation of" / "Faithfulness in Long-form Summarization"), not a new heading."""
        if self._open_tail is None or self._open_tail[0] != pno:
            return False
        _, y1, h, last = self._open_tail
        # line boxes of tight leading overlap a little
        return ends_mid_phrase(last) and -0.5 * h <= lines[0].y0 - y1 < h and abs(lines[0].h - h) <= 0.1 * h

    def finish(self) -> str:
        self._open = False
        self._flush_deferred()
        self.text = "".join(self.pieces)
        return self.text

    # ----------------------------------------------------------------- roles
    def _flush_deferred(self) -> None:
        deferred, self._deferred = self._deferred, []
        for pno, lines in deferred:
            self._emit_block(pno, lines, continues=False)

    def _write(self, s: str) -> None:
        self.pieces.append(s)
        self.pos += len(s)

    def _emit_block(self, pno: int, lines: list[_Line], *, continues: bool) -> None:
        pieces = self.pieces
        if pieces:
            if continues:
                self._line_break(lines[0])
            else:
                pieces.append("\n\n")
                self.pos += 2
                self._bullet_pending = False
        prev: Optional[_Line] = None
        bx1 = max([line.x1 for line in lines]) if len(lines) > 1 else 0.0
        line_pos, line_meta = self.line_pos, self.line_meta
        for ln in lines:
            words = ln.words
            sep = ""
            if prev is not None:
                if (
                    words[0][4][0].islower()
                    and not self._bullet_pending
                    and pieces[-1][-1] not in _HYPHENS
                    and 0.87 < prev.h / (ln.h or 1.0) < 1.15
                ):
                    sep = " "  # the common case: a sentence running on to the next line
                elif self._paragraph_ends(prev, ln, bx1):
                    sep = "\n\n"
                    self._bullet_pending = False
                else:
                    self._line_break(ln, wrapped=ln.y0 - prev.y0 >= 0.5 * prev.h)
            first_text = words[0][4]
            if len(words) == 1 and first_text in _BULLET_CHARS:
                self._bullet_pending = True
            self._prev_first = first_text
            line_text = " ".join(map(_TEXT, words))
            starts = None
            plain = line_text.isascii() and line_text.isprintable()
            if (not plain and _NEEDS_CLEANING.search(line_text)) or _SUPERSCRIPT_CANDIDATE.search(line_text):
                line_text, words, starts = _clean_line(words, ln.h * 0.8)
                if not words:
                    if sep:
                        pieces.append(sep)
                        self.pos += len(sep)
                    prev = ln
                    continue
            pos = self.pos + len(sep)
            line_pos.append(pos)
            line_meta.append((pno, ln, words, starts))
            pieces.append(sep + line_text if sep else line_text)
            self.pos = pos + len(line_text)
            prev = ln

    def _paragraph_ends(self, prev: _Line, ln: _Line, bx1: float) -> bool:
        """A break inside one PyMuPDF block: a size jump (heading glued to its text) or a
        short line without final punctuation followed by a capitalised line."""
        if abs(ln.y0 - prev.y0) < 0.5 * prev.h:
            return False  # same visual line, split by PyMuPDF
        if prev.h > ln.h * 1.15 or ln.h > prev.h * 1.15:
            return True
        last = prev.words[-1][4].rstrip(_CLOSERS)
        if not last or last[-1] in _TERMINAL or last[-1] in ",-\u00ad":
            return False
        nxt = ln.words[0][4]
        if not nxt[:1].isupper():
            return False
        w0 = ln.words[0]
        return bx1 - prev.x1 > (w0[2] - w0[0]) + prev.h  # the next word would have fitted

    def _line_break(self, ln: _Line, *, wrapped: bool = True) -> None:
        """Join the previous line's last word to ``ln``: space, bullet newline or de-hyphenation.
        ``wrapped``: ``ln`` starts a new visual line (not a cell beside the previous one)."""
        first = ln.words[0][4]
        if self._bullet_pending:
            self._bullet_pending = False
            self._write(" ")
            return
        if first in _BULLET_CHARS or (first[:1] in _BULLET_CHARS and len(first) == 1):
            self._write("\n")
            return
        if _looks_numbered_item(first) and (
            self.pieces[-1][-1:] in (".", ":", ";") or _looks_numbered_item(self._prev_first)
        ):
            self._write("\n")
            return
        last = self.pieces[-1] if self.pieces else ""
        if len(last) > 1 and last.endswith(_HYPHENS) and last[-2].isalpha():
            if first[:1].islower():
                if self._keep_hyphen(last, first):
                    if last[-1] != "-":
                        self.pieces[-1] = last[:-1] + "-"
                else:
                    self.pieces[-1] = last[:-1]
                    self.pos -= 1
                return
            if first[:1].isupper() or first[:1].isdigit():
                return  # "COVID-" / "19", "Anglo-" / "Saxon": keep the hyphen, no space
        if wrapped and last and is_unspaced(last[-1]) and is_unspaced(first[:1]):
            return  # Chinese or Japanese wraps mid-word: "信" / "用评级" is "信用评级"
        self._write(" ")

    def _keep_hyphen(self, left: str, right: str) -> bool:
        stem = left[:-1].rpartition(" ")[2]
        if "-" in stem:
            return True  # state-of-the- / art
        if stem.lstrip(_STRIP).lower() in _HYPHEN_PREFIXES:
            return True  # self- / publishing
        if self.vocab is None:
            return False
        head = stem.lstrip(_STRIP)
        tail = right.rstrip(_STRIP)
        vocab = self.vocab

        def seen(word: str) -> bool:
            return any(v in vocab for v in (word, word.lower(), word.capitalize())) or any(
                word + p in vocab for p in ".,;:)"
            )

        return seen(head + "-" + tail) and not seen(head + tail)

    # ----------------------------------------------------------------- anchors
    def anchor(self, a: int, b: int) -> Optional[Anchor]:
        """The anchor of text span [a, b): page of the first word, one rect per line.

        Whole lines use their bounding box; only the first and last line of the span
        are narrowed to the span's own words.
        """
        line_pos = self.line_pos
        first = bisect_right(line_pos, a) - 1
        last = bisect_right(line_pos, b - 1) - 1
        if first < 0:
            first = 0
        if last < first:
            return None
        line_meta, text = self.line_meta, self.text
        rects: list[tuple[int, Rect]] = []
        for lid in range(first, last + 1):
            pno, ln, words, starts = line_meta[lid]
            if lid != first and lid != last:
                rects.append((pno, Rect(ln.x0, ln.y0, ln.x1, ln.y1)))
                continue
            base = line_pos[lid]
            if starts is None:  # words joined by single spaces: a word's index is the spaces before it
                i = text.count(" ", base, a) if lid == first else 0
                j = text.count(" ", base, b - 1) + 1 if lid == last else len(words)
            else:
                i = bisect_right(starts, a - base) - 1 if lid == first else 0
                j = bisect_right(starts, b - 1 - base) if lid == last else len(words)
            if i < 0:
                i = 0
            if i == 0 and j >= len(words):
                rects.append((pno, Rect(ln.x0, ln.y0, ln.x1, ln.y1)))
                continue
            ws = words[i:j]
            if not ws:
                continue
            rects.append(
                (
                    pno,
                    Rect(min(map(_X0, ws)), min(map(_Y0, ws)), max(map(_X1, ws)), max(map(_Y1, ws))),
                )
            )
        if not rects:
            return None
        page = rects[0][0]
        if rects[-1][0] == page:
            return Anchor(page=page, rects=tuple([r for _, r in rects]))
        return Anchor(page=page, rects=tuple([r for p, r in rects if p == page]), page_rects=tuple(rects))
