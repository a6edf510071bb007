"""Synthetic documents for the index and search tests (no model, no files)."""
from __future__ import annotations

import hashlib

from explorer.core.model import Anchor, Chapter, Document, Page, Rect, Sentence

TOPICS = {
    "volcano": "The volcano erupted with molten lava and ash clouds over the crater rim near the village",
    "orchestra": "The orchestra rehearsed the symphony with violins cellos and a conductor in the concert hall",
    "harvest": "Farmers gathered the wheat harvest with tractors before the autumn rain reached the fields",
}


def pdf_doc(name: str = "report", topics=("volcano", "orchestra", "harvest"), per_topic: int = 24) -> tuple[Document, list[Chapter]]:
    """A PDF-like document: one chapter per topic, one page per 8 sentences, word rects per sentence."""
    sentences = []
    chapters = []
    for t, topic in enumerate(topics):
        start = len(sentences)
        for j in range(per_topic):
            i = len(sentences)
            text = f"{TOPICS[topic]} sentence {j} of part {t}."
            page = i // 8
            y = 50 + 20 * (i % 8)
            rects = (Rect(50, y, 300, y + 12), Rect(50, y + 14, 200, y + 26))
            sentences.append(Sentence(i, text, Anchor(page=page, rects=rects)))
        chapters.append(Chapter(start, len(sentences), f"All about the {topic}"))
    pages = [Page(p, 612, 792) for p in range(len(sentences) // 8 + 1)]
    doc = Document(id=hashlib.sha256(name.encode()).hexdigest(), path=f"/tmp/{name}.pdf", kind="pdf",
                   format="pdf", title=name.title(), sentences=sentences, pages=pages)
    return doc, chapters


def transcript_doc(name: str = "meeting", topics=("harvest", "volcano"), per_topic: int = 20) -> tuple[Document, list[Chapter]]:
    sentences = []
    chapters = []
    for t, topic in enumerate(topics):
        start = len(sentences)
        for j in range(per_topic):
            i = len(sentences)
            sentences.append(Sentence(i, f"{TOPICS[topic]} remark {j}.", Anchor(start=10.0 * i, end=10.0 * i + 9, cues=(i,), speaker="Ann")))
        chapters.append(Chapter(start, len(sentences), f"Talk on {topic}"))
    doc = Document(id=hashlib.sha256(name.encode()).hexdigest(), path=f"/tmp/{name}.vtt", kind="transcript",
                   format="vtt", title=name.title(), sentences=sentences, duration=10.0 * len(sentences))
    return doc, chapters
