"""Check a step's lab directives and data without opening them (for `tutor lessons check`)."""

from __future__ import annotations

from tutor.labs.context import ContextAssumptions
from tutor.labs.errors import LabError
from tutor.labs.expression import parse_expression, parse_word_list
from tutor.labs.temperature import NextTokenDistribution
from tutor.lesson import LabDirective, Step

KNOWN_LABS = ("tokenizer", "embeddings", "context", "temperature")


def lab_problems(lab: LabDirective, step: Step) -> list[str]:
    """What is wrong with this lab as authored, each naming the step and line; [] if usable."""
    where = f"step {step.number}, lab:{lab.name} (line {lab.line})"
    if lab.name not in KNOWN_LABS:
        return [f"{where}: unknown lab; known labs are {', '.join(KNOWN_LABS)}"]
    try:
        if lab.name == "embeddings":
            if "words" in lab.params and not parse_word_list(lab.params["words"]):
                raise LabError('words="…" lists no words; separate words with commas.')
            if "analogy" in lab.params:
                parse_expression(lab.params["analogy"])
        elif lab.name == "context":
            ContextAssumptions.from_lab_data(step.lab_data.get("context"))
        elif lab.name == "temperature":
            NextTokenDistribution.from_lab_data(step.lab_data.get("temperature"))
    except LabError as exc:
        return [f"{where}: {exc.message}"]
    return []
