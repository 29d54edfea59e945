"""Resume after SIGKILL: nothing lost, at most the in-flight answers graded again, same output."""

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

from tests.batch.kill_target import CONCURRENCY
from tests.conftest import REPO
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic

N = 60


def write_answers(folder: Path) -> Path:
    rows = [
        {
            "id": f"a{i}",
            "step": 1 + i % 7,
            "answer": f"{'good' if i % 3 else 'meh'}{i}@{20 + i % 5 * 10}",
        }
        for i in range(N)
    ]
    path = folder / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    return path


def start(folder: Path) -> subprocess.Popen[bytes]:
    args = [
        sys.executable,
        "-m",
        "tests.batch.kill_target",
        "answers.json",
        "out.json",
        "calls.log",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(args, cwd=folder, env=env, stderr=subprocess.PIPE)


def results_in(checkpoint: Path) -> int:
    if not checkpoint.exists():
        return 0
    lines = checkpoint.read_text(encoding="utf-8").split("\n")[:-1]  # the last may be torn
    return sum(1 for line in lines if json.loads(line)["kind"] == "result")


def test_sigkill_midway_then_rerun(tmp_path: Path) -> None:
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    killed.mkdir()
    clean.mkdir()
    write_answers(killed)
    write_answers(clean)
    checkpoint = killed / "out.json.partial.jsonl"

    proc = start(killed)
    deadline = time.monotonic() + 60
    while results_in(checkpoint) < N // 3 and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    saved = results_in(checkpoint)
    assert N // 3 <= saved < N, "the kill should land midway"
    assert not (killed / "out.json").exists()  # no half-written output

    rerun = start(killed)
    _, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr.decode()
    assert (
        f"resuming from out.json.partial.jsonl: {saved} answer(s) already graded" in stderr.decode()
    )
    assert not checkpoint.exists()  # done: the checkpoint is removed

    calls = (killed / "calls.log").read_text(encoding="utf-8").splitlines()
    regraded = len(calls) - len(set(calls))
    assert len(set(calls)) == N  # every answer graded; none lost
    assert regraded <= CONCURRENCY  # only the answers in flight at the kill

    baseline = start(clean)
    baseline.communicate(timeout=120)
    assert (killed / "out.json").read_bytes() == (clean / "out.json").read_bytes()


def test_the_cli_killed_midway_with_the_claude_grader_resumes(
    fake_api: FakeAnthropic, tmp_path: Path
) -> None:
    def reply(body: dict[str, Any]) -> replies.Reply:
        found = re.search(r"example (\d+)", json.dumps(body.get("messages")))
        number = found.group(1) if found else "?"
        return replies.slow(0.03, replies.verdict(feedback=f"reply to {number}"))

    fake_api.default = reply
    texts = [f"each token weighs the others, as in example {i}" for i in range(N)]
    rows = [{"id": f"a{i}", "step": 1 + i % 7, "answer": t} for i, t in enumerate(texts)]
    (tmp_path / "answers.json").write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}))
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ANTHROPIC_API_KEY": "fake-key-test-000000",
        "ANTHROPIC_BASE_URL": fake_api.base_url,
    }
    argv = [
        sys.executable,
        "-m",
        "tutor",
        "grade",
        "answers.json",
        "--out",
        "out.jsonl",
        "--grader",
        "claude",
        "--concurrency",
        "4",
    ]
    checkpoint = tmp_path / "out.jsonl.partial.jsonl"

    proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while results_in(checkpoint) < N // 3 and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = results_in(checkpoint)
    assert N // 3 <= saved < N
    before = len(fake_api.message_requests)

    rerun = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    sent_again = len(fake_api.message_requests) - before
    assert sent_again == N - saved  # only what the checkpoint did not hold
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(x)["feedback"] for x in lines] == [f"reply to {i}" for i in range(N)]
