"""A code listing in a document keeps its lines, in every document format: one row per
line, braces and angle brackets included, not the whole listing run together on one line
and cut at a word cap. Text in a Word or OpenDocument paragraph is text, not markup: a
"<Buyer name>" placeholder is kept."""
from __future__ import annotations

import zipfile

import pytest

LISTING = ['def greet(name):', 'return f"Hello {name}" if name else "<nobody>"', 'print(greet("world"))']
BEFORE, AFTER = "Install the tool, then run it.", "The greeting is printed."


def _markdown(path):
    body = "\n".join(("    " if i == 1 else "") + line for i, line in enumerate(LISTING))
    path.write_text(f"# Setup\n\n{BEFORE}\n\n```python\n{body}\n\n```\n\n{AFTER}\n", encoding="utf-8")


def _web_page(path):
    code = "\n".join(LISTING).replace("<", "&lt;").replace(">", "&gt;")
    path.write_text(f"<html><head><title>Setup</title></head><body><main><h1>Setup</h1><p>{BEFORE}</p>"
                    f'<div class="highlight"><pre><code><span class="k">{code}</span>\n</code></pre></div>'
                    f"<p>{AFTER}</p></main></body></html>", encoding="utf-8")


def _word(path, *, by_style: bool):
    docx = pytest.importorskip("docx", reason="python-docx is a project dependency")
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.add_heading("Setup", level=1)
    document.add_paragraph(BEFORE)
    if by_style:  # pandoc's style for a code block: one paragraph, lines broken by <w:br/>
        listing = document.add_paragraph(style=document.styles.add_style("Source Code", WD_STYLE_TYPE.PARAGRAPH))
    else:  # formatted by hand: Courier New, Shift+Enter between lines
        listing = document.add_paragraph()
    for i, line in enumerate(LISTING):
        run = listing.add_run(line)
        if not by_style:
            run.font.name = "Courier New"
        if i < len(LISTING) - 1:
            run.add_break()
    document.add_paragraph(AFTER)
    document.save(path)


def _odt(path):
    code = "<text:line-break/>".join(line.replace("<", "&lt;").replace(">", "&gt;") for line in LISTING)
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
 <office:automatic-styles><style:style style:name="P1" style:family="paragraph"
   style:parent-style-name="Preformatted_20_Text"/></office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Setup</text:h><text:p>{BEFORE}</text:p>
  <text:p text:style-name="P1">{code}</text:p><text:p>{AFTER}</text:p>
 </office:text></office:body>
</office:document-content>"""
    _write_odt_content(path, content)


@pytest.mark.parametrize("name, write", [
    ("setup.md", _markdown),
    ("setup.html", _web_page),
    ("setup.docx", lambda p: _word(p, by_style=True)),
    ("hand-formatted.docx", lambda p: _word(p, by_style=False)),
    ("setup.odt", _odt),
])
def test_a_code_listing_keeps_its_lines(tmp_path, name, write):
    from explorer.core.loaders import load_document

    path = tmp_path / name
    write(path)
    texts = [s.text for s in load_document(path).sentences]
    assert texts == ["Setup", BEFORE, *LISTING, AFTER]


def test_a_soft_line_break_in_a_prose_paragraph_does_not_cut_its_sentence(tmp_path):
    docx = pytest.importorskip("docx", reason="python-docx is a project dependency")
    from explorer.core.loaders import load_document

    document = docx.Document()
    document.add_heading("Notice", level=1)
    para = document.add_paragraph()
    para.add_run("The parties agree that")
    para.runs[0].add_break()
    para.add_run("<Buyer name> pays on delivery.")
    document.save(tmp_path / "notice.docx")
    texts = [s.text for s in load_document(tmp_path / "notice.docx").sentences]
    assert texts == ["Notice", "The parties agree that <Buyer name> pays on delivery."]


def test_a_listing_line_keeps_its_indentation_for_the_view(tmp_path):
    from explorer.core.loaders import load_document

    for name, write in (("setup.md", _markdown), ("setup.odt", _odt)):
        path = tmp_path / name
        write(path)
        if name.endswith(".odt"):  # the .odt writes its indentation as <text:s text:c="4"/>
            with zipfile.ZipFile(path) as z:
                content = z.read("content.xml").decode()
            content = content.replace("<text:line-break/>return", '<text:line-break/><text:s text:c="4"/>return')
            _write_odt_content(path, content)
        doc = load_document(path)
        assert [(c.code_indent, c.text) for c in doc.cues if c.code_indent is not None] == [
            (0, LISTING[0]), (4, LISTING[1]), (0, LISTING[2])], name
        assert all(c.code_indent is None for c in doc.cues if c.text in ("Setup", BEFORE, AFTER))


def _write_odt_content(path, content):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
