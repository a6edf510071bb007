"""Bad transcript input gets one clear LoadError sentence; odd encodings still load."""

from __future__ import annotations

import codecs
import io
import random
import zipfile

import pytest

from explorer.core.errors import EmptyDocument, LoadError, UnsupportedFormat
from explorer.core.loaders import load_document
from explorer.core.loaders.transcripts import load_transcript

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Zoë>Café crème – naïve “quotes”.\n\n"
    "00:00:03.000 --> 00:00:05.000\n<v Zoë>Second line.\n"
)


def _one_sentence(exc: Exception) -> str:
    msg = str(exc)
    assert msg and "\n" not in msg and "Traceback" not in msg
    return msg


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.vtt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument) as info:
        load_document(path)
    assert "empty" in _one_sentence(info.value)
    with pytest.raises(EmptyDocument):
        load_transcript("empty.vtt", b"")


@pytest.mark.parametrize(
    "content",
    [
        b"   \n\n\t ",
        b"WEBVTT\n\n",
        b"WEBVTT\n\nNOTE nothing here\n",
        b"1\n00:00:01,000 --> 00:00:02,000\n\n",
        b'{"segments": []}',
        "\ufeff".encode("utf-8"),
    ],
)
def test_empty_transcript(content):
    with pytest.raises(EmptyDocument) as info:
        load_transcript("t.vtt", content)
    assert _one_sentence(info.value) in ("the transcript has no text", "the file is empty (0 bytes)")


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-16-le", True),
        ("utf-16-be", True),
        ("utf-16-le", False),
        ("utf-16-be", False),
        ("utf-8", True),
        ("utf-8", False),
    ],
)
def test_unicode_encodings_with_and_without_bom(encoding, bom):
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}
    data = (boms[encoding] if bom else b"") + VTT.encode(encoding)
    doc = load_transcript("t.vtt", data)
    assert doc.format == "webvtt"
    assert doc.cues[0].text == "Café crème – naïve “quotes”."
    assert doc.speakers == ["Zoë"]


def test_cp1252_transcript():
    text = "1\n00:00:01,000 --> 00:00:02,000\nCafé – “naïve” façade.\n"
    doc = load_transcript("t.srt", text.encode("cp1252"))
    assert doc.cues[0].text == "Café – “naïve” façade."
    assert doc.metadata["encoding"] == "cp1252"


def test_malformed_timestamps_are_skipped_with_a_warning():
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nGood one.\n\n2\n00:0x:03,000 --> 00:00:04,000\nBad one.\n\n"
        b"3\n00:00:05,000 --> 00:00:04,000\nBackwards.\n\n4\n00:00:06,000 --> 00:00:07,000\nGood two.\n"
    )
    doc = load_transcript("t.srt", data)
    assert [c.text for c in doc.cues] == ["Good one.", "Good two."]
    assert doc.warnings == ["2 cues with malformed timestamps were skipped"]


@pytest.mark.parametrize(
    "data",
    [
        b"WEBVTT\n\n00:00:aa.000 --> 00:00:02.000\nOne.\n\n00:00:99.000 --> 00:01:00.000\nTwo.\n",
        b"1\n00:00:01,000 --> 00:00:00,500\nBackwards.\n",
        b"[00:61:00] Bob: hi\n[00:99:00] Ann: yo\n",
    ],
)
def test_all_timestamps_malformed(data):
    with pytest.raises(LoadError) as info:
        load_transcript("t.txt", data)
    assert "malformed" in _one_sentence(info.value)


def test_malformed_json_and_foreign_json():
    with pytest.raises(LoadError) as info:
        load_transcript("t.json", b'{"segments": [{"start": 0, "end": 1, "text": "hi"}')
    assert "JSON" in _one_sentence(info.value)
    with pytest.raises(UnsupportedFormat):
        load_transcript("t.json", b'{"name": "package", "version": "1.0"}')
    doc = load_transcript(
        "t.json",
        b'{"segments": [{"start": "x", "end": 1, "text": "bad"}, {"start": 1, "end": 2, "text": "Good."}]}',
    )
    assert [c.text for c in doc.cues] == ["Good."] and doc.warnings


JPEG = bytes.fromhex("ffd8ffe000104a46494600010101004800480000ffdb004300") + bytes(range(256)) * 4


@pytest.mark.parametrize("name", ["photo.vtt", "photo.srt", "photo.txt"])
def test_jpeg_named_as_transcript(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(JPEG)
    with pytest.raises(UnsupportedFormat) as info:
        load_document(path)
    _one_sentence(info.value)
    with pytest.raises(UnsupportedFormat):
        load_transcript(name, JPEG)


@pytest.mark.parametrize("seed", range(5))
def test_random_binary(seed):
    data = random.Random(seed).randbytes(4096)
    with pytest.raises(UnsupportedFormat) as info:
        load_transcript("junk.vtt", data)
    assert "binary" in _one_sentence(info.value)


def test_zip_that_is_not_docx_and_corrupt_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(UnsupportedFormat):
        load_transcript("a.docx", buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not really/>")
    with pytest.raises(LoadError) as info:
        load_transcript("a.docx", buf.getvalue())
    assert "Word" in _one_sentence(info.value)
    with pytest.raises(LoadError):
        load_transcript("a.docx", buf.getvalue()[:40])


def test_huge_numbers_and_deep_json_do_not_crash():
    try:
        load_transcript("a.json", b"[" * 100000)  # not JSON: at most a line of brackets
    except LoadError:
        pass
    doc = load_transcript(
        "a.json",
        b'{"segments": [{"start": 1e308, "end": 1e309, "text": "x"}, {"start": 0, "end": 1, "text": "ok."}]}',
    )
    assert len(doc.cues) == 1


def test_a_stray_nul_byte_does_not_make_text_binary():
    doc = load_transcript("t.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHello.\n\x00")
    assert doc.cues[0].text == "Hello."
