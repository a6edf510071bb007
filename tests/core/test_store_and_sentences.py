import json
import os

import pytest

from explorer.core import store
from explorer.core.errors import StorageError
from explorer.core.sentences import split_sentences


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "edits.json"
    store.atomic_write_json(target, {"a": 1})
    store.atomic_write_json(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["edits.json"]  # no temp files left


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "edits.json"
    store.atomic_write_json(target, {"a": 1})

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StorageError, match="No space left"):
        store.atomic_write_json(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 1}


def test_data_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("STRATA_DATA_DIR", str(tmp_path / "d"))
    assert store.data_dir() == tmp_path / "d"


def test_cache_key_changes_with_pipeline_version(monkeypatch):
    k1 = store.cache_key("ab" * 32, "layout", 3)
    monkeypatch.setitem(store.PIPELINE_VERSIONS, "layout", 99)
    assert store.cache_key("ab" * 32, "layout", 3) != k1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith paid $3.50. He left.", ["Dr. Smith paid $3.50.", "He left."]),
        ("See Fig. 2 and e.g. Table 1. Next one.", ["See Fig. 2 and e.g. Table 1.", "Next one."]),
        ("The U.S. Army came. J. R. Tolkien wrote.", ["The U.S. Army came.", "J. R. Tolkien wrote."]),
        ("Intro:\n• one thing\n• another thing", ["Intro:", "• one thing", "• another thing"]),
    ],
)
def test_sentence_rules(text, expected):
    assert split_sentences(text) == expected


def test_unpunctuated_speech_is_capped():
    text = " ".join(["word"] * 200)
    parts = split_sentences(text, max_words=50)
    assert len(parts) == 4 and all(len(p.split()) <= 50 for p in parts)
