"""Chapter titles: headings kept, user titles never overwritten, fillers never a title, 2-8 words."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from explorer.core.embedding import HashingEmbedder
from explorer.core.model import Anchor, Block, Chapter, Document, Rect, Sentence
from explorer.core.titling import title_chapters, title_units
from explorer.core.titling_llm import generative_titles, parse_title, vet_titles
from explorer.core.titling_text import FILLERS, clean_unit

TOPICS = [
    ["The volcano erupted and lava flows covered the volcano slopes.", "Volcano eruptions release lava and ash.",
     "Lava flows from the volcano crater.", "Yeah, um, you know."],
    ["Honey bees build honey combs in the hive.", "The bee colony stores honey for winter.",
     "Okay, yeah.", "Honey bees dance to share food locations."],
    ["Chess openings decide the chess middlegame.", "The chess player studies openings.",
     "Um, yeah, you know, okay.", "Chess engines evaluate chess positions."],
]


def _doc(kind: str = "transcript") -> tuple[Document, list[Chapter]]:
    texts = [t for topic in TOPICS for t in topic]
    sents = [Sentence(i, t, Anchor(start=float(i), end=float(i) + 0.9) if kind == "transcript" else Anchor(page=0))
             for i, t in enumerate(texts)]
    doc = Document(id=hashlib.sha256(b"d").hexdigest(), path="/tmp/d", kind=kind, format="x", title="Nature and games",
                   sentences=sents)
    chapters = [Chapter(0, 4, ""), Chapter(4, 8, ""), Chapter(8, 12, "")]
    return doc, chapters


def test_generated_titles_name_the_topic_and_skip_fillers():
    doc, chapters = _doc()
    emb = HashingEmbedder()
    vecs = emb.encode([s.text for s in doc.sentences])
    out = title_chapters(doc, chapters, vecs, emb)
    assert [(c.start, c.end) for c in out] == [(c.start, c.end) for c in chapters]
    assert all(c.title_source == "generated" for c in out)
    for c, key in zip(out, ["volcano", "honey", "chess"]):
        assert key in c.title.lower(), c.title
        assert 2 <= len(c.title.split()) <= 8, c.title
        assert c.title[0].isupper()
        assert not any(w.strip(":,").lower() in FILLERS for w in c.title.split()), c.title
    assert len({c.title for c in out}) == 3


def test_filler_only_chapter_gets_no_filler_title():
    texts = ["Yeah.", "Um.", "You know.", "Okay, yeah.", "Right, so, um."]
    emb = HashingEmbedder()
    titles = title_units(texts, [(0, 5)], emb.encode(texts), emb)
    assert titles[0]
    assert not any(w.strip(":,.").lower() in FILLERS | {"you", "know"} for w in titles[0].split()), titles


def test_user_titles_are_kept_and_headings_used():
    doc, chapters = _doc(kind="pdf")
    chapters[1] = Chapter(4, 8, "My own name", title_source="user")
    blocks = {0: [Block(page=0, bbox=Rect(0, 0, 10, 10), label="section-header", order=0, text="3.2  Chess  Basics",
                        level=1, sentences=(8,))]}
    emb = HashingEmbedder()
    out = title_chapters(doc, chapters, emb.encode([s.text for s in doc.sentences]), emb, blocks=blocks)
    assert (out[1].title, out[1].title_source) == ("My own name", "user")
    assert (out[2].title, out[2].title_source) == ("3.2 Chess Basics", "heading")
    assert out[0].title_source == "generated"


@pytest.mark.parametrize("cut, whole", [
    ("Guidelines for Human Evaluation of", "Guidelines for Human Evaluation of Faithfulness in Long-form Summarization"),
    ("Why Models that", "Why Models that Generalise Win"),  # the loader joins after 'that' too
])
def test_a_heading_cut_where_its_line_wrapped_is_completed_by_its_sentence(cut, whole):
    doc, chapters = _doc(kind="pdf")
    doc.sentences[8] = Sentence(8, whole, doc.sentences[8].anchor)  # the loader joined the wrapped title
    blocks = {0: [Block(page=0, bbox=Rect(0, 0, 10, 10), label="title", order=0,
                        text=cut, level=1, sentences=(8,)),
                  Block(page=0, bbox=Rect(0, 20, 10, 30), label="section-header", order=1,
                        text="Results", level=1, sentences=(4,))]}
    emb = HashingEmbedder()
    out = title_chapters(doc, chapters, emb.encode([s.text for s in doc.sentences]), emb, blocks=blocks)
    assert (out[2].title, out[2].title_source) == (whole, "heading")
    assert out[1].title == "Results"  # a heading that is not cut stays as it is


def test_clean_unit_removes_speaker_and_tags():
    assert clean_unit("Project Manager: Okay {vocalsound} the remote , right .") == "Okay the remote, right."


def test_parse_title_accepts_json_and_rejects_junk():
    assert parse_title('```json\n{"title": "Volcano eruptions and lava."}\n```') == "Volcano eruptions and lava"
    assert parse_title('{"title": "Yeah um okay"}') is None
    assert parse_title('{"title": "One"}') is None
    assert parse_title("no json here") is None
    assert parse_title('{"title": "' + "word " * 12 + '"}') is None


def test_generative_backend_with_fake_server_is_vetted():
    doc, chapters = _doc()
    emb = HashingEmbedder()
    vecs = emb.encode([s.text for s in doc.sentences])
    fallback = ["Volcano lava", "Honey bees", "Chess openings"]
    prompts = []

    def fake_server(system: str, user: str) -> str:
        prompts.append(user)
        if "volcano" in user.lower():
            return '{"title": "Volcano eruptions and lava flows"}'
        if "honey" in user.lower():
            return '{"title": "Stock market taxes"}'  # off-topic: must be vetoed
        return "garbage"

    out = generative_titles(doc, chapters, vecs, emb, fallback, complete=fake_server)
    assert out == ["Volcano eruptions and lava flows", "Honey bees", "Chess openings"]
    assert "Nature and games" in prompts[0]  # global context: the document title
    assert "Volcano eruptions and lava flows" in prompts[1]  # previous titles as context


def test_backend_off_by_default(monkeypatch):
    monkeypatch.delenv("STRATA_TITLE_LLM_URL", raising=False)
    monkeypatch.delenv("STRATA_TITLE_GGUF", raising=False)
    doc, chapters = _doc()
    emb = HashingEmbedder()
    assert generative_titles(doc, chapters, emb.encode(["x"] * 12), emb, ["a b"] * 3) is None


def test_vet_titles_keeps_close_proposals_only():
    emb = HashingEmbedder()
    cents = emb.encode(["volcano lava eruption", "honey bee hive"])
    out = vet_titles(["Volcano lava eruption", "Income tax"], ["Lava", "Honey bee hive"], cents, emb)
    assert out == ["Volcano lava eruption", "Honey bee hive"]


def test_a_paired_title_never_names_one_word_twice():
    texts = ["Freud said it.", "Freud's view.", "Freud again.", "Freud's dream.", "Freud laughed.", "Freud's couch."] * 3
    x = HashingEmbedder().encode(texts)
    for n in range(6, len(texts) + 1, 3):
        title = title_units(texts[:n], [(0, n)], x[:n], HashingEmbedder())[0]
        stems = [w.lower().replace("'s", "").replace("’s", "") for w in title.split() if w.lower() != "and"]
        assert len(stems) == len(set(stems)), title


def test_the_pair_guard_sees_one_word_in_two_forms():
    # "Back and summarize and summarizing" was a generated meeting title.
    from explorer.core.titling import _stems

    for a, b in (("back and summarize", "summarizing"), ("freud's", "freud"), ("workspaces", "workspace"),
                 ("tested builds", "testing"), ("tech cutting edge", "high-tech")):
        assert _stems(a) & _stems(b), (a, b)
    assert not _stems("budget") & _stems("remote control")


def test_a_coordinated_phrase_gets_no_partner():
    """With every candidate equally close to the chapter, a pair is tempting; a phrase that
    already says "X and Y" must not become "X and Y and Z"."""

    class SameVector:
        model_id, dim = "same", 8

        def encode(self, texts):
            return np.ones((len(texts), 8)) / np.sqrt(8)

    texts = ["Let's go back and summarize.", "Go back and summarize the web series.", "The web series is complete.",
             "Back and summarize again.", "Web series done."] * 3
    title = title_units(texts, [(0, len(texts))], SameVector().encode(texts), SameVector())[0]
    assert title.lower().split().count("and") <= 1, title


def test_interjections_and_dangling_possessives_never_make_a_title():
    texts = ["Oops, sorry.", "Whoa, oops!", "The cost's gonna be high.", "Oops, the budget's tight.", "Wow, the cost's fine.",
             "Oops.", "That'll stay the cost's problem."] * 2
    emb = HashingEmbedder()
    title = title_units(texts, [(0, len(texts))], emb.encode(texts), emb)[0]
    ws = [w.strip(":,.!").lower() for w in title.split()]
    assert not {"oops", "whoa", "wow", "that'll"} & set(ws), title
    assert not ws[-1].endswith("'s"), title


def test_a_title_does_not_end_in_a_bare_adjective():
    """Meeting talk repeats praise ("best", "fine"): it named sections "Dog best" and
    "Clipped and fine"."""
    emb = HashingEmbedder()
    for texts, topic in [
        (["Okay, the dog. Best.", "I drew a dog, best one.", "Best, yes, the dog is best.", "The eagle? Best. Dog best."], "dog"),
        (["So the clip holds, fine.", "Fine, the clip's fine.", "The clip stays, fine by me.", "Clip and fine then."],
         "clip"),
    ]:
        title = title_units(texts * 2, [(0, 2 * len(texts))], emb.encode(texts * 2), emb)[0]
        ws = [w.strip(":,.!").lower() for w in title.split()]
        assert topic in ws and not {"best", "fine"} & set(ws), title


def test_verbs_and_modifiers_do_not_make_a_title():
    """Speech yields content-word runs that are no noun phrase: meeting sections were
    named "Clipped and allowed", "Moulded and produced", a lecture's "Mysterious and
    elusive". A title ends in a word that can be a noun."""
    emb = HashingEmbedder()
    texts = ["It was moulded, then produced.", "Moulded and produced in the factory?", "The case is clipped and allowed.",
             "So the case gets moulded.", "Clipped, allowed, produced: the case.", "Mysterious and elusive, the case."] * 2
    title = title_units(texts, [(0, len(texts))], emb.encode(texts), emb)[0]
    ws = [w.strip(":,.!").lower() for w in title.split()]
    assert "case" in ws, title
    assert not {"moulded", "produced", "clipped", "allowed", "mysterious", "elusive"} & set(ws), title


def test_the_noun_lexicon_lets_names_and_gerunds_head_a_title():
    from explorer.core.word_classes import can_head_noun_phrase, is_verb_only

    assert can_head_noun_phrase("controls") and can_head_noun_phrase("Freud") and can_head_noun_phrase("pricing")
    assert not can_head_noun_phrase("produced") and not can_head_noun_phrase("elusive")
    assert is_verb_only("rely") and not is_verb_only("supervised") and not is_verb_only("design")


def test_web_and_mail_addresses_never_make_a_title():
    assert clean_unit("See https://github.com/x/y for code.") == "See for code."
    assert clean_unit("Write to prénom.nom@univ-tours.fr or visit www.example.org/page") == "Write to or visit"
    assert clean_unit("The U.S. economy grew 3.5% (e.g. Node.js).") == "The U.S. economy grew 3.5% (e.g. Node.js)."
    emb = HashingEmbedder()
    texts = ["ibm.com/redbooks", "Redpaper"]  # a report's cover page
    assert title_units(texts, [(0, 2)], np.asarray(emb.encode(texts)), emb) == ["Redpaper"]


def test_a_pdf_that_opens_with_its_title_names_its_first_chapter_by_it():
    doc, chapters = _doc(kind="pdf")
    doc.sentences[0] = Sentence(0, "Nature and games", doc.sentences[0].anchor)  # doc.title is "Nature and games"
    emb = HashingEmbedder()
    out = title_chapters(doc, chapters, emb.encode([s.text for s in doc.sentences]), emb)
    assert (out[0].title, out[0].title_source) == ("Nature and games", "heading")
    assert out[1].title_source == "generated"


def test_chapters_with_the_same_words_get_different_titles():
    # exhibits of a manual: near-identical screens one after another
    screen = ["Command code BMFOL displays the tax module.", "The tax module shows the transaction amount.",
              "Transaction amount and transaction code appear on the tax module screen."]
    texts = screen * 3
    emb = HashingEmbedder()
    titles = title_units(texts, [(0, 3), (3, 6), (6, 9)], np.asarray(emb.encode(texts)), emb)
    assert len({t.lower() for t in titles}) == 3, titles


def test_a_title_avoids_the_given_titles_while_it_has_another_candidate():
    emb = HashingEmbedder()
    texts = ["The workspace list shows recent workspaces.", "Recent workspaces sit on top of the workspace list.",
             "A star marks a favourite workspace.", "Workspaces load from the server."] * 2
    first = title_units(texts, [(0, len(texts))], emb.encode(texts), emb)[0]
    other = title_units(texts, [(0, len(texts))], emb.encode(texts), emb, avoid=[first.upper()])[0]
    assert other and other.lower() != first.lower()


def test_no_section_repeats_a_chapter_title(shared_data):
    """The engineering stand-up's "Workspaces" chapter had a section "Workspaces", the
    Crash Course episode's "Genius of Freud's theory" a section of that name."""
    from explorer.core.chaptering import compute_chapters
    from explorer.core.loaders import load_document

    doc = load_document(shared_data / "transcripts" / "samples" / "tinyrec_9f7dc219.srt")
    emb = HashingEmbedder()
    seg, chapters = compute_chapters(doc, embedder=emb, embeddings=emb.encode([s.text for s in doc.sentences]),
                                     granularity=1)
    assert seg.sections
    names = {c.title.lower() for c in chapters}
    assert not [s.title for s in seg.sections if s.title.lower() in names]


def test_an_exclamation_never_makes_a_title():
    """A meeting section was titled "Jesus and lights" from "Jesus, it's gonna fall off"."""
    emb = HashingEmbedder()
    texts = ["Jesus, it's gonna fall off.", "Can we dim the lights?", "Jesus.", "Jesus, the lights are bright.",
             "Jesus!", "The lights over the screen stay on."] * 2
    title = title_units(texts, [(0, len(texts))], emb.encode(texts), emb)[0]
    assert "lights" in title.lower() and "jesus" not in title.lower(), title


def test_ordinals_and_decades_stay_in_title_phrases():
    """"20th century experimental psychology" was cut at its number into "Century
    experimental psychology"."""
    from explorer.core.titling_text import candidates, words

    assert words("the 20th century and the 1990s") == ["the", "20th", "century", "and", "the", "1990s"]
    cands = candidates(["In the 20th century experimental psychology took off.", "The 3rd chapter."])
    assert "20th century experimental psychology" in cands
    assert "3rd" not in cands and "chapter" in cands


def test_vague_quantities_do_not_head_a_title():
    """"Pieces of information", "Sorts of design specifications", "loads of buttons" named
    meeting sections; the quantity says nothing."""
    from explorer.core.titling_text import candidates

    cands = candidates(["We got pieces of information on sorts of design specifications and loads of buttons."])
    assert not [k for k in cands if k.split()[0] in {"pieces", "sorts", "loads"}]
    assert "design specifications" in cands and "information" in cands


def test_a_word_before_up_or_out_is_a_verb_there():
    """A lecture section was titled "Brain's reward systems light" from "light up"."""
    from explorer.core.titling_text import candidates

    cands = candidates(["The brain's reward systems light up.", "The light in the room was dim."])
    assert "brain's reward systems light" not in cands and "reward systems" in cands
    assert "light" in cands  # as a noun elsewhere it still counts
    assert cands["light"].tf == 1


def test_a_capital_from_a_sentence_start_is_not_kept_inside_a_title():
    """"Lab monkey's brain and Mirror neuron research": "Mirror" was capitalised only because
    a sentence began with it. Names written in capitals keep them."""
    from explorer.core.titling_text import casing_votes, true_case

    votes = casing_votes(["Mirror neurons fire. A lab monkey's mirror neuron research went on. The Wechsler Adult "
                          "Intelligence Scale tests intelligence, and intelligence varies. Freud agreed."])
    assert true_case("Lab monkey's brain and Mirror neuron research", votes) == "Lab monkey's brain and mirror neuron research"
    assert true_case("Wechsler Adult Intelligence Scale", votes) == "Wechsler Adult Intelligence Scale"
    assert true_case("Freud and Mirror", votes) == "Freud and mirror"
    assert true_case("NASA and Freud", votes) == "NASA and Freud"


def test_an_apology_never_makes_a_title():
    from explorer.core.titling_text import candidates

    cands = candidates(["Sorry, Project Manager, the budget.", "Sorry Project Manager."])
    assert not [k for k in cands if "sorry" in k.split()] and "project manager" in cands


def test_a_phrase_that_says_one_word_twice_is_no_title():
    # "Tech cutting edge technology" was a generated meeting title.
    from explorer.core.titling_text import good_phrase

    for phrase in ("Tech cutting edge technology", "Report reports", "Data database design"):
        assert not good_phrase(phrase.split()), phrase
    for phrase in ("Cutting edge technology", "Remote control design", "Mirror neuron research"):
        assert good_phrase(phrase.split()), phrase


def test_a_word_cut_off_by_the_speaker_never_names_a_chapter():
    """"podi" (a speech-recognition fragment, once in the meeting) made "Remote controls and basic
    product podi positioning" a title; a known word, a name or a recurring term still counts."""
    from explorer.core.titling import chapter_keyphrases

    chapters = [["Um so the basic product podi positioning, yeah.", "Remote controls are what we sell.",
                 "The remote controls need a good price.", "Remote controls for the young market."],
                ["The battery lasts a year.", "The battery costs two euros.", "A cheaper battery then."]]
    phrases = chapter_keyphrases(chapters, k=6)[0].split(" ; ")
    assert "basic product" in phrases and not any("podi" in p for p in phrases)
    chapters[0].append("Our podi design again.")  # said twice: a word of this meeting, not a slip
    assert any("podi" in p for p in chapter_keyphrases(chapters, k=8)[0].split(" ; "))
