"""The numbers Word draws before numbered paragraphs: "4.2" before a heading, "(b)" before a
clause, "Article IV".

Word keeps list and heading numbers out of the paragraph's text: they live in the
numbering part (``numbering.xml``) and are counted as the document is laid out. A
contract's "see clause 4.2" needs them, so :class:`ListNumbers` counts them the same way,
paragraph by paragraph in body order: a paragraph's numbering comes from its own
properties or its style's (``w:numPr``: which list, which level), each level's look from
the list's definition (``w:lvlText`` such as ``"%1.%2"``, ``w:numFmt`` such as
``lowerLetter``, ``w:start``), and a level's count restarts when a shallower level counts
on, unless its ``w:lvlRestart`` says otherwise (a legal document's paragraph numbers that
run on through its articles). Bullets get no number. Field-code numbering (SEQ, LISTNUM)
is the field's own text, read with the paragraph.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


class ListNumbers:
    """Counts a document's numbered paragraphs; :meth:`label` is called once per paragraph, in order."""

    def __init__(self, document: Any) -> None:  # a python-docx Document
        self._abstract: dict[str, dict[int, tuple[str, str, int, bool]]] = {}  # id -> level -> (fmt, text, start, legal)
        # id -> level -> the deepest level whose count restarts it (w:lvlRestart; None: none does)
        self._restarts: dict[str, dict[int, Optional[int]]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract id, level -> start override)
        self._counts: dict[str, list[Optional[int]]] = {}
        self._started: set[str] = set()
        self._style_levels: dict[tuple[str, str], int] = {}  # (abstract id, style id) -> level
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is numbered
        try:
            self._read(root)
        except (ValueError, TypeError) as exc:  # a malformed definition: read the text without numbers
            log.info("Word numbering not read: %s", exc)
            self._nums.clear()

    def _read(self, root: Any) -> None:
        for abstract in root.iterfind(f"{_W}abstractNum"):
            aid = abstract.get(f"{_W}abstractNumId")
            levels = {}
            restarts: dict[int, Optional[int]] = {}
            for lvl in abstract.iterfind(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                restart = _val(lvl, "lvlRestart")
                if restart is not None:  # "0": never; "n": after level n (1-based) or a shallower one
                    restarts[ilvl] = int(restart) - 1 if int(restart) > 0 else None
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText")
                start = int(_val(lvl, "start") or 1)
                levels[ilvl] = (fmt, text if text is not None else f"%{ilvl + 1}.", start, lvl.find(f"{_W}isLgl") is not None)
                style = _val(lvl, "pStyle")
                if style:
                    self._style_levels[(aid, style)] = ilvl
            self._abstract[aid] = levels
            self._restarts[aid] = restarts
        for num in root.iterfind(f"{_W}num"):
            aid = _val(num, "abstractNumId")
            overrides = {}
            for over in num.iterfind(f"{_W}lvlOverride"):
                start = _val(over, "startOverride")
                if start is not None:
                    overrides[int(over.get(f"{_W}ilvl", "0"))] = int(start)
            if aid in self._abstract:
                self._nums[num.get(f"{_W}numId")] = (aid, overrides)

    def label(self, paragraph: Any, style: Any = None) -> str:
        """The number Word shows before ``paragraph`` ("" for none or a bullet), counted on;
        ``style``: the paragraph's style where the caller has it already."""
        if not self._nums:
            return ""
        num_id, ilvl, style_id = _numbering_of(paragraph, style if style is not None else paragraph.style)
        if num_id is None or num_id not in self._nums:
            return ""  # numId 0 turns numbering off
        aid, overrides = self._nums[num_id]
        levels = self._abstract[aid]
        if ilvl is None:  # a style's numbering: its level is the one the list gives that style
            ilvl = self._style_levels.get((aid, style_id or ""), 0)
        if ilvl not in levels:
            return ""
        fmt, text, start, legal = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        counts = self._counts.setdefault(aid, [None] * _LEVELS)
        if num_id not in self._started:  # a list instance that restarts its levels where it says
            self._started.add(num_id)
            for level, value in overrides.items():
                if 0 <= level < _LEVELS:
                    counts[level] = value - 1
        counts[ilvl] = (counts[ilvl] if counts[ilvl] is not None else start - 1) + 1
        restarts = self._restarts.get(aid, {})
        for deeper in range(ilvl + 1, _LEVELS):
            after = restarts.get(deeper, deeper - 1)  # by default any shallower level restarts it
            if after is not None and ilvl <= after:
                counts[deeper] = None

        def shown(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lfmt, _t, lstart, _l = levels.get(k, ("decimal", "", 1, False))
            value = counts[k] if counts[k] is not None else lstart
            return format_number(value, "decimal" if legal and k < ilvl else lfmt)

        return _PLACEHOLDER.sub(shown, text).strip()


def _val(element: Any, name: str) -> Optional[str]:
    child = element.find(f"{_W}{name}")
    return None if child is None else child.get(f"{_W}val")


def _numbering_of(paragraph: Any, style: Any) -> tuple[Optional[str], Optional[int], Optional[str]]:
    """``(numId, level, style id)`` of a paragraph: its own ``w:numPr`` first, then its style's
    and the styles that one is based on."""
    num_id: Optional[str] = None
    ilvl: Optional[int] = None
    p_pr = paragraph._p.pPr
    if p_pr is not None:
        num_id, ilvl = _num_pr(p_pr)
    style_id = style.style_id if style is not None else None
    depth = 0
    while num_id is None and style is not None and depth < 10:
        s_pr = style.element.pPr
        if s_pr is not None:
            num_id, style_ilvl = _num_pr(s_pr)
            ilvl = ilvl if ilvl is not None else style_ilvl
            if num_id is not None:
                style_id = style.style_id
        style = style.base_style
        depth += 1
    return (None if num_id in (None, "0") else num_id), ilvl, style_id


def _num_pr(p_pr: Any) -> tuple[Optional[str], Optional[int]]:
    num_pr = p_pr.find(f"{_W}numPr")
    if num_pr is None:
        return None, None
    num_id = _val(num_pr, "numId")
    level = _val(num_pr, "ilvl")
    return num_id, (int(level) if level is not None and level.isdigit() else None)


# the one-character number types of HTML's <ol type> and ODF's style:num-format, as Word names them
NUMBER_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def format_number(n: int, fmt: str) -> str:
    """``n`` as Word writes it in the format ``fmt`` (decimal, letters, roman numerals)."""
    if fmt in ("lowerLetter", "upperLetter"):
        if n < 1:
            return str(n)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # 27 is "aa", as Word counts
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)
