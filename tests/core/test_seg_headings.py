"""Chapters of a PDF follow its own heading hierarchy (typography and numbering), sections the lower headings."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.embedding import HashingEmbedder
from explorer.core.heading_levels import heading_plan, numbering
from explorer.core.model import Anchor, Block, Document, Page, Rect, Sentence
from explorer.core.segmentation_headings import segment_by_headings
from explorer.core.segmentation_priors import document_priors

TOPICS = {
    "Volcanoes": ["lava", "magma", "eruption", "crater", "ash", "basalt"],
    "Honey Bees": ["hive", "nectar", "queen", "pollen", "wax", "drones"],
    "Sailing Ships": ["mast", "hull", "anchor", "sails", "rudder", "harbour"],
    "Bread Baking": ["dough", "yeast", "oven", "flour", "crust", "knead"],
}


# --------------------------------------------------------------------------- a real generated PDF


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """4 chapters (26 pt, unnumbered, each on a new page), two numbered 14 pt sections each, 9 pt body."""
    import pymupdf

    from explorer.core.chaptering import layout_blocks
    from explorer.core.loaders import load_document

    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    pdf = pymupdf.open()
    for ci, (chapter, words) in enumerate(TOPICS.items(), 1):
        page = pdf.new_page(width=595, height=842)
        page.insert_text((72, 100), chapter, fontsize=26)
        for half in range(2):
            y = 150 + 330 * half
            page.insert_text((72, y), f"{ci}.{half + 1} The {words[half * 3]} and the {words[half * 3 + 1]}", fontsize=14)
            body = " ".join(
                f"The {words[(k + half) % 6]} is close to the {words[(k + 2) % 6]} near the {words[(k + 4) % 6]} today."
                for k in range(12)
            )
            page.insert_textbox(pymupdf.Rect(72, y + 16, 523, y + 300), body, fontsize=9)
    pdf.save(str(path))
    doc = load_document(path)
    blocks = layout_blocks(doc)
    x = HashingEmbedder().encode([s.text for s in doc.sentences])
    return doc, blocks, x


def _starts_of(doc: Document, prefixes) -> list[int]:
    return [next(s.index for s in doc.sentences if s.text.startswith(p)) for p in prefixes]


def test_generated_pdf_chapters_at_large_headings_sections_at_numbered(generated):
    doc, blocks, x = generated
    chapter_heads = _starts_of(doc, list(TOPICS)[1:])
    second_sections = _starts_of(doc, [f"{i}.2 " for i in range(1, 5)])
    seg = segment_by_headings(doc, x, blocks)
    assert seg is not None
    assert seg.boundaries == chapter_heads
    assert [c.start for c in seg.chapters] == [0] + chapter_heads
    section_starts = {s.start for s in seg.sections}
    assert set(second_sections) <= section_starts
    assert not section_starts & set(chapter_heads) - {c.start for c in seg.chapters}
    for s in seg.sections:  # sections nest inside chapters
        assert any(c.start <= s.start and s.end <= c.end for c in seg.chapters)


def test_generated_pdf_priors_favour_chapter_headings_over_sections(generated):
    """The content split's priors (segment_document's path) say the same: strong at chapters, weak at sections."""
    doc, blocks, _ = generated
    _, strong = document_priors(doc, blocks)
    for s in _starts_of(doc, list(TOPICS)[1:]):
        assert strong[s - 1] == 1.0
    for s in _starts_of(doc, [f"{i}.2 " for i in range(1, 5)]):
        assert 0 < strong[s - 1] < 0.5


def test_generated_pdf_granularity_walks_the_hierarchy(generated):
    doc, blocks, x = generated
    counts = [len(segment_by_headings(doc, x, blocks, granularity=g).chapters) for g in (-2, -1, 0, 1, 2)]
    assert counts == sorted(counts)
    assert counts[2] == 4 and counts[3] > 4  # finer: the numbered sections become chapters


def test_user_pins_and_forbidden_starts_win(generated):
    doc, blocks, x = generated
    heads = _starts_of(doc, list(TOPICS)[1:])
    seg = segment_by_headings(doc, x, blocks, pinned=[5], forbidden=[heads[0]])
    assert 5 in seg.boundaries and heads[0] not in seg.boundaries
    assert seg.chapters[1].pinned and seg.chapters[1].start == 5


# --------------------------------------------------------------------------- hand-built documents (fast)


def _doc(lines: list[tuple[int, str, float, str]], pages: int) -> tuple[Document, dict[int, list[Block]]]:
    """``(page, text, font size, label)`` per sentence; headings are blocks of their own."""
    sents, blocks, y = [], {}, {}
    for i, (page, text, size, label) in enumerate(lines):
        top = y.get(page, 60.0)
        r = Rect(72, top, 500, top + size)
        y[page] = top + size + 6
        sents.append(Sentence(i, text, Anchor(page=page, rects=(r,))))
        blocks.setdefault(page, []).append(Block(page, r, label, len(blocks.get(page, [])), text, sentences=(i,)))
    doc = Document(
        id=hashlib.sha256(repr(lines).encode()).hexdigest(), path="/tmp/x.pdf", kind="pdf", format="pdf",
        title="x", sentences=sents, pages=[Page(p, 595, 842) for p in range(pages)],
    )
    return doc, blocks


def _body(page: int, k: int = 3) -> list[tuple[int, str, float, str]]:
    return [(page, f"Body sentence {j} on page {page} says something.", 10.0, "text") for j in range(k)]


def test_parts_are_top_level_with_front_matter_chapters_before_them():
    names = iter(["Colours", "Devices", "Fonts", "Images", "Links", "Pages", "Paths", "Shades", "Streams", "Text"])
    lines = [(0, "A Book", 20.0, "title")] + _body(0)
    lines += [(1, "Preface", 22.0, "section-header")] + _body(1)
    lines += [(2, "Chapter 1", 18.0, "section-header"), (2, "Introduction", 22.0, "section-header")] + _body(2)
    for p, part, title in ((3, "I", "The Interface"), (8, "II", "The Internals")):
        lines += [(p, f"Part {part}", 18.0, "section-header"), (p, title, 22.0, "section-header")]
        for q in range(p + 1, p + 5):
            n = q - 1
            lines += [(q, f"Chapter {n}", 18.0, "section-header"), (q, next(names), 22.0, "section-header")]
            lines += [(q, f"{n}.1 Detail of {n}", 13.0, "section-header")] + _body(q)
    doc, blocks = _doc(lines, 13)
    plan = heading_plan(doc, blocks)
    texts = [doc.sentences[s].text for s in plan.chapters]
    assert texts == ["Preface", "Chapter 1", "Part I", "Part II"]


def test_a_papers_title_author_and_abstract_lines_open_one_chapter():
    # title, an author line and "Abstract" set in the numbered headings' font on page 1
    lines = [(0, "Dense Retrieval for Questions", 14.0, "title"), (0, "Ann Lee, Bo Chen and Cy Diaz", 11.0, "section-header"),
             (0, "Abstract", 11.0, "section-header")] + _body(0, 4)
    for p, name in enumerate(["1 Introduction", "2 Method", "3 Results", "4 Conclusion"]):
        lines += [(p, name, 11.0, "section-header")] + _body(p, 6)
    doc, blocks = _doc(lines, 4)
    plan = heading_plan(doc, blocks)
    assert [doc.sentences[s].text for s in plan.chapters] == ["1 Introduction", "2 Method", "3 Results", "4 Conclusion"]
    x = HashingEmbedder().encode([s.text for s in doc.sentences])
    seg = segment_by_headings(doc, x, blocks)
    assert seg.chapters[0].start == 0 and doc.sentences[seg.chapters[1].start].text == "1 Introduction"
    # the front matter stays reachable as sections of the opening chapter
    assert 2 in {s.start for s in seg.sections if s.start < seg.chapters[1].start}


def test_one_page_document_has_one_chapter_and_its_headings_as_sections():
    lines = _body(0, 4) + [(0, "5.1 Hyper Parameters", 12.5, "section-header")] + _body(0, 6)
    lines += [(0, "5.2 Results", 12.5, "section-header")] + _body(0, 6)
    doc, blocks = _doc(lines, 1)
    x = HashingEmbedder().encode([s.text for s in doc.sentences])
    seg = segment_by_headings(doc, x, blocks)
    assert len(seg.chapters) == 1
    assert {4, 11} <= {s.start for s in seg.sections}


def test_numbered_series_found_in_text_skips_contents_and_continuations():
    lines = [(0, "Contents", 14.0, "section-header")]
    lines += [(0, f"Exhibit 9-{k} Form {k}", 10.0, "text") for k in range(1, 6)]  # a table of contents
    for k in range(1, 6):
        p = 2 * k - 1
        lines += [(p, f"Exhibit 9-{k} (2020) Form {k} display", 10.0, "text")] + _body(p, 4)
        lines += [(p + 1, f"Exhibit 9-{k} (Cont. 1) (2020) Form {k} display", 10.0, "section-header")] + _body(p + 1, 4)
    doc, blocks = _doc(lines, 11)
    plan = heading_plan(doc, blocks)
    got = [doc.sentences[s].text for s in plan.chapters]
    assert got == [f"Exhibit 9-{k} (2020) Form {k} display" for k in range(1, 6)]


def test_prose_citing_articles_is_not_a_series_of_headings():
    lines = []
    for p, k in enumerate([5, 2, 9, 4, 7]):
        lines += _body(p, 2) + [(p, f"Article {k} of the Convention requires that every state acts in good faith.", 10.0, "text")]
        lines += _body(p, 2)
    doc, blocks = _doc(lines, 5)
    plan = heading_plan(doc, blocks)
    assert plan is None or plan.chapters == []


def test_running_headers_code_lines_and_repeated_labels_never_start_chapters():
    names = ["Colours", "Devices", "Fonts", "Images", "Links", "Pages"]
    lines = []
    for k, name in enumerate(names, 1):
        p = k - 1
        lines += [(p, "Manual of Things", 16.0, "section-header")]  # running header on every page
        lines += [(p, f"{k} {name}", 14.0, "section-header"), (p, "Class API", 14.0, "section-header")]
        lines += [(p, f"{40 + k} }}", 14.0, "section-header")] + _body(p)
    doc, blocks = _doc(lines, 6)
    plan = heading_plan(doc, blocks)
    assert [doc.sentences[s].text for s in plan.chapters] == [f"{k} {name}" for k, name in enumerate(names, 1)]


def test_numbering_kinds():
    assert numbering("Part II Internals")[0] == "part"
    assert numbering("Chapter 3")[0] == "chapter"
    assert numbering("Exhibit 2.3.59-4 (Cont. 1)") == ("chapter", ("2", "3", "59", "4"))
    assert numbering("3.1 Payment Schedule") == ("number", ("3", "1"))
    assert numbering("A Multi-LexSum release") == ("number", ("A",))
    assert numbering("A few words about this") == ("plain", None)
    assert numbering("2020 was a year") == ("plain", None)
    assert numbering("CHAPTER ONE The Beginning")[0] == "chapter"
    assert numbering("Section 4.2 Limits") == ("number", ("4", "2"))


def test_transcripts_and_unstructured_pdfs_are_left_to_the_content_split():
    doc, blocks = _doc(_body(0) + _body(1) + _body(2), 3)
    assert segment_by_headings(doc, np.eye(len(doc.sentences)), blocks) is None


_TEXTS = ["Chapter 3", "Part II", "1.2 Detail", "2 Topic", "Exhibit 4 (Cont. 1)", "Exhibit 5 (2020)", "A Scope",
          "41 }", "Contents", "Plain words here.", "Body text that runs on.", "", "Questions?"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(_TEXTS), st.sampled_from([9.0, 10.0, 14.0, 22.0]),
                  st.sampled_from(["text", "section-header", "title", "page-footer"])),
        min_size=1, max_size=40,
    ),
    st.integers(-2, 3),
    st.lists(st.integers(0, 40), max_size=3),
    st.lists(st.integers(0, 40), max_size=3),
)
def test_any_heading_soup_gives_covering_nested_chapters_or_none(lines, granularity, pins, bans):
    lines = sorted(lines, key=lambda l: l[0])
    pages = max(p for p, *_ in lines) + 1
    doc, blocks = _doc(lines, pages)
    n = len(doc.sentences)
    x = np.random.default_rng(0).normal(size=(n, 8))
    seg = segment_by_headings(doc, x, blocks, granularity=granularity, pinned=pins, forbidden=bans)
    if seg is None:
        return
    assert seg.chapters[0].start == 0 and seg.chapters[-1].end == n
    assert all(a.end == b.start for a, b in zip(seg.chapters, seg.chapters[1:]))
    assert seg.boundaries == [c.start for c in seg.chapters[1:]]
    assert {p for p in pins if 0 < p < n} <= set(seg.boundaries)
    for s in seg.sections:
        assert any(c.start <= s.start and s.end <= c.end for c in seg.chapters)


def test_a_sideways_margin_stamp_is_not_a_heading():
    lines = [(0, "1 Introduction", 11.0, "section-header")] + _body(0, 5)
    lines += [(1, "2 Method", 11.0, "section-header")] + _body(1, 5) + [(1, "3 Results", 11.0, "section-header")] + _body(1, 5)
    doc, blocks = _doc(lines, 2)
    stamp = Block(0, Rect(10, 200, 30, 600), "section-header", 99, "arXiv:2004.04906v3 [cs.CL] 30 Sep 2020", sentences=(3,))
    blocks[0].append(stamp)
    plan = heading_plan(doc, blocks)
    assert "arXiv" not in " ".join(h.text for h in plan.headings)


def test_a_chapters_first_section_does_not_repeat_the_chapter_title(generated):
    from explorer.core.chaptering import compute_chapters

    doc, blocks, x = generated
    seg, chapters = compute_chapters(doc, blocks=blocks, embedder=HashingEmbedder(), embeddings=x)
    assert seg.sections
    for ch in chapters:
        first = next(s for s in seg.sections if s.start == ch.start) if any(s.start == ch.start for s in seg.sections) else None
        if first is not None:
            assert first.title and first.title != ch.title, (ch.title, first.title)
    # the heading right under the chapter's names its first section ("1.1 The lava and the magma")
    assert any(s.title.startswith("1.1 ") and s.start == chapters[0].start for s in seg.sections)


def test_a_short_chapter_gets_sections_only_where_its_headings_are():
    """A one-page scan of twelve sentences was cut into five sections by content alone."""
    from explorer.core.embedding import default_embedder

    story = [
        "We went tiptoeing along a path amongst the trees towards the garden.",
        "The branches nearly scraped our heads as we stooped down.",
        "Lava poured out of the crater and the volcano shook the valley.",
        "Ash from the eruption covered the village for a week.",
        "The bees carried nectar back to the hive all afternoon.",
        "Their queen laid eggs while the workers built new wax cells.",
        "The ship raised its sails and left the harbour at dawn.",
        "A storm tore the mast and the crew fought to keep the hull afloat.",
        "Bakers knead the dough and leave it to rise overnight.",
        "In the morning the loaves go into a hot oven until the crust is brown.",
        "Our accountant filed the tax return before the deadline.",
        "The auditors checked every invoice and receipt in the ledger.",
    ]
    lines = [(0, "A Short Story", 20.0, "section-header")] + [(0, t, 10.0, "text") for t in story]
    doc, blocks = _doc(lines, 1)
    x = default_embedder().encode([s.text for s in doc.sentences])
    seg = segment_by_headings(doc, x, blocks)
    assert seg is not None and len(seg.chapters) == 1
    assert seg.sections == []


def test_chapters_and_sections_of_three_heading_levels_are_plain_ints_for_json():
    """A scan failed to index: a sub-section heading ("Abstract", a level below the
    sections) inside a short opening chapter reached the sections as a numpy integer
    ("int64 is not JSON serializable")."""
    import json

    def body(page, words):
        return [(page, f"The {words[j]} and the {words[(j + 1) % 6]} meet the {words[(j + 2) % 6]}.", 10.0, "text")
                for j in range(3)]

    topics = list(TOPICS.values())
    lines = [(0, "A Paper About Many Things", 12.0, "section-header")] + body(0, topics[3])
    lines += [(0, "Abstract", 12.0, "section-header")] + body(0, topics[2])
    for c, name in enumerate(["Harbour", "Orchard"]):
        lines += [(c + 1, f"{c + 1} The {name}", 22.0, "section-header")] + body(c + 1, topics[c])
        lines += [(c + 1, f"{c + 1}.1 Part of the {name}", 14.0, "section-header")] + body(c + 1, topics[c + 2])
    doc, blocks = _doc(lines, 3)
    x = np.zeros((len(doc.sentences), 8), dtype=np.float32)  # six unmistakable topics, four sentences each
    for i in range(len(doc.sentences)):
        x[i, i // 4] = 1.0
    seg = segment_by_headings(doc, x, blocks)
    assert seg is not None and seg.sections
    assert any(s.start == 4 for s in seg.sections)  # "Abstract" opens a section of the front matter
    ranges = [(c.start, c.end) for c in seg.chapters + seg.sections]
    assert all(type(v) is int for r in ranges for v in r), ranges
    json.dumps(ranges)


def _agreement_pdf(path, cover: bool) -> None:
    """Three pages under a running head "Sample Agreement — page N": PART headings, numbered
    clauses, body text. With ``cover``, a first page of a brand line, a "Front cover" label,
    the title and a paragraph, before the parts."""
    import pymupdf

    clauses = {"PART I - DEFINITIONS": ["1. Interpretation", "2. Construction of Terms"],
               "PART II - OBLIGATIONS": ["3. Payment Terms", "4. Delivery of Goods"],
               "PART III - MISCELLANEOUS": ["5. Notices", "6. Governing Law"]}
    words = ["buyer", "seller", "goods", "price", "notice", "court", "invoice", "delivery"]
    pdf = pymupdf.open()
    if cover:
        page = pdf.new_page(width=612, height=792)
        page.insert_text((420, 740), "Redpaper", fontsize=30)  # a series brand at the foot, first in the file
        page.insert_text((250, 110), "Front cover", fontsize=16)
        page.insert_text((72, 200), "Sale of Goods Agreement", fontsize=28)
        page.insert_textbox(pymupdf.Rect(72, 260, 540, 400), "This agreement sets out the terms on which the seller "
                            "supplies goods to the buyer, and how either of them may end it.", fontsize=10)
    for k, (part, heads) in enumerate(clauses.items()):
        page = pdf.new_page(width=612, height=792)
        page.insert_text((72, 40), f"Sample Agreement — page {k + 1}", fontsize=8, fontname="heit")
        page.insert_text((72, 90), part, fontsize=16, fontname="hebo")
        page.insert_textbox(pymupdf.Rect(72, 100, 540, 150), f"This part covers the {words[k]} and the "
                            f"{words[k + 1]} of the parties to this agreement.", fontsize=10)
        for j, head in enumerate(heads):
            y = 190 + 260 * j
            page.insert_text((90, y), head, fontsize=12, fontname="hebo")
            body = " ".join(f"The {words[(i + j + k) % 8]} must be agreed with the {words[(i + 3) % 8]} in writing."
                            for i in range(8))
            page.insert_textbox(pymupdf.Rect(90, y + 10, 540, y + 240), body, fontsize=10)
    pdf.save(str(path))


@pytest.mark.parametrize("cover", [False, True], ids=["running head", "cover page"])
def test_the_lines_opening_a_pdf_join_its_first_chapter_named_by_the_heading_over_its_text(tmp_path, cover):
    """A running head above the first heading ("Sample Agreement — page 1") was a chapter of its
    own with a made-up title, and a cover's brand line and "Front cover" label were two more;
    the text between a part's heading and its first clause was a section titled by its words."""
    from explorer.core.chaptering import compute_chapters, layout_blocks
    from explorer.core.loaders import load_document

    path = tmp_path / "agreement.pdf"
    _agreement_pdf(path, cover)
    doc = load_document(path)
    blocks = layout_blocks(doc)
    x = HashingEmbedder().encode([s.text for s in doc.sentences])
    seg, chapters = compute_chapters(doc, blocks=blocks, embedder=HashingEmbedder(), embeddings=x)
    titles = [c.title for c in chapters]
    parts = ["PART I - DEFINITIONS", "PART II - OBLIGATIONS", "PART III - MISCELLANEOUS"]
    if cover:
        assert titles == ["Sale of Goods Agreement", *parts]
        assert chapters[1].start == _starts_of(doc, ["PART I"])[0]
    else:
        assert titles == parts and chapters[0].start == 0
    assert all(c.title_source == "heading" for c in chapters)
    assert not any("Sample Agreement" in t or t in ("Redpaper", "Front cover") for t in titles)
    # each part's sections are its clauses: its lead has no row of its own
    for ch in chapters[-3:]:
        inside = [s.title for s in seg.sections if ch.start <= s.start < ch.end]
        assert inside and all(t[0].isdigit() for t in inside), (ch.title, inside)


def test_contents_index_and_references_are_not_cut_into_sections_by_topic():
    """A contents page's entries and a reference list's entries change topic every line: the
    content split cut the Redpaper's "Contents" into "Xiii Comments welcome", "QIBM DB
    DDMDRDA and database Administrator function"... The chapter keeps the sections its
    headings make; a chapter of prose as long still gets sections from its words."""
    entries = [f"{k}.{j} {w} of the {u} . . . . . {3 * k + j}" for k, (w, u) in enumerate(
        [("Lava", "crater"), ("Hives", "queen"), ("Masts", "harbour"), ("Dough", "oven"), ("Taxes", "ledger")], 1)
        for j in range(1, 7)]
    refs = [f"{a}. {y}. A study of {w} and {u}. Journal of {u.title()} {y % 40}." for a, y, w, u in zip(
        ["Smith J", "Lee K", "Brown A", "Ito M", "Diaz R", "Khan S"] * 5, range(1990, 2020),
        ["lava", "hives", "masts", "dough", "taxes"] * 6, ["craters", "bees", "ships", "bread", "audits"] * 6)]
    topics = [TOPICS[t] for t in TOPICS]
    prose = [f"The {ws[j % 6]} and the {ws[(j + 2) % 6]} were seen near the {ws[(j + 4) % 6]}." for ws in topics
             for j in range(8)]
    lines = [(0, "Contents", 22.0, "section-header")] + [(0, e, 10.0, "text") for e in entries]
    lines += [(1, "1 Prose", 22.0, "section-header")] + [(1, t, 10.0, "text") for t in prose]
    lines += [(2, "References", 22.0, "section-header")] + [(2, r, 10.0, "text") for r in refs]
    doc, blocks = _doc(lines, 3)
    x = HashingEmbedder().encode([s.text for s in doc.sentences])
    seg = segment_by_headings(doc, x, blocks)
    assert seg is not None
    assert [doc.sentences[c.start].text for c in seg.chapters] == ["Contents", "1 Prose", "References"]
    contents, body, references = seg.chapters
    assert not [s for s in seg.sections if contents.start <= s.start < contents.end]
    assert not [s for s in seg.sections if references.start <= s.start < references.end]
    assert len([s for s in seg.sections if body.start <= s.start < body.end]) >= 2


def test_list_chapter_names():
    from explorer.core.heading_levels import is_list_chapter

    assert [is_list_chapter(t) for t in ("Table of Contents", "7 References", "References I", "Index", "Bibliographie",
                                         "Introduction", "Referenced works", "Indexing data")] == [True] * 5 + [False] * 3
