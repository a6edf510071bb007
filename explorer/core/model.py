"""The data model shared by every part of Strata: plain dataclasses, no Qt.

Conventions
-----------
* Coordinates of PDF anchors and layout blocks are PDF points in PyMuPDF's page
  space (origin top-left, y down, unrotated page rectangle).
* Times are seconds (float) from the start of the recording.
* Sentence, chapter and chunk ranges are half-open: ``start`` is the first
  sentence index, ``end`` is one past the last (``range(start, end)``).
* Boundaries are sentence indices (the index of the sentence that *starts* a
  chapter), never pixels.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Optional

DocumentKind = Literal["pdf", "transcript"]
TitleSource = Literal["heading", "generated", "user", "reference"]

# The 11 DocLayNet classes used by layout analysis and overlays.
LAYOUT_CLASSES: tuple[str, ...] = (
    "title",
    "section-header",
    "text",
    "list-item",
    "caption",
    "footnote",
    "formula",
    "table",
    "picture",
    "page-header",
    "page-footer",
)


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in PDF points (x0 <= x1, y0 <= y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def union(self, other: "Rect") -> "Rect":
        return Rect(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    def intersection_area(self, other: "Rect") -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def iou(self, other: "Rect") -> float:
        inter = self.intersection_area(other)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a sentence (or a hit) lives in the source.

    PDF: ``page`` and the word ``rects`` (one per line fragment or word) on that page;
    a sentence running over a page break keeps the page it starts on in ``page`` and
    lists every (page, rect) pair in ``page_rects``.
    Transcript: ``start``/``end`` seconds, the ``cues`` it came from, and ``speaker``.
    """

    page: Optional[int] = None
    rects: tuple[Rect, ...] = ()
    page_rects: tuple[tuple[int, Rect], ...] = ()
    start: Optional[float] = None
    end: Optional[float] = None
    cues: tuple[int, ...] = ()
    speaker: Optional[str] = None

    def placed_rects(self) -> list[tuple[int, Rect]]:
        """Every ``(page, rect)`` of this anchor: ``page_rects`` when it runs over a page
        break, else its ``rects`` on its ``page`` (none without a page)."""
        if self.page_rects:
            return list(self.page_rects)
        return [(self.page, r) for r in self.rects] if self.page is not None else []


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or one short utterance) with its anchor. ``index`` is its position."""

    index: int
    text: str
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class Page:
    """A PDF page: index, size in points, printed label, and whether it has a text layer."""

    index: int
    width: float
    height: float
    label: str = ""
    has_text: bool = True
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue of a transcript as it was in the file (after clean-up)."""

    index: int
    start: float
    end: float
    text: str
    speaker: Optional[str] = None
    # a line of a code listing in a document: its indentation in spaces (None: not code). The
    # text is stripped like any other; the view sets the line in a fixed-width face, indented.
    code_indent: Optional[int] = None


@dataclass(frozen=True, slots=True)
class ReferenceChapter:
    """A chapter given by the source: a PDF outline entry or an imported chapter file.

    ``start_sentence`` is the first sentence at or after the entry's position
    (``None`` when it could not be mapped). ``page`` is a 0-based page index (PDF);
    ``start_time`` is in seconds (transcripts). ``y`` is the vertical position on the
    page in points when the outline gives one.
    """

    title: str
    level: int = 1
    start_sentence: Optional[int] = None
    page: Optional[int] = None
    y: Optional[float] = None
    start_time: Optional[float] = None


@dataclass(slots=True)
class Document:
    """A loaded document. ``id`` is the SHA-256 (hex) of the file's bytes."""

    id: str
    path: str
    kind: DocumentKind
    format: str
    title: str
    sentences: list[Sentence]
    pages: list[Page] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    reference_chapters: list[ReferenceChapter] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    duration: Optional[float] = None
    size_bytes: int = 0

    @property
    def has_times(self) -> bool:
        """A transcript whose sentences have start times (a plain one may have none)."""
        return self.kind == "transcript" and any(s.anchor.start is not None for s in self.sentences)

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for s in self.sentences:
            if s.anchor.speaker:
                seen.setdefault(s.anchor.speaker, None)
        if not seen:
            for c in self.cues:
                if c.speaker:
                    seen.setdefault(c.speaker, None)
        return list(seen)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_name(self, page: int) -> str:
        """Page ``page`` (0-based) as the document prints it ("iv"), else its number from 1:
        how the chapter panel, search hits, exports, plots and Go to Page name pages."""
        return page_name(self.pages[page].label if 0 <= page < len(self.pages) else "", page)


@dataclass(frozen=True, slots=True)
class Block:
    """A layout block on a PDF page.

    ``label`` is one of :data:`LAYOUT_CLASSES`; ``order`` is the reading-order index on
    its page; ``level`` is the heading level (1 = top) for titles and section headers;
    ``sentences`` are the indices of the sentences whose first word lies in the block.
    ``cells`` holds table cell rectangles when known.
    """

    page: int
    bbox: Rect
    label: str
    order: int
    text: str = ""
    level: Optional[int] = None
    sentences: tuple[int, ...] = ()
    cells: tuple[Rect, ...] = ()
    source: str = ""


def is_provisional(blocks: Sequence[Block]) -> bool:
    """Whether these blocks came from the font-size heuristic (a stop-gap, never cached)."""
    return any(b.source.startswith("heuristic") for b in blocks)


@dataclass(frozen=True, slots=True)
class Chapter:
    """A contiguous, non-empty range of sentences ``[start, end)`` with a title.

    ``level`` is 1 for chapters and 2 for sections inside a chapter.
    ``pinned`` marks a start boundary the user set by hand (kept by re-segmentation).
    """

    start: int
    end: int
    title: str
    title_source: TitleSource = "generated"
    level: int = 1
    pinned: bool = False

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"chapter range [{self.start}, {self.end}) is empty or negative")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Chunk:
    """A short run of sentences ``[start, end)`` inside one chapter, as indexed for search."""

    doc_id: str
    chapter: int
    start: int
    end: int
    text: str
    context: str = ""


def page_name(label: str, page: int) -> str:
    """A page as Strata names it everywhere: its printed label ("iv"), else its number from 1."""
    return label or str(page + 1)


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result pointing back to sentences and so to anchors."""

    doc_id: str
    doc_title: str
    chapter_title: str
    start: int
    end: int
    text: str
    snippet: str
    score: float
    anchor: Anchor
    kind: DocumentKind = "pdf"
    path: str = ""
    section_title: str = ""  # the section of the chapter the hit is in, when the chapter has sections
    page_label: str = ""  # the hit's page as the PDF prints it ("iv"), when its labels are not page numbers
    # the sentence the hit lands on (the one that best matches the query) and its place,
    # when the document is open to say (:func:`explorer.core.hit_focus.focus_hit`)
    focus: Optional[int] = None
    focus_anchor: Optional[Anchor] = None
    focus_page_label: str = ""

    @property
    def page_name(self) -> str:
        """The hit's page as the chapter panel shows pages: its printed label, else its number."""
        return "" if self.anchor.page is None else page_name(self.page_label, self.anchor.page)

    @property
    def landing(self) -> Anchor:
        """Where a click on the hit goes: its focus sentence where known, else the passage's start."""
        return self.focus_anchor if self.focus_anchor is not None else self.anchor

    @property
    def landing_page_name(self) -> str:
        if self.focus_anchor is None:
            return self.page_name
        a = self.focus_anchor
        return "" if a.page is None else page_name(self.focus_page_label, a.page)
