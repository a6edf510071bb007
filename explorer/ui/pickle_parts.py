"""Results from a child process, unpickled in small parts so the window never waits long.

``pickle.loads`` is one C call that holds the interpreter lock until it returns. A
400-page document (8,800 sentences with their rectangles) took ~110 ms to unpickle
and an analysis' layout blocks ~45 ms: the window's thread waited that long for the
lock while a lane thread read the result. :func:`pack` (in the child) replaces the
big lists, dicts and arrays among a result's attributes by separately pickled parts;
:func:`unpack` (in a lane thread of the window's process) loads them one part at a
time, so between parts the interpreter hands the lock back to the window (its switch
interval is 5 ms). Qt-free: the child imports it.
"""
from __future__ import annotations

import copy
import dataclasses
import pickle
import sys
from typing import Any

LIST_PART = 400  # list items per part (a few ms to unpickle 400 sentences)
ARRAY_PART_BYTES = 1 << 20  # an array's rows per part: the 13.5 MB of a 400-page manual's
# sentence vectors took up to 26 ms in one pickle.loads on a quiet machine (faulting in
# fresh memory) and 50 ms under load
DICT_PART = 16  # dict items per part (16 pages of layout blocks)
_DEPTH = 2  # result -> attribute object (e.g. Analysis.doc) -> its lists


class Parts:
    """A big list, dict or array carried as separately pickled parts."""

    def __init__(self, kind: str, parts: list[bytes], shape: tuple = (), dtype: Any = None) -> None:
        self.kind = kind
        self.parts = parts
        self.shape = shape  # of an array
        self.dtype = dtype

    def load(self) -> Any:
        if self.kind == "array":  # filled slice by slice: no one copy of the whole array
            import numpy as np

            out = np.empty(self.shape, dtype=self.dtype)
            row = 0
            for part in self.parts:
                piece = pickle.loads(part)
                out[row : row + len(piece)] = piece
                row += len(piece)
            return out
        if self.kind == "list":
            out: list = []
            for part in self.parts:
                out.extend(pickle.loads(part))
            return out
        merged: dict = {}
        for part in self.parts:
            merged.update(pickle.loads(part))
        return merged


def _attrs(obj: Any) -> dict[str, Any] | None:
    """An object's attributes (dataclass fields, slotted or not, or its ``__dict__``)."""
    if isinstance(obj, type):
        return None
    if dataclasses.is_dataclass(obj):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if hasattr(obj, f.name)}
    return vars(obj) if hasattr(obj, "__dict__") else None


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _split(value: Any, depth: int) -> Any:
    np = sys.modules.get("numpy")  # not imported for it: without numpy loaded there is no array
    if np is not None and type(value) is np.ndarray and value.nbytes > ARRAY_PART_BYTES and value.ndim >= 1 and not value.dtype.hasobject:
        rows = max(1, ARRAY_PART_BYTES // max(1, value[:1].nbytes))
        return Parts("array", [_dumps(value[i : i + rows]) for i in range(0, len(value), rows)],
                     shape=value.shape, dtype=value.dtype)
    if isinstance(value, list) and len(value) > LIST_PART:
        return Parts("list", [_dumps(value[i : i + LIST_PART]) for i in range(0, len(value), LIST_PART)])
    if type(value) is dict and len(value) > DICT_PART:
        items = list(value.items())
        return Parts("dict", [_dumps(dict(items[i : i + DICT_PART])) for i in range(0, len(items), DICT_PART)])
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_split(v, depth) for v in value)
    fields = _attrs(value) if depth > 0 else None
    if fields:
        if any(isinstance(v, (list, dict, tuple)) or _attrs(v) for v in fields.values()):
            clone = copy.copy(value)  # never change the child's own object
            for name, v in fields.items():
                new = _split(v, depth - 1)
                if new is not v:
                    object.__setattr__(clone, name, new)
            return clone
    return value


def pack(result: Any) -> Any:
    """``result`` with its big lists and dicts (up to two attribute levels deep) in parts."""
    return _split(result, _DEPTH)


def parts_size(result: Any, depth: int = _DEPTH) -> int:
    """Bytes of pickled parts in a :func:`pack`-ed result: how many objects :func:`unpack` will
    make (0 for a result of a few big strings, such as a rendered page)."""
    if isinstance(result, Parts):
        return 0 if result.kind == "array" else sum(len(p) for p in result.parts)  # an array is few objects
    if isinstance(result, tuple) and not hasattr(result, "_fields"):
        return sum(parts_size(v, depth) for v in result)
    fields = _attrs(result) if depth > 0 else None
    return sum(parts_size(v, depth - 1) for v in (fields or {}).values())


def unpack(result: Any, depth: int = _DEPTH) -> Any:
    """Inverse of :func:`pack`: load every :class:`Parts` in place, one part at a time."""
    if isinstance(result, Parts):
        return result.load()
    if isinstance(result, tuple) and not hasattr(result, "_fields"):
        return tuple(unpack(v, depth) for v in result)
    fields = _attrs(result) if depth > 0 else None
    for name, v in list((fields or {}).items()):
        new = unpack(v, depth - 1)
        if new is not v:
            object.__setattr__(result, name, new)
    return result
