"""Concrete edit cases a user would meet: clear refusals, titles, reset to automatic."""
from __future__ import annotations

import pytest

from explorer.core import edits as E
from explorer.core.errors import StrataError
from explorer.core.model import Chapter


def doc():
    return (
        Chapter(0, 10, "Introduction", "heading"),
        Chapter(10, 25, "Budget overview", "generated"),
        Chapter(25, 40, "My notes", "user"),
    )


@pytest.mark.parametrize(
    "edit, words",
    [
        (E.MoveBoundary(1, 0), "outside"),
        (E.MoveBoundary(1, 25), "outside"),
        (E.MoveBoundary(1, 10), "already starts"),
        (E.MoveBoundary(0, 3), "first chapter"),
        (E.MoveBoundary(7, 30), "no chapter 7"),
        (E.Split(0), "sentence 0"),
        (E.Split(25), "already starts chapter 2"),
        (E.Split(40), "no sentence 40"),
        (E.Merge(2), "last chapter"),
        (E.Merge(-1), "no chapter -1"),
        (E.Rename(1, "   "), "cannot be empty"),
        (E.ResetToAutomatic(None), "automatic chapters"),
    ],
)
def test_invalid_edits_are_refused_with_a_clear_message(edit, words):
    with pytest.raises(E.EditError, match=words) as info:
        E.apply(doc(), edit)
    assert isinstance(info.value, StrataError)


def test_moving_a_boundary_retitles_only_what_lost_its_title():
    new, _ = E.apply(doc(), E.MoveBoundary(2, 20))
    assert [(c.start, c.end) for c in new] == [(0, 10), (10, 20), (20, 40)]
    assert (new[1].title, new[1].title_source) == ("", "generated")  # range changed: re-title
    assert (new[2].title, new[2].title_source, new[2].pinned) == ("My notes", "user", True)
    new, _ = E.apply(doc(), E.MoveBoundary(1, 5))
    assert new[0].title == "Introduction"  # same start: the heading still names it


def test_titler_fills_the_titles_of_changed_chapters_only():
    calls = []

    def titler(chapters, indices):
        calls.append(list(indices))
        return tuple(
            Chapter(c.start, c.end, f"T{c.start}", "generated", c.level, c.pinned) if i in indices else c
            for i, c in enumerate(chapters)
        )

    new, inv = E.apply(doc(), E.Split(15), titler=titler)
    assert calls == [[1, 2]]
    assert [c.title for c in new] == ["Introduction", "T10", "T15", "My notes"]
    assert E.apply(new, inv)[0] == doc()


def test_regenerate_and_reset_restore_the_automatic_state():
    automatic = (
        Chapter(0, 10, "Introduction", "heading"),
        Chapter(10, 18, "Budget", "generated"),
        Chapter(18, 40, "Outlook", "generated"),
    )
    new, _ = E.apply(doc(), E.RegenerateTitle(2))
    assert (new[2].title, new[2].title_source) == ("", "generated")
    renamed, _ = E.apply(automatic, E.Rename(1, "Money"))
    back, _ = E.apply(renamed, E.RegenerateTitle(1), automatic=automatic)
    assert back == automatic
    reset, inv = E.apply(doc(), E.ResetToAutomatic(None), automatic=automatic)
    assert reset == automatic and E.apply(reset, inv)[0] == doc()
    # chapter 1 [10, 25) overlaps the automatic [10, 18) and [18, 40): both come back whole
    one, _ = E.apply(doc(), E.ResetToAutomatic(1), automatic=automatic)
    assert one == automatic
    # a chapter the user split off: resetting either half removes the split
    split, _ = E.apply(automatic, E.Split(30, "Mine"))
    for k in (2, 3):
        assert E.apply(split, E.ResetToAutomatic(k), automatic=automatic)[0] == automatic
    # a neighbour that reached into the reset span is trimmed, keeping its start and title
    state = automatic
    for edit in (E.MoveBoundary(1, 5), E.Split(14), E.Merge(0), E.Rename(0, "Mine")):
        state, _ = E.apply(state, edit)
    assert [(c.start, c.end) for c in state] == [(0, 14), (14, 18), (18, 40)]
    reset, _ = E.apply(state, E.ResetToAutomatic(1), automatic=automatic)
    assert [(c.start, c.end, c.title) for c in reset] == [(0, 10, "Mine"), (10, 18, "Budget"), (18, 40, "Outlook")]


def test_merge_with_previous_is_merge_of_the_one_before():
    new, _ = E.apply(doc(), E.Merge(1))
    assert [(c.start, c.end, c.title) for c in new] == [(0, 10, "Introduction"), (10, 40, "")]
