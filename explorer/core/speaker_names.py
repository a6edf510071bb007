"""The analyst's names for a transcript's speakers ("SPEAKER_01" is Alice).

Speech recognisers with diarisation label speakers ``SPEAKER_00``, ``Speaker 2`` or
``spk_1``; the analyst knows who they are. Names are kept per document (content
hash) in ``data_dir()/speakers/<doc_id>.json`` as ``{label in the file: name}`` and
applied when the transcript is loaded (:func:`explorer.core.loaders.load_document`),
so the window, quotes, exports and the search index all read the names. Giving two
labels the same name merges them (a diariser that split one person in two).

An edited file (a typo fixed, the same path, a new hash) keeps its speakers' names:
``speakers/paths.index`` remembers which version of each file was named last, and
its names are applied to the labels the new version still has.
"""
from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Optional

from . import store
from .errors import StrataError
from .file_versions import PathIndex
from .model import Document

log = logging.getLogger(__name__)

META_KEY = "speaker_names"  # Document.metadata: the names applied, as JSON {label: name}
LABELS_KEY = "speaker_labels"  # Document.metadata: the file's labels per sentence and cue, run-length JSON


def names_path(doc_id: str, root: Optional[Path] = None) -> Path:
    return (root or store.data_dir() / "speakers") / f"{doc_id}.json"


def load_names(doc_id: str, root: Optional[Path] = None) -> dict[str, str]:
    """The saved names (``{}`` when none). An unreadable file is copied to ``speakers/backup``
    (once) before the next rename can overwrite it, and the file's own labels are shown."""
    path = names_path(doc_id, root)
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(obj, dict):
            raise ValueError("not a mapping of labels to names")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        kept = _keep_damaged(path)
        log.warning("speaker names at %s cannot be read (%s); the file's own labels are shown%s", path, exc,
                    f" (a copy was kept at {kept})" if kept else "")
        return {}
    return {str(k): str(v) for k, v in obj.items() if str(v).strip()}


def _keep_damaged(path: Path) -> Optional[Path]:
    """A copy of a damaged names file in ``backup/``, unless one of these very bytes is there."""
    try:
        data = path.read_bytes()
        folder = path.parent / "backup"
        if any(p.read_bytes() == data for p in folder.glob(f"{path.stem}-*.json")):
            return None
        return store.copy_aside(path, "broken")
    except OSError:
        return None


def save_names(doc_id: str, names: dict[str, str], root: Optional[Path] = None, source: str = "") -> None:
    """Write the names atomically (raises :class:`~explorer.core.errors.StorageError` when the disk refuses);
    ``source``, the document's path, lets an edited copy of the file find them."""
    data = json.dumps(dict(sorted(names.items())), ensure_ascii=False, indent=1).encode("utf-8")
    path = names_path(doc_id, root)
    store.atomic_write_bytes(path, data)
    PathIndex(path.parent).remember(source, doc_id)


def names_for(doc: Document, root: Optional[Path] = None) -> dict[str, str]:
    """The names to apply to a freshly loaded ``doc``: its own, or else those given to
    an earlier version of its file, for the labels this version still has."""
    folder = names_path("x", root).parent
    if names_path(doc.id, root).exists():
        return load_names(doc.id, root)
    earlier = PathIndex(folder).get(doc.path)
    if not earlier or earlier == doc.id:
        return {}
    labels = set(doc.speakers)
    carried = {k: v for k, v in load_names(earlier, root).items() if k in labels}
    if carried:
        log.info("speaker names of an earlier version of %s applied to %d label(s)", doc.path, len(carried))
    return carried


def applied_names(doc: Document) -> dict[str, str]:
    """The names already applied to ``doc`` (``{label in the file: name}``)."""
    try:
        obj = json.loads(doc.metadata.get(META_KEY, "") or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in obj.items()} if isinstance(obj, dict) else {}


def _runs(labels: list[Optional[str]]) -> list[list]:
    out: list[list] = []
    for label in labels:
        if out and out[-1][0] == label:
            out[-1][1] += 1
        else:
            out.append([label, 1])
    return out


def _unruns(runs: object, n: int) -> Optional[list[Optional[str]]]:
    if not isinstance(runs, list):
        return None
    out: list[Optional[str]] = []
    for run in runs:
        if not (isinstance(run, list) and len(run) == 2 and isinstance(run[1], int)):
            return None
        out += [None if run[0] is None else str(run[0])] * run[1]
    return out if len(out) == n else None


def file_labels(doc: Document) -> tuple[list[Optional[str]], list[Optional[str]]]:
    """The speaker label the file gives each sentence and each cue, whatever names are shown."""
    try:
        obj = json.loads(doc.metadata.get(LABELS_KEY, "") or "{}")
    except ValueError:
        obj = {}
    sentences = _unruns(obj.get("sentences"), len(doc.sentences)) if isinstance(obj, dict) else None
    cues = _unruns(obj.get("cues"), len(doc.cues)) if isinstance(obj, dict) else None
    return (sentences if sentences is not None else [s.anchor.speaker for s in doc.sentences],
            cues if cues is not None else [c.speaker for c in doc.cues])


def speaker_labels(doc: Document) -> list[str]:
    """The file's speaker labels, in order of first appearance (before any names)."""
    sentences, cues = file_labels(doc)
    return list(dict.fromkeys(x for x in (sentences if any(sentences) else cues) if x))


def with_names(doc: Document, names: dict[str, str]) -> Document:
    """``doc`` with each file label shown as ``names.get(label, label)``, from the file's own
    labels: a merge made earlier can be split again."""
    names = {k: " ".join(str(v).split()) for k, v in names.items() if k != v and str(v).strip()}
    if not names and not applied_names(doc):
        return doc
    labels, cue_labels = file_labels(doc)
    sentences = [s if s.anchor.speaker == names.get(label, label) else
                 replace(s, anchor=replace(s.anchor, speaker=names.get(label, label) if label else label))
                 for s, label in zip(doc.sentences, labels)]
    cues = [c if c.speaker == names.get(label, label) else replace(c, speaker=names.get(label, label) if label else label)
            for c, label in zip(doc.cues, cue_labels)]
    meta = dict(doc.metadata)
    meta[META_KEY] = json.dumps(names, ensure_ascii=False, sort_keys=True)
    meta[LABELS_KEY] = json.dumps({"sentences": _runs(labels), "cues": _runs(cue_labels)}, ensure_ascii=False)
    return replace(doc, sentences=sentences, cues=cues, metadata=meta)


def apply_names(doc: Document, names: dict[str, str]) -> Document:
    """A freshly loaded ``doc`` with its speakers' labels replaced by ``names``."""
    return with_names(doc, names)


def rename_speaker(doc: Document, current: str, new: str) -> tuple[Document, dict[str, str]]:
    """``(doc with speaker `current` shown as `new`, the names to save)``.

    ``current`` is the name the window shows; every file label shown under it is
    renamed, so a merge stays a merge. Naming a speaker back to its label removes
    the entry. Raises :class:`StrataError` for an empty name or an unknown speaker.
    """
    new = " ".join(str(new).split())
    if not new:
        raise StrataError("a speaker needs a name")
    if current not in doc.speakers:
        raise StrataError(f"there is no speaker {current!r} in this transcript")
    applied = applied_names(doc)
    labels = [k for k, v in applied.items() if v == current] or [current]
    names = dict(applied)
    for label in labels:
        if label == new:
            names.pop(label, None)
        else:
            names[label] = new
    return with_names(doc, names) if current != new else doc, names
