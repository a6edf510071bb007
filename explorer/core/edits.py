"""User corrections of chapter boundaries and titles, as pure, invertible edits.

An edit is a frozen dataclass; :func:`apply` takes the current chapters and an edit
and returns ``(new_chapters, inverse)`` where ``apply(new_chapters, inverse)`` gives
back exactly the old tuple. Nothing is mutated, so the window wraps an edit in a
thin ``QUndoCommand`` and the CLI applies the same function.

Indices are 0-based chapter positions and sentence indices, as in
``strata-cli chapters --format json``. Invariants (checked on every result):
chapters are contiguous, non-empty and cover ``[0, n)``; an invalid edit raises
:class:`EditError` and changes nothing.

Titles follow the user: a boundary the user set is ``pinned``; a renamed chapter
has ``title_source == "user"`` and keeps its title whatever happens to its range;
a chapter whose range changed loses an automatic title (``""``, ``"generated"``)
so that it is re-titled downstream -- except that a heading or reference title is
kept while the chapter's *start* stays put, since it names the text that starts
there. An optional ``titler(chapters, indices) -> chapters`` fills those titles in
at once.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, replace
from typing import Any, Callable, Optional, Union

from .errors import StrataError
from .model import Chapter

log = logging.getLogger(__name__)

Chapters = tuple[Chapter, ...]
Titler = Callable[[Chapters, list[int]], "tuple[Chapter, ...] | list[Chapter]"]


class EditError(StrataError):
    """An edit that cannot be applied to the current chapters; nothing was changed."""


@dataclass(frozen=True)
class MoveBoundary:
    """Move the start of ``chapter`` (>= 1) to sentence ``new_start``, between its neighbours."""

    chapter: int
    new_start: int


@dataclass(frozen=True)
class Split:
    """Start a new chapter at ``sentence`` (inside a chapter, not at its start), optionally named."""

    sentence: int
    title: Optional[str] = None


@dataclass(frozen=True)
class Merge:
    """Merge ``chapter`` with the NEXT one (merge with previous is ``Merge(chapter - 1)``)."""

    chapter: int


@dataclass(frozen=True)
class Rename:
    """Give ``chapter`` a user title (kept whatever the segmentation does later)."""

    chapter: int
    title: str


@dataclass(frozen=True)
class RegenerateTitle:
    """Drop a user title and go back to the automatic one."""

    chapter: int


@dataclass(frozen=True)
class ResetToAutomatic:
    """Bring back the automatic chapters overlapping ``chapter`` (or all of them when ``None``).

    For one chapter: the automatic chapters that overlap it return whole, with their
    boundaries and titles; neighbours that reached into them are trimmed (so a
    user's split, move or merge touching this chapter is undone here, and only here).
    """

    chapter: Optional[int] = None


@dataclass(frozen=True)
class UseChapters:
    """Replace every chapter by the ones starting at ``starts`` (an outline or a chapter file).

    ``titles[i]`` names the chapter at ``starts[i]`` (``""``: generate one). Starts are
    sentence indices; those outside the document are ignored, and a chapter is added at
    sentence 0 when none starts there. Every start is pinned and every title is the user's,
    so a later re-segmentation keeps them. ``source`` names where they came from.
    """

    starts: tuple[int, ...]
    titles: tuple[str, ...] = ()
    source: str = "the outline"


@dataclass(frozen=True)
class ReplaceSpan:
    """Internal: replace ``chapters[index:index + count]`` by ``chapters``. Used as the exact inverse."""

    index: int
    count: int
    chapters: Chapters = ()


Edit = Union[MoveBoundary, Split, Merge, Rename, RegenerateTitle, ResetToAutomatic, UseChapters, ReplaceSpan]


# --------------------------------------------------------------------------- checks


def validate(chapters: Chapters, n: Optional[int] = None) -> None:
    """Raise :class:`EditError` unless ``chapters`` are contiguous, non-empty and cover ``[0, n)``."""
    if not chapters:
        raise EditError("a document must keep at least one chapter")
    if chapters[0].start != 0:
        raise EditError(f"the first chapter starts at sentence {chapters[0].start}, not 0")
    for a, b in zip(chapters, chapters[1:]):
        if a.end != b.start:
            raise EditError(f"chapters are not contiguous at sentences {a.end}/{b.start}")
    if n is not None and chapters[-1].end != n:
        raise EditError(f"the chapters end at sentence {chapters[-1].end}, the document has {n}")


def _chapter_index(chapters: Chapters, index: int, what: str = "chapter") -> int:
    if not isinstance(index, int) or not 0 <= index < len(chapters):
        raise EditError(
            f"there is no {what} {index}: the document has {len(chapters)} chapters, "
            f"numbered 0 to {len(chapters) - 1}"
        )
    return index


def chapter_of(chapters: Chapters, sentence: int) -> int:
    """Index of the chapter containing ``sentence`` (chapters must be valid)."""
    starts = [c.start for c in chapters]
    return bisect.bisect_right(starts, sentence) - 1


def reshape_chapter(old: Chapter, start: int, end: int, *, pinned: Optional[bool] = None) -> Chapter:
    """``old`` with a new range; automatic titles that no longer fit are cleared."""
    keep = old.title_source == "user" or (start == old.start and old.title_source in ("heading", "reference"))
    if (start, end) == (old.start, old.end):
        keep = True
    return Chapter(
        start,
        end,
        old.title if keep else "",
        old.title_source if keep else "generated",
        old.level,
        old.pinned if pinned is None else pinned,
    )


# --------------------------------------------------------------------------- the edits


def _move(c: Chapters, e: MoveBoundary) -> Chapters:
    if e.chapter == 0:
        raise EditError("the first chapter always starts at sentence 0; its start cannot move")
    i = _chapter_index(c, e.chapter)
    prev, cur = c[i - 1], c[i]
    s = e.new_start
    if s == cur.start:
        raise EditError(f"chapter {i} already starts at sentence {s}")
    if not prev.start < s < cur.end:
        raise EditError(
            f"chapter {i} can start only after sentence {prev.start} and before {cur.end} "
            f"(it cannot move past its neighbours); {s} is outside"
        )
    left = reshape_chapter(prev, prev.start, s)
    right = reshape_chapter(cur, s, cur.end, pinned=True)
    return c[: i - 1] + (left, right) + c[i + 1 :]


def _split(c: Chapters, e: Split) -> Chapters:
    n = c[-1].end
    s = e.sentence
    if not isinstance(s, int) or not 0 <= s < n:
        raise EditError(f"there is no sentence {s}: the document has {n} sentences, numbered 0 to {n - 1}")
    if s == 0:
        raise EditError("sentence 0 already starts the first chapter")
    i = chapter_of(c, s)
    cur = c[i]
    if cur.start == s:
        raise EditError(f"sentence {s} already starts chapter {i}")
    title = (e.title or "").strip()
    right = Chapter(s, cur.end, title, "user" if title else "generated", cur.level, True)
    return c[:i] + (reshape_chapter(cur, cur.start, s), right) + c[i + 1 :]


def _merge(c: Chapters, e: Merge) -> Chapters:
    i = _chapter_index(c, e.chapter)
    if i == len(c) - 1:
        raise EditError(f"chapter {i} is the last chapter; there is no next chapter to merge it with")
    a, b = c[i], c[i + 1]
    return c[:i] + (reshape_chapter(a, a.start, b.end),) + c[i + 2 :]


def _rename(c: Chapters, e: Rename) -> Chapters:
    i = _chapter_index(c, e.chapter)
    title = (e.title or "").strip()
    if not title:
        raise EditError("a chapter title cannot be empty (use 'regenerate title' for an automatic one)")
    return c[:i] + (replace(c[i], title=title, title_source="user"),) + c[i + 1 :]


def _automatic_for(c: Chapters, automatic: Optional[Chapters], what: str) -> Chapters:
    if automatic is None:
        raise EditError(f"{what} needs the automatic chapters, which are not available yet")
    automatic = tuple(automatic)
    try:
        validate(automatic, c[-1].end)
    except EditError as exc:
        raise EditError(f"the automatic chapters do not fit this document ({exc})") from None
    return automatic


def _regenerate(c: Chapters, e: RegenerateTitle, automatic: Optional[Chapters]) -> Chapters:
    i = _chapter_index(c, e.chapter)
    cur = c[i]
    new = replace(cur, title="", title_source="generated")
    for a in automatic or ():
        if (a.start, a.end) == (cur.start, cur.end) and a.title_source != "user":
            new = replace(cur, title=a.title, title_source=a.title_source)
            break
    return c[:i] + (new,) + c[i + 1 :]


def _reset(c: Chapters, e: ResetToAutomatic, automatic: Optional[Chapters]) -> Chapters:
    auto = _automatic_for(c, automatic, "reset to automatic")
    if e.chapter is None:
        return auto
    i = _chapter_index(c, e.chapter)
    cur = c[i]
    n = c[-1].end
    # the automatic chapters overlapping this one come back whole: [a, b) is their span
    a = auto[chapter_of(auto, cur.start)].start
    b = auto[chapter_of(auto, cur.end - 1)].end
    auto_by_start = {x.start: x for x in auto}
    keep = {x.start for x in c if x.start <= a or x.start >= b}
    cuts = sorted(keep | {x.start for x in auto if a <= x.start < b} | {b, n})
    out: list[Chapter] = []
    for s, t in zip(cuts, cuts[1:]):
        if a <= s < b:
            out.append(auto_by_start[s])
            continue
        host = c[chapter_of(c, s)]  # a neighbour, possibly trimmed where it overlapped [a, b)
        if (host.start, host.end) == (s, t):
            out.append(host)
        else:
            out.append(reshape_chapter(host, s, t, pinned=host.pinned if s == host.start else False))
    return tuple(out)


def _use_chapters(c: Chapters, e: UseChapters) -> Chapters:
    n = c[-1].end
    titles = list(e.titles) + [""] * max(0, len(e.starts) - len(e.titles))
    named: dict[int, str] = {}
    for start, title in zip(e.starts, titles):
        if isinstance(start, int) and 0 <= start < n and start not in named:  # the first entry at a start names it
            named[start] = " ".join(str(title or "").split())
    if not named:
        raise EditError(f"none of the chapters in {e.source} starts inside this document")
    cuts = sorted(named.keys() | {0}) + [n]
    new = tuple(
        Chapter(s, t, named.get(s, ""), "user" if named.get(s) else "generated", 1, s > 0)
        for s, t in zip(cuts, cuts[1:])
    )
    same_ranges = [(x.start, x.end) for x in new] == [(x.start, x.end) for x in c]
    if same_ranges and all(not x.title or x.title == y.title for x, y in zip(new, c)):
        raise EditError(f"the chapters already follow {e.source}")
    return new


def _replace_span(c: Chapters, e: ReplaceSpan) -> Chapters:
    if not (0 <= e.index <= len(c) and 0 <= e.count <= len(c) - e.index):
        raise EditError(f"cannot replace chapters {e.index} to {e.index + e.count - 1}: there are {len(c)}")
    return c[: e.index] + tuple(e.chapters) + c[e.index + e.count :]


def _diff(old: Chapters, new: Chapters) -> tuple[int, int, int]:
    """(prefix, old_count, new_count): the smallest span of ``old`` that ``new`` replaces."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    q = 0
    while q < limit - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    return p, len(old) - p - q, len(new) - p - q


def apply(
    chapters: "tuple[Chapter, ...] | list[Chapter]",
    edit: Edit,
    *,
    automatic: "tuple[Chapter, ...] | list[Chapter] | None" = None,
    titler: Optional[Titler] = None,
) -> tuple[Chapters, Edit]:
    """Apply ``edit`` to ``chapters``; return ``(new_chapters, inverse)``.

    ``automatic`` (the machine's chapters for the same document) is needed by
    :class:`ResetToAutomatic` and lets :class:`RegenerateTitle` restore the automatic
    title at once. ``titler(chapters, indices)`` may fill the titles of the chapters
    at ``indices`` (those left untitled by the edit); it must not change ranges.
    The inverse is exact: ``apply(new, inverse)[0] == chapters``.
    """
    old = tuple(chapters)
    validate(old)
    auto = tuple(automatic) if automatic is not None else None
    if isinstance(edit, MoveBoundary):
        new = _move(old, edit)
    elif isinstance(edit, Split):
        new = _split(old, edit)
    elif isinstance(edit, Merge):
        new = _merge(old, edit)
    elif isinstance(edit, Rename):
        new = _rename(old, edit)
    elif isinstance(edit, RegenerateTitle):
        new = _regenerate(old, edit, auto)
    elif isinstance(edit, ResetToAutomatic):
        new = _reset(old, edit, auto)
    elif isinstance(edit, UseChapters):
        new = _use_chapters(old, edit)
    elif isinstance(edit, ReplaceSpan):
        new = _replace_span(old, edit)
    else:
        raise TypeError(f"not an edit: {edit!r}")
    validate(new, old[-1].end)
    p, old_count, new_count = _diff(old, new)
    if titler is not None and not isinstance(edit, ReplaceSpan):
        todo = [j for j in range(p, p + new_count) if not new[j].title]
        if todo:
            titled = tuple(titler(new, todo))
            if [(x.start, x.end) for x in titled] != [(x.start, x.end) for x in new]:
                raise ValueError("a titler must not change chapter ranges")
            new = titled
            p, old_count, new_count = _diff(old, new)
    return new, ReplaceSpan(p, new_count, old[p : p + old_count])


def replacement(
    current: "tuple[Chapter, ...] | list[Chapter]", target: "tuple[Chapter, ...] | list[Chapter]"
) -> ReplaceSpan:
    """The smallest :class:`ReplaceSpan` that turns ``current`` into ``target``.

    Used to fold several edits into one undo step (e.g. repeated moves of a boundary).
    """
    a, b = tuple(current), tuple(target)
    p, a_count, b_count = _diff(a, b)
    return ReplaceSpan(p, a_count, b[p : p + b_count])


# --------------------------------------------------------------------------- (de)serialisation


def chapter_to_dict(c: Chapter) -> dict[str, Any]:
    return {
        "start": c.start,
        "end": c.end,
        "title": c.title,
        "title_source": c.title_source,
        "level": c.level,
        "pinned": c.pinned,
    }


def chapter_from_dict(d: dict[str, Any]) -> Chapter:
    source = d.get("title_source", "generated")
    if source not in ("heading", "generated", "user", "reference"):
        source = "generated"
    return Chapter(
        int(d["start"]),
        int(d["end"]),
        str(d.get("title", "")),
        source,
        int(d.get("level", 1)),
        bool(d.get("pinned", False)),
    )


_OPS: dict[str, type] = {
    "move": MoveBoundary,
    "split": Split,
    "merge": Merge,
    "rename": Rename,
    "regenerate_title": RegenerateTitle,
    "reset": ResetToAutomatic,
    "use_chapters": UseChapters,
    "replace": ReplaceSpan,
}
_NAMES = {cls: name for name, cls in _OPS.items()}


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """A JSON-ready dict, ``{"op": ..., fields...}``."""
    out: dict[str, Any] = {"op": _NAMES[type(edit)]}
    for key, value in vars(edit).items():
        out[key] = [chapter_to_dict(c) for c in value] if key == "chapters" else value
    return out


def edit_from_dict(d: dict[str, Any]) -> Edit:
    """Inverse of :func:`edit_to_dict`; raises :class:`EditError` for an unknown or malformed edit."""
    try:
        cls = _OPS[d["op"]]
        fields = {k: v for k, v in d.items() if k != "op"}
        if cls is ReplaceSpan:
            fields["chapters"] = tuple(chapter_from_dict(c) for c in fields.get("chapters", ()))
        if cls is UseChapters:  # JSON lists back to the tuples a frozen edit holds
            fields["starts"] = tuple(int(x) for x in fields.get("starts", ()))
            fields["titles"] = tuple(str(x) for x in fields.get("titles", ()))
        return cls(**fields)
    except (KeyError, TypeError, ValueError) as exc:
        raise EditError(f"not a valid edit: {d!r} ({exc})") from None


def describe(edit: Edit) -> str:
    """A short, human label (for the Edit menu's "Undo ..." and the history)."""
    if isinstance(edit, MoveBoundary):
        return f"Move start of chapter {edit.chapter + 1}"
    if isinstance(edit, Split):
        return f"Start a chapter at sentence {edit.sentence + 1}"
    if isinstance(edit, Merge):
        return f"Merge chapters {edit.chapter + 1} and {edit.chapter + 2}"
    if isinstance(edit, Rename):
        return f"Rename chapter {edit.chapter + 1}"
    if isinstance(edit, RegenerateTitle):
        return f"Regenerate title of chapter {edit.chapter + 1}"
    if isinstance(edit, ResetToAutomatic):
        return "Reset all chapters" if edit.chapter is None else f"Reset chapter {edit.chapter + 1}"
    if isinstance(edit, UseChapters):
        return f"Use the chapters of {edit.source}"
    return "Restore chapters"
