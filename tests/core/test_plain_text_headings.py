"""A plain-text contract, licence or book has an outline: the lines it sets apart as
headings (numbered, in capitals, "CHAPTER I." over a title, underlined) become its
chapters, as a Markdown file's headings do. A list, or a text with no such lines, has none."""
from __future__ import annotations

from explorer.core.loaders import load_document

BODY = "The parties agree to the terms below. Each term binds them from the day of signing, and for as long as it lasts."


def _load(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_a_plain_text_licence_has_its_sections_as_outline_and_its_title(tmp_path):
    text = "\n\n".join([
        "          HARBOUR SERVICES AGREEMENT\n           Version 2, 1 March 2026",
        "Preamble", BODY, BODY, "TERMS AND CONDITIONS", "  0. Definitions.", BODY, BODY,
        "  1. Mooring Fees.", BODY, BODY, "  2. Revised Versions of this Agreement.", BODY,
        "  3. The Buyer pays on delivery.", BODY,  # a numbered sentence, not a heading
    ]) + "\n"
    doc = _load(tmp_path, text)
    assert doc.title == "HARBOUR SERVICES AGREEMENT"
    outline = [(c.level, c.title) for c in doc.reference_chapters]
    assert outline == [(1, "Preamble"), (1, "TERMS AND CONDITIONS"), (1, "0. Definitions."), (1, "1. Mooring Fees."),
                       (1, "2. Revised Versions of this Agreement.")]
    texts = [s.text for s in doc.sentences]
    assert all(texts[c.start_sentence] == c.title for c in doc.reference_chapters)
    # the chapters follow the headings; the opening one, before them, is named by the title line
    from explorer.core.chaptering import compute_chapters
    from explorer.core.embedding import HashingEmbedder

    _seg, chapters = compute_chapters(doc, embedder=HashingEmbedder())
    assert texts[0] == "HARBOUR SERVICES AGREEMENT"
    assert [texts[c.start] for c in chapters][1:] == [title for _level, title in outline]
    assert chapters[0].title_source == "heading" and chapters[0].title.lower() == "harbour services agreement"


def test_a_plain_text_book_with_chapters_and_underlined_headings(tmp_path):
    book = "\n\n".join(["Harbour Tales\n=============", "PART I", "CHAPTER I.\nThe Tide Comes In", BODY, BODY,
                        "CHAPTER II.\nNight Watch", BODY, BODY, "PART II", "CHAPTER III.\nMoorings\n", BODY, BODY,
                        "Afterword\n---------", BODY, BODY]) + "\n"
    doc = _load(tmp_path, book)
    assert doc.title == "Harbour Tales"  # the one top heading opening the text names it
    assert [(c.level, c.title) for c in doc.reference_chapters] == [
        (1, "PART I"), (2, "CHAPTER I. The Tide Comes In"), (2, "CHAPTER II. Night Watch"), (1, "PART II"),
        (2, "CHAPTER III. Moorings"), (2, "Afterword")]
    assert "=============" not in " ".join(s.text for s in doc.sentences)  # an underline is no text


def test_a_loose_numbered_list_and_short_lines_make_no_outline(tmp_path):
    steps = "\n\n".join(["Morning routine", "1. Check the tide table each morning.", "2. Post the high water on the board.",
                         "3. Log any surge above a metre.", BODY]) + "\n"
    assert _load(tmp_path, steps).reference_chapters == []
    poem = "\n\n".join(["The Sea", "Grey Waves", "Slow Tides", "Cold Wind", "Low Light", "Night"]) + "\n"
    assert _load(tmp_path, poem, "poem.txt").reference_chapters == []


def test_a_book_opening_with_its_first_part_keeps_it_as_a_chapter(tmp_path):
    book = "\n\n".join(["PART I", BODY, BODY, "CHAPTER I.\nThe Tide", BODY, BODY, "PART II", BODY, BODY]) + "\n"
    doc = _load(tmp_path, book, "tales.txt")
    assert [c.title for c in doc.reference_chapters][:2] == ["PART I", "CHAPTER I. The Tide"]
    assert doc.title == "tales"


def test_a_text_licence_that_looks_like_markdown_keeps_its_underlined_numbered_sections(tmp_path):
    """Markdown reads '1. Definitions' over '-----' as a list item and a rule: a .txt whose
    plain reading has the much fuller outline is read as plain text."""
    sections = []
    for n, name in enumerate(["Definitions", "Grants", "Duties", "Termination", "Disclaimer"], 1):
        sections += [f"{n}. {name}\n{'-' * (len(name) + 3)}", f"{n}.1. Scope\n\n{BODY}\n\n{BODY}",
                     f"{n}.2. Notice\n\n{BODY}\n\n{BODY}"]
    text = "Harbour Public Licence\n======================\n\n" + "\n\n".join(sections) + (
        "\n\n* see https://example.org/licence\n* or [the harbour office](https://example.org)\n")
    doc = _load(tmp_path, text, "LICENCE.txt")
    assert doc.title == "Harbour Public Licence"
    outline = [(c.level, c.title) for c in doc.reference_chapters]
    assert outline[:4] == [(1, "1. Definitions"), (2, "1.1. Scope"), (2, "1.2. Notice"), (1, "2. Grants")]
    assert len(outline) == 15


def test_speaker_labels_and_question_answer_lines_are_no_headings(tmp_path):
    """A plain transcript with each speaker's name in capitals above the turn, and a
    deposition's "Q." and "A." lines, have no outline: their labels repeat."""
    turns = "\n\n".join(f"{who}\n\n{BODY}" for who in ("INTERVIEWER", "JANE DOE") * 3) + "\n"
    assert _load(tmp_path, turns, "interview.txt").reference_chapters == []
    deposition = "\n\n".join(["Q. Where were you on the night of June 5?", "A. Yes.", "Q. Did you see the car?",
                              "A. No.", "Q. Who drove it?", "A. The Buyer.", BODY]) + "\n"
    assert _load(tmp_path, deposition, "deposition.txt").reference_chapters == []


def test_run_in_headings_opening_their_clauses_are_the_outline(tmp_path):
    """Contracts and licences write "4. Redistribution. You may reproduce..." with the
    heading running into its clause (the Apache licence's nine sections, CC0's four): the
    outline had none of them."""
    text = "\n\n".join([
        "SUPPLY AGREEMENT",
        "1. Definitions. In this Agreement the words below have the meanings given to them here.",
        "2. Grant of Licence. Subject to the terms of this Agreement, the Supplier grants a licence.",
        "3. Fees and Payment. The Buyer pays each invoice within thirty days of receiving it.",
        "4. Mr. Smith signs for the Buyer. He may name a deputy in writing.",  # an abbreviation: no heading
        "5. Governing Law. This Agreement is governed by the laws of England.",
    ]) + "\n"
    doc = _load(tmp_path, text)
    assert [c.title for c in doc.reference_chapters] == [
        "1. Definitions.", "2. Grant of Licence.", "3. Fees and Payment.", "5. Governing Law."]
    texts = [s.text for s in doc.sentences]
    assert texts[1:3] == ["1. Definitions.", "In this Agreement the words below have the meanings given to them here."]
    assert "4. Mr. Smith signs for the Buyer." in texts
    # a list of numbered sentences has no run-in headings: it is left as it is
    steps = "\n\n".join(f"{k}. Check the {w} each morning. Write down what you find." for k, w in
                        enumerate(["tide table", "mooring lines", "fuel gauge"], 1))
    doc = _load(tmp_path, steps + "\n", "steps.txt")
    assert doc.reference_chapters == [] and doc.sentences[0].text == "1. Check the tide table each morning."
