"""``strata-cli info``: text and JSON reports, exit codes, and the shared PDF corpus."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from explorer.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _pdf_with_outline(path: Path) -> None:
    doc = pymupdf.open()
    for i in range(2):
        page = doc.new_page()
        page.insert_text((72, 80), f"Chapter {i + 1}", fontsize=18)
        page.insert_textbox(pymupdf.Rect(72, 100, 520, 400), "Some text here. More text there. " * 3, fontsize=10)
    doc.set_toc([[1, "Chapter 1", 1], [1, "Chapter 2", 2]])
    doc.set_metadata({"title": "Two Chapters", "author": "A. Writer"})
    doc.save(str(path))


def test_info_text_report(tmp_path, capsys):
    path = tmp_path / "book.pdf"
    _pdf_with_outline(path)
    assert main(["info", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        str(path),
        "  kind: pdf (pdf), 2 pages, 14 sentences",
        "  title: Two Chapters",
        "  outline: 2 entries (Chapter 1; Chapter 2)",
    ]


def test_info_json_lists_every_file_including_failures(tmp_path, capsys):
    path = tmp_path / "book.pdf"
    _pdf_with_outline(path)
    missing = tmp_path / "nope.pdf"
    assert main(["info", "--json", str(path), str(missing)]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [d["ok"] for d in data] == [True, False]
    ok = data[0]
    assert ok["kind"] == "pdf" and ok["pages"] == 2 and ok["sentences"] == 14
    assert ok["reference_chapters"] == 2 and ok["chapters_mapped"] == 2
    assert ok["reference_chapter_titles"] == ["Chapter 1", "Chapter 2"]
    assert ok["metadata"]["author"] == "A. Writer"
    assert ok["notes"] == 0
    assert data[1]["error"] == "file not found"
    assert err.strip() == f"{missing}: file not found"


def test_info_counts_notes_and_keeps_the_speaker_labels_bookkeeping_out(tmp_path, capsys):
    from explorer.core.loaders import load_document
    from explorer.core.notes import NotesStore, new_note

    talk = tmp_path / "talk.vtt"
    talk.write_text("WEBVTT\n\n" + "\n".join(
        f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.000\n<v SPEAKER_0{i % 2}>Line {i} about the sea.\n"
        for i in range(6)), encoding="utf-8")
    assert main(["edit", str(talk), "--rename-speaker", "SPEAKER_01", "Ann", "--no-index"]) == 0
    NotesStore().save(load_document(talk), [new_note(1, 2, "Check"), new_note(3, 4, "And this")])
    capsys.readouterr()
    assert main(["info", "--json", str(talk)]) == 0
    (info,) = json.loads(capsys.readouterr().out)
    assert info["notes"] == 2 and info["speakers"] == ["SPEAKER_00", "Ann"]
    assert set(info["metadata"]) >= {"speaker_names"} and "speaker_labels" not in info["metadata"]
    assert main(["info", str(talk)]) == 0
    assert "  notes: 2 (strata-cli notes lists them)" in capsys.readouterr().out.splitlines()


def test_console_script_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    proc = subprocess.run(
        [sys.executable, "-m", "explorer.cli", "info", str(bad)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"{bad}: this PDF is damaged or is not a PDF; it cannot be opened"]


@pytest.mark.slow
def test_info_on_every_shared_pdf(shared_data, capsys):
    pdfs = sorted((shared_data / "pdfs").glob("*.pdf"))
    assert len(pdfs) >= 30
    assert main(["info", "--json", *map(str, pdfs)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = {Path(d["path"]).name: d for d in json.loads(out)}
    # page counts from the corpus MANIFEST
    assert data["book_mupdf_explored.pdf"]["pages"] == 285
    assert data["report_irs_irm_2.3.59_400p.pdf"]["pages"] == 400
    # outlines: entries and how many map onto a sentence
    book = data["book_mupdf_explored.pdf"]
    assert book["reference_chapters"] == 352 and book["chapters_mapped"] >= 340
    assert data["manual_pymupdf_docs_v1.8.pdf"]["reference_chapters"] == 60
    # image-only scans load with a warning and no sentences (unless tesseract is installed)
    scan = data["scan_huckfinn_c02-22.pdf"]
    assert scan["pages"] == 1
    if scan["sentences"] == 0:
        assert scan["warnings"] == [
            "page 1 has no text layer; install tesseract to read it (apt-get install tesseract-ocr)"
        ]
    # every text PDF yields sentences
    for name, d in data.items():
        if not name.startswith("scan_"):
            assert d["sentences"] > 0, name


def test_info_reports_transcripts_and_chapter_files(tmp_path, capsys):
    vtt = tmp_path / "talk.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Hello and welcome to the show.\n\n"
        "00:00:04.000 --> 00:00:08.000\n<v Bob>Thanks, glad to be here.\n",
        encoding="utf-8",
    )
    chapters = tmp_path / "talk.chapters.txt"
    chapters.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=4000\ntitle=Opening\n"
                        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=8000\ntitle=Guest\n", encoding="utf-8")
    code = main(["info", "--json", str(vtt), str(chapters)])
    out, err = capsys.readouterr()
    assert code == 0, err
    talk, chap = json.loads(out)
    assert talk["kind"] == "transcript" and talk["speakers"] == ["Ann", "Bob"] and talk["sentences"] == 2
    assert chap["kind"] == "chapters" and chap["reference_chapter_titles"] == ["Opening", "Guest"]


@pytest.mark.slow
def test_info_on_shared_transcript_samples(shared_data, capsys):
    paths = sorted((shared_data / "transcripts" / "samples").iterdir())
    assert main(["info", *map(str, paths)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("kind: transcript") >= 10


def test_info_names_the_recording_beside_a_transcript(tmp_path, capsys):
    talk = tmp_path / "interview.vtt"
    talk.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Welcome back.\n", encoding="utf-8")
    (tmp_path / "interview.m4a").write_bytes(b"\x00" * 16)
    assert main(["info", str(talk)]) == 0
    assert f"recording: {tmp_path / 'interview.m4a'}" in capsys.readouterr().out
    assert main(["info", "--json", str(talk)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["recording"] == str(tmp_path / "interview.m4a")


def test_info_calls_a_word_report_a_text_document_with_an_outline(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for topic in ("Scope", "Findings"):
        document.add_heading(topic, level=1)
        document.add_paragraph(f"The {topic.lower()} of the review are set out here.")
    path = tmp_path / "review.docx"
    document.save(path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "kind: text document (docx), 4 sentences" in out and "unknown duration" not in out
    assert "outline: 2 entries (Scope; Findings)" in out
