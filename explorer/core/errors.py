"""Errors a user can act on.

Every failure that reaches the user is a :class:`StrataError` whose ``str()`` is one
clear sentence (no traceback). The CLI prints it as ``PATH: message``; the window
shows it in a non-modal bar.
"""
from __future__ import annotations


class StrataError(Exception):
    """Base class: the message is meant for the user."""


class LoadError(StrataError):
    """A file could not be loaded (unreadable, corrupt, unsupported, empty)."""


class UnsupportedFormat(LoadError):
    """The file's content is not a format Strata reads."""


class EmptyDocument(LoadError):
    """The file holds no text Strata can use."""


class PasswordRequired(LoadError):
    """The PDF is encrypted and no password was given."""


class WrongPassword(LoadError):
    """The PDF is encrypted and the given password does not open it."""


class FileChanged(StrataError):
    """The document's file is no longer the version shown (rewritten since it was read)."""


class StorageError(StrataError):
    """Writing to the data folder failed (full disk, permissions); nothing was changed."""


class IndexError_(StrataError):
    """The search index could not be read or written."""
