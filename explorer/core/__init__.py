"""Qt-free core of Strata: data model, loaders, analysis, index and search.

Nothing under ``explorer.core`` may import PySide6 (a test enforces it). Heavy
libraries (torch, sentence-transformers, lancedb, pymupdf) are imported inside
the functions that need them so that the window opens fast.
"""
