"""Which embedding engine a start-up takes from Settings, across the change of default."""
from __future__ import annotations

from PySide6.QtCore import QSettings

from explorer.app import apply_startup_settings


import pytest


@pytest.fixture(autouse=True)
def _no_engine_in_env(monkeypatch):  # noqa: ANN001
    """apply_startup_settings writes os.environ: restore it after each test, whatever it held."""
    monkeypatch.setenv("STRATA_EMBEDDER", "restored-after-the-test")
    monkeypatch.delenv("STRATA_EMBEDDER")


def _settings(tmp_path, **values) -> QSettings:  # noqa: ANN001, ANN003
    s = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        s.setValue(key.replace("__", "/"), value)
    return s


def test_an_st_saved_when_it_was_the_default_takes_the_new_default(tmp_path):
    """Settings once saved "st" on every OK, as the default shown: not a choice."""
    apply_startup_settings(_settings(tmp_path, analysis__embedder="st"))
    import os

    assert "STRATA_EMBEDDER" not in os.environ  # the default engine (onnx)


def test_a_choice_made_in_todays_settings_is_kept(qtbot, tmp_path):
    import os

    from explorer.ui.dialogs import SettingsDialog

    settings = _settings(tmp_path, analysis__embedder="st")
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.embedder.currentData() == "onnx"  # shown as the default, as it will run
    dlg.embedder.setCurrentIndex(dlg.embedder.findData("st"))
    dlg.accept()
    apply_startup_settings(settings)
    assert os.environ.get("STRATA_EMBEDDER") == "st"


def test_the_environment_wins(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    apply_startup_settings(_settings(tmp_path, analysis__embedder="e5", analysis__embedder_default="onnx"))
    assert os.environ["STRATA_EMBEDDER"] == "hashing"
