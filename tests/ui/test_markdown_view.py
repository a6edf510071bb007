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
