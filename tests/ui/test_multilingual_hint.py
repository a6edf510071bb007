"""A document in a script the default model reads poorly suggests the multilingual one."""
from __future__ import annotations

import pytest

from tests.ui.test_chapter_export import _close, _open

KOREAN = ["내일은 전국에 비가 내릴 것이라고 기상청이 예보했습니다.", "비가 그친 뒤에는 기온이 크게 떨어지겠습니다.",
          "어젯밤 축구 경기는 정말 흥미진진했습니다.", "홈팀이 경기 종료 직전에 결승골을 넣었습니다."]


@pytest.mark.parametrize("lines, hinted", [(KOREAN, True), (["The harbour was busy.", "Ships came and went."], False)])
def test_a_korean_document_suggests_the_multilingual_model(qtbot, tmp_path, monkeypatch, lines, hinted):
    monkeypatch.delenv("STRATA_EMBEDDER", raising=False)  # the default model
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    win, workers, _session = _open(qtbot, tmp_path, path)
    try:
        qtbot.wait(50)
        shown = win.message_bar.isVisible() and "Multilingual e5-small" in win.message_bar.label.text()
        assert shown == hinted
    finally:
        _close(qtbot, win, workers)
