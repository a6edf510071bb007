"""Web pages (a saved article, exported notes): the text a browser shows, and the headings as the outline."""
from __future__ import annotations

from explorer.core.loaders import load_document

ARTICLE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8"><title>Harbour Field Guide</title>
<style>body { font-family: serif; } .nav { display: none; }</style>
<script>window.track = function () { return "analytics"; };</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article>
<h1>Harbour Field Guide</h1>
<p>An introduction to <b>tides</b>, <i>currents</i> and <a href="/map">the harbour</a>.</p>
<h2>Tides</h2>
<p>Tides rise twice a day.<br>They follow the moon.</p>
<ul><li>Spring tides are the highest.</li><li>Neap tides are the lowest.</li></ul>
<h3>Reading a tide table</h3>
<table><tr><th>Time</th><th>Height</th></tr><tr><td>06:00</td><td>4.2&nbsp;m</td></tr></table>
<h2>Currents</h2>
<p><img src="rip.png" alt="A rip current"> Currents run along the shore.</p>
<noscript>Please enable JavaScript.</noscript>
</article>
</body></html>
"""


def _load(tmp_path, text: str, name: str = "guide.html"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_a_web_page_reads_as_the_text_a_browser_shows(tmp_path):
    doc = _load(tmp_path, ARTICLE)
    texts = [s.text for s in doc.sentences]
    assert (doc.format, doc.title, doc.duration) == ("html", "Harbour Field Guide", None)
    assert texts[:2] == ["Harbour Field Guide", "An introduction to tides, currents and the harbour."]
    assert "Tides" in texts  # a heading is a line of its own, not glued to its paragraph
    assert "Tides rise twice a day." in texts and "They follow the moon." in texts
    assert "Spring tides are the highest." in texts and "Neap tides are the lowest." in texts
    assert "Time | Height" in texts and "06:00 | 4.2 m" in texts  # a table row per line
    assert any(t.startswith("A rip current") for t in texts)  # an image by its alt text
    shown = " ".join(texts)
    # script, style, navigation and no-script notices are not what a reader reads
    for hidden in ("analytics", "font-family", "About us", "enable JavaScript", "<", "&nbsp;"):
        assert hidden not in shown


def test_the_headings_are_the_outline_under_the_pages_title(tmp_path):
    doc = _load(tmp_path, ARTICLE)
    texts = [s.text for s in doc.sentences]
    outline = [(r.level, r.title, texts[r.start_sentence]) for r in doc.reference_chapters]
    assert outline == [(2, "Tides", "Tides"), (3, "Reading a tide table", "Reading a tide table"),
                       (2, "Currents", "Currents")]


def test_the_chapters_of_a_web_page_follow_its_headings(tmp_path):
    from explorer.core.chaptering import compute_chapters
    from explorer.core.embedding import HashingEmbedder

    body = "<html><body><h1>Field notes</h1><p>A short preface about the notes.</p>" + "".join(
        f"<h2>{topic}</h2><p>" + " ".join(f"{topic} fact number {i} is recorded here." for i in range(12)) + "</p>"
        f"<h3>{topic} details</h3><p>" + " ".join(f"More on {topic.lower()} point {i}." for i in range(12)) + "</p>"
        for topic in ("Tides", "Currents", "Harbours")) + "</body></html>"
    doc = _load(tmp_path, body)
    assert doc.title == "Field notes"  # no <title>: the page's one <h1>
    seg, chapters = compute_chapters(doc, embedder=HashingEmbedder())
    texts = [s.text for s in doc.sentences]
    assert [texts[c.start] for c in chapters] == ["Field notes", "Tides", "Currents", "Harbours"]
    assert [(c.title, c.title_source) for c in chapters[1:]] == [(t, "heading") for t in ("Tides", "Currents", "Harbours")]
    assert {texts[s.start] for s in seg.sections} >= {"Tides details", "Currents details", "Harbours details"}
    # the words between a chapter's heading and its first subheading are its lead, not a section with a made-up title
    assert all(s.title_source == "heading" for s in seg.sections), [(s.title, s.title_source) for s in seg.sections]


def test_a_podcasting_html_transcript_stays_a_timed_transcript(tmp_path):
    doc = _load(tmp_path, "<html><body><cite>Ana:</cite><time>0:05</time><p>Welcome to the show.</p>"
                          "<cite>Ben:</cite><time>0:12</time><p>Glad to be here.</p></body></html>", "t.html")
    assert doc.format == "podcast-html" and doc.duration is not None
    assert [c.speaker for c in doc.cues] == ["Ana", "Ben"]


def test_an_unclosed_head_does_not_hide_the_page(tmp_path):
    doc = _load(tmp_path, "<html><head><title>Notes</title><body><p>The body is still read.</p></body></html>")
    assert [s.text for s in doc.sentences] == ["The body is still read."]
    assert doc.title == "Notes"


SITE_PAGE = """<html><head><title>Docs</title></head><body>
<header role="banner"><p>The Harbour Book</p></header>
<div id="help" class="popup"><h2>Keyboard shortcuts</h2><p>Press S to search.</p></div>
<div class="sidebar"><ul><li>Chapter one</li><li>Chapter two</li></ul></div>
<main>
<h1>Moorings</h1>
<p>A mooring holds a boat in place.</p>
<p hidden>Draft paragraph the author hid.</p>
<span aria-hidden="true">¶</span>
<div style="display: none"><p>Collapsed note.</p></div>
<h2>Chains</h2>
<p>Chains wear at the shackle.</p>
<button>Copy</button>
</main>
<footer><p>Copyright the harbour office.</p></footer>
</body></html>
"""


def test_where_a_page_marks_its_main_content_only_that_is_read(tmp_path):
    doc = _load(tmp_path, SITE_PAGE)
    texts = [s.text for s in doc.sentences]
    assert texts == ["Moorings", "A mooring holds a boat in place.", "Chains", "Chains wear at the shackle."]
    # the site's pop-up help is not a chapter of the page
    assert [(r.level, r.title, texts[r.start_sentence]) for r in doc.reference_chapters] == [(2, "Chains", "Chains")]


def test_a_page_with_one_article_drops_the_site_around_it(tmp_path):
    page = SITE_PAGE.replace("<main>", "<article>").replace("</main>", "</article>")
    doc = _load(tmp_path, page)
    assert [s.text for s in doc.sentences][0] == "Moorings"
    assert not {"Keyboard shortcuts", "Chapter one", "Copyright the harbour office."} & {s.text for s in doc.sentences}
    # two articles (a list of posts) are all the page: only what is hidden or named as chrome is left out
    two = page.replace("<h2>Chains</h2>", "</article><article><h2>Chains</h2>")
    texts = [s.text for s in _load(tmp_path, two, "list.html").sentences]
    assert "Copyright the harbour office." in texts and "Moorings" in texts and "Chains" in texts
    assert "Keyboard shortcuts" not in texts and "Chapter one" not in texts  # class="popup", class="sidebar"


DOCS_PAGE = """<html><head><title>Zlib | Node.js Documentation</title></head><body>
<div id="banner"><div class="title">Node.js command-line interface</div></div>
<div class="nav-panel"><p>Next: Streams, Previous: Buffers, Up: Modules</p></div>
<section id="table_of_contents"><h2>Table of contents</h2><ul><li><a href="#usage">Usage</a></li></ul></section>
<h1>Zlib<a class="mark" href="#zlib">#</a></h1>
<p>Compression with <code>gzip</code>.<a href="#p1" class="anchor">¶</a></p>
<h2 id="usage">Usage <a href="#usage">§</a></h2>
<pre><code><span class="hljs-comment">// compress the data</span> zlib.gzip(data);</code></pre>
<p>See the <a href="#usage">usage notes</a> and <a href="#c">C#</a> bindings.</p>
<h2>C#</h2>
<p>The C# bindings wrap the same library.</p>
<div class="comments"><p>Great post, thanks!</p></div>
</body></html>
"""


def test_a_documentation_page_without_its_site_chrome_and_permalinks(tmp_path):
    doc = _load(tmp_path, DOCS_PAGE, "zlib.html")
    texts = [s.text for s in doc.sentences]
    assert doc.title == "Zlib"  # the site's name left out: the page's first heading says which part is its own
    assert texts[:2] == ["Zlib", "Compression with gzip."]  # no "#" or "¶" glued to the words
    assert "Usage" in texts and "// compress the data zlib.gzip(data);" in texts  # a code comment is code
    assert "See the usage notes and C# bindings." in texts  # an in-page link with words is kept
    # a banner, a navigation panel, a table of contents and the comments, named so by their ids and classes
    for chrome in ("command-line interface", "Next: Streams", "Table of contents", "Great post"):
        assert not any(chrome in t for t in texts), chrome
    assert [r.title for r in doc.reference_chapters] == ["Usage", "C#"]


def test_the_text_export_of_a_web_page_keeps_its_paragraphs_under_its_headings(tmp_path):
    """The whole-text export ran each chapter together as one paragraph, opening with the
    heading's words again ("## Tides\\n\\nTides Tides rise twice a day. They follow…")."""
    from explorer.core.exports import to_markdown_text
    from explorer.core.model import Chapter

    doc = _load(tmp_path, ARTICLE)
    texts = [s.text for s in doc.sentences]
    tides, currents = texts.index("Tides"), texts.index("Currents")
    chapters = [Chapter(0, tides, "Harbour Field Guide", title_source="heading"),
                Chapter(tides, currents, "Tides", title_source="heading"),
                Chapter(currents, len(texts), "Currents", title_source="heading")]
    out = to_markdown_text(doc, chapters)
    body = out.split("## Tides\n\n", 1)[1].split("\n\n## Currents")[0]
    assert body.split("\n\n")[:3] == ["Tides rise twice a day. They follow the moon.", "Spring tides are the highest.",
                                      "Neap tides are the lowest."]


def test_ordered_list_items_carry_the_numbers_a_browser_draws(tmp_path):
    page = ("<html><head><title>Steps</title></head><body><main><h1>Steps</h1><ol start=\"3\">"
            "<li>Check the tide table.</li><li><p>Post the high water.</p><ul><li>On the board.</li></ul></li>"
            "<li value=\"9\">Log any surge.</li></ol><ol type=\"a\"><li>Alpha.</li><li>Beta.</li></ol>"
            "<ul><li>A bullet has no number.</li></ul></main></body></html>")
    texts = [s.text for s in _load(tmp_path, page).sentences]
    assert texts == ["Steps", "3. Check the tide table.", "4. Post the high water.", "On the board.",
                     "9. Log any surge.", "a. Alpha.", "b. Beta.", "A bullet has no number."]


def test_bold_clause_titles_opening_paragraphs_are_the_outline(tmp_path):
    """A terms-of-service page whose clauses open with their title in bold has them as its
    outline, as a Word contract has; a bold "Note:" and a bold paragraph alone are no headings."""
    page = ("<html><head><title>Terms of Service - Acme</title></head><body><main><h1>Terms of Service</h1>"
            "<p>These terms govern your use of the Acme service.</p>"
            "<p><strong>1. Accounts.</strong> You must keep your password secret and tell us of any misuse.</p>"
            "<p><b>2. Fees and Payment.</b> You pay the fees shown when you subscribe, every month.</p>"
            "<ol start='3'><li><strong>Termination.</strong> Either of us may end these terms.</li></ol>"
            "<p><strong>Note:</strong> these terms were last changed in March.</p>"
            "<p><strong>Important</strong></p></main></body></html>")
    doc = _load(tmp_path, page)
    assert [r.title for r in doc.reference_chapters] == ["1. Accounts.", "2. Fees and Payment.", "3. Termination."]
    texts = [s.text for s in doc.sentences]
    assert texts[2:4] == ["1. Accounts.", "You must keep your password secret and tell us of any misuse."]
    assert texts[-2:] == ["Note: these terms were last changed in March.", "Important"]
