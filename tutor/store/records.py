"""Reading transcripts back: the header and record models, validated by pydantic.

Separate from the writer (`tutor.store.transcript`) so that starting a new session, which
only writes, never imports pydantic; resuming, `tutor eval` and the tests read through here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tutor.errors import StorageError
from tutor.grading.verdict import Verdict
from tutor.session import events
from tutor.store.format import FORMAT

# The events are dataclasses that name `Verdict` only for type checkers, so that a new
# session never imports pydantic; pydantic resolves their annotations in their own module.
events.Verdict = Verdict  # type: ignore[attr-defined]

AnyEvent = Annotated[events.Event, Field(discriminator="type")]


class Header(BaseModel):
    """The first line of a transcript."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["header"] = "header"
    format: str = FORMAT
    session_id: str
    lesson: str
    lesson_path: str | None = None
    content_hash: str
    grader: str = ""
    started_at: str


class Record(BaseModel):
    """One line after the header: a machine event, or a note (hint text shown, lab use)."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["event", "note"]
    seq: int
    at: str
    event: AnyEvent | None = None
    note: dict[str, Any] = Field(default_factory=dict)


class Loaded(BaseModel):
    """A transcript read back: header, records and whether the tail was torn by a crash."""

    path: Path
    header: Header
    records: list[Record]
    torn_tail: bool = False

    @property
    def events(self) -> list[events.Event]:
        return [r.event for r in self.records if r.event is not None]


def load(path: Path) -> Loaded:
    """Read a transcript. A torn last line is dropped; any other damage is a StorageError."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"cannot read transcript {path}: {exc}") from None
    lines = raw.split("\n")
    torn = bool(lines[-1])  # text after the last newline was never finished
    body = [ln for ln in lines[:-1]]
    if not body:
        raise StorageError(f"{path}: empty transcript")
    try:
        header = Header.model_validate_json(body[0])
    except ValidationError as exc:
        problem = exc.errors()[0]["msg"]
        raise StorageError(f"{path}:1: not a transcript header ({problem})") from None
    records: list[Record] = []
    for number, line in enumerate(body[1:], start=2):
        if not line.strip():
            continue
        try:
            records.append(Record.model_validate_json(line))
        except ValidationError as exc:
            raise StorageError(f"{path}:{number}: bad transcript line "
                               f"({exc.errors()[0]['msg']})") from None
    return Loaded(path=path, header=header, records=records, torn_tail=torn)
