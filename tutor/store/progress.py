"""Progress is derived from transcripts: the newest unfinished one is where a learner resumes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import StorageError
from tutor.session.machine import Phase, State, replay
from tutor.store.transcript import transcripts_for

if TYPE_CHECKING:
    from tutor.store.records import Loaded


@dataclass(frozen=True)
class ResumePoint:
    """An unfinished session that can be continued."""

    loaded: Loaded
    state: State
    changed: bool  # the lesson's content changed since this session started

    @property
    def step_number(self) -> int | None:
        return self.state.step_number


def find_resumable(
    lesson: str, content_hash: str, *, root: Path | None = None
) -> ResumePoint | None:
    """The newest unfinished session of `lesson`, or None. Unreadable files are skipped."""
    newest = _newest_readable(lesson, root)
    if newest is None:
        return None
    loaded, state = newest
    if state.phase in (Phase.NOT_STARTED, Phase.COMPLETE):
        return None  # the newest session finished: start afresh
    return ResumePoint(loaded=loaded, state=state,
                       changed=loaded.header.content_hash != content_hash)


def lesson_finished(lesson: str, *, root: Path | None = None) -> bool:
    """The learner's newest readable session of `lesson` reached its end."""
    newest = _newest_readable(lesson, root)
    return newest is not None and newest[1].phase is Phase.COMPLETE


def _newest_readable(lesson: str, root: Path | None) -> tuple[Loaded, State] | None:
    """The learner's newest session of `lesson` that can be read, replayed; None if none."""
    paths = transcripts_for(lesson, root=root)
    if not paths:
        return None
    from tutor.store.records import load  # pydantic: only when there is something to read

    for path in reversed(paths):
        try:
            loaded = load(path)
        except StorageError:
            continue
        return loaded, replay(loaded.events)
    return None
