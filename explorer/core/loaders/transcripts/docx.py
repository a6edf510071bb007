"""Word (.docx) transcript exports (Otter, Rev, Teams, Zoom "save as Word").

python-docx gives the paragraphs; their text then goes through the same content
sniffing as a text file, so an Otter ``.docx`` and ``.txt`` load identically and an old
Teams ``.docx`` holding ``-->`` cues is read as cues. The
document title comes from the core properties or the first heading.
"""

from __future__ import annotations

import io
import logging

from ...errors import LoadError
from .common import clean_text

log = logging.getLogger(__name__)


def docx_text(data: bytes) -> tuple[str, str | None]:
    """Paragraph texts joined by newlines (tables after), and the title if any."""
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError, AttributeError) as exc:
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: all mean a corrupt file
        log.debug("python-docx failed", exc_info=True)
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    lines: list[str] = []
    title = None
    try:
        title = clean_text(document.core_properties.title or "") or None
        for para in document.paragraphs:
            lines.append(para.text)
            if (
                title is None
                and para.style is not None
                and (para.style.name or "").startswith(("Heading", "Title"))
            ):
                title = clean_text(para.text) or None
        for table in document.tables:
            for row in table.rows:
                lines.append("  ".join(cell.text for cell in row.cells))
    except Exception as exc:
        raise LoadError("the Word file is damaged or is not a .docx document") from exc
    return "\n".join(lines), title
