"""The ONNX engine (what the torch-free `make dist` build runs): the same model as
sentence-transformers, a model shipped in a frozen bundle used without any export, and
the default backend where torch is absent."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.core import embedding
from explorer.core.embedding_onnx import OnnxEmbedder, export_in_child

TEXTS = ["The cat sat on the mat.", "A kitten rested on the rug.", "Quarterly tax filing deadlines.",
         "Okay, so next we look at the budget for the remote control."]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:  # noqa: ANN001
    """The int8 model exported once (in a child process, as at a user's first run) into a
    folder laid out as a frozen bundle's."""
    bundle = tmp_path_factory.mktemp("bundle")
    emb = OnnxEmbedder()
    export_in_child(emb._path, bundle / "onnx" / emb.file_name())  # noqa: SLF001
    return bundle


def test_onnx_vectors_match_sentence_transformers(exported, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(exported), raising=False)
    onnx = OnnxEmbedder().encode(TEXTS)
    st = embedding.SentenceTransformerEmbedder().encode(TEXTS)
    assert onnx.shape == (4, 384) and np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-3)
    assert (onnx * st).sum(axis=1).min() > 0.98  # int8 weights: close to the float model
    assert onnx[0] @ onnx[1] > onnx[0] @ onnx[2] + 0.2


def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with(exported, monkeypatch):  # noqa: ANN001
    """The int8 model scales its activations per input: in batches, a sentence's vector
    moved with its neighbours (cosine down to 0.97), so a query met shifted index rows and
    the window and the CLI titled one meeting differently."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(exported), raising=False)
    emb = OnnxEmbedder(threads=2)
    alone = np.stack([emb.encode([t])[0] for t in TEXTS])
    long = "A much longer sentence about the design of the remote control, its buttons, its case and its price. " * 3
    mixed = emb.encode([long, TEXTS[0], "x", TEXTS[1], TEXTS[2], long, TEXTS[3]] * 3)
    for got in (mixed[[1, 3, 4, 6]], mixed[[8, 10, 11, 13]], OnnxEmbedder(threads=1).encode(TEXTS)):
        assert np.array_equal(got, alone) or np.abs(got - alone).max() < 1e-6


def test_a_frozen_build_uses_its_shipped_model_and_exports_nothing(exported, monkeypatch, tmp_path):  # noqa: ANN001
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(exported), raising=False)
    monkeypatch.setenv("STRATA_CACHE_DIR", str(tmp_path / "cache"))

    def no_export(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a frozen build must not export (it has no torch)")

    monkeypatch.setattr("explorer.core.embedding_onnx.export_model", no_export)
    emb = OnnxEmbedder()
    assert emb.onnx_path() == exported / "onnx" / emb.file_name()
    assert emb.encode(["A sentence."]).shape == (1, 384)
    assert not (tmp_path / "cache" / "onnx").exists()


def test_onnx_is_the_default_and_st_falls_back_to_it_without_torch(monkeypatch):  # noqa: ANN001
    monkeypatch.delenv("STRATA_EMBEDDER", raising=False)
    monkeypatch.setattr(embedding, "_default", None)
    assert "onnx-int8" in embedding.default_embedder().model_id
    monkeypatch.setattr(embedding, "sentence_transformers_available", lambda: False)
    emb = embedding.default_embedder("st")
    assert "onnx-int8" in emb.model_id
    monkeypatch.setattr(embedding, "sentence_transformers_available", lambda: True)
    assert embedding.default_embedder("st").model_id.endswith("/st")


def test_the_first_use_says_why_it_waits(exported, monkeypatch, tmp_path):  # noqa: ANN001
    """The one-time export takes ~15 s: the progress line names it instead of sitting at 0 %."""
    import shutil

    monkeypatch.setenv("STRATA_CACHE_DIR", str(tmp_path / "cache"))
    emb = OnnxEmbedder()

    def fake_export(_model, target, **_k):  # noqa: ANN001, ANN003, ANN202 - the bundle's model, copied
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(exported / "onnx" / emb.file_name(), target)
        return target

    monkeypatch.setattr("explorer.core.embedding_onnx.export_in_child", fake_export)
    messages = []
    emb.encode(["One sentence."], progress=lambda f, m="": messages.append(m))
    assert any("preparing the embedding model" in m for m in messages)


def test_processes_loading_the_model_at_once_export_it_once(monkeypatch, tmp_path):  # noqa: ANN001
    """At a first start the analysis and the search lanes both load the model: one exports
    (a lock file), the other waits and uses the file, instead of two torch exports at once."""
    import threading
    import time

    from explorer.core import embedding_onnx

    runs = []

    def slow_export(_model, target, _quantise):  # noqa: ANN001, ANN202
        runs.append(1)
        time.sleep(0.5)
        target.write_bytes(b"model")
        return target

    monkeypatch.setattr(embedding_onnx, "_run_export", slow_export)
    target = tmp_path / "onnx" / "model.onnx"
    results = []
    threads = [threading.Thread(target=lambda: results.append(export_in_child(Path("m"), target))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert runs == [1] and results == [target] * 3


def test_a_failed_export_says_what_to_do(monkeypatch, tmp_path):  # noqa: ANN001
    """A broken export (here: a model folder that does not exist) fails with a message that
    names the way around it, and leaves no half-written model behind."""
    target = tmp_path / "onnx" / "model.onnx"
    with pytest.raises(RuntimeError, match="sentence-transformers"):
        export_in_child(tmp_path / "no-such-model", target)
    assert not target.exists()
