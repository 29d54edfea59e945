"""`tutor grade --grader local`: the embedded grader, no key, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app

pytest.importorskip("tutor.grading.local.grader", reason="the local grader has not landed yet")

runner = CliRunner()
ANSWERS = [
    "Text is split into tokens, pieces of words, and each token gets an id number.",
    "Each token becomes a vector of numbers; similar meanings end up close together.",
    "Every token looks at the other tokens and weighs how relevant each one is to it.",
    "I don't know.",
    "",
]


def test_local_grader_grades_every_answer_in_order(tmp_path: Path) -> None:
    rows = [
        {"id": f"a{i}", "step": 1 + i % 3, "answer": ANSWERS[i % len(ANSWERS)]} for i in range(150)
    ]
    src = tmp_path / "answers.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["grade", str(src), "--grader", "local", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["grader"].startswith("local")
    assert [r["id"] for r in report["results"]] == [f"a{i}" for i in range(150)]
    assert all(r["decision"] in ("advance", "hint") for r in report["results"])
    empty = [r for i, r in enumerate(report["results"]) if i % len(ANSWERS) == 4]
    assert all(r["decision"] == "hint" and "empty" in r["flags"] for r in empty)
    # the same answer to the same step gets the same verdict, whichever chunk it was in
    by_key: dict[tuple[int, str], set[str]] = {}
    for row, answer in zip(report["results"], rows, strict=True):
        by_key.setdefault((row["step"], answer["answer"]), set()).add(row["decision"])
    assert all(len(decisions) == 1 for decisions in by_key.values())
