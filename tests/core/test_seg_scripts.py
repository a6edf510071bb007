"""Segmentation of documents in scripts the embedding model barely reads (Korean, Chinese)."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.core import segmentation as S
from explorer.core.language import latin_share

from test_seg_lexical import FOOTBALL_ZH, WEATHER_ZH

WEATHER_KO = ["내일은 전국에 비가 내릴 것이라고 기상청이 예보했습니다.", "비가 그친 뒤에는 기온이 크게 떨어지겠습니다.",
              "봄철에는 아침과 저녁의 기온 차이가 큽니다.", "기상청은 매일 아침 날씨 예보를 발표합니다.",
              "장마철에는 며칠 동안 계속 비가 옵니다.", "오늘 낮 기온은 어제보다 높겠습니다.",
              "주말에는 맑은 날씨가 이어지겠습니다.", "강한 바람과 함께 눈이 내릴 수도 있습니다."]
FOOTBALL_KO = ["어젯밤 축구 경기는 정말 흥미진진했습니다.", "홈팀이 경기 종료 직전에 결승골을 넣었습니다.",
               "감독은 새로운 전술로 선수들을 기용했습니다.", "팬들은 경기장에서 팀을 열심히 응원했습니다.",
               "그 선수는 이번 시즌에 스무 골을 기록했습니다.", "다음 축구 경기는 원정 경기로 열립니다.",
               "골키퍼가 결정적인 선방을 여러 번 했습니다.", "리그 우승을 위해 팀은 남은 경기를 모두 이겨야 합니다."]


def test_latin_share_tells_scripts_apart():
    assert latin_share(["The delta grows with sediment.", "Größe und Façon"]) == 1.0
    assert latin_share(WEATHER_KO) == 0.0
    assert latin_share(["코로나-19 (COVID) 관련 보험약관"]) < 0.5
    assert latin_share(["2020 - 17 = 2003"]) == 1.0  # no letters: nothing to say, read as usual


def test_unread_script_is_priced_at_the_typical_scatter_and_latin_text_is_not():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 8)) * 0.05 + 1.0  # sentences that all look alike
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    w = np.ones(16)
    korean = S.cost_table(WEATHER_KO + FOOTBALL_KO, x, w)
    assert korean.total / korean.total_weight == pytest.approx(S.TYPICAL_SCATTER)
    english = S.cost_table(["The delta grows with sediment each flood."] * 16, x, w)
    assert english.total / english.total_weight < 0.01  # an English document keeps its own scatter


@pytest.fixture(scope="module")
def minilm():
    from explorer.core.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.mark.parametrize("first, second", [(WEATHER_KO, FOOTBALL_KO), (FOOTBALL_KO, WEATHER_KO),
                                           (WEATHER_ZH, FOOTBALL_ZH), (FOOTBALL_ZH, WEATHER_ZH)])
def test_two_topics_in_korean_or_chinese_get_two_chapters_at_the_default_level(minilm, first, second):
    # Before, MiniLM's compressed geometry for these scripts gave one chapter at every
    # level up to "more chapters"; now a chapter starts at (or next to) the topic change.
    texts = first + second
    seg = S.segment_units(texts, np.asarray(minilm.encode(texts)))
    assert seg.boundaries
    assert min(abs(b - len(first)) for b in seg.boundaries) <= 1
    assert len(seg.chapters) <= 3


def test_korean_words_lose_their_particles_and_predicates_are_no_topic_words():
    from explorer.core.language import hangul_stem
    from explorer.core.segmentation_lexical import unit_terms

    assert [hangul_stem(w) for w in ("경기는", "경기를", "경기로", "팬들은", "축구")] == [
        ("경기", True), ("경기", True), ("경기", True), ("팬", True), ("축구", False)]
    assert hangul_stem("예보했습니다") is None and hangul_stem("큽니다") is None
    # the words channel: one term for every form of a noun, a one-syllable noun when a particle marks it
    assert unit_terms(["비가 내리고 경기는 취소되었습니다.", "경기를 다시 합니다."]) == [["비", "내리고", "경기"], ["경기", "다시"]]


def test_korean_chapters_are_titled_by_their_nouns(minilm):
    from explorer.core.titling import title_units

    texts = WEATHER_KO + FOOTBALL_KO
    weather, football = title_units(texts, [(0, 8), (8, 16)], np.asarray(minilm.encode(texts)), minilm)
    # before: "것이라고 기상청이 예보했습니다", "감독은 새로운 전술로 선수들을" (particles and verbs)
    for title in (weather, football):
        assert not any(w.endswith(("다", "는", "을", "를", "이", "가")) for w in title.split()), title
    assert set(weather.split()) & {"기온", "날씨", "예보", "기상청", "장마철", "바람"}
    assert set(football.split()) & {"경기", "축구", "결승골", "선수", "골키퍼", "감독", "리그"}
