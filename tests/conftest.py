"""Shared test set-up: offline, headless, and every test in its own data folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STRATA_SHARED_DIR", ROOT.parent / "shared")) / "data"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Never touch the user's library: each test gets a fresh data dir. The embedding
    cache is shared across the session so the real model runs once per text."""
    data = tmp_path_factory.mktemp("strata-data")
    monkeypatch.setenv("STRATA_DATA_DIR", str(data))
    monkeypatch.setenv("STRATA_CACHE_DIR", str(_session_cache_dir(tmp_path_factory)))
    yield


_CACHE: list[Path] = []


def _session_cache_dir(factory) -> Path:
    if not _CACHE:
        _CACHE.append(factory.mktemp("strata-cache"))
    return _CACHE[0]


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set STRATA_SHARED_DIR)")
    return SHARED
