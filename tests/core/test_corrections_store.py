"""Corrections survive: re-derived on new automatic chapters, saved, debounced, never lost on a bad file."""
from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import edits as E
from explorer.core.corrections import (
    Corrections,
    CorrectionsStore,
    apply_corrections,
    automatic_version,
    corrections_from,
)
from explorer.core.model import Chapter

DOC = "ab" * 32


def chapters(bounds, n, prefix="auto"):
    cuts = list(bounds) + [n]
    return tuple(Chapter(s, t, f"{prefix} {s}", "generated") for s, t in zip(cuts, cuts[1:]))


def edited():
    auto = chapters([0, 20, 50, 80], 100)
    state = auto
    history = []
    for edit in (E.Split(35, "My split"), E.Merge(3), E.Rename(0, "Preface"), E.MoveBoundary(1, 18)):
        state, _ = E.apply(state, edit)
        history.append(edit)
    return auto, state, history


def test_corrections_are_derived_and_reapplied_on_another_segmentation():
    auto, current, _ = edited()
    corr = corrections_from(auto, current)
    assert corr.pinned == {18, 35}
    assert corr.forbidden == {20, 80}
    assert corr.user_titles == {0: "Preface", 35: "My split"}
    # another granularity: more automatic boundaries, some of them removed by the user before
    finer = chapters([0, 10, 20, 30, 50, 65, 80, 90], 100, "fine")
    out = apply_corrections(finer, corr)
    starts = [c.start for c in out]
    assert starts == [0, 10, 18, 30, 35, 50, 65, 90]
    titles = {c.start: (c.title, c.title_source, c.pinned) for c in out}
    assert titles[0] == ("Preface", "user", False)
    assert titles[35] == ("My split", "user", True)
    assert titles[18] == ("", "generated", True)  # new range: re-titled downstream
    assert titles[50] == ("fine 50", "generated", False)  # same range as automatic
    assert titles[65] == ("", "generated", False)  # its end moved (80 is forbidden)
    assert titles[30] == ("", "generated", False)  # its end moved (35 is pinned)
    assert titles[90] == ("fine 90", "generated", False)  # untouched chapter keeps its title


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_reapplying_corrections_on_the_same_automatic_gives_back_the_users_chapters(data):
    n = data.draw(st.integers(2, 60))
    cuts = sorted(data.draw(st.sets(st.integers(1, n - 1), max_size=8)))
    auto = chapters([0] + cuts, n)
    state = auto
    for _ in range(data.draw(st.integers(1, 8))):
        k = len(state)
        edit = data.draw(
            st.one_of(
                st.builds(E.Split, st.integers(1, n - 1), st.sampled_from([None, "Mine"])),
                st.builds(E.Merge, st.integers(0, k - 1)),
                st.builds(E.MoveBoundary, st.integers(1, max(1, k - 1)), st.integers(1, n - 1)),
                st.builds(E.Rename, st.integers(0, k - 1), st.just("Named")),
            )
        )
        try:
            state, _ = E.apply(state, edit)
        except E.EditError:
            pass
    corr = corrections_from(auto, state)
    out = apply_corrections(auto, corr)
    assert [(c.start, c.end) for c in out] == [(c.start, c.end) for c in state]
    assert [c.title for c in out if c.title_source == "user"] == [c.title for c in state if c.title_source == "user"]


def test_save_and_load_round_trip_keyed_by_content_hash(tmp_path):
    auto, current, history = edited()
    st_ = CorrectionsStore()
    st_.save(DOC, current, automatic=auto, granularity=0, history=history)
    raw = json.loads(st_.path(DOC).read_text())
    assert raw["schema"] == 1 and raw["doc_id"] == DOC and raw["pinned"] == [18, 35]
    assert [h["op"] for h in raw["history"]] == ["split", "merge", "rename", "move"]
    loaded = CorrectionsStore().load(DOC)
    assert tuple(loaded.chapters) == current
    assert loaded.corrections == corrections_from(auto, current)
    assert tuple(loaded.automatic) == auto
    # same pipeline and granularity: the exact saved chapters
    assert tuple(loaded.chapters_for(auto, 0)) == current
    # another granularity: corrections re-applied
    other = loaded.chapters_for(chapters([0, 50], 100), 3)
    assert [c.start for c in other] == [0, 18, 35, 50]
    assert automatic_version(0) != automatic_version(3)


def test_debounced_saves_write_the_latest_state_once_quiet(tmp_path):
    auto, current, _ = edited()
    saved = []
    st_ = CorrectionsStore(delay=0.2, on_saved=saved.append)
    for i in range(5):
        state, _ = E.apply(current, E.Rename(1, f"v{i}"))
        st_.schedule_save(DOC, state, automatic=auto)
    assert st_.has_pending(DOC) and not st_.path(DOC).exists()
    assert st_.load(DOC).chapters[1].title == "v4"  # pending state is what a reader sees
    deadline = time.monotonic() + 5
    while st_.has_pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert saved == [DOC]
    assert CorrectionsStore().load(DOC).chapters[1].title == "v4"
    st_.schedule_save(DOC, current, automatic=auto)
    assert st_.flush() == 1 and not st_.has_pending()
    assert CorrectionsStore().load(DOC).chapters[1].title == current[1].title


def test_forbidden_boundaries_carry_over_until_reset(tmp_path):
    auto = chapters([0, 20, 50], 100)
    st_ = CorrectionsStore()
    merged, _ = E.apply(auto, E.Merge(0))
    st_.save(DOC, merged, automatic=auto)
    # the next run excludes 20 from the automatic chapters; it stays forbidden
    auto2 = chapters([0, 50], 100)
    st2 = CorrectionsStore()  # a fresh store (e.g. the window's autosave) reads what was saved before
    renamed, _ = E.apply(auto2, E.Rename(1, "Later"))
    assert st2.save(DOC, renamed, automatic=auto2).corrections.forbidden == {20}
    # a reset to the automatic chapters clears everything
    assert not st2.save(DOC, auto2, automatic=auto2).corrections


def test_a_damaged_file_is_kept_as_a_backup_and_reported(tmp_path):
    st_ = CorrectionsStore()
    st_.root.mkdir(parents=True, exist_ok=True)
    broken = b'{"schema": 1, "chapters": [{"start": 0, "end": 5'
    st_.path(DOC).write_bytes(broken)
    assert st_.load(DOC) is None
    assert st_.warnings and "damaged" in st_.warnings[0]
    backups = list((st_.root / "backup").glob("*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == broken
    assert st_.path(DOC).read_bytes() == broken  # never deleted


def test_a_newer_schema_is_not_used_and_not_lost(tmp_path):
    st_ = CorrectionsStore()
    st_.root.mkdir(parents=True, exist_ok=True)
    newer = json.dumps({"schema": 2, "chapters": "something new"}).encode()
    st_.path(DOC).write_bytes(newer)
    assert st_.load(DOC) is None
    assert "newer Strata" in st_.warnings[0]
    assert [p.read_bytes() for p in (st_.root / "backup").glob("*.json")] == [newer]


def test_invalid_chapters_in_the_file_count_as_damaged(tmp_path):
    st_ = CorrectionsStore()
    st_.root.mkdir(parents=True, exist_ok=True)
    bad = {"schema": 1, "chapters": [{"start": 0, "end": 5}, {"start": 7, "end": 9}]}
    st_.path(DOC).write_text(json.dumps(bad))
    assert st_.load(DOC) is None and "not contiguous" in st_.warnings[0]


def test_corrections_is_falsy_when_empty():
    assert not Corrections() and Corrections(pinned={3})
