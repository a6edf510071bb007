"""The headings of a plain-text document: what a reader takes for one without any markup.

A contract, a licence or a book saved as ``.txt`` marks its sections by lines standing
alone between blank lines: "CHAPTER I." over "Down the Rabbit-Hole", "ARTICLE 4 - PAYMENT",
"TERMS AND CONDITIONS", "2.1 Scope", "0. Definitions.". Read as paragraphs only, such a
document had no outline, and its chapters were guessed from the text alone. A block is a
heading when it is one short line (or a numbered line and a short title under it) that
either

* starts with a section word and a number ("Chapter 12", "PART II", "Article 4", "§ 7"),
* starts with a section number ("4.", "4.2", "IV.") followed by a capitalised title, or
* is written in capitals ("TERMS AND CONDITIONS"), or
* is underlined ("1. Definitions" over "--------------"; "=" for the top level),

and a short line written as a title ("Preamble", "How to Apply These Terms") counts too once
the document has two headings of the kinds above. A numbered line ending a sentence ("1.
Check the table each morning.") is a list item, not a heading, unless it is written as a
title ("0. Definitions." "14. Revised Versions of this License."). Nothing is
a heading when fewer than two blocks qualify, or when they are more than half of the
blocks (a list of short lines, a poem); and a line met three times or more, or led by a
letter that leads other lines too, is a label (a speaker's "INTERVIEWER", a deposition's
"A. Yes."), not a heading.
"""
from __future__ import annotations

import re
from collections import Counter

from ...heading_text import reads_as_numbered_title
from .blocks import MIN_RUN_IN

_SECTION_WORD = re.compile(
    r"^(?:(?P<word>part|book|chapter|section|article|appendix|annex|schedule|exhibit|clause|lecture|lesson"
    r"|unit)"
    r"\s+(?:[0-9]+|[IVXLC]+|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)\b|§\s*\d)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^(?P<num>(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6})[.)]?|[A-Z][.)])\s+(?P<title>[A-Z\"'(].*)$")
_SENTENCE_END = re.compile(r"[.!?:;,]['\"”’)]?$")
_WORD = re.compile(r"[^\W\d_]+")
_RULE = re.compile(r"([=\-~*#^])\1{2,}")
_LETTER_LABEL = re.compile(r"^([A-Z])[.)]\s")
MAX_WORDS = 12
MAX_CHARS = 90
MAX_SHARE = 0.5  # of the blocks: more and the "headings" are a list of short lines
# "Part" and "Book" hold chapters
_TOP_WORDS = frozenset({"part", "book"})


def _words(text: str) -> list[str]:
    return text.split()


def _is_caps(line: str) -> bool:
    letters = "".join(_WORD.findall(line))
    short = len(_words(line)) <= MAX_WORDS
    return len(letters) >= 3 and letters.isupper() and line[-1] not in ".,;" and short


def _is_titled(text: str) -> bool:
    """Written as a title: at most ten words, the first and every word of five letters or
    more capitalised ("Revised Versions of this License"; "Check the tide table" is not)."""
    words = [w for w in _words(text) if _WORD.search(w)]
    if not words or len(words) > 10:
        return False
    first = _WORD.search(words[0]).group()
    return first[0].isupper() and all(_WORD.search(w).group()[0].isupper() for w in words if len(w) >= 5)


def _kind(lines: list[str]) -> tuple[str, int] | None:
    """``(kind, level)`` of a block that reads as a heading, else None."""
    first = lines[0]
    if len(first) > MAX_CHARS or len(_words(first)) > MAX_WORDS:
        return None
    if len(lines) == 2:  # "CHAPTER I." over its title
        m = _SECTION_WORD.match(first)
        title = lines[1]
        if not m or len(title) > MAX_CHARS or len(_words(title)) > MAX_WORDS or _SENTENCE_END.search(title):
            return None
        return "word", 0 if m.group("word") and m.group("word").lower() in _TOP_WORDS else 1
    m = _SECTION_WORD.match(first)
    if m:
        return "word", 0 if m.group("word") and m.group("word").lower() in _TOP_WORDS else 1
    m = _NUMBERED.match(first)
    if m:
        title = m.group("title")
        if _SENTENCE_END.search(title) and not (title[-1] in ".:" and _is_titled(title)):
            return None  # "1. Check the tide table each morning." is a list item
        return "numbered", m.group("num").rstrip(".)").count(".") + 1
    if _is_caps(first):
        return "caps", 1
    if _is_titled(first) and not _SENTENCE_END.search(first):
        return "title", 1
    return None


def find_headings(blocks: list[str]) -> list[tuple[int, int, str]]:
    """``(block index, level, text)`` of the blocks of a plain-text document (its
    paragraphs, as they stand between blank lines) that read as headings."""
    found: list[tuple[int, str, int, str]] = []
    for i, block in enumerate(blocks):
        lines = [ln.strip() for ln in block.strip().split("\n") if ln.strip()]
        if len(lines) == 3 and _RULE.fullmatch(lines[0]) and lines[2] == lines[0]:
            lines = lines[1:]  # a title between two rules, as reStructuredText writes one
        if len(lines) == 2 and _RULE.fullmatch(lines[1]) and len(lines[0]) <= MAX_CHARS:
            # underlined: "=" for the top level, "-" and the rest one below
            found.append((i, "underline", 0 if lines[1][0] == "=" else 1, lines[0]))
            continue
        if not lines or len(lines) > 2:
            continue
        kind = _kind(lines)
        if kind is not None:
            found.append((i, kind[0], kind[1], " ".join(lines)))
    found = _without_labels(found)
    strong = [f for f in found if f[1] != "title"]
    if len(strong) < 2:
        return []
    kept = sorted(strong + [f for f in found if f[1] == "title"])
    if len(kept) > MAX_SHARE * len(blocks):
        return []
    # levels: Part/Book and "=" underlines 0, other section words, "-" underlines and "4." 1,
    # "4.2" 2...; capitals and title lines stand at the top level the others use; the top
    # becomes level 1
    ranked = [level for _i, kind, level, _t in kept if kind not in ("caps", "title")]
    top = min(ranked, default=1)
    return [(i, (top if kind in ("caps", "title") else lvl) - top + 1, text) for i, kind, lvl, text in kept]


# "2. Grant of Copyright License. Subject to the terms...": a numbered paragraph led by a
# title that ends at its first full stop, the clause running on after it.
_RUN_IN = re.compile(
    r"^(?P<head>(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.|[A-Z]\.)\s+[A-Z][^.\n]{0,80}?\.)"
    r"[ \t]+(?=[\"“'(A-Z])"
)


def split_run_in(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with each run-in heading ("4. Redistribution." opening the clause it
    names, as contracts and licences write them) made a paragraph of its own, so that
    :func:`find_headings` finds it; unchanged unless at least two paragraphs open so. The
    title is at most eight words written as a title; an abbreviation ("2. Mr. Smith...") is
    none."""
    found = {}
    for i, paragraph in enumerate(paragraphs):
        m = _RUN_IN.match(paragraph.strip())
        if m and reads_as_numbered_title(m.group("head")):
            found[i] = m
    if len(found) < MIN_RUN_IN:
        return paragraphs
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        m = found.get(i)
        if m is None:
            out.append(paragraph)
            continue
        text = paragraph.strip()
        out += [m.group("head"), text[m.end():]]
    return out


def _without_labels(found: list[tuple[int, str, int, str]]) -> list[tuple[int, str, int, str]]:
    """Found headings less those that are labels, not headings: a text met three times or
    more (a transcript's "INTERVIEWER" over each of its turns), and lines led by a letter
    that leads others too (a deposition's "Q. ..." and "A. Yes."). Section numbers do not
    repeat; a heading's words seldom do."""
    texts = Counter(text for _i, _kind, _level, text in found)
    letters = Counter(m.group(1) for *_rest, text in found if (m := _LETTER_LABEL.match(text)))
    return [f for f in found if texts[f[3]] < 3
            and not ((m := _LETTER_LABEL.match(f[3])) and letters[m.group(1)] > 1)]


def plain_title(first_block: str) -> str | None:
    """The title a plain text opens with: a first paragraph of at most three lines whose
    first line is short, ends no sentence and is set in capitals or as a title ("GNU
    GENERAL PUBLIC LICENSE" over "Version 3, 29 June 2007"), and is no section's heading."""
    lines = [ln.strip() for ln in first_block.strip().split("\n") if ln.strip()]
    if not lines or len(lines) > 3:
        return None
    first = " ".join(lines[0].split())
    if len(first) > MAX_CHARS or _SENTENCE_END.search(first) or not (_is_caps(first) or _is_titled(first)):
        return None
    if any(len(w) > 25 for w in first.split()):
        return None  # a token, a hash: no title
    if _SECTION_WORD.match(first) or _NUMBERED.match(first):
        return None  # "PART I", "1 Introduction": the first section, not the document's name
    return first
