"""Rich Text (.rtf) files: court and deposition transcripts, medical dictation, documents
saved by older word processors.

striprtf turns the RTF into its text, a line per RTF paragraph (``\\par``). Where the
paragraphs carry outline levels (``\\outlinelevelN``: Word, LibreOffice and pandoc write
them on headings), the file is read as a document with those headings as its outline, as a
Word file is. Otherwise the text goes through the same content sniffing as a text file, so
a transcript service's .rtf with "Speaker 1 (00:01:02):" lines loads as that transcript,
and a contract as a plain-text document (:mod:`plain_headings`). The title is the file's
``{\\info{\\title ...}}``.

striprtf skips footnotes (a ``\\footnote`` group is a destination it ignores) and writes a
table as cells ended by "|" on lines of their own. Before it runs, footnote groups, cell and
row ends and in-table paragraphs are marked with private-use characters, so a footnote is
read right after the paragraph that cites it, led by its number, and endnotes after the
text (as the Word reader does), and a table row is one paragraph, its cells joined by " | ".
List numbers drawn from a list table (rather than written in the text) are not read.
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
# Marks for what striprtf would drop or scatter, each written as a group of its own with
# \uc0, so that no fallback character follows whatever the file's \uc says.
_NOTE, _ENDNOTE, _NOTE_END, _CELL, _ROW, _IN_TABLE = (chr(0xE001 + k) for k in range(6))
_CELL_WORD = re.compile(rb"\\(?:nest)?cell(?![a-zA-Z]) ?")
_ROW_WORD = re.compile(rb"\\(?:nest)?row(?![a-zA-Z]) ?")
_IN_TABLE_WORD = re.compile(rb"\\intbl(?![a-zA-Z]) ?")
_NOTE_GROUP = re.compile(rb"\{\s*(?:\\\*\s*)?\\footnote(?![a-zA-Z]) ?")
_ENDNOTE_WORD = re.compile(rb"\\ftnalt(?![a-zA-Z])")
_INFO_TITLE = re.compile(rb"\{\\title\s?((?:[^{}\\]|\\[^{}])*)\}")


def _text(raw: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    try:
        # RTF is 7-bit ASCII; other characters come as \'hh (in the file's code page) and \uN
        return rtf_to_text(raw.decode("latin-1"), errors="replace")
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        log.debug("striprtf failed", exc_info=True)
        raise LoadError("the Rich Text file is damaged and could not be read") from exc


def _mark(char: str) -> bytes:
    return b"{\\uc0\\u%d}" % ord(char)


def _mark_notes(data: bytes) -> bytes:
    """Each footnote group opened and closed by marks, its ``\\footnote`` word dropped so that
    striprtf writes its text (where it stands: the text says where it was cited)."""
    out, pos = [], 0
    for m in _NOTE_GROUP.finditer(data):
        if m.start() < pos:
            continue  # a footnote inside a footnote's group: read as part of it
        end = _group_end(data, m.start())
        body = data[m.end():end]
        kind = _ENDNOTE if _ENDNOTE_WORD.search(body) else _NOTE
        out += [data[pos:m.start()], b"{", _mark(kind), body, _mark(_NOTE_END), b"}"]
        pos = end + 1
    out.append(data[pos:])
    return b"".join(out)


def _group_end(data: bytes, start: int) -> int:
    """Index of the brace closing the group opened at ``start`` (the end of the data if none)."""
    depth, i, n = 0, start, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # a backslash escapes the next character (\{, \}, \\)
            i += 2
            continue
        if c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n - 1


def _lines(text: str) -> list[str]:
    """The text's paragraphs, a table row as one ("Item | Amount"), each footnote after the
    paragraph citing it ("1 The landlord is Acme Ltd.") and the endnotes at the end."""
    notes: list[tuple[str, str]] = []

    def cite(m: re.Match) -> str:
        notes.append((m.group(1), " ".join(m.group(2).split())))
        return _NOTE_END

    text = re.sub(f"([{_NOTE}{_ENDNOTE}])(.*?){_NOTE_END}", cite, text, flags=re.DOTALL)
    counts = {_NOTE: 0, _ENDNOTE: 0}
    cited = iter(notes)
    out: list[str] = []
    endnotes: list[str] = []
    row: list[str] = []
    cell: list[str] = []
    after: list[str] = []  # footnotes cited in the paragraph or table row being read
    # a row's end ends its line, as striprtf's own "\row" does (Word writes no "\par" after it)
    for line in text.replace("\r\n", "\n").replace(_ROW, _ROW + "\n").split("\n"):
        for _ in range(line.count(_NOTE_END)):
            kind, body = next(cited, (_NOTE, ""))
            if body:
                counts[kind] += 1
                (after if kind == _NOTE else endnotes).append(f"{counts[kind]} {body}")
        line = re.sub(f"[{_NOTE}{_ENDNOTE}{_NOTE_END}]", "", line).rstrip()  # (a damaged note's stray marks too)
        if not (row or cell) and not any(c in line for c in (_IN_TABLE, _CELL, _ROW)):
            out.append(line)
        else:
            for part in re.split(f"([{_CELL}{_ROW}])", line.replace(_IN_TABLE, "")):
                if part == _CELL:
                    row.append(" ".join(cell))
                    cell = []
                elif part == _ROW:
                    out.append(" | ".join(c for c in row if c))
                    row, cell = [], []
                elif part.strip():
                    cell.append(part.strip())
        if not (row or cell):
            out.extend(after)
            after = []
    if row or cell:  # a table the file did not close
        out.append(" | ".join(c for c in [*row, " ".join(cell)] if c))
    return out + after + endnotes


def parse_rtf(data: bytes) -> Parsed:
    """The file as a document with its outline where its paragraphs have outline levels,
    else read as its text would be (a transcript, a plain-text document); format "rtf"."""
    marked = _OUTLINE.sub(lambda m: m.group(0) + b" " + _mark(_MARK) + m.group(1), data)
    marked = _IN_TABLE_WORD.sub(lambda m: m.group(0) + _mark(_IN_TABLE), marked)
    marked = _CELL_WORD.sub(lambda m: _mark(_CELL), marked)
    marked = _ROW_WORD.sub(lambda m: _mark(_ROW), _mark_notes(marked))
    lines = _lines(_text(marked))
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
