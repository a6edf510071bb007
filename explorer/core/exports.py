"""Chapter exports (Qt-free): JSON, Markdown (outline, with the text, or a summary of key
sentences), WebVTT, Podcasting 2.0, YouTube, ffmetadata, PDF outline.

JSON schema (``format="json"``)::

    {"document": {"id", "title", "path", "kind", "format", "sentences", "pages" | "duration"},
     "chapters": [{"index": 0-based position,
                   "title": str,
                   "title_source": "heading" | "generated" | "user" | "reference",
                   "start_sentence": first sentence index,
                   "end_sentence": LAST sentence index, INCLUSIVE
                                   (the model's half-open ``end`` minus one),
                   "start_page": 0-based page of the first sentence (PDF) |
                   "start_time": seconds (transcript),
                   "level": 1 for chapters, 2 for sections}],
     "notes": [{"text": the analyst's note,
                "start_sentence", "end_sentence" (inclusive, as above),
                "chapter": index of the chapter it starts in,
                "passage": the text of the sentences noted,
                "start_page" | "start_time", "created", "updated"}]}

``notes`` is there only when the document has notes (:mod:`explorer.core.notes`). The PDF
export writes them as highlight annotations with pop-up notes.

Chapters and sections are listed in reading order (a section follows its chapter).
Time formats need start times, so they are for transcripts only; the PDF outline
only for PDFs (:class:`ExportError` otherwise).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional, Sequence

from .errors import FileChanged, StrataError
from .model import Chapter, Document
from .progress import CancelToken, Progress, check, report

log = logging.getLogger(__name__)

FORMATS = ("json", "markdown", "text", "summary", "vtt", "podcast-json", "youtube", "ffmetadata", "transcript-vtt",
           "srt", "pdf", "mp3")
SUFFIXES = {
    "json": ".chapters.json",
    "markdown": ".chapters.md",
    "text": ".text.md",
    "summary": ".summary.md",
    "vtt": ".chapters.vtt",
    "podcast-json": ".podcast-chapters.json",
    "youtube": ".youtube.txt",
    "ffmetadata": ".ffmetadata",
    "transcript-vtt": ".transcript.vtt",
    "srt": ".transcript.srt",
    "pdf": ".chapters.pdf",
    "mp3": ".chapters.mp3",
}


LABELS = {
    "json": "Chapters as JSON",
    "markdown": "Markdown outline",
    "text": "Markdown with the text under each chapter",
    "summary": "Markdown summary: each chapter's key sentences",
    "vtt": "WebVTT chapters",
    "podcast-json": "Podcasting 2.0 chapters",
    "youtube": "YouTube description timestamps",
    "ffmetadata": "FFmpeg metadata",
    "transcript-vtt": "The transcript as WebVTT, with speaker names and chapter notes",
    "srt": "The transcript as SRT, with speaker names",
    "pdf": "PDF with the chapters as its outline",
    "mp3": "The recording (MP3) with the chapters in its tags, for podcast players",
}


def formats_for(doc: Document) -> list[str]:
    """The formats that fit ``doc``: JSON and Markdown (outline, or with the text) always, the
    outline for a PDF, the formats with start times for a transcript that has times, and
    for one whose cues have times the transcript itself as subtitles."""
    out = ["json", "markdown", "text", "summary"]
    if doc.kind == "pdf":
        out.append("pdf")
    elif doc.has_times:
        out += ["vtt", "podcast-json", "youtube", "ffmetadata", "transcript-vtt", "srt"]
        from .export_recording import mp3_recording

        if mp3_recording(doc) is not None:  # its recording is an MP3: a copy with the chapters in its tags
            out.append("mp3")
    return out


class ExportError(StrataError):
    """The chosen export format does not fit this document."""


def _ordered(chapters: Sequence[Chapter], sections: Sequence[Chapter] = ()) -> list[Chapter]:
    return sorted([*chapters, *sections], key=lambda c: (c.start, c.level))


def chapter_start_time(doc: Document, ch: Chapter) -> Optional[float]:
    """Start time of a chapter's first sentence (0 for the first chapter of a timed
    transcript; None throughout one without timings)."""
    if ch.start == 0:
        return 0.0 if doc.has_times else None
    if ch.start < len(doc.sentences):
        return doc.sentences[ch.start].anchor.start
    return None


def chapter_start_page(doc: Document, ch: Chapter) -> Optional[int]:
    if ch.start < len(doc.sentences):
        return doc.sentences[ch.start].anchor.page
    return None


def _title(ch: Chapter, i: int) -> str:
    return " ".join(ch.title.split()) or f"Chapter {i + 1}"


def to_json(doc: Document, chapters: Sequence[Chapter], sections: Sequence[Chapter] = (),
            notes: Sequence = ()) -> str:
    """The JSON export; see the module docstring for the schema."""
    meta: dict = {
        "id": doc.id,
        "title": doc.title,
        "path": doc.path,
        "kind": doc.kind,
        "format": doc.format,
        "sentences": len(doc.sentences),
    }
    if doc.kind == "pdf":
        meta["pages"] = doc.page_count
    elif doc.duration is not None:
        meta["duration"] = doc.duration
    rows = []
    chapter_no, section_no = -1, -1
    for ch in _ordered(chapters, sections):
        # "index" counts top-level chapters only (what `strata-cli edit` takes); a section row
        # carries its chapter's index and its own "section" number inside that chapter.
        if ch.level <= 1:
            chapter_no, section_no = chapter_no + 1, -1
        else:
            section_no += 1
        row: dict = {
            "index": max(chapter_no, 0),
            "title": ch.title,
            "title_source": ch.title_source,
            "start_sentence": ch.start,
            "end_sentence": ch.end - 1,
            "level": ch.level,
        }
        if ch.level > 1:
            row["section"] = section_no
        if doc.kind == "pdf":
            row["start_page"] = chapter_start_page(doc, ch)
        else:
            row["start_time"] = chapter_start_time(doc, ch)
        rows.append(row)
    out: dict = {"document": meta, "chapters": rows}
    if notes:
        out["notes"] = _note_rows(doc, chapters, notes)
    return json.dumps(out, ensure_ascii=False, indent=2)


def _note_rows(doc: Document, chapters: Sequence[Chapter], notes: Sequence) -> list[dict]:
    """The notes (:class:`explorer.core.notes.Note`) in document order, each placed in its chapter."""
    n = len(doc.sentences)
    starts = sorted(c.start for c in chapters if c.level <= 1)
    rows = []
    for note in sorted(notes, key=lambda x: (x.start, x.end)):
        if not 0 <= note.start < n:
            continue
        end = min(max(note.end, note.start + 1), n)
        row: dict = {
            "text": note.text,
            "start_sentence": note.start,
            "end_sentence": end - 1,
            "chapter": max(sum(1 for s in starts if s <= note.start) - 1, 0),
            "passage": " ".join(s.text for s in doc.sentences[note.start:end]),
        }
        anchor = doc.sentences[note.start].anchor
        if doc.kind == "pdf":
            row["start_page"] = anchor.page
        else:
            row["start_time"] = anchor.start
        row.update(created=note.created, updated=note.updated)
        rows.append(row)
    return rows


def to_markdown(doc: Document, chapters: Sequence[Chapter], sections: Sequence[Chapter] = ()) -> str:
    """A Markdown outline: ``# doc title``, ``## chapter``, ``### section``, with page or time."""
    lines = [f"# {doc.title or Path(doc.path).stem}", ""]
    for i, ch in enumerate(_ordered(chapters, sections)):
        where = ""
        if doc.kind == "pdf":
            p = chapter_start_page(doc, ch)
            if p is not None:  # as the document prints its pages ("p. iv"), like the chapter panel
                where = f" (p. {doc.page_name(p)})"
        else:
            t = chapter_start_time(doc, ch)
            where = f" ({format_clock(t)})" if t is not None else ""
        lines.append(f"{'#' * (1 + ch.level)} {_title(ch, i)}{where}")
    return "\n".join(lines) + "\n"


def to_markdown_text(doc: Document, chapters: Sequence[Chapter], sections: Sequence[Chapter] = (),
                     notes: Sequence = ()) -> str:
    """The whole document in Markdown: the outline's headings (as :func:`to_markdown`), each
    followed by its text up to the next heading -- a transcript as one paragraph per speaker
    turn with its time (``[12:04] Alice: ...``), a PDF as its paragraphs -- and the analyst's
    ``notes`` (:class:`explorer.core.notes.Note`) that start there, as quoted blocks."""
    from .loaders.transcripts import marks_its_headings
    from .quotes import passage

    outline = to_markdown(doc, chapters, sections).rstrip("\n").split("\n")
    heads = _ordered(chapters, sections)
    lines = outline[:2]
    n = len(doc.sentences)
    for i, (ch, heading) in enumerate(zip(heads, outline[2:])):
        end = heads[i + 1].start if i + 1 < len(heads) else n
        lines.append(heading)
        sentences = doc.sentences[ch.start:max(ch.start, end)]
        if sentences and (doc.kind == "pdf" or marks_its_headings(doc)) and _same_words(sentences[0].text, ch.title):
            sentences = sentences[1:]  # the heading line itself: already the Markdown heading
        body = passage(doc, sentences)
        if body:
            lines += ["", body.replace("\n", "\n\n") if doc.kind != "pdf" else body]
        for note in (x for x in notes if ch.start <= x.start < end):  # a chapter opening with its section: none
            first = doc.sentences[note.start].text if note.start < n else ""
            lines += ["", f"> **Note** on “{first[:80]}{'…' if len(first) > 80 else ''}”:"]
            lines += [f"> {ln}" if ln else ">" for ln in note.text.splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


SUMMARY_SENTENCES = 3  # key sentences per chapter in the summary


def to_markdown_summary(doc: Document, chapters: Sequence[Chapter], embeddings=None,  # noqa: ANN001 - array
                        per_chapter: int = SUMMARY_SENTENCES) -> str:
    """The outline's chapters (as :func:`to_markdown`), each with its key sentences
    (:func:`explorer.core.gist.key_sentences`, from the analysis's sentence ``embeddings``)
    as a list, each with its page or its time and speaker: an extractive summary to read
    in a minute or paste into a report. Without embeddings, each chapter's first sentences
    that read as prose."""
    from .gist import summary_sentences
    from .quotes import timed_line

    tops = [c for c in chapters if c.level <= 1]
    outline = to_markdown(doc, tops).rstrip("\n").split("\n")
    lines = outline[:2]
    for ch, heading in zip(_ordered(tops), outline[2:]):
        lines += [heading, ""]
        for i in summary_sentences(doc, embeddings, ch.start, min(ch.end, len(doc.sentences)), per_chapter):
            s = doc.sentences[i]
            text = " ".join(s.text.split())
            if s.anchor.page is not None and doc.kind == "pdf":
                lines.append(f"- {text} (p. {doc.page_name(s.anchor.page)})")
            else:
                lines.append(f"- {timed_line(s.anchor, text)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold().rstrip(".:") == " ".join(b.split()).casefold().rstrip(".:")


def format_clock(t: float, *, millis: bool = False, always_hours: bool = False) -> str:
    """Seconds -> ``M:SS`` / ``H:MM:SS`` (YouTube) or ``HH:MM:SS.mmm`` (WebVTT, ``millis``)."""
    t = max(0.0, float(t))
    if millis:
        ms = int(round(t * 1000))
        h, rem = divmod(ms, 3_600_000)
        m, rem = divmod(rem, 60_000)
        s, ms = divmod(rem, 1000)
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    whole = int(t)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    if h or always_hours:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{m}:{s:02d}"


def _timed(doc: Document, chapters: Sequence[Chapter]) -> list[tuple[float, float, str]]:
    """(start, end, title) per level-1 chapter; raises for documents without times."""
    if doc.kind != "transcript":
        raise ExportError("This format needs start times, so it is only available for transcripts.")
    tops = sorted((c for c in chapters if c.level == 1), key=lambda c: c.start)
    starts = []
    for i, ch in enumerate(tops):
        t = chapter_start_time(doc, ch)
        if t is None:
            raise ExportError("This transcript has no timings, so chapters cannot be exported with start times.")
        starts.append(t)
    end_all = doc.duration
    if end_all is None:
        ends = [s.anchor.end for s in doc.sentences if s.anchor.end is not None]
        end_all = max(ends) if ends else (starts[-1] if starts else 0.0)
    out = []
    for i, (ch, t) in enumerate(zip(tops, starts)):
        end = starts[i + 1] if i + 1 < len(starts) else max(end_all, t)
        out.append((t, max(end, t), _title(ch, i)))
    return out


def to_webvtt(doc: Document, chapters: Sequence[Chapter]) -> str:
    """A WebVTT chapters track (``kind="chapters"``): one cue per chapter, id = number."""
    lines = ["WEBVTT", "Kind: chapters", ""]
    for i, (a, b, title) in enumerate(_timed(doc, chapters)):
        if b <= a:
            b = a + 0.001
        lines += [str(i + 1), f"{format_clock(a, millis=True)} --> {format_clock(b, millis=True)}", title, ""]
    return "\n".join(lines)


def to_podcast_json(doc: Document, chapters: Sequence[Chapter]) -> str:
    """Podcasting 2.0 chapters JSON (version 1.2.0): ``startTime``/``endTime`` seconds and ``title``."""
    items = [
        {"startTime": round(a, 3), "endTime": round(b, 3), "title": title} for a, b, title in _timed(doc, chapters)
    ]
    out: dict = {"version": "1.2.0", "chapters": items}
    if doc.title:
        out["title"] = doc.title
    return json.dumps(out, ensure_ascii=False, indent=2)


def to_youtube(doc: Document, chapters: Sequence[Chapter]) -> str:
    """YouTube description timestamps: ``0:00 Title`` per line, the first at 0:00."""
    timed = _timed(doc, chapters)
    long = bool(timed) and timed[-1][0] >= 3600
    return "\n".join(f"{format_clock(0.0 if i == 0 else a, always_hours=long)} {title}" for i, (a, _, title) in enumerate(timed)) + "\n"


def _ff_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "=;#\\\n":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def to_ffmetadata(doc: Document, chapters: Sequence[Chapter]) -> str:
    """ffmpeg ``;FFMETADATA1`` with one ``[CHAPTER]`` per chapter, TIMEBASE=1/1000."""
    lines = [";FFMETADATA1"]
    if doc.title:
        lines.append(f"title={_ff_escape(doc.title)}")
    for a, b, title in _timed(doc, chapters):
        lines += [
            "",
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={int(round(a * 1000))}",
            f"END={int(round(b * 1000))}",
            f"title={_ff_escape(title)}",
        ]
    return "\n".join(lines) + "\n"


def pdf_toc(doc: Document, chapters: Sequence[Chapter], sections: Sequence[Chapter] = ()) -> list[list]:
    """PyMuPDF ``set_toc`` entries ``[level, title, page (1-based), {"kind": 1, "to": point}]``."""
    toc: list[list] = []
    for i, ch in enumerate(_ordered(chapters, sections)):
        page = chapter_start_page(doc, ch)
        if page is None:
            continue
        level = 1 if ch.level == 1 or not toc else 2
        entry: list = [level, _title(ch, i), page + 1]
        anchor = doc.sentences[ch.start].anchor if ch.start < len(doc.sentences) else None
        if anchor is not None and anchor.rects:
            r = anchor.rects[0]
            entry.append({"kind": 1, "to": (float(r.x0), float(r.y0)), "zoom": 0})
        toc.append(entry)
    return toc


def pdf_note_marks(doc: Document, notes: Sequence) -> list[tuple[int, list[tuple[float, float, float, float]], str]]:
    """The analyst's notes as ``(page, rectangles, text)``: one highlight per note and page,
    over the lines of its sentences (plain data, so a child process can write them)."""
    marks = []
    n = len(doc.sentences)
    for note in sorted(notes, key=lambda x: (x.start, x.end)):
        by_page: dict[int, list[tuple[float, float, float, float]]] = {}
        for s in doc.sentences[max(0, note.start):min(note.end, n)]:
            for page, r in s.anchor.placed_rects():
                by_page.setdefault(page, []).append((r.x0, r.y0, r.x1, r.y1))
        marks += [(page, rects, note.text) for page, rects in sorted(by_page.items())]
    return marks


def _write_note_marks(pdf, marks: Sequence) -> None:  # noqa: ANN001 - a pymupdf.Document
    """Each mark as a highlight annotation whose pop-up note is the analyst's text."""
    import pymupdf

    for page_no, rects, text in marks:
        if not 0 <= page_no < pdf.page_count or not rects:
            continue
        page = pdf[page_no]
        # sentence boxes are in the unrotated page's space, as annotations are
        annot = page.add_highlight_annot([pymupdf.Rect(r) for r in rects])
        annot.set_info(content=text, title="Strata note")
        annot.update()


def write_pdf_toc(source: str | Path, toc: list[list], out_path: str | Path, password: Optional[str] = None,
                  marks: Sequence = (), doc_id: str = "") -> Path:
    """Copy of the PDF ``source`` with ``toc`` (:func:`pdf_toc` entries) as its outline and the
    ``marks`` (:func:`pdf_note_marks`) as highlight annotations with their notes.
    With ``doc_id``, only of the version the chapters were made on (a file rewritten since
    is refused). The copy is written atomically: a failed write leaves no half file behind."""
    import pymupdf

    from .store import atomic_write_bytes, user_file_mode

    if not Path(source).is_file():
        raise ExportError(f"the document's file is gone ({source} was moved or deleted), so no copy of it can be made")
    from .paged import open_paged

    try:
        pdf = open_paged(source, doc_id)  # an e-book: the PDF made from it
    except FileChanged as exc:
        raise ExportError(f"No copy was written: {exc}.") from None
    except Exception as exc:  # noqa: BLE001 - any open failure is the same for the user
        raise ExportError(f"The source PDF {source} could not be opened again: {exc}.") from exc
    try:
        if pdf.needs_pass:
            from .pdf_passwords import authenticate

            try:
                authenticate(pdf, source, password)
            except StrataError:
                raise ExportError("The source PDF is password-protected: give its password to export it.") from None
        pdf.set_toc([e for e in toc if 1 <= e[2] <= pdf.page_count])
        _write_note_marks(pdf, marks)
        # An encrypted source stays encrypted, with its own passwords and permissions.
        data = pdf.tobytes(garbage=1, deflate=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    finally:
        pdf.close()
    out = Path(out_path)
    atomic_write_bytes(out, data, mode=user_file_mode())
    return out


def write_export(out_path: str | Path, text: Optional[str] = None, pdf_source: str | Path | None = None,
                 toc: Optional[list[list]] = None, password: Optional[str] = None, marks: Sequence = (),
                 doc_id: str = "", mp3_source: str | Path | None = None,
                 timed_chapters: Sequence[tuple[float, float, str]] = (), *, progress: Optional[Progress] = None,
                 cancel: Optional[CancelToken] = None) -> str:
    """Write ``text`` to ``out_path``, or a copy of ``pdf_source`` with ``toc`` as its outline and
    the notes' ``marks``, or a copy of ``mp3_source`` with ``timed_chapters`` in its tags (the
    window's worker task: plain arguments, so it runs in a child process too)."""
    from .store import atomic_write_bytes, user_file_mode

    check(cancel)
    if text is not None:
        atomic_write_bytes(Path(out_path), text.encode("utf-8"), mode=user_file_mode())
    elif pdf_source is not None:
        write_pdf_toc(pdf_source, toc or [], out_path, password, marks, doc_id)
    elif mp3_source is not None:
        from .export_recording import write_mp3_chapters

        write_mp3_chapters(mp3_source, timed_chapters, out_path, cancel=cancel)
    else:
        raise ExportError("Nothing to export.")
    report(progress, 1.0, "exported")
    return str(out_path)


def write_pdf_with_outline(
    doc: Document, chapters: Sequence[Chapter], out_path: str | Path, sections: Sequence[Chapter] = (),
    password: Optional[str] = None, notes: Sequence = (),
) -> Path:
    """Copy of the source PDF with the chapters written as its outline (bookmarks) and the
    analyst's ``notes`` as highlights with pop-up notes."""
    if doc.kind != "pdf":
        raise ExportError("Only a PDF can get its chapters written as an outline.")
    return write_pdf_toc(doc.path, pdf_toc(doc, chapters, sections), out_path, password, pdf_note_marks(doc, notes),
                         doc.id)


def recording_export_args(doc: Document, chapters: Sequence[Chapter]) -> dict:
    """:func:`write_export`'s arguments for the MP3 recording of ``doc`` with its chapters."""
    from .export_recording import mp3_recording

    source = mp3_recording(doc)
    if source is None:
        raise ExportError("This transcript has no MP3 recording beside it (Play > Choose Recording… picks one).")
    return {"mp3_source": str(source), "timed_chapters": _timed(doc, chapters)}


def export_text(
    doc: Document, chapters: Sequence[Chapter], fmt: str, sections: Sequence[Chapter] = (),
    notes: Sequence = (), embeddings=None,  # noqa: ANN001 - the analysis's sentence vectors
) -> str:
    """Text formats by name (everything but ``pdf``). ``notes`` (the analyst's, as
    :class:`explorer.core.notes.Note`) go into the formats that carry text: JSON and
    Markdown with the text; ``embeddings`` choose the summary's key sentences."""
    if fmt == "json":
        return to_json(doc, chapters, sections, notes)
    if fmt == "markdown":
        return to_markdown(doc, chapters, sections)
    if fmt == "text":
        return to_markdown_text(doc, chapters, sections, notes)
    if fmt == "summary":
        return to_markdown_summary(doc, chapters, embeddings)
    if fmt == "vtt":
        return to_webvtt(doc, chapters)
    if fmt == "podcast-json":
        return to_podcast_json(doc, chapters)
    if fmt == "youtube":
        return to_youtube(doc, chapters)
    if fmt == "ffmetadata":
        return to_ffmetadata(doc, chapters)
    if fmt in ("transcript-vtt", "srt"):
        from .export_subtitles import to_srt_transcript, to_webvtt_transcript

        if not doc.cues:
            raise ExportError("This transcript has no timed cues to write as subtitles.")
        return to_webvtt_transcript(doc, chapters) if fmt == "transcript-vtt" else to_srt_transcript(doc)
    raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")


def export(
    doc: Document,
    chapters: Sequence[Chapter],
    fmt: str,
    out_path: str | Path | None = None,
    sections: Sequence[Chapter] = (),
    password: Optional[str] = None,
    notes: Sequence = (),
    embeddings=None,  # noqa: ANN001 - for the summary
) -> Optional[str]:
    """Write (``out_path``) or return the export in ``fmt``. ``pdf`` requires ``out_path``
    (and ``password`` for an encrypted PDF)."""
    if fmt == "pdf":
        if out_path is None:
            raise ExportError("The PDF export needs an output file (-o FILE).")
        write_pdf_with_outline(doc, chapters, out_path, sections, password, notes)
        return None
    if fmt == "mp3":
        if out_path is None:
            raise ExportError("The MP3 export needs an output file (-o FILE).")
        write_export(out_path, **recording_export_args(doc, chapters))
        return None
    text = export_text(doc, chapters, fmt, sections, notes, embeddings)
    if out_path is None:
        return text
    from .store import atomic_write_bytes, user_file_mode

    atomic_write_bytes(Path(out_path), text.encode("utf-8"), mode=user_file_mode())
    return None
