"""A chapter's key sentence: the most central real sentence, not its filler opening."""
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
