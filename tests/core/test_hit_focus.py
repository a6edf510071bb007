"""A search hit lands on the sentence of its passage that best matches the query."""
from explorer.core.hit_focus import best_sentence, focus_hit
from explorer.core.model import Anchor, Document, Hit, Page, Sentence


def _talk() -> Document:
    said = [("Ann", "Good morning everyone."), ("Ben", "Hi."), ("Ann", "The harbour project is late."),
            ("Ben", "The harbour budget is also over."), ("Ann", "Right, the budget.")]
    sents = tuple(Sentence(i, text, Anchor(start=10.0 * i, end=10.0 * i + 9, speaker=who))
                  for i, (who, text) in enumerate(said))
    return Document(id="t", path="talk.vtt", kind="transcript", format="vtt", title="Talk", sentences=list(sents))


def test_the_sentence_sharing_most_query_words_wins():
    sents = _talk().sentences
    assert best_sentence(sents, range(0, 5), "harbour budget") == 3
    assert best_sentence(sents, range(0, 5), "budget") == 3  # the first on ties
    assert best_sentence(sents, range(1, 5), "meaning without shared words") == 1
    assert best_sentence(sents, range(0, 5), "an") == 0  # only short words: the passage's start
    assert best_sentence(sents, range(0, 0), "budget") is None


def test_a_search_for_one_speaker_lands_on_what_they_said():
    sents = _talk().sentences
    assert best_sentence(sents, range(0, 5), "harbour budget", speaker="Ann") == 2
    assert best_sentence(sents, range(0, 2), "harbour", speaker="Cleo") == 0  # not in the passage: any sentence


def test_a_focused_hit_says_when_and_who_its_landing_is():
    doc = _talk()
    hit = Hit("t", "Talk", "", 0, 5, "…", "…", 1.0, doc.sentences[0].anchor, kind="transcript")
    got = focus_hit(hit, doc, "who said the budget is over")
    assert got.focus == 3 and got.landing.start == 30.0 and got.landing.speaker == "Ben"
    assert got.anchor == hit.anchor  # the passage itself is unchanged (highlighting, quoting)


def test_a_pdf_hit_lands_on_its_best_sentence_page_by_its_printed_label():
    pages = tuple(Page(i, 600, 800, label=label) for i, label in enumerate(["i", "ii", "1"]))
    sents = (Sentence(0, "Preface to the river atlas.", Anchor(page=0)),
             Sentence(1, "Rivers carry sediment to the sea.", Anchor(page=1)))
    doc = Document(id="p", path="a.pdf", kind="pdf", format="pdf", title="Atlas", sentences=list(sents), pages=list(pages))
    hit = Hit("p", "Atlas", "", 0, 2, "…", "…", 1.0, sents[0].anchor, page_label="i")
    got = focus_hit(hit, doc, "sediment")
    assert (hit.page_name, got.page_name, got.landing_page_name) == ("i", "i", "ii")


def test_stop_words_do_not_place_a_hit_but_word_forms_do():
    sents = _talk().sentences
    assert best_sentence(sents, range(0, 5), "who is over budget") == 3  # "over" and "budget", not "is"
    assert best_sentence(sents, range(0, 5), "harbours") == 2  # "harbours" finds "harbour"
    assert best_sentence(sents, range(1, 5), "what is it") == 1  # only stop words: the passage's start


def test_a_match_by_meaning_lands_on_the_closest_sentence():
    import numpy as np

    from explorer.core.hit_focus import query_closeness

    doc = _talk()
    sents = doc.sentences
    # the query's vector is sentence 4's: nothing shares a word with the query, so meaning places it
    vectors = np.eye(5, 8, dtype=np.float32)
    near = query_closeness(vectors, vectors[4])
    assert best_sentence(sents, range(1, 5), "what did they agree on", closeness=near) == 4
    # words first: "harbour" is in 2 and 3, and meaning picks between those two only
    assert best_sentence(sents, range(0, 5), "harbour", closeness=query_closeness(vectors, vectors[3] + 0.1 * vectors[4])) == 3
    assert best_sentence(sents, range(0, 5), "harbour budget", closeness=query_closeness(vectors, vectors[2])) == 3
    hit = Hit("t", "Talk", "", 0, 5, "…", "…", 1.0, sents[0].anchor, kind="transcript")
    got = focus_hit(hit, doc, "what did they agree on", closeness=near)
    assert got.focus == 4 and got.landing.speaker == "Ann"
    # vectors of another model's size, or none, leave the words to decide
    assert query_closeness(vectors, np.ones(9)) is None
    assert query_closeness(None, vectors[0]) is None
    assert best_sentence(sents, range(1, 5), "what did they agree on", closeness=None) == 1


def test_a_file_read_again_must_hold_the_hits_sentences_to_place_it(tmp_path):
    from explorer.core.hit_focus import focus_hits_in_files
    from explorer.core.loaders import load_document

    path = tmp_path / "talk.txt"
    path.write_text("The harbour opened in spring. Boats came from the north. The budget ran over by June.",
                    encoding="utf-8")
    doc = load_document(path)
    texts = [s.text for s in doc.sentences]
    hit = Hit(doc.id, "Talk", "", 0, 3, " ".join(texts), "…", 1.0, doc.sentences[0].anchor, path=str(path))
    assert focus_hits_in_files([hit], "budget")[0].focus == 2
    # the index read other sentences there (a scanned page read by OCR then, not now): left at the passage
    other = Hit(doc.id, "Talk", "", 0, 3, "Words the file does not hold now.", "…", 1.0, doc.sentences[0].anchor,
                path=str(path))
    assert focus_hits_in_files([other], "budget")[0].focus is None
    gone = Hit(doc.id, "Talk", "", 0, 3, hit.text, "…", 1.0, doc.sentences[0].anchor, path=str(tmp_path / "gone.txt"))
    assert focus_hits_in_files([gone], "budget")[0].focus is None


def test_a_match_by_meaning_shows_the_words_where_it_lands():
    """Its snippet was the passage's opening, which is not what the hit found."""
    import numpy as np

    from explorer.core.hit_focus import query_closeness

    doc = _talk()
    sents = doc.sentences
    vectors = np.eye(5, 8, dtype=np.float32)
    hit = Hit("t", "Talk", "", 0, 5, "…", "Good morning everyone. Hi. The harbour …", 1.0, sents[0].anchor, kind="transcript")
    got = focus_hit(hit, doc, "what did they agree on", closeness=query_closeness(vectors, vectors[3]))
    assert got.snippet == "… The harbour budget is also over. Right, the budget."
    # a snippet with the query's words in bold already says what was found: kept
    worded = Hit("t", "Talk", "", 0, 5, "…", "The <b>harbour</b> project is late.", 1.0, sents[0].anchor)
    assert focus_hit(worded, doc, "harbour").snippet == worded.snippet
