"""The language a text is written in, told by its stop words, and that language's stop words.

Titles and the words channel of segmentation drop function words. Their own lists
are English; in a German or French document "und", "die", "le", "des" would count as
content, so a title could read "Die Zukunft auf uns and und". The stop-word lists of
33 languages come from the ``stop-words`` package (BSD-3). The language is the one
whose list covers most of the text's word tokens: function words are the most
frequent words of every language, so coverage separates languages well beyond a
few sentences (German editorial 0.43 German vs 0.12 Dutch; a French paper with an
English abstract 0.41 French vs 0.26 English). This is the classic stop-word method
of language identification.

Scripts written without spaces (Chinese, Japanese, Thai...) have no word tokens to
count: such text is named Chinese or Japanese by its characters, and its runs are
read as character bigrams where words are needed (:func:`unspaced_bigrams`).
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

log = logging.getLogger(__name__)

ENGLISH = "english"
MIN_TOKENS = 20  # fewer words than this say too little: assume English
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Hiragana,
# Katakana, CJK ideographs (a regex character-class body).
UNSPACED_SCRIPTS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_CHAR = re.compile(f"[{UNSPACED_SCRIPTS}]")
_UNSPACED_RUN = re.compile(f"[{UNSPACED_SCRIPTS}]{{3,}}")
_KANA = re.compile("[\u3040-\u30ff]")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def is_unspaced(char: str) -> bool:
    """Is ``char`` a letter of a script written without spaces between words?"""
    return bool(char) and _UNSPACED_CHAR.match(char) is not None


CHARS_PER_WORD = 1.6  # mean word length of written Chinese, in characters (segmented corpora)


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, where a run of an unspaced script
    counts ``CHARS_PER_WORD`` characters to the word ("今天我们来讨论天气预报" is about 7 words,
    not 1), so word caps on sentences hold for Chinese and Japanese too."""
    unspaced = len(_UNSPACED_CHAR.findall(text))
    if not unspaced:
        return len(text.split())
    return len(_UNSPACED_CHAR.sub(" ", text).split()) + max(1, round(unspaced / CHARS_PER_WORD))


_HANGUL = re.compile("[\uac00-\ud7a3]")
# Korean particles (josa) and the plural suffix, longest first: a noun takes them as
# suffixes ("경기는", "경기를", "경기로" are one word, 경기 "game"), so words that should
# match never do until they are stripped.
_JOSA = tuple(sorted(
    "에서는 에서도 으로는 에게서 에서 에게 으로 까지 부터 보다 처럼 마다 한테 께서 이나 에는 에도 "
    "은 는 이 가 을 를 의 에 로 와 과 도 만".split(), key=len, reverse=True))
_PREDICATE_END = ("다", "요", "까")  # declarative, polite and question endings of verbs and adjectives


def is_hangul(word: str) -> bool:
    """Does ``word`` start with a Hangul syllable?"""
    return bool(word) and _HANGUL.match(word) is not None


def hangul_stem(word: str) -> tuple[str, bool] | None:
    """A Korean word without its particle and plural suffix, and whether one was
    stripped ("팬들은" -> ("팬", True)); None for a predicate ("넣었습니다", "큽니다"), which
    is no topic word. Crude, like :func:`titling_text.crude_stem`: a noun that happens
    to end like a particle ("고양이") loses that syllable, the same way every time."""
    if word.endswith(_PREDICATE_END):
        return None
    stem, stripped = word, False
    for josa in _JOSA:
        if stem.endswith(josa) and len(stem) > len(josa):
            stem, stripped = stem[: -len(josa)], True
            break
    if stem.endswith("들") and len(stem) > 1:
        stem, stripped = stem[:-1], True
    return stem, stripped


def hangul_query_forms(word: str) -> list[str]:
    """A Korean query word and its stem with each particle ("경기" -> 경기, 경기는, 경기를,
    ...), for a full-text index that keeps words as written, where "경기" alone would
    never match "경기는"."""
    stem = hangul_stem(word)
    base = stem[0] if stem else word
    forms = [word, base] + [base + josa for josa in _JOSA] + [base + "들"]
    return list(dict.fromkeys(forms))


_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3]")
# Arabic writes the article and one-letter conjunctions and prepositions on the word:
# "البرمجة" (the programming), "والبرمجة", "بالبرمجة", "للبرمجة" (ل + ال).
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_ARABIC_FORMS = ("", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف", "فال", "ك", "كال")


def is_arabic(word: str) -> bool:
    """Does ``word`` start with a letter of the Arabic script (Arabic, Persian, Urdu)?"""
    return bool(word) and _ARABIC.match(word) is not None


def arabic_query_forms(word: str) -> list[str]:
    """An Arabic query word with and without its article and attached particles
    ("برمجة" -> برمجة, البرمجة, والبرمجة, بالبرمجة, للبرمجة, ...), for a full-text index
    that keeps words as written."""
    base = word
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            base = word[len(prefix):]
            break
    return list(dict.fromkeys([word] + [prefix + base for prefix in _ARABIC_FORMS]))


def query_forms(word: str) -> list[str]:
    """The forms a full-text query word asks for: a Korean word with each particle, an
    Arabic-script word with its article and attached particles, any other word as it is
    (the index keeps words as written)."""
    if is_hangul(word):
        return hangul_query_forms(word)
    if is_arabic(word):
        return arabic_query_forms(word)
    return [word]


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def latin_share(texts: Iterable[str]) -> float:
    """Fraction of the letters of ``texts`` that are Latin script (1.0 when there are none).

    The bundled embedding model was trained on English: it reads other Latin-script
    languages passably and other scripts barely (a Korean, Arabic or Chinese document's
    sentences sit close together whatever they say)."""
    letters = latin = 0
    for text in texts:
        letters += len(_LETTER.findall(text))
        latin += len(_LATIN_LETTER.findall(text))
    return latin / letters if letters else 1.0


def unspaced_bigrams(text: str) -> str:
    """Runs of an unspaced script written as overlapping bigrams, space-separated
    ("信用评级机构" -> "信用 用评 评级 级机 机构"), for a full-text index that splits words
    at spaces: a query word then matches inside a longer run, as in Lucene's
    CJKAnalyzer. Other text is left as it is, and already split text stays the same."""
    return _UNSPACED_RUN.sub(lambda m: " ".join(m.group()[i:i + 2] for i in range(len(m.group()) - 1)), text)


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    try:
        from stop_words import AVAILABLE_LANGUAGES, get_stop_words
    except ImportError:  # the package is a declared dependency; without it, English only
        log.warning("stop-words is not installed: every document is treated as English")
        return {}
    out = {}
    for lang in sorted(set(AVAILABLE_LANGUAGES)):
        try:
            out[lang] = frozenset(w.lower() for w in get_stop_words(lang))
        except Exception:  # noqa: BLE001 - one unreadable list must not cost the others
            log.warning("stop words for %s could not be read", lang)
    return out


def detect_language(texts: Iterable[str]) -> str:
    """The language whose stop words cover most word tokens of ``texts`` (``"english"``
    for short or unrecognised text); ``"chinese"`` or ``"japanese"`` (kana seen) for
    text written mostly without spaces, which has no word tokens to count."""
    counts = Counter(t.lower() for text in texts for t in _TOKEN.findall(text))
    total = sum(counts.values())
    letters = sum(len(t) * c for t, c in counts.items())
    unspaced = sum(len(_UNSPACED_CHAR.findall(t)) * c for t, c in counts.items())
    if letters and unspaced > 0.3 * letters:
        # Chinese, Japanese, Thai...: no spaces, so no word tokens to count stop words on
        return "japanese" if any(_KANA.search(t) for t in counts) else "chinese"
    lists = _lists()
    if total < MIN_TOKENS or not lists:
        return ENGLISH
    best, best_cover = ENGLISH, 0
    for lang, words in lists.items():
        cover = sum(counts[w] for w in words if w in counts)
        if cover > best_cover:
            best, best_cover = lang, cover
    return best


def stop_words(language: str) -> frozenset[str]:
    """Lower-case stop words of ``language`` (empty for an unknown one)."""
    return _lists().get(language, frozenset())


def foreign_stop_words(texts: Iterable[str]) -> frozenset[str]:
    """Stop words to drop on top of the English lists: those of the text's language when
    it is not English, else none."""
    lang = detect_language(texts)
    return frozenset() if lang == ENGLISH else stop_words(lang)
