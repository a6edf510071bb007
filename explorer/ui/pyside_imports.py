"""A cheaper answer to PySide6's question, asked of every module imported after it: does
this module's source mention "PySide6"?

PySide6 replaces ``builtins.__import__`` to support ``from __feature__ import
snake_case``. After each new module it calls ``shibokensupport.feature._mod_uses_pyside``,
which reads the module's whole source through ``inspect.getsource``: ``inspect`` looks the
module up among all loaded ones, ``linecache`` splits the file into lines and keeps them
for the life of the process. Over the ingest of a 400-page PDF in the window that was
108 ms in all, 89 ms of it on the window's thread (most at launch, 227 modules), and
3.7 MB of source text kept in ``linecache``; with this module's check, 19 ms (15 ms).

:func:`lighten_pyside_import_check` swaps in a function that gives the same answer for
every module (a search for the same word in the same file, read as bytes) without the
lookup and without keeping the text. Strata selects no ``__feature__``, so the answer
matters little; it is kept the same anyway. Where a PySide6 release no longer has the
function, nothing is changed.
"""
from __future__ import annotations

import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"


def _mod_uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source file mentions PySide6; False where there is no source
    file (built-in, extension and frozen modules), as ``inspect.getsource`` would fail."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as fh:
            return b"PySide6" in fh.read()
    except OSError:
        return False


def lighten_pyside_import_check() -> bool:
    """Replace PySide6's per-import source check with :func:`_mod_uses_pyside`; True when
    it is in place. Call after PySide6 has been imported; calling again does nothing."""
    feature = sys.modules.get(_FEATURE_MODULE)
    current = getattr(feature, "_mod_uses_pyside", None)
    if current is _mod_uses_pyside:
        return True
    if not callable(current):
        log.debug("PySide6 has no %s._mod_uses_pyside; its import check is left as it is", _FEATURE_MODULE)
        return False
    feature._mod_uses_pyside = _mod_uses_pyside
    return True
