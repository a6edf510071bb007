"""The cache folder stays within its budget: stale versions and least recently used files go first."""
from __future__ import annotations

import os
import sqlite3
import time

import numpy as np
import pytest

from explorer.core import store
from explorer.core.cache_prune import prune_cache
from explorer.core.embedding import EmbeddingCache, HashingEmbedder


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache folder of this test's own (the session's shared cache must not be pruned)."""
    monkeypatch.setenv("STRATA_CACHE_DIR", str(tmp_path / "cache"))


def _file(stage: str, doc: str, size: int, age_days: float, version: int | None = None):
    version = store.PIPELINE_VERSIONS[stage] if version is None else version
    path = store.cache_dir() / stage / f"{doc * 8}-{stage}-v{version}-0.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    t = time.time() - age_days * 86400
    os.utime(path, (t, t))
    return path


def test_old_pipeline_versions_and_abandoned_temporaries_are_removed_first():
    current = _file("segment", "a", 100, 5)
    stale = _file("segment", "b", 100, 5, version=store.PIPELINE_VERSIONS["segment"] - 1)
    tmp = store.cache_dir() / "segment" / ".x.json.123.tmp"
    tmp.write_bytes(b"partial")
    os.utime(tmp, (time.time() - 7200,) * 2)
    rep = prune_cache(10**9)
    assert current.exists() and not stale.exists() and not tmp.exists()
    assert rep.stale_removed == 2 and rep.lru_removed == 0


def test_least_recently_used_files_go_until_the_budget_is_met():
    old = _file("embed", "c", 4000, 30)
    mid = _file("layout", "d", 4000, 10)
    new = _file("embed", "e", 4000, 2)
    in_use = _file("embed", "f", 4000, 0)  # touched a moment ago: an analysis may be reading it
    model = store.cache_dir() / "onnx" / "model.onnx"  # not a cache file: never pruned
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(b"m" * 50_000)
    rep = prune_cache(9000)
    assert not old.exists() and not mid.exists() and new.exists() and in_use.exists() and model.exists()
    assert rep.lru_removed == 2 and rep.bytes_after <= 9000


def test_the_embedding_database_loses_its_oldest_rows_when_files_are_not_enough():
    cache = EmbeddingCache()
    texts = [f"sentence number {i}" for i in range(400)]
    cache.put_many("m", texts, np.ones((400, 384), dtype=np.float32))
    cache._conn.close()
    rep = prune_cache(200_000)
    assert 0 < rep.rows_removed < 400
    left = EmbeddingCache().get_many("m", texts)
    assert 0 < len(left) < 400 and max(left) == 399  # the newest rows stay
    with sqlite3.connect(str(store.cache_dir() / "embeddings.sqlite")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reading_a_documents_cached_embeddings_marks_them_recently_used():
    from explorer.core.loaders import load_document
    from explorer.core.pipeline import sentence_embeddings

    path = store.cache_dir().parent / "talk.vtt"
    path.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello there.\n\n00:02.000 --> 00:04.000\nThe lava flows.\n")
    doc = load_document(path)
    emb = HashingEmbedder()
    sentence_embeddings(doc, emb)
    cached = next((store.cache_dir() / "embed").glob("*.npy"))
    old = time.time() - 40 * 86400
    os.utime(cached, (old, old))
    sentence_embeddings(doc, emb)  # a cache hit
    assert time.time() - cached.stat().st_mtime < 3600
    other = _file("embed", "a", 10, 20)
    prune_cache(cached.stat().st_size + 5)  # room for one: the file just used stays
    assert cached.exists() and not other.exists()


def test_cached_vectors_belong_to_the_sentences_read_now():
    """A loader that reads the same file differently (same sentence count, new text) was
    served the vectors of the old text: the cache checked only the count."""
    from dataclasses import replace

    from explorer.core.loaders import load_document
    from explorer.core.pipeline import sentence_embeddings

    path = store.cache_dir().parent / "talk.vtt"
    path.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello there.\n\n00:02.000 --> 00:04.000\nThe lava flows.\n")
    doc = load_document(path)
    emb = HashingEmbedder()
    first = sentence_embeddings(doc, emb)
    reread = replace(doc, sentences=[replace(s, text=f"{s.text} Volcanoes erupt.") for s in doc.sentences])  # same id, count
    again = sentence_embeddings(reread, emb)
    assert np.allclose(again, emb.encode([s.text for s in reread.sentences]))
    assert not np.allclose(again, first)
