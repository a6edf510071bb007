"""Embedding engines compared in the window: time until a PDF is searchable and peak memory.

    HF_HUB_OFFLINE=1 QT_QPA_PLATFORM=offscreen .venv/bin/python bench/engines.py [--pdf PATH] [--engines onnx st]

First each engine embeds the PDF's sentences alone (no cache; sentences per second).
Then, for each engine, a fresh process opens the PDF in the real MainWindow (its lanes in
child processes, as the app runs them) with an empty library and cache, and waits
until analysis and indexing are done, sampling the resident memory of itself and its
children every 0.3 s. The ONNX model is copied into the fresh cache when it was
exported before, so its one-time export is not counted. Prints each engine's marks and
peak memory, then the ratios against the first engine of the same invocation.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_PDF = ROOT.parent / "shared" / "data" / "pdfs" / "paper2col_dpr_arxiv2004.04906.pdf"


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(parent: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == parent:
                        out.append(int(d))
            except (OSError, ValueError, IndexError):
                continue
    return out


def measure(engine: str, pdf: Path) -> dict:
    """In this process: open ``pdf`` in the window with ``engine`` and watch memory."""
    data = tempfile.mkdtemp(prefix="strata-bench-engines-")
    cache = Path(data) / "cache"
    (cache / "onnx").mkdir(parents=True)
    for f in glob.glob(os.path.expanduser("~/.cache/strata/onnx/*.onnx")):
        shutil.copy(f, cache / "onnx")
    os.environ.update(STRATA_EMBEDDER=engine, HF_HUB_OFFLINE="1", STRATA_DATA_DIR=data, STRATA_CACHE_DIR=str(cache))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import ui_responsiveness

    me, peak, stop = os.getpid(), {"all": 0.0, "window": 0.0}, threading.Event()

    def sample() -> None:
        while not stop.is_set():
            kids = sum(_rss_mb(k) for k in _children(me))
            own = _rss_mb(me)
            peak["window"] = max(peak["window"], own)
            peak["all"] = max(peak["all"], own + kids)
            time.sleep(0.3)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    r = ui_responsiveness.ingest_in_window(pdf, 1800)
    stop.set()
    t.join()
    shutil.rmtree(data, ignore_errors=True)
    return {"engine": engine, "sentences": r["sentences"], "marks": r["marks"], "peak_all_mb": peak["all"],
            "peak_window_mb": peak["window"], "error": r["error"]}


def encode_rates(pdf: Path, engines: list[str]) -> dict[str, float]:
    """Sentences per second of each engine alone (no cache) on the PDF's sentences, in this
    process (so that the window runs, in their own processes, carry no engine of it)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from explorer.core.embedding import default_embedder
    from explorer.core.loaders import load_document

    texts = [s.text for s in load_document(pdf).sentences]
    rates = {}
    for engine in engines:
        inner = default_embedder(engine).inner
        inner.encode(texts[:8])  # loaded and warm
        t = time.perf_counter()
        inner.encode(texts)
        rates[engine] = len(texts) / (time.perf_counter() - t)
    return rates


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    ap.add_argument("--engines", nargs="+", default=["onnx", "st"])
    ap.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.pdf.is_file():
        print(f"engines: {args.pdf} not found (needs ../shared/data); skipped")
        return 0
    if args.child:
        print("RESULT " + json.dumps(measure(args.child, args.pdf)))
        return 0
    results = []
    rates = encode_rates(args.pdf, args.engines)
    for engine in args.engines:
        proc = subprocess.run([sys.executable, __file__, "--pdf", str(args.pdf), "--child", engine],
                              capture_output=True, text=True, timeout=3600)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"{engine}: failed: {proc.stderr[-500:]}")
            continue
        r = json.loads(line[len("RESULT "):])
        r["encode_rate"] = rates[engine]
        results.append(r)
        marks = ", ".join(f"{k} {v:.1f} s" for k, v in r["marks"].items())
        print(f"{engine}: {args.pdf.name}, {r['sentences']} sentences, embedded at {r['encode_rate']:.0f}/s; {marks}; peak memory "
              f"{r['peak_all_mb']:.0f} MB in all processes ({r['peak_window_mb']:.0f} MB in the window's)"
              + (f"; error: {r['error']}" if r["error"] else ""))
    if len(results) > 1 and "indexed" in results[0]["marks"]:
        ref = results[0]
        for r in results[1:]:
            if "indexed" in r["marks"]:
                print(f"{r['engine']} / {ref['engine']}: embedding speed {r['encode_rate'] / ref['encode_rate']:.2f}x, "
                      f"searchable after {r['marks']['indexed'] / ref['marks']['indexed']:.2f}x "
                      f"the time, peak memory {r['peak_all_mb'] / ref['peak_all_mb']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
