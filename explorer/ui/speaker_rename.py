"""Rename a transcript's speaker in the window ("SPEAKER_01" is Alice), from a row's context menu.

The name is saved for the document (:mod:`explorer.core.speaker_names`) and applied to
the open transcript at once: rows, the speaker timeline, chapter tooltips, copied
quotes and exports show it. The search index is refreshed in the background, so a
query naming the speaker finds what they said.
"""
from __future__ import annotations

import logging

from PySide6.QtWidgets import QInputDialog, QLineEdit

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
    try:
        renamed, names = rename(s.document, current, new)
        save_names(s.doc_id, names, source=s.document.path)
    except StrataError as exc:
        window.message_bar.show_message(f"The speaker could not be renamed: {exc}", level="warning", details=False)
        return False
    top = window.transcript_view.top_row()
    old = s.document
    s.document = renamed
    if s.analysis is not None and getattr(s.analysis, "doc", None) is old:
        s.analysis.doc = renamed
    window.transcript_view.set_session(s)
    if top >= 0:
        window.transcript_view.scroll_to_sentence(top)
    window.chapter_panel.set_session(s)
    window._update_plots()  # noqa: SLF001 - the speaker timeline names speakers
    if window.analysis.index_enabled and s.analysis_state == "done":
        window.analysis.index(s, force=True)  # chunks are embedded with their speakers' names
    merged = len(renamed.speakers) < len(old.speakers)
    window.message_bar.show_message(
        f"“{current}” is now “{' '.join(new.split())}” in this transcript"
        + (" (merged with the speaker of that name)" if merged else "") + ".", level="info", details=False)
    return True
