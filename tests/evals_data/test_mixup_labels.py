"""The mix-up labels name real tuning answers and misconceptions their steps have."""

from __future__ import annotations

import json

from tests.conftest import REPO
from tutor.harness.datasets import load_datasets
from tutor.lesson import load_lesson


def test_each_label_is_an_answer_of_the_tuning_sets_and_a_misconception_of_its_step() -> None:
    labels = json.loads((REPO / "evals/local_grader/mixup_labels.json")
                        .read_text(encoding="utf-8"))["labels"]
    sets = [REPO / "evals/dev/answers.json", *sorted((REPO / "evals/train/authors").glob("*.json"))]
    steps = {it.id: it.step for d in load_datasets(sets) for it in d.items}
    lesson = load_lesson("how-llms-work")
    assert len(labels) >= 200
    for ident, number in labels.items():
        assert ident in steps, ident
        step = lesson.step(steps[ident])
        assert step is not None
        assert 0 <= number <= len(step.misconceptions), (ident, number)
