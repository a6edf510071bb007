"""Sections follow the user's chapters: none straddles a chapter boundary after an edit."""
from explorer.core.chaptering import fit_sections
from explorer.core.model import Chapter


def _secs(*bounds: int) -> list[Chapter]:
    return [Chapter(a, b, f"s{a}", level=2) for a, b in zip(bounds, bounds[1:])]


def test_split_chapter_cuts_the_section_it_crosses():
    sections = _secs(0, 10, 20, 30)
    chapters = [Chapter(0, 15, "A"), Chapter(15, 30, "B")]
    got = fit_sections(sections, chapters)
    assert [(s.start, s.end) for s in got] == [(0, 10), (10, 15), (15, 20), (20, 30)]
    assert [s.title for s in got] == ["s0", "s10", "s10", "s20"]
    for s in got:
        assert any(c.start <= s.start and s.end <= c.end for c in chapters)


def test_chapter_with_one_section_spanning_it_has_none():
    sections = _secs(0, 10, 20)
    chapters = [Chapter(0, 10, "A"), Chapter(10, 20, "B")]
    assert fit_sections(sections, chapters) == []


def test_merge_keeps_sections_of_both_chapters():
    sections = _secs(0, 5, 10) + _secs(10, 14, 20)
    got = fit_sections(sections, [Chapter(0, 20, "AB")])
    assert [(s.start, s.end) for s in got] == [(0, 5), (5, 10), (10, 14), (14, 20)]


def test_the_index_gets_chapters_then_their_sections_fitted_to_them():
    from explorer.core.chaptering import with_sections

    chapters = [Chapter(0, 10, "A"), Chapter(10, 30, "B")]
    sections = [Chapter(0, 10, "A only", level=2), Chapter(10, 18, "B one", level=2), Chapter(18, 35, "B two", level=2)]
    got = with_sections(chapters, sections)
    assert got[:2] == chapters
    # a section spanning its whole chapter would only repeat it; the last is cut to its chapter
    assert [(s.start, s.end, s.title, s.level) for s in got[2:]] == [(10, 18, "B one", 2), (18, 30, "B two", 2)]
