"""Korean, Chinese and Japanese text in the window's own widgets is drawn, not boxed, on a
machine with no font for it (PyMuPDF's Droid Sans Fallback is registered then)."""
from __future__ import annotations

import pytest


@pytest.fixture
def fresh_fonts(qapp):
    from PySide6.QtGui import QFontDatabase

    import explorer.ui.script_fonts as sf

    sf._state.clear()
    yield sf
    sf._state.clear()
    QFontDatabase.removeAllApplicationFonts()


def _no_cjk_font_installed() -> bool:
    from explorer.ui.script_fonts import _lacks_glyphs

    return _lacks_glyphs("보험약관")


def _drawn(font, text: str):  # noqa: ANN001, ANN202
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(320, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(4, 30, text)
    painter.end()
    return image


def test_cjk_text_is_told_from_latin_accents_and_arabic():
    from explorer.ui.script_fonts import has_cjk

    assert has_cjk(["Intro", "코로나-19 관련 보험약관"]) and has_cjk(["東京の会議"]) and has_cjk(["中文"])
    assert not has_cjk(["Ça déménage — naïve", "مرحبا", "Привет", ""])


def test_korean_is_drawn_with_the_fallback_where_no_font_writes_it(fresh_fonts):
    from PySide6.QtGui import QFont, QGuiApplication

    if not _no_cjk_font_installed():
        pytest.skip("this machine has a Korean font: the fallback is not needed")
    text = "보험약관상 재해보험금"
    boxes = _drawn(QGuiApplication.font(), text)
    assert fresh_fonts.ensure_glyphs_for(["Latin only"]) is None  # nothing to draw: nothing loaded
    family = fresh_fonts.ensure_glyphs_for(["Intro", text])
    assert family == "Droid Sans Fallback"
    drawn = _drawn(QFont(QGuiApplication.font()), text)
    assert drawn != boxes  # the interface font now finds real glyphs...
    assert drawn == _drawn(QFont(family, QGuiApplication.font().pointSize()), text)  # ...the fallback's


def test_a_system_cjk_font_is_preferred_to_the_fallback(fresh_fonts, monkeypatch):
    monkeypatch.setattr(fresh_fonts, "_lacks_glyphs", lambda chars: False)  # the system draws them
    assert fresh_fonts.ensure_glyphs_for(["한국어"]) is None


def test_opening_a_korean_transcript_registers_the_fallback(qtbot, window, tmp_path, fresh_fonts):
    if not _no_cjk_font_installed():
        pytest.skip("this machine has a Korean font: the fallback is not needed")
    talk = tmp_path / "talk.vtt"
    talk.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n안녕하세요, 회의를 시작하겠습니다.\n", encoding="utf-8")
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_path(str(talk))
    assert fresh_fonts._state.get("family") == "Droid Sans Fallback"
