"""`tutor eval --grader local`: the embedded grader end to end, no key, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app

pytest.importorskip("tutor.grading.local.grader", reason="the local grader has not landed yet")

FIXTURES = Path(__file__).parent / "fixtures"


def test_local_grader_eval(tmp_path: Path) -> None:
    out, report = tmp_path / "metrics.json", tmp_path / "report"
    result = CliRunner().invoke(app, [
        "eval", str(FIXTURES / "answers.json"), str(FIXTURES / "rubric.jsonl"),
        "--grader", "local", "--out", str(out), "--report", str(report), "--repeat", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n"] == 8 and data["errors"] == 0 and data["graded"] == 8
    assert data["grader"].startswith("local") and data["mode"] == "live"
    assert data["stability"] == 0.0  # the local grader is deterministic
    assert data["usage"] is None  # no model bill
    assert set(data["per_step"]) == {"1", "3", "rubric"}
    assert (report / "index.html").is_file()
