"""End-to-end set-up: Qt warnings fail tests; the fast hashing embedder; a clean process-wide embedder."""
from __future__ import annotations

import pytest


def pytest_configure(config):  # noqa: ANN001
    config.addinivalue_line("qt_log_ignore", "This plugin does not support propagateSizeHints")


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))


@pytest.fixture(autouse=True)
def _hashing_embedder(monkeypatch):
    from explorer.core import embedding
    from explorer.ui import analysis

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr(embedding, "_default", None)
    analysis.reset_libraries()
    yield
    analysis.reset_libraries()
