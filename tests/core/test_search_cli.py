"""strata-cli ingest / library / search end to end (hashing embedder, subprocesses)."""
from __future__ import annotations

import json
import os
import subprocess
import sys


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def test_ingest_library_search(tmp_path):
    a = tmp_path / "garden.txt"
    a.write_text("\n".join(f"Ann: The roses in the garden need pruning before spring, note {i}." for i in range(30)))
    b = tmp_path / "engine.txt"
    b.write_text("\n".join(f"Bob: The diesel engine overheats when the radiator leaks, note {i}." for i in range(30)))
    env = dict(os.environ, STRATA_EMBEDDER="hashing")
    r = _cli("ingest", "--no-chapters", str(a), str(b), env=env)
    assert r.returncode == 0, r.stderr
    assert "chunks from" in r.stderr  # progress and summary go to stderr
    r = _cli("library", "--json", env=env)
    docs = json.loads(r.stdout)
    assert sorted(d["path"] for d in docs) == sorted([str(a), str(b)])
    assert all(d["model"] == "hashing-256" and d["chunks"] > 0 for d in docs)
    r = _cli("search", "radiator leaks", "--json", "-k", "3", env=env)
    hits = json.loads(r.stdout)
    assert hits and hits[0]["path"] == str(b)
    assert "<b>radiator</b>" in hits[0]["snippet"] and hits[0]["anchor"]["speaker"] == "Bob"
    r = _cli("search", "radiator leaks", "--mode", "text", "--doc", [d["id"] for d in docs if d["path"] == str(a)][0], env=env)
    assert r.returncode == 0 and "engine" not in r.stdout
    r = _cli("ingest", "--no-chapters", str(a), env=env)
    assert "already indexed" in r.stderr


def test_library_reembed_moves_old_model_documents_to_the_current_one(tmp_path, monkeypatch, capsys):
    from explorer.cli import main
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.index import Library

    from test_index_fixtures import pdf_doc

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr("explorer.core.embedding._default", None)
    old = HashingEmbedder()
    old.model_id = "the-model-before"
    doc, chapters = pdf_doc()
    Library(embedder=old).ingest(doc, chapters)
    assert main(["library", "--reembed"]) == 0
    out = capsys.readouterr().out
    assert "re-embedded 1 documents" in out and "hashing-256" in out
    assert Library(embedder=HashingEmbedder()).stale_documents(models_only=True) == []


def test_an_edit_from_the_cli_reindexes_the_renamed_chapter(tmp_path):
    doc = tmp_path / "talk.txt"
    doc.write_text("\n".join([f"Ann: The roses in the garden need pruning before spring, note {i}." for i in range(25)]
                             + [f"Bob: The diesel engine overheats when the radiator leaks, note {i}." for i in range(25)]))
    env = dict(os.environ, STRATA_EMBEDDER="hashing")
    r = _cli("ingest", str(doc), env=env)
    assert r.returncode == 0, r.stderr
    r = _cli("edit", str(doc), "--rename", "0", "Pruning roses", env=env)
    assert r.returncode == 0, r.stderr
    assert "re-indexed" in r.stderr
    r = _cli("search", "roses garden pruning", "--json", "-k", "1", env=env)
    assert json.loads(r.stdout)[0]["chapter"] == "Pruning roses"


def test_the_library_lists_a_file_edited_since_indexing_and_updates_it(tmp_path, monkeypatch, capsys):
    from explorer.cli import main

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr("explorer.core.embedding._default", None)
    talk = tmp_path / "talk.txt"
    talk.write_text("\n".join(f"Ann: The roses in the garden need pruning before spring, note {i}." for i in range(20)))
    other = tmp_path / "other.txt"
    other.write_text("\n".join(f"Bob: The diesel engine overheats when the radiator leaks, note {i}." for i in range(20)))
    assert main(["ingest", "--no-chapters", str(talk), str(other)]) == 0
    assert main(["library"]) == 0
    assert "changed on disk" not in capsys.readouterr().out
    talk.write_text(talk.read_text() + "\nAnn: Then the tulip bulbs go into the cold frame.")
    assert main(["library"]) == 0
    out = capsys.readouterr().out
    assert [line.split("  ")[1] for line in out.splitlines() if "(changed on disk)" in line] == ["talk"]
    assert "strata-cli library --update" in out
    assert main(["library", "--update", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert sorted((d["path"], d["state"]) for d in docs) == [(str(other), ""), (str(talk), "")]
    assert main(["search", "tulip bulbs cold frame", "--mode", "text", "--json", "-k", "1"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["path"] == str(talk)
    other.unlink()  # moved away
    assert main(["library"]) == 0
    assert "(file missing)" in capsys.readouterr().out
    assert main(["library", "--remove-missing", "--json"]) == 0
    assert [d["path"] for d in json.loads(capsys.readouterr().out)] == [str(talk)]


def test_ingesting_a_folder_again_skips_unchanged_files_without_loading_them(tmp_path, monkeypatch, capsys):
    from explorer.cli import main

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr("explorer.core.embedding._default", None)
    folder = tmp_path / "talks"
    folder.mkdir()
    for name, words in (("garden.txt", "roses in the garden need pruning"), ("engine.txt", "the diesel engine overheats")):
        (folder / name).write_text("\n".join(f"Ann: {words}, note {i}." for i in range(20)))
    assert main(["ingest", "--no-chapters", str(folder)]) == 0
    capsys.readouterr()
    loaded: list = []
    import explorer.core.loaders as loaders

    real = loaders.load_document
    monkeypatch.setattr(loaders, "load_document", lambda p, **kw: loaded.append(str(p)) or real(p, **kw))
    (folder / "engine.txt").write_text((folder / "engine.txt").read_text() + "\nAnn: and then it stalls.")
    assert main(["ingest", "--no-chapters", str(folder)]) == 0
    err = capsys.readouterr().err
    assert [p.split("/")[-1] for p in loaded] == ["engine.txt"]  # the edited one only
    assert "garden.txt" in err and "already indexed, file unchanged" in err
    assert main(["ingest", "--no-chapters", "--force", str(folder / "garden.txt")]) == 0
    assert [p.split("/")[-1] for p in loaded][-1] == "garden.txt"


def test_a_cli_hit_says_where_it_lands_not_where_its_passage_starts(tmp_path):
    """A hit is a passage of several turns: the listing named its first turn (0:00, Ann)
    while the turn that matches the query is Bob's, later. It now names that turn, as the
    window does, and --json gives it as "focus"."""
    talk = tmp_path / "talk.vtt"
    turns = [("Ann", "Welcome back to the workshop hour."), ("Ann", "Today we look at old engines."),
             ("Cy", "I brought my tractor along."), ("Bob", "The radiator leaks when the engine runs hot."),
             ("Ann", "That happens to many of them.")]
    talk.write_text("WEBVTT\n\n" + "".join(f"00:00:{10 * i:02d}.000 --> 00:00:{10 * i + 8:02d}.000\n<v {who}>{text}\n\n"
                                           for i, (who, text) in enumerate(turns)), encoding="utf-8")
    env = dict(os.environ, STRATA_EMBEDDER="hashing")
    assert _cli("ingest", "--no-chapters", str(talk), env=env).returncode == 0
    hit = json.loads(_cli("search", "radiator", "--json", "-k", "1", env=env).stdout)[0]
    assert hit["anchor"]["speaker"] == "Ann" and hit["anchor"]["start"] == 0.0  # the passage
    assert hit["focus"]["speaker"] == "Bob" and hit["focus"]["start"] == 30.0  # where it lands
    assert "(0:30, Bob," in _cli("search", "radiator", "-k", "1", env=env).stdout
    # a file changed since it was indexed: its sentences may not be the indexed ones, so the passage's start
    talk.write_text(talk.read_text(encoding="utf-8").replace("workshop", "garage"), encoding="utf-8")
    assert json.loads(_cli("search", "radiator", "--json", "-k", "1", env=env).stdout)[0]["focus"] is None
