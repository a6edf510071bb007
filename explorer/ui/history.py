"""Back/forward navigation history (separate from the undo stack of edits).

A :class:`Location` is where the reader was: document path and id, page and y (PDF)
or sentence row (transcript). Jumps (chapter clicks, search hits, plot clicks) push
the place being left; Back returns there and Forward undoes the Back.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Location:
    path: str
    doc_id: str
    page: Optional[int] = None
    y: Optional[float] = None
    sentence: Optional[int] = None


class NavigationHistory(QObject):
    changed = Signal()

    def __init__(self, limit: int = 100, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._back: list[Location] = []
        self._forward: list[Location] = []
        self.limit = limit

    def push(self, here: Optional[Location]) -> None:
        """Record ``here`` before jumping away (clears the forward list)."""
        if here is None:
            return
        if self._back and self._back[-1] == here:
            return
        self._back.append(here)
        del self._back[: -self.limit]
        self._forward.clear()
        self.changed.emit()

    def back(self, here: Optional[Location]) -> Optional[Location]:
        if not self._back:
            return None
        target = self._back.pop()
        if here is not None:
            self._forward.append(here)
        self.changed.emit()
        return target

    def forward(self, here: Optional[Location]) -> Optional[Location]:
        if not self._forward:
            return None
        target = self._forward.pop()
        if here is not None:
            self._back.append(here)
        self.changed.emit()
        return target

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)
