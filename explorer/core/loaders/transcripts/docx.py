"""Word (.docx) files: transcript exports (Otter, Rev, Teams, Zoom "save as Word") and
documents (reports, memos, contracts).

python-docx opens the file and :mod:`docx_text` reads each paragraph's text as Word
shows it (tracked insertions, content controls and fields included); the text then goes
through the same content sniffing as a text file, so an Otter ``.docx`` and ``.txt``
load identically and an old Teams ``.docx`` holding ``-->`` cues is read as cues. A file
whose text is no transcript is read as a document (:func:`parse_word_document`): one cue
per paragraph and per table row, in the order the pages show them, and the paragraphs
styled as headings are its outline, as a Markdown file's headings are. The document title
comes from the core properties, the paragraph styled "Title", or the first heading.
"""

from __future__ import annotations

import io
import logging
import re

from ...errors import LoadError
from .blocks import code_cues, is_code_style, is_monospace, row_cue, run_in_parts, split_run_ins
from .common import Parsed, RawCue, clean_plain, clean_text
from .docx_text import body_blocks, shown_text

log = logging.getLogger(__name__)


def open_docx(data: bytes):  # -> docx.document.Document
    """The Word document in ``data`` (python-docx), or :class:`LoadError` when it is damaged."""
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError, AttributeError) as exc:
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: all mean a corrupt file
        log.debug("python-docx failed", exc_info=True)
        raise LoadError("the Word file is damaged or is not a .docx document") from exc


def docx_text(document, paragraphs: int | None = None) -> tuple[str, str | None]:  # noqa: ANN001 - from open_docx
    """Paragraph texts joined by newlines (tables after), and the title if any: what the
    transcript parsers sniff. ``paragraphs``: only the first ones, and no tables (a sniff)."""
    lines: list[str] = []
    title = None
    try:
        title = clean_text(document.core_properties.title or "") or None
        for i, para in enumerate(document.paragraphs):
            if paragraphs is not None and i >= paragraphs:
                return "\n".join(lines), title
            text = shown_text(para._p)
            lines.append(text)
            if (
                title is None
                and para.style is not None
                and (para.style.name or "").startswith(("Heading", "Title"))
            ):
                title = clean_text(text) or None
        for table in document.tables:
            for row in table.rows:
                lines.append("  ".join(shown_text(cell._tc) for cell in row.cells))
    except Exception as exc:
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    return "\n".join(lines), title


def parse_word_document(document) -> Parsed:  # noqa: ANN001 - from open_docx
    """A Word document as untimed cues, one per non-empty paragraph and per table row
    ("cell | cell"), in body order, with its headings ``(cue index, level, text)``: the
    paragraphs whose style is a heading ("Heading 2", or any style with an outline level).
    A paragraph styled "Title" is the title, not a heading. A footnote follows the
    paragraph citing it and endnotes the body (:mod:`docx_notes`). Numbered paragraphs and
    headings carry the numbers Word shows before them ("4.2 Scope", "(b) the Buyer…";
    :mod:`docx_numbering`). A clause opening with its title in bold ("2. Fees and Payment."
    before its text) is split into that heading, one level below the styled ones, and its
    text, where two clauses or more open so (:func:`blocks.split_run_ins`)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .docx_notes import WordNotes
    from .docx_numbering import ListNumbers

    parsed = Parsed("docx", [])
    first_heading = None
    styles: dict = {}  # pStyle id -> style, and its heading level
    levels: dict = {}
    code_styles: dict = {}  # pStyle id -> whether the style holds code (None: a table of contents)
    run_ins: dict[int, tuple[str, str]] = {}  # cue index -> (its run-in heading, the rest)
    bold = _RunWeight(document)
    try:
        numbers = ListNumbers(document)
        notes = WordNotes(document)
        title = clean_plain(document.core_properties.title or "") or None
        for element in body_blocks(document.element.body):
            if element.tag == _TABLE_TAG:
                for row in Table(element, document._body).rows:
                    cue = row_cue(_distinct_cells(row))
                    if cue:
                        parsed.cues.append(cue)
                        parsed.cues.extend(notes.after(row._tr))
                continue
            block = Paragraph(element, document._body)
            style_id = element.style  # the pStyle id (python-docx's .style looks the style up afresh)
            if style_id not in styles:
                styles[style_id] = block.style
            style = styles[style_id]
            number = numbers.label(block, style)  # counted even on an empty paragraph, as Word does
            if style_id not in code_styles:
                name = style.name if style is not None else None
                code_styles[style_id] = None if _TOC_STYLE.match(name or "") else is_code_style(name)
            if code_styles[style_id] is None:  # a generated table of contents, not the text
                continue
            shown_raw = shown_text(element)
            if code_styles[style_id] or _set_in_monospace(block):
                parsed.cues.extend(code_cues(shown_raw))  # its line breaks are the listing's lines
                parsed.cues.extend(notes.after(element))
                continue
            text = clean_plain(shown_raw)
            if not text:
                continue
            shown = f"{number} {text}" if number else text
            if style is not None and (style.name or "") == "Title":
                title = title or text
            else:
                if style_id not in levels:
                    levels[style_id] = _heading_level(style)
                level = levels[style_id]
                if level:
                    first_heading = first_heading or text
                    parsed.headings.append((len(parsed.cues), level, shown))
                elif (head := _run_in_heading(element, text, number, bold)) is not None:
                    run_ins[len(parsed.cues)] = head
            parsed.cues.append(RawCue(None, None, shown))
            parsed.cues.extend(notes.after(element))
        parsed.cues.extend(notes.endnotes())
        split_run_ins(parsed, run_ins)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    parsed.title = title or first_heading
    parsed.metadata["layout"] = "plain"  # paragraphs: a sentence never runs across them
    return parsed


class _RunWeight:
    """Whether a run is set in bold: its own ``w:b``, else its character style's ("Strong")."""

    def __init__(self, document) -> None:  # noqa: ANN001 - docx.document.Document
        self._styles = document.styles
        self._by_style: dict[str, bool] = {}

    def __call__(self, run) -> bool:  # noqa: ANN001 - a w:r element
        props = run.find(f"{_W}rPr")
        if props is None:
            return False
        b = props.find(f"{_W}b")
        if b is not None:
            return (b.get(_VAL) or "true").lower() not in ("0", "false", "off")
        style = props.find(f"{_W}rStyle")
        if style is None:
            return False
        sid = style.get(_VAL) or ""
        if sid not in self._by_style:
            try:
                from docx.enum.style import WD_STYLE_TYPE

                found = self._styles.get_by_id(sid, WD_STYLE_TYPE.CHARACTER)
                self._by_style[sid] = bool(found is not None and found.font.bold)
            except (KeyError, ValueError, AttributeError):
                self._by_style[sid] = False
        return self._by_style[sid]


def _run_in_heading(paragraph, text: str, number: str, bold: _RunWeight) -> tuple[str, str] | None:  # noqa: ANN001
    """``(heading, rest)`` when the paragraph opens with bold words that read as a run-in
    heading ("Fees and Payment." before its clause; its list number leads it), else None."""
    lead: list[str] = []
    for run in paragraph.iter(f"{_W}r"):
        parent = run.getparent()
        if parent is not None and parent.tag in (f"{_W}del", f"{_W}moveFrom"):
            continue
        words = "".join(t.text or "" for t in run.findall(f"{_W}t"))
        if not words.strip():
            if lead:
                lead.append(words)
            continue
        if not bold(run):
            break
        lead.append(words)
    else:
        return None  # bold throughout (or no text): a heading set by hand, not run in
    return run_in_parts(text, clean_plain("".join(lead)), number)


def _set_in_monospace(paragraph) -> bool:  # noqa: ANN001 - a docx paragraph
    """Whether a paragraph is hand-formatted code: its text is broken into lines and set in
    a fixed-width typeface (only a paragraph with line breaks is worth the look at its runs)."""
    if paragraph._p.find(f".//{_W}br") is None:
        return False
    fonts = [run.font.name for run in paragraph.runs if run.text.strip()]
    return bool(fonts) and all(is_monospace(f) for f in fonts)


def _distinct_cells(row) -> list[str]:  # noqa: ANN001 - a docx table row
    """A row's cell texts, a merged cell once (python-docx repeats it for each grid column)."""
    out: list[str] = []
    seen = set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        text = clean_plain(shown_text(cell._tc))
        if text:
            out.append(text)
    return out


_TOC_STYLE = re.compile(r"toc\s*\d|table of contents|toc heading", re.IGNORECASE)
_HEADING_NAME = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)


def _heading_level(style) -> int:  # noqa: ANN001 - a docx paragraph style
    """1-9 for a heading style ("Heading 1"; a custom style based on one, or with an outline
    level), else 0."""
    depth = 0
    while style is not None and depth < 10:
        m = _HEADING_NAME.match((style.name or "").strip())
        if m:
            return int(m.group(1))
        p_pr = style.element.pPr
        outline = p_pr.find(_OUTLINE_LEVEL) if p_pr is not None else None
        if outline is not None:
            try:
                level = int(outline.get(_VAL)) + 1
            except (TypeError, ValueError):
                level = 0
            return level if 1 <= level <= 9 else 0  # 9 (outline level 10) is body text
        style = style.base_style
        depth += 1
    return 0


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OUTLINE_LEVEL = f"{_W}outlineLvl"
_TABLE_TAG = f"{_W}tbl"
_VAL = f"{_W}val"
