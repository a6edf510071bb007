"""Optional generative chapter titles (off by default, never required, never downloaded).

Backends, chosen by environment:

* ``STRATA_TITLE_LLM_URL``: an OpenAI-compatible server on the user's machine
  (Ollama, llama.cpp server), e.g. ``http://localhost:11434/v1``; model name from
  ``STRATA_TITLE_LLM_MODEL`` (default ``"local"``).
* ``STRATA_TITLE_GGUF``: a GGUF file the user has, through ``llama-cpp-python`` if
  installed.

Each chapter is prompted with global context (document title, previous titles,
PODTILE style) and an excerpt, asked for JSON ``{"title": "..."}`` at temperature 0.
Every proposal is vetted: 2 to 8 words, no filler-only title, and its embedding
must be at least as close to the chapter centroid as ``VETO_MARGIN`` below the
keyphrase title's; otherwise the keyphrase title is kept.
"""
from __future__ import annotations

import json
import logging
import os
import re
from typing import Callable, Optional, Sequence

import numpy as np

from .embedding import Embedder
from .model import Chapter, Document
from .titling_text import clean_unit, has_filler_only

log = logging.getLogger(__name__)

VETO_MARGIN = 0.05
EXCERPT_WORDS = 350

# A completion function: (system prompt, user prompt) -> raw model text.
Complete = Callable[[str, str], str]

SYSTEM = (
    "You write short chapter titles for a document navigator. Answer with JSON only: "
    '{"title": "<2 to 8 words>"}. The title names the chapter\'s topic specifically, '
    "differs from the previous titles, and never uses filler words."
)


def build_prompt(doc_title: str, previous: Sequence[str], excerpt: str) -> str:
    prev = "; ".join(previous[-5:]) or "(none)"
    return f"Document: {doc_title or '(untitled)'}\nPrevious chapter titles: {prev}\nChapter text:\n{excerpt}\n\nJSON:"


def parse_title(raw: str) -> Optional[str]:
    """The ``title`` of the first JSON object in ``raw`` (code fences tolerated), cleaned; None if absent."""
    if not raw:
        return None
    m = re.search(r"\{.*?\}", raw, re.S)
    if not m:
        return None
    try:
        obj = json.loads(m.group(0))
    except ValueError:
        return None
    title = obj.get("title") if isinstance(obj, dict) else None
    if not isinstance(title, str):
        return None
    title = " ".join(title.strip().strip("\"'").split()).rstrip(".")
    n = len(title.split())
    if n < 2 or n > 8 or has_filler_only(title):
        return None
    return title


def vet_titles(
    proposals: Sequence[Optional[str]],
    fallback: Sequence[str],
    centroids: np.ndarray,
    embedder: Embedder,
    margin: float = VETO_MARGIN,
) -> list[str]:
    """Keep a proposal only when it is about as close to its chapter as the fallback title."""
    out = list(fallback)
    idx = [i for i, p in enumerate(proposals) if p]
    if not idx:
        return out
    prop_vecs = embedder.encode([proposals[i] for i in idx])  # type: ignore[misc]
    fb_vecs = embedder.encode([fallback[i] for i in idx])
    for k, i in enumerate(idx):
        if float(prop_vecs[k] @ centroids[i]) >= float(fb_vecs[k] @ centroids[i]) - margin:
            out[i] = proposals[i]  # type: ignore[assignment]
    return out


def openai_complete(url: str, model: str, timeout: float = 60.0) -> Complete:
    """A completion function for an OpenAI-compatible ``/chat/completions`` endpoint on localhost."""
    import urllib.request

    endpoint = url.rstrip("/") + ("/chat/completions" if url.rstrip("/").endswith("/v1") else "/v1/chat/completions")

    def complete(system: str, user: str) -> str:
        body = json.dumps(
            {
                "model": model,
                "temperature": 0,
                "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
                "response_format": {"type": "json_object"},
                "max_tokens": 40,
            }
        ).encode()
        req = urllib.request.Request(endpoint, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - user-configured local URL
            data = json.loads(resp.read().decode("utf-8"))
        return str(data["choices"][0]["message"]["content"])

    return complete


def gguf_complete(path: str) -> Complete:
    """A completion function over a local GGUF file with llama-cpp-python (optional extra)."""
    from llama_cpp import Llama  # type: ignore[import-not-found]

    llm = Llama(model_path=path, n_ctx=2048, verbose=False)

    def complete(system: str, user: str) -> str:
        out = llm.create_chat_completion(
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            temperature=0,
            max_tokens=40,
            response_format={"type": "json_object"},
        )
        return str(out["choices"][0]["message"]["content"])

    return complete


def configured_backend() -> Optional[Complete]:
    """The backend the environment asks for, or None (the default)."""
    url = os.environ.get("STRATA_TITLE_LLM_URL")
    if url:
        return openai_complete(url, os.environ.get("STRATA_TITLE_LLM_MODEL", "local"))
    gguf = os.environ.get("STRATA_TITLE_GGUF")
    if gguf:
        try:
            return gguf_complete(gguf)
        except ImportError:
            log.warning("STRATA_TITLE_GGUF is set but llama-cpp-python is not installed; using keyphrase titles")
    return None


def propose_titles(
    texts: Sequence[str],
    spans: Sequence[tuple[int, int]],
    fallback: Sequence[str],
    centroids: np.ndarray,
    embedder: Embedder,
    complete: Complete,
    *,
    doc_title: str = "",
) -> list[str]:
    """Ask ``complete`` for one title per span (with previous titles as context) and vet each."""
    proposals: list[Optional[str]] = []
    previous: list[str] = []
    for i, (a, b) in enumerate(spans):
        excerpt = " ".join(" ".join(clean_unit(t) for t in texts[a:b]).split()[:EXCERPT_WORDS])
        try:
            raw = complete(SYSTEM, build_prompt(doc_title, previous, excerpt))
        except Exception as exc:  # noqa: BLE001 - a local server failing must never break titling
            log.warning("generative title failed for chapter %d: %s", i + 1, exc)
            raw = ""
        title = parse_title(raw)
        proposals.append(title)
        previous.append(title or fallback[i])
    return vet_titles(proposals, fallback, centroids, embedder)


def generative_titles(
    doc: Document,
    chapters: Sequence[Chapter],
    embeddings: np.ndarray,
    embedder: Embedder,
    fallback: Sequence[str],
    complete: Optional[Complete] = None,
) -> Optional[list[str]]:
    """Vetted generative titles when a backend is configured (or given), else None."""
    complete = complete or configured_backend()
    if complete is None:
        return None
    x = np.asarray(embeddings, dtype=np.float64)
    cents = []
    for c in chapters:
        v = x[c.start : c.end].mean(axis=0)
        cents.append(v / max(float(np.linalg.norm(v)), 1e-12))
    texts = [s.text for s in doc.sentences]
    return propose_titles(texts, [(c.start, c.end) for c in chapters], fallback, np.stack(cents), embedder, complete,
                          doc_title=doc.title)
