"""Composition root: arguments, logging, QApplication, services, the main window.

``python main.py [FILE]`` (or the ``strata`` GUI script) opens the window and, when
given, FILE. Logs go to ``<log dir>/strata.log`` (see :func:`explorer.core.store.log_dir`),
Qt's own messages are routed into logging, ``faulthandler`` writes native crashes
to ``crash.log`` beside it, and uncaught Python exceptions are logged and shown in
the window's message bar instead of killing the app.
"""
from __future__ import annotations

import argparse
import faulthandler
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from typing import Optional, Sequence

from explorer import APP_ID, APP_NAME, __version__

log = logging.getLogger("explorer")

# PyMuPDF too: its calls hold the interpreter lock; search: importing and loading the
# model would stall the window (389 ms in bench/first_search.py) and queries are small
PROCESS_LANES = ("compute", "index", "pdf", "open", "search", "figure")
_crash_file = None  # kept open for faulthandler


def sample_document() -> Path:
    """The sample PDF shipped in ``resources/``."""
    return Path(__file__).resolve().parent.parent / "resources" / "sample.pdf"


def app_icon() -> Path:
    """The application's icon (``resources/icons``; the desktop entry names it too)."""
    return Path(__file__).resolve().parent.parent / "resources" / "icons" / f"{APP_ID}.svg"


def setup_logging(verbose: bool = False) -> Path:
    """Log to a rotating file in the platform log dir (and to stderr when verbose)."""
    from explorer.core import store

    global _crash_file
    folder = store.log_dir()
    log_file = folder / "strata.log"
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
    try:
        _crash_file = open(folder / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 - must stay open
        faulthandler.enable(_crash_file, all_threads=True)
    except OSError:
        faulthandler.enable()
    return log_file


def install_qt_message_handler() -> None:
    """Route qDebug/qWarning/... into logging (logger ``qt``)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("qt")

    def handler(mode, context, message) -> None:  # noqa: ANN001 - Qt callback
        where = f" ({context.file}:{context.line})" if context.file else ""
        qt_log.log(levels.get(mode, logging.WARNING), "%s%s", message, where)

    qInstallMessageHandler(handler)


def apply_startup_settings(settings) -> None:  # noqa: ANN001 - QSettings
    """Settings that must be known before anything starts: the data folder, the
    embedding backend and the OCR languages (environment variables, when set, win)."""
    data_dir = str(settings.value("paths/data_dir", "") or "")
    if data_dir and not os.environ.get("STRATA_DATA_DIR"):
        os.environ["STRATA_DATA_DIR"] = data_dir
    from explorer.ui.prefs import stored_embedder

    embedder = stored_embedder(settings)
    if embedder and not os.environ.get("STRATA_EMBEDDER"):
        os.environ["STRATA_EMBEDDER"] = embedder
    ocr_languages = str(settings.value("ocr/languages", "") or "")
    if ocr_languages and not os.environ.get("STRATA_OCR_LANGUAGES"):
        os.environ["STRATA_OCR_LANGUAGES"] = ocr_languages  # read by the loader lanes started below


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="strata", description=f"{APP_NAME}: explore long PDFs and transcripts.")
    parser.add_argument("file", nargs="?", help="a PDF or a transcript to open")
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    # For bench/ui_responsiveness.py: print "first-page <seconds>" once page 1 is drawn, then quit.
    parser.add_argument("--exit-after-first-page", action="store_true", help=argparse.SUPPRESS)
    # For `make dist`'s smoke run: print "indexed <seconds> <chapters> plots <n>" once the file is
    # analysed and indexed and its plots drawn (every lane child ran: layout, embedding,
    # segmentation, LanceDB, matplotlib), then quit.
    parser.add_argument("--exit-after-index", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(argv)  # Qt options (e.g. -platform) pass through
    return args


def _exit_after_first_page(app, window) -> None:  # noqa: ANN001
    import time

    def on_rendered(index: int) -> None:
        if index == 0:
            app.processEvents()  # let the page paint
            print(f"first-page {time.time():.3f}", flush=True)
            app.quit()

    def on_failed(_path: str, message: str) -> None:
        print(f"failed {message}", flush=True)
        app.exit(1)

    window.page_view.page_rendered.connect(on_rendered)
    window.open_failed.connect(on_failed)


def _exit_after_index(app, window) -> None:  # noqa: ANN001
    import time

    from PySide6.QtCore import QTimer

    t0 = time.monotonic()

    def on_indexed(session) -> None:  # noqa: ANN001
        indexed = time.monotonic() - t0

        def done() -> None:  # the plots too: the figure lane's child drew them
            panel = window.plot_panel
            if panel is None or panel.plot is None:
                return
            print(f"indexed {indexed:.1f} {len(session.chapters)} plots {len(panel.plot.image.axes())}", flush=True)
            app.quit()

        def too_late() -> None:
            print("failed the plots were not drawn", flush=True)
            app.exit(1)

        window._update_plots()  # makes the panel if no chapters were shown yet
        if window.plot_panel is not None:
            window.plot_panel.rendered.connect(done)
        done()
        QTimer.singleShot(60_000, too_late)

    def on_failed(*args: str) -> None:
        print(f"failed {args[-1]}", flush=True)
        app.exit(1)

    window.analysis.indexing_finished.connect(on_indexed)
    window.analysis.failed.connect(on_failed)
    window.open_failed.connect(on_failed)


def set_qt_environment() -> None:
    """Settings Qt reads once, so they are set before the application object exists.

    ``QT_NO_GUI_THREADPOOL``: Qt splits large fills and image scalings among the threads
    of a pool, and the window's thread waits for them. When other work keeps the cores
    busy (analysis, indexing, other programs) those threads wait for a CPU, and the window
    with them: beside 4 busy processes on 2 cores, a paint of the page view took a median
    8-16 ms with the pool against 1.3-12 ms without it, 24-55 ms against 7-22 ms at worst.
    On a quiet machine the pool does not pay either: 1.6-2.5 ms against 0.6-2.3 ms
    (``bench/page_paint.py``). Qt only asks whether the variable exists: any value,
    even 0, turns the pool off."""
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the application; returns the exit code."""
    raw = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(raw)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    set_qt_environment()
    from PySide6.QtCore import QCoreApplication, QSettings, QTimer

    from explorer.ui.pyside_imports import lighten_pyside_import_check

    lighten_pyside_import_check()  # before the window's modules are imported
    QCoreApplication.setOrganizationName("Strata")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    settings = QSettings()
    apply_startup_settings(settings)
    log_file = setup_logging(args.verbose)
    log.info("%s %s starting (Python %s)", APP_NAME, __version__, sys.version.split()[0])
    install_qt_message_handler()

    from explorer.ui.workers import Workers

    # Analysis and indexing run in child processes: long Python work there cannot hold
    # the interpreter lock the window needs (see explorer/ui/proclane.py).
    workers = Workers(process_lanes=PROCESS_LANES)
    if args.file:  # start PyMuPDF's import now, beside building the window
        from explorer.ui.proc_pdf import preload

        workers.submit("pdf", preload, name="import PyMuPDF", priority=-100)

    from PySide6.QtWidgets import QApplication

    from explorer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "strata", *raw])
    app.setDesktopFileName(APP_ID)
    if app_icon().is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(app_icon())))
    try:
        from explorer.ui.theme import apply_theme

        apply_theme(app)
    except ImportError:
        pass

    window = MainWindow(workers, log_file=log_file, settings=settings, sample_path=sample_document())

    def excepthook(exc_type, exc, tb) -> None:  # noqa: ANN001
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            window.message_bar.show_message(f"Something went wrong: {exc}", level="error")
        except Exception:  # noqa: BLE001 - the hook must never raise
            pass

    sys.excepthook = excepthook
    window.show()
    if args.file:
        window.open_path(args.file, password=args.password)
        if args.exit_after_first_page:
            _exit_after_first_page(app, window)
        elif args.exit_after_index:
            _exit_after_index(app, window)
    else:  # numpy at once (with a document, the window starts it once the document is open)
        from explorer.ui.background_imports import import_in_background

        QTimer.singleShot(0, import_in_background)
    code = app.exec()
    log.info("quitting: cancelling background work")
    workers.shutdown(timeout=5.0)  # lanes are daemon threads; LanceDB commits are atomic
    flush = getattr(window, "flush", None)
    if callable(flush):
        flush()
    logging.shutdown()
    return int(code)
