"""What playing a transcript's recording costs the window (Qt Multimedia, no audio device needed).

In one process, with a generated 60 s WAV:

* the time from "play from this row" to the recording moving (5 seeks and plays);
* the GUI-thread cost of one position tick: the sentence being spoken, looked up in a
  20,000-sentence transcript (an 11-hour recording), against a linear scan of the same
  starts (the reference run in the same process).

Prints milliseconds and microseconds, and the ratio of the lookup to the scan. Exit 0;
exit 2 with the reason when playback is unavailable here.
"""
from __future__ import annotations

import math
import os
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from explorer.core.media import Timeline
    from explorer.ui.views.media_bar import MediaBar, playback_unavailable

    why = playback_unavailable()
    if why:
        print(f"playback unavailable: {why}")
        return 2
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        wav = str(Path(tmp) / "tone.wav")
        with wave.open(wav, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(i / 3))) for i in range(16000 * 60)))
        bar = MediaBar()
        bar.load(wav)

        def spin(cond, limit: float = 5.0) -> None:  # noqa: ANN001
            t0 = time.perf_counter()
            while not cond() and time.perf_counter() - t0 < limit:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

        spin(lambda: bar.slider.maximum() > 0)
        latencies = []
        for k in range(5):
            start = 10.0 + 5 * k
            t0 = time.perf_counter()
            bar.play_from(start)
            spin(lambda s=start: bar.playing and bar.position > s + 0.02)
            latencies.append((time.perf_counter() - t0) * 1000)
            bar.pause()
            spin(lambda: not bar.playing)
        bar.unload()
    print("play from a row to the recording moving: " + ", ".join(f"{x:.0f}" for x in latencies) + " ms")
    starts = [i * 2.0 for i in range(20000)]
    timeline = Timeline(starts)
    ticks = [i * 0.37 for i in range(20000)]
    t0 = time.perf_counter()
    for t in ticks:
        timeline.sentence_at(t)
    lookup = (time.perf_counter() - t0) / len(ticks)
    t0 = time.perf_counter()
    for t in ticks[:500]:
        max((i for i, s in enumerate(starts) if s <= t), default=-1)
    scan = (time.perf_counter() - t0) / 500
    print(f"sentence being spoken, 20,000 sentences: {lookup * 1e6:.2f} us a tick "
          f"(linear scan {scan * 1e6:.0f} us; ratio {lookup / scan:.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
