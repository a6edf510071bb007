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


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered_contract(path, *, run_on: bool = False):
    """Headings numbered by a multilevel list tied to the Heading 1/2 styles, as Word's
    numbered-heading templates do, and clauses numbered (a), (b) in the text."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="Article %1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>'
        + ('<w:lvlRestart w:val="0"/>' if run_on else "")  # section numbers that run on through the articles
        + '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'))
    numbering.insert(1, parse_xml(
        f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{_W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{_W_NS}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].element.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr xmlns:w="{_W_NS}"><w:numId w:val="90"/></w:numPr>'))

    def clause(text):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr xmlns:w="{_W_NS}"><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))

    document.add_heading("Definitions", level=1)
    document.add_heading("Terms", level=2)
    clause("the Buyer is the party paying;")
    clause("the Seller is the party delivering.")
    document.add_heading("Notice", level=2)
    document.add_paragraph("Notices are given in writing.")
    document.add_heading("Payment", level=1)
    document.add_heading("Price", level=2)
    document.add_paragraph("See clause 1.1 (b) for who pays.")
    document.save(path)
    return path


def test_word_numbers_before_headings_and_clauses_are_read(tmp_path):
    """Word draws heading and list numbers from its numbering definitions, not the text: a
    contract's 'Article 2' and '1.1' were missing, so 'see clause 1.1 (b)' led nowhere."""
    from explorer.core.loaders import load_document

    doc = load_document(_numbered_contract(tmp_path / "contract.docx"))
    texts = [s.text for s in doc.sentences]
    assert [r.title for r in doc.reference_chapters] == ["Article 1 Definitions", "1.1 Terms", "1.2 Notice",
                                                         "Article 2 Payment", "2.1 Price"]
    assert "(a) the Buyer is the party paying;" in texts and "(b) the Seller is the party delivering." in texts
    assert doc.title == "Definitions"  # no Title paragraph: the first heading's words, without its number


def test_word_numbers_that_never_restart_run_on_through_the_articles(tmp_path):
    from explorer.core.loaders import load_document

    doc = load_document(_numbered_contract(tmp_path / "contract.docx", run_on=True))
    assert [r.title for r in doc.reference_chapters] == ["Article 1 Definitions", "1.1 Terms", "1.2 Notice",
                                                         "Article 2 Payment", "2.3 Price"]


def test_word_number_formats():
    from explorer.core.loaders.transcripts.docx_numbering import format_number

    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1999)] == ["IV", "IX", "XIV", "MCMXCIX"]
    assert format_number(3, "lowerRoman") == "iii" and format_number(7, "decimalZero") == "07"
    assert format_number(5, "ordinalText") == "5"  # a format not drawn here: its number


def _word_with_notes(path):
    """A .docx written by hand, as python-docx cannot add notes: note ids 20 and 21 as pandoc
    writes them, cited in the other order, and an endnote."""
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def para(text, *refs):
        runs = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        runs += "".join(f'<w:r><w:{kind}Reference w:id="{i}"/></w:r>' for kind, i in refs)
        return f"<w:p>{runs}</w:p>"

    def notes(kind, bodies):
        items = f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        items += "".join(f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {t}'
                         f"</w:t></w:r></w:p></w:{kind}>" for i, t in bodies)
        return f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s {w}>{items}</w:{kind}s>'

    body = (para("Tides rise twice a day.", ("footnote", 21)) + para("They follow the moon.", ("endnote", 2))
            + para("A mooring holds a boat.", ("footnote", 20)) + para("The harbour closes at dusk."))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footnotes+xml"/><Override PartName="/word/endnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>",
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/footnotes" '
        f'Target="footnotes.xml"/><Relationship Id="rId2" Type="{rel}/endnotes" Target="endnotes.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body}</w:body></w:document>',
        "word/footnotes.xml": notes("footnote", [(20, "See the harbour rules."), (21, "Twice at most.")]),
        "word/endnotes.xml": notes("endnote", [(2, "Tide tables are published weekly.")]),
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def test_word_footnotes_follow_the_paragraph_citing_them_and_endnotes_the_body(tmp_path):
    from explorer.core.loaders import load_document

    doc = load_document(_word_with_notes(tmp_path / "harbour.docx"))
    # numbered in the order they are cited, as Word shows them, not by their ids
    assert [s.text for s in doc.sentences] == [
        "Tides rise twice a day.", "1 Twice at most.", "They follow the moon.", "A mooring holds a boat.",
        "2 See the harbour rules.", "The harbour closes at dusk.", "1 Tide tables are published weekly."]


def test_word_text_nested_in_revisions_controls_and_fields_is_read(tmp_path):
    """python-docx reads only a paragraph's direct runs: tracked insertions, content controls,
    simple fields and smart tags were lost. Deleted text and a generated contents are not read."""
    from docx.oxml import parse_xml

    from explorer.core.loaders import load_document

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    body = document.element.body
    toc = (f'<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
           '</w:sdtPr><w:sdtContent><w:p><w:r><w:t>Contents</w:t></w:r></w:p><w:p><w:r><w:t>Payment 1</w:t></w:r>'
           "</w:p></w:sdtContent></w:sdt>")
    body.insert(0, parse_xml(toc))
    document.add_heading("Payment", level=1)
    clause = document.add_paragraph("The Buyer pays ")
    clause._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>within '
                               "thirty days</w:t></w:r></w:ins>"))
    clause._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
                               "<w:delText>at once</w:delText></w:r></w:del>"))
    clause._p.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve"> of delivery to </w:t></w:r>'))
    clause._p.append(parse_xml(f'<w:smartTag {w} w:uri="urn:x" w:element="place"><w:r><w:t>Seattle</w:t></w:r>'
                               "</w:smartTag>"))
    clause._p.append(parse_xml(f'<w:r {w}><w:t>.</w:t></w:r>'))
    body.insert(len(body) - 1, parse_xml(f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Signed by the Buyer.'
                                         "</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    caption = document.add_paragraph("Figure ")
    caption._p.append(parse_xml(f'<w:fldSimple {w} w:instr=" SEQ Figure \\* ARABIC "><w:r><w:t>3</w:t></w:r>'
                                "</w:fldSimple>"))
    caption._p.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve">: the delivery route.</w:t></w:r>'))
    document.save(tmp_path / "contract.docx")
    doc = load_document(tmp_path / "contract.docx")
    assert [s.text for s in doc.sentences] == [
        "Payment", "The Buyer pays within thirty days of delivery to Seattle.", "Signed by the Buyer.",
        "Figure 3: the delivery route."]
    assert [c.title for c in doc.reference_chapters] == ["Payment"]


def test_bold_clause_titles_running_into_their_clauses_are_the_outline(tmp_path):
    """A Word contract without heading styles, whose clauses open with their title in bold
    ("2. Fees and Payment. The Buyer pays..."), had no outline; under an article styled as a
    heading, such clauses are one level below it. A bold label ("Note:") is no heading."""
    from explorer.core.loaders import load_document

    def contract(path, article: bool):
        document = docx.Document()
        document.add_paragraph("Supply Agreement", style="Title")
        for k, (title, body) in enumerate([("Definitions.", "In this Agreement the words below have these meanings."),
                                           ("Fees and Payment.", "The Buyer pays each invoice within thirty days."),
                                           ("Governing Law.", "This Agreement is governed by the laws of England.")], 1):
            if article and k in (1, 3):
                document.add_heading(f"Article {k // 2 + 1} {'General' if k == 1 else 'Final'} Terms", level=1)
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{k}. {title}").bold = True
            paragraph.add_run(" " + body)
        paragraph = document.add_paragraph()
        paragraph.add_run("Note:").bold = True
        paragraph.add_run(" the schedules form part of this Agreement.")
        document.save(path)
        return path

    doc = load_document(contract(tmp_path / "plain.docx", article=False))
    texts = [s.text for s in doc.sentences]
    assert [(r.level, r.title) for r in doc.reference_chapters] == [
        (1, "1. Definitions."), (1, "2. Fees and Payment."), (1, "3. Governing Law.")]
    assert texts[1:3] == ["1. Definitions.", "In this Agreement the words below have these meanings."]
    assert texts[-1] == "Note: the schedules form part of this Agreement."
    doc = load_document(contract(tmp_path / "articles.docx", article=True))
    assert [(r.level, r.title) for r in doc.reference_chapters] == [
        (1, "Article 1 General Terms"), (2, "1. Definitions."), (2, "2. Fees and Payment."), (1, "Article 2 Final Terms"),
        (2, "3. Governing Law.")]


def test_one_heading_1_under_a_title_paragraph_is_a_chapter_not_the_title(tmp_path):
    """A report titled by its Title paragraph, with a single "Heading 1" over its sections,
    lost that heading from its outline (a lone top heading was taken for the title)."""
    from explorer.core.loaders import load_document

    def report(name: str, title: bool):
        document = docx.Document()
        if title:
            document.add_paragraph("Harbour Review 2026", style="Title")
        document.add_heading("Findings", level=1)
        for topic in ("Tides", "Moorings"):
            document.add_heading(topic, level=2)
            document.add_paragraph(f"{topic} were measured every week of the year.")
        document.save(tmp_path / name)
        return load_document(tmp_path / name)

    doc = report("review.docx", title=True)
    assert doc.title == "Harbour Review 2026"
    assert [(r.level, r.title) for r in doc.reference_chapters] == [(1, "Findings"), (2, "Tides"), (2, "Moorings")]
    # without a title above it, the lone top heading is the document's title, as before
    doc = report("untitled.docx", title=False)
    assert doc.title == "Findings" and [r.title for r in doc.reference_chapters] == ["Tides", "Moorings"]
