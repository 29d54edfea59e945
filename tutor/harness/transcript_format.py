"""Format (c): TUI transcripts with human labels on their `submit` event records.

A label is a top-level `"label"` (and optional `"tags"`) on a submit record. The events
are replayed through the session's own state machine, so each labelled answer is graded
with the context it had in the session: the step, the attempt number, the rung of the
hint ladder, the earlier attempts with the hints they got, the option chosen and any lab
notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tutor.errors import InputError, TutorError
from tutor.grading.verdict import Attempt, GradeRequest
from tutor.harness.items import EvalItem, parse_label, parse_tags
from tutor.lesson import Lesson, load_lesson
from tutor.session import (
    GoTo,
    PresentStep,
    RequestGrade,
    ShowFeedback,
    ShowHint,
    State,
    Submit,
    VerdictReady,
    transition,
)
from tutor.store.format import FORMAT
from tutor.store.records import Header, Record

_LABEL_KEYS = ("label", "tags")


def looks_like_transcript(first: object) -> bool:
    """True when the first JSON line of a file is a transcript header."""
    return isinstance(first, dict) and first.get("kind") == "header"


@dataclass
class _StepLog:
    """What happened on a step before the answer being graded (as the driver keeps it)."""

    attempts: list[Attempt] = field(default_factory=list)
    lab_notes: list[str] = field(default_factory=list)
    hint_pending: bool = False  # a graded hint was shown whose text comes in a note


@dataclass
class _Replay:
    """The state of one transcript's replay."""

    path: Path
    lesson: Lesson
    session: str
    state: State = field(default_factory=State)
    logs: dict[int, _StepLog] = field(default_factory=dict)
    asked: dict[int, str] = field(default_factory=dict)  # attempt id -> answer
    items: list[EvalItem] = field(default_factory=list)

    def log(self, number: int) -> _StepLog:
        return self.logs.setdefault(number, _StepLog())


def _bad(path: Path, line: int, what: str, fix: str) -> InputError:
    return InputError(f"{path}:{line}: {what}. {fix}")


def _lesson_for(path: Path, header: Header, warnings: list[str]) -> Lesson:
    """The transcript's lesson: its recorded path (as given, or next to the file), else its name."""
    candidates: list[str | Path] = []
    if header.lesson_path:
        recorded = Path(header.lesson_path)
        candidates += [recorded, path.parent / recorded]
    candidates.append(header.lesson)
    lesson: Lesson | None = None
    problem = ""
    for ref in candidates:
        try:
            lesson = load_lesson(ref)
            break
        except TutorError as exc:
            problem = exc.message
    if lesson is None:
        raise _bad(path, 1, f"cannot load the lesson '{header.lesson}' ({problem})",
                   "Put the lesson file where the header's lesson_path points, or bundle it")
    if lesson.content_hash != header.content_hash:
        warnings.append(f"{path}: the lesson '{lesson.name}' changed since this transcript was "
                        "recorded; answers are graded against the current text")
    return lesson


def _label_of(path: Path, line: int, record: Record) -> tuple[Any, Any] | None:
    extra = record.model_extra or {}
    if not any(k in extra for k in _LABEL_KEYS):
        return None
    if not isinstance(record.event, Submit):
        raise _bad(path, line, "a label on a record that is not a submit event",
                   "Put \"label\" only on records whose event type is \"submit\"")
    return extra.get("label"), extra.get("tags")


def _labelled(run: _Replay, line: int, grade: RequestGrade, label: Any, tags: Any) -> EvalItem:
    gold = parse_label(label)
    if gold is None:
        raise _bad(run.path, line, f"label {label!r} is not advance or hint",
                   'Set "label": "advance" or "label": "hint" on the submit record')
    tag_list = parse_tags(tags)
    if tag_list is None:
        raise _bad(run.path, line, "'tags' must be a list of strings", 'Write "tags": ["terse"]')
    step = run.lesson.step(grade.number)
    if step is None:
        raise _bad(run.path, line, f"step {grade.number} is not in the lesson '{run.lesson.name}'",
                   "Label transcripts recorded with this lesson")
    log = run.log(grade.number)
    request = GradeRequest.for_step(
        run.lesson, step, grade.answer, rung=grade.rung, previous=list(log.attempts),
        choice=grade.choice, lab_notes="\n".join(log.lab_notes) or None)
    return EvalItem(id=f"{run.session}#{line}", source=f"{run.path}:{line}",
                    dataset=str(run.path), label=gold, tags=tag_list, lesson=run.lesson.name,
                    step=str(step.number), step_title=step.title, attempt=grade.attempt,
                    request=request)


def _apply_event(run: _Replay, line: int, record: Record) -> None:
    event = record.event
    assert event is not None
    labelled = _label_of(run.path, line, record)
    run.state, effects = transition(run.state, event)
    grades = [e for e in effects if isinstance(e, RequestGrade)]
    if labelled is not None:
        if not grades:
            raise _bad(run.path, line, "this labelled submit was not graded in the session "
                       f"(the session was {run.state.phase.value}, or the answer was empty)",
                       "Label only submits that the tutor sent to the grader")
        run.items.append(_labelled(run, line, grades[0], *labelled))
    for effect in effects:
        if isinstance(effect, PresentStep) and isinstance(event, GoTo):
            run.log(effect.number).attempts.clear()  # a step redone starts afresh
        elif isinstance(effect, RequestGrade):
            run.asked[effect.attempt_id] = effect.answer
        elif isinstance(effect, ShowFeedback) and isinstance(event, VerdictReady):
            answer = run.asked.pop(event.attempt_id, None)
            if answer is not None:
                run.log(effect.number).attempts.append(Attempt(answer=answer))
        elif isinstance(effect, ShowHint) and isinstance(event, VerdictReady):
            log = run.log(effect.number)
            if log.attempts:
                log.attempts[-1] = Attempt(answer=log.attempts[-1].answer, hint=effect.text)
                log.hint_pending = effect.text is None


def _apply_note(run: _Replay, note: dict[str, Any]) -> None:
    number = note.get("step")
    if not isinstance(number, int):
        return
    log = run.log(number)
    kind = note.get("kind")
    if kind == "lab" and isinstance(note.get("summary"), str):
        log.lab_notes.append(note["summary"])
    elif (kind == "hint" and not note.get("stuck") and log.hint_pending and log.attempts
          and isinstance(note.get("text"), str)):
        # The grader gave no hint text, so the learner saw the templated one the note recorded.
        log.attempts[-1] = Attempt(answer=log.attempts[-1].answer, hint=note["text"])
        log.hint_pending = False


def _parse_line(path: Path, line: int, raw: str) -> Record:
    try:
        return Record.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise _bad(path, line, f"bad transcript record ({where}: {err['msg']})",
                   "Keep the records as the tutor wrote them; add only \"label\" and \"tags\"") \
            from None


def load_transcript(path: Path, text: str, warnings: list[str]) -> list[EvalItem]:
    """The labelled answers of one transcript, each with its session context."""
    lines = text.splitlines()
    try:
        header = Header.model_validate_json(lines[0])
    except (ValidationError, IndexError):
        raise _bad(path, 1, "not a transcript header",
                   "A transcript starts with the header line the tutor wrote") from None
    if header.format != FORMAT:
        warnings.append(f"{path}: transcript format {header.format!r}, expected {FORMAT!r}")
    run = _Replay(path=path, lesson=_lesson_for(path, header, warnings),
                  session=header.session_id)
    for line, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        record = _parse_line(path, line, raw)
        if record.kind == "event" and record.event is not None:
            _apply_event(run, line, record)
        elif record.kind == "note":
            if any(k in (record.model_extra or {}) for k in _LABEL_KEYS):
                raise _bad(path, line, "a label on a note",
                           "Put \"label\" only on records whose event type is \"submit\"")
            _apply_note(run, record.note)
    if not run.items:
        warnings.append(f"{path}: no labelled submits (add \"label\" to submit records)")
    return run.items


def first_json_line(text: str) -> object:
    """The first non-blank line of a file parsed as JSON, or None if it is not JSON."""
    for raw in text.splitlines():
        if raw.strip():
            try:
                parsed: object = json.loads(raw)
            except json.JSONDecodeError:
                return None
            return parsed
    return None
