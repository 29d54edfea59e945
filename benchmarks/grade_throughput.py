"""How fast `tutor grade` goes: through Claude (fake server) and through the local grader.

Run:  nice python benchmarks/grade_throughput.py [--answers 400] [--delay 0.3] [--local 2000]
      [--runs 3] [--concurrency N]

1. Claude path, end to end: `python -m tutor grade answers.json --grader claude` in a
   subprocess against the fake Messages API (tests/fakeapi) answering every request in
   `--delay` seconds; `--runs` times, each run and the median printed. Target: 400 answers
   in ≤ 10 s (one at a time would need 120 s). The first request's arrival is printed too:
   what comes before it is start-up (interpreter, `import anthropic`, client), not grading.
2. Local grader, after the model is loaded: `grade_answers` over `--local` answers in
   chunks through `grade_many` (one embedding pass per chunk). Target: ≥ 300 answers/s.
   The CLI end to end (model load included) is timed too.
Figures are printed; nothing is asserted (speed is not a unit test).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ANSWERS = [
    "Text is split into tokens, pieces of words, and each token gets an id number.",
    "Each token becomes a vector of numbers; similar meanings end up close together.",
    "Every token looks at the other tokens and weighs how relevant each one is to it.",
    "The model can only see a fixed number of tokens; older ones fall out of the window.",
    "It picks the next token from a probability distribution; temperature flattens it.",
    "It predicts plausible words, not checked facts, so it can make things up.",
    "Pick the smallest model that does the job well enough; cost and speed matter.",
    "I don't know.",
]


def write_answers(folder: Path, n: int) -> Path:
    """n answers over the lesson's 7 steps, some right and some not."""
    rows = [
        {"id": f"a{i:05d}", "step": 1 + i % 7, "answer": f"{ANSWERS[(i * 3) % 8]} ({i})"}
        for i in range(n)
    ]
    path = folder / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    return path


def run_cli(folder: Path, *args: str, env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", "answers.json", "--out", "out.json", *args],
        cwd=folder, env=env, capture_output=True, text=True, check=False,
    )
    return time.perf_counter() - start, proc.returncode, proc.stderr


def claude_path(n: int, delay: float, concurrency: int | None, runs: int = 1) -> None:
    from tests.fakeapi.replies import slow, verdict
    from tests.fakeapi.server import FakeAnthropic

    fake = FakeAnthropic().start()
    arrivals: list[float] = []

    def policy(body: dict[str, Any]) -> Any:
        arrivals.append(time.perf_counter())
        return slow(delay, verdict("advance"))

    fake.default = policy
    took: list[float] = []
    try:
        for run in range(runs):
            fake.reset()
            fake.default = policy
            arrivals.clear()
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                write_answers(folder, n)
                env = {**os.environ, "ANTHROPIC_API_KEY": "sk-fake",
                       "ANTHROPIC_BASE_URL": fake.base_url,
                       "TUTOR_DATA_DIR": str(folder / "data")}
                extra = ["--concurrency", str(concurrency)] if concurrency else []
                started = time.perf_counter()
                seconds, code, stderr = run_cli(folder, "--grader", "claude", *extra, env=env)
                sent = len(fake.message_requests)
                report = json.loads((folder / "out.json").read_text()) if code in (0, 1) else {}
            errors = report.get("summary", {}).get("errors", "?")
            first = arrivals[0] - started if arrivals else float("nan")
            last = arrivals[-1] - started if arrivals else float("nan")
            took.append(seconds)
            print(f"claude/fake server ({delay * 1000:.0f} ms per reply), run {run + 1}: {n} "
                  f"answers in {seconds:.2f} s ({n / seconds:.0f}/s), exit {code}, {sent} "
                  f"requests, {errors} errors; first request at {first:.2f} s, last at "
                  f"{last:.2f} s")
            if code not in (0, 1):
                print(stderr)
        grading_s = claude_in_process(fake.base_url, n, concurrency)
    finally:
        fake.stop()
    print(f"claude/fake server: median of {runs} run(s) {statistics.median(took):.2f} s "
          f"[target ≤ 10 s for 400; sequential would be {n * delay:.0f} s]")
    print(f"  the runner alone, in this process after imports: {grading_s:.2f} s (it shares the "
          "CPU and the GIL with the fake server here, so it is no faster than the CLI); "
          f"`import anthropic` alone: {import_seconds():.2f} s")


def import_seconds() -> float:
    """How long a fresh interpreter takes to import the SDK (paid by every Claude run)."""
    code = "import time; t = time.perf_counter(); import anthropic; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def claude_in_process(base_url: str, n: int, concurrency: int | None) -> float:
    """The runner alone: answers → ClaudeGrader → fake server, timed after imports."""
    from tutor.batch.answers import load_answers
    from tutor.batch.runner import RunOptions, grade_answers
    from tutor.config import load_settings
    from tutor.grading.claude.grader import ClaudeGrader

    with tempfile.TemporaryDirectory() as tmp:
        answers = load_answers(write_answers(Path(tmp), n))
    settings = load_settings(api_key="sk-fake", base_url=base_url)
    options = RunOptions(concurrency=concurrency) if concurrency else RunOptions()

    async def go() -> float:
        grader = ClaudeGrader(settings)
        t0 = time.perf_counter()
        await grade_answers(answers, grader, options=options)
        took = time.perf_counter() - t0
        await grader.aclose()
        return took

    return asyncio.run(go())


def local_path(n: int) -> None:
    from tutor.batch.answers import load_answers
    from tutor.batch.runner import RunOptions, grade_answers
    from tutor.grading.factory import make_grader

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        answers = load_answers(write_answers(folder, n))
        start = time.perf_counter()
        grader: Any = make_grader("local")

        async def go() -> float:
            await grader.prepare(1)  # load the model now, untimed below
            t0 = time.perf_counter()
            options = RunOptions(concurrency=1)
            await grade_answers(answers, grader, options=options)
            took = time.perf_counter() - t0
            await grader.aclose()
            return took

        load_and_grade = time.perf_counter()
        seconds = asyncio.run(go())
        print(f"local grader: model ready in {load_and_grade - start:.2f} s (+ first call); "
              f"{n} answers in {seconds:.2f} s = {n / seconds:.0f} answers/s "
              f"[target ≥ 300/s, chunks of {grader.batch_size}]")

        env = {**os.environ, "TUTOR_DATA_DIR": str(folder / "data")}
        env.pop("ANTHROPIC_API_KEY", None)
        cli_s, code, stderr = run_cli(folder, "--grader", "local", env=env)
        print(f"local grader, CLI end to end (start-up and model load included): {n} answers "
              f"in {cli_s:.2f} s, exit {code}")
        if code not in (0, 1):
            print(stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=None, help="default: the CLI's")
    parser.add_argument("--runs", type=int, default=1, help="CLI runs of the Claude path")
    parser.add_argument("--local", type=int, default=2000, help="answers for the local grader")
    parser.add_argument("--skip-claude", action="store_true")
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args()
    if not args.skip_claude:
        claude_path(args.answers, args.delay, args.concurrency, args.runs)
    if not args.skip_local:
        local_path(args.local)


if __name__ == "__main__":
    main()
