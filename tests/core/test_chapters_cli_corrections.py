"""`strata-cli chapters` shows the chapters the user corrected with `strata-cli edit`."""
from __future__ import annotations

import json

from explorer.cli import main


def _transcript(tmp_path):
    topics = [
        "The volcano erupted with lava and ash over the crater near the village.",
        "The orchestra rehearsed the symphony with violins and a conductor in the hall.",
        "Farmers gathered the wheat harvest with tractors before the autumn rain.",
    ]
    lines, t = [], 0
    for k, text in enumerate(topics):
        for j in range(12):
            lines.append(f"{len(lines) + 1}\n00:{t // 60:02d}:{t % 60:02d},000 --> 00:{(t + 4) // 60:02d}:{(t + 4) % 60:02d},000\n{text} Part {k} line {j}.\n")
            t += 5
    path = tmp_path / "talk.srt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _chapters(capsys, path):
    assert main(["chapters", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["chapters"]


def test_chapters_command_shows_the_users_corrections(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    path = _transcript(tmp_path)
    before = _chapters(capsys, path)
    assert [c["index"] for c in before] == list(range(len(before)))
    assert main(["edit", str(path), "--rename", "0", "Opening words", "--no-index"]) == 0
    capsys.readouterr()
    after = _chapters(capsys, path)
    assert after[0]["title"] == "Opening words" and after[0]["title_source"] == "user"
    assert [c["start_sentence"] for c in after] == [c["start_sentence"] for c in before]
