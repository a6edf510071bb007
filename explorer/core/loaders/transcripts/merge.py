"""Cues to sentences, keeping times and speakers.

Cues are caption lines, not sentences: a sentence may run over several cues, a cue may
hold several sentences, and word-level formats give one word per cue. We flatten the
cues into *tokens* (a word with its own times, or a whole cue whose inner times are
interpolated by character position), group tokens into *runs* (same speaker, no long
pause), split each run with :func:`explorer.core.sentences.split_spans`, and cut
sentences that are still too long at the longest pause inside them (unpunctuated
auto-captions), falling back to the splitter's word cap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ...language import count_words
from ...model import Anchor, Cue, Sentence
from ...progress import CancelToken, check
from ...sentences import split_spans
from .common import Word

_TERMINATOR = re.compile(r"[.!?…。！？؟](?=[\"'”’)\]]*(\s|$))")


@dataclass(slots=True)
class _Token:
    text: str
    start: float | None
    end: float | None
    cue: int
    speaker: str | None
    char: int = 0  # offset in the run text


def is_punctuated(cues: list[Cue]) -> bool:
    """At least one sentence end per 40 words: the text carries its own sentence marks."""
    words = sum(count_words(c.text) for c in cues)
    ends = sum(len(_TERMINATOR.findall(c.text)) for c in cues)
    return words == 0 or ends * 40 >= words


def _tokens(cues: list[Cue], words: list[list[Word] | None], timed: bool) -> list[_Token]:
    out: list[_Token] = []
    for cue, ws in zip(cues, words):
        if ws and timed:
            out.extend(_Token(w, s, e, cue.index, cue.speaker) for s, e, w in ws if w)
        elif cue.text:
            out.append(
                _Token(
                    cue.text, cue.start if timed else None, cue.end if timed else None, cue.index, cue.speaker
                )
            )
    return out


def _runs(tokens: list[_Token], pause: float, cue_breaks: bool) -> list[list[_Token]]:
    runs: list[list[_Token]] = []
    for tok in tokens:
        if runs:
            prev = runs[-1][-1]
            gap = (tok.start - prev.end) if tok.start is not None and prev.end is not None else 0.0
            new_cue = cue_breaks and tok.cue != prev.cue
            if tok.speaker == prev.speaker and gap < pause and not new_cue:
                runs[-1].append(tok)
                continue
        runs.append([tok])
    return runs


def _time_at(tok: _Token, offset: int, *, end: bool) -> float | None:
    """Time at character ``offset`` inside ``tok`` (linear within the token)."""
    if tok.start is None or tok.end is None:
        return None
    if len(tok.text) <= 1 or tok.end <= tok.start:
        return tok.end if end else tok.start
    frac = min(1.0, max(0.0, offset / len(tok.text)))
    return tok.start + frac * (tok.end - tok.start)


class _Builder:
    def __init__(self, max_words: int) -> None:
        self.max_words = max_words
        self.sentences: list[Sentence] = []
        self._chars: list[int] = []

    def add_run(self, run: list[_Token]) -> None:
        parts: list[str] = []
        pos = 0
        for tok in run:
            tok.char = pos
            parts.append(tok.text)
            pos += len(tok.text) + 1
        text = " ".join(parts)
        self._chars = [tok.char for tok in run]
        for a, b in split_spans(text, max_words=10**9):
            self._add_span(text, run, a, b)

    def _covering(self, run: list[_Token], a: int, b: int) -> list[_Token]:
        """Tokens overlapping characters ``[a, b)`` (tokens are sorted by offset)."""
        i = max(0, bisect_right(self._chars, a) - 1)
        j = bisect_left(self._chars, b)
        return [t for t in run[i:j] if t.char + len(t.text) > a]

    def _add_span(self, text: str, run: list[_Token], a: int, b: int) -> None:
        toks = self._covering(run, a, b)
        if not toks:
            return
        n_words = count_words(text[a:b])
        if n_words > self.max_words:
            cut = self._pause_cut(text, toks, a, b)
            if cut is None:
                cut = self._line_cut(text, toks, a, b)
            if cut is not None:
                self._add_span(text, run, a, cut)
                self._add_span(text, run, cut, b)
                return
            sub = split_spans(text[a:b], max_words=self.max_words)
            if len(sub) > 1:
                for x, y in sub:
                    self._emit(text, run, a + x, a + y)
                return
        self._emit(text, run, a, b)

    def _line_cut(self, text: str, toks: list[_Token], a: int, b: int) -> int | None:
        """For caption lines (several words per token) with no pauses: the last line end
        that keeps the first part within the cap and at least half of it."""
        if len(toks) < 2 or sum(count_words(t.text) for t in toks) < 3 * len(toks):
            return None
        best = None
        for tok in toks[1:]:
            cut = tok.char
            if not a < cut < b:
                continue
            left = count_words(text[a:cut])
            if left > self.max_words:
                break
            if left >= self.max_words // 2:
                best = cut
        return best

    def _pause_cut(self, text: str, toks: list[_Token], a: int, b: int) -> int | None:
        """Character offset of the longest pause between tokens that leaves both halves a
        quarter of the cap or more; ``None`` when no pause is at least 0.25 s."""
        best, best_gap = None, 0.25
        min_side = self.max_words // 4
        for prev, nxt in zip(toks, toks[1:]):
            if prev.end is None or nxt.start is None:
                continue
            gap = nxt.start - prev.end
            cut = nxt.char
            if gap >= best_gap and a < cut < b:
                left, right = count_words(text[a:cut]), count_words(text[cut:b])
                if left >= min_side and right >= min_side:
                    best, best_gap = cut, gap
        return best

    def _emit(self, text: str, run: list[_Token], a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        toks = self._covering(run, a, b)
        if not toks:
            return
        first, last = toks[0], toks[-1]
        start = _time_at(first, a - first.char, end=False)
        end = _time_at(last, b - last.char, end=True)
        if start is not None and end is not None and end < start:
            end = start
        cues = tuple(sorted({t.cue for t in toks}))
        anchor = Anchor(start=start, end=end, cues=cues, speaker=first.speaker)
        self.sentences.append(Sentence(len(self.sentences), text[a:b], anchor))


def build_sentences(
    cues: list[Cue],
    words: list[list[Word] | None],
    *,
    timed: bool = True,
    cue_breaks: bool = False,
    cancel: CancelToken | None = None,
) -> list[Sentence]:
    """Sentences over ``cues`` (``words[i]`` are the word times of cue ``i`` if known).
    With ``timed=False`` (plain text, speaker-only text) anchors get no times.
    ``cue_breaks``: a sentence never runs over a cue boundary (for formats whose cues
    are paragraphs or speaker turns; caption cues are cut mid-sentence, so not for them)."""
    punctuated = is_punctuated(cues)
    pause = 2.0 if punctuated else 1.0
    builder = _Builder(max_words=60 if punctuated else 30)
    for k, run in enumerate(_runs(_tokens(cues, words, timed), pause, cue_breaks)):
        if k % 200 == 0:
            check(cancel)
        builder.add_run(run)
    return builder.sentences
