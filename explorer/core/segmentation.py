"""Topic segmentation: contiguous chapters (and sections) from sentence embeddings plus priors.

Method (global, unsupervised, no per-dataset switches):

1. Units are weighted by how much text they carry (``"yeah"`` weighs little), and
   their embeddings are lightly smoothed with their neighbours so that short
   utterances do not look like topic shifts.
2. A dynamic programme finds the split minimising, per segment, the scatter of its
   embeddings plus the lexical cost of its words (a Dirichlet compound multinomial,
   as in BayesSeg: :mod:`segmentation_lexical`; the two channels are scaled to cost
   the whole document alike and the words weigh 1.5 times the scatter), plus a
   price per boundary (:mod:`segmentation_dp`; bounded segment length, so a
   2,000-sentence novel or a three-hour meeting costs O(n * L), not O(n^2)).
   Embeddings see paraphrase; words see a topic's own vocabulary coming back
   ("torque", "remote control"). Over the seven shared sets, told the reference
   number of chapters, Pk fell on all seven (lectures 32.5 -> 29.6, meetings 35.6 ->
   33.2, TinyRec 39.5 -> 35.2, clinical 34.4 -> 33.7, wiki 34.3 -> 33.6); with the
   automatic price (``alpha`` refitted, the same for every set under a
   leave-one-dataset-out check) every set beats "no boundary" on Pk and WindowDiff.
3. The price is calibrated per document from its own embedding statistics: it
   grows with the square root of the document's length and falls slowly with the
   document's mean scatter per unit (a coherent document needs stronger evidence
   per boundary than a patchwork; exponents fitted once over six corpora of
   text, lectures and meetings), so the number of chapters is chosen automatically.
   ``granularity`` scales it (each step is a factor of ``GRANULARITY_STEP``; finer
   never yields fewer chapters because the optimal count is monotone in the price).
4. Structural priors (cue phrases, pauses, speaker changes, headings, page breaks)
   lower the price where they fire.
5. Pinned starts are hard boundaries (the document is solved piecewise between
   them); forbidden starts get an infinite price.
6. Sections: the same programme inside each long chapter with a lower price.

Why a fixed price formula rather than per-document model selection (measured with
``bench/seg_sweep.py`` over the seven shared sets, before the lexical channel):
giving the programme the *reference* number of chapters did not beat the formula
(Pk wiki 34.1 vs 34.7, lectures 32.9 vs 34.5, meetings 37.1 vs 35.9), and elbow / dimension-jump /
most-stable-K rules on the document's own cost-vs-K path, or regressions of the
price on length, scatter, lag-correlation length and words per unit, lose to it
under a leave-one-dataset-out check. The large "oracle price" gains come from
choosing, per document, whichever of ~30 segmentations the reference happens to
favour; the remaining error is where boundaries are placed, not how many.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

import numpy as np

from .language import count_words, latin_share
from .model import Block, Chapter, Document, ReferenceChapter
from .progress import CancelToken, Progress, check, report
from .segmentation_dp import CostTable, solve
from .segmentation_lexical import add_dcm_costs
from .segmentation_priors import cue_phrase_priors, document_priors, strip_speaker

log = logging.getLogger(__name__)

GRANULARITY_STEP = 1.6
STRONG_PRIOR_WEIGHT = 0.97
# Below this share of Latin letters the embedding model cannot read the document, and
# TYPICAL_SCATTER is the median per-unit scatter of the seven calibration corpora
# (medians 0.56 to 0.86): see :func:`cost_table`.
READABLE_LATIN_SHARE = 0.5
TYPICAL_SCATTER = 0.72


@dataclass
class SegParams:
    """Tuned constants (one set for every kind of document)."""

    alpha: float = 2.50  # boundary price: alpha * scatter ** scatter_exponent * (n / 100) ** length_exponent
    scatter_exponent: float = -0.5  # scatter = mean per-unit within-document scatter (fit across six corpora)
    length_exponent: float = 0.45
    smooth: int = 1  # neighbours on each side averaged into a unit's vector
    min_len: int = 2  # shortest chapter, in units
    max_len: int = 600  # longest chapter the programme considers, in units
    prior_weight: float = 0.5  # fraction of the price a prior of 1.0 removes
    cue_weight: float = 0.5  # cue-phrase priors are scaled by this before use
    weight_words: float = 8.0  # a unit of this many words gets full weight
    section_alpha_factor: float = 0.35  # sections: price relative to chapters
    section_min_units: int = 24  # chapters shorter than this get no sections
    lexical_weight: float = 1.5  # DCM word costs, as a multiple of the scatter (whole document equalised)
    lexical_theta: float = 0.5  # DCM prior per word (smaller: repeated words count for more)
    # The embedding model's geometry (:func:`params_for`): its scatter times this is on
    # MiniLM's scale; a model that reads every script skips the non-Latin rescaling.
    scatter_scale: float = 1.0
    reads_all_scripts: bool = False


PARAMS = SegParams()


def params_for(embedder: object, params: SegParams = PARAMS) -> SegParams:
    """``params`` for the vectors of ``embedder`` (its ``scatter_scale`` and
    ``reads_all_scripts``; MiniLM's are the defaults)."""
    scale = float(getattr(embedder, "scatter_scale", 1.0))
    reads = bool(getattr(embedder, "reads_all_scripts", False))
    if (scale, reads) == (params.scatter_scale, params.reads_all_scripts):
        return params
    return replace(params, scatter_scale=scale, reads_all_scripts=reads)


@dataclass
class Segmentation:
    """Result of segmentation.

    ``chapters`` are level 1, contiguous, non-empty and cover ``[0, n)``; titles may be
    empty until :func:`titling.title_chapters` runs. ``sections`` are level 2 ranges
    inside chapters (empty for short documents). ``scores[g]`` is the boundary score
    in [0, 1] for the gap before unit ``g + 1`` (for plots). ``boundaries`` are the
    chapter start indices excluding 0.
    """

    chapters: list[Chapter]
    sections: list[Chapter] = field(default_factory=list)
    scores: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    boundaries: list[int] = field(default_factory=list)


def unit_weights(texts: Sequence[str], words_full: float = PARAMS.weight_words) -> np.ndarray:
    """Weight per unit: word count / ``words_full``, clipped to [0.1, 1] (Chinese and
    Japanese words counted by characters: :func:`language.count_words`)."""
    counts = np.array([count_words(strip_speaker(t)) for t in texts], dtype=np.float64)
    return np.clip(counts / max(words_full, 1e-9), 0.1, 1.0)


def smooth_vectors(x: np.ndarray, weights: np.ndarray, h: int) -> np.ndarray:
    """Weighted moving average over ``2h + 1`` units, renormalised to unit length."""
    if h <= 0 or len(x) < 3:
        return x
    wx = x * weights[:, None]
    c = np.zeros((len(x) + 1, x.shape[1]))
    np.cumsum(wx, axis=0, out=c[1:])
    cw = np.concatenate([[0.0], np.cumsum(weights)])
    idx = np.arange(len(x))
    lo = np.maximum(0, idx - h)
    hi = np.minimum(len(x), idx + h + 1)
    # The unit itself counts as much as all its neighbours together.
    num = c[hi] - c[lo] + wx * (hi - lo - 1)[:, None]
    den = (cw[hi] - cw[lo] + weights * (hi - lo - 1))[:, None]
    out = num / np.maximum(den, 1e-12)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def gap_scores(table: CostTable, priors: np.ndarray, window: int = 6) -> np.ndarray:
    """Plot curve: what a boundary at each gap would save the programme locally, blended
    with the priors.

    For the gap before unit ``g``: ``C(g - w, g + w) - C(g - w, g) - C(g, g + w)``, the
    cost (embedding scatter plus words) of the window either side taken as one segment
    minus as two, scaled by its 99th percentile so that the curve is in [0, 1]. It is the
    programme's own objective seen through a window, so the peaks are where the
    embeddings and the vocabulary both change."""
    n = table.n
    if n < 2:
        return np.zeros(0, dtype=np.float32)
    w = max(1, min(window, table.max_len // 2))
    g = np.arange(1, n)
    a = np.maximum(0, g - w)
    b = np.minimum(n, g + w)
    whole = table.cost[b, b - a - 1]
    left = table.cost[g, g - a - 1]
    right = table.cost[b, b - g - 1]
    gain = np.maximum(whole - left - right, 0.0)
    gain[~np.isfinite(gain)] = 0.0
    top = float(np.percentile(gain, 99)) if len(gain) else 1.0
    dis = np.clip(gain / max(top, 1e-12), 0.0, 1.0)
    return np.clip(0.7 * dis + 0.3 * np.clip(priors, 0, 1), 0.0, 1.0).astype(np.float32)


def cost_table(texts: Sequence[str], x: np.ndarray, weights: np.ndarray, params: SegParams = PARAMS) -> CostTable:
    """The programme's segment costs: embedding scatter of the smoothed vectors plus the
    lexical (DCM) cost of the segment's words (:mod:`segmentation_lexical`).

    ``table.total`` stays the embedding scatter, which the boundary price is built from.

    A document in a script the embedding model barely reads (Korean, Arabic, Chinese:
    its sentences sit close together whatever they say, per-unit scatter 0.15 to 0.34
    against 0.38 to 0.88 for English) has its embedding costs rescaled to the typical
    scatter. Its low scatter says nothing about how coherent it is, and left as it is
    it raised the price and shrank both channels, so two different Korean reports
    joined end to end came out as one chapter."""
    n = len(texts)
    table = CostTable(smooth_vectors(x, weights, params.smooth), weights, max_len=min(n, params.max_len))
    if params.scatter_scale != 1.0:
        table.cost *= params.scatter_scale
        table.total *= params.scatter_scale
    per_unit = table.total / max(table.total_weight, 1e-12)
    if per_unit > 1e-9 and not params.reads_all_scripts and latin_share(texts) < READABLE_LATIN_SHARE:
        scale = TYPICAL_SCATTER / per_unit
        table.cost *= scale
        table.total *= scale
    if params.lexical_weight > 0 and n > 1:
        add_dcm_costs(table.cost, texts, theta=params.lexical_theta, weight=params.lexical_weight,
                      reference=table.total)
    return table


def base_penalty(table: CostTable, n: int, params: SegParams = PARAMS) -> float:
    """Price of one boundary, from the document's own scatter and length."""
    per_unit = max(table.total / max(table.total_weight, 1e-12), 1e-6)
    return params.alpha * per_unit**params.scatter_exponent * (max(n, 10) / 100.0) ** params.length_exponent


def _solve_pieces(
    table: CostTable, price: np.ndarray, pinned: Sequence[int], min_len: int, lo: int, hi: int
) -> list[int]:
    cuts = [lo] + sorted(p for p in set(pinned) if lo < p < hi) + [hi]
    starts: list[int] = []
    for a, b in zip(cuts, cuts[1:]):
        inner, _ = solve(table, price, min_len=min_len, lo=a, hi=b)
        starts.extend(inner)
        if b < hi:
            starts.append(b)
    return sorted(set(starts))


def segment_units(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    priors: Optional[np.ndarray] = None,
    granularity: int = 0,
    pinned: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    sections: bool = False,
    params: SegParams | None = None,
    weights: Optional[np.ndarray] = None,
    strong: Optional[np.ndarray] = None,
) -> Segmentation:
    """Segment ``n`` units (sentences or turns) into chapters; see the module docstring.

    ``priors`` (shape ``(n - 1,)``, values in [0, 1]) add to the cue-phrase priors
    computed from ``texts``. ``pinned`` starts are always boundaries, ``forbidden``
    starts never are (pinned wins when both name the same index). ``strong`` (same
    shape) are structural priors such as layout headings: a value of 1 removes
    ``STRONG_PRIOR_WEIGHT`` of the price, so a top-level heading needs only a little
    semantic evidence to become a chapter start.
    """
    params = params or PARAMS
    n = len(texts)
    if n == 0:
        return Segmentation([], [], np.zeros(0, dtype=np.float32), [])
    x = np.asarray(embeddings, dtype=np.float64)
    if x.shape[0] != n:
        raise ValueError(f"{x.shape[0]} embeddings for {n} units")
    w = unit_weights(texts, params.weight_words) if weights is None else np.asarray(weights, dtype=np.float64)
    prior = params.cue_weight * cue_phrase_priors(texts)
    if priors is not None and len(priors) == n - 1:
        prior = np.maximum(prior, np.clip(np.asarray(priors, dtype=np.float64), 0.0, 1.0))
    pinned_set = sorted({int(p) for p in pinned if 0 < int(p) < n})
    if n == 1:
        return Segmentation([Chapter(0, 1, "")], [], np.zeros(0, dtype=np.float32), [])
    table = cost_table(texts, x, w, params)
    price = boundary_price(base_penalty(table, n, params) * GRANULARITY_STEP ** (-granularity), prior, n, params)
    if strong is not None and len(strong) == n - 1:
        price[1:n] *= 1.0 - STRONG_PRIOR_WEIGHT * np.clip(np.asarray(strong, dtype=np.float64), 0.0, 1.0)
    for f in forbidden:
        if 0 < int(f) < n and int(f) not in pinned_set:
            price[int(f)] = np.inf
    starts = _solve_pieces(table, price, pinned_set, shortest_chapter(n, params), 0, n)
    bounds = [0] + starts + [n]
    pinned_lookup = set(pinned_set)
    chapters = [Chapter(a, b, "", level=1, pinned=a in pinned_lookup) for a, b in zip(bounds, bounds[1:])]
    # The plot's window grows with the chapters found (a quarter of their mean length,
    # 6 to 40 units), so a meeting of short turns shows topic changes, not turn noise.
    window = int(np.clip(round(n / len(chapters) / 4), 6, 40))
    scores = gap_scores(table, prior if strong is None or len(strong) != n - 1 else np.maximum(prior, strong), window)
    secs: list[Chapter] = []
    if sections:
        secs = _sections(table, price, chapters, params, forbidden)
    return Segmentation(chapters, secs, scores, starts)


def boundary_price(lam: float, prior: np.ndarray, n: int, params: SegParams = PARAMS) -> np.ndarray:
    """Price of a chapter starting at each unit: ``lam``, lowered where the per-gap
    ``prior`` fires; the first chapter is free."""
    price = np.full(n + 1, lam)
    price[1:n] = lam * (1.0 - params.prior_weight * prior)
    price[0] = 0.0
    return price


def shortest_chapter(n: int, params: SegParams = PARAMS) -> int:
    """The programme's minimum chapter length for ``n`` units."""
    return max(1, min(params.min_len, n // 2)) if n >= 2 else 1


def content_programme(
    texts: Sequence[str], embeddings: np.ndarray, params: SegParams | None = None
) -> tuple[CostTable, np.ndarray, float]:
    """``(cost table, cue-phrase prior per gap, base price)`` of :func:`segment_units`'s
    programme for plain units (no structural priors, pins or bans), for callers that
    solve it at other prices (:func:`segment_units_to_count`, ``bench/seg_sweep.py``)."""
    params = params or PARAMS
    n = len(texts)
    x = np.asarray(embeddings, dtype=np.float64)
    w = unit_weights(texts, params.weight_words)
    table = cost_table(texts, x, w, params)
    return table, params.cue_weight * cue_phrase_priors(texts), base_penalty(table, n, params)


def segment_units_to_count(
    texts: Sequence[str],
    embeddings: np.ndarray,
    count: int,
    *,
    params: SegParams | None = None,
) -> list[int]:
    """Chapter starts of the same programme as :func:`segment_units` (weights, smoothing,
    cue priors, cost) with its boundary price bisected to give ``count`` chapters, or
    the nearest count it reaches. For evaluation only: it answers "how good are the
    boundaries when the number of chapters is known?", which separates placement
    errors from errors in choosing the number."""
    params = params or PARAMS
    n = len(texts)
    if n < 2 or count <= 1:
        return []
    table, prior, lam0 = content_programme(texts, embeddings, params)
    min_len = shortest_chapter(n, params)
    lo, hi = lam0 * 1e-4, lam0 * 1e4
    best: list[int] = []
    for _ in range(40):
        lam = math.sqrt(lo * hi)
        starts, _ = solve(table, boundary_price(lam, prior, n, params), min_len=min_len)
        if not best or abs(len(starts) + 1 - count) < abs(len(best) + 1 - count):
            best = starts
        if len(starts) + 1 == count:
            return starts
        if len(starts) + 1 > count:
            lo = lam
        else:
            hi = lam
    return best


def _sections(
    table: CostTable, price: np.ndarray, chapters: list[Chapter], params: SegParams, forbidden: Sequence[int]
) -> list[Chapter]:
    out: list[Chapter] = []
    sec_price = price * params.section_alpha_factor
    sec_price[0] = 0.0
    for ch in chapters:
        if len(ch) < params.section_min_units:
            continue
        inner = _solve_pieces(table, sec_price, (), params.min_len + 1, ch.start, ch.end)
        if not inner:
            continue
        b = [ch.start] + inner + [ch.end]
        out.extend(Chapter(s, e, "", level=2) for s, e in zip(b, b[1:]))
    return out


def segment_document(
    doc: Document,
    embeddings: np.ndarray,
    *,
    blocks: Optional[dict[int, list[Block]]] = None,
    granularity: int = 0,
    pinned: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    outline: Sequence[ReferenceChapter] = (),
    params: SegParams | None = None,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> Segmentation:
    """Segment a loaded document, with its structural priors; sections for long documents.
    ``params``: for vectors of another model than MiniLM, :func:`params_for` it.

    ``doc.reference_chapters`` (a PDF outline, an imported chapter file) are NOT used
    unless passed as ``outline``: the caller decides whether the source's own chapters
    should steer the automatic ones.
    """
    check(cancel)
    from .segmentation_headings import marked_heading_plan

    marked = marked_heading_plan(doc) if not outline else None
    if (doc.kind == "pdf" and not outline) or marked is not None:
        # A PDF whose typography names its chapters is cut at those headings
        # (hidden-outline boundary F1 0.93 vs 0.43 for content split with heading priors),
        # and so is a text that marks them (Markdown).
        from .segmentation_headings import segment_by_headings

        seg = segment_by_headings(doc, embeddings, blocks, granularity=granularity, pinned=pinned, forbidden=forbidden,
                                  plan=marked, params=params)
        if seg is not None:
            report(progress, 1.0, f"{len(seg.chapters)} chapters from headings")
            return seg
    texts = [s.text for s in doc.sentences]
    prior, strong = document_priors(doc, blocks, outline)
    report(progress, 0.2, "segmenting")
    seg = segment_units(
        texts,
        embeddings,
        priors=prior,
        granularity=granularity,
        pinned=pinned,
        forbidden=forbidden,
        sections=len(texts) >= 2 * PARAMS.section_min_units,
        strong=strong,
        params=params,
    )
    report(progress, 1.0, f"{len(seg.chapters)} chapters")
    return seg


def expected_chapters(n: int) -> float:
    """Rough number of chapters the default price yields on unstructured text (for docs)."""
    return max(1.0, math.sqrt(n) / 2.0)
