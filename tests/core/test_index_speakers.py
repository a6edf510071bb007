"""Speaker-situated chunks: who speaks enters the encoded text and the full-text context."""
from __future__ import annotations

import hashlib

from explorer.core.embedding import HashingEmbedder
from explorer.core.index import Library
from explorer.core.index_chunks import make_chunks, normalise_chapters
from explorer.core.index_situate import encoded_text, preset, situate, speaker_text
from explorer.core.model import Anchor, Chapter, Document, Sentence
from explorer.core.search import search

from test_index_fixtures import TOPICS, pdf_doc


def meeting(speakers=("Professor", "Grad A"), turn: int = 3) -> tuple[Document, list[Chapter]]:
    """Two speakers alternating every ``turn`` sentences, saying the same kind of thing."""
    sentences = []
    for i in range(36):
        who = speakers[(i // turn) % 2]
        sentences.append(Sentence(i, f"{TOPICS['harvest']} remark {i}.", Anchor(start=5.0 * i, end=5.0 * i + 4, speaker=who)))
    doc = Document(id=hashlib.sha256(b"meet").hexdigest(), path="/tmp/meet.vtt", kind="transcript", format="vtt",
                   title="", sentences=sentences, duration=180.0)
    return doc, [Chapter(0, 36, "Harvest")]


def test_speaker_text_names_the_speaker_at_each_change_of_turn():
    doc, _ = meeting()
    text = speaker_text(doc, 2, 6)  # Professor 2, Grad A 3-5
    assert text.startswith("Professor: ") and text.count("Professor:") == 1
    assert text.count("Grad A: ") == 1 and text.index("Grad A: ") > text.index("remark 2.")
    pdf, _ = pdf_doc()
    assert speaker_text(pdf, 0, 3) == " ".join(s.text for s in pdf.sentences[0:3])  # no speakers: unchanged


def test_speakers_preset_encodes_and_indexes_who_speaks():
    doc, chapters = meeting()
    top = normalise_chapters(doc, chapters)
    chunks = make_chunks(doc, top)
    cfg = preset("speakers")
    assert all(encoded_text(doc, ch, "", cfg).startswith(doc.sentences[ch.start].anchor.speaker + ": ") for _, ch in chunks)
    assert encoded_text(doc, chunks[0][1], "", preset("plain")) == chunks[0][1].text  # plain stays the bare text
    contexts, _ = situate(doc, top, chunks, HashingEmbedder(), cfg)
    assert all("Professor:" in c or "Grad A:" in c for c in contexts)  # the full-text side is situated too
    assert all(c.startswith("Harvest · ") for c in contexts)


def test_a_query_naming_a_speaker_finds_that_speakers_turns(tmp_path):
    doc, chapters = meeting(turn=12)
    lib = Library(tmp_path / "lib", HashingEmbedder())
    lib.ingest(doc, chapters)
    for mode in ("text", "hybrid"):
        hits = search(lib, "what did the professor say about the wheat harvest", mode=mode, k=1, merge=False)
        assert hits, mode
        spoken = [doc.sentences[i].anchor.speaker for i in range(hits[0].start, hits[0].end)]
        assert spoken.count("Professor") > spoken.count("Grad A"), mode
