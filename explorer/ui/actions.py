"""Menus, toolbar and shortcuts of the main window (standard keys where Qt has them)."""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar


def _speakers(window) -> None:  # noqa: ANN001
    from explorer.ui.speaker_rename import open_speakers_dialog

    open_speakers_dialog(window)


def make_action(window, text: str, slot, shortcut=None, menu=None, checkable: bool = False, icon=None) -> QAction:  # noqa: ANN001
    """A window action: its shortcuts (key strings or standard keys), its menu, and ``slot`` on
    trigger (or on toggle, with the new state, when ``checkable``)."""
    action = QAction(text, window)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, (list, tuple)) else [shortcut]
        keys = []
        for s in shortcuts:
            keys.extend(QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey) else [QKeySequence(s)])
        action.setShortcuts(keys)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(slot)
    if menu is not None:
        menu.addAction(action)
    window.addAction(action)
    return action


def add_menu_before_help(window, menu) -> None:  # noqa: ANN001 - QMainWindow, QMenu
    """Put ``menu`` in the menu bar just before Help (Help stays last)."""
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if before is not None:
        bar.insertMenu(before, menu)
    else:
        bar.addMenu(menu)


def build_actions(w) -> SimpleNamespace:  # noqa: ANN001 - MainWindow
    """Create every action, the menu bar and the toolbar of ``w``; returns the actions."""
    SK = QKeySequence.StandardKey
    SP = QStyle.StandardPixmap
    a = SimpleNamespace()
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    a.open = make_action(w, "&Open…", w.show_open_dialog, SK.Open, file_menu, icon=SP.SP_DialogOpenButton)
    a.recent_menu = file_menu.addMenu("Open &Recent")
    a.import_folder = make_action(w, "&Import Folder…", w.show_import_folder_dialog, "Ctrl+Shift+I", file_menu)
    a.open_sample = make_action(w, "Open &Sample", w.open_sample, None, file_menu)
    a.export_chapters = make_action(w, "&Export Chapters…", w.export_chapters, "Ctrl+E", file_menu)
    a.reload = make_action(w, "Re&load", w.reload_document, [SK.Refresh, "Ctrl+R"], file_menu)
    a.auto_reload = make_action(w, "Reload &Automatically", w.set_auto_reload, None, file_menu, checkable=True)
    a.auto_reload.setToolTip("Read the open file again whenever it changes on disk (a transcript being "
                             "written, a report being edited)")
    file_menu.addSeparator()
    a.close = make_action(w, "&Close Document", w.close_document, SK.Close, file_menu)
    file_menu.addSeparator()
    a.settings = make_action(w, "&Settings…", w.show_settings, [SK.Preferences, "Ctrl+,"], file_menu)
    file_menu.addSeparator()
    a.quit = make_action(w, "&Quit", w.close, SK.Quit, file_menu)
    a.quit.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu("&Edit")
    a.undo = make_action(w, "&Undo", w.undo, SK.Undo, edit_menu)
    a.redo = make_action(w, "&Redo", w.redo, SK.Redo, edit_menu)
    edit_menu.addSeparator()
    a.find = make_action(w, "&Find in Document…", w.open_find_bar, SK.Find, edit_menu)
    a.search = make_action(w, "&Search by Meaning…", w.focus_search, ["Ctrl+K", "Ctrl+Shift+F"], edit_menu)
    edit_menu.addSeparator()
    a.add_note = make_action(w, "Add &Note…", w.add_note_here, "Ctrl+Alt+M", edit_menu)
    a.speakers = make_action(w, "S&peakers…", lambda: _speakers(w), None, edit_menu)
    a.speakers.setEnabled(False)

    view_menu = bar.addMenu("&View")
    a.zoom_in = make_action(w, "Zoom &In", w.zoom_in, [SK.ZoomIn, "Ctrl+="], view_menu)
    a.zoom_out = make_action(w, "Zoom &Out", w.zoom_out, SK.ZoomOut, view_menu)
    a.fit_width = make_action(w, "Fit &Width", w.page_view.fit_width, "Ctrl+0", view_menu)
    view_menu.addSeparator()
    a.show_layout = make_action(w, "&Layout Overlay", w.set_layout_overlay_visible, "Ctrl+L", view_menu, checkable=True)
    a.show_chapters = make_action(w, "&Chapter Overlay", w.set_chapter_overlay_visible, "Ctrl+Shift+C", view_menu,
                            checkable=True)
    a.show_reference = make_action(w, "&Reference Chapters", w.set_reference_overlay_visible, "Ctrl+Shift+R", view_menu,
                             checkable=True)
    a.show_layout.setChecked(True)
    a.show_chapters.setChecked(True)
    view_menu.addSeparator()
    a.docks_menu = view_menu.addMenu("&Panels")

    go_menu = bar.addMenu("&Go")
    a.back = make_action(w, "&Back", w.go_back, [SK.Back, "Alt+Left"], go_menu, icon=SP.SP_ArrowBack)
    a.forward = make_action(w, "&Forward", w.go_forward, [SK.Forward, "Alt+Right"], go_menu, icon=SP.SP_ArrowForward)
    go_menu.addSeparator()
    a.next_page = make_action(w, "&Next Page", w.next_page, [SK.MoveToNextPage], go_menu)
    a.prev_page = make_action(w, "&Previous Page", w.previous_page, [SK.MoveToPreviousPage], go_menu)
    a.next_chapter = make_action(w, "Next &Chapter", w.next_chapter, ["Ctrl+Down", "Ctrl+PgDown"], go_menu,
                           icon=SP.SP_ArrowDown)
    a.prev_chapter = make_action(w, "Previous C&hapter", w.previous_chapter, ["Ctrl+Up", "Ctrl+PgUp"], go_menu,
                           icon=SP.SP_ArrowUp)
    go_menu.addSeparator()
    a.go_to = make_action(w, "&Go to Page…", w.ask_go_to, "Ctrl+G", go_menu)

    help_menu = bar.addMenu("&Help")
    a.shortcuts = make_action(w, "&Keyboard Shortcuts", w.show_shortcuts, ["Ctrl+/", "F1"], help_menu)
    a.about = make_action(w, "&About", w.show_about, None, help_menu)
    a.about.setMenuRole(QAction.MenuRole.AboutRole)

    tb = QToolBar("Main", w)
    tb.setObjectName("mainToolbar")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for act in (a.open, a.back, a.forward):
        tb.addAction(act)
    tb.addSeparator()
    for act in (a.zoom_out, a.zoom_in, a.fit_width):
        tb.addAction(act)
    tb.addSeparator()
    for act in (a.prev_chapter, a.next_chapter):
        tb.addAction(act)
    tb.addSeparator()
    for act in (a.show_layout, a.show_chapters, a.show_reference):
        tb.addAction(act)
    a.show_layout.setIconText("Layout")
    a.show_chapters.setIconText("Chapters")
    a.show_reference.setIconText("Outline")
    a.toolbar = tb
    w.addToolBar(tb)
    return a
