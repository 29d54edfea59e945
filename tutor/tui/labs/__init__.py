"""The labs as Textual screens: `lab_screen_for` turns a step's lab directive into a screen.

Each screen is modal and dismisses with a one-line summary of what the learner
did (for the transcript), or None if there is nothing to record.
"""

from __future__ import annotations

from textual.screen import Screen

from tutor.labs.check import KNOWN_LABS
from tutor.labs.context import ContextAssumptions
from tutor.labs.errors import LabError
from tutor.labs.expression import parse_word_list
from tutor.labs.temperature import NextTokenDistribution
from tutor.lesson import LabDirective, Step
from tutor.tui.labs.base import LabProblemScreen, LabScreen
from tutor.tui.labs.context_lab import ContextLab
from tutor.tui.labs.embeddings_lab import DEFAULT_EXPRESSION, EmbeddingsLab
from tutor.tui.labs.temperature_lab import TemperatureLab
from tutor.tui.labs.tokenizer_lab import TokenizerLab


def _build(lab: LabDirective, step: Step) -> LabScreen | None:
    params = lab.params
    if lab.name == "tokenizer":
        return TokenizerLab(params.get("text", ""))
    if lab.name == "embeddings":
        words = parse_word_list(params.get("words", "king, queen, man, woman"))
        return EmbeddingsLab(words, params.get("analogy", DEFAULT_EXPRESSION))
    if lab.name == "context":
        return ContextLab(ContextAssumptions.from_lab_data(step.lab_data.get("context")))
    if lab.name == "temperature":
        return TemperatureLab(NextTokenDistribution.from_lab_data(step.lab_data.get("temperature")))
    return None


def lab_screen_for(lab: LabDirective, step: Step) -> Screen[str | None] | None:
    """The screen for a step's lab; None for a lab this version does not know.

    A known lab whose authored data is unusable opens a screen that says what
    is wrong and where, rather than failing the step.
    """
    try:
        return _build(lab, step)
    except LabError as exc:
        return LabProblemScreen(f"Step {step.number}, lab:{lab.name} (line {lab.line}): {exc}")


__all__ = ["KNOWN_LABS", "LabScreen", "lab_screen_for"]
