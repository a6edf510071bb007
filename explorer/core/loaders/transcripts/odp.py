"""OpenDocument presentations (.odp: LibreOffice Impress, Google Slides and Keynote
exports) read as documents, as a PowerPoint deck is (:mod:`pptx`): each slide's title is
a heading ("Slide 7" where it has none), its text boxes and tables are its paragraphs, top
to bottom and then left to right, and its speaker notes follow them, led by "Notes:".

An ``.odp`` is a ZIP whose ``content.xml`` holds one ``draw:page`` per slide; a frame's
``presentation:class`` says which is the title, and ``presentation:notes`` holds the notes
page. Read with the standard library's XML parser; pictures and charts give no text.
"""
from __future__ import annotations

import logging
import re
from xml.etree import ElementTree

from ...errors import LoadError
from .blocks import row_cue, speaker_notes
from .common import Parsed, RawCue, clean_plain
from .odt import _OFFICE, _TABLE, _TEXT, _meta_title, _text, read_odf

log = logging.getLogger(__name__)

ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
_SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
_TITLES = ("title",)
_LENGTH = re.compile(r"(-?[\d.]+)\s*(cm|mm|in|pt|pc|px)?")
_PER_CM = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96, None: 1.0}


def is_odp(data: bytes) -> bool:
    """An OpenDocument presentation: ODF puts its uncompressed mimetype first in the archive."""
    return data.startswith(b"PK\x03\x04") and ODP_MIMETYPE in data[:200]


def parse_odp(data: bytes) -> Parsed:
    """The presentation's cues and headings ``(cue index, level, text)``; its title from
    ``meta.xml``, else its first slide's title."""
    root, meta, _styles = read_odf(data, "the OpenDocument presentation is damaged or is not an .odp file")
    deck = root.find(f"{_OFFICE}body/{_OFFICE}presentation")
    if deck is None:
        raise LoadError("the OpenDocument presentation has no slides")
    parsed = Parsed("odp", [])
    first_title = None
    for number, slide in enumerate(deck.iter(f"{_DRAW}page"), 1):
        frames = _reading_order(slide)
        title_frame = next((f for f in frames if f.get(f"{_PRESENTATION}class") in _TITLES), None)
        title = clean_plain(" ".join(_paragraphs(title_frame))) if title_frame is not None else ""
        first_title = first_title or title
        heading = title or f"Slide {number}"
        parsed.headings.append((len(parsed.cues), 1, heading))
        parsed.cues.append(RawCue(None, None, heading))
        for frame in frames:
            if frame is not title_frame:
                parsed.cues.extend(_frame_cues(frame))
        notes = slide.find(f"{_PRESENTATION}notes")
        if notes is not None:
            texts = [t for frame in notes.iter(f"{_DRAW}frame") if frame.get(f"{_PRESENTATION}class") == "notes"
                     for t in _paragraphs(frame)]
            parsed.cues.extend(speaker_notes(texts))
    parsed.title = _meta_title(meta) or first_title
    parsed.metadata["layout"] = "plain"  # paragraphs: a sentence never runs across them
    return parsed


def _reading_order(container: ElementTree.Element) -> list[ElementTree.Element]:
    """The shapes right under ``container`` (frames, custom shapes, groups), top to bottom,
    then left to right, as a viewer scans a slide."""
    shapes = [c for c in container if c.tag in (f"{_DRAW}frame", f"{_DRAW}custom-shape", f"{_DRAW}g",
                                                  f"{_DRAW}rect", f"{_DRAW}ellipse")]
    return sorted(shapes, key=lambda s: (_cm(s.get(f"{_SVG}y")), _cm(s.get(f"{_SVG}x"))))


def _cm(value: str | None) -> float:
    m = _LENGTH.match(value or "")
    if not m:
        return 1e9  # no position: last
    try:
        return float(m.group(1)) * _PER_CM[m.group(2)]
    except ValueError:
        return 1e9


def _frame_cues(shape: ElementTree.Element) -> list[RawCue]:
    if shape.tag == f"{_DRAW}g":
        return [cue for inner in _reading_order(shape) for cue in _frame_cues(inner)]
    cues: list[RawCue] = []
    for table in shape.iter(f"{_TABLE}table"):
        for row in table.iter(f"{_TABLE}table-row"):
            cue = row_cue(clean_plain(" ".join(_paragraphs(cell))) for cell in row.iter(f"{_TABLE}table-cell"))
            if cue:
                cues.append(cue)
    if cues:
        return cues
    return [RawCue(None, None, t) for t in _paragraphs(shape)]


def _paragraphs(element: ElementTree.Element) -> list[str]:
    """The texts of the paragraphs and headings under ``element`` (list items included), in order."""
    out = []
    for p in element.iter():
        if p.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            text = clean_plain(_text(p))
            if text:
                out.append(text)
    return out
