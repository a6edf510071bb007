"""The lexical (DCM) channel of segmentation: exact costs, and boundaries where the words change."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from explorer.core import segmentation as S
from explorer.core.segmentation_lexical import add_dcm_costs, unit_terms

RIVERS = ["Rivers carry sediment to the delta.", "The delta grows with sediment each flood.",
          "Dams hold river sediment back.", "Without sediment the delta sinks."]
TAXES = ["Taxes are due in April.", "Filing taxes online saves postage.", "April deadlines matter for taxes.",
         "Late taxes draw penalties."]


def _dcm(words: list[str], vocab: list[str], theta: float) -> float:
    """-log p(words) under a Dirichlet compound multinomial, written out from the gamma function."""
    counts = [words.count(v) for v in vocab]
    size = len(vocab)
    return -sum(math.lgamma(c + theta) - math.lgamma(theta) for c in counts) + (
        math.lgamma(len(words) + size * theta) - math.lgamma(size * theta))


def test_segment_costs_equal_the_dcm_formula():
    texts = RIVERS + TAXES
    n, max_len, theta = len(texts), 5, 0.5
    cost = np.full((n + 1, max_len), np.inf)
    for b in range(1, n + 1):
        cost[b, : min(b, max_len)] = 0.0
    assert add_dcm_costs(cost, texts, theta=theta, weight=2.0, reference=3.0)
    terms = unit_terms(texts)
    vocab = sorted({w for ws in terms for w in ws})
    whole = _dcm([w for ws in terms for w in ws], vocab, theta)
    for b in range(1, n + 1):
        for a in range(max(0, b - max_len), b):
            expected = 2.0 * 3.0 / whole * _dcm([w for ws in terms[a:b] for w in ws], vocab, theta)
            assert math.isclose(cost[b, b - a - 1], expected, rel_tol=1e-9), (a, b)
    # content words only, stemmed ("taxes" counts as "tax"); stop words such as "the" are dropped
    assert "sediment" in terms[0] and "the" not in terms[0] and "tax" in terms[4]


def test_no_content_words_changes_nothing():
    cost = np.zeros((4, 3))
    assert not add_dcm_costs(cost, ["It is.", "And so on, 42.", "Of the."], theta=0.5, weight=1.5, reference=1.0)
    assert not cost.any()


def test_boundary_follows_the_change_of_vocabulary_when_embeddings_carry_no_topic():
    texts = RIVERS * 3 + TAXES * 3  # switch at unit 12
    rng = np.random.default_rng(7)
    x = rng.normal(size=(len(texts), 32))  # noise: no topical signal in the vectors
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    with_words = S.segment_units_to_count(texts, x, 2)
    without = S.segment_units_to_count(texts, x, 2, params=dataclasses.replace(S.PARAMS, lexical_weight=0.0))
    assert with_words == [12]
    assert without != [12]


def test_the_plotted_boundary_score_peaks_where_the_words_change():
    texts = RIVERS * 3 + TAXES * 3
    rng = np.random.default_rng(7)
    x = rng.normal(size=(len(texts), 32))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    seg = S.segment_units(texts, x)
    assert seg.scores.shape == (len(texts) - 1,)
    assert int(np.argmax(seg.scores)) + 1 == 12  # the gap before the first tax sentence
