"""PowerPoint decks (.pptx) read as documents: each slide's title is a heading, its text
boxes and tables are its paragraphs in reading order, and its speaker notes follow them,
led by "Notes:".

An analyst's deck (an investor presentation, a lecture's slides) was refused with "export
it as PDF". Read with python-pptx: a slide becomes a chapter named by its title ("Slide 7"
where it has none, so the outline still lists every slide), and where the deck groups its
slides into sections (PowerPoint 2010 and later), the sections are the top level and the
slides sit under them. Text boxes are read top to bottom, then left to right, as a viewer
scans a slide; a grouped shape's boxes in the same order. Pictures and charts give no text.
"""
from __future__ import annotations

import io
import logging

from ...errors import LoadError
from .blocks import row_cue, speaker_notes
from .common import Parsed, RawCue, clean_plain

log = logging.getLogger(__name__)

_P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"


def parse_pptx(data: bytes) -> Parsed:
    """The deck's cues and headings ``(cue index, level, text)``; its title from its
    properties, else its first slide's title."""
    try:
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        slides = list(deck.slides)
    except Exception as exc:  # zipfile, lxml and KeyError alike mean a damaged file
        log.debug("python-pptx failed", exc_info=True)
        raise LoadError("the PowerPoint file is damaged or is not a .pptx deck") from exc
    parsed = Parsed("pptx", [])
    sections = _sections(deck)
    slide_level = 2 if sections else 1
    first_title = None
    try:
        for number, slide in enumerate(slides, 1):
            section = sections.get(slide.slide_id)
            if section:
                parsed.headings.append((len(parsed.cues), 1, section))
                parsed.cues.append(RawCue(None, None, section))
            title_shape = slide.shapes.title
            has_title = title_shape is not None and title_shape.has_text_frame
            title = clean_plain(title_shape.text_frame.text) if has_title else ""
            first_title = first_title or title
            heading = title or f"Slide {number}"
            parsed.headings.append((len(parsed.cues), slide_level, heading))
            parsed.cues.append(RawCue(None, None, heading))
            for shape in _reading_order(slide.shapes):
                if title_shape is not None and shape.shape_id == title_shape.shape_id:
                    continue
                parsed.cues.extend(_shape_cues(shape))
            if slide.has_notes_slide:
                notes = slide.notes_slide.notes_text_frame
                if notes is not None:
                    parsed.cues.extend(speaker_notes(c.text for c in _paragraph_cues(notes)))
    except LoadError:
        raise
    except Exception as exc:
        log.debug("python-pptx failed on a slide", exc_info=True)
        raise LoadError("the PowerPoint file is damaged or is not a .pptx deck") from exc
    parsed.title = clean_plain(deck.core_properties.title or "") or first_title
    parsed.metadata["layout"] = "plain"  # paragraphs: a sentence never runs across them
    return parsed


def _reading_order(shapes) -> list:  # noqa: ANN001 - a python-pptx shape collection
    """Shapes top to bottom, then left to right (a shape without a position last)."""
    return sorted(shapes, key=lambda s: (s.top if s.top is not None else 1 << 40, s.left or 0))


def _shape_cues(shape) -> list[RawCue]:  # noqa: ANN001 - a python-pptx shape
    from pptx.shapes.group import GroupShape

    # (by class: shape_type raises for a shape kind python-pptx does not name)
    if isinstance(shape, GroupShape):
        return [cue for inner in _reading_order(shape.shapes) for cue in _shape_cues(inner)]
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = (row_cue(clean_plain(cell.text) for cell in row.cells) for row in shape.table.rows)
        return [cue for cue in rows if cue]
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return _paragraph_cues(shape.text_frame)
    return []


def _paragraph_cues(frame) -> list[RawCue]:  # noqa: ANN001 - a python-pptx text frame
    texts = (clean_plain("".join(run.text for run in p.runs) or p.text) for p in frame.paragraphs)
    return [RawCue(None, None, text) for text in texts if text]


def _sections(deck) -> dict[int, str]:  # noqa: ANN001 - a python-pptx Presentation
    """Slide id -> the name of the section it opens (PowerPoint's p14:sectionLst)."""
    out: dict[int, str] = {}
    for section in deck.part._element.iter(f"{_P14}section"):
        ids = [int(s.get("id")) for s in section.iter(f"{_P14}sldId") if (s.get("id") or "").isdigit()]
        name = clean_plain(section.get("name") or "")
        if ids and name:
            out[ids[0]] = name
    return out
