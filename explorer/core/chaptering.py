"""Automatic chapters of a loaded document: segmentation then titles, in one call.

Shared by ``strata-cli chapters``, the pipeline and the benchmarks so that every
front end sees the same chapters. User corrections are applied by the caller
(pipeline) on top of what this returns; ``pinned``/``forbidden`` are honoured here.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Optional, Sequence

import numpy as np

from .embedding import Embedder, default_embedder
from .model import Block, Chapter, Document
from .progress import CancelToken, Progress, scaled
from .sections import fit_sections  # re-exported: callers outside the window import it from here

log = logging.getLogger(__name__)


def compute_chapters(
    doc: Document,
    *,
    granularity: int = 0,
    blocks: Optional[dict[int, list[Block]]] = None,
    embedder: Optional[Embedder] = None,
    embeddings: Optional[np.ndarray] = None,
    pinned: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
):  # -> tuple[Segmentation, list[Chapter]]
    """``(segmentation, titled chapters)``; sections in ``segmentation.sections`` are titled too."""
    from .segmentation import Segmentation, params_for, segment_document
    from .titling import title_chapters

    embedder = embedder or default_embedder()
    if embeddings is None:
        embeddings = embedder.encode([s.text for s in doc.sentences], progress=scaled(progress, 0.0, 0.6), cancel=cancel)
    if not doc.sentences:
        return Segmentation([], [], np.zeros(0, dtype=np.float32), []), []
    seg = segment_document(
        doc, embeddings, blocks=blocks, granularity=granularity, pinned=pinned, forbidden=forbidden,
        params=params_for(embedder), progress=scaled(progress, 0.6, 0.75), cancel=cancel,
    )
    chapters = title_chapters(doc, seg.chapters, embeddings, embedder, blocks=blocks,
                              progress=scaled(progress, 0.75, 0.95), cancel=cancel)
    seg.chapters = chapters
    if seg.sections:
        seg.sections = _retitle_opening_sections(
            doc, title_chapters(doc, seg.sections, embeddings, embedder, blocks=blocks, cancel=cancel,
                                avoid=[c.title for c in chapters]),
            chapters, embeddings, embedder, blocks)
    return seg, chapters


def _retitle_opening_sections(doc: Document, sections: list[Chapter], chapters: list[Chapter],
                              embeddings: np.ndarray, embedder: Embedder,
                              blocks: Optional[dict[int, list[Block]]]) -> list[Chapter]:
    """A chapter's first section starts at the chapter's own heading and so took the
    chapter's title ("3 Dense Passage Retriever" under "3 Dense Passage Retriever").
    It takes the heading right under the chapter's when there is one ("1.1 ..."),
    else a title generated from its words, so the outline says something new. It is
    dropped instead where the chapter's next section starts at a heading, or in a
    document that marks its headings: the words between a heading and its first
    subheading are the chapter's lead, and the chapter's own row already leads there."""
    from .heading_levels import is_prose
    from .segmentation_priors import heading_starts, marked_headings
    from .titling import heading_title, lead_heading, title_chapters

    heading_of = {c.start: c.title for c in chapters if c.title_source == "heading"}
    opening = [i for i, s in enumerate(sections)
               if s.title_source == "heading" and heading_of.get(s.start) == s.title]
    if not opening:
        return sections
    marked = marked_headings(doc)
    heads = heading_starts(blocks, len(doc.sentences)) or marked
    out = list(sections)
    generate = []
    # the sentence of the heading that named the section (below a cover's opening lines, the
    # first chapter's heading is further down: titling.lead_heading)
    own = {i: lead_heading(doc, heads, sections[i]) or sections[i].start for i in opening}
    for i in opening:
        sec = sections[i]
        sub = heads.get(own[i] + 1)
        if sub is not None and own[i] + 1 < sec.end and sub[1].strip():
            out[i] = replace(sec, title=heading_title(sub[1]), title_source="heading")
        else:
            generate.append(i)
    # an opening section with no prose under its heading (a paper's title block: authors,
    # affiliations, e-mail addresses) is not listed: its generated title would be names
    drop = {i for i in generate if sections[i].end - own[i] > 1
            and not any(is_prose(doc.sentences[k].text)
                        for k in range(own[i] + 1, min(sections[i].end, len(doc.sentences))))}
    chapter_starts = {c.start for c in chapters}
    # the words between a heading and its first subheading are the chapter's lead, not a
    # section to be named by a made-up title: in a document that marks its headings
    # (Markdown, a web page, Word) always, in a PDF where the next section is a heading
    drop |= {i for i in generate if marked or (sections[i].end in heads and sections[i].end not in chapter_starts)}
    generate = [i for i in generate if i not in drop]
    if generate:
        # titled from the words under the heading (the heading's words would name it again)
        bodies = [replace(sections[i], start=own[i] + 1) if sections[i].end - own[i] > 1 else sections[i]
                  for i in generate]
        retitled = title_chapters(doc, bodies, embeddings, embedder, blocks=None)
        for i, sec in zip(generate, retitled):
            out[i] = replace(sections[i], title=sec.title, title_source=sec.title_source)
    return [sec for i, sec in enumerate(out) if i not in drop]


def layout_blocks(doc: Document) -> Optional[dict[int, list[Block]]]:
    """Layout blocks of a PDF when the layout module is available (None otherwise or on failure)."""
    if doc.kind != "pdf" or not doc.pages:
        return None
    try:
        from .layout import analyse_layout
    except ImportError:
        return None
    try:
        return analyse_layout(doc.path, doc)
    except Exception as exc:  # noqa: BLE001 - layout is an optional prior
        log.warning("layout analysis failed, chapters use text only: %s", exc)
        return None


def with_sections(chapters: Sequence[Chapter], sections: Sequence[Chapter],
                  automatic: Sequence[Chapter] = ()) -> list[Chapter]:
    """``chapters`` followed by their sections (level 2, fitted to them; ``automatic``, the
    chapters before the user's corrections, as :func:`fit_sections` takes them): what the
    search index takes, so that chunks break at sections, their context names the
    section and a hit says which section of a long chapter it is in."""
    return list(chapters) + fit_sections(sections, chapters, automatic)
