"""Documents in other languages: the language told by its stop words, and titles and the
words channel of segmentation that drop that language's function words."""
from __future__ import annotations

import numpy as np

from explorer.core.embedding import HashingEmbedder
from explorer.core.language import detect_language, foreign_stop_words
from explorer.core.segmentation_lexical import unit_terms
from explorer.core.titling import title_units
from explorer.core.titling_text import words

GERMAN = [
    "Die Teleskope der Sternwarte beobachten die Galaxien und die Sterne in der Nacht.",
    "Die Astronomen messen das Licht der Galaxien und berechnen die Entfernung der Sterne.",
    "Mit dem neuen Teleskop sehen die Forscher die fernen Galaxien und ihre Sterne genauer.",
    "Die Sternwarte liegt auf einem Berg, und das Teleskop ist eines der größten der Welt.",
]
FRENCH = [
    "Les abeilles construisent des rayons de cire dans la ruche et elles y stockent le miel.",
    "Une colonie d'abeilles produit du miel pour l'hiver et la reine pond des œufs dans la ruche.",
    "Les apiculteurs récoltent le miel de la ruche à la fin de l'été, quand les abeilles sont calmes.",
    "C'est dans la ruche que les abeilles dansent pour indiquer où se trouvent les fleurs.",
]
ENGLISH = [
    "The telescopes of the observatory watch the galaxies and the stars at night.",
    "Astronomers measure the light of the galaxies and work out how far away the stars are.",
]


def test_the_language_is_the_one_whose_stop_words_cover_the_text():
    assert detect_language(GERMAN) == "german"
    assert detect_language(FRENCH) == "french"
    assert detect_language(ENGLISH) == "english"
    assert detect_language(["Die Sterne."]) == "english"  # too short to tell: the default
    assert foreign_stop_words(ENGLISH) == frozenset()
    assert {"und", "die", "der"} <= foreign_stop_words(GERMAN)


def test_words_of_any_latin_script_stay_whole():
    assert words("Größe der représentation naïve") == ["Größe", "der", "représentation", "naïve"]


def _titles(texts: list[str]) -> list[str]:
    emb = HashingEmbedder()
    return title_units(texts, [(0, len(texts))], np.asarray(emb.encode(texts)), emb)


def test_a_german_chapter_title_names_its_topic_without_function_words_or_an_english_and():
    (title,) = _titles(GERMAN)
    ws = {w.lower() for w in words(title)}
    assert ws & {"teleskop", "teleskope", "galaxien", "sterne", "sternwarte", "astronomen"}, title
    assert not ws & foreign_stop_words(GERMAN), title
    assert "and" not in ws, title


def test_a_french_title_skips_elided_function_words():
    (title,) = _titles(FRENCH)
    ws = {w.lower() for w in words(title)}
    assert ws & {"abeilles", "ruche", "miel", "colonie", "apiculteurs"}, title
    assert not ws & {"les", "des", "la", "le", "une", "qu'une", "c'est"}, title


def test_the_words_channel_drops_the_text_s_own_function_words():
    terms = {t for unit in unit_terms(GERMAN) for t in unit}
    assert not terms & {"und", "die", "der", "das", "mit", "einem", "eines", "ihre"}
    assert {"teleskop", "galaxien", "sternwart"} <= terms  # content words stay (crudely stemmed)


WEATHER_ZH = ["明天的天气预报说会下雨。", "下雨的时候气温会降低。", "春天的天气变化很快，气温早晚不同。",
              "气象台每天发布天气预报。", "连续下雨以后，天气终于晴朗了。", "今天的气温比昨天高。"]
FOOTBALL_JA = ["昨日のサッカーの試合はとても面白かったです。", "チームは最後の一分でゴールを決めました。",
               "サッカーの試合を見るためにたくさんのファンが来ました。", "次の試合は来週の土曜日です。"]


def test_chinese_and_japanese_titles_are_recurring_words_not_clauses():
    assert detect_language(WEATHER_ZH) == "chinese" and detect_language(FOOTBALL_JA) == "japanese"
    (zh,), (ja,) = _titles(WEATHER_ZH), _titles(FOOTBALL_JA)
    # a word the chapter repeats, not a clause and not an English "X and Y"
    assert zh in {"天气预报", "天气", "气温", "下雨"}, zh
    assert ja in {"サッカー", "試合"}, ja  # hiragana (particles, endings) never inside a title word


def test_a_chinese_sentence_weighs_in_segmentation_like_its_english_translation():
    from explorer.core.segmentation import unit_weights

    zh, en = unit_weights(["明天的天气预报说会下雨。", "The weather forecast says it will rain tomorrow."])
    assert abs(zh - en) <= 0.3 * en  # one space-free run used to weigh as one word (0.1)
