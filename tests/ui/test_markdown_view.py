"""A Markdown document's headings stand out in the text view."""
from PySide6.QtCore import Qt

from explorer.core.loaders import load_document


def test_headings_are_drawn_bold_and_prose_is_not(tmp_path):
    from explorer.ui.models.transcript_model import TranscriptModel

    path = tmp_path / "notes.md"
    path.write_text("# Field notes\n\nA preface.\n\n## Tides\n\nTides rise twice a day.\n", encoding="utf-8")
    model = TranscriptModel()
    model.set_document(load_document(path))
    fonts = [model.data(model.index(r), Qt.ItemDataRole.FontRole) for r in range(model.rowCount())]
    assert [bool(f and f.bold()) for f in fonts] == [True, False, True, False]


def test_a_code_listing_is_set_in_a_fixed_width_face_and_keeps_its_indentation(qtbot, tmp_path):
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QStyleOptionViewItem

    from explorer.ui.models.transcript_model import CodeIndentRole, TranscriptModel
    from explorer.ui.views.transcript_view import TranscriptDelegate

    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nRun this:\n\n```python\ndef f(x):\n    return x\n```\n\nDone.\n", encoding="utf-8")
    model = TranscriptModel()
    model.set_document(load_document(path))
    rows = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert rows == ["Notes", "Run this:", "def f(x):", "return x", "Done."]
    assert [model.data(model.index(r), CodeIndentRole) for r in range(5)] == [None, None, 0, 4, None]
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    fonts = [model.data(model.index(r), Qt.ItemDataRole.FontRole) for r in range(5)]
    assert [bool(f) and f.family() == fixed for f in fonts] == [False, False, True, True, False]
    # the indented line is drawn four spaces further right than the line above it
    option = QStyleOptionViewItem()
    option.rect.setWidth(600)
    option.font = fonts[3]
    delegate = TranscriptDelegate()
    assert delegate._indent(option, model.index(2)) == 0 < delegate._indent(option, model.index(3))
