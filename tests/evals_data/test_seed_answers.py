"""The seed-lesson eval set: parses as `tutor grade` input, covers every step and kind."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from tutor.batch.answers import load_answers
from tutor.lesson import load_lesson

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "evals" / "seed" / "answers.json"
TAGS = {
    "correct", "terse", "informal", "typos", "non-native", "hedged", "thorough", "partial",
    "misconception", "contradiction", "wrong", "off-topic", "idk", "copied-question",
    "gibberish", "keyword-list", "injection", "forged-role", "forged-delimiter",
    "forged-verdict", "wrong-step", "empty", "too-long", "buttons", "buttons-only",
}
WRONG = {"wrong", "idk", "misconception", "contradiction"}
GAMING = {"injection", "keyword-list", "copied-question", "gibberish", "empty", "too-long"}


def _answers() -> list[dict[str, Any]]:
    data = json.loads(ANSWERS.read_text(encoding="utf-8"))
    assert data["lesson"] == "how-llms-work"
    answers: list[dict[str, Any]] = data["answers"]
    return answers


def test_loads_as_tutor_grade_input() -> None:
    loaded = load_answers(ANSWERS)
    raw = _answers()
    assert [i.id for i in loaded.items] == [a["id"] for a in raw]
    assert [i.label.value if i.label else None for i in loaded.items] == [a["label"] for a in raw]


def test_size_and_step_coverage() -> None:
    answers = _answers()
    steps = Counter(a["step"] for a in answers)
    assert len(answers) >= 180
    assert set(steps) == {s.number for s in load_lesson("how-llms-work").steps}
    assert min(steps.values()) >= 22


def test_ids_unique_labels_and_tags_known() -> None:
    answers = _answers()
    ids = [a["id"] for a in answers]
    assert len(ids) == len(set(ids))
    for a in answers:
        assert a["label"] in {"advance", "hint"}, a["id"]
        assert isinstance(a["tags"], list) and a["tags"], a["id"]
        assert set(a["tags"]) <= TAGS, (a["id"], a["tags"])


def test_label_balance_and_gaming_count() -> None:
    answers = _answers()
    advance = sum(a["label"] == "advance" for a in answers)
    assert 0.4 <= advance / len(answers) <= 0.6
    injection = [a for a in answers if "injection" in a["tags"]]
    assert len(injection) >= 15


def test_guideline_gaming_never_advances() -> None:
    """The guideline: gaming answers (even with a correct answer inside) are gold hint."""
    for a in _answers():
        if (GAMING | WRONG) & set(a["tags"]):
            assert a["label"] == "hint", a["id"]
        if "correct" in a["tags"] and not GAMING & set(a["tags"]):
            assert a["label"] == "advance", a["id"]


def test_every_step_has_each_core_kind() -> None:
    by_step: dict[object, set[str]] = {}
    for a in _answers():
        by_step.setdefault(a["step"], set()).update(a["tags"])
    for step, tags in by_step.items():
        assert {"correct", "partial", "misconception", "contradiction", "injection",
                "wrong-step", "keyword-list", "copied-question"} <= tags, step


def test_every_hint_answer_has_a_missing_label_of_its_steps_expectations() -> None:
    """`missing` (hand-labelled, evals/seed/_missing.py) names the step's own expectations."""
    lesson = load_lesson("how-llms-work")
    for a in _answers():
        if a["label"] == "advance":
            assert "missing" not in a, a["id"]
            continue
        assert isinstance(a.get("missing"), list), a["id"]
        step = lesson.step(a["step"])
        assert step is not None
        assert set(a["missing"]) <= set(step.expectations), a["id"]
        assert len(set(a["missing"])) == len(a["missing"]), a["id"]
        if {"correct", "injection"} <= set(a["tags"]):
            assert a["missing"] == [], a["id"]  # the idea is there; the hint is for the gaming


def test_answers_json_is_what_build_answers_writes() -> None:
    """The committed file is generated from _rows.py and _missing.py, never edited by hand."""
    sys.path.insert(0, str(ANSWERS.parent))
    try:
        import build_answers  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ANSWERS.parent))
    expected = json.dumps(build_answers.build(), indent=1, ensure_ascii=False) + "\n"
    assert ANSWERS.read_text(encoding="utf-8") == expected
