"""OpenDocument text (.odt: LibreOffice, Google Docs and Word exports) read as a document.

An ``.odt`` is a ZIP whose ``content.xml`` holds the body in reading order: headings
(``text:h`` with their ``text:outline-level``), paragraphs, lists and tables. Each
paragraph, list item and table row becomes one untimed cue, and the headings the outline,
as for a Word file (:mod:`docx`); a footnote is read right after the paragraph citing it,
endnotes after the body. List items and headings carry the numbers the word processor
draws before them ("2.", "1.1", "(b)"; :mod:`odt_numbering`); a clause opening with its
title in bold ("2. Fees and Payment." before its text) is that heading and its text, as in
a Word file (:func:`blocks.split_run_ins`). A generated table of
contents, an index, comments, tracked deletions and drawing shapes are left out: they are
not the running text. The title is the document's ``dc:title`` (``meta.xml``), else its
paragraph styled "Title", else its first heading. Read with the standard library's XML
parser.
"""
from __future__ import annotations

import io
import logging
import zipfile
import zlib
from xml.etree import ElementTree

from ...errors import LoadError
from .blocks import code_cues, is_code_style, is_monospace, row_cue, run_in_parts, split_run_ins
from .common import Parsed, RawCue, clean_plain
from .odt_numbering import ListContext, OdtNumbers, int_attr

log = logging.getLogger(__name__)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_SKIPPED = frozenset({
    f"{_TEXT}table-of-content", f"{_TEXT}alphabetical-index", f"{_TEXT}illustration-index",
    f"{_TEXT}table-index", f"{_TEXT}object-index", f"{_TEXT}user-index", f"{_TEXT}bibliography",
    f"{_TEXT}tracked-changes", f"{_TEXT}sequence-decls", f"{_TEXT}variable-decls", f"{_TEXT}user-field-decls",
    f"{_OFFICE}forms", f"{_OFFICE}annotation", f"{_TEXT}note-body", f"{_TEXT}note-citation",
})
_BLOCKS = (f"{_TEXT}p", f"{_TEXT}h")


def is_odt(data: bytes) -> bool:
    """An OpenDocument text: ODF puts its uncompressed mimetype first in the archive."""
    return data.startswith(b"PK\x03\x04") and ODT_MIMETYPE in data[:200]


def read_odf(data: bytes, damaged: str) -> tuple[ElementTree.Element, bytes, bytes]:
    """``(content.xml's root, meta.xml, styles.xml)`` of an OpenDocument file, or
    :class:`LoadError`: ``damaged`` for a damaged archive, and a message of its own for a
    file saved with a password (its parts are encrypted, which its manifest says)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise LoadError("the OpenDocument file is protected by a password: "
                                "save it without one (or as PDF) and open that")
            content = archive.read("content.xml")
            meta = archive.read("meta.xml") if "meta.xml" in names else b""
            styles = archive.read("styles.xml") if "styles.xml" in names else b""
        return ElementTree.fromstring(content), meta, styles
    except LoadError:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error) as exc:  # bad names (ValueError), bad deflate data (zlib.error), a
        raise LoadError(damaged) from exc   # zip-encrypted part (RuntimeError)


def parse_odt(data: bytes) -> Parsed:
    """The document's cues in reading order and its headings ``(cue index, level, text)``."""
    root, meta, styles = read_odf(data, "the OpenDocument file is damaged or is not an .odt document")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise LoadError("the OpenDocument file has no text body")
    parsed = Parsed("odt", [])
    title = _meta_title(meta)
    first_heading = None
    code_styles = _code_styles(root)
    style_roots = _style_roots(styles)
    numbers = OdtNumbers(root, *style_roots)
    endnotes: list[RawCue] = []
    bold = _bold_styles(root, *style_roots)
    run_ins: dict[int, tuple[str, str]] = {}  # cue index -> (its run-in heading, the rest)
    for kind, element, label in _blocks(body, numbers):
        if kind == "row":
            cue = row_cue(clean_plain(_text(cell)) for cell in element.iter(f"{_TABLE}table-cell"))
            if cue:
                parsed.cues.append(cue)
                _add_notes(element, parsed.cues, endnotes)
            continue
        if element.tag == f"{_TEXT}p" and element.get(f"{_TEXT}style-name") in code_styles:
            parsed.cues.extend(code_cues(_text(element, line_break="\n")))
            continue
        text = clean_plain(_text(element))
        if not text:
            continue
        if element.tag == f"{_TEXT}h":
            level = max(1, min(int_attr(element.get(f"{_TEXT}outline-level"), 1), 9))
            first_heading = first_heading or text
            label = label or numbers.heading(level)
            text = f"{label} {text}" if label else text
            parsed.headings.append((len(parsed.cues), level, text))
        elif (element.get(f"{_TEXT}style-name") or "") == "Title":
            title = title or text
        else:
            if label:
                text = f"{label} {text}"
            head = _run_in_heading(element, text, label, bold)
            if head is not None:
                run_ins[len(parsed.cues)] = head
        parsed.cues.append(RawCue(None, None, text))
        _add_notes(element, parsed.cues, endnotes)
    parsed.cues.extend(endnotes)
    split_run_ins(parsed, run_ins)
    parsed.title = title or first_heading
    parsed.metadata["layout"] = "plain"  # paragraphs: a sentence never runs across them
    return parsed


def _blocks(element: ElementTree.Element, numbers: OdtNumbers, context: ListContext | None = None):
    """``(kind, element, label)`` for the paragraphs, headings and table rows below
    ``element``, in reading order; ``label`` is the list number drawn before a list item's
    first paragraph ("2.", "b)"), else ""."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag in _BLOCKS:
            label = ""
            if context is not None:
                label, context.label = context.label, ""  # only an item's first paragraph is numbered
            yield "block", child, label
        elif tag == f"{_TABLE}table-row":
            yield "row", child, ""
        elif tag == f"{_TEXT}list":
            yield from _blocks(child, numbers, numbers.enter_list(child, context))
        elif tag in (f"{_TEXT}list-item", f"{_TEXT}list-header") and context is not None:
            yield from _blocks(child, numbers, numbers.enter_item(child, context))
        else:  # sections, tables, row groups, frames: their blocks
            yield from _blocks(child, numbers, context)


def _add_notes(element: ElementTree.Element, cues: list[RawCue], endnotes: list[RawCue]) -> None:
    """The notes ``element`` cites: a footnote is read right after it, as a page prints it
    under the text citing it; an endnote goes to ``endnotes``, read after the body."""
    for note in element.iter(f"{_TEXT}note"):
        cue = _note_cue(note)
        if cue is not None:
            (endnotes if note.get(f"{_TEXT}note-class") == "endnote" else cues).append(cue)


def _note_cue(note: ElementTree.Element) -> RawCue | None:
    """A footnote or endnote as one cue, its body after the mark the text shows ("1", "*")."""
    body = note.find(f"{_TEXT}note-body")
    if body is None:
        return None
    text = clean_plain(" ".join(_text(p) for p in body.iter() if p.tag in _BLOCKS))
    if not text:
        return None
    citation = note.find(f"{_TEXT}note-citation")
    mark = clean_plain(_text(citation)) if citation is not None else ""
    return RawCue(None, None, f"{mark} {text}" if mark else text)


def _code_styles(root: ElementTree.Element) -> set[str]:
    """Names of the paragraph styles that hold code: a named style such as "Preformatted
    Text" or "Source Code" (ODF writes its spaces as ``_20_``), and the automatic styles
    derived from one or set in a fixed-width typeface."""
    names: set[str] = set()
    autos = root.find(f"{_OFFICE}automatic-styles")
    for style in autos if autos is not None else []:
        if style.tag != f"{_STYLE}style":
            continue
        name = style.get(f"{_STYLE}name")
        parent = (style.get(f"{_STYLE}parent-style-name") or "").replace("_20_", " ")
        props = style.find(f"{_STYLE}text-properties")
        font = props.get(f"{_STYLE}font-name") if props is not None else None
        if name and (is_code_style(parent) or is_monospace(font)):
            names.add(name)
    for element in root.iter(f"{_TEXT}p"):
        name = element.get(f"{_TEXT}style-name")
        if name and name not in names and is_code_style(name.replace("_20_", " ")):
            names.add(name)
    return names


def _bold_styles(*roots: ElementTree.Element) -> set[str]:
    """Names of the text styles that set their words in bold: their own font weight, else
    the style they derive from ("Strong Emphasis", an automatic "T1" based on it)."""
    weight: dict[str, str | None] = {}
    parent: dict[str, str] = {}
    for root in roots:
        for style in root.iter(f"{_STYLE}style"):
            name = style.get(f"{_STYLE}name")
            if not name or style.get(f"{_STYLE}family") != "text":
                continue
            props = style.find(f"{_STYLE}text-properties")
            weight[name] = props.get(f"{_FO}font-weight") if props is not None else None
            parent[name] = style.get(f"{_STYLE}parent-style-name") or ""

    def is_bold(name: str, depth: int = 0) -> bool:
        w = weight.get(name)
        if w is not None:
            return w == "bold" or (w.isdigit() and int(w) >= 600)
        return depth < 10 and name in parent and is_bold(parent[name], depth + 1)

    return {name for name in weight if is_bold(name)}


def _run_in_heading(element: ElementTree.Element, text: str, label: str, bold: set[str]) -> tuple[str, str] | None:
    """``(heading, rest)`` when a paragraph opens with bold words that read as a run-in
    heading (its list number before them), else None."""
    if not bold or (element.text or "").strip():
        return None
    lead: list[str] = []
    for child in element:
        if child.tag != f"{_TEXT}span" or child.get(f"{_TEXT}style-name") not in bold:
            break
        lead.append(_text(child))
        if (child.tail or "").strip():
            break
        lead.append(child.tail or "")
    else:
        return None  # bold throughout: a heading set by hand, not run in
    return run_in_parts(text[len(label):].lstrip(), clean_plain("".join(lead)), label)


def _text(element: ElementTree.Element, line_break: str = " ") -> str:
    """The words of a paragraph as shown: spaces (``text:s``) and tabs as spaces, line
    breaks as ``line_break``, footnote and comment bodies left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int_attr(child.get(f"{_TEXT}c"), 1))
        elif tag == f"{_TEXT}tab":
            parts.append(" ")
        elif tag == f"{_TEXT}line-break":
            parts.append(line_break)
        elif tag not in _SKIPPED and tag != f"{_TEXT}note":
            parts.append(_text(child, line_break))
        parts.append(child.tail or "")
    return "".join(parts)


def _style_roots(styles: bytes) -> list[ElementTree.Element]:
    """styles.xml, where a document's named list styles and its outline numbering live."""
    if not styles:
        return []
    try:
        return [ElementTree.fromstring(styles)]
    except ElementTree.ParseError:
        log.info("the OpenDocument styles could not be read: lists are read without numbers")
        return []


def _meta_title(meta: bytes) -> str | None:
    if not meta:
        return None
    try:
        node = ElementTree.fromstring(meta).find(f"{_OFFICE}meta/{_DC}title")
    except ElementTree.ParseError:
        return None
    return clean_plain(node.text or "") or None if node is not None else None

