"""Serving: the current artifact, loaded once per process and reloaded only when the
`current` pointer changes (checked with one stat per call)."""

from __future__ import annotations

import threading
from pathlib import Path

from . import artifacts
from .artifacts import Bundle

_lock = threading.Lock()
_cache: dict[str, object] = {"key": None, "bundle": None}


def _pointer_key(base: Path) -> tuple | None:
    try:
        st = (base / artifacts.POINTER).stat()
    except FileNotFoundError:
        return None
    return (str(base), st.st_mtime_ns, st.st_size, st.st_ino)


def bundle() -> Bundle | None:
    """The served model, or None when no model has been trained yet."""
    base = artifacts.root()
    key = _pointer_key(base)
    if key is None:
        return None
    if _cache["key"] == key:
        return _cache["bundle"]  # type: ignore[return-value]
    with _lock:
        if _cache["key"] != key:
            version = artifacts.current_version(base)
            loaded = artifacts.load(version, base) if version else None
            _cache["bundle"], _cache["key"] = loaded, key
    return _cache["bundle"]  # type: ignore[return-value]


def forget() -> None:
    """Drop the cached model (tests)."""
    with _lock:
        _cache["key"] = _cache["bundle"] = None
