"""Rich Text (.rtf) files: court and deposition transcripts, medical dictation, documents
saved by older word processors.

striprtf turns the RTF into its text, a line per RTF paragraph (``\\par``). Where the
paragraphs carry outline levels (``\\outlinelevelN``: Word, LibreOffice and pandoc write
them on headings), the file is read as a document with those headings as its outline, as a
Word file is. Otherwise the text goes through the same content sniffing as a text file, so
a transcript service's .rtf with "Speaker 1 (00:01:02):" lines loads as that transcript,
and a contract as a plain-text document (:mod:`plain_headings`). The title is the file's
``{\\info{\\title ...}}``. Footnotes, tables' cell structure and list numbers drawn by
list tables are not read: striprtf gives the text only.
"""
from __future__ import annotations

import logging
import re

from ...errors import LoadError
from .common import Parsed, RawCue, clean_plain

log = logging.getLogger(__name__)

# An outline level marks its paragraph with a private-use character and the level, written
# into the RTF just after the control word, so it comes out at the start of the paragraph's
# text (in the style sheet, which striprtf skips, it vanishes). Level 9 is body text.
_OUTLINE = re.compile(rb"\\outlinelevel([0-8])(?![0-9])")
_MARK = "\ue000"
_INFO_TITLE = re.compile(rb"\{\\title\s?((?:[^{}\\]|\\[^{}])*)\}")


def _text(raw: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    try:
        # RTF is 7-bit ASCII; other characters come as \'hh (in the file's code page) and \uN
        return rtf_to_text(raw.decode("latin-1"), errors="replace")
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        log.debug("striprtf failed", exc_info=True)
        raise LoadError("the Rich Text file is damaged and could not be read") from exc


def parse_rtf(data: bytes) -> Parsed:
    """The file as a document with its outline where its paragraphs have outline levels,
    else read as its text would be (a transcript, a plain-text document); format "rtf"."""
    marked = _OUTLINE.sub(lambda m: m.group(0) + b" \\u57344?" + m.group(1), data)
    lines = [ln.rstrip() for ln in _text(marked).replace("\r\n", "\n").split("\n")]
    title = _info_title(data)
    if any(ln.lstrip().startswith(_MARK) for ln in lines):
        parsed = _outlined([ln.strip() for ln in lines])
    else:  # no marks: the lines are the file's text as it is (its style sheet alone had outline levels)
        from .sniff import parse_content

        parsed = parse_content("\n\n".join(lines))
        parsed.metadata["layout"] = parsed.metadata.get("layout", parsed.format)
    parsed.format = "rtf"
    parsed.title = title or parsed.title
    return parsed


def _outlined(lines: list[str]) -> Parsed:
    """A paragraph per line, those marked with an outline level as the headings; a lone
    top-level heading opening the text is the title."""
    parsed = Parsed("rtf", [])
    for line in lines:
        level = 0
        if line.startswith(_MARK) and len(line) > 1 and line[1].isdigit():
            level, line = int(line[1]) + 1, line[2:]
        text = clean_plain(line.replace(_MARK, ""))
        if not text:
            continue
        if level:
            parsed.headings.append((len(parsed.cues), level, text))
        parsed.cues.append(RawCue(None, None, text))
    top = [h for h in parsed.headings if h[1] == 1]
    if len(top) == 1 and parsed.headings[0] is top[0] and top[0][0] == 0:
        parsed.title = top[0][2]
    parsed.metadata["layout"] = "plain"  # paragraphs: a sentence never runs across them
    return parsed


def _info_title(data: bytes) -> str | None:
    """The title in the file's information group, its escapes decoded."""
    m = _INFO_TITLE.search(data[:200_000])
    if not m:
        return None
    return clean_plain(_text(b"{\\rtf1 " + m.group(1) + b"}")) or None
