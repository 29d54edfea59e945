"""The SemEval converter and its committed sample (format b)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "evals" / "semeval"))
import convert  # noqa: E402

SAMPLE = ROOT / "evals" / "semeval" / "sample-300.jsonl"
ROW = {"corpus": "beetle", "split": "train", "question_id": "Q", "question": "Why?",
       "reference_answers": ["because a", "because b"], "answer_id": "x1", "answer": "a",
       "label_5way": "contradictory", "label_3way": "contradictory", "label_2way": "incorrect"}


def test_convert_row_maps_fields() -> None:
    assert convert.convert_row(ROW) == {
        "id": "x1", "question": "Why?", "rubric": ["because a", "because b"], "answer": "a",
        "label": "hint", "tags": ["beetle", "train", "contradictory"]}
    correct = {**ROW, "label_5way": None, "label_3way": "correct", "label_2way": "correct"}
    assert convert.convert_row(correct)["label"] == "advance"
    assert convert.convert_row(correct)["tags"][2] == "correct"


def test_sample_is_stratified_and_well_formed() -> None:
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert 250 <= len(records) <= 350
    assert len({r["id"] for r in records}) == len(records)
    assert {r["tags"][0] for r in records} == {"beetle", "scientsbank"}
    for r in records:
        assert set(r) == {"id", "question", "rubric", "answer", "label", "tags"}
        assert r["label"] in {"advance", "hint"} and r["rubric"]


def test_sample_loads_in_the_harness() -> None:
    from tutor.harness.rubric_format import load_rubric_records

    items = load_rubric_records(SAMPLE, SAMPLE.read_text(encoding="utf-8"))
    assert len(items) == len(SAMPLE.read_text().splitlines())


@pytest.mark.skipif(not convert.DEFAULT_SRC.is_dir(), reason="shared SemEval data not present")
def test_stratified_sample_is_deterministic() -> None:
    records = convert.read_corpus(convert.DEFAULT_SRC, "beetle")
    assert convert.stratified_sample(records, 50) == convert.stratified_sample(records, 50)
