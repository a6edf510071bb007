"""Rule-based sentence splitting on plain text, returning character spans.

Loaders join a document's words into text (keeping a map from characters back to
words and their anchors), call :func:`split_spans`, and turn each span into a
``Sentence``. Rules: a sentence ends at ``.``, ``!``, ``?`` (or ``…``, ``。``, ``！``,
``？``, ``؟``) followed by space and an upper-case letter, digit, quote or bracket (after
``。``, ``！``, ``？`` no space is needed: Chinese and Japanese use none), but
not after a known abbreviation, an initial ("J. Smith"), or inside a number
("3.14", "e.g."). Blank lines and bullet markers always end a sentence. Very long
runs without punctuation (unpunctuated speech) are cut at ``max_words``.
"""
from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st vs etc e.g i.e cf al fig figs eq eqs no nos vol vols pp p ch sec secs
    approx dept est inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec mt ft op
    u.s u.k a.m p.m ph.d e.u gen gov rev col lt sgt capt cmdr adm art arts para paras
    ref refs tab resp ca viz incl excl min max avg std dev
    """.split()
)

# the lookahead keeps only ends followed by what may start a sentence (capital, digit,
# quote, bracket or any non-ASCII letter), so few matches reach the Python checks
_END = re.compile(r"([.!?…]+|[。！？؟])([\"'”’»)\]]*)(\s+)(?=[A-Z0-9\"'(\[]|[^\x00-\x7F])")
# Chinese and Japanese put no space after a full stop: "服务。中诚信" is two sentences.
_END_FULLWIDTH = re.compile(r"[。！？]+[」』”’）)]*(?=[^\s」』”’）)。！？])")
# List-item marks the splitter and the layout analysis both know.
BULLET_GLYPHS = "•●▪◦‣∙·–*-"
_BULLET = re.compile(rf"\n\s*(?:[{re.escape(BULLET_GLYPHS)}]|\(?\d{{1,2}}[.)]|\(?[a-z][.)])\s+")
_PARA = re.compile(r"\n\s*\n")
# a footnote mark glued after the full stop: "(Chen et al., 2017).4 Formally, ..."
_FOOTNOTE_END = re.compile(r"(?<=[a-z)\]])[.!?][\"'”’)\]]*(\d{1,2})(?=\s+[A-Z])")


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    """True if the '.' at ``dot_pos`` ends an abbreviation or an initial."""
    start = dot_pos
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:dot_pos].lower()
    if not token:
        return False
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return True
    # single capital initial ("J. Smith") or dotted acronym ("U.S.")
    if len(token) == 1 and text[dot_pos - 1].isupper():
        return True
    return "." in token and all(len(p) <= 2 for p in token.split(".") if p)


_ENUMERATOR = re.compile(r"\s*\(?(\d{1,3}(\.\d{1,3})*|[A-Za-z]|[ivxIVX]{1,5})")


_DATE_BEFORE = re.compile(r"(?:^|\D)(?:\d{4}\.\s?\d{1,2}\.\s?\d{1,2}|\d{4}\.\s?\d{1,2}|\d{4})$")
_DATE_AFTER = re.compile(r"\s?\d{1,2}\.")


def _is_date_dot(text: str, dot_pos: int) -> bool:
    """True if the '.' at ``dot_pos`` belongs to a year-first date ("2020. 3. 11.",
    "2020.3.30.", as Korean and Chinese texts write them), not to a sentence end."""
    before = _DATE_BEFORE.search(text, max(0, dot_pos - 16), dot_pos)
    if before is None:
        return False
    if before.group().strip().count(".") == 2:  # the day's dot: the date is complete
        return True
    return _DATE_AFTER.match(text, dot_pos + 1) is not None


def _is_enumerator(text: str, dot_pos: int) -> bool:
    """True if the '.' at ``dot_pos`` ends a list or section number opening its line ("2. Read", "3.1. Scope")."""
    line_start = text.rfind("\n", 0, dot_pos) + 1
    return dot_pos - line_start <= 12 and _ENUMERATOR.fullmatch(text, line_start, dot_pos) is not None


def split_spans(text: str, *, max_words: int = 80) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` (end exclusive, stripped)."""
    cuts: set[int] = set()
    for m in _PARA.finditer(text):
        cuts.add(m.start())
    for m in _BULLET.finditer(text):
        cuts.add(m.start() + 1)
    for m in _FOOTNOTE_END.finditer(text):
        cuts.add(m.end(1))
    for m in _END_FULLWIDTH.finditer(text):
        cuts.add(m.end())
    for m in _END.finditer(text):
        punct_start = m.start(1)
        after = m.end()
        if after >= len(text):
            continue
        nxt = text[after]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«([" or not nxt.isascii()):
            continue
        if text[punct_start] == "." and m.group(1) == ".":
            if _is_abbreviation(text, punct_start) or _is_enumerator(text, punct_start) or _is_date_dot(text, punct_start):
                continue
        cuts.add(m.end(2))
    bounds = sorted(c for c in cuts if 0 < c < len(text))
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in bounds + [len(text)]:
        spans.extend(_strip_span(text, prev, cut))
        prev = cut
    return _cap_length(text, spans, max_words)


def _strip_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


def _cap_length(text: str, spans: list[tuple[int, int]], max_words: int) -> list[tuple[int, int]]:
    """Cut spans longer than ``max_words`` at commas or, failing that, every ``max_words`` words."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start < 2 * max_words:  # cannot hold more than max_words words
            out.append((start, end))
            continue
        words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
        if len(words) <= max_words:
            out.append((start, end))
            continue
        i = 0
        while i < len(words):
            j = min(len(words), i + max_words)
            if j < len(words):
                # prefer to end at a word carrying a comma/semicolon in the second half of the window
                for k in range(j - 1, i + max_words // 2, -1):
                    if text[start + words[k][1] - 1] in ",;:":
                        j = k + 1
                        break
            out.append((start + words[i][0], start + words[j - 1][1]))
            i = j
    return out


def split_sentences(text: str, *, max_words: int = 80) -> list[str]:
    """Convenience: the sentence strings of ``text``."""
    return [text[a:b] for a, b in split_spans(text, max_words=max_words)]
