"""Footnotes and endnotes of a Word document, which python-docx does not read.

A note's body lives in its own part (``word/footnotes.xml``, ``word/endnotes.xml``); the
body text only holds a reference by id. Word numbers notes in the order they are cited,
not by id (pandoc writes ids from 20), so the number shown is counted here. A footnote is
read right after the paragraph that cites it, as a printed page puts it under that text;
endnotes are read after the body, where Word prints them.
"""
from __future__ import annotations

import logging
from xml.etree import ElementTree

from .common import RawCue, clean_plain
from .docx_text import shown_text

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = {"footnote": "/footnotes", "endnote": "/endnotes"}


class WordNotes:
    """The notes of one document, handed out as their references are met."""

    def __init__(self, document) -> None:  # docx.document.Document
        self._bodies: dict[str, dict[str, str]] = {kind: {} for kind in _PARTS}
        self._counts = dict.fromkeys(_PARTS, 0)
        self._endnotes: list[RawCue] = []
        for rel in document.part.rels.values():
            for kind, suffix in _PARTS.items():
                if not rel.is_external and rel.reltype.endswith(suffix):
                    self._bodies[kind] = _note_bodies(rel.target_part.blob, kind)

    def after(self, element) -> list[RawCue]:  # noqa: ANN001 - an lxml element of the body
        """The footnotes ``element`` (a paragraph or table row) cites, numbered, as cues to read
        after it; the endnotes it cites are kept for :meth:`endnotes`."""
        if not (self._bodies["footnote"] or self._bodies["endnote"]):
            return []
        cues: list[RawCue] = []
        for ref in element.iter(f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if ref.tag == f"{_W}footnoteReference" else "endnote"
            text = self._bodies[kind].get(ref.get(f"{_W}id") or "")
            if not text:
                continue
            self._counts[kind] += 1
            cue = RawCue(None, None, f"{self._counts[kind]} {text}")
            (cues if kind == "footnote" else self._endnotes).append(cue)
        return cues

    def endnotes(self) -> list[RawCue]:
        """The endnotes cited so far, in the order they were cited."""
        return list(self._endnotes)


def _note_bodies(blob: bytes, kind: str) -> dict[str, str]:
    """Note id -> the note's text; the separator pseudo-notes Word keeps there left out."""
    try:
        root = ElementTree.fromstring(blob)
    except ElementTree.ParseError:
        log.warning("the Word file's %ss could not be read", kind)
        return {}
    bodies: dict[str, str] = {}
    for note in root.iter(f"{_W}{kind}"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue
        text = clean_plain(shown_text(note))  # as the body's text: insertions in, deletions out
        if text:
            bodies[note.get(f"{_W}id") or ""] = text
    return bodies

