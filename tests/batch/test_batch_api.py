"""`tutor grade --batch-api` end to end against the fake Messages API (real SDK, real sockets)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.cli import app

runner = CliRunner()


def answer_text(body: dict[str, Any]) -> str:
    return json.dumps(body["messages"])


def by_marker(body: dict[str, Any]) -> replies.Reply:
    """GOOD answers advance, BAD ones are hinted, BROKEN ones get an unreadable verdict."""
    text = answer_text(body)
    if "BROKEN" in text:
        return replies.schema_break()
    if "REFUSED" in text:
        return replies.error(400, "invalid_request_error", "prompt is too long")
    found = re.search(r"answer (\d+)", text)
    feedback = f"reply to answer {found.group(1)}" if found else "no number"
    return replies.verdict("advance" if "GOOD" in text else "hint", feedback=feedback)


def write_answers(folder: Path, texts: list[str]) -> Path:
    rows = [{"id": f"a{i}", "step": 1 + i % 7, "answer": t} for i, t in enumerate(texts)]
    path = folder / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    return path


@pytest.fixture
def claude_env(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "fake-key-test-0000000000000000")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    fake_api.default = by_marker
    fake_api.batch_polls = 3
    return fake_api


def grade(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["grade", *args, "--batch-api", "--poll", "0.05"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def batch_posts(fake: FakeAnthropic) -> list[Any]:
    return [
        r.body for r in fake.requests if r.method == "POST" and r.path == "/v1/messages/batches"
    ]


def test_batch_round_trip_maps_results_back_by_custom_id(
    claude_env: FakeAnthropic, tmp_path: Path
) -> None:
    texts = [f"{'GOOD' if i % 2 else 'BAD'} answer {i}" for i in range(9)] + ["   "]
    src = write_answers(tmp_path, texts)
    out = tmp_path / "out.json"
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 0, stderr

    posts = batch_posts(claude_env)
    assert len(posts) == 1
    sent = posts[0]["requests"]
    assert [r["custom_id"] for r in sent] == [f"answer-{i}" for i in range(9)]  # empty one not sent
    assert sent[0]["params"]["tool_choice"]["type"] == "tool"  # the Claude grader's own params
    assert "BAD answer 0" in json.dumps(sent[0]["params"]["messages"])
    polls = [
        r
        for r in claude_env.requests
        if r.method == "GET" and r.path.endswith(posts and "") is False
    ]
    assert polls is not None

    report = json.loads(out.read_text())
    assert report["grader"].startswith("claude-batch:")
    rows = report["results"]
    assert [r["id"] for r in rows] == [f"a{i}" for i in range(10)]
    assert [r["decision"] for r in rows[:9]] == ["advance" if i % 2 else "hint" for i in range(9)]
    assert [r["feedback"] for r in rows[:9]] == [f"reply to answer {i}" for i in range(9)]
    assert rows[9]["decision"] == "hint" and rows[9]["flags"] == ["empty"]
    assert report["summary"]["errors"] == 0
    assert not (tmp_path / "out.json.partial.jsonl").exists()
    assert "sent batch msgbatch_fake000001 (9 answers)" in stderr


def test_failed_batch_items_are_errors_and_a_rerun_sends_only_those(
    claude_env: FakeAnthropic, tmp_path: Path
) -> None:
    src = write_answers(tmp_path, ["GOOD one", "BROKEN two", "REFUSED three", "BAD four"])
    out = tmp_path / "out.json"
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 1
    assert "2 of 4 answer(s) could not be graded" in stderr
    rows = json.loads(out.read_text())["results"]
    assert [r["decision"] for r in rows] == ["advance", None, None, "hint"]
    assert rows[1]["error"].startswith("grader reply invalid:")
    assert rows[2]["error"] == "grader unavailable: invalid_request_error: prompt is too long"

    claude_env.default = lambda body: replies.verdict("advance")  # the API recovers
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 0, stderr
    second = batch_posts(claude_env)[1]["requests"]
    assert [r["custom_id"] for r in second] == ["answer-1", "answer-2"]
    rows = json.loads(out.read_text())["results"]
    assert [r["decision"] for r in rows] == ["advance", "advance", "advance", "hint"]


def test_no_key_is_bad_input(tmp_path: Path) -> None:
    src = write_answers(tmp_path, ["GOOD"])
    code, stderr = grade(str(src))
    assert code == 2 and "--batch-api needs Claude: set ANTHROPIC_API_KEY" in stderr


def test_killed_while_polling_resumes_the_same_batch(
    claude_env: FakeAnthropic, tmp_path: Path
) -> None:
    write_answers(tmp_path, [f"GOOD {i}" for i in range(5)])
    claude_env.batch_polls = 10**9  # the batch never ends while the first process waits
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    argv = [
        sys.executable,
        "-m",
        "tutor",
        "grade",
        "answers.json",
        "--out",
        "out.json",
        "--batch-api",
        "--poll",
        "0.05",
    ]
    first = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE)
    checkpoint = tmp_path / "out.json.partial.jsonl"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if checkpoint.exists() and '"batch_id":"msgbatch_' in checkpoint.read_text():
            break
        time.sleep(0.02)
    time.sleep(0.2)  # it is polling now
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert not (tmp_path / "out.json").exists()

    (batch,) = claude_env.state.batches.values()
    batch.polls_left = 2  # the batch ends while nobody watches
    second = subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert second.returncode == 0, second.stderr
    assert len(batch_posts(claude_env)) == 1  # collected, not sent again
    rows = json.loads((tmp_path / "out.json").read_text())["results"]
    assert [r["decision"] for r in rows] == ["advance"] * 5
    assert not checkpoint.exists()


def test_model_names_the_model_of_every_request_in_the_batch(
    claude_env: FakeAnthropic, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    code, stderr = grade(str(write_answers(tmp_path, ["GOOD answer 0", "BAD answer 1"])),
                         "--model", "claude-test-model-c", "--out", str(out))
    assert code == 0, stderr
    sent = batch_posts(claude_env)[0]["requests"]
    assert [r["params"]["model"] for r in sent] == ["claude-test-model-c"] * 2
    assert json.loads(out.read_text())["grader"] == "claude-batch:claude-test-model-c"
