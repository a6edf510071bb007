"""The analyst's names for diarised speaker labels: saved per document, applied on load,
merging two labels under one name, and back to the label again."""
from __future__ import annotations

import pytest

from explorer.cli import main
from explorer.core.errors import StrataError
from explorer.core.loaders import load_document
from explorer.core.quotes import quote
from explorer.core.speaker_names import load_names, rename_speaker, save_names

VTT = "WEBVTT\n\n" + "\n".join(
    f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.000\n<v {label}>Line {i} said by {label}.\n"
    for i, label in enumerate(["SPEAKER_00", "SPEAKER_01", "SPEAKER_00", "SPEAKER_02", "SPEAKER_01"])
)


def test_names_are_applied_on_load_merge_and_go_back(tmp_path):
    path = tmp_path / "meeting.vtt"
    path.write_text(VTT, encoding="utf-8")
    doc = load_document(path)
    assert doc.speakers == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
    renamed, names = rename_speaker(doc, "SPEAKER_01", "  Alice   Moreau ")
    assert names == {"SPEAKER_01": "Alice Moreau"} and renamed.speakers == ["SPEAKER_00", "Alice Moreau", "SPEAKER_02"]
    save_names(doc.id, names)
    again = load_document(path)  # every front end loads through load_document
    assert again.speakers == ["SPEAKER_00", "Alice Moreau", "SPEAKER_02"]
    assert {c.speaker for c in again.cues} == {"SPEAKER_00", "Alice Moreau", "SPEAKER_02"}
    assert quote(again, 1, 2).startswith("[0:05] Alice Moreau: Line 1")
    # the diariser split Alice in two: the same name merges the labels
    merged, names = rename_speaker(again, "SPEAKER_02", "Alice Moreau")
    assert merged.speakers == ["SPEAKER_00", "Alice Moreau"]
    assert names == {"SPEAKER_01": "Alice Moreau", "SPEAKER_02": "Alice Moreau"}
    # renaming the merged speaker renames both labels (a merge stays a merge); a label named as
    # itself needs no entry
    both, names = rename_speaker(merged, "Alice Moreau", "Alice")
    assert names == {"SPEAKER_01": "Alice", "SPEAKER_02": "Alice"}
    _, names = rename_speaker(both, "Alice", "SPEAKER_01")
    assert names == {"SPEAKER_02": "SPEAKER_01"}
    _, names = rename_speaker(renamed, "Alice Moreau", "SPEAKER_01")
    assert names == {}
    with pytest.raises(StrataError, match="needs a name"):
        rename_speaker(doc, "SPEAKER_00", "   ")
    with pytest.raises(StrataError, match="no speaker"):
        rename_speaker(doc, "Bob", "Robert")


def test_an_unreadable_names_file_shows_the_files_labels(tmp_path):
    path = tmp_path / "meeting.vtt"
    path.write_text(VTT, encoding="utf-8")
    doc = load_document(path)
    save_names(doc.id, {"SPEAKER_00": "Ann"})
    from explorer.core.speaker_names import names_path

    names_path(doc.id).write_text("{broken", encoding="utf-8")
    assert load_names(doc.id) == {} and load_document(path).speakers[0] == "SPEAKER_00"
    # the damaged file is kept aside (once) before a new name is saved over it
    (kept,) = (names_path(doc.id).parent / "backup").glob("*.json")
    assert kept.read_text(encoding="utf-8") == "{broken"
    save_names(doc.id, {"SPEAKER_00": "Bob"})
    assert len(list(kept.parent.glob("*.json"))) == 1 and load_names(doc.id) == {"SPEAKER_00": "Bob"}


def test_cli_rename_speaker(tmp_path, capsys):
    path = tmp_path / "meeting.vtt"
    path.write_text(VTT, encoding="utf-8")
    assert main(["edit", str(path), "--rename-speaker", "SPEAKER_00", "Bob", "--no-index"]) == 0
    assert capsys.readouterr().out.split("\n")[:3] == ["Bob", "SPEAKER_01", "SPEAKER_02"]
    assert load_document(path).speakers[0] == "Bob"
    assert main(["edit", str(path), "--rename-speaker", "Nobody", "X", "--no-index"]) == 1
    assert "no speaker 'Nobody'" in capsys.readouterr().err


def test_names_follow_an_edited_file_but_not_an_unrelated_one(tmp_path):
    path = tmp_path / "meeting.vtt"
    path.write_text(VTT, encoding="utf-8")
    assert main(["edit", str(path), "--rename-speaker", "SPEAKER_01", "Alice", "--no-index"]) == 0
    # a typo fixed and SPEAKER_02's turns removed: a new hash, the same path
    edited = VTT.replace("Line 1 said", "Line one said").replace("<v SPEAKER_02>", "<v SPEAKER_00>")
    path.write_text(edited, encoding="utf-8")
    doc = load_document(path)
    assert doc.speakers == ["SPEAKER_00", "Alice"]
    # naming another speaker in this version keeps Alice and saves both as this version's
    renamed, names = rename_speaker(doc, "SPEAKER_00", "Bob")
    save_names(doc.id, names, source=doc.path)
    assert load_names(doc.id) == {"SPEAKER_00": "Bob", "SPEAKER_01": "Alice"}
    # another recording under the same name, with other labels, gets no names
    path.write_text(VTT.replace("SPEAKER_0", "spk_"), encoding="utf-8")
    assert load_document(path).speakers == ["spk_0", "spk_1", "spk_2"]
