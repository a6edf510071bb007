"""Print what the transcript loaders make of some files: a table for reports and checks.

``python -m explorer.core.loaders.transcripts.survey FILE...`` prints, per file, the
format, cues, sentences, speakers, reference chapters and duration (chapter files go
through :func:`load_chapter_file`). Exit status 1 if any file failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ...errors import LoadError
from .. import load_document, read_file
from . import load_chapter_file, sniff_chapter_file


def survey_row(path: str) -> tuple[str, ...]:
    """(file, format, cues, sentences, speakers, chapters, duration, note) for one file."""
    name = Path(path).name
    try:
        data = read_file(path)
        kind = sniff_chapter_file(data)
        if kind:
            chapters = load_chapter_file(path, data)
            return (name, f"chapters:{kind}", "", "", "", str(len(chapters)), "", "")
        doc = load_document(path)
    except LoadError as exc:
        return (name, f"error: {type(exc).__name__}", "", "", "", "", "", str(exc))
    duration = f"{doc.duration:.1f}" if doc.duration is not None else "-"
    note = "; ".join(doc.warnings + [doc.metadata.get("chapters_source", "")]).strip("; ")
    return (
        name,
        doc.format,
        str(len(doc.cues)),
        str(len(doc.sentences)),
        str(len(doc.speakers)),
        str(len(doc.reference_chapters)),
        duration,
        note,
    )


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    header = ("file", "format", "cues", "sentences", "speakers", "chapters", "duration_s", "note")
    rows = [survey_row(p) for p in paths]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if any(r[1].startswith("error") for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
