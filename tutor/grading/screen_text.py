"""What the tutor says on screen that no grader wrote: the hint for "I'm stuck", the reveal,
and a verdict's feedback as the learner reads it (with their own credited words)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.grading.terms import Rung
from tutor.wording import complete_assertions, strip_rubric_voice

if TYPE_CHECKING:
    from tutor.grading.verdict import Attempt, Verdict
    from tutor.lesson.models import Lesson, Step

#: Templates the screen renders on the event loop (hints without a grader, the reveal).
SCREEN_TEMPLATES = (*(f"hints/{rung.value}.j2" for rung in Rung), "tui/reveal.md.j2")


def hint_text(lesson: Lesson, step: Step, rung: Rung, *, previous: list[Attempt],
              last: Verdict | None) -> str:
    """The script's question for the idea the last verdict found missing, or the first
    (the learner pressed "I'm stuck", so no grader wrote one)."""
    from tutor.grading.hints import next_question
    from tutor.grading.verdict import GradeRequest

    request = GradeRequest.for_step(lesson, step, "", rung=rung, previous=previous)
    missing = last.missing if last is not None and last.missing else step.expectations
    return next_question(request, rung, missing).text


def choice_question(lesson: Lesson, step: Step, option: str) -> str | None:
    """A question for a pick of the step's buttons that the author did not expect, asked
    before any reason is typed (never naming the expected one); None for any other pick."""
    buttons = step.buttons
    if buttons is None or buttons.expected is None or option == buttons.expected:
        return None
    from tutor.grading.hints import option_question
    from tutor.grading.verdict import GradeRequest

    return option_question(GradeRequest.for_step(lesson, step, "", rung=Rung.PUMP,
                                                 choice=option))


def reveal_text(step: Step, *, last: Verdict | None) -> str:
    """What the tutor says after the last rung: the Checkpoint, explained."""
    from tutor.prompts import render  # jinja2 is imported on first use, not at start-up

    stated = next((m for m in step.misconceptions
                   if last is not None and m.text == last.misconception), None)
    return render("tui/reveal.md.j2", step=step,
                  idea=strip_rubric_voice(step.checkpoint),
                  correction=stated.correction if stated else None,
                  assertions=complete_assertions([s.assertion for s in step.scripts]))


def feedback_text(verdict: Verdict) -> str:
    """The verdict's feedback as the learner reads it ("" when there is nothing to say)."""
    if verdict.advanced:
        return verdict.feedback or "That's the idea."
    # The learner's own credited words, never the rubric's wording of them: before
    # the reveal the tutor does not state the Checkpoint.
    # On one line: a quote keeps the learner's words, not where their box wrapped.
    # Nor words the feedback or the hint already quote: the hint may open on them.
    shown = f"{verdict.feedback}\n{verdict.hint or ''}"
    quotes = [f"“{' '.join(k.evidence.split()).rstrip('.')}”" for k in verdict.covered
              if k.evidence and not _quoted(k.evidence, shown)]
    right = "; ".join(dict.fromkeys(quotes))
    return "\n".join(filter(None, [verdict.feedback,
                                   f"Right so far, in your words: {right}."
                                   if right else ""]))


def _quoted(words: str, feedback: str) -> bool:
    """True when the feedback already quotes these words, whole or cut short with an
    ellipsis: said twice, a clause the feedback called a mix-up would also be called right."""
    said = " ".join(words.split()).strip().rstrip(".")
    if said in feedback:
        return True
    for quote in re.findall(r"“([^”]+)”", feedback):
        head = " ".join(quote.split()).rstrip("…").rstrip(".").strip()
        if head and (said.startswith(head) or said in head):
            return True
    return False
