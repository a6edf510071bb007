"""Who speaks in a stretch of a transcript, and how much (for chapter tooltips and the CLI)."""
from __future__ import annotations

from collections import Counter

from .model import Document


def speaker_shares(doc: Document, start: int, end: int) -> list[tuple[str, float]]:
    """``[(speaker, share), ...]`` over sentences ``[start, end)``, largest first.

    The share is of the words spoken, which works with or without times (a turn's
    duration would count its pauses). Empty when no sentence names a speaker.
    """
    words: Counter[str] = Counter()
    for s in doc.sentences[max(0, start):max(0, end)]:
        if s.anchor.speaker:
            words[s.anchor.speaker] += max(1, len(s.text.split()))
    total = sum(words.values())
    return [(name, n / total) for name, n in words.most_common()] if total else []


def describe_shares(shares: list[tuple[str, float]], most: int = 4) -> str:
    """``Alice 62%, Bob 30%, 2 others 8%`` (empty for no speakers)."""
    if not shares:
        return ""
    shown = [f"{name} {round(100 * share)}%" for name, share in shares[:most]]
    rest = shares[most:]
    if rest:
        shown.append(f"{len(rest)} other{'s' if len(rest) > 1 else ''} {round(100 * sum(s for _n, s in rest))}%")
    return ", ".join(shown)
