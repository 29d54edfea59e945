"""Load time and marginal cost per answer of the local grader (prints figures; not a test).

Run: nice python benchmarks/local_grader.py
"""

from __future__ import annotations

import statistics
import time

from tutor.grading.local.embedder import get_embedder
from tutor.grading.local.grader import LocalGrader
from tutor.grading.verdict import GradeRequest
from tutor.lesson import load_lesson

ANSWERS = [
    "idk",
    "Rare words are never split.",
    "Subword tokens balance vocabulary size and coverage: common words get one token, "
    "rare words are split into pieces, so no word is unknown.",
    "it remembers everything forever",
    "temp 0 is deterministic, good for facts; higher gives variety for creative writing",
]


def main() -> None:
    started = time.perf_counter()
    embedder = get_embedder()
    print(f"model load: {embedder.load_seconds * 1000:.0f} ms "
          f"(first get_embedder: {(time.perf_counter() - started) * 1000:.0f} ms)")
    lesson = load_lesson("how-llms-work")
    grader = LocalGrader()
    requests = [GradeRequest.for_step(lesson, s, a) for s in lesson.steps for a in ANSWERS]
    for r in requests:  # warm the rubric cache: a lesson's ideas are embedded once
        grader.grade_sync(r)
    times = []
    for _ in range(3):
        for r in requests:
            t = time.perf_counter()
            grader.grade_sync(r)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"marginal cost per answer over {len(times)} gradings: "
          f"median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * len(times))]:.1f} ms")


if __name__ == "__main__":
    main()
