"""A non-modal message bar above the document: message, an optional action link
("Reload"), a "details" link, close.

Failures never block the window with a modal box: the bar shows the one-sentence
message of the :class:`~explorer.core.errors.StrataError`, and "details" opens the
log file (where the traceback, if any, was written).
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

_STYLES = {
    "error": "background:#f8d7da; color:#58151c; border:1px solid #f1aeb5;",
    "warning": "background:#fff3cd; color:#664d03; border:1px solid #ffe69c;",
    "info": "background:#cff4fc; color:#055160; border:1px solid #9eeaf9;",
}


class MessageBar(QFrame):
    """Hidden until :meth:`show_message`; ``details_requested`` when the link is clicked."""

    details_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent=None, log_file: Optional[Path] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.log_file = log_file
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(self.label.textInteractionFlags())
        self.action = QLabel()
        self.action.linkActivated.connect(self._on_action_link_activated)
        self._on_action: Optional[Callable[[], None]] = None
        self.details = QLabel('<a href="details">details</a>')
        self.details.linkActivated.connect(self._on_details_link_activated)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.details)
        layout.addWidget(self.close_button)
        self.level = ""
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    def show_message(self, message: str, level: str = "error", details: bool = True,
                     action: Optional[tuple[str, Callable[[], None]]] = None) -> None:
        """Show ``message``; ``action`` is a link's text and what it does (the bar hides first)."""
        self.level = level
        self.setStyleSheet(f"#messageBar {{{_STYLES.get(level, _STYLES['info'])}}} QLabel {{border: none;}}")
        self.label.setText(message)
        self._on_action = action[1] if action else None
        self.action.setText(f'<a href="action">{html.escape(action[0])}</a>' if action else "")
        self.action.setVisible(action is not None)
        self.details.setVisible(details and self.log_file is not None)
        self.show()

    @property
    def action_text(self) -> str:
        """The action link's text ("" without one)."""
        return self.action.text() and QTextDocumentFragment.fromHtml(self.action.text()).toPlainText()

    def trigger_action(self) -> None:
        """What clicking the action link does."""
        callback, self._on_action = self._on_action, None
        if callback is not None:
            self.hide()
            callback()

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def _on_action_link_activated(self, _link: str) -> None:
        self.trigger_action()

    def _on_details_link_activated(self, _link: str) -> None:
        self.details_requested.emit()
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file)))
