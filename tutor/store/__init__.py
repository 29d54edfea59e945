"""Storage: append-only transcripts, progress derived from them, atomic output files."""

from tutor.store.atomic import write_atomic
from tutor.store.progress import ResumePoint, find_resumable
from tutor.store.transcript import Header, Loaded, Record, Transcript, data_dir, load

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
