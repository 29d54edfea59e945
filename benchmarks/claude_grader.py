"""The Claude grader's prompt size and per-call cost, and our overhead per answer.

Run:  nice python benchmarks/claude_grader.py [--n 200]

1. For each step of the seed lesson: characters of the cached prefix (tool + system) and of
   the user turn, an estimate of their tokens (characters / 4; the real count needs the API),
   and the estimated cost of one grading on the default model: with no caching (a prefix under
   the model's minimum cacheable length: 4,096 tokens on Haiku 4.5), writing the cache, and
   reading it.
2. Our own overhead per answer (prompt rendering, SDK, loopback HTTP, parsing, guard) against
   the fake Messages API answering at once: p50/p95 ms over --n answers, one at a time.
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pydantic import SecretStr  # noqa: E402

from tests.fakeapi import replies  # noqa: E402
from tests.fakeapi.server import FakeAnthropic  # noqa: E402
from tutor.config import Settings  # noqa: E402
from tutor.grading.claude import ClaudeGrader, build_params  # noqa: E402
from tutor.grading.claude.pricing import cost_of  # noqa: E402
from tutor.grading.verdict import GradeRequest, Usage  # noqa: E402
from tutor.lesson import load_lesson  # noqa: E402

ANSWER = "Attention lets each token weigh every other token: 'bank' takes meaning from 'river'."


def sizes(settings: Settings) -> None:
    lesson = load_lesson("how-llms-work")
    print(f"model {settings.model}; tokens estimated as characters/4")
    print(f"{'step':>4} {'prefix chars':>12} {'~tokens':>8} {'user chars':>10} {'~tokens':>8} "
          f"{'$ no cache':>10} {'$ write':>9} {'$ read':>9}")
    for step in lesson.steps:
        params = build_params(GradeRequest.for_step(lesson, step, ANSWER), settings)
        prefix = len(json.dumps(params["tools"])) + sum(len(b["text"]) for b in params["system"])
        user = len(params["messages"][0]["content"])
        out = 150  # a typical verdict's tool call
        plain = cost_of(Usage(input_tokens=(user + prefix) // 4, output_tokens=out),
                        settings.model)
        cold = cost_of(Usage(input_tokens=user // 4, output_tokens=out,
                             cache_creation_input_tokens=prefix // 4), settings.model)
        warm = cost_of(Usage(input_tokens=user // 4, output_tokens=out,
                             cache_read_input_tokens=prefix // 4), settings.model)
        print(f"{step.number:>4} {prefix:>12} {prefix // 4:>8} {user:>10} {user // 4:>8} "
              f"{plain:>10.5f} {cold:>9.5f} {warm:>9.5f}")


async def overhead(n: int) -> None:
    fake = FakeAnthropic().start()
    fake.default = lambda _: replies.verdict("advance")
    lesson = load_lesson("how-llms-work")
    step = lesson.step(3)
    assert step is not None
    grader = ClaudeGrader(Settings(api_key=SecretStr("bench"), base_url=fake.base_url))
    times: list[float] = []
    try:
        for i in range(n):
            request = GradeRequest.for_step(lesson, step, f"{ANSWER} ({i})")
            start = time.perf_counter()
            await grader.grade(request)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        await grader.aclose()
        fake.stop()
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"overhead over {n} answers (fake server, loopback): p50 "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms (first {times[0]:.1f} ms min)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    sizes(Settings())
    asyncio.run(overhead(args.n))


if __name__ == "__main__":
    main()
