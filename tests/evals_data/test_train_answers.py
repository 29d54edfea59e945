"""The training set evals/train/answers.json: generated from _rows.py, balanced, well-formed."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from tutor.harness.datasets import load_datasets

TRAIN = Path(__file__).resolve().parents[2] / "evals" / "train"
VOCAB = {"correct", "terse", "informal", "typos", "non-native", "hedged", "thorough", "buttons",
         "partial", "misconception", "contradiction", "wrong", "off-topic", "idk",
         "copied-question", "gibberish", "keyword-list", "wrong-step", "empty", "too-long",
         "buttons-only"}


def _build() -> dict[str, object]:
    spec = importlib.util.spec_from_file_location("train_build", TRAIN / "build_answers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built: dict[str, object] = module.build()
    return built


def test_committed_file_matches_the_rows() -> None:
    committed = json.loads((TRAIN / "answers.json").read_text(encoding="utf-8"))
    assert committed == _build()


def test_loads_as_format_a_with_forty_per_step_half_advance() -> None:
    datasets = load_datasets([TRAIN / "answers.json"])
    items = [it for d in datasets for it in d.items]
    assert len(items) == 280
    assert len({it.id for it in items}) == 280
    counts = Counter((it.step, str(it.label)) for it in items)
    for step in "1234567":
        assert counts[(step, "advance")] == 20 and counts[(step, "hint")] == 20


def test_ids_and_tags_follow_the_convention() -> None:
    answers = json.loads((TRAIN / "answers.json").read_text(encoding="utf-8"))["answers"]
    for a in answers:
        assert set(a["tags"]) <= VOCAB, a["id"]
        assert a["id"].startswith(f"tr-s{a['step']}-{a['tags'][0]}-"), a["id"]
        assert a["answer"].strip()


def test_every_hint_and_no_advance_names_what_is_missing() -> None:
    items = [it for d in load_datasets([TRAIN / "answers.json"]) for it in d.items]
    for it in items:
        if str(it.label) == "hint":
            assert it.missing, it.id
        else:
            assert it.missing is None, it.id
