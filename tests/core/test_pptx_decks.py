"""PowerPoint decks read as documents: slide titles as the outline (sections above them),
text boxes in reading order, tables by rows, speaker notes after each slide's text, led by "Notes:"."""
from __future__ import annotations

import pytest

pptx = pytest.importorskip("pptx", reason="python-pptx is a project dependency")


def _deck(path, *, sections: bool = False):
    from pptx.util import Inches

    deck = pptx.Presentation()
    deck.core_properties.title = ""
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = "Harbour Review 2026"
    title_slide.placeholders[1].text = "Board meeting, March"
    bullets = deck.slides.add_slide(deck.slide_layouts[1])
    bullets.shapes.title.text = "Tides"
    body = bullets.placeholders[1].text_frame
    body.text = "Tides rise twice a day."
    body.add_paragraph().text = "Spring tides are the highest."
    # a box placed above the body on the slide is read before it
    box = bullets.shapes.add_textbox(Inches(6), Inches(1.2), Inches(3), Inches(0.5))
    box.text_frame.text = "Draft"
    bullets.notes_slide.notes_text_frame.text = "Mention the surge of January."
    blank = deck.slides.add_slide(deck.slide_layouts[6])
    table = blank.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(6), Inches(1)).table
    for r, row in enumerate([("Berth", "Length"), ("A1", "12 m")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if sections:
        from lxml import etree

        ids = [s.slide_id for s in deck.slides]
        p14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
        xml = (f'<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:ext '
               f'uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}"><p14:sectionLst xmlns:p14="{p14}">'
               f'<p14:section name="Opening" id="{{1}}"><p14:sldIdLst><p14:sldId id="{ids[0]}"/></p14:sldIdLst>'
               f'</p14:section><p14:section name="Findings" id="{{2}}"><p14:sldIdLst><p14:sldId id="{ids[1]}"/>'
               f'<p14:sldId id="{ids[2]}"/></p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>')
        deck.part._element.append(etree.fromstring(xml))
    deck.save(path)
    return path


def test_a_deck_reads_slide_by_slide_with_titles_as_outline(tmp_path):
    from explorer.core.loaders import load_document

    doc = load_document(_deck(tmp_path / "review.pptx"))
    assert (doc.format, doc.title) == ("pptx", "Harbour Review 2026")
    assert [s.text for s in doc.sentences] == [
        "Harbour Review 2026", "Board meeting, March", "Tides", "Draft", "Tides rise twice a day.",
        "Spring tides are the highest.", "Notes: Mention the surge of January.", "Slide 3", "Berth | Length", "A1 | 12 m"]
    assert [(c.level, c.title) for c in doc.reference_chapters] == [(1, "Harbour Review 2026"), (1, "Tides"),
                                                                    (1, "Slide 3")]


def test_a_decks_sections_are_the_top_of_its_outline(tmp_path):
    from explorer.core.loaders import load_document

    doc = load_document(_deck(tmp_path / "review.pptx", sections=True))
    assert [(c.level, c.title) for c in doc.reference_chapters] == [
        (1, "Opening"), (2, "Harbour Review 2026"), (1, "Findings"), (2, "Tides"), (2, "Slide 3")]


def test_grouped_boxes_read_top_to_bottom(tmp_path):
    from pptx.util import Inches

    from explorer.core.loaders import load_document

    deck = pptx.Presentation()
    group = deck.slides.add_slide(deck.slide_layouts[6]).shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(2), Inches(2), Inches(1)).text_frame.text = "Lower box."
    group.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1)).text_frame.text = "Upper box."
    deck.save(tmp_path / "group.pptx")
    assert [s.text for s in load_document(tmp_path / "group.pptx").sentences] == ["Slide 1", "Upper box.", "Lower box."]
