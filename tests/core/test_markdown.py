"""Markdown documents: their text as a reader sees it, their headings as the outline and the chapters."""
from __future__ import annotations

from explorer.core.loaders import load_document
from explorer.core.loaders.transcripts.markdown import looks_like_markdown

GUIDE = """# Harbour Field Guide

An introduction to **tides**, *currents* and [the harbour](https://example.org/harbour "map").

## Tides

Tides rise twice a day. Use the `tide_table()` helper, not <span>raw HTML</span>.

- Spring tides are the highest.
- Neap tides are the lowest.

### Reading a tide table

| Time | Height |
|------|--------|
| 06:00 | 4.2 m |

```python
def tide_table():
    return {"06:00": 4.2}
```

## Currents

![A rip current](rip.png) Currents run along the shore.
"""


def _load(tmp_path, text: str, name: str = "guide.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_markdown_reads_as_the_text_it_shows(tmp_path):
    doc = _load(tmp_path, GUIDE)
    texts = [s.text for s in doc.sentences]
    assert (doc.format, doc.title, doc.duration) == ("markdown", "Harbour Field Guide", None)
    assert texts[:2] == ["Harbour Field Guide", "An introduction to tides, currents and the harbour."]
    assert "Tides" in texts  # a heading is a line of its own, not glued to its paragraph
    assert "Use the tide_table() helper, not raw HTML." in texts  # code kept, tags dropped
    assert "Spring tides are the highest." in texts and "Neap tides are the lowest." in texts
    assert "Time | Height" in texts and "06:00 | 4.2 m" in texts  # a table row per line
    assert any("def tide_table():" in t for t in texts)
    assert any(t.startswith("A rip current") for t in texts)  # an image by its alt text
    assert not any(c in t for t in texts for c in ("**", "](", "```", "##", "<span>"))


def test_headings_are_the_outline_under_the_documents_title(tmp_path):
    doc = _load(tmp_path, GUIDE)
    texts = [s.text for s in doc.sentences]
    outline = [(r.level, r.title, texts[r.start_sentence]) for r in doc.reference_chapters]
    # the lone "#" heading is the title, not the outline's only chapter
    assert outline == [(2, "Tides", "Tides"), (3, "Reading a tide table", "Reading a tide table"),
                       (2, "Currents", "Currents")]


def test_the_chapters_follow_the_headings_and_take_their_titles(tmp_path):
    from explorer.core.chaptering import compute_chapters
    from explorer.core.embedding import HashingEmbedder

    body = "# Field notes\n\nA short preface about the notes.\n\n" + "".join(
        f"## {topic}\n\n" + " ".join(f"{topic} fact number {i} is recorded here." for i in range(12)) + "\n\n"
        f"### {topic} details\n\n" + " ".join(f"More on {topic.lower()} point {i}." for i in range(12)) + "\n\n"
        for topic in ("Tides", "Currents", "Harbours"))
    doc = _load(tmp_path, body)
    seg, chapters = compute_chapters(doc, embedder=HashingEmbedder())
    texts = [s.text for s in doc.sentences]
    heads = [texts[c.start] for c in chapters]
    assert heads == ["Field notes", "Tides", "Currents", "Harbours"]
    assert [(c.title, c.title_source) for c in chapters[1:]] == [(t, "heading") for t in ("Tides", "Currents", "Harbours")]
    assert {texts[s.start] for s in seg.sections} >= {"Tides details", "Currents details", "Harbours details"}


def test_prose_with_a_hash_line_and_timed_markdown_dumps_are_not_markdown(tmp_path):
    assert not looks_like_markdown("Meeting notes\n\n# not a heading, a shell comment\n\nWe met at noon.\n")
    assert looks_like_markdown("# Notes\n\nSee [the spec](https://example.org).\n")
    doc = _load(tmp_path, "# Talk\n\n- [00:01] Welcome to the talk.\n- [00:05] Now the main part.\n", "talk.md")
    assert doc.format == "bracket" and doc.duration is not None


def test_a_readmes_badges_are_not_its_words(tmp_path):
    """Linked images are a README's badges: '# rustfmt [![linux](…)](…)' was titled
    'rustfmt linux mac windows crates.io'."""
    doc = _load(tmp_path, "# rustfmt [![linux](https://ci/linux.svg)](https://ci) [![crates.io](https://b/v.svg)](https://c)\n\n"
                          "[![PyPI](https://b/p.svg)](https://p) [![docs](https://b/d.svg)](https://d)\n\n"
                          "A tool for formatting code.\n\n## Usage\n\n![The rustfmt logo](logo.png) Run it on a file.\n")
    texts = [s.text for s in doc.sentences]
    assert doc.title == "rustfmt" and texts[:2] == ["rustfmt", "A tool for formatting code."]
    assert not any("PyPI" in t or "linux" in t for t in texts)
    assert "The rustfmt logo Run it on a file." in texts  # an image that is no link still says what it shows


def test_a_pandoc_title_block_names_the_document(tmp_path):
    doc = _load(tmp_path, "% Rust Release Notes\n% The Rust team\n\n# Version 1.0\n\nStable.\n\n# Version 0.9\n\nBeta.\n")
    assert doc.title == "Rust Release Notes"
    assert [s.text for s in doc.sentences][0] == "Version 1.0"  # not "% Rust Release Notes % The Rust team"
    assert [r.title for r in doc.reference_chapters] == ["Version 1.0", "Version 0.9"]



def test_only_the_chapters_without_a_heading_are_titled_by_the_titler(tmp_path):
    """The titler titled every chapter and threw away the titles of those a heading names
    (Node.js's all.html: 40,000 sentences, 820 headed chapters and sections, 23.7 s of
    titling and segmentation, now 6.3 s). It now scores only the spans it is asked for;
    every span still counts for how rare a phrase is."""
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.titling import title_units

    texts = [f"{topic} fact number {i} is recorded here." for topic in ("Tides", "Currents", "Harbours")
             for i in range(6)]
    embedder = HashingEmbedder()
    x = embedder.encode(texts)
    spans = [(0, 6), (6, 12), (12, 18)]
    titles = title_units(texts, spans, x, embedder, wanted=[False, True, False])
    assert titles[0] == titles[2] == "" and "Currents" in titles[1]
    assert title_units(texts, spans, x, embedder)[1] == titles[1]  # the same title as when all are titled


def test_ordered_list_numbers_and_footnotes_read_as_a_rendered_page_shows_them(tmp_path):
    text = ("# Checklist\n\nThe harbour runs two shifts.[^night] Each morning:\n\n3. Check the tide table.\n"
            "4. Post the high water.\n   - on the board\n\n- A bullet has no number.\n\n"
            "[^night]: The night shift covers emergencies only.\n")
    texts = [s.text for s in _load(tmp_path, text).sentences]
    assert texts == ["Checklist", "The harbour runs two shifts.", "Each morning:", "3. Check the tide table.",
                     "4. Post the high water.", "on the board", "A bullet has no number.",
                     "1 The night shift covers emergencies only."]


def test_a_md_file_with_only_underlined_headings_is_markdown(tmp_path):
    """A file named .md is Markdown when its text has no transcript layout, though it uses
    no device but underlined headings (a changelog, a bug-report guide)."""
    text = "BUG REPORTS\n===========\n\nRead this first.\n\nWhere to send\n-------------\n\nTo the list.\n"
    doc = _load(tmp_path, text, name="bugs.md")
    assert doc.format == "markdown" and doc.title == "BUG REPORTS"
    assert [s.text for s in doc.sentences] == ["BUG REPORTS", "Read this first.", "Where to send", "To the list."]
    assert [c.title for c in doc.reference_chapters] == ["Where to send"]


def test_a_log_quoted_in_a_code_block_does_not_make_a_page_a_speaker_transcript(tmp_path):
    log = "\n".join(f"UNDICI 16241: connecting to host {i}" for i in range(12))
    text = f"# Debug\n\nSet the flag.\n\n## undici\n\n```sh\n{log}\n```\n\n## fetch\n\nThe same for fetch.\n"
    doc = _load(tmp_path, text, name="debug.md")
    assert doc.format == "markdown" and [c.title for c in doc.reference_chapters] == ["undici", "fetch"]
    assert "UNDICI 16241: connecting to host 0" in [s.text for s in doc.sentences]


def test_a_readme_opening_with_html_is_markdown_and_its_html_heading_is_the_title(tmp_path):
    text = ('<h1 align="center">Harbour Tools</h1>\n<p align="center"><a href="https://ci.example.org">'
            '<img src="badge.svg" alt="Build"></a></p>\n\n## Install\n\nRun `pip install harbour`.\n\n'
            "## Use\n\nCall **tide()** daily.\n")
    doc = _load(tmp_path, text, name="README.md")
    assert (doc.format, doc.title) == ("markdown", "Harbour Tools")
    assert [c.title for c in doc.reference_chapters] == ["Install", "Use"]
    assert "Call tide() daily." in [s.text for s in doc.sentences]


def test_strong_clause_titles_running_into_their_clauses_are_the_outline(tmp_path):
    """"1. **Definitions.** In this Agreement..." is a heading and its clause, as in Word; a
    model card's "**Model Type:** Sentence Transformer" fields are no headings."""
    from explorer.core.loaders import load_document

    path = tmp_path / "contract.md"
    path.write_text("# Supply Agreement\n\nThis Agreement is made between Acme Ltd and Beta plc.\n\n"
                    "1. **Definitions.** In this Agreement the words below have these meanings.\n"
                    "2. **Fees and Payment.** The Buyer pays each invoice within thirty days.\n\n"
                    "**Note:** the schedules form part of this Agreement.\n", encoding="utf-8")
    doc = load_document(path)
    assert [r.title for r in doc.reference_chapters] == ["1. Definitions.", "2. Fees and Payment."]
    assert [s.text for s in doc.sentences][2:4] == [
        "1. Definitions.", "In this Agreement the words below have these meanings."]
    card = tmp_path / "card.md"
    card.write_text("# Model\n\n- **Model Type:** Sentence Transformer\n- **Maximum Sequence Length:** 256 tokens\n"
                    "- **Similarity Function:** Cosine Similarity\n", encoding="utf-8")
    assert [r.title for r in load_document(card).reference_chapters] == ["Model"]
