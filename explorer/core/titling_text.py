"""Text helpers for chapter titles: cleaning, stop words and fillers, candidate phrases, casing."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .language import hangul_stem, is_hangul, is_unspaced
from .word_classes import can_head_noun_phrase, is_verb_only, word_classes

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
    from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
    his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were
    weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you
    you'd you'll you're you've your yours yourself yourselves one two three four five six seven eight nine ten
    first second third next last many much every another may might must shall will us also just even still yet
    ever never always often sometimes already again like get gets got getting go goes going gone went come comes came
    make makes made take takes took give gives gave say says said see sees saw look looks looked use used using want
    wants wanted need needs needed try tries tried put puts call called know knows knew think thinks thought mean means
    meant tell tells told seem seems seemed let lets keep keeps kept show shows showed find finds found feel felt
    thing things stuff lot lots bit way ways kind sort type types part parts point points time times day days today
    yesterday tomorrow now right left well really actually basically literally probably maybe perhaps quite rather
    pretty sure certainly definitely exactly simply totally kinda sorta gonna wanna gotta lemme dunno yeah yes yep
    nope okay ok alright um uh uhm erm er ah oh hmm mm mhm mm-hmm uh-huh huh hey hi hello bye goodbye thanks thank
    please guys guy everybody everyone someone somebody something anything everything nothing anyone whatever good
    great nice cool awesome bad big small little new old able sure true false whole able different same various certain
    here's there's etc vs via per within without among across toward towards upon around along onto instead else
    done doing does did able ones lot able yeah gonna isn't least less fewer most more eleven twelve twenty thirty
    forty fifty sixty seventy eighty ninety hundred thousand million billion half dozen couple few several whose whom
    yours mine whatnot things anyway anyways somehow somewhere anywhere everywhere nowhere cetera that'll it'll
    there'll this'll what'll who'll 'cause cuz till sorts kinds pieces loads bunch bunches tons heaps sorry pardon""".split()
)

FILLERS = frozenset(
    """yeah yes yep um uh uhm erm er ah oh hmm mm mhm okay ok alright right like so well you know i mean sort of kind of
    gonna wanna gotta mm-hmm uh-huh huh hey oops whoops wow whoa gosh ooh oooh aha ahh ugh yay yup nah damn mm-mm
    uh-oh""".split()
)

_TAG = re.compile(r"\{[^}]*\}|\[[^\]]*\]|<[^>]*>|\([^)]*(?:laugh|noise|inaudible|music|applause)[^)]*\)", re.I)
_SPEAKER = re.compile(r"^\s*[A-Z][\w .'-]{0,40}:\s+")
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?%])")
# Addresses name no topic ("ibm.com/redbooks" made the title "Com redbooks and Redpaper").
_ADDRESS = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|int|info)\b(?:/\S*)?",
    re.I,
)
# Letters of any script ("représentation", "Größe" are one word each), inner ' ’ & - kept.
# Ordinals and decades ("20th", "1990s") are one word: split, "20th century psychology"
# lost its number and became "Century experimental psychology".
_WORD = re.compile(r"[^\W\d_](?:(?:[^\W_]|['’&\-])*[^\W_])?|\d+(?:st|nd|rd|th|s)\b|\d+(?:\.\d+)?")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_LY_NOUNS = frozenset({"family", "assembly", "italy", "july", "supply", "reply", "ally", "anomaly", "monopoly", "rally"})
_VERBISH_END = ("ed", "es")


# English adjectives that are hardly ever nouns: a phrase ending in one is not a noun phrase
# ("Dog and best", "Coming apart and dear" were meeting sections' titles).
_ADJECTIVES = frozenset(
    """best better worse worst fine dear clear easy easier hard harder simple important possible impossible real
    main large larger high higher low lower long longer short shorter special full free ready happy sad strong
    weak wrong correct incorrect interesting funny cute fun lovely weird strange crazy amazing fantastic perfect
    horrible terrible brilliant excellent fair obvious serious similar likely unlikely usual unusual necessary
    available expensive cheap cheaper difficult quick quicker slow slower nicer lucky tricky fancy proud afraid
    aware glad sorry busy tired ugly pretty useful useless smaller bigger latest earliest""".split()
)


def good_phrase(ws: list[str], english: bool = True) -> bool:
    """Reject runs that end like a verb ("buzzed", "engages") or an adjective ("best"), or
    are a single short word. In English, the last word must be able to head a noun phrase
    and the first must not be a bare verb ("Clipped and allowed", "Rely on steps":
    :mod:`word_classes`)."""
    last = ws[-1].lower()
    if last in _ADJECTIVES or _ORDINAL.fullmatch(last):
        return False
    if english and (not can_head_noun_phrase(last) or is_verb_only(ws[0])):
        return False
    if len(ws) > 1 and last.endswith("ed") and len(last) > 4:
        return False
    if last.endswith(("'s", "’s")):  # a possessive without its noun, or a contraction ("cost's" = "cost is")
        return False
    if any(w.lower().endswith("ed") and len(w) > 4 for w in ws[1:-1]):
        return False
    if len(ws) > 1 and _repeats_a_word(ws):
        return False
    return True


def _repeats_a_word(ws: list[str]) -> bool:
    """Two words of one phrase that are one word ("Tech cutting edge technology", "Report
    reports"): the same stem, or one the start of another (of four letters or more)."""
    low = [w.lower() for w in ws]
    stems = [crude_stem(w) for w in low]
    return len(set(stems)) < len(stems) or any(
        a != b and len(a) >= 4 and b.startswith(a) for a in low for b in low)


_CONNECTORS = frozenset({"of", "and", "&", "for", "in", "on", "vs"})
_PARTICLES = frozenset({"up", "down", "out", "off"})


_STEM_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s", "ly", "e")


def crude_stem(word: str) -> str:
    """Strip one common English suffix, keeping at least three letters, so that "rotate",
    "rotating" and "rotates" (or "summarize" and "summarizing") compare equal. For
    matching words, never for display."""
    for suf in _STEM_SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def clean_unit(text: str) -> str:
    """Drop a ``Speaker:`` prefix, transcript tags (``{vocalsound}``, ``[laughter]``), web and
    mail addresses, and spaced punctuation."""
    text = _SPEAKER.sub("", text, count=1)
    text = _TAG.sub(" ", text)
    text = _ADDRESS.sub(" ", text)
    text = text.replace("’", "'")
    text = _SPACE_PUNCT.sub(r"\1", " ".join(text.split()))
    text = re.sub(r"\s+n't\b", "n't", text)
    text = re.sub(r"\s+'(s|re|ve|ll|d|m)\b", r"'\1", text)
    return text.strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def title_words(text: str) -> list[str]:
    """:func:`words`, with Korean words cut to their stems ("축구 경기는" -> "축구 경기"),
    and Korean predicates ("했습니다") as "" (no content), so that runs of nouns make
    the phrases."""
    out = []
    for w in _WORD.findall(text):
        if is_hangul(w):
            stem = hangul_stem(w)
            w = stem[0] if stem else ""
        out.append(w)
    return out


def is_content(word: str, extra_stop: frozenset[str] = frozenset()) -> bool:
    """Whether ``word`` can be part of a title phrase; ``extra_stop``: the stop words of
    a non-English document's language (:mod:`language`)."""
    w = word.lower()
    if w in STOPWORDS or w in FILLERS or w in extra_stop:
        return False
    if extra_stop and ("'" in w or "’" in w):  # elided stop words ("qu'une") are one; "l'analyse" is not
        parts = [p for p in re.split(r"['’]", w) if p]
        if all(p in extra_stop or p in STOPWORDS for p in parts):
            return False
    if w.endswith("ly") and len(w) > 4 and w not in _LY_NOUNS:  # adverbs
        return False
    if len(w) < 3 and not (word.isupper() and len(word) >= 2) and not (is_hangul(w) and len(w) == 2):
        return False  # a Hangul syllable is a whole syllable: two make a word
    if w.isdigit() and len(w) != 4:  # years are content, other bare numbers are not
        return False
    return True


@dataclass
class Candidate:
    """A candidate phrase: lower-case key, preferred surface form, counts."""

    key: str
    surface: Counter = field(default_factory=Counter)
    tf: int = 0
    first: int = 1 << 30
    n_words: int = 1
    in_clause: int = 0  # uses inside a longer clause ("Jesus, it's gonna fall off" has none)

    @property
    def text(self) -> str:
        return self.surface.most_common(1)[0][0]


def candidates(unit_texts: list[str], max_words: int = 4, extra_stop: frozenset[str] = frozenset()) -> dict[str, Candidate]:
    """Maximal content-word runs (1..``max_words`` words, all sub-runs) and ``A of/and B``
    phrases (English connectors: only when ``extra_stop`` is empty, i.e. English text)."""
    out: dict[str, Candidate] = {}
    pos = 0
    english = not extra_stop

    def add(ws: list[str], where: int, clause_words: int = 0) -> None:
        key = " ".join(w.lower() for w in ws)
        c = out.get(key)
        if c is None:
            c = out[key] = Candidate(key, n_words=len(ws))
        c.surface[" ".join(ws)] += 1
        c.tf += 1
        c.first = min(c.first, where)
        c.in_clause += clause_words > len(ws)

    for text in unit_texts:
        for clause in re.split(r"[,.;:!?()\"\u201c\u201d\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f]+|\s-\s|\s--\s", text):
            ws = title_words(clause)
            if any(is_unspaced(w[:1]) for w in ws):
                # Chinese or Japanese: no spaces mark the words, so every 2- to 4-character
                # piece free of function characters (的, 了; Japanese hiragana: particles
                # and endings) is a candidate; the ones that recur in the chapter
                # ("天气预报", "サッカー") win on frequency.
                for w in ws:
                    if is_unspaced(w[:1]):
                        for size in (2, 3, 4):
                            for i in range(len(w) - size + 1):
                                piece = w[i:i + size]
                                if not any(ch in extra_stop or "\u3041" <= ch <= "\u309f" for ch in piece):
                                    add([piece], pos, 2)
                pos += len(ws)
                continue
            runs: list[tuple[int, int]] = []
            i = 0
            while i < len(ws):
                if is_content(ws[i], extra_stop):
                    j = i
                    while j < len(ws) and is_content(ws[j], extra_stop):
                        j += 1
                    runs.append((i, j))
                    i = j
                else:
                    i += 1
            for a, b in runs:
                # "reward systems light up": a run's last word before a particle is a verb there
                verb_end = english and b < len(ws) and ws[b].lower() in _PARTICLES and "VERB" in word_classes(ws[b - 1])
                for s in range(a, b):
                    for e in range(s + 1, min(b, s + max_words) + 1):
                        if good_phrase(ws[s:e], english) and not (verb_end and e == b):
                            add(ws[s:e], pos + s, len(ws))
            for (a1, b1), (a2, b2) in zip(runs, runs[1:]) if not extra_stop else ():
                if a2 - b1 == 1 and ws[b1].lower() in _CONNECTORS and (b2 - a1) <= 5:
                    left = ws[max(a1, b1 - 2) : b1]
                    right = ws[a2 : min(b2, a2 + 2)]
                    # "Working on bringing forward": a lone "-ing" word before "on", "in", "for"
                    # is a verb with its preposition, not a noun with its complement.
                    verb_first = (len(left) == 1 and left[0].lower().endswith("ing")
                                  and ws[b1].lower() in ("on", "in", "for"))
                    # both sides must be phrases: "clipped and fine" is no topic
                    if good_phrase(left, english) and good_phrase(right, english) and not verb_first:
                        add(left + [ws[b1]] + right, pos + a1, len(ws))
            pos += len(ws)
    return out


_SENTENCE_END = re.compile(r"[.!?:;\u3002\uff01\uff1f]+\s+|\n")


def casing_votes(texts: list[str]) -> Counter:
    """Per lower-cased word: how often it is written in lower case inside a sentence, minus
    how often capitalised there. A sentence's first word says nothing about its case."""
    votes: Counter = Counter()
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            for w in words(sentence)[1:]:
                if w[:1].islower():
                    votes[w.lower()] += 1
                elif w[:1].isupper() and not w.isupper():
                    votes[w.lower()] -= 1
    return votes


def true_case(phrase: str, votes: Counter) -> str:
    """``phrase`` with the capitals it got only from starting a sentence taken off: "Lab
    monkey's brain and Mirror neuron research" -> "... and mirror neuron research" when
    the text writes "mirror" in lower case. A part written all in capitals ("Wechsler
    Adult Intelligence Scale") is a name and stays; so do acronyms."""
    parts = []
    for k, part in enumerate(phrase.split(" and ")):
        ws = part.split(" ")
        if len(ws) > 1 and all(w[:1].isupper() for w in ws):
            parts.append(part)
            continue
        parts.append(" ".join(
            w.lower() if (k or i) and w[:1].isupper() and w[1:].islower() and votes.get(w.lower(), 0) > 0 else w
            for i, w in enumerate(ws)))  # the title's first word keeps its capital
    return " and ".join(parts)


def natural_case(phrase: str) -> str:
    """Sentence case that keeps acronyms and proper-looking capitals: ``"operant conditioning"`` -> ``"Operant conditioning"``."""
    if not phrase:
        return phrase
    return phrase[0].upper() + phrase[1:]


def has_filler_only(title: str) -> bool:
    ws = [w.lower() for w in words(title)]
    return not ws or all(w in FILLERS or w in STOPWORDS for w in ws)
