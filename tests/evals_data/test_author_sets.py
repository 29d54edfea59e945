"""The further authors' sets (evals/train/authors/, evals/lessons/): each answers.json is what
its build script makes of the authors' files, loads as format (a), has unique ids, both
labels on every step, and a `missing` on every hint that names the step's expectations."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from tutor.grading.verdict import Decision
from tutor.harness.datasets import load_datasets
from tutor.lesson import load_lesson

EVALS = Path(__file__).resolve().parents[2] / "evals"


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"build_{path.parent.name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AUTHOR_FILES = sorted((EVALS / "train" / "authors").glob("*.jsonl"))
LESSON_DIRS = sorted(p for p in (EVALS / "lessons").iterdir() if p.is_dir())


@pytest.mark.parametrize("source", AUTHOR_FILES, ids=lambda p: p.stem)
def test_a_training_author_file_is_what_build_makes(source: Path) -> None:
    built = _module(EVALS / "train" / "authors" / "build.py").build(source)
    assert json.loads(source.with_suffix(".json").read_text(encoding="utf-8")) == built


@pytest.mark.parametrize("folder", LESSON_DIRS, ids=lambda p: p.name)
def test_an_unseen_lesson_set_is_what_build_makes(folder: Path) -> None:
    built = _module(EVALS / "lessons" / "build.py").build(folder)
    assert json.loads((folder / "answers.json").read_text(encoding="utf-8")) == built
    assert len({p.stem for p in folder.glob("*.jsonl")}) >= 2  # two authors at least


@pytest.mark.parametrize("path", [p.with_suffix(".json") for p in AUTHOR_FILES]
                         + [d / "answers.json" for d in LESSON_DIRS], ids=str)
def test_each_set_is_well_formed(path: Path) -> None:
    items = [it for d in load_datasets([path]) for it in d.items]
    assert len({it.id for it in items}) == len(items) >= 150
    lesson = load_lesson(json.loads(path.read_text(encoding="utf-8"))["lesson"])
    for step in lesson.steps:
        labels = {it.label for it in items if it.step == str(step.number)}
        assert labels == {Decision.ADVANCE, Decision.HINT}, step.number
    for it in items:
        if it.label is Decision.HINT:
            assert it.missing is not None, it.id
            step = lesson.step(int(it.step))
            assert step is not None and set(it.missing) <= set(step.expectations), it.id
