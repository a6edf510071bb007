"""The open file changed or deleted on disk: the window says so and reloads on request."""
from __future__ import annotations

import os
from pathlib import Path

from tests.ui.conftest import write_vtt
from tests.ui.test_window_editing import _open


def test_watcher_reports_rewrites_renames_and_deletion_once_each(qtbot, tmp_path):
    from explorer.ui.file_watch import DocumentFileWatcher

    path = tmp_path / "talk.vtt"
    write_vtt(path, ["First words.", "Second words."])
    watcher = DocumentFileWatcher(settle_ms=50)
    changed, removed = [], []
    watcher.changed.connect(changed.append)
    watcher.removed.connect(removed.append)
    watcher.watch(str(path))

    (tmp_path / "other.txt").write_text("a neighbour changed")  # the folder is watched, the file is not different
    qtbot.wait(300)
    assert changed == [] and removed == []

    write_vtt(path, ["First words.", "Second words, fixed."])  # saved in place
    qtbot.waitUntil(lambda: len(changed) == 1, timeout=5000)

    tmp = tmp_path / ".talk.vtt.swp"  # saved as editors do: a new file renamed over the old one
    write_vtt(tmp, ["First words.", "Second words, fixed again."])
    os.replace(tmp, path)
    qtbot.waitUntil(lambda: len(changed) == 2, timeout=5000)

    path.unlink()
    qtbot.waitUntil(lambda: len(removed) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(removed) == 1 and len(changed) == 2  # said once

    write_vtt(path, ["Back again."])  # restored: a change to read
    qtbot.waitUntil(lambda: len(changed) == 3, timeout=5000)
    assert changed[-1] == str(path)
    watcher.unwatch()
    write_vtt(path, ["Not watched any more."])
    qtbot.wait(300)
    assert len(changed) == 3


def test_an_edited_transcript_is_reloaded_with_its_corrections_and_the_place(qtbot, tmp_path):
    path = tmp_path / "talk.vtt"
    rows = [f"Line {i} is about {'rivers' if i < 60 else 'engines'} today." for i in range(150)]
    write_vtt(path, rows)
    win, workers, session = _open(qtbot, tmp_path, path)
    try:
        assert win.chapter_editing.split_at(13) or 13 in [c.start for c in session.chapters]
        assert win.chapter_editing.rename(session.chapter_index_of(13), "My part")
        win.chapter_editing.flush()
        win.transcript_view.scroll_to_sentence(100)
        qtbot.waitUntil(lambda: win.transcript_view.top_row() > 50, timeout=3000)
        place = win.transcript_view.top_row()

        st = path.stat()  # saved again unchanged (or touched by a sync tool): nothing to say
        with qtbot.waitSignal(win.file_watcher.changed, timeout=10000):
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
        qtbot.wait(500)  # the content is compared on a worker
        assert "changed on disk" not in win.message_bar.text

        write_vtt(path, ["A new opening line was added here."] + rows)  # fixed in an editor
        qtbot.waitUntil(lambda: "changed on disk" in win.message_bar.text, timeout=10000)
        assert win.message_bar.action_text == "Reload"
        with qtbot.waitSignal(win.document_opened, timeout=30000) as blocker:
            win.message_bar.trigger_action()
        new = blocker.args[0]
        assert new.document.sentences[0].text == "A new opening line was added here."
        qtbot.waitUntil(lambda: new.analysis_state != "running", timeout=60000)
        mine = next(c for c in new.chapters if c.title == "My part")  # the correction followed its text
        assert new.document.sentences[mine.start].text == rows[13]
        assert abs(win.transcript_view.top_row() - place) <= 2  # the reader stays where they were

        path.unlink()
        qtbot.waitUntil(lambda: "moved or deleted" in win.message_bar.text, timeout=10000)
        assert win.session is new and len(new.document.sentences) == 151  # nothing else changes
    finally:
        win.close()
        qtbot.wait(50)
        workers.shutdown(timeout=10)


def test_file_reload_reads_the_file_again(qtbot, window, tmp_path):
    path = write_vtt(tmp_path / "talk.vtt", ["One thing.", "Another thing."])
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.open_path(str(path))
    assert window.actions_.reload.isEnabled()
    window.file_watcher.unwatch()  # File > Reload needs no notice first
    write_vtt(Path(path), ["One thing.", "Another thing.", "A third thing."])
    with qtbot.waitSignal(window.document_opened, timeout=20000) as blocker:
        window.actions_.reload.trigger()
    assert len(blocker.args[0].document.sentences) == 3
    window.close_document()
    assert not window.actions_.reload.isEnabled()


def test_a_hit_indexed_before_the_file_was_edited_finds_its_passage(qtbot, window, tmp_path):
    from explorer.core.model import Anchor, Hit

    rows = [f"Sentence number {i} talks about topic {i}." for i in range(30)]
    path = write_vtt(tmp_path / "talk.vtt", ["A line added at the top.", "And another one."] + rows)
    old_text = " ".join(rows[10:13])  # indexed when these were sentences 10-12

    def hit(text: str) -> Hit:
        return Hit(doc_id="0" * 64, doc_title="talk", chapter_title="", start=10, end=13, text=text, snippet=text,
                   score=1.0, anchor=Anchor(start=50.0), kind="transcript", path=str(path))

    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.activate_hit(hit(old_text))  # opens the file, then looks for the passage
    qtbot.waitUntil(lambda: window.shown_hit_rows is not None and window.shown_hit_rows[1] == (12, 13, 14),
                    timeout=5000)
    assert "found in the version shown" in window.message_bar.text

    window.activate_hit(hit("Nothing of this passage is in the file any more, not a word."))
    assert "no longer in talk.vtt" in window.message_bar.text
    assert window.shown_hit_rows[1] == (12, 13, 14)  # nothing else moved


def test_reload_automatically_reads_a_changed_file_without_asking(qtbot, window, tmp_path):
    path = write_vtt(tmp_path / "live.vtt", ["The meeting starts.", "First point."])
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.open_path(str(path))
    window.actions_.auto_reload.setChecked(True)
    with qtbot.waitSignal(window.document_opened, timeout=20000) as blocker:
        write_vtt(path, ["The meeting starts.", "First point.", "A line the recorder just added."])
    assert blocker.args[0].document.sentences[-1].text == "A line the recorder just added."
    assert "changed on disk" not in window.message_bar.text  # nothing to ask


def test_a_change_during_a_load_is_looked_at_again_afterwards(qtbot, window, tmp_path, monkeypatch):
    from explorer.ui.opener import DocumentOpener

    path = write_vtt(tmp_path / "live.vtt", ["The meeting starts.", "First point."])
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.open_path(str(path))
    window.actions_.auto_reload.setChecked(True)
    busy = [True]  # as while a reload of the previous change still runs
    monkeypatch.setattr(DocumentOpener, "busy", property(lambda self: busy[0]))
    with qtbot.waitSignal(window.file_watcher.changed, timeout=10000):
        write_vtt(path, ["The meeting starts.", "First point.", "Said while the file was loading."])
    qtbot.wait(1500)
    assert len(window.session.document.sentences) == 2  # not yet: a load is running
    busy[0] = False
    with qtbot.waitSignal(window.document_opened, timeout=20000) as blocker:
        pass
    assert blocker.args[0].document.sentences[-1].text == "Said while the file was loading."
