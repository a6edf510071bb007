"""Chapter titles, offline and download-free.

* A chapter the user titled keeps its title (``title_source == "user"``).
* A chapter that starts at a real heading (layout ``title``/``section-header``
  block) gets the heading (``"heading"``).
* Otherwise a keyphrase title is generated (``"generated"``): candidate phrases
  (content-word runs and ``A of B`` phrases) are ranked lexically (frequency in the
  chapter, rarity in the other chapters, early mention), the best are embedded and
  scored against the chapter's centroid, against the neighbouring chapters (to stay
  specific), against the document title (global context, as PODTILE does) and
  against the titles already chosen (diversity). Openings and closings of talks are
  recognised from their cue phrases (greetings, "thanks for watching", credits).
  Titles are 2 to 8 words in natural casing; fillers never make a title.
* An optional generative backend (:mod:`titling_llm`, off unless configured) may
  propose titles; each is vetted against the chapter embedding with the keyphrase
  title as fallback.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Optional, Sequence

import numpy as np

from .embedding import Embedder
from .language import ENGLISH, count_words, detect_language, foreign_stop_words, stop_words
from .loaders.pdf_blocks import ends_mid_phrase
from .model import Block, Chapter, Document
from .progress import CancelToken, Progress, check, report
from .titling_text import (Candidate, candidates, casing_votes, clean_unit, crude_stem, has_filler_only, natural_case,
                           true_case, words)
from .word_classes import word_classes

log = logging.getLogger(__name__)


@dataclass
class TitleParams:
    """Weights of the candidate score (tuned once, for every kind of document)."""

    shortlist: int = 24  # candidates per chapter that get embedded
    neighbour: float = 0.1  # penalty: similarity to the neighbouring chapters' centroids
    lexical: float = 0.15  # bonus: normalised lexical score
    context: float = 0.05  # bonus: similarity to the document title
    diversity: float = 0.1  # penalty: similarity to titles already chosen
    length_bonus: float = 0.03  # per extra word (longer phrases are more specific)
    pair_ratio: float = 0.85  # join a second phrase when it scores this close to the best
    roles: bool = True  # recognise openings and closings


PARAMS = TitleParams()

_GREETING = re.compile(
    r"\b(?:hi|hello|welcome|good (?:morning|afternoon|evening)|kick-?off|let'?s (?:get )?start(?:ed)?|"
    r"my name is|i'?m \w+ and|introduce (?:myself|yourself|ourselves)|agenda)\b",
    re.I,
)
_REVIEW = re.compile(
    r"\b(?:today (?:you|we) (?:learned|talked|covered|looked)|if you learned|you learned|we learned|to recap|in summary|"
    r"to sum up|we (?:talked|covered) about)\b",
    re.I,
)
_CREDITS = re.compile(
    r"\b(?:thanks? (?:you )?for (?:watching|listening)|subscribe|patreon|subbable|written by|produced by|directed by|"
    r"edited by|graphics team|sound designer|script supervisor)\b",
    re.I,
)
_CLOSING = re.compile(
    r"\b(?:bye|goodbye|see you (?:next|later|all|then|soon)|that'?s (?:it|all) (?:for|from)|end of (?:the|this) meeting|"
    r"wrap (?:it )?up|meeting is (?:over|closed)|close the meeting|thank you (?:all|everyone|everybody))\b",
    re.I,
)


def _centroid(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    v = (x * w[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def _weights(texts: Sequence[str]) -> np.ndarray:
    return np.clip(np.array([count_words(t) for t in texts], dtype=np.float64) / 8.0, 0.1, 1.0)


def _role(texts: list[str], index: int, count: int) -> Optional[str]:
    """"Introduction", "Review and credits", "Credits", "Conclusion" or None, from cue density."""
    if count < 2 or not texts:
        return None
    joined = " ".join(texts)
    n_words = max(1, len(joined.split()))
    if index == count - 1:
        credits = len(_CREDITS.findall(joined))
        review = len(_REVIEW.findall(joined))
        closing = len(_CLOSING.findall(joined))
        if credits >= 2 and review:
            return "Review and credits"
        if credits >= 2:
            return "Credits"
        if closing and (closing + review) * 150 >= n_words:
            return "Conclusion"
    if index == 0:
        head = " ".join(texts[: max(3, len(texts) // 3)])
        if _GREETING.search(head):
            return "Introduction"
    return None


def _first_sentence_title(texts: list[str], max_words: int = 10) -> str:
    for t in texts:
        ws = clean_unit(t).split()
        if ws and not has_filler_only(" ".join(ws)):
            return " ".join(ws[:max_words])
    return ""


def _shortlist(cands: dict[str, Candidate], df: dict[str, int], n_chapters: int, n_words: int, k: int) -> list[tuple[Candidate, float]]:
    scored = []
    for c in cands.values():
        if c.tf < 1 or (c.n_words == 1 and not c.in_clause):
            continue  # a word never used inside a clause is an exclamation ("Jesus, it's gonna fall off")
        idf = math.log(1.0 + n_chapters / df.get(c.key, 1))
        early = 1.0 + 0.5 * (1.0 - min(1.0, c.first / max(1, n_words)))
        lex = math.log1p(c.tf) * idf * early * (1.0 + 0.4 * (c.n_words - 1))
        if c.n_words == 1 and c.tf < 2:
            lex *= 0.5
        scored.append((c, lex))
    scored.sort(key=lambda p: -p[1])
    return scored[:k]


def chapter_keyphrases(chapter_texts: Sequence[Sequence[str]], k: int = 3) -> list[str]:
    """The ``k`` phrases that best name each chapter by words alone (frequency in the
    chapter, rarity across the document's chapters, early first use, longer phrases
    first), joined by " ; ". No embedding: cheap enough for every ingest. The search
    index reads them beside the chapter title (chapter titles, indexed, improved sparse
    retrieval in PODTILE; a few keyphrases say more than one title)."""
    per_chapter = [[c for c in (clean_unit(t) for t in texts) if c] for texts in chapter_texts]
    extra = foreign_stop_words(t for units in per_chapter for t in units)
    return [" ; ".join(c.text for c, _ in sl) for sl in _shortlists(per_chapter, k, extra)]


def _shortlists(
    per_chapter: Sequence[Sequence[str]], k: int, extra_stop: frozenset[str] = frozenset()
) -> list[list[tuple[Candidate, float]]]:
    """Each chapter's ``k`` best candidate phrases by words alone (:func:`_shortlist`),
    rarity counted across the given chapters. ``per_chapter``: cleaned, non-empty units;
    ``extra_stop``: the stop words of a non-English document's language."""
    cand_sets = [candidates(list(units), extra_stop=extra_stop) for units in per_chapter]
    if not extra_stop:  # English: speech-recognition fragments ("podi") never name a chapter
        stray = _stray_words(cand_sets, per_chapter)
        if stray:
            cand_sets = [{key: c for key, c in cs.items() if not stray & set(c.text.split())} for cs in cand_sets]
    df: dict[str, int] = {}
    for cs in cand_sets:
        for key in cs:
            df[key] = df.get(key, 0) + 1
    return [_shortlist(cs, df, len(cand_sets), sum(len(t.split()) for t in units), k)
            for cs, units in zip(cand_sets, per_chapter)]


def _stray_words(cand_sets: Sequence[dict[str, Candidate]], per_chapter: Sequence[Sequence[str]]) -> set[str]:
    """Words a speaker cut off ("basic product podi positioning", "charac", "insp"): short
    (five letters at most), in lower case, unknown to the English lexicon and used once in
    the whole document. A name or a term comes back, is capitalised or is longer. Only the
    candidates' words are counted, with one regular expression over the text."""
    maybe = {w for cs in cand_sets for c in cs.values() for w in c.text.split()
             if len(w) <= 5 and w.isalpha() and w.islower() and not word_classes(w)}
    if not maybe:
        return set()
    text = "\n".join(t for units in per_chapter for t in units).lower()
    counts = Counter(re.findall(r"\b(?:" + "|".join(sorted(map(re.escape, maybe))) + r")\b", text))
    return {w for w in maybe if counts[w] <= 1}


def title_units(
    texts: Sequence[str],
    spans: Sequence[tuple[int, int]],
    embeddings: np.ndarray,
    embedder: Embedder,
    *,
    doc_title: str = "",
    spoken: bool = True,
    method: str = "full",
    params: TitleParams | None = None,
    cancel: Optional[CancelToken] = None,
    avoid: Sequence[str] = (),
    wanted: Optional[Sequence[bool]] = None,
) -> list[str]:
    """One title per ``[start, end)`` span of ``texts``; none repeats another or one of
    ``avoid`` (the chapters' titles, when the spans are their sections) while the span
    has another candidate. ``wanted``: the spans that need a title ("" for the others,
    which are named otherwise, by their headings): every span still counts for how rare
    a phrase is, but only the wanted ones are scored and keep each other apart.

    ``method``: ``"full"`` (the product), ``"keyphrase"`` (plain KeyBERT-style baseline:
    best candidate by similarity to the chapter only) or ``"first_sentence"`` (baseline).
    """
    p = params or PARAMS
    x = np.asarray(embeddings, dtype=np.float64)
    cleaned = [clean_unit(t) for t in texts]
    per_chapter = [[cleaned[i] for i in range(a, b) if cleaned[i]] for a, b in spans]
    if method == "first_sentence":
        return [_first_sentence_title(c) or "Untitled" for c in per_chapter]
    w = _weights(cleaned)
    votes = casing_votes(cleaned)
    cents = np.stack([_centroid(x[a:b], w[a:b]) for a, b in spans]) if spans else np.zeros((0, x.shape[1]))
    # A document in another language: its own stop words, and no English "X and Y" titles.
    language = detect_language(cleaned)
    extra = frozenset() if language == ENGLISH else stop_words(language)
    shortlists = _shortlists(per_chapter, p.shortlist, extra)
    want = [True] * len(spans) if wanted is None else [bool(w) for w in wanted]
    phrases = sorted({c.text for sl, w in zip(shortlists, want) if w for c, _ in sl})
    check(cancel)
    vecs = embedder.encode(phrases) if phrases else np.zeros((0, x.shape[1]))
    vec_of = {ph: np.asarray(v, dtype=np.float64) for ph, v in zip(phrases, vecs)}
    title_vec = None
    if doc_title and method == "full" and p.context:
        title_vec = np.asarray(embedder.encode([doc_title])[0], dtype=np.float64)
    chosen: list[str] = []
    chosen_vecs = np.zeros((0, x.shape[1]))  # the vectors of the titles chosen so far, a row each
    avoided = {t.lower() for t in avoid}
    for ci, sl in enumerate(shortlists):
        if not want[ci]:
            chosen.append("")
            continue
        role = _role(per_chapter[ci], ci, len(spans)) if (method == "full" and p.roles and spoken) else None
        if not sl:
            chosen.append(role or _first_sentence_title(per_chapter[ci], 6) or f"Part {ci + 1}")
            continue
        max_lex = max(s for _, s in sl) or 1.0
        rows = []
        for c, lex in sl:
            v = vec_of[c.text]
            s = float(v @ cents[ci])
            if method == "full":
                nb = [float(v @ cents[j]) for j in (ci - 1, ci + 1) if 0 <= j < len(spans)]
                if nb:
                    s -= p.neighbour * max(0.0, max(nb) - 0.0)
                s += p.lexical * lex / max_lex + p.length_bonus * (c.n_words - 1)
                if title_vec is not None:
                    s += p.context * float(v @ title_vec)
                if len(chosen_vecs):
                    s -= p.diversity * float(np.max(chosen_vecs @ v))
            rows.append((s, c))
        rows.sort(key=lambda r: -r[0])

        def compose(k: int) -> str:
            best_s, best = rows[k]
            title = best.text
            if method == "full":
                # A phrase that already coordinates ("back and summarize") gets no partner and
                # is no partner: "X and Y and Z" reads as a list, not a title.
                pairable = "and" not in best.key.split() and language == ENGLISH
                later = rows[k + 1:]
                if pairable and (best.n_words == 1 or (later and later[0][0] >= p.pair_ratio * best_s)):
                    used = _stems(best.key)
                    for s2, c2 in later:
                        if (not used & _stems(c2.key) and "and" not in c2.key.split() and s2 >= p.pair_ratio * best_s
                                and best.n_words + c2.n_words <= 6):
                            title = f"{best.text} and {c2.text}"
                            break
                title = true_case(title, votes)
                if role == "Introduction":
                    title = f"Introduction: {natural_case(title)}"
                elif role:
                    title = role
            return natural_case(title)

        # Titles are for navigating: a chapter does not repeat an earlier chapter's title
        # (exhibits of a manual share their words) while another candidate is left.
        k, title = 0, compose(0)
        taken = {t.lower() for t in chosen} | avoided
        while method == "full" and title.lower() in taken and k + 1 < len(rows):
            k += 1
            title = compose(k)
        if title.lower() in taken:
            k, title = 0, compose(0)
        chosen.append(title)
        chosen_vecs = np.vstack([chosen_vecs, vec_of.get(rows[k][1].text, cents[ci])])
    return [_limit_words(t) for t in chosen]


def _stems(key: str) -> set[str]:
    """Crude stems of a phrase's words, and of each part of a hyphenated one, so that a pair
    never repeats one ("Freud and Freud's", "summarize and summarizing", "tech cutting
    edge and high-tech")."""
    out = set()
    for w in key.lower().split():
        for suffix in ("'s", "’s", "s'"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
                break
        out.add(crude_stem(w))
        if "-" in w:
            out.update(crude_stem(part) for part in w.split("-") if len(part) >= 3)
    return out


def _limit_words(title: str, max_words: int = 8) -> str:
    ws = title.split()
    if len(ws) <= max_words:
        return title
    return " ".join(ws[:max_words])


def title_chapters(
    doc: Document,
    chapters: list[Chapter],
    embeddings: np.ndarray,
    embedder: Embedder,
    *,
    blocks: Optional[dict[int, list[Block]]] = None,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
    avoid: Sequence[str] = (),
) -> list[Chapter]:
    """Titles for ``chapters`` (same order and ranges); user titles are never overwritten.
    Generated titles avoid the titles in ``avoid`` (see :func:`title_units`)."""
    from .segmentation_priors import heading_starts, marked_headings

    if not chapters:
        return []
    n = len(doc.sentences)
    heads = heading_starts(blocks, n) or marked_headings(doc)
    texts = [s.text for s in doc.sentences]
    spans = [(c.start, c.end) for c in chapters]
    report(progress, 0.1, "titling chapters")
    # the titles that are not generated: the user's, the document's own, its headings
    known: list[Optional[Chapter]] = []
    for ch in chapters:
        if ch.title_source == "user" and ch.title:
            known.append(ch)
        elif ch.start == 0 and (doc.kind == "pdf" or heads) and doc.title and _same_words(texts[0], doc.title):
            # the document opens with its own title: the first chapter is named by it
            known.append(replace(ch, title=heading_title(doc.title), title_source="heading"))
        elif (lead := lead_heading(doc, heads, ch)) is not None:
            known.append(replace(ch, title=heading_title(_whole_heading(heads[lead][1], texts[lead])),
                                 title_source="heading"))
        elif ch.start in heads and len(heads[ch.start][1].split()) >= 1:
            known.append(replace(ch, title=heading_title(_whole_heading(heads[ch.start][1], texts[ch.start])),
                                 title_source="heading"))
        else:
            known.append(None)
    wanted = [k is None for k in known]
    generated = title_units(
        texts, spans, embeddings, embedder, doc_title=doc.title, spoken=doc.kind == "transcript", cancel=cancel,
        avoid=[*avoid, *(k.title for k in known if k is not None)], wanted=wanted,
    ) if any(wanted) else [""] * len(chapters)
    from .titling_llm import generative_titles

    fallback = [k.title if k is not None else g for k, g in zip(known, generated)]
    llm = generative_titles(doc, chapters, embeddings, embedder, fallback) if any(wanted) else None
    out: list[Chapter] = []
    for i, ch in enumerate(chapters):
        if known[i] is not None:
            out.append(known[i])
            continue
        title = llm[i] if llm and llm[i] else generated[i]
        out.append(replace(ch, title=title, title_source="generated"))
    report(progress, 1.0, "titles done")
    return out


def lead_heading(doc: Document, heads: dict[int, tuple[int, str]], ch: Chapter) -> Optional[int]:
    """The heading that names a PDF's first chapter when the chapter opens with lines that
    are no heading (a cover's brand, a running head: :func:`segmentation_headings.cover_starts`):
    the document's title if it is among the headings above the first running text, else the
    last of them, the one right over that text (on the chapter's first page). None when the
    chapter opens at a heading or no heading comes before its running text."""
    from .heading_levels import is_prose

    if ch.start != 0 or ch.start in heads or doc.kind != "pdf":
        return None
    found: list[int] = []
    page = doc.sentences[ch.start].anchor.page if ch.start < len(doc.sentences) else None
    for k in range(ch.start, min(ch.end, len(doc.sentences))):
        if doc.sentences[k].anchor.page != page:
            break
        if k in heads:
            found.append(k)
        elif is_prose(doc.sentences[k].text):
            break
    if not found:
        return None
    titled = [k for k in found if doc.title and _same_words(heads[k][1], doc.title)]
    return (titled or found)[-1]


def _same_words(a: str, b: str) -> bool:
    return bool(a.split()) and a.split() == b.split()


def _whole_heading(heading: str, sentence: str) -> str:
    """A heading block cut where its line wrapped ("LONGEVAL: Guidelines for Human
    Evaluation of"), completed by the sentence the loader joined over the wrap."""
    head = " ".join(heading.split())
    if ends_mid_phrase(head):  # the loader's own wrap rule
        sent = " ".join(sentence.split())
        if sent.startswith(head) and len(sent) > len(head):
            return sent
    return head


def heading_title(text: str, max_words: int = 12) -> str:
    from .heading_text import heading_title_text

    text = heading_title_text(text)
    ws = text.split()
    return text if len(ws) <= max_words else " ".join(ws[:max_words]) + "…"


def first_words(text: str, k: int = 8) -> str:
    return " ".join(words(text)[:k])
