"""Append-only JSONL transcripts: every session event, flushed and fsynced as it happens.

A transcript is the session's event log. Replaying its events through the state
machine rebuilds the session exactly, so a session killed at any moment resumes at
the same step with nothing lost. `tutor eval` reads the same files (format c).
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import StorageError

if TYPE_CHECKING:
    from tutor.session.events import Event
    from tutor.store.records import Loaded

FORMAT = "tutor-transcript/1"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def data_dir() -> Path:
    """Where transcripts live: $TUTOR_DATA_DIR, else the platform's user data folder."""
    override = os.environ.get("TUTOR_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("tutor", appauthor=False)


class Transcript:
    """An open transcript file that events are appended to."""

    def __init__(self, path: Path, seq: int = 0) -> None:
        self.path = path
        self.seq = seq

    @classmethod
    def create(
        cls, lesson: str, content_hash: str, *, lesson_path: str | None = None,
        grader: str = "", root: Path | None = None, shelf: str = "transcripts",
        extra: dict[str, Any] | None = None,
    ) -> Transcript:
        """Start a new transcript for a lesson, in `shelf` (`reviews` keeps review sessions
        apart from the lesson's own, which are resumed); `extra` joins the header."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        session_id = f"{stamp}-{secrets.token_hex(3)}"
        folder = (root or data_dir()) / shelf / lesson
        # The fields of `tutor.store.records.Header`, in its order (a test checks they agree).
        header = {"kind": "header", "format": FORMAT, "session_id": session_id, "lesson": lesson,
                  "lesson_path": lesson_path, "content_hash": content_hash, "grader": grader,
                  "started_at": _now(), **(extra or {})}
        transcript = cls(folder / f"{session_id}.jsonl")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {folder}: {exc.strerror}") from None
        transcript._write(header)
        return transcript

    @classmethod
    def reopen(cls, loaded: Loaded) -> Transcript:
        """Continue appending to a transcript that was read back (after repairing a torn tail)."""
        if loaded.torn_tail:
            _repair(loaded.path)
        seq = loaded.records[-1].seq if loaded.records else 0
        return cls(loaded.path, seq)

    def append(self, event: Event) -> None:
        """Record one machine event, durably."""
        self.seq += 1
        self._write({"kind": "event", "seq": self.seq, "at": _now(),
                     "event": event.to_json()})

    def note(self, **data: Any) -> None:
        """Record something the learner saw or did that is not a machine event."""
        self.seq += 1
        self._write({"kind": "note", "seq": self.seq, "at": _now(), "note": data})

    def _write(self, obj: dict[str, Any]) -> None:
        line = json.dumps(obj, ensure_ascii=False) + "\n"
        try:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise StorageError(
                f"cannot write the transcript {self.path}: {exc.strerror}. "
                "Free some disk space; your answer is still on screen."
            ) from None


def _repair(path: Path) -> None:
    """Cut a half-written last line (a kill during a write) so appends start clean."""
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    with path.open("r+b") as fh:
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())


def transcripts_for(lesson: str, *, root: Path | None = None,
                    shelf: str = "transcripts") -> list[Path]:
    """A lesson's transcripts (or, with `shelf="reviews"`, its reviews), oldest first."""
    folder = (root or data_dir()) / shelf / lesson
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
