"""Which English words can end a noun phrase, from LemmInflect's word-form lexicon.

Chapter titles are noun phrases ("Remote controls", "Theory of psychoanalysis"). Without a
tagger, content-word runs of speech also yield verbs and modifiers: "Clipped and allowed",
"Mysterious and elusive", "Web series complete". LemmInflect ships, inside its wheel, the
parts of speech each English word form can take; a word it knows only as a verb, adjective
or adverb cannot head a title. Words it does not know (names, jargon: "Freud",
"workspaces") are let through, as are "-ing" forms, which name activities ("Pricing").
"""
from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)

_NOUNISH = frozenset({"NOUN", "PROPN"})


@functools.lru_cache(maxsize=1)
def _lookup():
    try:
        from lemminflect import getAllLemmas
    except Exception:  # noqa: BLE001 - a broken install must not stop titling
        log.warning("lemminflect is not available: titles are not checked for part of speech")
        return None
    return getAllLemmas


@functools.lru_cache(maxsize=65536)
def word_classes(word: str) -> frozenset[str]:
    """The universal parts of speech LemmInflect knows for ``word`` (lower-cased); empty
    when it does not know the word or is not installed."""
    lookup = _lookup()
    if lookup is None:
        return frozenset()
    try:
        return frozenset(lookup(word.lower()))
    except Exception:  # noqa: BLE001 - odd input (symbols, very long words)
        return frozenset()


def can_head_noun_phrase(word: str) -> bool:
    """Whether an English ``word`` can be the last word of a title: it may be a noun, is
    an "-ing" form, or is unknown to the lexicon."""
    classes = word_classes(word)
    return not classes or bool(classes & _NOUNISH) or word.lower().endswith("ing")


def is_verb_only(word: str) -> bool:
    """Whether the lexicon knows ``word`` only as a verb (or auxiliary) in a form that
    does not modify a noun: "rely", "summarize", but not "advanced" or "running"."""
    w = word.lower()
    if w.endswith(("ed", "ing", "en")):
        return False
    classes = word_classes(w)
    return bool(classes) and classes <= {"VERB", "AUX"}
