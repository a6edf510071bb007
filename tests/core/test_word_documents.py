"""Word documents (a report, a memo): their paragraphs and tables in page order, and the
paragraphs styled as headings as the outline and the chapters."""
from __future__ import annotations

import pytest

docx = pytest.importorskip("docx", reason="python-docx is a project dependency")


def _report(path):
    document = docx.Document()
    document.add_paragraph("Harbour Review 2026", style="Title")
    document.add_paragraph("This review covers the harbour's tides, moorings and budget.")
    for topic in ("Tides", "Moorings", "Budget"):
        document.add_heading(topic, level=1)
        document.add_paragraph(" ".join(f"{topic} finding number {i} is recorded here." for i in range(10)))
        document.add_heading(f"{topic} details", level=2)
        document.add_paragraph(f"More on {topic.lower()}.", style="List Bullet")
        if topic == "Moorings":
            table = document.add_table(rows=2, cols=2)
            for r, row in enumerate([("Berth", "Length"), ("A1", "12 m")]):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            document.add_paragraph("The table lists the berths.")
    document.save(path)
    return path


def test_a_word_report_reads_in_page_order_with_its_headings_as_outline(tmp_path):
    from explorer.core.loaders import load_document

    doc = load_document(_report(tmp_path / "review.docx"))
    texts = [s.text for s in doc.sentences]
    assert (doc.format, doc.title, doc.duration) == ("docx", "Harbour Review 2026", None)
    assert texts[:3] == ["Harbour Review 2026", "This review covers the harbour's tides, moorings and budget.", "Tides"]
    # the table sits where the page shows it, a row per line, not after the whole text
    i = texts.index("Berth | Length")
    assert texts[i + 1] == "A1 | 12 m" and texts[i + 2] == "The table lists the berths."
    assert texts.index("More on moorings.") < i < texts.index("Budget")
    outline = [(r.level, r.title, texts[r.start_sentence]) for r in doc.reference_chapters]
    assert outline == [(lvl, t, t) for topic in ("Tides", "Moorings", "Budget")
                       for lvl, t in ((1, topic), (2, f"{topic} details"))]


def test_the_chapters_of_a_word_report_follow_its_headings(tmp_path):
    from explorer.core.chaptering import compute_chapters
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.loaders import load_document

    doc = load_document(_report(tmp_path / "review.docx"))
    seg, chapters = compute_chapters(doc, embedder=HashingEmbedder())
    texts = [s.text for s in doc.sentences]
    assert [texts[c.start] for c in chapters][-3:] == ["Tides", "Moorings", "Budget"]
    assert [(c.title, c.title_source) for c in chapters][-3:] == [(t, "heading") for t in ("Tides", "Moorings", "Budget")]
    assert {texts[s.start] for s in seg.sections} >= {"Tides details", "Moorings details", "Budget details"}


def test_a_custom_heading_style_counts_by_its_outline_level(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from explorer.core.loaders import load_document

    document = docx.Document()
    style = document.styles.add_style("Clause", WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(level)
    for n in (1, 2):
        document.add_paragraph(f"Clause {n}", style="Clause")
        document.add_paragraph(f"The parties agree to term {n}.")
    path = tmp_path / "contract.docx"
    document.save(path)
    doc = load_document(path)
    assert [(r.level, r.title) for r in doc.reference_chapters] == [(1, "Clause 1"), (1, "Clause 2")]


def test_hash_lines_in_a_word_file_are_not_markdown_headings(tmp_path):
    """A Word file's text once went through the Markdown sniffer: two code lines starting
    with '#' made it Markdown, and code comments became its outline."""
    from explorer.core.loaders import load_document

    document = docx.Document()
    document.add_heading("Build notes", level=1)
    document.add_paragraph("# install the tools\n# then build")
    document.add_paragraph("Run the two commands above.")
    document.add_heading("Testing", level=1)
    document.add_paragraph("## not a heading either")
    path = tmp_path / "notes.docx"
    document.save(path)
    doc = load_document(path)
    assert doc.format == "docx"
    assert [(r.level, r.title) for r in doc.reference_chapters] == [(1, "Build notes"), (1, "Testing")]
    assert "## not a heading either" in [s.text for s in doc.sentences]
