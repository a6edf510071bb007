"""Property tests for chapter edits: invariants hold and undo restores the exact previous state."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core import edits as E
from explorer.core.model import Chapter

SOURCES = ("heading", "generated", "user", "reference")


@st.composite
def chapters_st(draw, min_n: int = 1, max_n: int = 80):
    n = draw(st.integers(min_n, max_n))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, n - 1)), max_size=min(12, n - 1))) if n > 1 else [])
    bounds = [0] + cuts + [n]
    out = []
    for s, t in zip(bounds, bounds[1:]):
        out.append(
            Chapter(
                s,
                t,
                draw(st.sampled_from(["", "Intro", "Methods", "Results", "Annex"])),
                draw(st.sampled_from(SOURCES)),
                draw(st.integers(1, 2)),
                draw(st.booleans()),
            )
        )
    return tuple(out)


@st.composite
def automatic_for(draw, chapters):
    """An automatic segmentation of the same document (different boundaries)."""
    n = chapters[-1].end
    cuts = sorted(draw(st.sets(st.integers(1, max(1, n - 1)), max_size=min(10, n - 1))) if n > 1 else [])
    bounds = [0] + cuts + [n]
    return tuple(
        Chapter(s, t, f"auto {k}", draw(st.sampled_from(("heading", "generated"))), 1, False)
        for k, (s, t) in enumerate(zip(bounds, bounds[1:]))
    )


@st.composite
def edit_st(draw, chapters):
    """Mostly valid edits for ``chapters``, with some out-of-range ones mixed in."""
    k = len(chapters)
    n = chapters[-1].end
    idx = st.integers(-1, k)
    kind = draw(st.sampled_from(["move", "split", "merge", "rename", "regen", "reset", "reset_all", "use"]))
    if kind == "move":
        i = draw(st.integers(0, k))
        if 1 <= i < k and draw(st.booleans()):
            lo, hi = chapters[i - 1].start + 1, chapters[i].end - 1
            return E.MoveBoundary(i, draw(st.integers(lo, max(lo, hi))))
        return E.MoveBoundary(i, draw(st.integers(-2, n + 2)))
    if kind == "split":
        return E.Split(draw(st.integers(-1, n + 1)), draw(st.sampled_from([None, "", "  New part  ", "Mine"])))
    if kind == "merge":
        return E.Merge(draw(idx))
    if kind == "rename":
        return E.Rename(draw(idx), draw(st.sampled_from(["My title", "  padded ", "", "Intro"])))
    if kind == "regen":
        return E.RegenerateTitle(draw(idx))
    if kind == "reset":
        return E.ResetToAutomatic(draw(idx))
    if kind == "use":
        starts = tuple(draw(st.lists(st.integers(-1, n + 1), max_size=8)))
        titles = tuple(draw(st.lists(st.sampled_from(["", "Intro", "  Part  two "]), max_size=len(starts))))
        return E.UseChapters(starts, titles, "a file")
    return E.ResetToAutomatic(None)


def assert_invariants(chapters, n):
    assert chapters and chapters[0].start == 0 and chapters[-1].end == n
    for a, b in zip(chapters, chapters[1:]):
        assert a.end == b.start
    assert all(c.end > c.start for c in chapters)


def fake_titler(chapters, indices):
    out = list(chapters)
    for i in indices:
        out[i] = replace(out[i], title=f"about {out[i].start}-{out[i].end}", title_source="generated")
    return tuple(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), use_titler=st.booleans())
def test_every_edit_keeps_invariants_and_inverts_exactly(data, use_titler):
    chapters = data.draw(chapters_st())
    automatic = data.draw(automatic_for(chapters))
    edit = data.draw(edit_st(chapters))
    n = chapters[-1].end
    titler = fake_titler if use_titler else None
    try:
        new, inverse = E.apply(chapters, edit, automatic=automatic, titler=titler)
    except E.EditError as exc:
        assert str(exc)  # one clear sentence, and the input (immutable) is unchanged
        return
    assert_invariants(new, n)
    back, redo = E.apply(new, inverse)
    assert back == chapters
    again, _ = E.apply(back, redo)
    assert again == new
    # the inverse survives a round trip through JSON-ready dicts (saved history)
    assert E.edit_from_dict(E.edit_to_dict(inverse)) == inverse
    assert E.edit_from_dict(E.edit_to_dict(edit)) == edit
    if titler is not None:
        assert all(c.title for c in new[inverse.index : inverse.index + inverse.count]) or isinstance(
            edit, (E.ResetToAutomatic,)
        )


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_a_sequence_of_edits_unwinds_to_the_start(data):
    chapters = data.draw(chapters_st(min_n=2))
    automatic = data.draw(automatic_for(chapters))
    state = chapters
    undo = []
    states = [state]
    for _ in range(data.draw(st.integers(1, 12))):
        edit = data.draw(edit_st(state))
        try:
            state, inv = E.apply(state, edit, automatic=automatic)
        except E.EditError:
            continue
        assert_invariants(state, chapters[-1].end)
        undo.append(inv)
        states.append(state)
    for inv in reversed(undo):
        states.pop()
        state, _ = E.apply(state, inv)
        assert state == states[-1]
    assert state == chapters


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_move_pins_the_boundary_and_keeps_user_titles(data):
    chapters = data.draw(chapters_st(min_n=3))
    if len(chapters) < 2:
        return
    i = data.draw(st.integers(1, len(chapters) - 1))
    lo, hi = chapters[i - 1].start + 1, chapters[i].end - 1
    s = data.draw(st.integers(lo, max(lo, hi)))
    if s == chapters[i].start or not lo <= s <= hi:
        with pytest.raises(E.EditError):
            E.apply(chapters, E.MoveBoundary(i, s))
        return
    new, _ = E.apply(chapters, E.MoveBoundary(i, s))
    assert new[i].start == s and new[i].pinned
    for old, cur in ((chapters[i - 1], new[i - 1]), (chapters[i], new[i])):
        if old.title_source == "user":
            assert (cur.title, cur.title_source) == (old.title, "user")
        elif old.start != cur.start or old.title_source == "generated":
            assert (cur.title, cur.title_source) == ("", "generated")


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_split_then_merge_gives_the_same_ranges(data):
    chapters = data.draw(chapters_st(min_n=2))
    n = chapters[-1].end
    starts = {c.start for c in chapters}
    s = data.draw(st.integers(1, n - 1)) if n > 1 else 0
    if s in starts:
        with pytest.raises(E.EditError):
            E.apply(chapters, E.Split(s))
        return
    new, _ = E.apply(chapters, E.Split(s, "Mine"))
    i = E.chapter_of(new, s)
    assert new[i].start == s and new[i].pinned and (new[i].title, new[i].title_source) == ("Mine", "user")
    merged, _ = E.apply(new, E.Merge(i - 1))
    assert [(c.start, c.end) for c in merged] == [(c.start, c.end) for c in chapters]
