"""Format (a): the `tutor grade` input with a gold `label` (and optional `tags`) per answer.

Parsing is the batch runner's (`tutor.batch.answers.load_answers`), so `tutor grade` and
`tutor eval` accept exactly the same files and report bad records the same way.
"""

from __future__ import annotations

from pathlib import Path

from tutor.batch.answers import load_answers
from tutor.errors import InputError
from tutor.grading.verdict import GradeRequest
from tutor.harness.items import EvalItem

_SHOWN = 20


def load_answer_file(path: Path, *, lesson: str | None = None) -> list[EvalItem]:
    """Every labelled answer of a `tutor grade` input file; unlabelled ones are an error."""
    answers = load_answers(path, lesson=lesson)
    unlabelled = [f"answers[{i.index}] (id \"{i.id}\")" for i in answers.items if i.label is None]
    if unlabelled:
        shown = ", ".join(unlabelled[:_SHOWN]) + (" …" if len(unlabelled) > _SHOWN else "")
        raise InputError(f"{path}: {len(unlabelled)} answer(s) have no gold label: {shown}. "
                         'Fix: add "label": "advance" or "label": "hint" to every answer.')
    items: list[EvalItem] = []
    for item in answers.items:
        assert item.label is not None
        step = item.step
        request = GradeRequest.for_step(answers.lesson, step, item.answer, choice=item.choice)
        items.append(EvalItem(
            id=item.id, source=f"{path}: answers[{item.index}]", dataset=str(path),
            label=item.label, tags=list(item.tags), lesson=answers.lesson.name,
            step=str(step.number), step_title=step.title, request=request,
            missing=list(item.missing) if item.missing is not None else None))
    return items
