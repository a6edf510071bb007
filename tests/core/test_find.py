"""Find in document ignores case, accents and doubled spaces, and keeps document order."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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


def test_match_spans_point_at_the_original_text():
    from explorer.core.find import match_spans

    text = "Her  Résumé was long; the RÉSUMÉ\tof his was short."
    assert [text[a:b] for a, b in match_spans(text, "resume")] == ["Résumé", "RÉSUMÉ"]
    assert [text[a:b] for a, b in match_spans(text, "her résumé")] == ["Her  Résumé"]
    decomposed = "Cafe\u0301 au lait"  # é as e + combining accent
    assert [decomposed[a:b] for a, b in match_spans(decomposed, "café au")] == ["Cafe\u0301 au"]
    assert match_spans(text, "  ") == [] and match_spans(text, "absent") == []


@given(st.text(alphabet=st.sampled_from(list("aAéÉe\u0301 \t\nßﬁx.")), max_size=40))
def test_the_offsets_fold_as_fold_does(text):
    from explorer.core.find import fold_with_offsets

    folded, origin = fold_with_offsets(text)
    assert folded == fold(text) and len(origin) == len(folded)
    assert origin == sorted(origin) and all(0 <= i < len(text) for i in origin)


def test_a_passage_of_an_older_version_is_found_in_the_new_one():
    from explorer.core.find import fold, passage_in

    old = "The river floods in spring. Farmers move their herds uphill. Yes."
    new = ["A new first line was added.", "Yes.", "The river floods in spring.", "Farmers move their herds uphill.",
           "Yes.", "Something else entirely is said here."]
    folded = [fold(s) for s in new]
    assert passage_in(folded, old) == range(2, 5)
    assert passage_in(folded, "Nothing of this is left in the file.") is None
    assert passage_in(folded, "Yes.") is None  # too short to place a passage by itself
    twice = folded + folded[2:4]
    assert passage_in(twice, "The river floods in spring. Farmers move their herds uphill.", near=7) == range(6, 8)
