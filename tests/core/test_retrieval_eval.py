"""The retrieval metric and the reference-set readers."""
from __future__ import annotations

import json

import pytest

from explorer.core.retrieval_eval import aggregate, evaluate, is_hit, load_set, score_ranking


def test_hit_means_overlap_of_half_open_ranges():
    assert is_hit(3, 6, [(5, 9)]) and not is_hit(3, 5, [(5, 9)]) and not is_hit(9, 12, [(5, 9)])


def test_score_ranking_and_aggregate():
    gold = [(10, 12)]
    assert score_ranking([(10, 11)], gold) == {"hit@1": 1.0, "hit@5": 1.0, "hit@10": 1.0, "mrr": 1.0}
    r = score_ranking([(0, 2), (3, 4), (11, 15)], gold)
    assert r == {"hit@1": 0.0, "hit@5": 1.0, "hit@10": 1.0, "mrr": pytest.approx(1 / 3)}
    miss = score_ranking([(0, 1)] * 12, gold)
    assert miss["mrr"] == 0.0 and miss["hit@10"] == 0.0
    agg = aggregate([r, miss])
    assert agg["hit@5"] == 0.5 and agg["mrr"] == pytest.approx(round(1 / 6, 4))


def _write(folder, docs, queries):
    folder.mkdir()
    (folder / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs))
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries))


def test_char_span_gold_maps_to_sentences(tmp_path):
    text = "First sentence here. The answer is forty two. Last one."
    a = text.index("forty")
    _write(tmp_path / "c", [{"doc_id": "d1", "title": "T", "text": text}],
           [{"qid": "q", "doc_id": "d1", "query": "answer?", "char_start": a, "char_end": a + 8}])
    s = load_set(tmp_path / "c")
    assert s.queries[0].gold == ((1, 2),)
    assert s.docs["d1"].sentences[1].text == "The answer is forty two."


def test_turn_span_gold_maps_to_sentences_of_those_turns(tmp_path):
    turns = [{"speaker": "A", "text": "Hello . How are you ?"}, {"speaker": "B", "text": "Fine {vocalsound} thanks ."},
             {"speaker": "A", "text": "Good ."}]
    _write(tmp_path / "m", [{"doc_id": "m1", "turns": turns}],
           [{"qid": "q", "doc_id": "m1", "query": "how?", "turn_spans": [[1, 2]]}])
    s = load_set(tmp_path / "m")
    doc = s.docs["m1"]
    assert doc.kind == "transcript" and "{" not in " ".join(x.text for x in doc.sentences)
    first_b = next(i for i, x in enumerate(doc.sentences) if x.anchor.speaker == "B")
    assert s.queries[0].gold == ((first_b, len(doc.sentences)),)


def test_limit_keeps_only_needed_documents(tmp_path):
    docs = [{"doc_id": f"d{i}", "title": "T", "text": f"Doc {i} says something. Another line {i}."} for i in range(3)]
    qs = [{"qid": f"q{i}", "doc_id": f"d{i}", "query": "says", "char_start": 0, "char_end": 5} for i in range(3)]
    _write(tmp_path / "c", docs, qs)
    s = load_set(tmp_path / "c", limit=2)
    assert set(s.docs) == {"d0", "d1"} and len(s.queries) == 2


def test_evaluate_reports_every_mode(tmp_path):
    from explorer.core.embedding import HashingEmbedder

    words = "apple banana cherry grape lemon mango olive peach plum".split()
    text = " ".join(f"The {w} orchard grows {w} trees in rows number {i}." for i, w in enumerate(words * 6))
    pos = text.index("mango orchard")
    _write(tmp_path / "c", [{"doc_id": "d", "title": "Fruit", "text": text}],
           [{"qid": "q", "doc_id": "d", "query": "mango orchard", "char_start": pos, "char_end": pos + 13}])
    r = evaluate(tmp_path / "c", embedder=HashingEmbedder(), work_dir=tmp_path / "w", chapter_source="windows")
    assert set(r["modes"]) == {"text", "plain", "situated", "hybrid"} and r["queries"] == 1
    assert r["modes"]["text"]["hit@10"] == 1.0
