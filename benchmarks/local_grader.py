"""Load time, per-answer cost and batch throughput of the local grader (prints; not a test).

Run: nice python benchmarks/local_grader.py [--answers 400]

1. Model load: hash checks, both ONNX sessions (embedder, judge), tokenizers, weights.
2. One at a time (the TUI's case): `grade_sync` per answer, rubric already cached.
3. Batched (the `tutor grade` case): `grade_many` over N answers of varied length,
   drawn from SemEval-2013 Beetle training answers (CC BY-SA 3.0) when present, else
   built from the fixed answers below, spread over the seed lesson's 7 steps.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path

from tutor.grading.embedded.embedder import get_embedder
from tutor.grading.local.grader import LocalGrader
from tutor.grading.local.judge import get_judge
from tutor.grading.verdict import GradeRequest
from tutor.lesson import load_lesson

SEMEVAL = Path("/work/shared/data/semeval2013/beetle-train.jsonl")
ANSWERS = [
    "idk",
    "Rare words are never split.",
    "Subword tokens balance vocabulary size and coverage: common words get one token, "
    "rare words are split into pieces, so no word is unknown.",
    "it remembers everything forever",
    "temp 0 is deterministic, good for facts; higher gives variety for creative writing",
]


def corpus(n: int) -> list[str]:
    """N answers of realistic, varied length."""
    if SEMEVAL.is_file():
        rows = [json.loads(line)["answer"] for line in SEMEVAL.open(encoding="utf-8")]
        return random.Random(7).sample(rows, min(n, len(rows)))
    return [ANSWERS[i % len(ANSWERS)] + f" ({i})" for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=400)
    args = parser.parse_args()
    started = time.perf_counter()
    embedder = get_embedder()
    judge = get_judge()
    grader = LocalGrader()
    lesson = load_lesson("how-llms-work")
    grader.warm()  # as the TUI does after its first frame: weights, word lists, one grading
    print(f"model load: embedder {embedder.load_seconds * 1000:.0f} ms + judge "
          f"{judge.load_seconds * 1000:.0f} ms "
          f"(load + weights + word lists + first grading: "
          f"{(time.perf_counter() - started) * 1000:.0f} ms)")

    requests = [GradeRequest.for_step(lesson, s, a) for s in lesson.steps for a in ANSWERS]
    for r in requests:  # a lesson's ideas are embedded once
        grader.grade_sync(r)
    times = []
    for _ in range(3):
        for r in requests:
            t = time.perf_counter()
            grader.grade_sync(r)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"one at a time, {len(times)} gradings: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * len(times))]:.1f} ms")

    answers = corpus(args.answers)
    batch = [GradeRequest.for_step(lesson, lesson.steps[i % len(lesson.steps)], a)
             for i, a in enumerate(answers)]
    t = time.perf_counter()
    verdicts = asyncio.run(grader.grade_many(batch))
    seconds = time.perf_counter() - t
    failed = sum(not hasattr(v, "decision") for v in verdicts)
    print(f"batched: {len(batch)} answers in {seconds:.2f} s = {len(batch) / seconds:.0f} "
          f"answers/s ({seconds * 1000 / len(batch):.2f} ms each), {failed} failed")


if __name__ == "__main__":
    main()
