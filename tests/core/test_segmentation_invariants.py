"""Segmentation contract: coverage, monotone granularity, pins and merges honoured, long inputs fast."""
from __future__ import annotations

import hashlib
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.embedding import HashingEmbedder
from explorer.core.model import Anchor, Block, Document, Rect, Sentence
from explorer.core.segmentation import segment_document, segment_units, segment_units_to_count
from explorer.core.seg_metrics import pk


def _topics(lengths: list[int], dim: int = 48, noise: float = 0.6, seed: int = 0) -> tuple[list[str], np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    vecs, bounds, pos = [], [], 0
    for k, m in enumerate(lengths):
        centre = rng.normal(size=dim)
        centre /= np.linalg.norm(centre)
        v = centre + noise * rng.normal(size=(m, dim)) / np.sqrt(dim)
        vecs.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        if k:
            bounds.append(pos)
        pos += m
    texts = [f"a sentence of ordinary length number {i} here" for i in range(pos)]
    return texts, np.concatenate(vecs), bounds


def _check_cover(seg, n):
    chs = seg.chapters
    assert chs[0].start == 0 and chs[-1].end == n
    assert all(a.end == b.start for a, b in zip(chs, chs[1:]))
    assert all(len(c) > 0 and c.level == 1 for c in chs)
    assert seg.boundaries == [c.start for c in chs[1:]]
    assert seg.scores.shape == (n - 1,)
    assert np.all((seg.scores >= 0) & (seg.scores <= 1))
    for s in seg.sections:
        parent = [c for c in chs if c.start <= s.start and s.end <= c.end]
        assert len(parent) == 1 and s.level == 2


def test_finds_clear_topics_without_being_told_how_many():
    texts, x, truth = _topics([12, 9, 15, 10, 11])
    seg = segment_units(texts, x)
    _check_cover(seg, len(texts))
    assert pk(truth, seg.boundaries, len(texts)) < 0.1
    assert len(seg.chapters) == 5


def test_told_the_number_of_chapters_it_gives_that_many_in_the_right_places():
    texts, x, truth = _topics([12, 9, 15, 10, 11], noise=1.2, seed=3)
    for count in (2, 3, 5, 8):
        starts = segment_units_to_count(texts, x, count)
        assert len(starts) + 1 == count and starts == sorted(set(starts)) and all(0 < s < len(texts) for s in starts)
    assert pk(truth, segment_units_to_count(texts, x, 5), len(texts)) < 0.15
    assert segment_units_to_count(texts, x, 1) == []


def test_one_topic_gives_one_chapter():
    texts, x, _ = _topics([80])
    assert len(segment_units(texts, x).chapters) <= 2


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=8), st.integers(0, 10_000))
def test_cover_and_contiguity_for_any_input(lengths, seed):
    texts, x, _ = _topics(lengths, seed=seed, noise=1.5)
    seg = segment_units(texts, x, sections=True)
    _check_cover(seg, len(texts)) if len(texts) > 1 else None
    assert seg.chapters[0].start == 0 and seg.chapters[-1].end == len(texts)


def test_granularity_is_monotone():
    texts, x, _ = _topics([10, 14, 8, 20, 9, 12, 16], noise=1.2, seed=3)
    counts = [len(segment_units(texts, x, granularity=g).chapters) for g in range(-4, 5)]
    assert counts == sorted(counts), counts
    assert counts[0] < counts[-1]


def test_pinned_kept_and_forbidden_avoided():
    texts, x, truth = _topics([12, 9, 15, 10, 11])
    pinned = [5, 40]
    seg = segment_units(texts, x, pinned=pinned, forbidden=truth[:2])
    _check_cover(seg, len(texts))
    assert set(pinned) <= set(seg.boundaries)
    assert not set(truth[:2]) & set(seg.boundaries)
    assert [c.start for c in seg.chapters if c.pinned] == pinned


def test_empty_and_single_unit():
    assert segment_units([], np.zeros((0, 8))).chapters == []
    seg = segment_units(["one"], np.ones((1, 8)))
    assert [(c.start, c.end) for c in seg.chapters] == [(0, 1)]


def test_long_input_is_fast_and_bounded():
    texts, x, truth = _topics([60] * 40, dim=64, noise=1.0, seed=7)  # 2,400 units
    t0 = time.perf_counter()
    seg = segment_units(texts, x, sections=True)
    assert time.perf_counter() - t0 < 30
    _check_cover(seg, len(texts))
    assert pk(truth, seg.boundaries, len(texts)) < 0.2


def _transcript(texts, gaps_at=(), speakers=None) -> Document:
    sents, t = [], 0.0
    for i, text in enumerate(texts):
        if i in gaps_at:
            t += 30.0
        sp = speakers[i] if speakers else None
        sents.append(Sentence(i, text, Anchor(start=t, end=t + 2.0, speaker=sp)))
        t += 2.5
    return Document(id=hashlib.sha256(b"tr").hexdigest(), path="/tmp/t.vtt", kind="transcript", format="vtt",
                    title="t", sentences=sents)


def test_document_pauses_and_headings_act_as_priors():
    emb = HashingEmbedder()
    texts2, x2, truth = _topics([30, 30], noise=1.0)
    doc = _transcript(texts2, gaps_at=(32,))
    seg = segment_document(doc, x2)
    _check_cover(seg, 60)
    assert seg.boundaries and abs(seg.boundaries[0] - 30) <= 2
    # A weak topic change at 25: too weak alone, enough with a heading there.
    texts = [f"common shared words alpha beta gamma delta epsilon zeta eta theta {'volcano' if i < 25 else 'honey'} "
             f"item{i % 7}" for i in range(60)]
    x = emb.encode(texts)
    sents = [Sentence(i, t, Anchor(page=0, rects=(Rect(0, 0, 1, 1),))) for i, t in enumerate(texts)]
    pdf = Document(id="p" * 64, path="/tmp/p.pdf", kind="pdf", format="pdf", title="p", sentences=sents)
    assert segment_document(pdf, x).boundaries == []
    blocks = {0: [Block(0, Rect(0, 0, 1, 1), "section-header", 0, "Second part", level=1, sentences=(25,))]}
    seg = segment_document(pdf, x, blocks=blocks)
    assert 25 in seg.boundaries
