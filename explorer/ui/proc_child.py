"""Child process of a process lane (see :mod:`explorer.ui.proclane`). No Qt here.

Runs module-level functions sent by the parent, one at a time, and answers with
progress, the result or the error. Messages are length-prefixed pickles on the
process's original stdout; everything else written to stdout goes to stderr so a
stray print cannot corrupt the channel.

The child lowers its own scheduling priority by ``STRATA_BACKGROUND_NICE`` (set per
lane by :mod:`explorer.ui.proclane`; 5 for analysis and indexing), and that of its
session's scheduling group (it runs in a session of its own): on a busy machine
the background work it was asked for then yields the CPU.
"""
from __future__ import annotations

import importlib
import os
import pickle
import queue
import struct
import sys
import threading
import time
import traceback

from explorer.core.progress import CancelToken, Cancelled
from explorer.ui.pickle_parts import pack
from explorer.ui.proclane import DEFAULT_NICE



def portable_error(exc: BaseException) -> BaseException:
    """``exc`` if it survives a pickle round trip, else the nearest base class that does,
    made from its message: the parent must be able to read it back, or the task it
    belongs to would never finish (an exception whose ``__init__`` takes other arguments
    than its ``args`` pickles but does not unpickle)."""
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
        return exc
    except Exception:  # noqa: BLE001 - any failure means: send something simpler
        pass
    for cls in type(exc).__mro__[1:]:
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            continue
        try:
            simple = cls(str(exc))
            pickle.loads(pickle.dumps(simple, protocol=pickle.HIGHEST_PROTOCOL))
            return simple
        except Exception:  # noqa: BLE001
            continue
    return RuntimeError(f"{type(exc).__name__}: {exc}")

def _read(stream) -> object:  # noqa: ANN001
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError
    (n,) = struct.unpack("!I", head)
    return pickle.loads(stream.read(n))


# Seconds between progress messages: each one wakes three threads of the window's process
# (reader, feeder, GUI), and a progress bar needs no more than a few updates a second.
PROGRESS_INTERVAL = 0.2


def lower_priority() -> None:
    """Background work yields the CPU to the window (see the module docstring)."""
    try:
        step = int(os.environ.get("STRATA_BACKGROUND_NICE", DEFAULT_NICE))
    except ValueError:
        step = DEFAULT_NICE
    if step > 0 and hasattr(os, "nice"):
        try:
            os.nice(step)
        except OSError:
            pass
        try:  # the child runs in a session of its own (see proclane): lower that group's weight too
            with open("/proc/self/autogroup", "w", encoding="ascii") as fh:
                fh.write(str(step))
        except OSError:
            pass


def main() -> int:
    lower_priority()
    out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints go to stderr
    out = os.fdopen(out_fd, "wb", buffering=0)
    inp = sys.stdin.buffer
    lock = threading.Lock()
    tokens: dict[int, CancelToken] = {}
    runs: "queue.Queue[tuple]" = queue.Queue()

    def send(msg: tuple) -> None:
        data = pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)
        with lock:
            try:
                out.write(struct.pack("!I", len(data)) + data)
            except OSError:  # the window's process is gone (it quit mid-task): nobody reads
                os._exit(0)

    def reader() -> None:
        while True:
            try:
                msg = _read(inp)
            except (EOFError, OSError):  # the window's process is gone: nobody wants our results
                os._exit(0)
            if msg[0] == "cancel":
                token = tokens.get(msg[1])
                if token is not None:
                    token.cancel()
            else:
                if msg[0] == "run":
                    tokens[msg[1]] = CancelToken()
                runs.put(msg)

    threading.Thread(target=reader, daemon=True).start()
    while True:
        msg = runs.get()
        if msg[0] == "quit":
            out.flush()
            os._exit(0)  # the stdin reader thread is blocked in a read: skip interpreter finalisation
        _, task_id, module, name, args, kwargs = msg
        token = tokens[task_id]
        last = [0.0]

        def progress(fraction: float, message: str = "", _id: int = task_id) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL or fraction >= 1.0:
                last[0] = now
                send(("progress", _id, float(fraction), str(message)))

        try:
            fn = importlib.import_module(module)
            for part in name.split("."):
                fn = getattr(fn, part)
            result = fn(*args, progress=progress, cancel=token, **kwargs)
        except Cancelled:
            send(("cancelled", task_id))
        except BaseException as exc:  # noqa: BLE001 - task boundary: report to the parent
            text = traceback.format_exc()
            send(("error", task_id, portable_error(exc), text))
        else:
            try:
                send(("done", task_id, pack(result)))
            except Exception as exc:  # noqa: BLE001 - the result did not pickle
                send(("error", task_id, RuntimeError(f"result could not be sent back: {exc}"), ""))
        finally:
            tokens.pop(task_id, None)


if __name__ == "__main__":
    raise SystemExit(main())
