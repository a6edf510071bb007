"""Lines of a PDF's text layer that are not text: a font whose character map is missing
or wrong gives back its glyph codes as the wrong characters.

The IBM redbook's "Highlights" box reads "]üìÜüéê •ìê °ê£ë†£ûÜüéê †ë ∞†¶£": every letter
lands on an accented Latin-1 letter or a typographer's mark. Kept, such lines become
sentences, generated chapter titles ("RUñê ÚêßÚú Úíê") and search hits. A line is
garbled when at least half of its characters (two thirds for a line of four to seven)
are Latin-1 Supplement characters or the dagger and bullet marks: real text in any
language written with Latin letters stays far below that (French about 5 %, Icelandic
and Hungarian under 35 %; Vietnamese tone marks are outside Latin-1), and formulas use
the mathematical operators block, not counted here.
"""
from __future__ import annotations

import re

_MIN_CHARS = 4  # "Ærø", an island, is a word
_ODD = re.compile("[\u00a0-\u00ff\u2020-\u2022]")


def is_garbled(text: str) -> bool:
    """Whether one line's text reads as a broken font's glyph codes (see the module)."""
    chars = [ch for ch in text if not ch.isspace()]
    n = len(chars)
    if n < _MIN_CHARS:
        return False
    odd = len(_ODD.findall(text))
    return 3 * odd >= 2 * n if n < 8 else 2 * odd >= n


def drop_garbled(words: list[tuple]) -> tuple[list[tuple], int]:
    """``words`` (``page.get_text("words")`` tuples: x0, y0, x1, y1, text, block, line,
    word) without the lines that are garbled, and how many lines were dropped."""
    if not _ODD.search("".join([w[4] for w in words])):  # the common case: nothing to look at
        return words, 0
    lines: dict[tuple[int, int], list[str]] = {}
    for w in words:
        lines.setdefault((w[5], w[6]), []).append(w[4])
    bad = {key for key, texts in lines.items() if is_garbled(" ".join(texts))}
    if not bad:
        return words, 0
    return [w for w in words if (w[5], w[6]) not in bad], len(bad)
