"""`tutor grade --grader claude` through the real Claude grader and SDK against the fake API."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.cli import app

runner = CliRunner()
SENTENCE = "Each token weighs how relevant the other tokens are to it, answer number {n} {tag}"


def number_in(body: dict[str, Any]) -> int:
    found = re.search(r"answer number (\d+)", json.dumps(body["messages"]))
    assert found is not None
    return int(found.group(1))


def write_answers(folder: Path, tags: list[str]) -> Path:
    rows = [
        {"id": f"a{n}", "step": 1 + n % 7, "answer": SENTENCE.format(n=n, tag=t)}
        for n, t in enumerate(tags)
    ]
    path = folder / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    return path


@pytest.fixture
def claude(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "fake-key-test-0000000000000000")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    return fake_api


def grade(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["grade", *args, "--grader", "claude"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def test_results_keep_input_order_when_replies_arrive_out_of_order(
    claude: FakeAnthropic, tmp_path: Path
) -> None:
    n = 40

    def varied(body: dict[str, Any]) -> replies.Reply:
        k = number_in(body)
        return replies.slow((k * 37 % 11) * 0.02, replies.verdict(feedback=f"reply to {k}"))

    claude.default = varied
    out = tmp_path / "out.json"
    code, stderr = grade(
        str(write_answers(tmp_path, ["x"] * n)), "--out", str(out), "--concurrency", "8"
    )
    assert code == 0, stderr
    rows = json.loads(out.read_text())["results"]
    assert [r["id"] for r in rows] == [f"a{k}" for k in range(n)]
    assert [r["feedback"] for r in rows] == [f"reply to {k}" for k in range(n)]
    assert len(claude.message_requests) == n


def test_partial_failure_exits_1_with_an_error_per_answer_then_a_rerun_retries_only_those(
    claude: FakeAnthropic, tmp_path: Path
) -> None:
    def policy(body: dict[str, Any]) -> replies.Reply:
        text = json.dumps(body["messages"])
        if "REFUSED" in text:
            return replies.error(400, "invalid_request_error", "prompt is too long")
        if "BROKEN" in text:
            return replies.schema_break()
        return replies.verdict("advance")

    claude.default = policy
    src = write_answers(tmp_path, ["ok", "REFUSED", "ok", "BROKEN", "ok"])
    out = tmp_path / "out.json"
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 1
    assert "2 of 5 answer(s) could not be graded" in stderr
    rows = json.loads(out.read_text())["results"]
    assert [r["decision"] for r in rows] == ["advance", None, "advance", None, "advance"]
    assert "refused the request (400)" in rows[1]["error"]
    assert "prompt is too long" in rows[1]["error"]
    assert rows[3]["error"].startswith(
        "grader reply invalid: Claude's reply was not a valid verdict"
    )
    assert all(r["error"] is None for r in rows if r["decision"])
    assert (tmp_path / "out.json.partial.jsonl").exists()  # kept for the retry

    claude.reset()
    claude.default = lambda body: replies.verdict("advance", feedback="second try")
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 0, stderr
    assert sorted(number_in(r.body) for r in claude.message_requests) == [1, 3]
    rows = json.loads(out.read_text())["results"]
    assert [r["decision"] for r in rows] == ["advance"] * 5
    assert [r["feedback"] == "second try" for r in rows] == [False, True, False, True, False]
    assert not (tmp_path / "out.json.partial.jsonl").exists()


def test_a_burst_of_429s_longer_than_the_sdk_retries_slows_the_run_but_does_not_fail_it(
    claude: FakeAnthropic, tmp_path: Path
) -> None:
    claude.queue(*[replies.rate_limited(retry_after_ms=1) for _ in range(6)])
    out = tmp_path / "out.json"
    code, stderr = grade(
        str(write_answers(tmp_path, ["x"] * 3)), "--out", str(out), "--concurrency", "1"
    )
    assert code == 0, stderr
    assert json.loads(out.read_text())["summary"]["errors"] == 0
    statuses = len(claude.message_requests)
    assert statuses == 3 + 6  # every 429 was followed by another try


def test_a_refused_key_fails_every_answer_with_the_reason(
    claude: FakeAnthropic, tmp_path: Path
) -> None:
    claude.default = lambda body: replies.unauthorized()
    out = tmp_path / "out.json"
    code, stderr = grade(str(write_answers(tmp_path, ["x"] * 2)), "--out", str(out))
    assert code == 1 and "2 of 2 answer(s) could not be graded" in stderr
    rows = json.loads(out.read_text())["results"]
    assert all("refused the API key" in r["error"] for r in rows)
    assert len(claude.message_requests) == 2  # not retried: it cannot get better


def test_stdin_to_stdout_as_jsonl_and_csv_from_the_out_suffix(
    claude: FakeAnthropic, tmp_path: Path
) -> None:
    src = write_answers(tmp_path, ["x", "y"])
    rows = json.loads(src.read_text())["answers"]
    result = runner.invoke(
        app,
        ["grade", "-", "--lesson", "how-llms-work", "--grader", "claude", "--format", "jsonl"],
        input=json.dumps(rows),
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a0", "a1"]
    assert "graded by claude" in result.stderr  # the summary goes to stderr, not into the data

    out = tmp_path / "results.csv"
    code, stderr = grade(str(src), "--out", str(out))
    assert code == 0, stderr
    assert out.read_text().splitlines()[0].startswith(  # the original columns come first
        "id,step,decision,score,feedback,hint,missing,flags,error,"
    )
