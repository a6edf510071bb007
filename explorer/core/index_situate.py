"""Situated chunk embeddings: a short chunk embedded *in its context*.

A chunk alone is often ambiguous ("this method", "he", a table row). Two ways of
situating it are implemented and measured by ``strata-cli eval retrieval``:

* **prefix**: the text that is encoded is ``"<doc title> > <chapter title>: <chunk>"``.
  Titles only: pasting neighbouring sentences into the text makes the neighbour
  chunk look like the answer (``neighbours > 0`` reproduces that for measurement).
* **average**: the chunk's own vector plus weighted vectors of its context: the
  title line and the window of neighbouring chunks in the same chapter (the mean of
  their vectors), renormalised. This situates the vector without moving the chunk's
  words, so the top hit does not slide onto a neighbour, and it costs no extra
  encoding beyond one short title line per chapter.

* **speakers** (transcripts): the chunk is encoded as it reads in a transcript,
  ``"Grad A: … Professor B: …"``, with the speaker named at every change of turn.
  Who speaks is context the bare sentences lack ("what did the professor think of
  …"), and it is the chunk's own metadata, so no neighbouring words move in.

* **sentences**: the chunk's vector plus ``sentence_weight`` times the mean of its
  sentences' vectors, each sentence encoded alone (the vectors the pipeline already
  computed for segmentation, so nothing more is encoded in the app). A chunk of 40 to
  120 words encoded whole is dominated by its main subject; a question usually asks
  about one sentence of it, which the sentence view keeps audible. Measured on
  COVID-QA (scope doc, Strata's own chapters, st backend): top-5 failures -11% on the
  first 300 queries, -12.6% on the 1,080 queries after them (57 unseen papers),
  hit@1 +3 points there. On QMSum it moves hit@5 by nothing at weight 1.5 and costs
  the hybrid 4 queries of hit@5, so the default leaves transcripts out
  (``sentence_transcripts=False``): a transcript keeps its speaker-labelled vector.

Measured and not shipped (COVID-QA, first 300 queries, top-5 failures against plain):
late chunking (the chunk's tokens mean-pooled from a window of 256 word pieces with
the neighbouring sentences, Jina-style) +13% (worse; +4% blended half and half with
the chunk vector; +3% at 192 word pieces), and on QMSum -24% blended (speakers alone
-23%) for twice the encoding; a document centroid added at 0.3 -1%; neighbour-chunk
averaging at 0.2 to 0.35 +2%; chapter-title vectors +10%.

Both can be combined. The full-text side is situated too: BM25 reads the ``context``
column, the heading path followed by the chunk's words with their speakers.
The method and its parameters are stored in the index metadata (``Situate.name``);
changing them re-embeds.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import numpy as np

from .embedding import Embedder
from .language import unspaced_bigrams
from .model import Chapter, Chunk, Document
from .progress import CancelToken, Progress, check, report, scaled


@dataclass(frozen=True)
class Situate:
    """How chunk vectors are situated. ``name`` is stored with the index."""

    name: str
    prefix: bool = False          # encode "doc > chapter: text"
    neighbours: int = 0           # previous sentences pasted into the encoded text (measured, not shipped)
    title_weight: float = 0.0     # weight of the title-line vector added to the chunk vector
    window_weight: float = 0.0    # weight of the mean vector of neighbouring chunks
    window: int = 1               # neighbouring chunks on each side (same chapter only)
    group_weight: float = 0.0     # weight of the mean vector of all chunks of the same section (or chapter)
    doc_title: bool = True        # include the document title in the context line
    speakers: bool = False        # transcripts: "Speaker: text" at every change of speaker in the encoded text
    sentence_weight: float = 0.0  # weight of the mean vector of the chunk's sentences, each encoded alone
    sentence_power: float = 0.0   # in that mean, a sentence weighs (its words) ** power
    sentence_transcripts: bool = True  # False: transcripts keep their chunk vector (no sentence mean)

    def as_dict(self) -> dict:
        """The settings stored with the index. Fields added later are left out while they
        hold their neutral value, so indexes built before them stay current."""
        d = asdict(self)
        for key, neutral in (("sentence_weight", 0.0), ("sentence_power", 0.0), ("sentence_transcripts", True)):
            if d[key] == neutral:
                d.pop(key)
        return d

    def mixes_sentences(self, doc: Document) -> bool:
        """Whether chunks of ``doc`` get the mean of their sentence vectors added."""
        return self.sentence_weight > 0 and (self.sentence_transcripts or doc.kind != "transcript")


PRESETS: dict[str, Situate] = {
    "plain": Situate("plain"),
    "prefix": Situate("prefix", prefix=True),
    "prefix-neighbours": Situate("prefix-neighbours", prefix=True, neighbours=1),
    "title": Situate("title", title_weight=0.5),
    "average": Situate("average", title_weight=0.5, window_weight=0.5, window=1),
    "group": Situate("group", group_weight=0.5),
    "prefix+average": Situate("prefix+average", prefix=True, title_weight=0.3, window_weight=0.5, window=1),
    "speakers": Situate("speakers", speakers=True),
    "sentences": Situate("sentences", speakers=True, sentence_weight=1.5),
    "speakers+sentences": Situate("speakers+sentences", speakers=True, sentence_weight=1.5, sentence_transcripts=False),
}
# Measured with ``strata-cli eval retrieval`` (see the module docstring): on QMSum the
# speaker-labelled chunk cut the top-5 failures of plain chunks by about a fifth, while
# title prefixes, title/window averaging and chapter centroids ("group") did not beat
# plain chunks with Strata's own chapter titles on either set. The sentence mean cut
# COVID-QA's by 10-13% for any weight from 1 to 4 and power 0 to 0.5 over all 1,380
# queries (a plateau, so the weight is not tuned to a query set); 1.5 with equal
# sentence weights is the simplest point of it that met the targets on every split.
DEFAULT = "speakers+sentences"


def preset(name: Optional[str]) -> Situate:
    """The named preset (``None`` -> the shipped default)."""
    return PRESETS[name or DEFAULT]


def context_line(doc: Document, chapter: Optional[Chapter], cfg: Situate, section: Optional[Chapter] = None) -> str:
    """The heading path of a chunk: document > chapter > section title (any may be empty)."""
    parts = []
    if cfg.doc_title and doc.title.strip():
        parts.append(" ".join(doc.title.split()))
    for c in (chapter, section):
        if c is not None and c.title.strip():
            parts.append(" ".join(c.title.split()))
    return " > ".join(parts)


def speaker_text(doc: Document, start: int, end: int) -> str:
    """Sentences ``[start, end)`` with the speaker's name before each change of speaker
    (the text unchanged when no sentence carries a speaker)."""
    parts: list[str] = []
    last: Optional[str] = None
    for s in doc.sentences[start:end]:
        who = s.anchor.speaker
        if s.text.strip():
            parts.append(f"{who}: {s.text}" if who and who != last else s.text)
            last = who or last
    return " ".join(parts)


def search_context(doc: Document, chunk: Chunk, heading: str, keyphrases: str = "",
                   spoken: Optional[str] = None) -> str:
    """What the full-text index reads for a chunk (the ``context`` column): its heading
    path, its chapter's keyphrases in brackets (:func:`spoken_keyphrases`),
    then its words as they read in the document, speakers named at each change of turn
    in a transcript, so that "what did the professor say about X when discussing Y"
    matches on all three. BM25 runs on this one field: LanceDB's multi-field match let
    the bare-text field drown the context (QMSum hit@5 0.73 against 0.81 on this field).
    ``spoken``: the chunk's :func:`speaker_text` when the caller has it already."""
    words = (speaker_text(doc, chunk.start, chunk.end) if spoken is None else spoken) or chunk.text
    # Chinese or Japanese runs as bigrams: the index's tokenizer would keep a whole clause as one word.
    return unspaced_bigrams(" · ".join(p for p in (heading, f"[{keyphrases}]" if keyphrases else "", words) if p))


def spoken_keyphrases(doc: Document, chapters: Sequence[Chapter]) -> list[str]:
    """Per chapter, the keyphrases the full-text field reads: for transcripts only. A
    meeting's chapters are long and loosely worded, and a question names the topic
    ("... when discussing the buttons"); the chapter's keyphrases carry it (QMSum text
    hit@5 .785 -> .793, hybrid .814 -> .835 with the head of :func:`search.fuse`). A
    written document's sentences already use its topic words, and the extra words only
    diluted them (COVID-QA text hit@5 .887 -> .867)."""
    from .titling import chapter_keyphrases

    if doc.kind != "transcript":
        return [""] * len(chapters)
    return chapter_keyphrases([[s.text for s in doc.sentences[c.start:c.end]] for c in chapters])


def split_context(context: str, heading: str) -> tuple[Optional[str], str]:
    """``(keyphrases, words)`` of a stored :func:`search_context` whose heading path is
    ``heading``; ``(None, "")`` when the context does not start with that heading."""
    if heading:
        heading = next((h for h in (heading, unspaced_bigrams(heading)) if context.startswith(h + " · ")), "")
        if not heading:
            return None, ""
        context = context[len(heading) + 3:]
    if context.startswith("[") and "] · " in context:
        kw, _, rest = context[1:].partition("] · ")
        return kw, rest
    return "", context


def encoded_text(doc: Document, chunk: Chunk, context: str, cfg: Situate, spoken: Optional[str] = None) -> str:
    """The exact string encoded for ``chunk`` under ``cfg``. ``spoken``: the chunk's
    :func:`speaker_text` when the caller has it already."""
    text = chunk.text
    if cfg.speakers and any(s.anchor.speaker for s in doc.sentences[chunk.start:chunk.end]):
        text = speaker_text(doc, chunk.start, chunk.end) if spoken is None else spoken
    if cfg.neighbours and chunk.start > 0:
        lo = max(0, chunk.start - cfg.neighbours)
        text = " ".join(s.text for s in doc.sentences[lo : chunk.start]) + " " + text
    if cfg.prefix and context:
        text = f"{context}: {text}"
    return text


_LABEL = re.compile(r"(?:^|(?<= ))[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}: ")  # "Grad A: ", "Project Manager: "


def _chunk_sentences(doc: Document, chunk: Chunk) -> list[str]:
    """The sentences of ``chunk``; when the document carries no sentence texts (the
    stand-in of ``Library.reembed``), the chunk's stored words split again by the
    loaders' sentence splitter, a transcript's "Speaker: " labels taken out first
    (the sentences were encoded without them)."""
    texts = [s.text for s in doc.sentences[chunk.start:chunk.end]]
    if any(t.strip() for t in texts):
        return texts
    from .sentences import split_spans

    text = _LABEL.sub("", chunk.text) if doc.kind == "transcript" else chunk.text
    return [text[a:b] for a, b in split_spans(text)] or [text]


def sentence_means(
    doc: Document,
    chunks: Sequence[tuple[int, Chunk]],
    embedder: Embedder,
    cfg: Situate,
    *,
    sentence_vectors: Optional[np.ndarray] = None,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> np.ndarray:
    """Per chunk, the mean of its sentences' unit vectors, each sentence weighing
    ``words ** cfg.sentence_power`` (not renormalised: a chunk whose sentences disagree
    gets a shorter mean, hence less weight).

    ``sentence_vectors`` (one row per sentence of ``doc``, as the pipeline computes them
    for segmentation, with the same model as ``embedder``) are used when their shape
    matches the document and the embedder; otherwise the sentences are encoded here
    (a cached embedder finds the pipeline's vectors by text)."""
    lists = [_chunk_sentences(doc, ch) for _, ch in chunks]
    rows: list[np.ndarray]
    given = None if sentence_vectors is None else np.asarray(sentence_vectors, dtype=np.float32)
    if given is not None and given.shape == (len(doc.sentences), embedder.dim) and all(
        len(t) == ch.end - ch.start for t, (_, ch) in zip(lists, chunks)
    ):
        rows = [given[ch.start:ch.end] for _, ch in chunks]
        report(progress, 1.0, "sentence vectors from the analysis")
    else:
        unique: dict[str, int] = {}
        for texts in lists:
            for t in texts:
                unique.setdefault(t, len(unique))
        vecs = np.asarray(embedder.encode(list(unique), progress=progress, cancel=cancel), dtype=np.float32)
        rows = [vecs[[unique[t] for t in texts]] for texts in lists]
    out = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for i, (texts, v) in enumerate(zip(lists, rows)):
        w = np.array([max(1, len(t.split())) for t in texts], dtype=np.float32) ** cfg.sentence_power
        out[i] = (w[:, None] * v).sum(axis=0) / max(float(w.sum()), 1e-9)
    return out


def situate(
    doc: Document,
    chapters: Sequence[Chapter],
    chunks: Sequence[tuple[int, Chunk]],
    embedder: Embedder,
    cfg: Situate,
    *,
    sections: Sequence[Chapter] = (),
    sentence_vectors: Optional[np.ndarray] = None,
    keyphrases: Optional[Sequence[str]] = None,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> tuple[list[str], np.ndarray]:
    """Full-text contexts (:func:`search_context`) and unit vectors (float32, one row per
    chunk) for ``chunks``. ``sentence_vectors``: the document's sentence vectors when
    known (used by presets with a ``sentence_weight``). ``keyphrases``: one string per
    chapter, :func:`spoken_keyphrases` when None."""
    from .index_chunks import section_at

    if keyphrases is None:
        keyphrases = spoken_keyphrases(doc, chapters)
    secs = [section_at(sections, ch.start) if sections else None for _, ch in chunks]
    contexts = [context_line(doc, chapters[ci] if 0 <= ci < len(chapters) else None, cfg, sec)
                for (ci, _), sec in zip(chunks, secs)]
    spoken = [speaker_text(doc, ch.start, ch.end) for _, ch in chunks]  # read by both the encoder and BM25
    texts = [encoded_text(doc, ch, ctx, cfg, sp) for (_, ch), ctx, sp in zip(chunks, contexts, spoken)]
    stored = [search_context(doc, ch, ctx, keyphrases[ci] if 0 <= ci < len(keyphrases) else "", sp)
              for (ci, ch), ctx, sp in zip(chunks, contexts, spoken)]
    if not texts:
        return stored, np.zeros((0, embedder.dim), dtype=np.float32)
    mix = cfg.mixes_sentences(doc)
    share = 0.5 if mix and sentence_vectors is None else 1.0
    base = np.asarray(embedder.encode(texts, progress=scaled(progress, 0.0, share), cancel=cancel), dtype=np.float32)
    vectors = base.copy()
    if mix:
        check(cancel)
        means = sentence_means(doc, chunks, embedder, cfg, sentence_vectors=sentence_vectors,
                               progress=scaled(progress, share, 1.0), cancel=cancel)
        vectors += cfg.sentence_weight * means
    if cfg.window_weight > 0 and cfg.window > 0:
        chapter_of = np.array([ci for ci, _ in chunks])
        n = len(chunks)
        for i in range(n):
            lo, hi = max(0, i - cfg.window), min(n, i + cfg.window + 1)
            idx = [j for j in range(lo, hi) if j != i and chapter_of[j] == chapter_of[i]]
            if idx:
                vectors[i] += cfg.window_weight * base[idx].mean(axis=0)
    if cfg.group_weight > 0:
        groups: dict[tuple, list[int]] = {}
        for i, ((ci, _), sec) in enumerate(zip(chunks, secs)):
            groups.setdefault((ci, sec.start if sec is not None else -1), []).append(i)
        for idx in groups.values():
            centre = base[idx].mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-9)
            vectors[idx] += cfg.group_weight * centre
    if cfg.title_weight > 0:
        unique = sorted({c for c in contexts if c})
        if unique:
            tv = np.asarray(embedder.encode(unique, cancel=cancel), dtype=np.float32)
            lookup = {c: tv[i] for i, c in enumerate(unique)}
            for i, c in enumerate(contexts):
                if c:
                    vectors[i] += cfg.title_weight * lookup[c]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return stored, (vectors / norms).astype(np.float32)
