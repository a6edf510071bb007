"""OpenDocument text (.odt): paragraphs, lists and tables in reading order, headings as the
outline; a generated table of contents is not the running text, a footnote follows its paragraph."""
from __future__ import annotations

import zipfile

import pytest

CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
 <office:body><office:text>
  <text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
  <text:p text:style-name="Title">Harbour Review</text:p>
  <text:table-of-content text:name="Contents"><text:index-body>
   <text:p>Tides<text:tab/>1</text:p><text:p>Moorings<text:tab/>2</text:p>
  </text:index-body></text:table-of-content>
  <text:h text:outline-level="1">Tides</text:h>
  <text:p>Tides rise<text:s text:c="2"/>twice a day.<text:note text:note-class="footnote">
   <text:note-citation>1</text:note-citation><text:note-body><text:p>Twice at most.</text:p></text:note-body>
  </text:note> They follow the moon.</text:p>
  <text:list><text:list-item><text:p>Spring tides are the highest.</text:p></text:list-item>
   <text:list-item><text:p>Neap tides are the lowest.</text:p></text:list-item></text:list>
  <text:section text:name="S1">
   <text:h text:outline-level="2">Tide tables</text:h>
   <table:table table:name="T1"><table:table-row>
    <table:table-cell><text:p>Time</text:p></table:table-cell><table:table-cell><text:p>Height</text:p></table:table-cell>
   </table:table-row><table:table-row>
    <table:table-cell><text:p>06:00</text:p></table:table-cell><table:table-cell><text:p>4.2 m</text:p></table:table-cell>
   </table:table-row></table:table>
  </text:section>
  <text:h text:outline-level="1">Moorings</text:h>
  <text:p>A mooring holds a boat.</text:p>
 </office:text></office:body>
</office:document-content>
"""


def _odt(path, content: str = CONTENT, title: str = "") -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # first, stored
        z.writestr("content.xml", content)
        if title:
            z.writestr("meta.xml", '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
                                   ' xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
                                   f"<dc:title>{title}</dc:title></office:meta></office:document-meta>")


def test_an_odt_reads_in_order_with_its_headings_as_outline(tmp_path):
    from explorer.core.loaders import load_document

    path = tmp_path / "review.odt"
    _odt(path)
    doc = load_document(path)
    texts = [s.text for s in doc.sentences]
    assert (doc.format, doc.title, doc.duration) == ("odt", "Harbour Review", None)
    # the footnote is read under the paragraph citing it, with the mark the text shows
    assert texts == ["Harbour Review", "Tides", "Tides rise twice a day.", "They follow the moon.", "1 Twice at most.",
                     "Spring tides are the highest.", "Neap tides are the lowest.", "Tide tables", "Time | Height",
                     "06:00 | 4.2 m", "Moorings", "A mooring holds a boat."]
    assert [(r.level, r.title, texts[r.start_sentence]) for r in doc.reference_chapters] == [
        (1, "Tides", "Tides"), (2, "Tide tables", "Tide tables"), (1, "Moorings", "Moorings")]


def test_an_odt_title_comes_from_its_metadata_first(tmp_path):
    from explorer.core.loaders import load_document

    path = tmp_path / "review.odt"
    _odt(path, title="Annual harbour review")
    assert load_document(path).title == "Annual harbour review"


def test_a_damaged_odt_says_so(tmp_path):
    from explorer.core.errors import LoadError
    from explorer.core.loaders import load_document

    path = tmp_path / "broken.odt"
    _odt(path, content="<office:document-content")
    with pytest.raises(LoadError, match="OpenDocument file is damaged"):
        load_document(path)


def test_an_odt_with_corrupt_compressed_data_says_it_is_damaged(tmp_path):
    """A damaged deflate stream raised zlib.error, which no caller expects (found by fuzzing)."""
    from explorer.core.errors import LoadError
    from explorer.core.loaders import load_document

    path = tmp_path / "review.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", CONTENT * 20, compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    start = data.index(b"content.xml") + len("content.xml")
    for i in range(start + 200, start + 260):  # scramble the middle of the compressed member
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError, match="OpenDocument file is damaged"):
        load_document(path)


def test_odt_endnotes_are_read_after_the_body(tmp_path):
    from explorer.core.loaders import load_document

    note = ('<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body>'
            "<text:p>Tide tables are published weekly.</text:p></text:note-body></text:note>")
    content = CONTENT.replace("They follow the moon.", f"They follow the moon.{note}")
    path = tmp_path / "review.odt"
    _odt(path, content)
    texts = [s.text for s in load_document(path).sentences]
    assert texts[-2:] == ["A mooring holds a boat.", "i Tide tables are published weekly."]
    assert texts.count("i Tide tables are published weekly.") == 1


NUMBERED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
 <office:automatic-styles>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="1" text:display-levels="2"/>
   <text:list-level-style-number text:level="3" style:num-format="a" style:num-prefix="(" style:num-suffix=")"/>
  </text:list-style>
  <text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Payment</text:h>
  <text:list xml:id="clauses" text:style-name="L1">
   <text:list-item><text:p>The Buyer pays.</text:p>
    <text:list><text:list-item><text:p>In euros.</text:p>
      <text:list><text:list-item><text:p>By transfer.</text:p><text:p>Or by cheque.</text:p></text:list-item>
       <text:list-item><text:p>Within thirty days.</text:p></text:list-item></text:list>
     </text:list-item><text:list-item><text:p>On delivery.</text:p></text:list-item></text:list>
   </text:list-item>
   <text:list-item><text:p>The Seller delivers.</text:p></text:list-item>
  </text:list>
  <text:list text:style-name="L2"><text:list-item><text:p>A bullet has no number.</text:p></text:list-item></text:list>
  <text:h text:outline-level="1">Delivery</text:h>
  <text:list text:style-name="L1" text:continue-list="clauses">
   <text:list-item><text:p>Goods travel by road.</text:p></text:list-item>
  </text:list>
  <text:list text:style-name="L1"><text:list-item text:start-value="9"><text:p>A new list can start at nine.</text:p>
  </text:list-item><text:list-item><text:p>And count on.</text:p></text:list-item></text:list>
 </office:text></office:body>
</office:document-content>
"""
OUTLINE_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:styles>
 <text:outline-style style:name="Outline">
  <text:outline-level-style text:level="1" style:num-format="1" style:num-prefix="Article "/>
 </text:outline-style></office:styles></office:document-styles>
"""


def test_odt_list_and_heading_numbers_are_drawn_as_the_word_processor_counts_them(tmp_path):
    from explorer.core.loaders import load_document

    path = tmp_path / "contract.odt"
    _odt(path, NUMBERED)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("styles.xml", OUTLINE_STYLES)
    doc = load_document(path)
    assert [s.text for s in doc.sentences] == [
        "Article 1 Payment", "1. The Buyer pays.", "1.1 In euros.", "(a) By transfer.", "Or by cheque.",
        "(b) Within thirty days.", "1.2 On delivery.", "2. The Seller delivers.", "A bullet has no number.",
        "Article 2 Delivery", "3. Goods travel by road.", "9. A new list can start at nine.", "10. And count on."]
    assert [c.title for c in doc.reference_chapters] == ["Article 1 Payment", "Article 2 Delivery"]


def test_bold_clause_titles_running_into_their_clauses_are_the_outline(tmp_path):
    """An .odt contract whose clauses open with their title in bold (an automatic style, or
    one derived from "Strong Emphasis") has them as its outline; a bold "Note:" is no heading."""
    from explorer.core.loaders import load_document

    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T2" style:family="text" style:parent-style-name="Strong_20_Emphasis"/>
  <style:style style:name="Strong_20_Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/>
  </style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Title">Supply Agreement</text:p>
  <text:p><text:span text:style-name="T1">1. Definitions.</text:span> In this Agreement the words below have these
   meanings.</text:p>
  <text:p><text:span text:style-name="T2">2. Fees</text:span><text:span text:style-name="T1"> and Payment.</text:span>
   The Buyer pays each invoice within thirty days.</text:p>
  <text:p><text:span text:style-name="T1">Note:</text:span> the schedules form part of this Agreement.</text:p>
 </office:text></office:body>
</office:document-content>
"""
    path = tmp_path / "contract.odt"
    _odt(path, content)
    doc = load_document(path)
    assert [(r.level, r.title) for r in doc.reference_chapters] == [(1, "1. Definitions."), (1, "2. Fees and Payment.")]
    assert [s.text for s in doc.sentences] == [
        "Supply Agreement", "1. Definitions.", "In this Agreement the words below have these meanings.",
        "2. Fees and Payment.", "The Buyer pays each invoice within thirty days.",
        "Note: the schedules form part of this Agreement."]


def test_an_odt_saved_with_a_password_says_so(tmp_path):
    """LibreOffice encrypts the parts of a file saved with a password; it was "damaged"."""
    from explorer.core.errors import LoadError
    from explorer.core.loaders import load_document

    path = tmp_path / "secret.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", bytes(range(256)) * 4)
        z.writestr("META-INF/manifest.xml",
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                   '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
                   "</manifest:file-entry></manifest:manifest>")
    with pytest.raises(LoadError, match="protected by a password"):
        load_document(path)
