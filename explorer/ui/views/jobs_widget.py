"""Background jobs in the status bar: one row per visible task, progress bar and cancel."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class JobRow(QWidget):
    def __init__(self, handle, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.handle = handle
        self.label = QLabel(handle.name)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(140)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("✕")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setToolTip(f"Cancel: {handle.name}")
        self.cancel_button.clicked.connect(handle.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        handle.progress.connect(self._on_handle_progress)

    def _on_handle_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        if message:
            self.label.setText(f"{self.handle.name}: {message}")
            self.label.setToolTip(message)


class JobsWidget(QWidget):
    """Shows every ``visible`` task of a :class:`~explorer.ui.workers.Workers` until it is done."""

    def __init__(self, workers, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: dict[int, JobRow] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        workers.task_submitted.connect(self._on_workers_task_submitted)

    def _on_workers_task_submitted(self, handle) -> None:  # noqa: ANN001
        if not handle.visible:
            return
        row = JobRow(handle, self)
        self._rows[handle.id] = row
        self._layout.addWidget(row)
        handle.done.connect(lambda h=handle: self._remove(h.id))

    def _remove(self, handle_id: int) -> None:
        row = self._rows.pop(handle_id, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.deleteLater()

    def rows(self) -> list[JobRow]:
        return list(self._rows.values())
