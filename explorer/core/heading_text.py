"""Run-in headings: a clause's title opening its paragraph ("4. Fees and Payment. The Buyer
pays..."), as contracts, policies and regulations write them. What reads as one, and how a
heading reads as a chapter title: one line, without the full stop or colon that runs it
into its clause ("4. Fees and Payment"), which a chapter list does not show."""
from __future__ import annotations

import re

_LAST_WORD = re.compile(r"(\S+)[.:]$")
# a stop that belongs to its word: an abbreviation's, a numeral's ("Acme Inc.", "Part IV.")
ABBREVIATIONS = frozenset(
    "inc ltd co corp plc llc llp bros etc al no nos st jr sr vs misc approx dept mr mrs ms dr art sec fig vol pp"
    .split())
_NUMERAL = re.compile(r"(?:[IVXLCDM]+|[A-Za-z]|\d+)")
# a run-in heading's number: "4.", "4.2", "(b)", "IV.", "Section 12."
_NUMBER = re.compile(
    r"^(?:(?:section|article|clause|rule|regulation|part)\s+)?"
    r"\(?(?:\d{1,3}(?:\.\d{1,3}){0,4}[.)]?|(?:[IVXLC]{1,6}|[A-Za-z])[.)])\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDS = 10  # in a run-in heading's title


def heading_title_text(text: str) -> str:
    """``text`` on one line, spaces collapsed, a run-in heading's closing stop dropped."""
    text = " ".join(text.split())
    m = _LAST_WORD.search(text)
    if m is None:
        return text
    word = m.group(1)
    if "." in word or word.lower() in ABBREVIATIONS or (text.endswith(".") and _NUMERAL.fullmatch(word)):
        return text  # "U.S.", "Acme Inc.", "Part IV."
    return text[:-1]


def reads_as_run_in_heading(text: str) -> bool:
    """Whether the bold words opening a paragraph name its clause: a number and a title
    ending in a full stop or a colon ("4. Fees and Payment.", "Section 12. Notices:"), or a
    title of two to ten words ending in a full stop ("Governing Law."). Unnumbered words
    ending in a colon are a label ("Note:", a form's "Model Type: ...")."""
    text = " ".join(text.split())
    if len(text) < 3 or text[-1] not in ".:" or len(text) > 120:
        return False
    m = _NUMBER.match(text)
    title = text[m.end():] if m else text
    words = [w for w in title.rstrip(".:").split() if _WORD.search(w)]
    if not words or len(words) > MAX_WORDS or (not m and (len(words) < 2 or text[-1] == ":")):
        return False
    # written as a title: its first word and every word of five letters or more capitalised
    return all(_WORD.search(w).group()[0].isupper() for i, w in enumerate(words) if i == 0 or len(w) >= 5)


MAX_NUMBERED_TITLE_WORDS = 8


def reads_as_numbered_title(head: str) -> bool:
    """A run-in heading told by its words alone, with no bold to go by ("12. Governing Law."
    in plain text or in a PDF's body weight): a number and a title of at most eight words
    that reads as a run-in heading, with a word of three letters or more and no
    abbreviation for a title ("2. Mr." opens a sentence)."""
    head = " ".join(head.split())
    m = _NUMBER.match(head)
    if m is None:
        return False
    title = head[m.end():].rstrip(".:")
    return (len(title.split()) <= MAX_NUMBERED_TITLE_WORDS and title.lower() not in ABBREVIATIONS
            and any(len(w) >= 3 for w in _WORD.findall(title)) and reads_as_run_in_heading(head))

