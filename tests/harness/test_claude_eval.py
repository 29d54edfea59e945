"""`tutor eval --grader claude` through the real SDK against the fake Messages API on 127.0.0.1:
a recorded run, then the same run replayed and labelled as such."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from tests.fakeapi.replies import verdict
from tests.fakeapi.server import FakeAnthropic
from tutor.errors import InputError
from tutor.harness.command import EvalArgs, run_eval
from tutor.harness.summary import Leaks


@pytest.fixture
def claude_env(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    fake_api.default = lambda body: verdict(
        "advance" if "cats chase mice" in json.dumps(body) else "hint",
        usage={"input_tokens": 900, "output_tokens": 120})
    return fake_api


def quiet() -> Console:
    return Console(file=io.StringIO(), width=120)


def test_recorded_then_replayed(claude_env: FakeAnthropic, small_set: Path, tmp_path: Path,
                                leaks: Leaks) -> None:
    cassettes = tmp_path / "cassettes"
    live_out, replay_out = tmp_path / "live.json", tmp_path / "replay.json"
    args = EvalArgs(datasets=[small_set], grader="claude", record=cassettes, out=live_out)
    assert run_eval(args, leaks=leaks, console=quiet()) == 0
    live = json.loads(live_out.read_text(encoding="utf-8"))
    calls = len(claude_env.message_requests)
    assert calls >= 6
    assert live["mode"] == "recorded" and live["replayed"] is False
    assert live["usage"]["input_tokens"] > 0 and live["usage"]["cost_usd"] > 0
    assert live["fallbacks"] == 0

    report = tmp_path / "report"
    args = EvalArgs(datasets=[small_set], grader="claude", replay=cassettes, out=replay_out,
                    report=report)
    assert run_eval(args, leaks=leaks, console=quiet()) == 0
    replayed = json.loads(replay_out.read_text(encoding="utf-8"))
    assert len(claude_env.message_requests) == calls  # nothing reached the server
    assert replayed["mode"] == "replayed" and replayed["replayed"] is True
    assert replayed["confusion"] == live["confusion"]
    html = (report / "index.html").read_text(encoding="utf-8")
    assert 'id="replayed"' in html and "not a measure of the grader" in html


def test_replay_needs_a_folder(claude_env: FakeAnthropic, small_set: Path, tmp_path: Path,
                               leaks: Leaks) -> None:
    with pytest.raises(InputError, match="no such folder"):
        run_eval(EvalArgs(datasets=[small_set], grader="claude", replay=tmp_path / "none"),
                 leaks=leaks, console=quiet())
