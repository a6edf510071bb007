"""The text of a Word document as Word shows it, read from its XML.

python-docx's ``Paragraph.text`` reads only a paragraph's direct runs and hyperlinks, and
``Document.iter_inner_content`` only its direct paragraphs and tables. Whatever Word nests
deeper was lost: tracked insertions (``w:ins``: a contract under review lost every word
its reviewers added), content controls (``w:sdt``: a template's filled-in fields, a cover
page), simple fields (``w:fldSimple``: the "3" of "Figure 3"), smart tags and custom XML.
Here every ``w:t`` in a paragraph counts, in document order, except where Word does not
show it: deleted and moved-away text, field codes (``w:instrText`` and ``w:delText`` are
other tags), text boxes (their own paragraphs) and the fallback copy of alternate content.
"""
from __future__ import annotations

from collections.abc import Iterator

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
# subtrees whose text Word does not show in the paragraph's line
_HIDDEN = frozenset({
    f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}rPr", f"{_W}pPr",
})
_CONTAINERS = frozenset({f"{_W}sdt", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"})


def shown_text(element) -> str:  # noqa: ANN001 - an lxml w:p (or w:tc, w:tr)
    """The text of ``element`` as shown: tabs as tabs, line breaks as newlines."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element, parts: list[str]) -> None:  # noqa: ANN001
    for child in element:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == f"{_W}p":  # a paragraph inside a cell: its own line
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            _collect(child, parts)
        elif tag not in _HIDDEN and isinstance(tag, str):  # a comment's or processing instruction's is no str
            _collect(child, parts)


def body_blocks(body) -> Iterator:  # noqa: ANN001 - the lxml w:body
    """The paragraphs (``w:p``) and tables (``w:tbl``) of the body in reading order, those
    inside block content controls and custom XML included; a generated table of contents
    (a content control of the "Table of Contents" gallery) left out, as the .odt reader
    leaves out its own."""
    for child in body:
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif tag == f"{_W}sdt":
            if _is_table_of_contents(child):
                continue
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from body_blocks(content)
        elif tag in _CONTAINERS:
            yield from body_blocks(child)


def _is_table_of_contents(sdt) -> bool:  # noqa: ANN001
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(f"{_W}val") or "").lower()
