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


WEATHER_ZH = ["明天的天气预报说会下雨。", "下雨的时候气温会降低。", "春天的天气变化很快，气温早晚不同。",
              "气象台每天发布天气预报。", "连续下雨以后，天气终于晴朗了。", "今天的气温比昨天高。"]
FOOTBALL_ZH = ["昨晚的足球比赛非常精彩。", "主队在比赛最后一分钟进球。", "球队的教练安排了新的战术。",
               "球迷在体育场为球队加油。", "这名球员本赛季进了二十个球。", "下一场足球比赛在客场进行。"]


def test_scripts_without_word_spaces_are_read_as_character_bigrams():
    # A run of Han characters is a whole clause, which never repeats as one "word";
    # its bigrams ("天气", "比赛") do, so the words channel finds the change of topic.
    assert unit_terms(["天气预报说会下雨。"]) == [["天气", "气预", "预报", "报说", "说会", "会下", "下雨"]]
    assert unit_terms(["Little Moon King (小月王)"]) == [["littl", "moon", "king", "小月", "月王"]]
    for texts in (WEATHER_ZH + FOOTBALL_ZH, FOOTBALL_ZH + WEATHER_ZH):  # topic changes at unit 6
        n = len(texts)
        cost = np.zeros((n + 1, n))
        assert add_dcm_costs(cost, texts, theta=0.5, weight=1.0, reference=1.0)
        two_chapters = {b: cost[b, b - 1] + cost[n, n - b - 1] for b in range(2, n - 1)}
        assert min(two_chapters, key=two_chapters.get) == 6
