"""Lab directives and data are checked without opening the labs."""

from __future__ import annotations

from tests.labs.host import seed_step
from tutor.labs import lab_problems
from tutor.lesson import LabDirective, load_lesson


def test_the_seed_lessons_labs_are_all_usable() -> None:
    lesson = load_lesson("how-llms-work")
    labs = [(lab, step) for step in lesson.steps for lab in step.labs]
    assert [lab.name for lab, _ in labs] == ["tokenizer", "embeddings", "context", "temperature"]
    assert all(lab_problems(lab, step) == [] for lab, step in labs)


def test_problems_name_the_step_the_line_and_the_fix() -> None:
    step = seed_step(3)
    assert lab_problems(LabDirective(line=7, name="quantum"), step) == [
        "step 3, lab:quantum (line 7): unknown lab; known labs are "
        "tokenizer, embeddings, context, temperature"
    ]
    (temperature,) = lab_problems(LabDirective(line=9, name="temperature"), step)
    assert temperature.startswith("step 3, lab:temperature (line 9): The temperature lab needs")
    (analogy,) = lab_problems(
        LabDirective(line=4, name="embeddings", params={"analogy": "king man"}), step)
    assert "Put + or - between 'king' and 'man'" in analogy
    (words,) = lab_problems(LabDirective(line=4, name="embeddings", params={"words": " , "}), step)
    assert "lists no words" in words
