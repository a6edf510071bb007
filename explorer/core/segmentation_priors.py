"""Structural boundary priors: per-gap evidence in [0, 1] that a new chapter starts.

Gap ``g`` is the gap before unit ``g + 1`` (so a prior array has ``n - 1`` entries).
Priors lower the price of a boundary in the global split; they never force one
(user pins do that). Sources:

* text of the units: discourse cue phrases that open a new topic in talks and
  meetings ("okay, so", "moving on", "let's talk about", "next"),
* transcripts: long pauses (relative to the recording's own pause distribution)
  and speaker changes,
* PDFs: layout headings ranked by the document's own typography
  (:mod:`heading_levels`: strong before chapter-level headings, weak before
  section-level ones), page breaks, and outline entries when the caller passes them.
  (When headings decide a PDF's chapters outright, :mod:`segmentation_headings`
  cuts there instead of pricing them.)
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

import numpy as np

from .model import Block, Document, ReferenceChapter

_SPEAKER_PREFIX = re.compile(r"^\s*[A-Z][\w .'-]{0,40}:\s+")
_STRONG_CUES = re.compile(
    r"^(?:so\s+|okay\s+|ok\s+|alright\s+|all right\s+|now\s+|and\s+)*"
    r"(?:moving on|let'?s (?:move on|talk about|turn to|look at|go on|get started|start|begin|switch)|"
    r"let us (?:turn|look|move|consider|now)|next (?:up|topic|thing|item|question|we)|the next (?:thing|topic|item|question)|"
    r"(?:our|the) (?:next|last|final) (?:topic|point|item|thing)|on to|onto the)\b",
    re.IGNORECASE,
)
# Ordinals and summaries ("first", "second", "finally", "in summary") are NOT cues:
# they enumerate steps inside one topic. Over the seven shared segmentation sets a
# unit opening with one started a reference segment 17 times in 935; as strong cues
# they cost Pk on every written set (choi 4.5 -> 4.0, clinical 34.3 -> 33.7 without them).
_WEAK_CUES = re.compile(r"^(?:okay|ok|alright|all right|right|so|now|anyway|well)\b[,.!]?\s+(?:so|now|then|next|let)", re.IGNORECASE)


def strip_speaker(text: str) -> str:
    """``"Project Manager: okay so"`` -> ``"okay so"`` (meeting turns carry the name)."""
    m = _SPEAKER_PREFIX.match(text)
    return text[m.end():] if m else text


def cue_phrase_priors(texts: Sequence[str]) -> np.ndarray:
    """Per gap: 1.0 for a strong topic-opening cue at the start of the next unit, 0.5 for a weak one."""
    n = len(texts)
    out = np.zeros(max(0, n - 1))
    for i in range(1, n):
        t = strip_speaker(texts[i]).strip().lstrip("-–—\"'(").strip()
        if _STRONG_CUES.match(t):
            out[i - 1] = 1.0
        elif _WEAK_CUES.match(t):
            out[i - 1] = 0.5
    return out


def pause_priors(doc: Document) -> np.ndarray:
    """Per gap: how unusual the silence before the next sentence is (0 for ordinary pauses)."""
    sents = doc.sentences
    n = len(sents)
    out = np.zeros(max(0, n - 1))
    gaps = []
    for i in range(1, n):
        a, b = sents[i - 1].anchor, sents[i].anchor
        if a.end is not None and b.start is not None:
            gaps.append((i - 1, max(0.0, b.start - a.end)))
        elif a.start is not None and b.start is not None:
            gaps.append((i - 1, max(0.0, b.start - a.start)))
    if len(gaps) < 10:
        return out
    values = np.array([g for _, g in gaps])
    hi = float(np.percentile(values, 95))
    scale = max(hi, 1.0)
    for idx, g in gaps:
        if g > hi and g >= 2.0:
            out[idx] = min(1.0, g / (3.0 * scale))
    return out


def speaker_priors(doc: Document) -> np.ndarray:
    """Per gap: 1 where the speaker changes (only meaningful with few speakers; scaled by caller)."""
    sents = doc.sentences
    out = np.zeros(max(0, len(sents) - 1))
    for i in range(1, len(sents)):
        a, b = sents[i - 1].anchor.speaker, sents[i].anchor.speaker
        if a and b and a != b:
            out[i - 1] = 1.0
    return out


SECTION_HEADING_PRIOR = 0.3  # a heading below the chapter level: a section start, weak chapter evidence


def heading_starts(blocks: dict[int, list[Block]] | None, n: int) -> dict[int, tuple[int, str]]:
    """Sentence index -> (heading level, heading text) for layout headings and divider pages' lone lines."""
    out: dict[int, tuple[int, str]] = {}
    if not blocks:
        return out
    # A "heading" whose text recurs on many pages is a running header, not a chapter start.
    pages_of: dict[str, set[int]] = {}
    for page, blks in blocks.items():
        for blk in blks:
            if blk.label in ("title", "section-header"):
                key = re.sub(r"[\d\s.]+", " ", blk.text.lower()).strip()
                pages_of.setdefault(key, set()).add(page)
    from .heading_levels import is_bare_label, is_byline

    limit = max(3, len(blocks) // 20)
    for page in sorted(blocks):
        blks = sorted(blocks[page], key=lambda b: b.order)
        for k, blk in enumerate(blks):
            if blk.label not in ("title", "section-header") or not blk.sentences:
                continue
            text = " ".join(blk.text.split())
            if is_byline(text):
                continue
            label = is_bare_label(text)
            if len(pages_of.get(re.sub(r"[\d\s.]+", " ", blk.text.lower()).strip(), ())) > limit and not label:
                continue
            if label and k + 1 < len(blks) and blks[k + 1].label in ("title", "section-header"):
                text = f"{text} {' '.join(blks[k + 1].text.split())}"  # "Chapter 3" + "Quick Start"
            s = min(blk.sentences)
            if 0 <= s < n:
                level = blk.level or (1 if blk.label == "title" else 2)
                if s not in out or level < out[s][0]:
                    out[s] = (level, text)
    from .heading_levels import divider_blocks

    for blk in divider_blocks(blocks).values():  # a section slide's lone line, whatever the layout called it
        if blk.sentences and 0 <= min(blk.sentences) < n:
            out.setdefault(min(blk.sentences), (1, " ".join(blk.text.split())))
    return out


def marked_headings(doc: Document) -> dict[int, tuple[int, str]]:
    """Sentence index -> (level, text) of the headings a text marks itself (Markdown, HTML), as
    :func:`heading_starts` gives a PDF's layout headings."""
    from .loaders.transcripts import marks_its_headings

    if not marks_its_headings(doc):
        return {}
    return {r.start_sentence: (r.level, r.title) for r in doc.reference_chapters if r.start_sentence is not None}


def heading_priors(blocks: dict[int, list[Block]] | None, n: int, doc: Optional[Document] = None) -> np.ndarray:
    """Per gap: strong evidence before chapter-level headings, weak before lower ones.

    With ``doc`` (a PDF), the document's own heading hierarchy decides
    (:func:`heading_levels.heading_plan`): 1.0 before the headings chosen as
    chapters, ``SECTION_HEADING_PRIOR`` before every other heading (sections), and
    nothing extra on a one-page document's headings beyond that. Without ``doc``, or
    when the hierarchy cannot decide, the layout levels are used: 1.0 before a
    level-1 heading, 0.6 before level 2, 0.3 deeper.
    """
    out = np.zeros(max(0, n - 1))
    if doc is not None and doc.kind == "pdf" and blocks:
        from .heading_levels import heading_plan

        plan = heading_plan(doc, blocks)
        if plan is not None:
            for h in plan.headings:
                if 0 < h.sentence < n:
                    out[h.sentence - 1] = max(out[h.sentence - 1], SECTION_HEADING_PRIOR)
            for s in plan.chapters:
                if 0 < s < n:
                    out[s - 1] = 1.0
            return out
    for s, (level, _) in heading_starts(blocks, n).items():
        if s > 0:
            out[s - 1] = max(out[s - 1], {1: 1.0, 2: 0.6}.get(level, 0.3))
    return out


def outline_priors(reference: Sequence[ReferenceChapter], n: int) -> np.ndarray:
    """Per gap: 1.0 before a top-level outline entry, 0.5 before a second-level one."""
    out = np.zeros(max(0, n - 1))
    if not reference:
        return out
    top = min(r.level for r in reference)
    for r in reference:
        s = r.start_sentence
        if s is not None and 0 < s < n:
            out[s - 1] = max(out[s - 1], 1.0 if r.level == top else 0.5 if r.level == top + 1 else 0.2)
    return out


def page_break_priors(doc: Document) -> np.ndarray:
    """Per gap: 1 where the next sentence starts on a new page."""
    sents = doc.sentences
    out = np.zeros(max(0, len(sents) - 1))
    for i in range(1, len(sents)):
        a, b = sents[i - 1].anchor.page, sents[i].anchor.page
        if a is not None and b is not None and b != a:
            out[i - 1] = 1.0
    return out


def document_priors(
    doc: Document, blocks: Optional[dict[int, list[Block]]] = None, outline: Sequence[ReferenceChapter] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """``(soft, strong)`` structural priors of a loaded document.

    Soft: page breaks, pauses, speaker changes. Strong: layout headings, ranked by the
    PDF's own hierarchy (see :func:`heading_priors`), and outline entries when the
    caller passes ``outline``.
    """
    n = len(doc.sentences)
    prior = np.zeros(max(0, n - 1))
    strong = np.zeros(max(0, n - 1))
    if n < 2:
        return prior, strong
    if doc.kind == "pdf":
        strong = np.maximum(strong, heading_priors(blocks, n, doc))
        if outline:
            strong = np.maximum(strong, outline_priors(outline, n))
        prior = np.maximum(prior, 0.15 * page_break_priors(doc))
    else:
        prior = np.maximum(prior, pause_priors(doc))
        speakers = doc.speakers
        if 1 < len(speakers) <= 6:
            prior = np.maximum(prior, 0.15 * speaker_priors(doc))
        if outline:
            strong = np.maximum(strong, outline_priors(outline, n))
    return prior, strong
