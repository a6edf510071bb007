"""Lines, blocks and block roles for the PDF text assembler.

:func:`group_lines` turns PyMuPDF word tuples ``(x0, y0, x1, y1, text, block, line,
word)`` into blocks of :class:`_Line`; :func:`block_role` says what a block is
(body, heading, aside, note or drop) from its position, size and first and last
words; :func:`ends_open` says whether a block stops mid-sentence. Pure functions on
tuples, no PyMuPDF import.
"""
from __future__ import annotations

import re
from itertools import groupby
from operator import itemgetter

_LINE_KEY = itemgetter(5, 6)
_X0 = itemgetter(0)
_Y0 = itemgetter(1)
_X1 = itemgetter(2)
_Y1 = itemgetter(3)
_TEXT = itemgetter(4)
_SUPERSCRIPT_CANDIDATE = re.compile(r" \d{1,2}(?= |$)")
_NEEDS_CLEANING = re.compile("[\ufb00-\ufb06\u00a0\u200b-\u200d\ufeff\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TERMINAL = frozenset(".!?:;…。！？؟")
_CLOSERS = "\"'”’»)]"
_HYPHENS = ("-", "\u00ad", "\u2010")
_BULLET_CHARS = frozenset("•●▪◦‣∙·■□►▸–—*-➢✓❖")
_STRIP = ".,;:!?()[]{}\"'“”‘’«»"
# English first halves that keep their hyphen ("self-publishing", "well-known", "end-to-end")
_HYPHEN_PREFIXES = frozenset("self well ex all half cross end high low long short full real open built".split())
_CAPTION_PREFIXES = ("figure", "fig.", "table", "tab.", "chart", "plate", "listing", "algorithm")
_FOOTNOTE_START = re.compile(r"^([∗*†‡§¶]+\w|\d{1,2}[A-Za-z(]\S*$)")
# a line ending in one of these runs on: it is not a heading ("... came on for")
_FUNCTION_WORDS = frozenset("a an the of for and or to in on at by with from as that which is are was were".split())
_LETTER = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"\d[\d.\-/]*")  # numbers, dates and section numbers ("2.3.59.1.6")
_NOTE_MARK = re.compile(r"^(\d{1,3}|[∗*†‡§¶]+)\S*$")
_SECTION_NO = re.compile(r"^(\d+(\.\d+)*\.?|[A-Z](\.\d+)*\.|[A-Z](\.\d+)+|[IVX]+\.)$")
_APPENDIX_LETTERS = frozenset("ABCDEFGHJKLMNOPQRSTUVWXYZ")
# Section names that stand alone on a line, in the body's size or larger. After an
# unpunctuated block (a paper's e-mail addresses) the short-line rule cannot tell them
# from a wrapped line, and "Abstract" was read as the end of the affiliations.
_SECTION_NAMES = frozenset(
    """abstract introduction contents acknowledgements acknowledgments acknowledgement acknowledgment references
    bibliography appendix appendices preface foreword summary conclusion conclusions glossary index keywords
    résumé zusammenfassung einleitung literatur références sommaire""".split()
)

# Character fixes for words that are not pure ASCII (ligatures, soft hyphens, odd spaces).
_TRANSLATE = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u2028": " ",
        "\u2029": " ",
        # control characters are never text: a symbol font's check boxes and bullets
        # come out as U+0084 (the UN report's survey forms), and broken fonts give NULs
        **{chr(c): "" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))},
    }
)


def clean_word(text: str) -> str:
    """Expand ligatures and drop invisible and control characters (only called for words
    that are not printable ASCII)."""
    return text.translate(_TRANSLATE)


class _Line:
    __slots__ = ("block", "x0", "y0", "x1", "y1", "h", "words")

    def __init__(self, block: int, words: list[tuple]) -> None:
        self.block = block
        self.words = words
        if len(words) == 1:
            w = words[0]
            self.x0, self.y0, self.x1, self.y1 = w[0], w[1], w[2], w[3]
            self.h = w[3] - w[1]
            return
        a, b = words[0], words[-1]
        self.x0 = a[0] if a[0] < b[0] else b[0]
        self.x1 = a[2] if a[2] > b[2] else b[2]
        self.y0 = a[1] if a[1] < b[1] else b[1]
        self.y1 = a[3] if a[3] > b[3] else b[3]
        # median of first, middle and last word heights: a superscript glued to one
        # word inflates its box, and a full min/max or sort per line costs too much
        ha, hb, hc = a[3] - a[1], b[3] - b[1], words[len(words) // 2]
        hc = hc[3] - hc[1]
        self.h = max(min(ha, hb), min(max(ha, hb), hc))


def group_lines(words: list[tuple]) -> list[list[_Line]]:
    """Group word tuples (already in block/line/word order) into blocks of lines."""
    blocks: list[list[_Line]] = []
    current = -1
    for (b, _l), grp in groupby(words, key=_LINE_KEY):
        line = _Line(b, list(grp))
        if b != current:
            blocks.append([line])
            current = b
        else:
            blocks[-1].append(line)
    return blocks


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[len(s) // 2]


def _is_page_number(text: str) -> bool:
    t = text.strip().lower().replace("page", "").replace("of", " ").strip(" -–—|.")
    if not t:
        return False
    parts = t.split()
    return len(parts) <= 3 and all(p.isdigit() or (len(p) <= 6 and set(p) <= set("ivxlcdm")) for p in parts)


def block_role(
    lines: list[_Line],
    width: float,
    height: float,
    body_h: float,
    top: float,
    bottom: float,
    is_open: bool,
    next_lower: bool = False,
) -> str:
    if len(lines) == 1:
        ln = lines[0]
        x0, y0, x1, y1, hmax, nwords = ln.x0, ln.y0, ln.x1, ln.y1, ln.h, len(ln.words)
    else:
        a, b = lines[0], lines[-1]
        y0 = a.y0 if a.y0 < b.y0 else b.y0  # lines run top to bottom: first and last suffice
        y1 = a.y1 if a.y1 > b.y1 else b.y1
        x0 = min([ln.x0 for ln in lines])
        x1 = max([ln.x1 for ln in lines])
        hmax = max([ln.h for ln in lines])
        nwords = 17 if len(lines) > 4 else sum([len(ln.words) for ln in lines])
    small = hmax < body_h * 0.86
    ln0 = lines[0]
    first_word = ln0.words[0][4]
    if y1 <= height * 0.15 or y0 >= height * 0.8:  # near the top or bottom edge
        if nwords <= 6 and (y1 <= height * 0.12 or y0 >= height * 0.8):
            if _is_page_number(" ".join([w[4] for ln in lines for w in ln.words])):
                return "drop"
        if (y1 <= top or y0 >= bottom) and (small or len(lines) <= 2):
            return "aside"  # running header / footer
        # A line set larger than the body ("4 Related Work" at the foot of a column) is
        # a heading even when it starts with a number.
        near_edge = y1 <= height * 0.15 or y0 >= height * 0.85
        if near_edge and hmax <= body_h * 1.12 and nwords <= 10 and _visual_lines(lines) == 1:
            if _is_page_number(first_word) or _is_page_number(lines[-1].words[-1][4]):
                return "aside"  # "CHAPTER 4. NAMING CONVENTIONS   8": a header carrying the page number
    if nwords <= 3 and not _LETTER.search(" ".join([w[4] for ln in lines for w in ln.words])):
        return "aside"  # line numbers, plot ticks: they must not end an open sentence
    if len(lines) <= 3 and (x1 - x0) * 2 < (y1 - y0):
        # vertical margin text (an arXiv stamp, a print-shop note); judged on the whole
        # block, since a section number set apart ("4" | "Related Work") is a narrow line too
        return "aside"
    if len(ln0.words) > 1 and first_word.lower().startswith(_CAPTION_PREFIXES):
        return "aside"
    if y0 > height * 0.3 and (
        (small and (y0 > height * 0.5 or _NOTE_MARK.match(first_word)))
        or (y0 > height * 0.55 and _FOOTNOTE_START.match(first_word))
    ):
        return "note"  # footnotes: read after the page's body text
    if (len(lines) == 1 and nwords <= 2 and hmax >= body_h * 0.95
            and " ".join([w[4] for w in ln0.words]).strip(".: ").lower() in _SECTION_NAMES):
        return "heading"
    if nwords <= 16 and len(lines) <= 4 and not first_word[0].islower():
        last = lines[-1].words[-1][4].rstrip("0123456789*∗†‡§¶")
        tall = hmax > body_h * 1.12
        if last and last[-1] not in _TERMINAL and last[-1] not in ",-\u00ad" and last not in _FUNCTION_WORDS:
            numbered = nwords <= 12 and (_SECTION_NO.match(first_word) is not None
                                        or _appendix_letter([w[4] for ln in lines[:2] for w in ln.words[:2]]))
            # An open sentence may run on into a short capitalised line ("in the" / "United
            # States"), but not into one in capitals ("4$" / "PIZZAS" over a page break).
            if tall or numbered or (nwords <= 7 and (not is_open or _in_capitals(lines)) and not next_lower
                                    and _visual_lines(lines) == 1):
                return "heading"
    return "body"


def _appendix_letter(words: list[str]) -> bool:
    """Words led by a lone capital and a capitalised word: an appendix heading ("C The
    paper clustering problem", "B PDF filters"; the letter is often a line of its own),
    which may follow a table whose last row, unpunctuated, leaves a sentence open. "I"
    is a pronoun, not an appendix, and a code table's rows ("E Y N Entity...") are not
    headings."""
    return len(words) >= 2 and words[0] in _APPENDIX_LETTERS and len(words[1]) > 1 and words[1][:1].isupper()


def caseless(char: str) -> bool:
    """A letter of a script without case (Hangul, Chinese, Arabic...), where only
    punctuation tells where a sentence ends."""
    return char.isalpha() and not char.isupper() and not char.islower()


def ends_mid_phrase(text: str) -> bool:
    """Does ``text`` stop where a phrase cannot end ("... Evaluation of", "Results:")?
    A heading line that does is wrapped, and the next line of the same size finishes it."""
    words = text.split()
    return bool(words) and (words[-1].lower() in _FUNCTION_WORDS or text.rstrip().endswith((",", ":", "-", "–")))


def runs_on(word: str) -> bool:
    """Does ``word`` start like the middle of a sentence: a lower-case or caseless letter?"""
    return bool(word) and (word[0].islower() or caseless(word[0]))


def ends_open(lines: list[_Line]) -> bool:
    last = lines[-1].words[-1][4].rstrip(_CLOSERS)
    if last and last[-1].isdigit():
        bare = last.rstrip("0123456789").rstrip(_CLOSERS)  # footnote mark glued on: "2008),5", "2017).4"
        if bare and (bare[-1] in ",;" or bare[-1] in _TERMINAL):
            last = bare
    if not last:
        return False
    if last[-1] in _TERMINAL:
        return False
    if last[-1] in ",-\u00ad" or last.islower():
        return True
    if caseless(last[-1]):
        # Hangul, Chinese...: no lower case to tell a wrapped line ("국내 확" / "진자는") from a
        # heading ("第七章企业资信状况"); a full line is at least 14 em wide (body lines of a
        # narrow Korean column: 16-18 em; headings and table cells: 9-12.5 em)
        ln = lines[-1]
        if ln.x1 - ln.x0 >= 14 * (ln.h or 1.0):
            return True
    return len(lines) >= 2 or sum(len(w[4]) + 1 for w in lines[0].words) >= 50

# ----------------------------------------------------------------- writing


def _clean_line(words: list[tuple], superscript_h: float) -> tuple[str, list[tuple], list[int]]:
    """Text, kept words and their offsets for a line that needs word-by-word care:
    ligatures and invisible characters cleaned, superscript footnote marks dropped."""
    kept: list[tuple] = []
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for w in words:
        t = w[4]
        if not t.isascii() or not t.isprintable():
            t = clean_word(t).strip()
            if not t:
                continue
        elif kept and t.isdigit() and len(t) <= 2 and w[3] - w[1] < superscript_h:
            continue  # a superscript footnote mark set as its own word
        if kept:
            pos += 1
        starts.append(pos)
        kept.append(w)
        parts.append(t)
        pos += len(t)
    return " ".join(parts), kept, starts


def _in_capitals(lines: list[_Line]) -> bool:
    """Every letter upper case, and at least three of them."""
    letters = [c for ln in lines for w in ln.words for c in w[4] if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _visual_lines(lines: list[_Line]) -> int:
    n = 1
    for a, b in zip(lines, lines[1:]):
        if abs(b.y0 - a.y0) >= 0.5 * a.h:
            n += 1
    return n


def _looks_numbered_item(word: str) -> bool:
    """'1.', '2)', '(a)', 'a)' at a line start."""
    if len(word) < 2 or len(word) > 4:
        return False
    if word[-1] in ".)" and (word[:-1].isdigit() or (len(word) == 2 and word[0].isalpha() and word[0].islower())):
        return word[-1] == ")" or word[:-1].isdigit()
    return word[0] == "(" and word[-1] == ")" and len(word) <= 4
