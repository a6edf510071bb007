"""A library file edited since it was indexed is told apart from one merely touched."""
from __future__ import annotations

import hashlib
import os

from explorer.core import store
from explorer.core.file_stamps import CHANGED, MISSING, UNCHECKED, FileStamps, file_states


def _sha(path) -> str:  # noqa: ANN001
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count_hashes(monkeypatch) -> list:  # noqa: ANN001
    seen: list = []
    real = store.sha256_file

    def counting(path, *a, **kw):  # noqa: ANN001, ANN202
        seen.append(str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(store, "sha256_file", counting)
    return seen


def test_a_file_is_hashed_once_until_its_size_or_time_moves(tmp_path, monkeypatch):
    hashed = _count_hashes(monkeypatch)
    f = tmp_path / "talk.txt"
    f.write_text("Ann: first version.")
    stamps = FileStamps(tmp_path / "stamps.json")
    assert stamps.known_id(str(f)) is None  # never hashed
    assert stamps.content_id(str(f)) == _sha(f)
    assert stamps.content_id(str(f)) == _sha(f) and len(hashed) == 1
    stamps.save()
    again = FileStamps(tmp_path / "stamps.json")  # the next run of the app
    assert again.known_id(str(f)) == _sha(f) and len(hashed) == 1
    f.write_text("Ann: second version!")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1_000_000))
    assert again.known_id(str(f)) is None
    assert again.content_id(str(f)) == _sha(f) and len(hashed) == 2
    assert again.known_id(str(tmp_path / "gone.txt")) == ""


def test_states_of_edited_touched_and_deleted_files(tmp_path):
    same, edited, touched, gone = (tmp_path / f"{n}.txt" for n in ("same", "edited", "touched", "gone"))
    for f in (same, edited, touched, gone):
        f.write_text(f"Ann: the text of {f.name}.")
    rows = [{"id": _sha(f), "path": str(f)} for f in (same, edited, touched, gone)] + [{"id": "x", "path": ""}]
    stamps = FileStamps(tmp_path / "stamps.json")
    assert file_states(rows, stamps, hash_files=True) == {}
    edited.write_text("Ann: the text, corrected after indexing.")
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 5_000_000_000))
    gone.unlink()
    quick = file_states(rows, stamps, hash_files=False)  # stats only: the moved files are not judged yet
    assert quick == {rows[1]["id"]: UNCHECKED, rows[2]["id"]: UNCHECKED, rows[3]["id"]: MISSING}
    assert file_states(rows, stamps, hash_files=True) == {rows[1]["id"]: CHANGED, rows[3]["id"]: MISSING}
    assert file_states(rows, stamps, hash_files=False) == {rows[1]["id"]: CHANGED, rows[3]["id"]: MISSING}


def test_a_damaged_memo_costs_a_hash_and_nothing_else(tmp_path):
    f = tmp_path / "talk.txt"
    f.write_text("Ann: hello.")
    memo = tmp_path / "stamps.json"
    memo.write_text("{not json")
    stamps = FileStamps(memo)
    assert stamps.content_id(str(f)) == _sha(f)
    memo.write_text('{"%s": ["big", 1, "x"], "/elsewhere": 7}' % f)  # damaged entries
    assert FileStamps(memo).known_id(str(f)) is None
    stamps.save(keep=[str(f)])
    assert FileStamps(memo).known_id(str(f)) == _sha(f)


def test_the_memo_forgets_files_that_left_the_library(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a")
    b.write_text("b")
    stamps = FileStamps(tmp_path / "stamps.json")
    stamps.content_id(str(a))
    stamps.content_id(str(b))
    stamps.save(keep=[str(a)])
    again = FileStamps(tmp_path / "stamps.json")
    assert again.known_id(str(a)) == _sha(a) and again.known_id(str(b)) is None
