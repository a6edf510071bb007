"""Name a transcript's speakers in the window ("SPEAKER_01" is Alice).

A row's context menu renames the speaker of that row; Edit > Speakers… lists every
label of the file with its name, its turns and its share of the words, where names are
given, merges split again (two labels under one name, each named apart) and the
file's labels restored. The names are saved for the document
(:mod:`explorer.core.speaker_names`) and applied to the open transcript at once: rows,
the speaker timeline, chapter tooltips, copied quotes and exports show them. The search
index is refreshed in the background, so a query naming a speaker finds what they said.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from explorer.core.errors import StrataError

log = logging.getLogger(__name__)


def ask_rename_speaker(window, current: str) -> QInputDialog:  # noqa: ANN001 - MainWindow
    """A non-modal dialog asking for ``current``'s name; accepting renames."""
    dlg = QInputDialog(window)
    dlg.setWindowTitle("Rename speaker")
    dlg.setLabelText(f"Name for “{current}” in this transcript (an existing speaker's name merges the two):")
    dlg.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dlg.setTextValue(current)
    dlg.textValueSelected.connect(lambda text: rename_speaker(window, current, text))
    dlg.finished.connect(lambda _r: dlg.deleteLater())
    dlg.open()
    return dlg


def rename_speaker(window, current: str, new: str) -> bool:  # noqa: ANN001
    """Save and apply the new name; a refusal is said in the message bar and changes nothing."""
    from explorer.core.speaker_names import rename_speaker as rename, save_names

    s = window.session
    if s is None or s.is_pdf or " ".join(new.split()) == current:
        return False
    from explorer.core.speaker_names import applied_names

    before = applied_names(s.document)
    try:
        renamed, names = rename(s.document, current, new)
        save_names(s.doc_id, names, source=s.document.path)
    except StrataError as exc:
        window.message_bar.show_message(f"The speaker could not be renamed: {exc}", level="warning", details=False)
        return False
    merged = len(renamed.speakers) < len(s.document.speakers)
    _show_renamed(window, renamed)
    s.undo_stack.push(SpeakerNamesCommand(window, s, before, names, f"Rename speaker “{current}”"))
    window.message_bar.show_message(
        f"“{current}” is now “{' '.join(new.split())}” in this transcript"
        + (" (merged with the speaker of that name)" if merged else "") + ".", level="info", details=False)
    return True


def _show_renamed(window, renamed) -> None:  # noqa: ANN001 - MainWindow, Document
    """Put the renamed transcript in the window and refresh what names speakers."""
    s = window.session
    top = window.transcript_view.top_row()
    old = s.document
    s.document = renamed
    if s.analysis is not None and getattr(s.analysis, "doc", None) is old:
        s.analysis.doc = renamed
    window.transcript_view.set_session(s)
    if top >= 0:
        window.transcript_view.scroll_to_sentence(top)
    window.chapter_panel.set_session(s)
    window.search_panel.set_speakers(renamed.speakers)
    window._update_plots()  # noqa: SLF001 - the speaker timeline names speakers
    if window.analysis.index_enabled and s.analysis_state == "done":
        window.analysis.index(s, force=True)  # chunks are embedded with their speakers' names


def set_speaker_names(window, names: dict[str, str], undoable: bool = True) -> bool:  # noqa: ANN001
    """Give the open transcript's file labels these names (``{label: name}``; a label left out
    shows as itself), save them and show them, as one step of Edit > Undo. Refusals go to the
    message bar."""
    from explorer.core.speaker_names import applied_names, save_names, with_names

    s = window.session
    if s is None or s.is_pdf:
        return False
    names = {k: name for k, v in names.items() if (name := " ".join(v.split())) and name != k}
    before = applied_names(s.document)
    if names == before:
        return False
    try:
        save_names(s.doc_id, names, source=s.document.path)
    except StrataError as exc:
        window.message_bar.show_message(f"The speakers' names could not be saved: {exc}", level="warning",
                                        details=False)
        return False
    renamed = with_names(s.document, names)
    _show_renamed(window, renamed)
    if undoable:
        s.undo_stack.push(SpeakerNamesCommand(window, s, before, names, "Name speakers"))
    window.message_bar.show_message(
        f"{len(renamed.speakers)} speaker{'s' if len(renamed.speakers) != 1 else ''} in this transcript"
        + (f", {len(names)} named" if names else ", shown by the file's labels") + ".", level="info", details=False)
    return True


class SpeakerNamesCommand(QUndoCommand):
    """Speaker names given on the document's undo stack, beside the chapter edits: undo gives
    back the names before (saved and shown again), redo the names after. Pushed once the
    names were saved, so the first redo (Qt's, on push) does nothing."""

    def __init__(self, window, session, before: dict[str, str], after: dict[str, str], what: str) -> None:  # noqa: ANN001
        super().__init__(what)
        self.window, self.session = window, session
        self.before, self.after = dict(before), dict(after)
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _apply(self, names: dict[str, str]) -> None:
        if self.window.session is self.session:
            set_speaker_names(self.window, names, undoable=False)


class SpeakersDialog(QDialog):
    """Every speaker label of the file, its name (editable), turns and share of the words."""

    def __init__(self, window, doc) -> None:  # noqa: ANN001 - MainWindow, Document
        from explorer.core.speaker_names import applied_names, file_labels, speaker_labels

        super().__init__(window)
        self.setWindowTitle("Speakers")
        self.labels = speaker_labels(doc)
        names = applied_names(doc)
        per_sentence, _ = file_labels(doc)
        turns = {label: 0 for label in self.labels}
        words = {label: 0 for label in self.labels}
        previous = None
        for sentence, label in zip(doc.sentences, per_sentence):
            if label in turns:
                turns[label] += label != previous
                words[label] += len(sentence.text.split())
            previous = label
        total = max(1, sum(words.values()))
        self.table = QTableWidget(len(self.labels), 4)
        self.table.setHorizontalHeaderLabels(["Label in the file", "Name", "Turns", "Words"])
        for row, label in enumerate(self.labels):
            cells = [label, names.get(label, label), str(turns[label]), f"{100 * words[label] / total:.0f}%"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col != 1:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = buttons.addButton("Use the File's Labels", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(self.use_file_labels)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Double-click a name to change it. The same name on two labels merges them;\n"
                                "naming them apart splits them again."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, min(640, 160 + 30 * len(self.labels)))

    def use_file_labels(self) -> None:
        for row, label in enumerate(self.labels):
            self.table.item(row, 1).setText(label)

    def names(self) -> dict[str, str]:
        """``{label: name}`` as the table now says."""
        return {label: self.table.item(row, 1).text() for row, label in enumerate(self.labels)}


def open_speakers_dialog(window) -> "SpeakersDialog | None":  # noqa: ANN001 - MainWindow
    """Edit > Speakers…: non-modal; OK applies the names."""
    s = window.session
    if s is None or s.is_pdf or not s.document.speakers:
        window.message_bar.show_message("This document has no speakers to name.", level="info", details=False)
        return None
    dlg = SpeakersDialog(window, s.document)
    dlg.accepted.connect(lambda: set_speaker_names(window, dlg.names()))
    dlg.finished.connect(lambda _r: dlg.deleteLater())
    dlg.open()
    return dlg
