"""A chapter's key sentence: the most central real sentence, not its filler opening."""
import re

import numpy as np

from explorer.core.gist import key_sentence
from explorer.core.model import Anchor, Document, Sentence


def test_the_key_sentence_is_central_long_enough_and_not_a_table_row():
    texts = ["Okay, so.", "Rivers carry water from the hills down to the sea.",
             "Rivers shape valleys over many thousands of years of flow.", "Table 2 41,200 38,100 9,750 3,610 7,785 12",
             "Yeah yeah you know, um, right, okay, so."]
    vec = {0: [1, 1, 0], 1: [0.3, 1, 0], 2: [1, 0.15, 0], 3: [0.9, 0.36, 0], 4: [0.9, 0.36, 0]}
    doc = Document(id="d", path="d.txt", kind="transcript", format="plain", title="d",
                   sentences=[Sentence(i, t, Anchor()) for i, t in enumerate(texts)])
    emb = np.array([vec[i] for i in range(5)], dtype=np.float32)
    assert key_sentence(doc, emb, 0, 5) == 2  # 3 and 4 are closer to the centre but are not prose
    assert key_sentence(doc, emb, 0, 1) is None  # nothing long enough
    assert key_sentence(doc, None, 0, 5) is None and key_sentence(doc, emb[:3], 0, 5) is None


def test_key_sentences_are_central_yet_different_and_in_document_order():
    from explorer.core.exports import export_text

    from explorer.core.gist import key_sentences
    from explorer.core.model import Chapter

    texts = [f"Sentence {i} is a long enough sentence about its own topic here." for i in range(8)]
    # 1 and 2 say nearly the same central thing; 5 is central in another direction
    vec = [[0, 0, 1], [1, 0.2, 0], [1, 0.21, 0], [0.2, 0, 1], [0, 0, 1], [0.7, 0.9, 0], [0, 0.1, 1], [0, 1, 0.1]]
    doc = Document(id="d", path="d.vtt", kind="transcript", format="webvtt", title="Talk",
                   sentences=[Sentence(i, t, Anchor(start=60.0 * i, speaker="Ann" if i % 2 else None))
                              for i, t in enumerate(texts)])
    emb = np.array(vec, dtype=np.float32)
    picked = key_sentences(doc, emb, 1, 6, 2)
    assert picked == sorted(picked) and len(picked) == 2
    assert not {1, 2} <= set(picked)  # not the same thing twice
    assert key_sentences(doc, emb, 0, 8, 1) == [key_sentence(doc, emb, 0, 8)]
    assert key_sentences(doc, emb, 0, 8, 50) == list(range(8))  # never more than there are
    md = export_text(doc, [Chapter(0, 4, "Rivers"), Chapter(4, 8, "Harbours")], "summary", embeddings=emb)
    assert md.startswith("# Talk\n\n## Rivers (0:00)\n\n- ")
    bullets = [ln for ln in md.splitlines() if ln.startswith("- ")]
    assert len(bullets) == 6  # three per chapter, each with its time and speaker as a quote has them
    assert all(re.fullmatch(r"- \[(\d):00\] (Ann: )?Sentence \1 is a long .*", b) for b in bullets)
    assert ("- [5:00] Ann: Sentence 5" in md) == (5 in key_sentences(doc, emb, 4, 8, 3))
    # no vectors (or none usable): the chapter's first sentences that read as prose
    for vectors in (None, np.zeros_like(emb)):
        md = export_text(doc, [Chapter(0, 8, "All")], "summary", embeddings=vectors)
        assert [ln[:14] for ln in md.splitlines() if ln.startswith("- ")] == [
            "- [0:00] Sente", "- [1:00] Ann: ", "- [2:00] Sente"]
    assert key_sentences(doc, np.zeros_like(emb), 0, 8) == []
