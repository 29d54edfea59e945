"""Resume after SIGKILL: nothing lost, at most the in-flight answers graded again, same output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.batch.kill_target import CONCURRENCY
from tests.conftest import REPO

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
