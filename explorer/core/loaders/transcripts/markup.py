"""Markup transcripts: Podcasting 2.0 HTML, YouTube timedtext XML and TTML/DFXP.

Podcasting 2.0 HTML is ``<cite>Name:</cite><time>m:ss</time><p>text</p>`` per turn
(each part optional); other HTML is a web page: its blocks and headings, as a browser
shows them. YouTube timedtext comes as
``<transcript><text start dur>`` (``srv1``, youtube-transcript-api) or
``<timedtext><body><p t d><s t>`` (``srv3``, times in ms, word ``<s>`` spans). The XML
is read with regular expressions rather than an XML parser: the files are flat, and this
never expands entities from a DTD or chokes on a stray ``&``. TTML (W3C Timed Text,
DFXP, Netflix/broadcast subtitles) gives ``<p begin end|dur>`` with clock (``00:00:01.5``,
``00:00:01:12`` frames) or offset (``1.5s``, ``15000000t`` ticks) times and optional
``ttm:agent`` speakers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .blocks import code_cues, row_cue, run_in_parts, split_run_ins
from .common import (
    Parsed,
    RawCue,
    Word,
    carry_speakers_forward,
    clean_speaker,
    clean_text,
    fill_ends,
    parse_timestamp,
    seconds,
)
from .docx_numbering import NUMBER_TYPES, format_number

_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)
    }


def is_timedtext(text: str) -> bool:
    head = text[:2000].lower()
    return "<transcript" in head or "<timedtext" in head


def parse_timedtext(text: str) -> Parsed:
    """YouTube timedtext XML (srv1 or srv3)."""
    parsed = Parsed("youtube-timedtext", [])
    srv3 = "<timedtext" in text[:2000].lower()
    pattern = r"<p\b([^>]*)>(.*?)</p>" if srv3 else r"<text\b([^>]*?)(?:/>|>(.*?)</text>)"
    for m in re.finditer(pattern, text, flags=re.DOTALL | re.IGNORECASE):
        attrs = _attrs(m.group(1))
        body = m.group(2) or ""
        if srv3:
            t, d = seconds(attrs.get("t")), seconds(attrs.get("d", "0"))
            start = t / 1000 if t is not None else None
            dur = d / 1000 if d is not None else None
        else:
            start, dur = seconds(attrs.get("start")), seconds(attrs.get("dur", "0"))
        if start is None or dur is None:
            parsed.malformed += 1
            continue
        end = start + dur
        words = _srv3_words(body, start, end) if srv3 else None
        # srv1 text is escaped twice (&amp;#39;): unescape once here, once in clean_text
        cue_text = clean_text(re.sub(r"&amp;", "&", body)) if not srv3 else clean_text(body)
        if cue_text:
            parsed.cues.append(RawCue(start, end, cue_text, None, words))
    return parsed


def _srv3_words(body: str, start: float, end: float) -> list[Word] | None:
    spans = list(re.finditer(r"<s\b([^>]*)>(.*?)</s>", body, flags=re.DOTALL | re.IGNORECASE))
    if len(spans) < 2:
        return None
    offs = [seconds(_attrs(s.group(1)).get("t", "0")) or 0.0 for s in spans]
    words: list[Word] = []
    for k, s in enumerate(spans):
        w = clean_text(s.group(2))
        t0 = start + offs[k] / 1000
        t1 = start + offs[k + 1] / 1000 if k + 1 < len(spans) else end
        if w:
            words.append((min(t0, end), min(max(t1, t0), end), w))
    return words or None


class _TurnParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.turns: list[list] = []  # [speaker, time, text]
        self.speaker: str | None = None
        self.time: str | None = None
        self.stack: list[str] = []
        self.buf: list[str] = []
        self.title: str | None = None
        self.saw_cite_or_time = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("cite", "time", "p", "title", "h1", "li"):
            self._flush_text()
            self.stack.append(tag)
            self.buf = []
        if tag == "br":
            self.buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            content = "".join(self.buf)
            self.buf = []
            if tag == "cite":
                self.speaker, self.saw_cite_or_time = clean_speaker(content), True
            elif tag == "time":
                self.time, self.saw_cite_or_time = content.strip(), True
            elif tag in ("title", "h1") and not self.title:
                self.title = content.strip() or None
            else:
                self.turns.append([self.speaker, self.time, content])
                self.time = None

    def handle_data(self, data: str) -> None:
        self.buf.append(data)

    def _flush_text(self) -> None:
        if not self.stack and "".join(self.buf).strip():
            self.turns.append([self.speaker, self.time, "".join(self.buf)])
        self.buf = []

    def close(self) -> None:
        super().close()
        if self.stack:
            self.turns.append([self.speaker, self.time, "".join(self.buf)])
        else:
            self._flush_text()


_TURN_TAG = re.compile(r"<(?:cite|time)\b", re.IGNORECASE)


def parse_html(text: str) -> Parsed:
    """Podcasting 2.0 HTML turns; any other HTML as a web page (:func:`parse_web_page`)."""
    parser = _TurnParser()
    if _TURN_TAG.search(text):  # without a <cite> or <time> it is no transcript: one pass, not two
        parser.feed(text)
        parser.close()
    if not parser.saw_cite_or_time:
        page, page.headings = parse_web_page(text)
        return page
    parsed = Parsed("podcast-html", [], title=clean_text(parser.title) if parser.title else None)
    for speaker, time, content in parser.turns:
        body = clean_text(content)
        if not body:
            continue
        start = None
        if time:
            start = parse_timestamp(time)
            if start is None:
                parsed.malformed += 1
                continue
        parsed.cues.append(RawCue(start, None, body, speaker))
    timed = [c for c in parsed.cues if c.start is not None]
    if timed and len(timed) < len(parsed.cues):
        # mixed: untimed turns inherit the previous time, so order and anchors stay sane
        last = 0.0
        for cue in parsed.cues:
            last = cue.start if cue.start is not None else last
            cue.start = last
    if timed:
        fill_ends(parsed.cues)
    carry_speakers_forward(parsed.cues)
    return parsed


class _PageParser(HTMLParser):
    """A web page or saved article as the text a browser shows: one cue per block
    (paragraph, list item, heading, table row, quote, preformatted text), with the headings
    and their levels. Script, style, navigation, menus, buttons, elements marked hidden and
    containers whose id or class names site furniture (banner, sidebar, table of contents,
    comments: :func:`_is_site_chrome`) are left out, and so are permalinks ("#", "¶"); where
    the page marks its main content (``<main>``, ``role="main"`` or a single
    ``<article>``), only that is kept, as a browser's reader view does, so a site's
    sidebars, pop-ups and footers do not become the document. A paragraph opening with a
    clause's title in bold ("<strong>2. Fees and Payment.</strong> You pay...") is that
    heading and its text, as in a Word file (:func:`blocks.split_run_ins`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cues: list[tuple[RawCue, bool, bool]] = []  # (cue, inside <main>, inside an <article>)
        self.headings: list[tuple[int, int, str]] = []
        self.title = ""
        self.articles = 0
        self._buf: list[str] = []
        self._skip = _Region()  # inside script, style, navigation, hidden elements...
        self._main = _Region()
        self._article = _Region()
        self._heading = 0  # the level of the heading being read
        self._row: list[str] | None = None
        self._in_title = False
        self._link: int | None = None  # where the text of an in-page link began in _buf
        self._pre = 0  # depth of <pre>: a listing keeps its lines
        self._lists: list[list | None] = []  # open <ol> ([count, type]) and <ul> (None), innermost last
        self._label = ""  # an <ol> item's number, owed to the item's first text
        self._strong: int | None = None  # where a block's opening <strong>/<b> began in _buf
        self._lead = ""  # the words of that opening <strong>, once it closed (a run-in heading?)
        self.run_ins: dict[int, tuple[str, str]] = {}  # cue index -> (its run-in heading, the rest)

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _VOID:
            if tag == "br":
                self._buf.append("\n" if self._pre else " ")
            elif tag == "hr":
                self._flush()
            elif tag == "img" and not self._skip.open:
                alt = dict(attrs).get("alt")
                if alt:
                    self._buf.append(f" {alt} ")
            return
        if tag == "body":
            self._skip = _Region()  # a <head> that was never closed
        for region in (self._skip, self._main, self._article):
            region.start(tag)
        attributes = dict(attrs)
        if not self._skip.open and _is_hidden(tag, attributes):
            self._flush()
            self._skip.enter(tag)
            return
        if not self._main.open and (tag == "main" or attributes.get("role") == "main"):
            self._flush()
            self._main.enter(tag)
        elif tag == "article" and not self._article.open:
            self._flush()
            self._article.enter(tag)
            self.articles += 1
        if tag in ("strong", "b") and self._row is None and not self._lead and not "".join(self._buf).strip():
            self._strong = len(self._buf)  # bold words opening their block
        if tag == "title":
            self._in_title = True
        elif tag == "a" and (attributes.get("href") or "").startswith("#") and self._link is None:
            self._link = len(self._buf)  # a permalink ("#", "¶") is dropped at its end
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th"):
            self._cell()
        elif tag in _BLOCKS:
            self._flush()
            if tag in _HEADINGS:
                self._heading = int(tag[1])
            elif tag == "pre":
                self._pre += 1
            elif tag in ("ol", "ul"):
                self._lists.append(_ordered_list(attributes) if tag == "ol" else None)
            elif tag == "li" and self._lists and self._lists[-1] is not None:
                self._label = _item_number(self._lists[-1], attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b") and self._strong is not None:
            self._lead = _WS.sub(" ", "".join(self._buf[self._strong:])).strip()
            self._strong = None
        if tag == "title":
            self._in_title = False
        elif tag == "a" and self._link is not None:
            if _PERMALINK.fullmatch("".join(self._buf[self._link:])):
                del self._buf[self._link:]
            self._link = None
        elif tag in ("td", "th"):
            self._cell()
        elif tag == "tr" or (tag == "table" and self._row is not None):
            self._cell()
            cue = row_cue(self._row or [])
            if cue:
                self._add(cue)
            self._row = None
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in ("ol", "ul") and self._lists:
                self._lists.pop()
            elif tag == "li":
                self._label = ""
        for region in (self._skip, self._main, self._article):
            if region.end(tag) and region is not self._skip:
                self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip.open:
            self._buf.append(data)

    def _cell(self) -> None:
        if self._row is not None:
            self._row.append(_WS.sub(" ", "".join(self._buf)).strip())
            self._buf = []

    def _flush(self) -> None:
        if self._row is not None:  # a block inside a cell belongs to the cell
            return
        self._link = None
        if self._pre:
            for cue in code_cues("".join(self._buf)):
                self._add(cue)
            self._buf = []
            self._heading = 0
            return
        text = _WS.sub(" ", "".join(self._buf)).strip()
        self._buf = []
        lead, self._lead, self._strong = self._lead, "", None
        if text:
            label = self._label
            if self._label:
                text, self._label = f"{self._label} {text}", ""
            if self._heading:
                self.headings.append((len(self.cues), self._heading, text))
            elif (head := run_in_parts(text[len(label):].lstrip(), lead, label)) is not None:
                self.run_ins[len(self.cues)] = head
            self._add(RawCue(None, None, text))
        self._heading = 0

    def _add(self, cue: RawCue) -> None:
        self.cues.append((cue, self._main.open, self._article.open))

    def close(self) -> None:
        super().close()
        self._flush()

    def content(self) -> tuple[list[RawCue], list[tuple[int, int, str]]]:
        """The blocks to read and their headings: the main content where the page marks it;
        a paragraph opening with a bold run-in heading is that heading and its text."""
        in_main = [i for i, cue in enumerate(self.cues) if cue[1]]
        in_article = [i for i, cue in enumerate(self.cues) if cue[2]] if self.articles == 1 else []
        kept = in_main or in_article or list(range(len(self.cues)))
        new_index = {old: new for new, old in enumerate(kept)}
        parsed = Parsed("html", [self.cues[i][0] for i in kept],
                        headings=[(new_index[i], level, text) for i, level, text in self.headings if i in new_index])
        split_run_ins(parsed, {new_index[i]: head for i, head in self.run_ins.items() if i in new_index})
        return parsed.cues, parsed.headings


class _Region:
    """Whether the parser is inside one element (a hidden one, ``<main>``...), counting the
    same tag's nesting to find its end in HTML whose other tags may never close."""

    def __init__(self) -> None:
        self.tag: str | None = None
        self._depth = 0

    @property
    def open(self) -> bool:
        return self.tag is not None

    def enter(self, tag: str) -> None:
        self.tag, self._depth = tag, 1

    def start(self, tag: str) -> None:
        if tag == self.tag:
            self._depth += 1

    def end(self, tag: str) -> bool:
        """Count a closing tag; True when it closes the region."""
        if tag != self.tag:
            return False
        self._depth -= 1
        if self._depth <= 0:
            self.tag = None
            return True
        return False


def _is_hidden(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _SKIPPED or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if attrs.get("role") in _SKIPPED_ROLES:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return tag in _CONTAINERS and _is_site_chrome(f"{attrs.get('id') or ''} {attrs.get('class') or ''}")


def _is_site_chrome(names: str) -> bool:
    """Whether an element's id and classes name a site's furniture (a banner, a menu, a
    sidebar, a table of contents, comments...) rather than content: the class names a
    reader view (Mozilla's Readability) drops, read as whole words ("nav-panel", not "canvas"),
    unless they also say content ("main-header")."""
    words = set(_NAME_WORD.findall(names.lower()))
    if not words or words & _CONTENT_NAMES:
        return False
    return bool(words & _CHROME_NAMES) or {"table", "of", "contents"} <= words


_NAME_WORD = re.compile(r"[a-z]+")
_CHROME_NAMES = frozenset({
    "banner", "breadcrumb", "breadcrumbs", "comment", "comments", "disqus", "footer", "header", "menu", "menubar",
    "nav", "navbar", "navigation", "navbox", "pagination", "pager", "popup", "modal", "related", "sidebar", "share",
    "sharing", "social", "sponsor", "toc", "cookie", "cookies", "gdpr", "newsletter", "subscribe", "skip", "masthead",
    "toolbar", "advert", "advertisement", "ads", "promo"})
_CONTENT_NAMES = frozenset({"article", "body", "content", "main", "column", "post", "entry", "story", "text"})
# only containers are judged by their names: a span or a heading is content ("hljs-comment"
# is a comment in a code listing, not a page's comments)
_CONTAINERS = frozenset({"div", "section", "aside", "header", "footer", "ul", "ol", "dl", "details"})
_PERMALINK = re.compile(r"\s*(?:[#¶§🔗∞]|&para;|link|permalink)?\s*", re.IGNORECASE)


_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "nav", "head", "button", "select",
                      "form", "dialog", "iframe", "object", "canvas", "menu"})
_SKIPPED_ROLES = frozenset({"navigation", "menu", "menubar", "search", "banner", "contentinfo", "dialog",
                            "toolbar", "complementary"})
def _ordered_list(attributes: dict[str, str | None]) -> list:
    """The counter of an ``<ol>``: ``[last number given, type]``, from its ``start`` and ``type``."""
    start = attributes.get("start") or "1"
    return [int(start) - 1 if start.lstrip("-").isdigit() else 0, attributes.get("type") or "1"]


def _item_number(ordered: list, attributes: dict[str, str | None]) -> str:
    """The number a browser draws before an ``<li>`` ("3.", "c.", "iv."), counted on; its
    ``value`` attribute resets the count."""
    value = attributes.get("value") or ""
    ordered[0] = int(value) if value.lstrip("-").isdigit() else ordered[0] + 1
    return f"{format_number(ordered[0], NUMBER_TYPES.get(ordered[1], 'decimal'))}."


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | frozenset({
    "p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "header", "footer", "aside",
    "figcaption", "caption", "table", "ul", "ol", "dl", "main", "figure", "address", "details", "summary"})
_WS = re.compile(r"\s+")


def parse_web_page(text: str) -> tuple[Parsed, list[tuple[int, int, str]]]:
    """Any HTML that is not a Podcasting 2.0 transcript: its blocks as untimed cues, and its
    headings as ``(cue index, level, text)``. The title is the page's ``<title>``, else its
    one ``<h1>``."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    cues, headings = parser.content()
    parsed = Parsed("html", cues)
    top = [h for h in headings if h[1] == 1]
    parsed.title = _page_title(_WS.sub(" ", parser.title).strip(), headings) or (top[0][2] if len(top) == 1 else None)
    return parsed, headings


def _page_title(title: str, headings: list[tuple[int, int, str]]) -> str:
    """The ``<title>`` without the site's name where the page's first heading says which
    part is the page's own ("Zlib | Node.js v20 Documentation" with the heading "Zlib")."""
    if not title or not headings:
        return title
    first = headings[0][2].casefold()
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title)]
    return next((p for p in parts if len(parts) > 1 and p and p.casefold() == first), title)


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·»:]{1,2}\s+")


def _first_tag_attrs(pattern: str, text: str) -> dict[str, str]:
    m = re.search(pattern, text)
    return _attrs(m.group(1)) if m else {}


def is_ttml(text: str) -> bool:
    head = text[:3000]
    return bool(re.search(r"<(?:\w+:)?tt[\s>]", head))


_OFFSET = re.compile(r"^\s*(\d+(?:\.\d+)?)(h|ms|m|s|f|t)\s*$")
_CLOCK = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+)(?:\.\d+)?)?\s*$")


def ttml_time(value: str | None, tick_rate: float, frame_rate: float) -> float | None:
    """A TTML time expression in seconds, or ``None``."""
    if not value:
        return None
    m = _CLOCK.match(value)
    if m:
        h, mi, sec, frac, frames = m.groups()
        if int(mi) >= 60 or int(sec) >= 61:
            return None
        t = int(h) * 3600 + int(mi) * 60 + int(sec)
        if frac:
            t += float(frac)
        elif frames:
            t += int(frames) / frame_rate
        return float(t)
    m = _OFFSET.match(value)
    if not m:
        return None
    num, unit = float(m.group(1)), m.group(2)
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "f": 1 / frame_rate, "t": 1 / tick_rate}[unit]
    return seconds(num * scale)


def parse_ttml(text: str) -> Parsed:
    """TTML / DFXP: one cue per ``<p>``; ``ttm:agent`` names become speakers and the head's
    ``ttm:title`` the title."""
    parsed = Parsed("ttml", [])
    head = re.split(r"<(?:\w+:)?body\b", text, maxsplit=1)[0]
    title = re.search(r"<(?:\w+:)?title\b[^>]*>(.*?)</(?:\w+:)?title>", head, flags=re.DOTALL)
    parsed.title = (clean_text(title.group(1)) or None) if title else None
    root = _first_tag_attrs(r"<(?:\w+:)?tt\b([^>]*)>", text)
    frame_rate = seconds(root.get("ttp:framerate")) or 30.0
    tick_rate = seconds(root.get("ttp:tickrate")) or frame_rate
    agents = {
        m.group(1): clean_text(m.group(2))
        for m in re.finditer(
            r"<ttm:agent\b[^>]*xml:id=\"([^\"]+)\"[^>]*>.*?<ttm:name[^>]*>(.*?)</ttm:name>", text, flags=re.S
        )
    }
    for m in re.finditer(r"<(?:\w+:)?p\b([^>]*)>(.*?)</(?:\w+:)?p>", text, flags=re.S | re.I):
        attrs = _attrs(m.group(1))
        start = ttml_time(attrs.get("begin"), tick_rate, frame_rate)
        end = ttml_time(attrs.get("end"), tick_rate, frame_rate)
        dur = ttml_time(attrs.get("dur"), tick_rate, frame_rate)
        if end is None and start is not None and dur is not None:
            end = start + dur
        if start is None or end is None or end < start:
            parsed.malformed += 1
            continue
        body = m.group(2)
        agent = attrs.get("ttm:agent") or _first_tag_attrs(r"<(?:\w+:)?span\b([^>]*)>", body).get("ttm:agent")
        speaker = agents.get(agent or "", clean_speaker(agent) if agent else None)
        cue_text = clean_text(body)
        if cue_text:
            parsed.cues.append(RawCue(start, end, cue_text, speaker))
    return parsed
