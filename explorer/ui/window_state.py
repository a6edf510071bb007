"""Main-window mixin: settings, window state, recent files, reading positions, dialogs.

Kept apart from :mod:`explorer.ui.main_window` so each module has one job; the
mixin relies on the window's attributes (``settings``, ``actions_``, views, session).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from explorer.ui.session import DocumentSession

log = logging.getLogger(__name__)

MAX_RECENT = 10


class WindowStateMixin:
    """Settings, window state, recent files and reading positions (QSettings); the dialogs."""

    # --- settings and state -------------------------------------------------------------
    def _apply_settings(self) -> None:
        from explorer.ui.prefs import read_settings

        values = read_settings(self.settings) if self.settings is not None else {"granularity": 0, "classes": None}
        self.analysis.granularity = values["granularity"]
        self.overlay_classes = values["classes"]
        if self.layout_legend is not None and self.overlay_classes is not None:
            self.layout_legend.set_visible_classes(self.overlay_classes)

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry") if self.settings is not None else None
        if geometry is None:
            self._first_start_geometry()
        if self.settings is None:
            return
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        for key, action in (("layout", self.actions_.show_layout), ("chapters", self.actions_.show_chapters),
                            ("reference", self.actions_.show_reference)):
            value = self.settings.value(f"overlays/{key}")
            if value is not None:
                action.setChecked(str(value).lower() in ("true", "1"))

    def _first_start_geometry(self, area: Optional[QRect] = None) -> None:
        """No saved geometry: most of the screen (``area``: its available part), centred,
        with side panels a quarter of the width each, so chapter titles can be read (Qt's
        own default left the Title column about 110 px: "Seed of human consciousness"
        showed as "Seed of hu…")."""
        if area is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            area = screen.availableGeometry()
        self.resize(int(area.width() * 0.85), int(area.height() * 0.85))
        self.move(area.center() - QPoint(self.width() // 2, self.height() // 2))
        side = int(min(max(self.width() / 4, 200), 440))
        # Dock sizes take effect only once the window is laid out, i.e. after show().
        QTimer.singleShot(0, self, lambda: self.resizeDocks([self.chapter_dock, self.search_dock], [side, side],
                                                            Qt.Orientation.Horizontal))

    def _save_window_state(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("overlays/layout", self.actions_.show_layout.isChecked())
        self.settings.setValue("overlays/chapters", self.actions_.show_chapters.isChecked())
        self.settings.setValue("overlays/reference", self.actions_.show_reference.isChecked())

    def _save_position(self) -> None:
        """Remember where the reader is in the current document (page, zoom, chapter)."""
        session = self.session
        if self.settings is None or session is None or not session.doc_id:
            return
        here = self.current_location()
        data = {"page": here.page if here else None, "y": here.y if here else None,
                "sentence": here.sentence if here else None, "zoom": self.page_view.zoom,
                "fit": self.page_view.fits_width, "chapter": self.chapter_panel.current_chapter()}
        self.settings.setValue(f"positions/{session.doc_id}", json.dumps(data))

    def _restore_position(self, session: DocumentSession) -> None:
        if self.settings is None:
            return
        raw = self.settings.value(f"positions/{session.doc_id}")
        if not raw:
            return
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            return
        if session.is_pdf:
            if not data.get("fit", True) and data.get("zoom"):
                self.page_view.set_zoom(float(data["zoom"]))
            if data.get("page") is not None:
                self.page_view.go_to_page(int(data["page"]), data.get("y"))
        elif data.get("sentence") is not None:
            self.transcript_view.scroll_to_sentence(int(data["sentence"]))

    def _add_recent(self, path: str) -> None:
        if self.settings is None:
            return
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent/files", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def recent_files(self) -> list[str]:
        if self.settings is None:
            return []
        value = self.settings.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _rebuild_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        files = self.recent_files()
        for path in files:
            act = menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        menu.setEnabled(bool(files))
        self.welcome.set_recent(files)


    def show_settings(self) -> None:
        from explorer.ui.dialogs import SettingsDialog

        settings = self.settings if self.settings is not None else QSettings()
        dlg = SettingsDialog(settings, self)
        dlg.accepted.connect(self._on_settings_accepted)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.settings_dialog = dlg
        dlg.open()

    def _on_settings_accepted(self) -> None:
        old = self.analysis.granularity
        self._apply_settings()
        if self.session is not None and self.analysis.granularity != old and self._analyse:
            self.analysis.start(self.session)
        self.message_bar.show_message("Settings saved. A new embedding model, data folder or OCR language applies at the "
                                      "next start.",
                                      level="info", details=False)

    def change_granularity(self, step: int) -> bool:
        """More (``step`` > 0) or fewer chapters: the setting moves one level and the open
        document is analysed again (its corrections are re-applied, as after Settings)."""
        from explorer.ui.prefs import GRANULARITY_RANGE, granularity_label

        lo, hi = GRANULARITY_RANGE
        new = max(lo, min(hi, self.analysis.granularity + step))
        if new == self.analysis.granularity:
            return False
        self.analysis.granularity = new
        if self.settings is not None:
            self.settings.setValue("analysis/granularity", new)
        if self.session is not None and self._analyse:
            self.analysis.start(self.session)
        self.message_bar.show_message(f"Chapters: {granularity_label(new)}.", level="info", details=False)
        return True

    def show_shortcuts(self) -> None:
        from explorer.ui.shortcuts import show_shortcuts

        self.shortcuts_dialog = show_shortcuts(self)

    def show_about(self) -> None:
        from explorer.ui.dialogs import show_about

        self.about_box = show_about(self)
