"""The environment for a Python child process started with ``python -m explorer...``."""
from __future__ import annotations

import os
from pathlib import Path


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment plus ``extra``, with this package's folder first on
    ``PYTHONPATH``, so that the child imports the same ``explorer`` whether it is installed
    or run from a source checkout."""
    root = str(Path(__file__).resolve().parents[2])
    inherited = filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))
    return {**os.environ, **extra, "PYTHONPATH": os.pathsep.join(dict.fromkeys([root, *inherited]))}
