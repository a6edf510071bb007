"""Metric implementation against cases computed by hand."""
from __future__ import annotations

import pytest

from explorer.core.seg_metrics import boundary_prf, default_k, even_boundaries, pk, rouge_l, windowdiff


def test_default_k_is_half_mean_segment_length_rounded_half_up():
    assert default_k([5], 10) == 3  # mean 5 -> 2.5 -> 3
    assert default_k([4, 8], 12) == 2
    assert default_k([], 3) == 2  # 1.5 -> 2


def test_pk_and_windowdiff_perfect_and_empty():
    assert pk([5], [5], 10) == 0.0
    assert windowdiff([5], [5], 10) == 0.0
    # k = 3, 7 probes; the reference boundary at 5 is straddled by probes i = 2, 3, 4.
    assert pk([5], [], 10) == pytest.approx(3 / 7)
    assert windowdiff([5], [], 10) == pytest.approx(3 / 7)


def test_pk_near_miss_counts_two_probes():
    assert pk([5], [6], 10) == pytest.approx(2 / 7)
    assert windowdiff([5], [6], 10) == pytest.approx(2 / 7)


def test_windowdiff_penalises_extra_boundary_more_than_pk():
    # Hypothesis adds a boundary at 6: Pk sees one bad probe (i = 5), WindowDiff three (i = 3, 4, 5).
    assert pk([5], [5, 6], 10) == pytest.approx(1 / 7)
    assert windowdiff([5], [5, 6], 10) == pytest.approx(3 / 7)


def test_explicit_k():
    assert pk([5], [], 10, k=1) == pytest.approx(1 / 9)


def test_boundary_f1_tolerance_and_one_to_one():
    assert boundary_prf([10, 20], [11, 25], tolerance=2) == pytest.approx((0.5, 0.5, 0.5))
    p, r, f = boundary_prf([10], [9, 11], tolerance=2)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert boundary_prf([10], [13], tolerance=2)[2] == 0.0
    assert boundary_prf([], [], tolerance=2)[2] == 1.0
    assert boundary_prf([10], [], tolerance=2)[2] == 0.0


def test_even_boundaries():
    assert even_boundaries(10, 2) == [5]
    assert even_boundaries(9, 3) == [3, 6]
    assert even_boundaries(5, 1) == []


def test_rouge_l_hand_cases():
    assert rouge_l("the cat sat", "the cat on the mat sat") == pytest.approx(2 / 3)
    assert rouge_l("Cat!", "cat") == 1.0
    assert rouge_l("dog", "cat") == 0.0
    assert rouge_l("", "cat") == 0.0
