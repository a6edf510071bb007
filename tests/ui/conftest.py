"""UI test set-up: Qt warnings fail tests, a generated PDF and transcript, and the real window."""
from __future__ import annotations

from pathlib import Path

import pytest

_UI_DIRS = ("tests/ui/", "tests/e2e/")


# Harmless notices of the headless platform plugin, not problems of Strata; and Qt Multimedia's
# of a machine with no sound server and no video acceleration (a recording still plays, silently).
_IGNORED_QT_MESSAGES = ("This plugin does not support propagateSizeHints", "Couldn't load pipewire",
                        "Couldn't resolve pipewire", "Couldn't load va", "Couldn't resolve va",
                        "PulseAudioService: pa_context_connect", "No audio device detected")


def pytest_configure(config):  # noqa: ANN001
    for pattern in _IGNORED_QT_MESSAGES:
        config.addinivalue_line("qt_log_ignore", pattern)


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    """Any Qt warning (qWarning and above) emitted during a UI test fails it (pytest-qt)."""
    for item in items:
        path = str(item.fspath).replace("\\", "/")
        if any(d in path for d in _UI_DIRS):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))


def write_vtt(path: Path, texts: list[str], step: int = 5) -> Path:
    """A WebVTT file with one 4-second cue per text, ``step`` seconds apart (``<v Name>`` in a
    text gives its speaker)."""
    cues = [f"00:{t // 60:02d}:{t % 60:02d}.000 --> 00:{(t + 4) // 60:02d}:{(t + 4) % 60:02d}.000\n{text}\n"
            for t, text in ((i * step, text) for i, text in enumerate(texts))]
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return path


def make_pdf(path: Path, pages: int = 6, chapters: int = 3, with_outline: bool = True) -> Path:
    """A multi-page PDF with headings, paragraphs and (optionally) an outline."""
    import pymupdf

    doc = pymupdf.open()
    toc = []
    words = ("river", "harbour", "ledger", "engine", "orchard", "signal", "lantern", "meadow")
    per = max(1, pages // chapters)
    for p in range(pages):
        page = doc.new_page(width=595, height=842)
        y = 72
        if p % per == 0 and p // per < chapters:
            ch = p // per + 1
            page.insert_text((72, y), f"Chapter {ch}: The {words[ch % len(words)].title()}", fontsize=20)
            toc.append([1, f"Chapter {ch}: The {words[ch % len(words)].title()}", p + 1])
            y += 40
        for para in range(5):
            w = words[(p + para) % len(words)]
            text = (f"This paragraph on page {p + 1} talks about the {w} in some detail. "
                    f"The {w} was studied by careful people for many years. "
                    f"Everyone agreed that the {w} mattered a great deal to the town.")
            rect = pymupdf.Rect(72, y, 523, y + 110)
            page.insert_textbox(rect, text, fontsize=11)
            y += 120
    if with_outline:
        doc.set_toc(toc)
    doc.save(path)
    doc.close()
    return path


VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Alice>Welcome to the show, everyone.

00:00:04.500 --> 00:00:08.000
<v Bob>Thanks Alice. Today we talk about rivers.

00:00:08.500 --> 00:00:12.000
<v Alice>Rivers carry water to the sea. They shape valleys.

00:00:12.500 --> 00:00:16.000
<v Bob>And harbours grow where rivers meet the coast.

00:00:16.500 --> 00:00:20.000
<v Alice>Let us move on to engines now.
"""


@pytest.fixture(autouse=True)
def _hashing_embedder(monkeypatch):
    """UI tests use the fast hashing embedder (the real model is covered by core tests);
    the process-wide default is reset so no other test sees it."""
    from explorer.core import embedding
    from explorer.ui import analysis

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr(embedding, "_default", None)
    analysis.reset_libraries()
    yield
    analysis.reset_libraries()


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "generated.pdf")


@pytest.fixture
def sample_vtt(tmp_path: Path) -> Path:
    path = tmp_path / "talk.vtt"
    path.write_text(VTT, encoding="utf-8")
    return path


@pytest.fixture
def workers():
    from explorer.ui.workers import Workers

    w = Workers()
    yield w
    w.shutdown(timeout=10)


def open_doc(qtbot, window, path):  # noqa: ANN001, ANN201
    """Open ``path`` in ``window`` and wait until its analysis has ended (done or failed)."""
    with qtbot.waitSignal(window.document_opened, timeout=30000) as blocker:
        window.open_path(str(path))
    session = blocker.args[0]
    qtbot.waitUntil(lambda: session.analysis_state in ("done", "failed"), timeout=30000)
    return session


def _shown(qtbot, win, width: int, height: int):
    """``win`` registered with qtbot, resized, shown and exposed."""
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, workers):
    from explorer.ui.main_window import MainWindow

    # reading only: the analysis has its own tests
    yield _shown(qtbot, MainWindow(workers, analyse=False), 1000, 800)
    workers.cancel_all()


@pytest.fixture
def explorer(qtbot, workers, fake_pipeline):
    """The full main window with analysis on (a fake pipeline) and indexing off."""
    from explorer.ui.main_window import MainWindow

    win = MainWindow(workers)
    win.analysis.index_enabled = False
    yield _shown(qtbot, win, 1300, 850)
    workers.cancel_all()


def fake_analysis(doc, n_chapters: int = 3):
    """An :class:`Analysis` with evenly split chapters (for UI tests that must not depend
    on the segmentation's choices)."""
    import numpy as np

    from explorer.core.model import Chapter
    from explorer.core.pipeline import Analysis

    n = len(doc.sentences)
    k = max(1, min(n_chapters, n))
    cuts = [round(i * n / k) for i in range(k + 1)]
    chapters = [Chapter(cuts[i], cuts[i + 1], f"Part {i + 1} about {doc.sentences[cuts[i]].text.split()[0]}")
                for i in range(k) if cuts[i + 1] > cuts[i]]
    scores = np.linspace(0, 1, max(0, n - 1), dtype=np.float32) % 0.7
    seg = type("Seg", (), {"scores": scores, "chapters": chapters, "sections": [], "boundaries": cuts[1:-1]})()
    return Analysis(doc=doc, embeddings=np.zeros((n, 8), dtype=np.float32), segmentation=seg, automatic=chapters,
                    chapters=list(chapters), outline=list(doc.reference_chapters))


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Replace the pipeline in the window with :func:`fake_analysis` and skip indexing."""
    from explorer.ui import analysis

    monkeypatch.setattr(analysis, "analyse_document",
                        lambda doc, granularity, layout, *, progress=None, cancel=None: fake_analysis(doc))
    return fake_analysis


def plot_point(panel, box, x: float, y: float):  # noqa: ANN001, ANN201
    """The widget pixel (QPoint) of data point (x, y) of the plot ``box`` in a PlotPanel's picture."""
    from PySide6.QtCore import QPoint

    ratio = panel.view.ratio
    return QPoint(round(box.x_to_px(x) / ratio), round((panel.plot.image.height - box.y_to_px(y)) / ratio))
