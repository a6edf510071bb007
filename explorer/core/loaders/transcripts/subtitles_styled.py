"""Styled subtitle formats, read with ``pysubs2``: ASS/SSA (Aegisub, fansub and broadcast
workflows) and SAMI (``.smi``, common for Korean and Japanese subtitles).

Each dialogue event is a cue; its ``Name`` (ASS "actor") is the speaker. Comment events
and vector drawings are not text, override tags (``{\\i1}``) are dropped and ``\\N``
line breaks become spaces.
"""

from __future__ import annotations

from ...errors import LoadError
from .common import Parsed, RawCue, clean_text


def styled_format(text: str) -> str | None:
    """``"ass"``, ``"ssa"`` or ``"sami"`` when ``text`` is one, else ``None``."""
    head = text.lstrip("\ufeff")[:4000]
    if head.lstrip().upper().startswith("<SAMI"):
        return "sami"
    if head.startswith("[Script Info]") or ("[Events]" in text[:200000] and "\nDialogue:" in text[:200000]):
        return "ass" if "[V4+ Styles]" in text[:200000] or "v4.00+" in head.lower() else "ssa"
    return None


def parse_styled(text: str, fmt: str) -> Parsed:
    import warnings

    import pysubs2

    try:
        with warnings.catch_warnings():  # a field it could not read is defaulted; the text is what counts
            warnings.simplefilter("ignore", RuntimeWarning)
            subs = pysubs2.SSAFile.from_string(text, format_=fmt)
    except Exception as exc:  # noqa: BLE001 - pysubs2 raises its own and plain errors on bad input
        raise LoadError(f"the {fmt.upper()} subtitles could not be read ({exc})") from None
    parsed = Parsed(fmt, [])
    title = (subs.info.get("Title") or "").strip()
    if title and title.lower() not in {"default aegisub file", "<untitled>"}:
        parsed.title = title
    for event in subs.events:
        if event.is_comment or event.is_drawing:
            continue
        said = clean_text(event.plaintext.replace("\n", " "))
        if not said:
            continue
        if event.end < event.start:
            parsed.malformed += 1
            continue
        parsed.cues.append(RawCue(event.start / 1000.0, event.end / 1000.0, said, (event.name or "").strip() or None))
    parsed.cues.sort(key=lambda c: (c.start or 0.0, c.end or 0.0))
    return parsed
