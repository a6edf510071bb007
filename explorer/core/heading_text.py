"""How a heading reads as a chapter title: one line, and without the full stop or colon a
run-in heading ends with ("4. Fees and Payment." opening its clause is the title "4. Fees
and Payment"), which a chapter list does not show."""
from __future__ import annotations

import re

_LAST_WORD = re.compile(r"(\S+)[.:]$")
# a stop that belongs to its word: an abbreviation's, a numeral's ("Acme Inc.", "Part IV.")
_ABBREVIATIONS = frozenset("inc ltd co corp plc llc llp bros etc al no nos st jr sr vs misc approx dept".split())
_NUMERAL = re.compile(r"(?:[IVXLCDM]+|[A-Za-z]|\d+)")


def heading_title_text(text: str) -> str:
    """``text`` on one line, spaces collapsed, a run-in heading's closing stop dropped."""
    text = " ".join(text.split())
    m = _LAST_WORD.search(text)
    if m is None:
        return text
    word = m.group(1)
    if "." in word or word.lower() in _ABBREVIATIONS or (text.endswith(".") and _NUMERAL.fullmatch(word)):
        return text  # "U.S.", "Acme Inc.", "Part IV."
    return text[:-1]
