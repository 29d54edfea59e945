"""Mastery per idea, loaded from a lesson's transcripts and reviews, kept beside them.

The estimate is derived: `build` replays every session and review of a lesson through the
pure model (`tutor.mastery`). It is kept in `<data>/progress/<lesson>.json`, written
atomically, with the size of each transcript it read; a transcript that has grown since
(a session went on, or a crash cut the last write short) makes `load` rebuild it, so the
file is never staler than the transcripts, which are fsynced line by line.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from tutor.errors import StorageError
from tutor.lesson.models import Lesson, Step
from tutor.mastery import Book, IdeaMastery, StepIdeas, StepTally, observe_session
from tutor.store.atomic import write_atomic
from tutor.store.transcript import data_dir, transcripts_for

FORMAT = "tutor-mastery/1"
REVIEWS = "reviews"


def ideas_of(step: Step) -> tuple[str, ...]:
    """A step's ideas: its authored expectations, else the key ideas the local grader reads
    off its Checkpoint."""
    if step.expectations:
        return tuple(step.expectations)
    from tutor.grading.local.ideas import key_ideas
    from tutor.grading.verdict import GradeRequest

    request = GradeRequest(answer="", question=step.question, checkpoint=step.checkpoint)
    return tuple(key_ideas(request))


def step_ideas(step: Step) -> StepIdeas:
    """A step's ideas and those its `needs` name (every idea when it names none)."""
    ideas = ideas_of(step)
    if step.expectations and step.needs:
        needed = frozenset(ideas[i] for g in step.needs for i in g if 0 <= i < len(ideas))
    else:
        needed = frozenset(ideas)
    return StepIdeas(number=step.number, ideas=ideas, needed=needed)


def lesson_ideas(lesson: Lesson) -> dict[int, StepIdeas]:
    """Every step's ideas, by step number."""
    return {s.number: step_ideas(s) for s in lesson.steps}


def _sources(lesson: str, root: Path) -> list[Path]:
    return transcripts_for(lesson, root=root) + transcripts_for(lesson, root=root,
                                                                shelf=REVIEWS)


def _stamp(text: str) -> float | None:
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def build(lesson: Lesson, *, root: Path | None = None) -> tuple[Book, dict[str, int]]:
    """The book from every readable transcript and review of `lesson`, oldest first, and the
    size of each file read. A file that cannot be read is skipped (it is not this
    estimate's to repair: resuming says what is wrong with it)."""
    from tutor.store.records import load

    base = root or data_dir()
    ideas = lesson_ideas(lesson)
    book = Book.empty({n: s.ideas for n, s in ideas.items()})
    sizes: dict[str, int] = {}
    loaded = []
    for path in _sources(lesson.name, base):
        try:
            sizes[str(path)] = path.stat().st_size
            loaded.append(load(path))
        except (StorageError, OSError):
            continue
    loaded.sort(key=lambda t: (t.header.started_at, str(t.path)))
    for transcript in loaded:
        asked = _review_items(transcript.header.model_extra or {}, ideas)
        steps = asked if asked is not None else ideas
        events = [(r.event, _stamp(r.at)) for r in transcript.records if r.event is not None]
        book = observe_session(book, events, steps, review=asked is not None)
    return book, sizes


def _review_items(extra: dict[str, Any],
                  ideas: dict[int, StepIdeas]) -> dict[int, StepIdeas] | None:
    """A review's header names the idea asked at each step; None for a lesson session."""
    items = extra.get("review")
    if not isinstance(items, list):
        return None
    asked: dict[int, StepIdeas] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        number, idea = item.get("step"), item.get("idea")
        known = ideas.get(number) if isinstance(number, int) else None
        if known is not None and idea in known.ideas:
            asked[known.number] = StepIdeas(number=known.number, ideas=(idea,),
                                            needed=frozenset({idea}))
    return asked


def path_for(lesson: str, *, root: Path | None = None) -> Path:
    """Where a lesson's mastery is kept."""
    return (root or data_dir()) / "progress" / f"{lesson}.json"


def load(lesson: Lesson, *, root: Path | None = None) -> Book:
    """The lesson's mastery: the kept file when no transcript has grown since it was
    written, else rebuilt from the transcripts (and kept again)."""
    base = root or data_dir()
    kept = _read(path_for(lesson.name, root=base), lesson)
    if kept is not None:
        book, sizes = kept
        if sizes == _sizes(lesson.name, base):
            return book
    return refresh(lesson, root=base)


def refresh(lesson: Lesson, *, root: Path | None = None) -> Book:
    """Rebuild the lesson's mastery from its transcripts and keep it. A disk that refuses the
    file loses nothing: the transcripts still hold it all, and the next load rebuilds it."""
    book, sizes = build(lesson, root=root)
    with contextlib.suppress(StorageError):
        write_atomic(path_for(lesson.name, root=root), json.dumps(_dump(lesson, book, sizes),
                                                                  ensure_ascii=False))
    return book


def _sizes(lesson: str, root: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in _sources(lesson, root):
        try:
            sizes[str(path)] = path.stat().st_size
        except OSError:
            continue
    return sizes


def _dump(lesson: Lesson, book: Book, sizes: dict[str, int]) -> dict[str, Any]:
    return {"format": FORMAT, "lesson": lesson.name, "content_hash": lesson.content_hash,
            "sources": sizes, "sessions": book.sessions, "reviews": book.reviews,
            "steps": [asdict(t) for t in book.steps.values()],
            "ideas": [asdict(m) for m in book.ideas.values()]}


def _read(path: Path, lesson: Lesson) -> tuple[Book, dict[str, int]] | None:
    """The kept book, or None when it is missing, damaged or of another lesson version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("content_hash") != lesson.content_hash:
            return None
        ideas = {(int(m["step"]), str(m["idea"])): IdeaMastery(**m) for m in data["ideas"]}
        steps = {int(t["step"]): StepTally(**t) for t in data["steps"]}
        sizes = {str(k): int(v) for k, v in data["sources"].items()}
        book = Book(ideas=ideas, steps=steps, sessions=int(data["sessions"]),
                    reviews=int(data["reviews"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return book, sizes


def root_of(transcript: Path) -> Path:
    """The data folder a transcript (`<data>/<shelf>/<lesson>/<file>`) lives in."""
    return transcript.parents[2]


def lessons_seen(*, root: Path | None = None) -> dict[str, str | None]:
    """Every lesson with a session or a review, and the lesson file its newest one named."""
    base = root or data_dir()
    seen: dict[str, str | None] = {}
    for shelf in ("transcripts", REVIEWS):
        folder = base / shelf
        if not folder.is_dir():
            continue
        for lesson in sorted(p for p in folder.iterdir() if p.is_dir()):
            paths = transcripts_for(lesson.name, root=base, shelf=shelf)
            if paths and seen.get(lesson.name) is None:
                seen[lesson.name] = _lesson_path(paths[-1])
    return seen


def _lesson_path(transcript: Path) -> str | None:
    """The `lesson_path` of a transcript's header, if it can be read."""
    try:
        with transcript.open(encoding="utf-8") as fh:
            header = json.loads(fh.readline())
        path = header.get("lesson_path")
    except (OSError, ValueError, AttributeError):
        return None
    return path if isinstance(path, str) else None

