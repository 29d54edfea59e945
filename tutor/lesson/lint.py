"""Authoring checks beyond parsing: what a learner sees before the reveal must not give the
Checkpoint away.

A card, a script's pump, hint or prompt and a misconception's question are all shown while
the learner is still working the step out; each is checked for a run of the Checkpoint's
wording (`tutor.grading.leaks`). Assertions and corrections are told at the reveal, so they
may say it. Each question shown is one question: a reply asks one thing at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from tutor.grading.leaks import RUN, shared_run
from tutor.lesson.models import Diagnostic, Lesson, Step


def _shown_early(step: Step) -> Iterator[tuple[str, str]]:
    """(what it is, its text) for each authored text shown before the reveal."""
    for card in step.cards:
        if card.body:
            yield f"card '{card.title}'", card.body
    yield from _questions(step)


def _questions(step: Step) -> Iterator[tuple[str, str]]:
    """(what it is, its text) for each authored question (a misconception's included)."""
    for i, script in enumerate(step.scripts):
        for rung in ("pump", "hint", "prompt"):
            question = script.question(rung)
            if question:
                yield f"expectation {i + 1}'s {rung}", question
    for i, wrong in enumerate(step.misconceptions):
        if wrong.hint:
            yield f"misconception {i + 1}'s hint", wrong.hint


def _where(lesson: Lesson, text: str, step: Step) -> tuple[str, int]:
    """The file and line holding `text` (its first line), else the step's heading."""
    first = text.strip().splitlines()[0][:60] if text.strip() else ""
    for path in (lesson.extension_source, lesson.source):
        if path is None or not first:
            continue
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if first in line:
                return str(path), number
    return str(lesson.source or lesson.name), step.line


def script_problems(lesson: Lesson) -> list[Diagnostic]:
    """A warning for each fill-in prompt that cannot be checked: a `prompt` with no `expect`,
    an `expect` with no `prompt`, or a prompt that already contains the words it expects."""
    found = []
    for step in lesson.steps:
        for i, script in enumerate(step.scripts):
            problem = None
            if script.prompt and not script.expect:
                problem = "has a prompt but no expect", "add expect = \"the word it asks for\""
            elif script.expect and not script.prompt:
                problem = "has an expect but no prompt", "add the fill-in prompt it belongs to"
            elif (script.prompt and script.expect
                  and script.expect.casefold() in script.prompt.casefold()):
                problem = (f"'s prompt already says '{script.expect}'",
                           "leave the expected words out of the prompt (a blank: ___)")
            if problem is None:
                continue
            path, line = _where(lesson, script.prompt or script.expect or script.text, step)
            message, fix = problem
            joiner = "" if message.startswith("'") else " "
            found.append(Diagnostic(path=path, line=line, severity="warning",
                                    message=f"step {step.number}: expectation {i + 1}"
                                            f"{joiner}{message}", fix=fix))
    return found


def checkpoint_leaks(lesson: Lesson) -> list[Diagnostic]:
    """A warning for each card or question shown before the reveal that repeats `RUN`
    consecutive content words of its step's Checkpoint."""
    found = []
    for step in lesson.steps:
        for what, text in _shown_early(step):
            run = shared_run(text, step.checkpoint)
            if run is None:
                continue
            path, line = _where(lesson, text, step)
            found.append(Diagnostic(
                path=path, line=line, severity="warning",
                message=f"step {step.number}: {what} repeats the Checkpoint's words "
                        f"'{run}' ({RUN} in a row, stop words aside)",
                fix="ask about the idea or explain it in other words; the Checkpoint is "
                    "only told at the reveal"))
    return found


def double_questions(lesson: Lesson) -> list[Diagnostic]:
    """A warning for each authored question that asks more than one (two question marks,
    quotes aside): the learner answers one, and the reply was to ask one thing."""
    found = []
    for step in lesson.steps:
        for what, text in _questions(step):
            if re.sub(r"“[^”]*”", "", text).count("?") < 2:
                continue
            path, line = _where(lesson, text, step)
            found.append(Diagnostic(
                path=path, line=line, severity="warning",
                message=f"step {step.number}: {what} asks more than one question",
                fix="ask one question (join the parts with 'and', or keep the one that "
                    "matters)"))
    return found
