"""Results from worker processes arrive intact when sent in parts (pickle_parts)."""
from __future__ import annotations

import pickle

import numpy as np

from explorer.core.loaders import load_document
from explorer.core.pipeline import Analysis
from explorer.ui.pickle_parts import Parts, pack, unpack


def _roundtrip(obj):  # noqa: ANN001, ANN202
    return unpack(pickle.loads(pickle.dumps(pack(obj), protocol=pickle.HIGHEST_PROTOCOL)))


def _doc(tmp_path, n=1000):  # noqa: ANN001, ANN202
    cues = [f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900\nSentence {i} about rivers.\n"
            for i in range(n)]
    path = tmp_path / "t.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return load_document(path)


def test_document_and_analysis_come_back_equal(tmp_path):
    doc = _doc(tmp_path)
    assert len(doc.sentences) == 1000
    packed = pack(doc)
    assert isinstance(packed.sentences, Parts)  # the big list travels in parts
    assert len(doc.sentences) == 1000 and not isinstance(doc.sentences, Parts)  # the original is untouched
    back = _roundtrip(doc)
    assert back.sentences == doc.sentences and back.id == doc.id and back.cues == doc.cues

    blocks = {p: [f"block {p}.{i}" for i in range(3)] for p in range(50)}
    analysis = Analysis(doc=None, embeddings=np.arange(12, dtype=np.float32).reshape(3, 4), blocks=blocks)
    back = _roundtrip(analysis)
    assert back.blocks == blocks and list(back.blocks) == list(blocks)
    assert np.array_equal(back.embeddings, analysis.embeddings)


def test_tuples_and_small_values_pass_through(tmp_path):
    doc = _doc(tmp_path, n=500)
    result = (doc, [1, 2, 3], "x", None)
    back = _roundtrip(result)
    assert back[0].sentences == doc.sentences and back[1:] == ([1, 2, 3], "x", None)


def test_parts_size_counts_what_unpack_will_build(tmp_path):
    from explorer.ui.pickle_parts import parts_size

    doc = _doc(tmp_path)
    packed = pack(doc)
    assert parts_size(packed) >= sum(len(p) for p in packed.sentences.parts) > 10_000  # (and the cues)
    assert parts_size(pack((doc, "x"))) == parts_size(packed)  # inside a tuple too
    assert parts_size(pack(b"\x00" * 2_000_000)) == 0  # a rendered page: one big string, few objects


def test_a_big_array_travels_in_slices_and_comes_back_equal():
    """A 400-page manual's sentence vectors (13.5 MB) took 25-50 ms in one pickle.loads, all
    of it holding the interpreter lock the window's thread needs."""
    from explorer.ui.pickle_parts import ARRAY_PART_BYTES, parts_size

    vectors = np.random.default_rng(0).random((3000, 384), dtype=np.float32)  # 4.6 MB
    analysis = Analysis(doc=None, embeddings=vectors, blocks={})
    packed = pack(analysis)
    assert isinstance(packed.embeddings, Parts) and len(packed.embeddings.parts) >= 4
    assert max(len(p) for p in packed.embeddings.parts) < ARRAY_PART_BYTES + 1000
    assert parts_size(packed) == 0  # few objects: no reason to keep them from the collector
    back = _roundtrip(analysis)
    assert back.embeddings.dtype == np.float32 and np.array_equal(back.embeddings, vectors)
    small = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert pack(small) is small  # small arrays travel whole
