"""The numbers an OpenDocument text draws before list items and headings: "2." and "b)"
before a contract's clauses, "3.1" before a numbered heading.

As in Word (:mod:`docx_numbering`), the numbers are not in the text: a list names a list
style (``text:list-style``), whose level styles say how each level counts (``style:num-format``
"1", "a", "A", "i", "I"; a prefix and suffix; ``text:display-levels`` for "2.1.3"; a start
value), and headings count by the document's outline style (``text:outline-style``).
:class:`OdtNumbers` counts them in reading order as a word processor does: a nested list is
the next level of its enclosing list, counting at a level restarts the levels under it, and
a new list starts again at its start value unless it continues another
(``text:continue-numbering``, ``text:continue-list``). Bullets get no label.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .docx_numbering import NUMBER_TYPES, format_number

log = logging.getLogger(__name__)

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_MAX_LEVELS = 10


@dataclass(frozen=True)
class _Level:
    fmt: str | None  # Word's name of the format; None draws no number (a bullet, an empty format)
    prefix: str = ""
    suffix: str = ""
    display: int = 1  # how many levels the label shows, this one included
    start: int = 1


@dataclass
class _Chain:
    """The counts of one list, and of the lists that continue it."""

    style: str
    counts: list[int | None] = field(default_factory=lambda: [None] * _MAX_LEVELS)


@dataclass
class ListContext:
    """Where the walker is: a list at a depth, and the label its current item still owes its
    first paragraph."""

    chain: _Chain
    depth: int
    label: str = ""


class OdtNumbers:
    """Counts one document's list items and headings; call in reading order."""

    def __init__(self, *roots: ElementTree.Element) -> None:
        self._styles: dict[str, dict[int, _Level]] = {}
        self._outline: dict[int, _Level] = {}
        self._outline_counts: list[int | None] = [None] * _MAX_LEVELS
        self._by_id: dict[str, _Chain] = {}
        self._last: _Chain | None = None
        for root in roots:
            try:
                self._read(root)
            except ValueError as exc:  # a malformed level: its list counts with the defaults
                log.info("OpenDocument numbering partly read: %s", exc)

    def _read(self, root: ElementTree.Element) -> None:
        for style in root.iter(f"{_TEXT}list-style"):
            name = style.get(f"{_STYLE}name")
            if name:
                self._styles[name] = _levels(style, f"{_TEXT}list-level-style-number")
        for outline in root.iter(f"{_TEXT}outline-style"):
            self._outline = _levels(outline, f"{_TEXT}outline-level-style")

    def enter_list(self, element: ElementTree.Element, outer: ListContext | None) -> ListContext:
        """The context inside a ``text:list``: one level deeper in its enclosing list, or a new
        list (or the one it continues) at the top."""
        if outer is not None:
            return ListContext(outer.chain, outer.depth + 1)
        style = element.get(f"{_TEXT}style-name") or ""
        chain = None
        continues = element.get(f"{_TEXT}continue-list")
        if continues:
            chain = self._by_id.get(continues)
        elif element.get(f"{_TEXT}continue-numbering") == "true" and self._last is not None:
            chain = self._last
        if chain is None:
            chain = _Chain(style)
        own_id = element.get(_XML_ID)
        if own_id:
            self._by_id[own_id] = chain
        self._last = chain
        return ListContext(chain, 0)

    def enter_item(self, element: ElementTree.Element, context: ListContext) -> ListContext:
        """Count an item (``text:list-item``; a ``text:list-header`` is not counted) and
        return the context owing its label."""
        item = ListContext(context.chain, context.depth)
        if element.tag != f"{_TEXT}list-item" or context.depth >= _MAX_LEVELS:
            return item
        level = self._styles.get(context.chain.style, {}).get(context.depth + 1)
        if level is None or level.fmt is None:
            return item
        counts = context.chain.counts
        override = element.get(f"{_TEXT}start-value")
        _count(counts, context.depth, level.start, int(override) if override and override.isdigit() else None)
        item.label = _label(counts, context.depth, level, self._styles.get(context.chain.style, {}))
        return item

    def heading(self, outline_level: int) -> str:
        """The number the outline style draws before a heading of ``outline_level`` (1-based)."""
        depth = outline_level - 1
        level = self._outline.get(outline_level)
        if level is None or level.fmt is None or not 0 <= depth < _MAX_LEVELS:
            return ""
        _count(self._outline_counts, depth, level.start)
        return _label(self._outline_counts, depth, level, self._outline)


def _count(counts: list[int | None], depth: int, start: int, value: int | None = None) -> None:
    """Count on at ``depth`` (from ``start``, or to ``value`` where an item says so); the
    levels under it start again."""
    if value is not None:
        counts[depth] = value
    else:
        counts[depth] = start if counts[depth] is None else counts[depth] + 1
    counts[depth + 1:] = [None] * (_MAX_LEVELS - depth - 1)


def _levels(style: ElementTree.Element, number_tag: str) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for child in style:
        level = int_attr(child.get(f"{_TEXT}level"), 0)
        if level < 1:
            continue
        if child.tag != number_tag:  # bullets and images draw no number
            levels[level] = _Level(None)
            continue
        levels[level] = _Level(
            NUMBER_TYPES.get(child.get(f"{_STYLE}num-format") or ""),
            child.get(f"{_STYLE}num-prefix") or "",
            child.get(f"{_STYLE}num-suffix") or "",
            max(1, int_attr(child.get(f"{_TEXT}display-levels"), 1)),
            int_attr(child.get(f"{_TEXT}start-value"), 1),
        )
    return levels


def _label(counts: list[int | None], depth: int, level: _Level, levels: dict[int, _Level]) -> str:
    """"2.1.3" for ``display`` levels ending at ``depth``, with the level's prefix and suffix."""
    parts = []
    for d in range(max(0, depth - level.display + 1), depth + 1):
        outer = levels.get(d + 1)
        n = counts[d] if counts[d] is not None else (outer.start if outer else 1)
        parts.append(format_number(n, (outer.fmt if outer and outer.fmt else "decimal")))
    return f"{level.prefix}{'.'.join(parts)}{level.suffix}"


def int_attr(value: str | None, default: int) -> int:
    """An integer attribute's value, ``default`` where it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
