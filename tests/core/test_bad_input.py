"""Bad input through ``strata-cli info``: exit 1, exactly one clear line on stderr, no traceback.

Also checks the loader-level errors (``PasswordRequired``, ``WrongPassword``,
``LoadError``) and that a damaged-but-repairable PDF loads with a warning.
"""
from __future__ import annotations

import os
import random

import pytest

from explorer.cli import main
from explorer.core.errors import LoadError, PasswordRequired, WrongPassword
from explorer.core.loaders import load_document


def _good_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        page.insert_text((72, 72), f"Hello from page {i}. This is a sentence. " * 2, fontsize=10)
    return doc.tobytes()


def _encrypted(path) -> None:
    import pymupdf

    doc = pymupdf.open(stream=_good_pdf(), filetype="pdf")
    doc.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner-pw")


def _junk(n: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) for _ in range(n))


CASES = {
    "empty.pdf": (lambda p: p.write_bytes(b""), "the file is empty (0 bytes)"),
    "truncated.pdf": (lambda p: p.write_bytes(_good_pdf()[:60]), "this PDF is damaged or is not a PDF; it cannot be opened"),
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n" + _junk(4000, 1)), "this PDF is damaged or is not a PDF; it cannot be opened"),
    "photo.pdf": (lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _junk(3000, 2)), "this is a JPEG image"),
    "junk.pdf": (lambda p: p.write_bytes(b"\x00\x01\x02\x03" + _junk(3000, 3)), "binary"),
    "locked.pdf": (_encrypted, "this PDF is encrypted: give its password (--password)"),
    # office files Strata does not read say what they are and what to do
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _junk(3000, 4)),
                "transcript: save it as .docx without a password, or as PDF, and open that"),
    "deck.pptx": (lambda p: _zip(p, "ppt/presentation.xml"), "the PowerPoint file is damaged or is not a .pptx deck"),
    "sheet.xlsx": (lambda p: _zip(p, "xl/workbook.xml"), "this is an Excel workbook (.xlsx), not a PDF"),
}


def _zip(path, member: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, "<p/>")


def _run(capsys, *argv):
    code = main(["info", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_exit_1_and_one_clear_line(tmp_path, capsys, name):
    make, message = CASES[name]
    path = tmp_path / name
    make(path)
    code, out, err = _run(capsys, str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}: ")
    assert message in lines[0]
    assert "Traceback" not in err and "Traceback" not in out


def test_wrong_password_says_so(tmp_path, capsys):
    path = tmp_path / "locked.pdf"
    _encrypted(path)
    code, _, err = _run(capsys, str(path), "--password", "guess")
    assert code == 1
    assert err.strip() == f"{path}: the password does not open this PDF"


def test_right_password_opens(tmp_path, capsys):
    path = tmp_path / "locked.pdf"
    _encrypted(path)
    code, out, err = _run(capsys, str(path), "--password", "secret")
    assert code == 0 and err == ""
    assert "3 pages, 12 sentences" in out


def test_loader_errors_are_typed(tmp_path):
    path = tmp_path / "locked.pdf"
    _encrypted(path)
    with pytest.raises(PasswordRequired):
        load_document(path)
    with pytest.raises(WrongPassword):
        load_document(path, password="nope")
    assert len(load_document(path, password="secret").sentences) == 12
    missing = tmp_path / "missing.pdf"
    with pytest.raises(LoadError, match="file not found"):
        load_document(missing)


def test_one_bad_file_among_good_ones(tmp_path, capsys):
    good = tmp_path / "good.pdf"
    good.write_bytes(_good_pdf())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    code, out, err = _run(capsys, str(good), str(bad), str(good))
    assert code == 1
    assert err.strip().splitlines() == [f"{bad}: the file is empty (0 bytes)"]
    assert out.count("3 pages, 12 sentences") == 2


def test_repairable_truncated_pdf_loads_with_a_warning(tmp_path):
    data = _good_pdf()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    doc = load_document(path)
    assert doc.page_count >= 1
    assert any("damaged" in w for w in doc.warnings)


def test_damaged_pdf_from_random_bytes_never_crashes(tmp_path):
    """Flip bytes all over a valid PDF: either a Document or a LoadError, nothing else."""
    data = bytearray(_good_pdf())
    rnd = random.Random(7)
    for trial in range(25):
        mutated = bytearray(data)
        for _ in range(rnd.randint(1, 40)):
            mutated[rnd.randrange(9, len(mutated))] = rnd.getrandbits(8)
        if trial % 5 == 0:
            mutated = mutated[: rnd.randrange(10, len(mutated))]
        path = tmp_path / f"m{trial}.pdf"
        path.write_bytes(bytes(mutated))
        try:
            load_document(path)
        except LoadError:
            pass
    assert os.listdir(tmp_path)
