"""OpenDocument presentations (.odp) read as a PowerPoint deck is: slide titles as the
outline, text boxes top to bottom, tables by rows, speaker notes after each slide's text."""
from __future__ import annotations

import zipfile

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS} office:version="1.3"><office:body><office:presentation>
 <draw:page draw:name="page1">
  <draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm"><draw:text-box>
   <text:p>Harbour Review 2026</text:p></draw:text-box></draw:frame>
  <draw:frame presentation:class="subtitle" svg:x="2cm" svg:y="6cm"><draw:text-box>
   <text:p>Board meeting, March</text:p></draw:text-box></draw:frame>
 </draw:page>
 <draw:page draw:name="page2">
  <draw:frame presentation:class="outline" svg:x="2cm" svg:y="5cm"><draw:text-box>
   <text:list><text:list-item><text:p>Tides rise twice a day.</text:p></text:list-item>
   <text:list-item><text:p>Spring tides are the highest.</text:p></text:list-item></text:list>
  </draw:text-box></draw:frame>
  <draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm"><draw:text-box>
   <text:p>Tides</text:p></draw:text-box></draw:frame>
  <draw:custom-shape svg:x="15cm" svg:y="0.5in"><text:p>Draft</text:p></draw:custom-shape>
  <presentation:notes><draw:page-thumbnail/><draw:frame presentation:class="notes"><draw:text-box>
   <text:p>Mention the surge of January.</text:p></draw:text-box></draw:frame></presentation:notes>
 </draw:page>
 <draw:page draw:name="page3">
  <draw:frame svg:x="1cm" svg:y="2cm"><table:table>
   <table:table-row><table:table-cell><text:p>Berth</text:p></table:table-cell>
    <table:table-cell><text:p>Length</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell>
    <table:table-cell><text:p>12 m</text:p></table:table-cell></table:table-row>
  </table:table></draw:frame>
 </draw:page>
</office:presentation></office:body></office:document-content>
"""


def _odp(path, content: str = CONTENT) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.presentation")
        z.writestr("content.xml", content)


def test_an_odp_reads_as_its_slides_with_their_titles_as_outline(tmp_path):
    from explorer.core.loaders import load_document

    path = tmp_path / "review.odp"
    _odp(path)
    doc = load_document(path)
    assert (doc.format, doc.title) == ("odp", "Harbour Review 2026")
    assert [s.text for s in doc.sentences] == [
        "Harbour Review 2026", "Board meeting, March", "Tides", "Draft", "Tides rise twice a day.",
        "Spring tides are the highest.", "Notes: Mention the surge of January.", "Slide 3", "Berth | Length", "A1 | 12 m"]
    assert [(r.level, r.title) for r in doc.reference_chapters] == [
        (1, "Harbour Review 2026"), (1, "Tides"), (1, "Slide 3")]


def test_a_damaged_odp_says_so(tmp_path):
    import pytest

    from explorer.core.errors import LoadError
    from explorer.core.loaders import load_document

    path = tmp_path / "broken.odp"
    _odp(path, CONTENT[:400])
    with pytest.raises(LoadError, match="presentation is damaged"):
        load_document(path)
