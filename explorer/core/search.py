"""Search the library: vector, full-text (BM25) and hybrid queries -> ``list[Hit]``.

* ``vector``: the query's unit vector against the in-memory mirror of the chunk
  vectors (:mod:`index_mirror`: exact below 50k chunks, an inverted-file index above,
  kept in step with the table by :mod:`index_mirror_store`).
* ``text``: LanceDB's native BM25 full-text index over the chunk's situated words
  (the ``context`` column: heading path and the text with its speakers).
* ``hybrid``: reciprocal rank fusion of both lists (equal weights) under a head of
  each list's top two chunks, full text's best first (see :func:`fuse`).

Hits carry document title, chapter title, a snippet with the query's words wrapped
in ``<b>…</b>`` (HTML-escaped, ready for a rich-text label), the score and the
anchor. Adjacent or overlapping hits from one document and chapter are merged
(``merge=False`` keeps chunk-level results, as the evaluation needs). With
``adaptive=True`` the list stops where the scores drop sharply.
"""
from __future__ import annotations

import html
import json
import logging
import re
import threading
from dataclasses import replace
from typing import Any, Optional

import numpy as np

from .embedding import encode_query
from .hit_focus import SNIPPET_WORDS
from .index import CHUNKS, DOCUMENTS, Library, _sql_str
from .index_chunks import anchor_from_row, section_at
from .index_mirror import VectorMirror
from .language import query_forms, unspaced_bigrams
from .model import Anchor, Chapter, Hit, Rect
from .query_words import STOPWORDS, term_matcher

log = logging.getLogger(__name__)

MODES = ("vector", "text", "hybrid")
RRF_K = 60
HEAD_PER_LIST = 2  # each list's best chunks that open the hybrid hits (see fuse)
HIT_COLUMNS = ["id", "doc_id", "kind", "chapter_title", "start", "end", "pages", "rects",
               "t_start", "t_end", "speaker", "text", "context"]
_lock = threading.Lock()


# -- the mirror ----------------------------------------------------------------------
def mirror(library: Library) -> Optional[VectorMirror]:
    """The vector mirror of the library's current chunks table version.

    Kept in step incrementally, with its layout persisted in the cache dir
    (:mod:`index_mirror_store`), so neither an ingest nor a restart rebuilds it.
    """
    tbl = library.table(CHUNKS)
    if tbl is None:
        return None
    with _lock:
        m = library._mirror
        if m is not None and m.version == tbl.version:
            return m
        from .index_mirror_store import sync

        m = sync(tbl.to_lance(), model_id=library.embedder.model_id, dim=library.embedder.dim, previous=m,
                 table_path=str(library.path / CHUNKS))
        library._mirror = m
        return m


def _doc_info(library: Library) -> dict[str, dict]:
    tbl = library.table(DOCUMENTS)
    if tbl is None:
        return {}
    version = tbl.version
    cached = getattr(library, "_doc_cache", None)
    if cached and cached[0] == version:
        return cached[1]
    rows = tbl.to_lance().to_table(columns=["id", "title", "path", "kind", "chapters"]).to_pylist()
    info = {}
    for r in rows:
        r["sections"], r["page_labels"] = _indexed_parts(r.pop("chapters", None))
        info[r["id"]] = r
    library._doc_cache = (version, info)  # type: ignore[attr-defined]
    return info


def _indexed_parts(signature: Optional[str]) -> tuple[list[Chapter], list[str]]:
    """The sections a document was indexed with and its printed page labels (from its row's
    chapter signature; a row written before labels were kept has none)."""
    try:
        parts = json.loads(signature or "{}")
        sections = [Chapter(int(a), int(b), str(t), level=2) for a, b, t in parts.get("sections") or []]
        return sections, [str(x) for x in parts.get("page_labels") or []]
    except (ValueError, TypeError, AttributeError):
        return [], []


# -- the three kinds of query -------------------------------------------------------------
def vector_rows(library: Library, query: str, k: int, *, doc_id: Optional[str] = None,
                kind: Optional[str] = None, vector: Optional[np.ndarray] = None) -> list[dict]:
    m = mirror(library)
    if m is None or m.n == 0:
        return []
    q = vector if vector is not None else encode_query(library.embedder, query)
    offsets, scores = m.search(q, k, doc_id=doc_id, kind=kind)
    rows = m.fetch(offsets, HIT_COLUMNS)  # by row address, from the mirror's table version
    for r, s in zip(rows, scores):
        r["_score"] = float(s)
    return rows


def text_rows(library: Library, query: str, k: int, *, doc_id: Optional[str] = None,
              kind: Optional[str] = None, situated: bool = True) -> list[dict]:
    """BM25 over the chunk's situated words (``context``: heading path, then the text with
    its speakers) or, with ``situated=False``, over the bare chunk text."""
    tbl = library.table(CHUNKS)
    words = [w for w in re.findall(r"\w+", query.lower()) if w not in STOPWORDS] or re.findall(r"\w+", query.lower())
    if tbl is None or not words:
        return []
    # Korean and Arabic words carry their particles in the index ("경기는", "البرمجة").
    terms = [f for w in words for f in query_forms(w)]
    q = tbl.search(unspaced_bigrams(" ".join(terms)), query_type="fts", fts_columns="context" if situated else "text")
    where = []
    if doc_id is not None:
        where.append(f"doc_id = {_sql_str(doc_id)}")
    if kind is not None:
        where.append(f"kind = {_sql_str(kind)}")
    if where:
        q = q.where(" AND ".join(where), prefilter=True)
    try:
        return q.select(HIT_COLUMNS + ["_score"]).limit(k).to_list()
    except Exception as exc:  # noqa: BLE001 - no index yet, or a query the parser rejects
        log.info("full-text query failed: %s", exc)
        return []


def fuse(vec: list[dict], txt: list[dict], k: int, *, w_vector: Optional[float] = None, pin_top: bool = True) -> list[dict]:
    """Reciprocal rank fusion of both lists under a head that keeps each list's best.

    With ``pin_top`` the hits open with each list's top ``HEAD_PER_LIST`` chunks,
    interleaved, full text's first; RRF (equal weights, k = 60, no weight fitted to
    evaluation queries) orders the rest.

    * RRF alone favours chunks both lists rank fairly high, and pushed a chunk one list
      ranked first or second below the fifth place (22 of 237 QMSum queries): the head
      keeps the hybrid from losing what either member found at its top.
    * Full text's best chunk comes first whenever words matched, so the hybrid's first
      hit is never worse than full text's (the issue's floor). Choosing the leader per
      query by which list's best score stands further out of its pool (its z-score)
      won on meetings (QMSum hit@1 .498 against .473) but lost on long papers over all
      1,380 COVID-QA queries (.613 against .625), and no margin on that choice met the
      floor on both.

    ``w_vector`` forces another vector weight (measurements); with no word match the
    vector list decides alone.
    """
    w = 0.5 if w_vector is None else w_vector
    if not txt:
        w = 1.0
    score: dict[str, float] = {}
    rows: dict[str, dict] = {}
    for weight, lst in ((w, vec), (1.0 - w, txt)):
        for rank, r in enumerate(lst):
            score[r["id"]] = score.get(r["id"], 0.0) + weight / (RRF_K + rank + 1)
            rows.setdefault(r["id"], r)
    order = sorted(score, key=lambda i: -score[i])
    if pin_top and txt and vec:
        head: list[str] = []
        for rank in range(HEAD_PER_LIST):
            for lst in (txt, vec):
                if rank < len(lst) and lst[rank]["id"] not in head:
                    head.append(lst[rank]["id"])
        order = head + [i for i in order if i not in head]
        best = max(score.values())
        for j, i in enumerate(head):
            score[i] = best + 1e-6 * (len(head) - j)
    out = []
    for i in order[:k]:
        r = dict(rows[i])
        r["_score"] = score[i]
        out.append(r)
    return out


# -- hits ---------------------------------------------------------------------------------
def snippet(text: str, query: str, width: int = SNIPPET_WORDS) -> str:
    """Up to ``width`` words around the densest cluster of query words, matches in ``<b>``."""
    words = text.split()
    matched = term_matcher(query)
    flags = [bool(matched(w)) for w in words]
    start = 0
    if len(words) > width and any(flags):
        best = max(range(0, len(words) - width + 1), key=lambda i: (sum(flags[i : i + width]), -i))
        start = best
    part = range(start, min(len(words), start + width))
    out = [f"<b>{html.escape(words[i])}</b>" if flags[i] else html.escape(words[i]) for i in part]
    return ("… " if start > 0 else "") + " ".join(out) + (" …" if part.stop < len(words) else "")


def _hit(row: dict, docs: dict[str, dict], query: str) -> Hit:
    doc = docs.get(row["doc_id"], {})
    chapter = row.get("chapter_title") or ""
    section = section_at(doc.get("sections") or [], int(row["start"]))
    anchor = anchor_from_row(row)
    labels = doc.get("page_labels") or []
    return Hit(
        doc_id=row["doc_id"], doc_title=doc.get("title") or "", chapter_title=chapter,
        section_title=section.title if section is not None and section.title != chapter else "",
        start=int(row["start"]), end=int(row["end"]), text=row["text"], snippet=snippet(row["text"], query),
        score=float(row.get("_score") or 0.0), anchor=anchor, kind=row.get("kind") or "pdf",
        path=doc.get("path") or "",
        page_label=labels[anchor.page] if anchor.page is not None and 0 <= anchor.page < len(labels) else "",
    )


def _merge_anchor(a: Anchor, b: Anchor) -> Anchor:
    page_rects = a.page_rects + tuple(pr for pr in b.page_rects if pr not in a.page_rects)
    page = a.page if a.page is not None else b.page
    times = [t for t in (a.start, a.end, b.start, b.end) if t is not None]
    return Anchor(page=page, rects=tuple(r for p, r in page_rects if p == page), page_rects=page_rects,
                  start=min(times) if times else None, end=max(times) if times else None, speaker=a.speaker or b.speaker)


def merge_hits(hits: list[Hit]) -> list[Hit]:
    """Fold hits of one document and chapter (and section) that touch or overlap into the best-ranked one."""
    out: list[Hit] = []
    for h in hits:
        for i, o in enumerate(out):
            if (o.doc_id, o.chapter_title, o.section_title) == (h.doc_id, h.chapter_title, h.section_title) \
                    and h.start <= o.end and o.start <= h.end:
                first, second = (o, h) if o.start <= h.start else (h, o)
                text = first.text if second.end <= first.end else first.text + " " + second.text
                out[i] = replace(o, start=min(o.start, h.start), end=max(o.end, h.end), text=text,
                                 snippet=o.snippet, anchor=_merge_anchor(first.anchor, second.anchor))
                break
        else:
            out.append(h)
    return out


def adaptive_cut(hits: list[Hit], *, min_keep: int = 1, drop: float = 0.5) -> list[Hit]:
    """Stop at the first large fall of the score curve (a gap over ``drop`` times the
    spread of the scores so far, or a score under half the best)."""
    if len(hits) <= min_keep:
        return hits
    s = [h.score for h in hits]
    top = s[0]
    for i in range(max(1, min_keep), len(s)):
        spread = max(1e-9, top - s[-1])
        if (s[i - 1] - s[i]) > drop * spread or (top > 0 and s[i] < 0.5 * top):
            return hits[:i]
    return hits


def search_rows(library: Library, query: str, *, k: int = 10, mode: str = "hybrid", doc_id: Optional[str] = None,
                kind: Optional[str] = None, w_vector: Optional[float] = None,
                vector: Optional[np.ndarray] = None) -> list[dict]:
    """Raw ranked chunk rows (with ``_score``), best first, orphan rows dropped.
    ``vector``: the query's vector, when the caller has encoded it already."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if not query.strip():
        return []
    pool = max(k, 30) if mode == "hybrid" else k
    vec = vector_rows(library, query, pool, doc_id=doc_id, kind=kind, vector=vector) if mode != "text" else []
    txt = text_rows(library, query, pool, doc_id=doc_id, kind=kind) if mode != "vector" else []
    rows = vec if mode == "vector" else txt if mode == "text" else fuse(vec, txt, pool, w_vector=w_vector)
    docs = _doc_info(library)
    return [r for r in rows if r["doc_id"] in docs][:k]


def search(library: Library, query: str, *, k: int = 10, mode: str = "hybrid", doc_id: Optional[str] = None,
           kind: Optional[str] = None, adaptive: bool = False, merge: bool = True,
           vector: Optional[np.ndarray] = None) -> list[Hit]:
    """Search ``library``; see the module docstring for modes, merging and the cut-off.
    ``vector``: the query's vector, when the caller has encoded it already."""
    rows = search_rows(library, query, k=k, mode=mode, doc_id=doc_id, kind=kind, vector=vector)
    docs = _doc_info(library)
    hits = [_hit(r, docs, query) for r in rows]
    if merge:
        hits = merge_hits(hits)
    if adaptive:
        hits = adaptive_cut(hits)
    return hits


def as_dict(hit: Hit) -> dict[str, Any]:
    """A JSON-ready view of a hit (used by ``strata-cli search --json``)."""
    a = hit.anchor
    return {
        "doc_id": hit.doc_id, "doc_title": hit.doc_title, "path": hit.path, "kind": hit.kind,
        "chapter": hit.chapter_title, "section": hit.section_title, "page_label": hit.page_label,
        "start": hit.start, "end": hit.end, "score": round(hit.score, 5),
        "snippet": hit.snippet, "text": hit.text,
        "anchor": {"page": a.page, "rects": [[p, *map(lambda v: round(v, 2), r.as_tuple())] for p, r in a.page_rects],
                   "start": a.start, "end": a.end, "speaker": a.speaker},
        # the sentence the hit lands on (the one that best matches the query), where known
        "focus": None if hit.focus is None else {
            "sentence": hit.focus, "page": hit.landing.page, "page_label": hit.landing_page_name or None,
            "start": hit.landing.start, "speaker": hit.landing.speaker},
    }


__all__ = ["search", "search_rows", "snippet", "merge_hits", "adaptive_cut", "fuse", "mirror", "as_dict", "Rect"]
