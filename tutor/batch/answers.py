"""The answers.json input of `tutor grade` (and format (a) of `tutor eval`).

Either `{"lesson": "PATH or bundled name", "answers": [...]}` or a bare list of
answers with `--lesson`. Each answer is `{"id", "step", "answer"}` plus optional
`choice`, `learner` (who wrote it: carried to the results and the class report), `label`
("advance" | "hint"), `tags` and `missing` (eval data: the texts of the step's expectations
a careful tutor would say the answer lacks). Everything is checked before
anything is graded, and every problem found is reported in one InputError.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tutor.errors import InputError
from tutor.grading.verdict import Decision
from tutor.lesson import Lesson, Step, load_lesson
from tutor.user_files import read_user_file

STDIN = "-"
_LABEL_VALUES = frozenset(d.value for d in Decision)
_LABELS = ", ".join(f'"{d.value}"' for d in Decision)
_MAX_LEARNER_CHARS = 200  # a name, an email or a roster id; never an answer
_SHOWN_PROBLEMS = 50  # a 10,000-line file with one systematic mistake must stay readable


class AnswerItem(BaseModel):
    """One answer to grade, its step resolved against the lesson."""

    model_config = ConfigDict(frozen=True)

    id: str
    index: int  # position in the input, from 0
    step: Step
    answer: str
    choice: str | None = None
    learner: str | None = None  # who wrote it; not graded, carried to the results
    label: Decision | None = None  # gold label (eval datasets); `grade` ignores it
    tags: list[str] = Field(default_factory=list)
    missing: list[str] | None = None  # gold: expectation texts it lacks; `grade` ignores it


class AnswerSet(BaseModel):
    """A validated answers file: the lesson and the answers, in input order."""

    model_config = ConfigDict(frozen=True)

    lesson: Lesson
    path: Path | None  # None when read from stdin
    items: list[AnswerItem]

    @property
    def source_name(self) -> str:
        """How to name the input in messages."""
        return str(self.path) if self.path is not None else "<stdin>"

    def digest(self) -> str:
        """A hash of the answers as graded (ids, steps, text, choices; not labels or tags).

        The lesson's own `content_hash` covers the lesson; the two together say
        whether an earlier run's results still apply.
        """
        h = hashlib.sha256()
        for item in self.items:
            row = [item.id, item.step.number, item.answer, item.choice]
            h.update(json.dumps(row, ensure_ascii=False).encode())
            h.update(b"\n")
        return h.hexdigest()


def load_answers(source: str | Path, *, lesson: str | None = None) -> AnswerSet:
    """Read and validate an answers file ("-" = stdin); one InputError lists every problem."""
    name, path, raw = _read(source)
    text = _decode(name, raw)
    data = _parse_json(name, text)
    problems: list[str] = []

    records, lesson_ref = _top_level(data, lesson, problems)
    resolved = _resolve_lesson(path, lesson_ref, problems) if lesson_ref else None
    items = _items(records, resolved, problems)
    if problems:
        raise InputError(_summarise(name, problems))
    assert resolved is not None  # no problems means a lesson was named and loaded
    return AnswerSet(lesson=resolved, path=path, items=items)


def _read(source: str | Path) -> tuple[str, Path | None, bytes]:
    if str(source) == STDIN:
        return "<stdin>", None, sys.stdin.buffer.read()
    path = Path(source)
    return str(path), path, read_user_file(path, not_a_folder="not an answers file")


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}, column {col}). "
            "Fix: save the file as UTF-8."
        ) from None


def _parse_json(name: str, text: str) -> Any:
    if not text.strip():
        raise InputError(f'{name}: empty file. Fix: write {{"lesson": …, "answers": [...]}}.')
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        ) from None


def _top_level(
    data: Any, lesson_flag: str | None, problems: list[str]
) -> tuple[list[Any], str | None]:
    """The list of answer records and the lesson reference (the --lesson flag wins)."""
    if isinstance(data, list):
        if lesson_flag is None:
            problems.append(
                "a bare list of answers needs --lesson. Fix: pass --lesson NAME_OR_PATH, "
                'or write {"lesson": …, "answers": [...]}'
            )
        return data, lesson_flag
    if not isinstance(data, dict):
        problems.append(
            f'the top level is {_kind(data)}; expected an object {{"lesson": …, "answers": [...]}} '
            "or a list of answers"
        )
        return [], lesson_flag
    lesson_ref = lesson_flag
    if lesson_flag is None:
        if "lesson" not in data:
            problems.append(
                '"lesson" is missing. '
                'Fix: add "lesson": "how-llms-work" (or a path), or pass --lesson'
            )
        elif not isinstance(data["lesson"], str) or not data["lesson"].strip():
            problems.append(
                f'"lesson" must be a lesson name or path (a string), not {_kind(data["lesson"])}'
            )
        else:
            lesson_ref = data["lesson"]
    if "answers" not in data:
        problems.append(
            '"answers" is missing. Fix: add "answers": [{"id": …, "step": …, "answer": …}]'
        )
        return [], lesson_ref
    if not isinstance(data["answers"], list):
        problems.append(f'"answers" must be a list, not {_kind(data["answers"])}')
        return [], lesson_ref
    return data["answers"], lesson_ref


def _resolve_lesson(path: Path | None, ref: str, problems: list[str]) -> Lesson | None:
    """Load the lesson; a relative path is tried beside the answers file first."""
    target: str | Path = ref
    if path is not None and not Path(ref).is_absolute() and (path.parent / ref).is_file():
        target = path.parent / ref
    try:
        return load_lesson(target)
    except InputError as exc:
        problems.append(f"lesson: {exc.message}")
        return None


def _items(records: list[Any], lesson: Lesson | None, problems: list[str]) -> list[AnswerItem]:
    items: list[AnswerItem] = []
    seen: dict[str, int] = {}
    if not records and not problems:
        problems.append('"answers" is empty: there is nothing to grade')
    for index, record in enumerate(records):
        ident = record.get("id") if isinstance(record, dict) else None
        if isinstance(ident, str) and ident.strip():
            if ident in seen:
                problems.append(
                    f"{_where(index, ident)}: duplicate id "
                    f"(already used by answers[{seen[ident]}]). Fix: give every answer its own id"
                )
            else:
                seen[ident] = index
        item = _item(index, record, lesson, problems)
        if item is not None:
            items.append(item)
    return items


def _item(index: int, record: Any, lesson: Lesson | None, problems: list[str]) -> AnswerItem | None:
    if not isinstance(record, dict):
        problems.append(
            f'answers[{index}]: is {_kind(record)}; expected an object {{"id", "step", "answer"}}'
        )
        return None
    raw_id = record.get("id")
    ident = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    where = _where(index, ident)
    before = len(problems)

    if "id" not in record:
        problems.append(f'{where}: "id" is missing. Fix: add a unique "id" string')
    elif ident is None:
        problems.append(f'{where}: "id" must be a non-empty string, not {_kind(raw_id)}')

    answer = record.get("answer")
    if "answer" not in record:
        problems.append(f'{where}: "answer" is missing')
    elif not isinstance(answer, str):
        problems.append(f'{where}: "answer" must be a string, not {_kind(answer)}')

    step = _step(where, record, lesson, problems)

    choice = record.get("choice")
    if choice is not None and not isinstance(choice, str):
        problems.append(f'{where}: "choice" must be a string or null, not {_kind(choice)}')
    elif choice is not None and step is not None:
        options = step.buttons.options if step.buttons is not None else []
        if not options:
            problems.append(f'{where}: "choice" is given but step {step.number} has no options. '
                            'Fix: remove "choice" or set it to null')
        elif choice not in options:
            listed = ", ".join(json.dumps(o, ensure_ascii=False) for o in options)
            problems.append(f'{where}: "choice" {json.dumps(choice, ensure_ascii=False)} is not '
                            f"one of step {step.number}'s options. Fix: use one of {listed}")

    learner = _learner(where, record, problems)

    label = record.get("label")
    if label is not None and not (isinstance(label, str) and label in _LABEL_VALUES):
        problems.append(
            f'{where}: "label" must be one of {_LABELS} or null, not {json.dumps(label)}'
        )

    tags = record.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f'{where}: "tags" must be a list of strings')

    missing = _missing(where, record, step, problems)

    if len(problems) > before or step is None or ident is None:
        return None
    assert isinstance(answer, str)
    return AnswerItem(
        id=ident,
        index=index,
        step=step,
        answer=answer,
        choice=choice,
        learner=learner,
        label=Decision(label) if label is not None else None,
        tags=list(tags),
        missing=missing,
    )


def _learner(where: str, record: dict[str, Any], problems: list[str]) -> str | None:
    """Who wrote the answer: a non-empty string of at most 200 characters, or absent/null."""
    value = record.get("learner")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(f'{where}: "learner" must be a non-empty string or null, not '
                        f"{_kind(value) if not isinstance(value, str) else 'an empty string'}")
        return None
    if len(value) > _MAX_LEARNER_CHARS:
        problems.append(f'{where}: "learner" is {len(value)} characters long; at most '
                        f"{_MAX_LEARNER_CHARS}. Fix: use a name or a roster id")
        return None
    return value.strip()


def _missing(where: str, record: dict[str, Any], step: Step | None,
             problems: list[str]) -> list[str] | None:
    """The gold `missing` label: a list of the step's expectation texts, exactly as written."""
    value = record.get("missing")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        problems.append(f'{where}: "missing" must be a list of expectation texts (strings)')
        return None
    if step is not None:
        known = set(step.expectations)
        for text in value:
            if text not in known:
                listed = "; ".join(json.dumps(e, ensure_ascii=False) for e in step.expectations)
                problems.append(
                    f'{where}: "missing" names {json.dumps(text, ensure_ascii=False)}, which is '
                    f"not an expectation of step {step.number}. Fix: copy the text exactly "
                    f"from the lesson; its expectations are: {listed or 'none'}")
    return list(value)


def _step(
    where: str, record: dict[str, Any], lesson: Lesson | None, problems: list[str]
) -> Step | None:
    if "step" not in record:
        problems.append(f'{where}: "step" is missing. Fix: add the step number or its title')
        return None
    ref = record["step"]
    if isinstance(ref, bool) or not isinstance(ref, int | str):
        problems.append(f'{where}: "step" must be a step number or title, not {_kind(ref)}')
        return None
    if lesson is None:
        return None  # the lesson's own problem is already reported
    step = lesson.step(ref)
    if step is None:
        steps = "; ".join(f"{s.number}: {s.title}" for s in lesson.steps)
        problems.append(
            f"{where}: no step {json.dumps(ref, ensure_ascii=False)} "
            f'in "{lesson.title}" (steps: {steps})'
        )
    return step


def _where(index: int, ident: str | None) -> str:
    return (
        f"answers[{index}] (id {json.dumps(ident, ensure_ascii=False)})"
        if ident
        else f"answers[{index}]"
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _summarise(name: str, problems: list[str]) -> str:
    shown = problems[:_SHOWN_PROBLEMS]
    lines = [f"{name}: {len(problems)} problem(s); nothing was graded:"]
    lines += [f"  {name}: {p}" for p in shown]
    if len(problems) > len(shown):
        lines.append(f"  … and {len(problems) - len(shown)} more")
    return "\n".join(lines)
