"""Which parser a file needs, decided from its content.

Order matters: binary and ZIP/DOCX first, then unmistakable openings (``WEBVTT``,
``;FFMETADATA1``, JSON, markup), then a timing line near the top (SRT, SBV, WebVTT
without its header), then CSV/TSV tables with a transcript's header, chapter-like descriptions, and last the plain-text exports
(Otter, Rev, bracket, speaker-text, plain). DOCX text goes through the same text path,
so a Word file holding SRT-style cues (old Teams exports) is read as cues.
"""

from __future__ import annotations

import json

from ...errors import EmptyDocument, LoadError, UnsupportedFormat
from ...model import ReferenceChapter
from .chapters import looks_like_description, sniff_chapter_file
from .common import Parsed
from .decode import decode_text


class ChapterFileNotTranscript(UnsupportedFormat):
    """The file is a chapter list, not a transcript; ``chapters`` holds what it lists."""

    def __init__(self, message: str, chapters: list[ReferenceChapter]) -> None:
        super().__init__(message)
        self.chapters = chapters

    def __reduce__(self):  # type: ignore[no-untyped-def] - so it crosses from a worker process
        return (type(self), (str(self), self.chapters))


_SNIFF_PARAGRAPHS = 300
# what a Word file's text reads as when it is no transcript ("#" lines in a Word file are
# code or numbers, not Markdown: its styles say what a heading is)
_NOT_TRANSCRIPT = ("plain", "markdown")


def sniff_and_parse(data: bytes, *, markdown: bool = False) -> tuple[Parsed, str]:
    """Parse ``data`` with the parser its content calls for; returns (parsed, encoding).
    ``markdown``: the file is named as Markdown (see :func:`parse_text`)."""
    if data.startswith(b"PK\x03\x04"):
        from .odt import is_odt, parse_odt

        if is_odt(data):
            return parse_odt(data), "odt"
        from .odp import is_odp, parse_odp

        if is_odp(data):
            return parse_odp(data), "odp"
        if b"ppt/" in data[:65536] and b"word/" not in data[:65536]:
            from .pptx import parse_pptx

            return parse_pptx(data), "pptx"
        if b"word/" not in data[:65536]:
            raise UnsupportedFormat("this is a ZIP archive, not a transcript")
        from .docx import docx_text, open_docx, parse_word_document

        document = open_docx(data)
        # what its opening says decides (a transcript export is a transcript from its first
        # lines), so a long report is not run through the transcript parsers whole
        head, _title = docx_text(document, paragraphs=_SNIFF_PARAGRAPHS)
        if head.strip() and parse_content(head).format in _NOT_TRANSCRIPT:
            return parse_word_document(document), "docx"
        text, title = docx_text(document)
        parsed = parse_content(text)
        if parsed.format in _NOT_TRANSCRIPT:  # no transcript: a report, a memo, a contract
            return parse_word_document(document), "docx"
        parsed.metadata["layout"] = parsed.format
        parsed.format = "docx"
        parsed.title = title or parsed.title
        return parsed, "docx"
    if data.startswith(b"{\\rtf"):
        from .rtf import parse_rtf

        return parse_rtf(data), "rtf"
    text, encoding = decode_text(data)
    return parse_content(text, markdown=markdown), encoding


def parse_content(text: str, *, nested: bool = False, markdown: bool = False) -> Parsed:
    """Parse decoded text with the parser its content calls for (``nested``: text found
    inside another file, which is not searched for further embedded files; ``markdown``: the
    file is named as Markdown, so opening HTML is a Markdown HTML block, not a web page)."""
    head = text.lstrip()
    if not head:
        raise EmptyDocument("the transcript has no text")
    if head.startswith("WEBVTT"):
        from .subtitles import looks_like_chapter_track, parse_subtitles

        if looks_like_chapter_track(head):
            raise _chapter_error(head)
        return parse_subtitles(head, "webvtt")
    if head.startswith(";FFMETADATA"):
        raise _chapter_error(head)
    from .annotation import is_chat, is_eaf, is_textgrid, parse_chat, parse_eaf, parse_textgrid
    from .subtitles_styled import parse_styled, styled_format

    styled = styled_format(head)
    if styled is not None:
        return parse_styled(head, styled)
    if is_textgrid(head):
        return parse_textgrid(head)
    if is_chat(head):
        return parse_chat(head)
    if head[:1] == "<" and is_eaf(head):
        return parse_eaf(head)
    if head[:1] in "{[":
        parsed = _try_json(head, nested=nested)
        if parsed is not None:
            return parsed
    if head[:1] == "<" and not markdown:  # a README opening with a centred <div> logo is still Markdown
        from .markup import is_timedtext, is_ttml, parse_html, parse_timedtext, parse_ttml

        if is_timedtext(head):
            return parse_timedtext(head)
        return parse_ttml(head) if is_ttml(head) else parse_html(head)
    if _looks_like_srt(head):
        from .subtitles import parse_subtitles

        return parse_subtitles(head, "srt")
    from .table import parse_table, table_columns

    columns = table_columns(head)
    if columns is not None:  # CSV / TSV with a header naming its text and time or speaker columns
        return parse_table(head, columns)
    if looks_like_description(head):
        raise _chapter_error(head)
    from .textfmt import parse_text

    parsed = parse_text(head, markdown=markdown)
    if parsed.format == "plain" and head[:1] == "{" and '":' in head[:200]:
        raise LoadError("the file looks like JSON but is not valid JSON")
    return parsed


def _looks_like_srt(text: str) -> bool:
    """A ``start --> end`` line among the first three non-blank lines (SRT, or WebVTT
    without its header); a Markdown page quoting a caption further down is not one."""
    from .subtitles import is_timing_line

    head = [ln for ln in text.split("\n", 50)[:50] if ln.strip()][:3]
    return any(is_timing_line(ln) for ln in head)


def _embedded_subtitles(obj: object) -> str | None:
    """Subtitle text a yt-dlp info.json carries in ``requested_subtitles[lang].data``."""
    subs = obj.get("requested_subtitles") if isinstance(obj, dict) else None
    if isinstance(subs, dict):
        for entry in subs.values():
            if isinstance(entry, dict) and isinstance(entry.get("data"), str) and entry["data"].strip():
                return entry["data"]
    return None


def _try_json(text: str, *, nested: bool = False) -> Parsed | None:
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    from .chapters import chapters_from_json
    from .jsonfmt import detect_json, is_chapter_json, parse_json

    fmt = detect_json(obj)
    embedded = None if nested else _embedded_subtitles(obj)
    if fmt is None and embedded is not None and isinstance(obj, dict):
        # a yt-dlp info.json with the subtitles inside: the transcript and its chapters at once
        parsed = parse_content(embedded, nested=True)
        parsed.chapters = chapters_from_json(obj)
        if isinstance(obj.get("title"), str):
            parsed.title = obj["title"]
        parsed.metadata["container"] = "yt-dlp info.json"
        return parsed
    if fmt is None:
        if is_chapter_json(obj):
            raise ChapterFileNotTranscript(
                "this is a chapter list, not a transcript; open the transcript next to it",
                chapters_from_json(obj),
            )
        raise UnsupportedFormat("this JSON file is not a transcript format Strata knows")
    parsed = parse_json(obj, fmt)
    if isinstance(obj, dict) and isinstance(obj.get("chapters"), list):
        parsed.chapters = chapters_from_json(obj)
    return parsed


def _chapter_error(text: str) -> ChapterFileNotTranscript:
    data = text.encode("utf-8")
    kind = sniff_chapter_file(data)
    chapters: list[ReferenceChapter] = []
    if kind:
        from .chapters import parse_chapter_bytes

        chapters = parse_chapter_bytes(data, kind)
    return ChapterFileNotTranscript(
        "this is a chapter list, not a transcript; open the transcript next to it", chapters
    )
