"""Storage: append-only transcripts, progress derived from them, atomic output files.

The transcript reader (`Header`, `Record`, `Loaded`, `load`) is imported on first use: it
needs pydantic, and starting a new session only writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.store.atomic import write_atomic
from tutor.store.progress import ResumePoint, find_resumable
from tutor.store.transcript import Transcript, data_dir

if TYPE_CHECKING:
    from tutor.store.records import Header, Loaded, Record, load

_READER = ("Header", "Loaded", "Record", "load")

__all__ = [
    "Header",
    "Loaded",
    "Record",
    "ResumePoint",
    "Transcript",
    "data_dir",
    "find_resumable",
    "load",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    """`from tutor.store import load` imports the reader, once."""
    if name in _READER:
        from tutor.store import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
