"""Markdown documents (notes, specs, exported pages): the text a reader sees, and the headings.

A Markdown file read as plain prose showed its markup ("## Recomended", "**Want to
support…**", "[CORS headers](https://…)"), glued each heading to the paragraph under
it, and lost what tags ate. Here markdown-it-py (CommonMark, with tables) parses it;
each block (heading, paragraph, list item, quote, table row) and each line of a code
block becomes one untimed cue, so a sentence never runs from a heading into its
paragraph, and inline
markup is reduced to its text (a link to its words, an image to its alt text, code to
its code). Headings are returned with their levels: the loader makes them the
document's outline.

Only text that has no transcript layout comes here (see :func:`looks_like_markdown`):
a yt-dlp Markdown dump with ``[mm:ss]`` lines stays a timed transcript.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .blocks import code_cues, row_cue, run_in_parts, split_run_ins
from .common import Parsed, RawCue
from .markup import parse_web_page

_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_SETEXT = re.compile(r"^\S.*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+[^)]*\)")
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__)\S[^*_\n]*\S\1")
_WS = re.compile(r"\s+")


def looks_like_markdown(text: str) -> bool:
    """Whether untimed prose is written in Markdown: two ATX headings ("## Setup"), or one
    and another Markdown device, or three devices. One "# " line alone is not enough (a
    shell comment, a hashtag)."""
    head = text[:200_000]
    signs = {
        "atx": len(_ATX.findall(head)),
        "setext": len(_SETEXT.findall(head)),
        "fence": len(_FENCE.findall(head)) // 2,
        "link": len(_LINK.findall(head)),
        "list": len(_LIST.findall(head)) // 2,
        "emphasis": len(_EMPHASIS.findall(head)),
    }
    kinds = sum(1 for v in signs.values() if v)
    return (signs["atx"] >= 1 and kinds >= 2) or signs["atx"] >= 2 or kinds >= 3


def _inline_text(token: Token) -> str:
    """The words an inline token shows when rendered: markup, URLs and raw HTML left out,
    and so are linked images (a README's badges: "# rustfmt [![linux](…)](…)" is "rustfmt")."""
    parts: list[str] = []
    in_link = 0
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link = max(0, in_link - 1)
        elif child.type == "image" and not in_link:
            parts.append(child.content or "".join(c.content for c in child.children or []))
    return _WS.sub(" ", "".join(parts)).strip()


def _run_in_heading(token: Token, words: str, label: str) -> tuple[str, str] | None:
    """``(heading, rest)`` when a paragraph opens with strong words that read as a run-in
    heading ("**Fees and Payment.** The Buyer pays..."; its list number before them)."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) < 4 or children[0].type != "strong_open":
        return None
    end = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
    if end is None or end + 1 >= len(children):
        return None
    opening = _WS.sub(" ", "".join(c.content for c in children[1:end] if c.type in ("text", "code_inline"))).strip()
    return run_in_parts(words, opening, label)


def parse_markdown(text: str) -> tuple[Parsed, list[tuple[int, int, str]]]:
    """The document's blocks as untimed cues, and its headings as ``(cue index, level, text)``.
    A pandoc title block ("% Title", "% Author", "% Date" as the first lines) gives the
    title (a front matter's is read by the caller). Ordered list items keep their numbers
    ("3."), and footnotes (``[^1]``) are read at the end, numbered, where a rendered page
    shows them, instead of as "[^1]: ..." paragraphs and "[^1]" marks in the text. A
    paragraph opening with a strong run-in heading ("**Fees and Payment.** The Buyer...") is
    that heading and its text, as in a Word file (:func:`blocks.split_run_ins`)."""
    block = _PANDOC_TITLE_BLOCK.match(text)
    block_title = None
    if block:
        block_title = _WS.sub(" ", block.group(1)).strip() or None
        text = text[block.end():]
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    tokens = md.parse(text)
    cues: list[RawCue] = []
    headings: list[tuple[int, int, str]] = []
    row: list[str] | None = None
    run_ins: dict[int, tuple[str, str]] = {}  # cue index -> (its run-in heading, the rest)
    label = ""  # an ordered list item's number or a footnote's, owed to its first paragraph
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open" and tok.info:  # "3" of "3." or "3)": ordered items only
            label = f"{tok.info}{tok.markup}"
        elif tok.type == "footnote_open":  # notes are read where a rendered page shows them: at the end
            label = str(tok.meta.get("id", 0) + 1)
        elif tok.type in ("list_item_close", "footnote_close"):
            label = ""  # an item that opened with no paragraph (a code block) owes nothing on
        elif tok.type == "heading_open":
            words = _inline_text(tokens[i + 1])
            if words:
                headings.append((len(cues), int(tok.tag[1:]), words))
                cues.append(RawCue(None, None, words))
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(_inline_text(tok))
        elif tok.type == "tr_close":
            cue = row_cue(row or [])
            if cue:
                cues.append(cue)
            row = None
        elif tok.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            words = _inline_text(tok)
            if words:
                head = _run_in_heading(tok, words, label)
                if head is not None:
                    run_ins[len(cues)] = head
                cues.append(RawCue(None, None, f"{label} {words}" if label else words))
            label = ""
        elif tok.type in ("fence", "code_block"):
            cues.extend(code_cues(tok.content))
        elif tok.type == "html_block":  # as a browser shows it: a README's <h1 align="center"> is a heading
            page, page_headings = parse_web_page(tok.content)
            headings.extend((len(cues) + k, level, words) for k, level, words in page_headings)
            cues.extend(page.cues)
    parsed = Parsed("markdown", cues, headings=headings)
    split_run_ins(parsed, run_ins)
    cues, headings = parsed.cues, parsed.headings
    top = [h for h in headings if h[1] == 1]
    if block_title:
        parsed.title = block_title
    elif len(top) == 1:  # one top-level heading names the document
        parsed.title = top[0][2]
    return parsed, headings


_PANDOC_TITLE_BLOCK = re.compile(r"\A\s*%([^\n]*)\n(?:%[^\n]*\n){0,2}")
