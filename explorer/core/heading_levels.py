"""Which headings of a PDF start chapters, decided from the document's own typography.

The layout model labels titles and section headers, but its per-page levels do
not separate a document's hierarchy (a book's 75 "level 1" headings hold 10
chapters; a manual's chapter titles and its class names share a level). This
module looks at all headings of one document together:

1. Candidates: title / section-header blocks (without running headers, code
   lines or punctuation junk) plus *divider pages* (a page whose only text is one
   short line, as section slides and part pages are; the layout often calls that
   line a footer). A bare label followed by its title ("Chapter 3" / "Quick
   Start", "Part I" / "The C API") is one heading.
2. Style per heading: its font size (the height of the text lines inside the
   block, measured on the sentence anchors so every heading is measured alike)
   and its numbering: "Part II" (rank 0), "Chapter 3" / "Appendix B" /
   "Exhibit 4" (rank 1), "3" / "3.1" / "3.1.2" (rank = depth, after removing a
   prefix every numbered heading shares, as in "2.3.59.1"). Unnumbered headings
   take the rank of the numbered style nearest in size; without numbering, the
   distinct sizes (largest first) are the ranks.
3. Chapter level: the highest rank whose headings give a plausible number of
   chapters for the length (not more than two chapters per page, not fewer than one
   chapter per ``MAX_PAGES_PER_CHAPTER`` pages when a deeper rank exists). When
   parts are chosen, chapter-like headings before the first part join them (a
   book's preface and introduction before "Part I"). Headings whose text
   repeats three or more times ("Class API", "Any other comments?") never start
   chapters. A one-page document has no chapters: its headings are sections.

General rules only: nothing here knows a file, a publisher or a dataset.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

from .layout_outline import sideways
from .model import Block, Document, Rect

log = logging.getLogger(__name__)

HEADING_LABELS = ("title", "section-header")
MAX_PAGES_PER_CHAPTER = 60.0  # a coarser level with longer chapters gives way to a finer one
MAX_CHAPTERS_PER_PAGE = 2.0  # a level with more (on average) holds sections, not chapters
SIZE_TOLERANCE = 0.6  # points: two headings within this are the same size
DIVIDER_MAX_WORDS = 8

_WORD_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty"
_PART = re.compile(rf"^\s*(?:part|book|volume)\s+([ivxlcdm]+|\d+|[a-z]|{_WORD_NUMBERS})\b", re.IGNORECASE)
_CHAPTER = re.compile(
    r"^\s*(?:chapter|chap\.|appendix|annex|exhibit|lecture|lesson|unit|article|schedule)\s+"
    rf"([ivxlcdm]+|[a-z]|\d+(?:[.\-]\d+)*|{_WORD_NUMBERS})\b",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^\s*(?:section|sec\.|§)\s*(\d+(?:\.\d+)*)\b", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*((?:\d+|[A-Z])(?:\.\d+)*)\.?(?:\s|$)")
_CODE = re.compile(r"[{}\\;=<>|]|^\W*$")
_BARE_LABEL_WORDS = 3
# the marks that tie authors to affiliations and footnotes ("Sewon Min†", "Kyle Lo♢"), and
# e-mail addresses: a paper's by-line, which layout models often label as a title
_BYLINE = re.compile(r"[∗†‡♠♣♢♡♦⋆]|\w\*(?:\s|,|$)|\S@\S+\.\w")
_CONTINUED = re.compile(r"\((?:cont\.?|continued)\b|\bcontinued\)?$", re.IGNORECASE)


@dataclass
class Heading:
    """One heading of the document (a label and its title count as one).

    ``rank`` orders styles (0 = part, 1 = chapter-like, larger = deeper);
    ``repeated`` headings (same text three or more times) never start chapters.
    """

    sentence: int
    text: str
    page: int
    size: float = 0.0
    kind: str = "plain"  # part | chapter | number | plain
    depth: Optional[int] = None
    rank: int = 0
    repeated: bool = False
    divider: bool = False


@dataclass
class HeadingPlan:
    """Headings with ranks and the rank chosen for chapters.

    ``chapter_rank`` is None when the document gets no heading chapters (one page);
    ``chapters`` are the chapter start sentences (> 0) at that rank.
    """

    headings: list[Heading] = field(default_factory=list)
    chapter_rank: Optional[int] = None
    chapters: list[int] = field(default_factory=list)

    @property
    def ranks(self) -> list[int]:
        return sorted({h.rank for h in self.headings})

    def starts_at(self, rank: int) -> list[int]:
        """Chapter starts if headings down to ``rank`` started chapters (front matter included)."""
        return _starts_at(self.headings, rank)


# ----------------------------------------------------------------------------- numbering


def numbering(text: str) -> tuple[str, Optional[tuple[str, ...]]]:
    """``(kind, parts)``: ``("part", ("II",))``, ``("chapter", ("3",))``, ``("number", ("3", "1"))`` or ``("plain", None)``."""
    t = text or ""
    m = _PART.match(t)
    if m:
        return "part", (m.group(1),)
    m = _CHAPTER.match(t)
    if m:
        return "chapter", tuple(re.split(r"[.\-]", m.group(1)))
    m = _SECTION.match(t)
    if m:
        return "number", tuple(m.group(1).split("."))
    m = _NUMBER.match(t)
    if m:
        token = m.group(1)
        if token.isalpha() and (len(t.split()) > 12 or not t[m.end():m.end() + 1].isupper()):
            return "plain", None  # "A few words ..." is not appendix A
        if token.isdigit() and len(token) >= 4:
            return "plain", None  # a year or a code, not a section number
        return "number", tuple(token.split("."))
    return "plain", None


def is_byline(text: str) -> bool:
    """An author or affiliation line with footnote marks, or an e-mail address: never a heading."""
    return bool(_BYLINE.search(text or ""))


def is_prose(text: str) -> bool:
    """Running text rather than a list of names or places: six words or more, at least 40 % of
    them not capitalised (scripts without case count as prose), no e-mail address and no
    author marks (:func:`is_byline`); in a script without spaces (Chinese,
    Japanese), 20 characters or more."""
    if "@" in text or is_byline(text):
        return False
    words = [w.lstrip("([{\"'“‘") for w in text.split()]
    if len(words) < 6:
        return len(words) <= 2 and len(text.strip()) >= 20 and not text.isascii()
    return sum(not w[:1].isupper() for w in words) >= 0.4 * len(words)


# Chapters whose body is a list of entries, not prose to be cut by topic: contents, indexes,
# reference lists, glossaries (English, French, German, Spanish, Italian, Portuguese, Chinese,
# Japanese, Korean names), with or without a number or a trailing volume numeral.
_LIST_CHAPTER = re.compile(
    r"(?:table of |list of )?contents|index|indexes|references?|bibliography|works cited|literature cited"
    r"|list of (?:figures|tables|illustrations|abbreviations|acronyms|symbols)|glossary|abbreviations|acronyms"
    r"|table des mati[eè]res|sommaire|r[ée]f[ée]rences(?: bibliographiques)?|bibliographie|glossaire"
    r"|inhalt|inhaltsverzeichnis|literatur|literaturverzeichnis|quellen|stichwortverzeichnis|register"
    r"|[íi]ndice|referencias|bibliograf[íi]a|glosario|sum[áa]rio|refer[êe]ncias|riferimenti(?: bibliografici)?"
    r"|目录|目次|参考文献|索引|목차|참고문헌|찾아보기",
    re.IGNORECASE,
)
_LIST_CHAPTER_AFFIX = re.compile(r"^(?:[\dA-Z]{1,3}(?:\.\d+)*\.?\s+)?(.*?)(?:\s+[IVX]{1,4}|\s+\d{1,2})?[\s.:]*$")


def is_list_chapter(text: str) -> bool:
    """"Contents", "7 References", "Index", "Bibliographie": a heading over a list of
    entries, whose chapter is not to be cut into sections by what its lines are about."""
    m = _LIST_CHAPTER_AFFIX.match(" ".join((text or "").split()))
    return bool(m) and _LIST_CHAPTER.fullmatch(m.group(1)) is not None


def is_bare_label(text: str) -> bool:
    """"Chapter 3", "Part II": a label whose title follows as a heading of its own."""
    kind, _ = numbering(text)
    return kind in ("part", "chapter") and len(text.split()) <= _BARE_LABEL_WORDS


def _norm(text: str) -> str:
    return re.sub(r"[\d\s.]+", " ", (text or "").lower()).strip()


# ----------------------------------------------------------------------------- candidates


def _rect_index(doc: Document) -> dict[int, list[tuple[Rect, int]]]:
    out: dict[int, list[tuple[Rect, int]]] = {}
    for s in doc.sentences:
        a = s.anchor
        if a.page_rects:
            for p, r in a.page_rects:
                out.setdefault(p, []).append((r, s.index))
        elif a.page is not None:
            for r in a.rects:
                out.setdefault(a.page, []).append((r, s.index))
    return out


def _inside(r: Rect, b: Rect, tol: float = 2.0) -> bool:
    cx, cy = (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2
    return b.x0 - tol <= cx <= b.x1 + tol and b.y0 - tol <= cy <= b.y1 + tol


def _size_and_sentence(doc: Document, blk: Block, rects: list[tuple[Rect, int]]) -> tuple[float, Optional[int]]:
    inside = [(r, s) for r, s in rects if _inside(r, blk.bbox)]
    size = max((r.height for r, _ in inside), default=0.0)
    first = min(blk.sentences) if blk.sentences else None
    if first is None and inside:
        first = min(s for _, s in inside)
        if doc.sentences[first].anchor.page != blk.page:
            first = None  # a sentence running in from the previous page: start at the next one
    return size, first


def _first_after(blocks: dict[int, list[Block]], page: int, y: float) -> Optional[int]:
    from .layout_outline import _first_sentence_from

    return _first_sentence_from(blocks, page, y)


def _page_numberish(text: str) -> bool:
    return bool(re.fullmatch(r"[\W\d_ivxlcdm]*|(?:page|seite|p\.)\s*\d+.*", text.strip(), re.IGNORECASE))


def divider_blocks(blocks: dict[int, list[Block]]) -> dict[int, Block]:
    """Page -> its only line of text, for pages that hold one short line and nothing else (section slides, part pages)."""
    out = {}
    for page in sorted(blocks):
        if page == 0:
            continue
        blks = blocks[page]
        texty = [b for b in blks if b.text.strip() and not _page_numberish(b.text)]
        if (
            len(texty) == 1
            and 1 <= len(texty[0].text.split()) <= DIVIDER_MAX_WORDS
            and any(c.isalpha() for c in texty[0].text)
            and not any(b.label in ("picture", "table") for b in blks)  # a figure page with its caption
        ):
            out[page] = texty[0]
    return out


def _candidates(doc: Document, blocks: dict[int, list[Block]]) -> list[tuple[int, int, Block, bool]]:
    """``(page, order, block, divider)`` of every heading-like block, in reading order."""
    pages_of: dict[str, set[int]] = {}
    for page, blks in blocks.items():
        for b in blks:
            if b.label in HEADING_LABELS:
                pages_of.setdefault(_norm(b.text), set()).add(page)
    limit = max(3, len(blocks) // 20)
    dividers = divider_blocks(blocks)
    out = []
    for page in sorted(blocks):
        blks = sorted(blocks[page], key=lambda b: b.order)
        for b in blks:
            text = " ".join(b.text.split())
            if dividers.get(page) is b:
                out.append((page, b.order, b, True))
                continue
            if b.label not in HEADING_LABELS or not text or len(text) > 200 or sideways(b):
                continue
            if _CODE.search(text) or not any(c.isalpha() for c in text) or is_byline(text):
                continue
            if len(pages_of.get(_norm(text), ())) > limit and not is_bare_label(text):  # a running header
                continue
            out.append((page, b.order, b, False))
    return out


def collect_headings(doc: Document, blocks: Optional[dict[int, list[Block]]]) -> list[Heading]:
    """Heading units of a document in reading order, with size and numbering (ranks not yet set)."""
    if not blocks:
        return []
    n = len(doc.sentences)
    index = _rect_index(doc)
    units: list[Heading] = []
    prev_block: Optional[tuple[int, int]] = None
    for page, order, b, divider in _candidates(doc, blocks):
        size, s = _size_and_sentence(doc, b, index.get(page, []))
        if s is None:
            s = _first_after(blocks, page, b.bbox.y0)
        if s is None or not 0 <= s < n:
            continue
        text = " ".join(b.text.split())
        if (
            units
            and prev_block == (page, order - 1)
            and is_bare_label(units[-1].text)
            and numbering(text)[0] == "plain"
            and s - units[-1].sentence <= 1
        ):
            last = units[-1]  # "Chapter 3" + "Quick Start" is one heading
            last.text = f"{last.text} {text}"
            last.size = max(last.size, size)
            last.divider = last.divider or divider
            prev_block = (page, order)
            continue
        kind, parts = numbering(text)
        units.append(Heading(s, text, page, size, kind, len(parts) if parts else None, divider=divider))
        prev_block = (page, order)
    units = _with_keyword_series(doc, blocks, units, index)
    letters = {numbering(h.text)[1] for h in units if h.kind == "number" and h.text[:1].isalpha()}
    if len(letters) < 2:  # "A Book" is a title, not appendix A, unless B follows
        for h in units:
            if h.kind == "number" and h.text[:1].isalpha():
                h.kind, h.depth = "plain", None
    counts: dict[str, int] = {}
    for h in units:
        key = " ".join(h.text.lower().split())
        counts[key] = counts.get(key, 0) + 1
    seen: set[tuple] = set()
    for h in units:
        h.repeated = counts[" ".join(h.text.lower().split())] >= 3 or h.text.endswith(":") or bool(_CONTINUED.search(h.text))
        if h.kind != "plain":
            key = (h.kind, numbering(h.text)[1], _keyword(h.text))
            h.repeated = h.repeated or key in seen  # "Exhibit 4 (Cont. 1)" continues exhibit 4
            seen.add(key)
    _relative_depths(units)
    return units


def _keyword(text: str) -> str:
    m = re.match(r"\s*([^\W\d_]+)", text or "")
    return m.group(1).lower() if m else ""


def _with_keyword_series(
    doc: Document, blocks: dict[int, list[Block]], units: list[Heading], index: dict[int, list[tuple[Rect, int]]]
) -> list[Heading]:
    """Add sentences that open a numbered series ("Exhibit 1", "Exhibit 2", ...) the layout did not call headings.

    First occurrence of each number only (later ones are continuations and
    running footers); pages listing many of them (a table of contents) and the
    bottom margin are skipped; the sentence must read like a heading (no closing
    full stop unless very short: "Article 5 of the Convention provides ..." is
    prose); numbers must rise through the document; a series needs three of them.
    """
    per_page: dict[int, int] = {}
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for sent in doc.sentences:
        kind, parts = numbering(sent.text)
        if kind != "chapter" or parts is None:
            continue
        page = sent.anchor.page
        if page is None:
            continue
        per_page[page] = per_page.get(page, 0) + 1
        r = sent.anchor.rects[0] if sent.anchor.rects else None
        height = doc.pages[page].height if 0 <= page < len(doc.pages) else None
        if r is not None and height and r.y0 > 0.88 * height:
            continue
        words = sent.text.split()
        if len(words) > 6 and sent.text.rstrip().endswith((".", ";", ",", ":", "?", "!")):
            continue
        found.append((sent.index, _keyword(sent.text), parts))
    series: dict[str, set[tuple[str, ...]]] = {}
    for _, kw, parts in found:
        series.setdefault(kw, set()).add(parts)
    have = {h.sentence for h in units if h.kind != "plain"}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    last: dict[tuple[str, tuple[str, ...]], int] = {}
    extra = []
    for s, kw, parts in found:
        page = doc.sentences[s].anchor.page
        if len(series[kw]) < 3 or per_page.get(page, 0) >= 5 or (kw, parts) in seen:
            continue
        seen.add((kw, parts))
        if parts[-1].isdigit():
            if int(parts[-1]) <= last.get((kw, parts[:-1]), -1):
                continue  # numbers going back: cross-references in prose, not a series of headings
            last[(kw, parts[:-1])] = int(parts[-1])
        if any(abs(s - t) <= 1 for t in have):
            continue
        rects = doc.sentences[s].anchor.rects
        size = max((r.height for r in rects[:1]), default=0.0)
        extra.append(Heading(s, " ".join(doc.sentences[s].text.split()), page, size, "chapter", len(parts)))
    if not extra:
        return units
    return sorted(units + extra, key=lambda h: h.sentence)


def _relative_depths(units: list[Heading]) -> None:
    """Remove a numbering prefix every numbered heading shares ("2.3.59.1" -> depth 1)."""
    nums = [h for h in units if h.kind == "number" and h.depth]
    if len(nums) < 3:
        return
    parts = [numbering(h.text)[1] or () for h in nums]
    shift = 0
    while all(len(p) > shift + 1 for p in parts) and len({p[shift] for p in parts}) == 1:
        shift += 1
    if shift:
        for h in nums:
            h.depth = max(1, (h.depth or 1) - shift)


# ----------------------------------------------------------------------------- ranks


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(SIZE_TOLERANCE, 0.05 * max(a, b))


def body_size(doc: Document) -> float:
    """The document's running-text line height (median over all sentence rectangles)."""
    heights = [r.height for s in doc.sentences for r in s.anchor.rects[:4]]
    return float(median(heights)) if heights else 0.0


def assign_ranks(units: list[Heading], body: float = 0.0) -> None:
    """Set ``rank`` on every heading: numbering first, then size (see module docstring).

    An unnumbered heading no larger than the running text (``body``) is set apart
    by nothing but the layout model's label, so it ranks below every sized style.
    """
    styled: dict[int, list[float]] = {}
    for h in units:
        if h.kind == "part":
            h.rank = 0
        elif h.kind == "chapter":
            h.rank = 1
        elif h.kind == "number":
            h.rank = h.depth or 1
        else:
            continue
        if h.size > 0:
            styled.setdefault(h.rank, []).append(h.size)
    medians = {r: median(v) for r, v in styled.items()}
    # a numbered "heading" much smaller than its numbered peers is a list item the model mislabeled
    for h in units:
        if h.kind != "plain" and h.rank in medians and 0 < h.size < 0.85 * medians[h.rank]:
            h.kind, h.depth = "plain", None
    plain = [h for h in units if h.kind == "plain"]
    if medians:
        counts = {r: len(v) for r, v in styled.items()}
        deepest = max(medians)
        top = min(medians)
        for h in plain:
            if h.size <= 0 or (body and h.size <= body + SIZE_TOLERANCE):
                h.rank = deepest + 1
                continue
            near = [r for r, m in medians.items() if _same(h.size, m)]
            if near:
                h.rank = max(near, key=lambda r: (counts[r], -r))
            elif top > 1 and h.size > medians[top]:  # numbering starts at sections: bigger ones are chapters
                h.rank = top - 1
            else:  # styled unlike every numbered heading: not a chapter of the numbered sequence
                h.rank = deepest + 1
        return
    sizes: list[float] = []
    for s in sorted((h.size for h in plain if h.size > body + SIZE_TOLERANCE), reverse=True):
        if not sizes or not _same(sizes[-1], s):
            sizes.append(s)
    for h in plain:
        h.rank = next((k + 1 for k, s in enumerate(sizes) if _same(s, h.size)), len(sizes) + 1)


# ----------------------------------------------------------------------------- chapter level


def _starts_at(units: list[Heading], rank: int) -> list[int]:
    chosen = [h for h in units if h.rank <= rank and not h.repeated and h.sentence >= 1]
    if not chosen:
        return []
    first = min(h.sentence for h in chosen)
    if rank == 0:  # parts group chapters; chapters before the first part (preface, introduction) stand alone
        chosen += [h for h in units if h.rank == 1 and not h.repeated and 1 <= h.sentence < first]
    return sorted({h.sentence for h in chosen})


def _demote_front_matter(units: list[Heading], rank: int) -> bool:
    """Title, author and "Abstract" lines of a paper's first page are not chapters.

    When the chapters are numbered ("1 Introduction"), unnumbered headings of the
    chapter rank that come before the first numbered one on the first page are the
    paper's front matter: they join the opening chapter as sections (an author line
    set in the heading font was a chapter of its own before). Returns whether any
    heading was demoted.
    """
    numbered = [h for h in units if h.rank <= rank and h.kind != "plain" and not h.repeated]
    if not numbered:
        return False
    first = min(h.sentence for h in numbered)
    changed = False
    for h in units:
        if h.kind == "plain" and h.rank <= rank and h.page == 0 and h.sentence < first:
            h.rank = rank + 1
            changed = True
    return changed


def _page_count(doc: Document) -> int:
    if doc.pages:
        return len(doc.pages)
    return 0


def heading_plan(doc: Document, blocks: Optional[dict[int, list[Block]]]) -> Optional[HeadingPlan]:
    """Headings with ranks and the chapter rank, or None when headings cannot decide chapters.

    None means: no usable headings on a multi-page document (the caller segments
    by content). A one-page document gets a plan with no chapter rank (one chapter).
    """
    if doc.kind != "pdf":
        return None
    units = collect_headings(doc, blocks)
    assign_ranks(units, body_size(doc))
    pages = _page_count(doc)
    plan = HeadingPlan(headings=units)
    if pages == 1:
        return plan
    if not units:
        return None
    ranks = sorted({h.rank for h in units})
    fallback: Optional[tuple[int, list[int]]] = None
    for i, r in enumerate(ranks):
        starts = _starts_at(units, r)
        if not starts:
            continue
        if pages and len(starts) > MAX_CHAPTERS_PER_PAGE * pages:
            break  # chapters shorter than half a page: this rank and deeper ones are sections
        if pages and pages / (len(starts) + 1) > MAX_PAGES_PER_CHAPTER:
            fallback = fallback or (r, starts)
            continue
        fallback = (r, starts)
        break
    if fallback is None:
        return None
    rank, starts = fallback
    if _demote_front_matter(units, rank):
        starts = _starts_at(units, rank)
    plan.chapter_rank, plan.chapters = rank, starts
    log.debug("chapter rank %s: %d chapters from headings", plan.chapter_rank, len(plan.chapters) + 1)
    return plan
