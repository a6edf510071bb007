"""Reading order: columns, header rows, captions, right-to-left, furniture."""

from __future__ import annotations

from explorer.core.layout_order import heading_level, reading_order


def _order(boxes, **kw):
    return [boxes[i][2] for i in reading_order([(l, b) for l, b, _ in boxes], 595, **kw)]


def test_title_and_authors_then_left_column_then_right_column():
    boxes = [
        ("text", (307, 200, 527, 400), "right-1"),
        ("title", (130, 70, 470, 90), "title"),
        ("text", (72, 200, 290, 400), "left-1"),
        ("text", (307, 410, 527, 700), "right-2"),
        ("text", (80, 110, 520, 125), "authors"),
        ("section-header", (72, 410, 200, 422), "left-head"),
        ("text", (72, 430, 290, 700), "left-2"),
        ("page-footer", (280, 800, 320, 810), "folio"),
        ("page-header", (72, 30, 520, 40), "running head"),
    ]
    assert _order(boxes) == [
        "running head",
        "title",
        "authors",
        "left-1",
        "left-head",
        "left-2",
        "right-1",
        "right-2",
        "folio",
    ]


def test_headings_in_a_left_margin_do_not_make_a_column():
    boxes = [
        ("section-header", (65, 100, 120, 112), "h1"),
        ("text", (137, 100, 548, 200), "p1"),
        ("section-header", (65, 220, 120, 232), "h2"),
        ("text", (137, 220, 548, 320), "p2"),
    ]
    assert _order(boxes) == ["h1", "p1", "h2", "p2"]


def test_full_width_figure_between_two_column_bands():
    boxes = [
        ("text", (72, 100, 290, 300), "L1"),
        ("text", (307, 100, 527, 300), "R1"),
        ("picture", (72, 320, 527, 500), "fig"),
        ("text", (72, 520, 290, 700), "L2"),
        ("text", (307, 520, 527, 700), "R2"),
    ]
    assert _order(boxes) == ["L1", "R1", "fig", "L2", "R2"]


def test_caption_above_a_table_is_read_right_after_it():
    boxes = [
        ("text", (72, 60, 520, 90), "intro"),
        ("caption", (72, 100, 300, 110), "Table 1"),
        ("table", (72, 112, 520, 300), "table"),
        ("text", (72, 320, 520, 360), "after"),
    ]
    assert _order(boxes, captions={1: 2}) == ["intro", "table", "Table 1", "after"]


def test_right_to_left_pages_read_columns_from_the_right():
    boxes = [
        ("text", (72, 100, 290, 300), "left"),
        ("text", (307, 100, 527, 300), "right"),
        ("section-header", (300, 60, 527, 80), "head"),
    ]
    assert _order(boxes, rtl=True) == ["head", "right", "left"]


def test_heading_levels_from_numbering_then_font_size():
    assert heading_level("section-header", "2.3.1 Details", 10, 10) == 3
    assert heading_level("section-header", "Overview", 18, 10) == 1
    assert heading_level("section-header", "Overview", 13, 10) == 2
    assert heading_level("section-header", "Overview", 10.5, 10) == 3
    assert heading_level("title", "Anything", 10, 10) == 1
    assert heading_level("text", "1 Not a heading", 10, 10) is None
