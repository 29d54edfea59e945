"""Results checkpointed as they arrive, so a killed `tutor grade` continues where it stopped.

A JSON Lines file beside the output: a header naming what the results depend on
(the answers, the lesson's content, the grader), then one line per graded answer
and, on the Batches API path, the batch id. A line torn by a kill is dropped; a
header that no longer matches makes the whole file stale, and it is started afresh.

Durability: every write goes to the operating system at once (written and flushed),
so a killed process (SIGKILL, a crash) loses no graded answer. fsync, which also
survives a power cut, costs a disk round trip (milliseconds, more on a busy disk) and
blocks the event loop while it runs, so it is batched: at most one every
`SYNC_EVERY_S` seconds, and always on `sync()`, `close()` and a batch id. A power
cut can cost at most the last second of results, which a rerun grades again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel, ValidationError

from tutor.batch.results import ResultRow
from tutor.errors import StorageError
from tutor.store import data_dir, write_atomic

FORMAT = "tutor-grade-checkpoint/1"
SUFFIX = ".partial.jsonl"
#: Longest time graded rows wait for an fsync (they are written and flushed at once).
SYNC_EVERY_S = 1.0


class CheckpointKey(BaseModel):
    """What the checkpointed results depend on; any change makes them stale."""

    answers: str
    lesson: str
    grader: str

    def changes_from(self, other: CheckpointKey) -> list[str]:
        """Names of what differs from an older key, in words."""
        names = {"answers": "the answers", "lesson": "the lesson", "grader": "the grader"}
        return [names[f] for f in names if getattr(self, f) != getattr(other, f)]


class _Header(BaseModel):
    kind: Literal["header"] = "header"
    format: str = FORMAT
    key: CheckpointKey
    created_at: str


class _Result(BaseModel):
    kind: Literal["result"] = "result"
    row: ResultRow


class _Batch(BaseModel):
    kind: Literal["batch"] = "batch"
    batch_id: str | None  # None: the batch was collected; nothing is waiting


def checkpoint_path(out: Path | None, source: Path | None) -> Path:
    """Beside the output file; for stdout, in the data folder, named after the input."""
    if out is not None:
        return out.with_name(out.name + SUFFIX)
    origin = str(source.resolve()) if source is not None else "<stdin>"
    name = hashlib.sha256(origin.encode()).hexdigest()[:16]
    return data_dir() / "grade-checkpoints" / f"{name}{SUFFIX}"


class Checkpoint:
    """An open checkpoint: results already graded, and an append handle for new ones."""

    def __init__(self, path: Path, done: dict[str, ResultRow], batch_id: str | None) -> None:
        self.path = path
        self.done = done
        self.batch_id = batch_id
        self._fh: IO[str] | None = None
        self._synced_at = time.monotonic()
        self._unsynced = False

    @classmethod
    def open(cls, path: Path, key: CheckpointKey) -> tuple[Checkpoint, str | None]:
        """Resume from `path` if it matches `key`, else start afresh; also a notice to show."""
        header, done, batch_id, torn = _read(path)
        notice: str | None = None
        if header is not None and header.key == key:
            if done or batch_id:
                notice = f"resuming from {path}: {len(done)} answer(s) already graded"
        else:
            done, batch_id = {}, None
            if header is not None:
                changed = ", ".join(key.changes_from(header.key)) or "the format"
                notice = f"ignoring stale checkpoint {path}: {changed} changed since it was written"
            elif torn:
                notice = f"ignoring unreadable checkpoint {path}"
            header = _Header(key=key, created_at=datetime.now(UTC).isoformat(timespec="seconds"))
        lines = [header.model_dump_json()]
        lines += [_Result(row=r).model_dump_json() for r in done.values()]
        if batch_id:
            lines.append(_Batch(batch_id=batch_id).model_dump_json())
        # Rewritten whole so a line torn by a kill never sits before new ones.
        write_atomic(path, "\n".join(lines) + "\n")
        checkpoint = cls(path, done, batch_id)
        checkpoint._fh = _append_handle(path)
        return checkpoint, notice

    def record(self, rows: Iterable[ResultRow]) -> None:
        """Keep graded rows (rows with an error are left to be graded again on a rerun)."""
        kept = [r for r in rows if r.error is None]
        for row in kept:
            self.done[row.id] = row
        self._write(_Result(row=r).model_dump_json() for r in kept)

    def record_batch(self, batch_id: str | None) -> None:
        """Remember a sent batch so a rerun collects it, not a new one (None: collected)."""
        self.batch_id = batch_id
        self._write([_Batch(batch_id=batch_id).model_dump_json()])
        self.sync()  # a batch sent and forgotten would be paid for twice

    def sync(self) -> None:
        """fsync what has been written (it is already safe from a kill; now from a power cut)."""
        if self._fh is None or not self._unsynced:
            return
        try:
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise StorageError(f"cannot write checkpoint {self.path}: {exc.strerror}") from None
        self._synced_at = time.monotonic()
        self._unsynced = False

    def close(self) -> None:
        """Sync and close the append handle; the file stays for a rerun."""
        if self._fh is not None:
            try:
                self.sync()
            finally:
                self._fh.close()
                self._fh = None

    def discard(self) -> None:
        """Everything is graded and written: the checkpoint is no longer needed."""
        if self._fh is not None:  # no fsync: the file is about to go
            self._fh.close()
            self._fh = None
        self.path.unlink(missing_ok=True)

    def _write(self, lines: Iterable[str]) -> None:
        text = "".join(line + "\n" for line in lines)
        if not text or self._fh is None:
            return
        try:
            self._fh.write(text)
            self._fh.flush()  # in the OS now: a killed process loses nothing
        except OSError as exc:
            raise StorageError(f"cannot write checkpoint {self.path}: {exc.strerror}") from None
        self._unsynced = True
        if time.monotonic() - self._synced_at >= SYNC_EVERY_S:
            self.sync()


def _append_handle(path: Path) -> IO[str]:
    try:
        return path.open("a", encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"cannot write checkpoint {path}: {exc.strerror}") from None


def _read(path: Path) -> tuple[_Header | None, dict[str, ResultRow], str | None, bool]:
    """Header, graded rows and batch id from a checkpoint; stops at the first torn line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, {}, None, False
    except (OSError, UnicodeDecodeError):
        return None, {}, None, True
    lines = text.splitlines()
    try:
        header = _Header.model_validate_json(lines[0]) if lines else None
    except ValidationError:
        return None, {}, None, True
    if header is None or header.format != FORMAT:
        return None, {}, None, True
    done: dict[str, ResultRow] = {}
    batch_id: str | None = None
    for line in lines[1:]:
        try:
            kind = json.loads(line).get("kind")
            if kind == "result":
                row = _Result.model_validate_json(line).row
                done[row.id] = row
            elif kind == "batch":
                batch_id = _Batch.model_validate_json(line).batch_id
        except (ValueError, AttributeError):
            break  # a kill mid-write leaves at most one torn line, at the end
    return header, done, batch_id, False
