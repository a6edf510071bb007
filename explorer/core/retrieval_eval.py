"""Retrieval evaluation: reference sets as Documents, and the hit@k / MRR metric.

Two folder formats are read (see ``shared/data/retrieval/README.md``):

* COVID-QA style: ``docs.jsonl`` ``{doc_id, title, text}`` and ``queries.jsonl``
  ``{qid, doc_id, query, char_start, char_end}`` (gold = a character span);
* QMSum style: ``docs.jsonl`` ``{doc_id, turns: [{speaker, text}]}`` and
  ``queries.jsonl`` ``{qid, doc_id, query, turn_spans: [[a, b], ...]}`` (inclusive turns).

Both become plain :class:`Document` objects split into sentences by the same splitter
the loaders use, and every gold location becomes a list of half-open *sentence*
ranges. A returned chunk is a hit when its sentence range overlaps a gold range;
since chunks are whole sentences this equals "the chunk's character (or turn) span
overlaps the gold span", so any chunker is scored fairly. Reference topics in the
files are never read: chapters must come from Strata's own segmentation.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .embedding import encode_query
from .loaders.transcripts.common import strip_annotations
from .model import Anchor, Chapter, Cue, Document, Sentence
from .sentences import split_spans

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class Query:
    """One evaluation query: its text, document and gold sentence ranges (half-open)."""

    qid: str
    doc_id: str
    text: str
    gold: tuple[tuple[int, int], ...]


@dataclass
class RetrievalSet:
    name: str
    docs: dict[str, Document]
    queries: list[Query]


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def covid_document(row: dict) -> tuple[Document, list[tuple[int, int]]]:
    """A paper as a Document (anchors carry no page) and the character span of each sentence."""
    text = row["text"]
    spans = split_spans(text)
    sentences = [Sentence(i, text[a:b], Anchor()) for i, (a, b) in enumerate(spans)]
    doc = Document(
        id=_doc_id(text), path=row["doc_id"], kind="pdf", format="text", title=row.get("title", ""),
        sentences=sentences, metadata={"eval_id": row["doc_id"]},
    )
    return doc, spans


def qmsum_document(row: dict) -> tuple[Document, list[int]]:
    """A meeting as a transcript Document (one cue per turn; the turn index stands in for
    seconds, since QMSum has no times) and the turn of each sentence."""
    sentences: list[Sentence] = []
    cues: list[Cue] = []
    turn_of: list[int] = []
    for t, turn in enumerate(row["turns"]):
        text = " ".join(strip_annotations(turn["text"]).split())
        speaker = turn.get("speaker") or None
        cues.append(Cue(t, float(t), float(t + 1), text, speaker))
        for a, b in split_spans(text) or ([(0, len(text))] if text else []):
            anchor = Anchor(start=float(t), end=float(t + 1), cues=(t,), speaker=speaker)
            sentences.append(Sentence(len(sentences), text[a:b], anchor))
            turn_of.append(t)
    raw = json.dumps(row["turns"], sort_keys=True)
    doc = Document(
        id=_doc_id(raw), path=row["doc_id"], kind="transcript", format="qmsum", title="",
        sentences=sentences, cues=cues, duration=float(len(cues)), metadata={"eval_id": row["doc_id"]},
    )
    return doc, turn_of


def _ranges_from_mask(mask: Sequence[bool]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start = None
    for i, m in enumerate(list(mask) + [False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            out.append((start, i))
            start = None
    return tuple(out)


def load_set(folder: Path, *, limit: Optional[int] = None) -> RetrievalSet:
    """Read a COVID-QA- or QMSum-style folder; ``limit`` keeps the first N queries and the
    documents they need."""
    folder = Path(folder)
    qrows = _read_jsonl(folder / "queries.jsonl")
    if limit is not None:
        qrows = qrows[:limit]
    needed = {q["doc_id"] for q in qrows}
    docs: dict[str, Document] = {}
    queries: list[Query] = []
    with open(folder / "docs.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip() and json.loads(line)["doc_id"] in needed]
    meta: dict[str, object] = {}
    for row in rows:
        if "turns" in row:
            doc, turn_of = qmsum_document(row)
            meta[row["doc_id"]] = turn_of
        else:
            doc, spans = covid_document(row)
            meta[row["doc_id"]] = spans
        docs[row["doc_id"]] = doc
    for q in qrows:
        info = meta.get(q["doc_id"])
        if info is None:
            continue
        if "turn_spans" in q:
            turns = set()
            for a, b in q["turn_spans"]:
                turns.update(range(int(a), int(b) + 1))
            mask = [t in turns for t in info]  # type: ignore[union-attr]
        else:
            a, b = int(q["char_start"]), int(q["char_end"])
            mask = [s < b and e > a for s, e in info]  # type: ignore[union-attr]
        gold = _ranges_from_mask(mask)
        if gold:
            queries.append(Query(q["qid"], q["doc_id"], q["query"], gold))
        else:
            log.warning("query %s has no gold sentence; skipped", q["qid"])
    return RetrievalSet(folder.name, docs, queries)


def is_hit(start: int, end: int, gold: Iterable[tuple[int, int]]) -> bool:
    """True when the half-open range [start, end) overlaps any gold range."""
    return any(start < b and end > a for a, b in gold)


def score_ranking(ranked: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], ks: Sequence[int] = (1, 5, 10)) -> dict:
    """hit@k for each k and the reciprocal rank of the first hit (0 when none in the list)."""
    first = next((i for i, (s, e) in enumerate(ranked) if is_hit(s, e, gold)), None)
    out = {f"hit@{k}": float(first is not None and first < k) for k in ks}
    out["mrr"] = 0.0 if first is None else 1.0 / (first + 1)
    return out


def aggregate(rows: Sequence[dict]) -> dict:
    """Mean of each metric over queries (rounded to 4 places)."""
    if not rows:
        return {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr": 0.0}
    keys = rows[0].keys()
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}


# -- running an evaluation ------------------------------------------------------------------
def chapters_for(doc: Document, embedder, *, source: str = "auto"):  # type: ignore[no-untyped-def]
    """Strata's own chapters for ``doc`` and where they came from.

    ``strata``: ``explorer.core.chaptering.compute_chapters`` (the shipped pipeline);
    ``segmentation``: when that module is missing, ``segmentation.segment_document``
    plus ``titling.title_chapters`` on the cached sentence embeddings (the same
    segmenter and titler); ``windows``: fixed windows titled "Part N". Reference
    topics in the data are never used.
    """
    from .index_chunks import fallback_chapters

    plain = Document(doc.id, doc.path, doc.kind, doc.format, doc.title, doc.sentences)
    if source in ("auto", "strata"):
        try:
            from .chaptering import compute_chapters  # written in parallel; optional here
        except ImportError:
            compute_chapters = None
        if compute_chapters is not None:
            try:
                _, chapters = compute_chapters(doc, granularity=0, blocks=None, embedder=embedder)
                if chapters:
                    return list(chapters), "strata"
            except Exception as exc:  # noqa: BLE001 - a failing segmenter must not kill the evaluation
                log.warning("compute_chapters failed on %s (%s)", doc.path, exc)
        try:
            from .pipeline import sentence_embeddings
            from .segmentation import params_for, segment_document
            from .titling import title_chapters

            emb = sentence_embeddings(doc, embedder)
            seg = segment_document(doc, emb, params=params_for(embedder))
            chapters = title_chapters(doc, list(seg.chapters), emb, embedder)
            sections = (title_chapters(doc, list(seg.sections), emb, embedder, avoid=[c.title for c in chapters])
                        if seg.sections else [])
            if chapters:
                return chapters + [replace(c, level=2) for c in sections], "segmentation"
        except ImportError:
            pass
        except Exception as exc:  # noqa: BLE001
            log.warning("segmentation failed on %s (%s); using fixed windows", doc.path, exc)
    return fallback_chapters(plain), "windows"


def evaluate(
    folder: Path,
    *,
    limit: Optional[int] = None,
    embedder=None,  # type: ignore[no-untyped-def]
    work_dir: Optional[Path] = None,
    methods: Sequence[str] = ("plain", "situated"),
    scope: str = "doc",
    chapter_source: str = "auto",
    weights: Sequence[Optional[float]] = (None,),
    progress=None,  # type: ignore[no-untyped-def]
) -> dict:
    """hit@1/5/10 and MRR for text, plain, situated and hybrid on one reference folder.

    Each method gets its own library under ``work_dir`` (a temporary folder when
    None). ``scope='doc'`` searches only the query's document (the questions were
    written against one document); ``'corpus'`` searches everything loaded.
    ``methods`` names situating presets; ``situated`` is the shipped default.
    """
    import tempfile

    from .embedding import default_embedder
    from .index import Library
    from .index_situate import DEFAULT
    from .search import fuse, text_rows, vector_rows

    data = load_set(Path(folder), limit=limit)
    embedder = embedder or default_embedder()
    tmp = None
    if work_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="strata-eval-")
        work_dir = Path(tmp.name)
    chapters: dict[str, list] = {}
    sources: dict[str, int] = {}
    cache = Path(work_dir) / f"chapters-{chapter_source}-{embedder.model_id.replace('/', '_')}.json"
    known = json.loads(cache.read_text()) if cache.is_file() else {}
    for i, (name, doc) in enumerate(data.docs.items()):
        if doc.id in known:  # segmentation is the slow part of a re-run: keep it with the indexes
            chapters[name] = [Chapter(a, b, t, level=lv) for a, b, t, lv in known[doc.id]["chapters"]]
            src = known[doc.id]["source"]
        else:
            chapters[name], src = chapters_for(doc, embedder, source=chapter_source)
            known[doc.id] = {"source": src, "chapters": [[c.start, c.end, c.title, c.level] for c in chapters[name]]}
            Path(work_dir).mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(known))
        sources[src] = sources.get(src, 0) + 1
        if progress:
            progress(0.3 * (i + 1) / len(data.docs), f"chapters {i + 1}/{len(data.docs)}")
    libs: dict[str, Library] = {}
    for mi, method in enumerate(methods):
        preset_name = DEFAULT if method == "situated" else method
        lib = Library(Path(work_dir) / f"{data.name}-{preset_name}-{embedder.model_id.replace('/', '_')}", embedder, situate=preset_name)
        for i, (name, doc) in enumerate(data.docs.items()):
            lib.ingest(doc, chapters[name])
            if progress:
                progress(0.3 + 0.6 * (mi + (i + 1) / len(data.docs)) / len(methods), f"{method}: indexed {i + 1}/{len(data.docs)}")
        lib.optimize()
        libs[method] = lib
    text_lib = libs.get("situated") or next(iter(libs.values()))
    results: dict[str, list[dict]] = {}
    landed: dict[str, list[bool]] = {}
    doc_vectors: dict[str, object] = {}
    pool = 30
    for qi, q in enumerate(data.queries):
        doc = data.docs[q.doc_id]
        f = {"doc_id": doc.id} if scope == "doc" else {}
        qv = encode_query(embedder, q.text)
        txt = text_rows(text_lib, q.text, pool, **f)
        results.setdefault("text", []).append(score_ranking(_ranked(txt, doc.id), q.gold))
        if len(methods) > 2:  # measuring variants: BM25 on the bare chunk text too
            body = text_rows(text_lib, q.text, pool, situated=False, **f)
            results.setdefault("text-body", []).append(score_ranking(_ranked(body, doc.id), q.gold))
        vecs = {}
        for method, lib in libs.items():
            vecs[method] = vector_rows(lib, q.text, pool, vector=qv, **f)
            results.setdefault(method, []).append(score_ranking(_ranked(vecs[method], doc.id), q.gold))
        base = vecs.get("situated") or next(iter(vecs.values()))
        for w in weights:
            key = "hybrid" if w is None and len(weights) == 1 else f"hybrid@{'auto' if w is None else w}"
            fused = fuse(base, txt, pool, w_vector=w)
            results.setdefault(key, []).append(score_ranking(_ranked(fused, doc.id), q.gold))
            if w is None and fused:
                _land(fused[0], doc, q, qv, embedder, doc_vectors, landed)
        if progress and qi % 20 == 0:
            progress(0.9 + 0.1 * qi / max(1, len(data.queries)), f"queries {qi}/{len(data.queries)}")
    out = {
        "modes": {m: aggregate(rows) for m, rows in results.items()},
        "queries": len(data.queries),
        "documents": len(data.docs),
        "chunks": {m: lib.chunk_count() for m, lib in libs.items()},
        "chapters": sources,
        "landing": landing_summary(landed),
        "scope": scope,
        "model": embedder.model_id,
        "situated_method": DEFAULT,
    }
    if tmp is not None:
        tmp.cleanup()
    return out


def _land(row: dict, doc: Document, q: Query, query_vector, embedder, vectors: dict, landed: dict) -> None:  # noqa: ANN001
    """Where the window would land on the top hybrid hit, when that hit holds the answer:
    whether the landing sentence lies inside the answer, per landing rule."""
    from .hit_focus import best_sentence, query_closeness
    from .pipeline import sentence_embeddings

    start, end = int(row["start"]), int(row["end"])
    if row["doc_id"] != doc.id or not is_hit(start, end, q.gold):
        return
    if doc.id not in vectors:
        vectors[doc.id] = sentence_embeddings(doc, embedder)
    rows = range(max(0, start), min(end, len(doc.sentences)))
    closeness = query_closeness(vectors[doc.id], query_vector)
    for rule, focus in (("passage_start", rows.start if len(rows) else None),
                        ("words", best_sentence(doc.sentences, rows, q.text)),
                        ("words_then_meaning", best_sentence(doc.sentences, rows, q.text, closeness=closeness))):
        landed.setdefault(rule, []).append(focus is not None and any(a <= focus < b for a, b in q.gold))


def landing_summary(landed: dict[str, list[bool]]) -> dict:
    """``{"hits_on_answer": n, RULE: share of them landing inside the answer}``."""
    n = len(next(iter(landed.values()), []))
    return {"hits_on_answer": n, **{rule: (sum(v) / n if n else 0.0) for rule, v in landed.items()}}


def _ranked(rows: Sequence[dict], doc_id: str) -> list[tuple[int, int]]:
    """Sentence ranges of the rows, with rows of other documents made unhittable."""
    return [(int(r["start"]), int(r["end"])) if r["doc_id"] == doc_id else (-2, -1) for r in rows]
