"""Kill `tutor grade` with SIGKILL midway, run it again, and count what was lost or regraded.

Run:  nice python benchmarks/grade_resume.py [--answers 400] [--delay 0.3] [--kill-at 0.5]
      [--runs 3] [--concurrency 32]

The Claude grader runs in a subprocess against the fake Messages API (tests/fakeapi),
which logs every request, so regrading is counted from what the server saw. After
the rerun, the output is compared byte for byte with an uninterrupted run's.
Target: 0 lost; regraded ≤ the answers in flight at the kill (--concurrency).
Figures are printed; nothing is asserted (this is a measurement, not a unit test).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.grade_throughput import write_answers  # noqa: E402
from tests.fakeapi.replies import Reply, slow, verdict  # noqa: E402
from tests.fakeapi.server import FakeAnthropic  # noqa: E402

_NUMBER = re.compile(r"\((\d+)\)")


def reply_for(delay: float) -> Callable[[dict[str, Any]], Reply]:
    """Replies after `delay`; the verdict depends only on the answer, so runs are comparable."""

    def policy(body: dict[str, Any]) -> Reply:
        n = _number(body)
        return slow(delay, verdict("advance", feedback=f"reply to {n}"))

    return policy


def graded_in(checkpoint: Path) -> int:
    if not checkpoint.exists():
        return 0
    lines = checkpoint.read_text(encoding="utf-8").split("\n")[:-1]  # the last may be torn
    return sum(1 for line in lines if '"kind":"result"' in line)


def one_run(
    fake: FakeAnthropic, n: int, delay: float, kill_at: float, concurrency: int
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        killed, clean = Path(tmp) / "killed", Path(tmp) / "clean"
        for folder in (killed, clean):
            folder.mkdir()
            write_answers(folder, n)
        env = {
            **os.environ,
            "ANTHROPIC_API_KEY": "sk-fake",
            "ANTHROPIC_BASE_URL": fake.base_url,
            "TUTOR_DATA_DIR": str(Path(tmp) / "data"),
            "PYTHONPATH": str(REPO),
        }
        argv = [
            sys.executable,
            "-m",
            "tutor",
            "grade",
            "answers.json",
            "--out",
            "out.json",
            "--grader",
            "claude",
            "--concurrency",
            str(concurrency),
        ]
        checkpoint = killed / "out.json.partial.jsonl"

        fake.reset()
        fake.default = reply_for(delay)
        proc = subprocess.Popen(argv, cwd=killed, env=env, stderr=subprocess.DEVNULL)
        while graded_in(checkpoint) < n * kill_at and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        saved = graded_in(checkpoint)
        rerun = subprocess.run(
            argv, cwd=killed, env=env, capture_output=True, text=True, check=False
        )
        seen = Counter(_number(r.body) for r in fake.message_requests)

        fake.reset()
        fake.default = reply_for(delay)
        subprocess.run(argv, cwd=clean, env=env, capture_output=True, check=False)
        report = json.loads((killed / "out.json").read_text())
        graded = sum(1 for r in report["results"] if r["decision"] is not None)
        return {
            "saved_at_kill": saved,
            "rerun_exit": rerun.returncode,
            "lost": n - graded,
            "regraded": sum(c - 1 for c in seen.values()),
            "identical_to_clean_run": (killed / "out.json").read_bytes()
            == (clean / "out.json").read_bytes(),
        }


def _number(body: object) -> int:
    found = _NUMBER.search(json.dumps(body.get("messages"))) if isinstance(body, dict) else None
    return int(found.group(1)) if found else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--kill-at", type=float, default=0.5, help="share graded before the kill")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fake = FakeAnthropic().start()
    try:
        for i in range(args.runs):
            result = one_run(fake, args.answers, args.delay, args.kill_at, args.concurrency)
            print(
                f"run {i + 1}: {args.answers} answers, SIGKILL after {result['saved_at_kill']} "
                f"checkpointed; rerun exit {result['rerun_exit']}; lost {result['lost']}; "
                f"regraded {result['regraded']} (≤ {args.concurrency} in flight); output "
                f"identical to an uninterrupted run: {result['identical_to_clean_run']}"
            )
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
