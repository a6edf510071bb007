"""What checking the library's files for edits costs (the library panel's "changed on disk").

Writes ``--docs`` files of ``--mb`` MB each in a temporary folder, as a library of that many
documents, and times in the same process:

* the first look with no memo (every file hashed once: what a library indexed before
  the memo existed costs, once);
* a later look, with the memo (stats only: every refresh of the library panel);
* a look after ``--edit`` files were edited (those hashed again).

Prints seconds and the ratio of each look to the first. Exit 0.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from explorer.core.file_stamps import CHANGED, FileStamps, file_states

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--edit", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        block = os.urandom(int(args.mb * (1 << 20)))
        for i in range(args.docs):
            f = folder / f"doc{i:04d}.pdf"
            data = i.to_bytes(4, "big") + block
            f.write_bytes(data)
            rows.append({"id": hashlib.sha256(data).hexdigest(), "path": str(f)})
        memo = folder / "stamps.json"

        def look() -> tuple[float, dict]:
            stamps = FileStamps(memo)
            t0 = time.perf_counter()
            states = file_states(rows, stamps, hash_files=True)
            stamps.save(keep=[r["path"] for r in rows])
            return time.perf_counter() - t0, states

        first, _ = look()
        later, states = look()
        assert not states
        for r in rows[: args.edit]:
            with open(r["path"], "ab") as fh:
                fh.write(b"edited")
        edited, states = look()
        assert sum(s == CHANGED for s in states.values()) == args.edit
        total = args.docs * args.mb
        print(f"library of {args.docs} files, {total:.0f} MB")
        print(f"first look, no memo (all hashed): {first:.3f} s")
        print(f"later look, memo (stats only):   {later:.4f} s  ratio {later / first:.4f}")
        print(f"after {args.edit} edits (those hashed): {edited:.4f} s  ratio {edited / first:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
