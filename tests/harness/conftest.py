"""Shared data for the harness tests: a small rubric set whose every figure is known by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.harness.command import default_leaks
from tutor.harness.summary import Leaks

RUBRIC = "cats chase mice quickly"

# With OverlapGrader(need=2) (two shared content words advance):
#   x1 gold advance, graded advance  (true advance)
#   x2 gold hint,    graded advance  (false advance, score 0.5)
#   x3 gold advance, graded hint     (false hold)
#   x4 gold hint,    graded hint     (true hold; its hint is the Checkpoint itself: a leak)
#   x5 gold hint,    not graded      (the grader fails on FAIL)
#   x6 gold hint,    graded hint     (true hold; its hint is a question)
RECORDS = [
    {"id": "x1", "answer": "cats chase mice", "label": "advance", "tags": ["correct"]},
    {"id": "x2", "answer": "cats chase", "label": "hint", "tags": ["partial", "keywords"]},
    {"id": "x3", "answer": "dogs bark", "label": "advance", "tags": ["correct", "terse"]},
    {"id": "x4", "answer": "dogs sleep LEAK", "label": "hint", "tags": ["wrong"]},
    {"id": "x5", "answer": "FAIL please", "label": "hint", "tags": []},
    {"id": "x6", "answer": "mice run", "label": "hint", "tags": ["wrong"]},
]


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    lines = [json.dumps({"question": "What do cats do?", "rubric": RUBRIC, **r})
             for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def leaks() -> Leaks:
    """The tutor's own hint-leakage check (as `tutor eval` picks it)."""
    return default_leaks()[0]
