"""The passwords that opened encrypted PDFs in this process, by file.

The loader and the renderer are given a PDF's password; later stages open the same
file again by its path (layout analysis, the live layout of a page, the outline
export). They ask here rather than each taking a password through every call in
between. Kept in memory only, for the life of the process, as the window keeps it
for the open document.
"""
from __future__ import annotations

import os
import threading
from typing import Any, Optional

from .errors import PasswordRequired, WrongPassword

_lock = threading.Lock()
_known: dict[str, str] = {}


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.fspath(path))


def remember(path: str | os.PathLike[str], password: Optional[str]) -> None:
    """Note that ``password`` opened the PDF at ``path``."""
    if password:
        with _lock:
            _known[_key(path)] = password


def has_password(path: str | os.PathLike[str]) -> bool:
    """Whether a password opened the PDF at ``path`` in this process (other processes do
    not know it)."""
    with _lock:
        return _key(path) in _known


def authenticate(pdf: Any, path: str | os.PathLike[str], password: Optional[str] = None, *,
                 remembered: bool = True) -> None:
    """Unlock the PyMuPDF document ``pdf`` (opened from ``path``) with ``password`` or, when
    ``remembered``, the one that opened this file before; raise :class:`PasswordRequired`
    or :class:`WrongPassword` when neither does. A PDF without encryption passes as it is.
    The password that unlocks it is remembered for the next opening by path."""
    if not pdf.needs_pass:
        return
    known = None
    if remembered:
        with _lock:
            known = _known.get(_key(path))
    tried = [p for p in (password, known) if p]
    if not tried:
        raise PasswordRequired("the PDF is encrypted: a password is needed")
    for candidate in tried:
        if pdf.authenticate(candidate):
            remember(path, candidate)
            return
    raise WrongPassword("the password does not open this PDF")
