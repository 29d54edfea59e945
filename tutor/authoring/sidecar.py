"""Render drafted scripts as a lesson sidecar (`<lesson>.ext.md`) and check it as the tutor
would load it: parsed with the lesson by the project's own parser, then `lessons check`'s
lab and Checkpoint-leak checks. Pure: no I/O beyond reading nothing; the caller writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from tutor.authoring.schema import DraftStep
from tutor.labs import lab_problems
from tutor.lesson import Lesson, LessonError, Step, parse_lesson
from tutor.lesson.lint import checkpoint_leaks
from tutor.prompts import render


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: JSON's escapes are all valid TOML escapes."""
    return json.dumps(text, ensure_ascii=False)


def _card_body(body: str) -> str:
    """A card body as a TOML multi-line literal string when it can be one (readable), else
    as a basic string."""
    if "'''" in body or any(ord(c) < 32 and c not in "\n\t" for c in body):
        return toml_string(body)
    return f"'''\n{body.strip()}\n'''"


@dataclass(frozen=True)
class Drafted:
    """One step of the lesson and the script drafted for it."""

    step: Step
    script: DraftStep


def render_sidecar(lesson: Lesson, drafted: list[Drafted], *, model: str, lesson_file: str,
                   today: date | None = None) -> str:
    """The sidecar text for these drafted steps (a hint:card directive is added to a step
    that has no card; one that has a card gets only its body)."""
    steps = [{
        "number": d.step.number,
        "card_directive": not d.step.cards,
        "card_title": d.script.card.title,
        "card_body": _card_body(d.script.card.body),
        "expectations": d.script.expectations,
        "misconceptions": d.script.misconceptions,
        "needs": d.script.needs_toml(),
    } for d in sorted(drafted, key=lambda d: d.step.number)]
    return render("draft/sidecar.md.j2", title=lesson.title, model=model,
                  date=(today or date.today()).isoformat(), lesson_file=lesson_file,
                  steps=steps, q=toml_string) + "\n"


def problems_with(lesson_text: str, lesson_path: str, sidecar: str, sidecar_path: str,
                  steps: set[int] | None = None) -> list[str]:
    """What `tutor lessons check` would report about the lesson with this sidecar beside it:
    every parse error, lab problem and Checkpoint-leak warning ([] when it is clean). With
    `steps`, only problems of those steps' drafted texts count."""
    try:
        lesson = parse_lesson(lesson_text, path=lesson_path, extension_text=sidecar,
                              extension_path=sidecar_path)
    except LessonError as exc:
        return [str(d) for d in exc.diagnostics if d.severity == "error"]
    found = [str(d) for d in checkpoint_leaks(lesson)
             if steps is None or any(f"step {n}:" in d.message for n in steps)]
    for step in lesson.steps:
        if steps is not None and step.number not in steps:
            continue
        found += [f"{sidecar_path}: step {step.number}: {problem}"
                  for lab in step.labs for problem in lab_problems(lab, step)]
    found += [str(d) for d in lesson.warnings if d.path == sidecar_path]
    return found
