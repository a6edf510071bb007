"""Generated PDFs shared by the layout tests."""

from __future__ import annotations

from pathlib import Path

from explorer.core.model import Anchor, Document, Rect, Sentence

LOREM = (
    "Layout analysis finds the structure of a page so that readers can see headings, paragraphs, "
    "figures and captions at a glance. This paragraph is ordinary body text that runs over several "
    "lines so that the layout model recognises it as text rather than as a heading or a caption."
)


def make_pdf(
    path: Path, pages: int = 1, figure: bool = False, furniture: bool = False, headings: tuple[str, ...] = ()
) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=595, height=842)
        y = 80
        if furniture:
            page.insert_text((72, 40), "ACME Corporation - Annual Report 2024", fontsize=9)
            page.insert_text((280, 810), f"Page {p + 1} of {pages}", fontsize=9)
        for h in headings:
            page.insert_text((72, y), h, fontsize=16 if h.count(".") == 0 else 13)
            y += 28
            y = _para(page, y)
        y = _para(page, y)
        if figure and p == 0:
            frame = pymupdf.Rect(150, y + 10, 445, y + 230)
            shape = page.new_shape()
            shape.draw_rect(frame)
            shape.finish(color=(0, 0, 0), width=1)
            for k, hgt in enumerate((60, 120, 90, 160, 40)):  # a bar chart
                x = 180 + k * 50
                shape.draw_rect(pymupdf.Rect(x, frame.y1 - 20 - hgt, x + 30, frame.y1 - 20))
                shape.finish(color=(0, 0, 0.5), fill=(0.3, 0.5, 0.9))
            shape.draw_line((170, frame.y1 - 20), (430, frame.y1 - 20))
            shape.draw_line((170, frame.y1 - 20), (170, frame.y0 + 15))
            shape.finish(color=(0, 0, 0), width=1)
            shape.draw_circle((400, frame.y0 + 40), 15)
            shape.finish(color=(1, 0, 0), fill=(1, 0.8, 0.8))
            shape.commit()
            page.insert_text((150, frame.y1 + 16), "Figure 1: Quarterly revenue by region.", fontsize=9)
            y = frame.y1 + 40
            _para(page, y)
    doc.save(path)
    doc.close()
    return path


def _para(page, y: float) -> float:
    import pymupdf

    rect = pymupdf.Rect(72, y, 523, y + 70)
    page.insert_textbox(rect, LOREM, fontsize=10)
    return y + 90


def doc_for(path: Path, with_sentences: bool = True) -> Document:
    """A minimal Document whose sentences are the PDF's text lines (anchored by word rects)."""
    import pymupdf

    from explorer.core.store import sha256_file

    sentences = []
    pages = []
    from explorer.core.model import Page

    with pymupdf.open(path) as pdf:
        for pno, page in enumerate(pdf):
            pages.append(Page(pno, page.rect.width, page.rect.height))
            if not with_sentences:
                continue
            lines: dict[tuple, list] = {}
            for w in page.get_text("words"):
                lines.setdefault((w[5], w[6]), []).append(w)
            for key in sorted(lines):
                ws = lines[key]
                rects = tuple(Rect(w[0], w[1], w[2], w[3]) for w in ws)
                sentences.append(
                    Sentence(len(sentences), " ".join(w[4] for w in ws), Anchor(page=pno, rects=rects))
                )
    return Document(
        id=sha256_file(path),
        path=str(path),
        kind="pdf",
        format="pdf",
        title=path.stem,
        sentences=sentences,
        pages=pages,
    )
