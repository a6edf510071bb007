"""Find in document ignores case, accents and doubled spaces, and keeps document order."""
from explorer.core.find import find_sentences, fold, folded_sentences
from explorer.core.model import Anchor, Document, Sentence


def test_find_sentences_like_a_readers_ctrl_f():
    texts = ["Her Résumé was long.", "The data  set is new.", "No match here.", "Another resume, shorter."]
    doc = Document(id="d", path="d.txt", kind="transcript", format="plain", title="d",
                   sentences=[Sentence(i, t, Anchor()) for i, t in enumerate(texts)])
    folded = folded_sentences(doc)
    assert find_sentences(folded, "RESUME") == [0, 3]
    assert find_sentences(folded, "data set") == [1]
    assert find_sentences(folded, "   ") == [] and find_sentences(folded, "absent") == []
    assert fold("Ångström\u00a0 Units") == "angstrom units"
