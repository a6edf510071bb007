"""Run-in headings on a PDF page: a clause's title set in bold at the start of its paragraph.

Contracts, policies and regulations run a clause's heading into its text ("**4. Fees and
Payment.** The Buyer pays each invoice..."). The layout model boxes the whole paragraph as
text, so the clause had no heading: no outline entry, no chapter, a made-up title. A
paragraph whose first line opens with bold words that read as a heading, numbered ("4.
Fees and Payment.", "Section 12. Notices:") or a title of two to ten words ("Governing
Law."), and goes on in another weight, gets a section-header box around those words. The
heading is a sentence of its own (it ends in a full stop or a colon), so it is that box's
sentence and the paragraph keeps the rest.

A clause title set in the body's own weight ("12. Governing Law. This Agreement...") has no
bold to go by: once every page is laid out, a paragraph whose first sentence is a numbered
title is taken for one where the document has three or more (:func:`plain_run_in_heads`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .heading_text import reads_as_numbered_title, reads_as_run_in_heading
from .layout_model import Line, RawBox
from .layout_order import heading_level
from .model import Block, Document


def run_in_heads(raw: Sequence[RawBox], members: Sequence[Sequence[Line]]) -> list[tuple[RawBox, str]]:
    """``(section-header box, its text)`` for each text box whose first line opens with a
    run-in heading (:func:`heading_text.reads_as_run_in_heading`) at the box's left edge."""
    out: list[tuple[RawBox, str]] = []
    for box, lines in zip(raw, members):
        if box.label != "text" or not lines:
            continue
        first = min(lines, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
        if first.lead is None or first.bbox[0] - box.bbox[0] > 0.5 * (first.bbox[3] - first.bbox[1]) + 2:
            continue
        bbox, text = first.lead
        if reads_as_run_in_heading(text):
            out.append((RawBox("section-header", bbox, [], box.source + "+run-in"), " ".join(text.split())))
    return out


# "12. Governing Law." set in the body's own weight: only a numbered title, and only where
# the document has several, tells it from a sentence
_PLAIN_HEAD = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})\.?\s+\S.*\.$")
MIN_PLAIN = 3


def plain_run_in_heads(doc: Document, blocks: dict[int, list[Block]]) -> dict[int, list[Block]]:
    """``blocks`` with a section-header block for each paragraph whose first sentence is a
    numbered clause title in the body's weight ("12. Governing Law." before "This Agreement
    is governed..."), where the document has ``MIN_PLAIN`` or more with distinct numbers.
    The heading takes its sentence from the paragraph. Needs every page's blocks: whether a
    numbered line is a heading is the whole document's question."""
    found: list[tuple[int, int, int]] = []  # (page, block index, sentence)
    numbers: set[str] = set()
    for page, page_blocks in blocks.items():
        for k, block in enumerate(page_blocks):
            if block.label not in ("text", "list-item") or len(block.sentences) < 2:
                continue
            s = min(block.sentences)
            if s >= len(doc.sentences):
                continue
            text = " ".join(doc.sentences[s].text.split())
            m = _PLAIN_HEAD.match(text)
            if m and reads_as_numbered_title(text) and doc.sentences[s].anchor.rects:
                found.append((page, k, s))
                numbers.add(m.group(1))
    if len(numbers) < MIN_PLAIN:
        return blocks
    out = {page: list(page_blocks) for page, page_blocks in blocks.items()}
    for page, k, s in found:
        block = blocks[page][k]
        rect = doc.sentences[s].anchor.rects[0]
        text = " ".join(doc.sentences[s].text.split())
        out[page][k] = replace(block, sentences=tuple(i for i in block.sentences if i != s))
        level = heading_level("section-header", text, 1.0, 1.0)  # by its numbering ("12.1" is 2)
        out[page].append(Block(page, rect, "section-header", block.order, text, level=level, sentences=(s,),
                               source=block.source + "+run-in"))
    return out
