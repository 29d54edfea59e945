"""How long `tutor eval` takes around the grader: loading, grading throughput, metrics, report.

Grades N SemEval-2013 Beetle answers (converted to rubric records in a temp folder) with
the Claude grader against the fake Messages API on 127.0.0.1 (tests/fakeapi), which answers
every request after --delay seconds: the figures are the harness's and the SDK's overhead at
a known model latency, not Claude's speed or quality. `--grader local` uses the local grader
instead (when installed).

    python benchmarks/eval_harness.py --n 500 --delay 0.2 --concurrency 4
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEMEVAL = REPO.parent / "shared" / "data" / "semeval2013" / "beetle-train.jsonl"
sys.path.insert(0, str(REPO))


def write_rubric(folder: Path, n: int) -> Path:
    """The first n Beetle rows as format (b) rubric records."""
    out = folder / "beetle.jsonl"
    with SEMEVAL.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(n), src, strict=False):
            row = json.loads(line)
            dst.write(json.dumps({
                "id": row["answer_id"], "question": row["question"],
                "rubric": row["reference_answers"], "answer": row["answer"],
                "label": "advance" if row["label_2way"] == "correct" else "hint",
                "tags": [row["corpus"], row["label_5way"]]}) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.2, help="fake model latency, seconds")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--grader", choices=("claude-fake", "local"), default="claude-fake")
    opts = parser.parse_args()

    from rich.console import Console

    from tests.fakeapi.replies import slow, verdict
    from tests.fakeapi.server import FakeAnthropic
    from tutor.harness.command import EvalArgs, default_leaks, make_grader
    from tutor.harness.compare import compare
    from tutor.harness.evaluate import Options, evaluate, load
    from tutor.harness.report import render_report

    fake = FakeAnthropic().start()
    fake.default = lambda body: slow(opts.delay, verdict(
        "advance" if len(json.dumps(body)) % 2 else "hint"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            os.environ.update(TUTOR_DATA_DIR=str(folder / "data"))
            if opts.grader == "claude-fake":
                os.environ.update(ANTHROPIC_API_KEY="sk-fake", ANTHROPIC_BASE_URL=fake.base_url)
            data = write_rubric(folder, opts.n)
            options = Options(batch_size=opts.batch_size, concurrency=opts.concurrency)

            started = time.perf_counter()
            datasets = load([data], options)
            load_s = time.perf_counter() - started

            args = EvalArgs(datasets=[data], grader="claude" if opts.grader != "local"
                            else "local")
            grader = make_grader(args)
            leaks, _ = default_leaks()
            started = time.perf_counter()
            outcome = asyncio.run(evaluate(datasets, grader, leaks, options))
            grade_s = time.perf_counter() - started
            asyncio.run(grader.aclose())

            started = time.perf_counter()
            page = render_report(outcome.metrics)
            data_json = outcome.metrics.model_dump(mode="json")
            compare(data_json, data_json)
            Console(file=io.StringIO()).print(page[:10])
            report_s = time.perf_counter() - started
    finally:
        fake.stop()

    m = outcome.metrics
    print(f"answers: {m.n} (graded {m.graded}, errors {m.errors}); grader {opts.grader}, "
          f"fake latency {opts.delay if opts.grader != 'local' else '-'} s, "
          f"concurrency {opts.concurrency}, batch size {opts.batch_size}")
    print(f"load + validate:   {load_s * 1000:8.1f} ms")
    print(f"grade:             {grade_s:8.2f} s  = {m.n / grade_s:7.1f} answers/s")
    print(f"metrics p50/p95:   {m.latency_ms.p50:8.1f} / {m.latency_ms.p95:.1f} ms per answer")
    print(f"report + compare:  {report_s * 1000:8.1f} ms ({len(page) // 1024} KiB of HTML)")


if __name__ == "__main__":
    main()
