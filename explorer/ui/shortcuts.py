"""Help > Keyboard Shortcuts: every menu command with a shortcut, read from the window's own
actions (so the list cannot drift from what the keys do), and the mouse gestures."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

GESTURES = (
    ("Drag a chapter boundary (page, transcript or plot)", "Move where a chapter starts"),
    ("Right-click a sentence", "Copy it, find similar passages, add a note, start or merge chapters"),
    ("Shift+click / Ctrl+click transcript rows", "Select a passage to copy"),
    ("Double-click a transcript row", "Play its recording from there"),
    ("Ctrl+C on rows, a clicked sentence, a layout block or a search result", "Copy it as a quote with its source"),
    ("Click a link on a page", "Go to its target (Back returns)"),
    ("Right-click an outline entry", "Start a chapter there, or use the whole outline"),
)


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """``(menu, command, keys)`` for every action of the menu bar with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for act in actions:
            if act.menu() is not None:
                walk(menu_title, act.menu().actions())
                continue
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
            if keys and id(act) not in seen:
                seen.add(id(act))
                rows.append((menu_title, act.text().replace("&", "").rstrip("…").strip(), ", ".join(keys)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.text().replace("&", ""), top.menu().actions())
    return rows


def show_shortcuts(window: QWidget) -> QDialog:
    dlg = QDialog(window)
    dlg.setWindowTitle("Keyboard Shortcuts")
    rows = shortcut_rows(window)
    table = QTableWidget(len(rows) + len(GESTURES), 3, dlg)
    table.setHorizontalHeaderLabels(["Menu", "Command", "Keys or mouse"])
    for r, (menu, command, keys) in enumerate(rows):
        for c, text in enumerate((menu, command, keys)):
            table.setItem(r, c, QTableWidgetItem(text))
    for k, (gesture, what) in enumerate(GESTURES):
        for c, text in enumerate(("Mouse", what, gesture)):
            table.setItem(len(rows) + k, c, QTableWidgetItem(text))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
    buttons.rejected.connect(dlg.reject)
    layout = QVBoxLayout(dlg)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dlg.resize(760, 560)
    dlg.finished.connect(lambda _r: dlg.deleteLater())
    dlg.open()
    return dlg
