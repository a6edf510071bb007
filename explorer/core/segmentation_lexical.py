"""Lexical cohesion for segmentation: Dirichlet-compound-multinomial segment costs.

A topic keeps returning to its own words ("torque", "angular momentum"; "buttons",
"remote"), which sentence embeddings blur. Following BayesSeg (Eisenstein &
Barzilay 2008), the words of a segment ``[a, b)`` are scored under a Dirichlet
compound multinomial with a symmetric prior ``theta`` over the document's
vocabulary ``V``:

    cost(a, b) = -log p(words | theta)
               = -sum_w log G(n_w + theta) / G(theta) + log G(N + V theta) / G(V theta)

(``G`` the gamma function, ``n_w`` the count of word ``w`` in the segment, ``N`` its
length in words). A segment whose words repeat is cheap; splitting where the
vocabulary changes lowers the sum. :mod:`segmentation` adds these costs to the
embedding scatter of the same segments, scaled so that the whole document costs
the same in both channels, so neither channel's units dominate.

Terms are content words (English stop words dropped, crudely stemmed); in scripts
written without spaces between words (Chinese, Japanese, Thai, ...) they are
overlapping character bigrams, so a topic's recurring words are seen there too.

Costs are filled for the segments the programme considers (at most ``max_len``
units), in O(n * words per window) time and the memory of one cost table.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

import numpy as np

from .language import UNSPACED_SCRIPTS, foreign_stop_words, hangul_stem, is_hangul, is_unspaced
from .segmentation_priors import strip_speaker
from .titling_text import crude_stem

# The Glasgow IR stop list as scikit-learn ships it (ENGLISH_STOP_WORDS, BSD-3). Tried
# against the titles' longer list, which also drops talk verbs and fillers: over the
# seven shared sets this one gives the same Pk on text and better on meetings
# (TinyRec 34.1 vs 35.4), so fillers are left to the DCM prior.
STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond bill both bottom but by call can cannot cant co con could
    couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
    empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
    fire first five for former formerly forty found four from front full further get give go had has
    hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
    less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
    myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
    nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she should
    show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
    still such system take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through throughout
    thru thus to together too top toward towards twelve twenty two un under until up upon us very via
    was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves
    """.split()
)

# A run of an unspaced script (language.UNSPACED_SCRIPTS) is one regex "word", a whole
# clause that never repeats, so it is cut into overlapping character bigrams instead, as
# CJK full-text indexes do (Lucene's CJKAnalyzer): "天气预报" -> 天气, 气预, 预报.
_TOKEN = re.compile(rf"[{UNSPACED_SCRIPTS}]+|[^\W\d_]+")


def unit_terms(texts: Sequence[str]) -> list[list[str]]:
    """Content terms of each unit: lower-cased words of three or more letters, stop
    words dropped (English, and the text's own language's when it is another:
    :mod:`language`), stemmed; character bigrams for scripts without word spaces."""
    bodies = [strip_speaker(t).lower() for t in texts]
    extra = foreign_stop_words(bodies)  # a German text's "und", "die", "nicht" are not content
    out = []
    for body in bodies:
        terms: list[str] = []
        for tok in _TOKEN.findall(body):
            if is_unspaced(tok[0]):
                terms.extend(tok[i:i + 2] for i in range(len(tok) - 1))
            elif is_hangul(tok):
                # Korean: the noun without its particle ("경기는", "경기를" -> 경기); a
                # one-syllable noun counts when a particle marked it as one ("비가" -> 비).
                stem = hangul_stem(tok)
                if stem and (len(stem[0]) >= 2 or stem[1]) and stem[0] not in extra:
                    terms.append(stem[0])
            elif len(tok) >= 3 and tok not in STOPWORDS and tok not in extra:
                terms.append(crude_stem(tok))
        out.append(terms)
    return out


def add_dcm_costs(cost: np.ndarray, texts: Sequence[str], *, theta: float, weight: float, reference: float) -> bool:
    """Add ``scale * cost_DCM(a, b)`` to ``cost[b, b - a - 1]`` in place for every segment
    the table holds, with ``scale = weight * reference / cost_DCM(whole document)``.

    ``reference`` is the embedding channel's whole-document scatter, so both channels
    weigh the document alike. Returns False (and changes nothing) when the units have
    no content words.
    """
    terms = unit_terms(texts)
    n = len(terms)
    vocab: dict[str, int] = {}
    for ws in terms:
        for w in ws:
            vocab.setdefault(w, len(vocab))
    size = len(vocab)
    total = sum(len(ws) for ws in terms)
    if n == 0 or size == 0 or total == 0:
        return False
    ids = np.fromiter((vocab[w] for ws in terms for w in ws), dtype=np.int64, count=total)
    ends = np.cumsum([len(ws) for ws in terms])  # word index after unit i
    starts = ends - np.array([len(ws) for ws in terms])
    counts = np.bincount(ids, minlength=size)
    whole = -float(sum(math.lgamma(c + theta) - math.lgamma(theta) for c in counts)) + (
        math.lgamma(total + size * theta) - math.lgamma(size * theta)
    )
    if whole <= 0:
        return False
    scale = weight * reference / whole
    # rank of each word among earlier occurrences of the same word in the document
    order = np.argsort(ids, kind="stable")
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(total, dtype=np.int64)
    rank[order] = np.arange(total) - np.repeat(first, counts)
    # log(V theta + i): the normaliser of a segment of N words is the sum of its first N
    norm = np.concatenate([[0.0], np.cumsum(np.log(size * theta + np.arange(total)))])
    before = np.zeros(size, dtype=np.int64)  # occurrences before the current start unit
    max_len = cost.shape[1]
    for a in range(n):
        b_hi = min(n, a + max_len)
        w0, w1 = starts[a], ends[b_hi - 1]
        window = ids[w0:w1]
        seen = rank[w0:w1] - before[window]  # earlier occurrences inside the segment
        gain = np.concatenate([[0.0], np.cumsum(np.log(seen + theta))])
        lengths = ends[a:b_hi] - w0
        b = np.arange(a + 1, b_hi + 1)
        cost[b, b - a - 1] += scale * (norm[lengths] - gain[lengths])
        np.add.at(before, ids[starts[a]:ends[a]], 1)
    return True
