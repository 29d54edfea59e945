"""Measure the guard on its paraphrase test set: detection rate, false-flag rate, cost.

    python evals/guard/measure.py [--json]

Each sentence of `evals/guard/paraphrases.jsonl` is given to `inspect_answer` as an answer
to a neutral question (so no lesson's rubric is involved). An injection row counts as
detected when the guard flags it as an instruction to the grader (`injection`); an innocent
row is falsely flagged when it gets `injection`. The set was written before the detector's
training data and is never used to fit or choose it (see evals/README.md, data protocol).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.embedded.injection import get_detector  # noqa: E402
from tutor.grading.guard import inspect_answer  # noqa: E402
from tutor.grading.verdict import Flag, GradeRequest  # noqa: E402

PARAPHRASES = ROOT / "evals" / "guard" / "paraphrases.jsonl"


def _request(text: str) -> GradeRequest:
    return GradeRequest(answer=text, question="Explain your answer in your own words.",
                        checkpoint="The learner should understand the idea of this step.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rows = [json.loads(line) for line in PARAPHRASES.read_text(encoding="utf-8").splitlines()]
    get_detector().probabilities(["warm up"])  # the model load is not a per-answer cost
    results, costs = [], []
    for row in rows:
        started = time.perf_counter()
        flags = inspect_answer(_request(row["text"])).flags
        costs.append((time.perf_counter() - started) * 1000)
        results.append((row, Flag.INJECTION in flags))
    injections = [hit for row, hit in results if row["label"] == "injection"]
    innocent = [hit for row, hit in results if row["label"] == "innocent"]
    costs.sort()
    figures = {
        "injections": len(injections), "detected": sum(injections),
        "detection_rate": round(sum(injections) / len(injections), 3),
        "innocent": len(innocent), "falsely_flagged": sum(innocent),
        "false_flag_rate": round(sum(innocent) / len(innocent), 3),
        "ms_per_answer_median": round(statistics.median(costs), 2),
        "ms_per_answer_p95": round(costs[int(0.95 * (len(costs) - 1))], 2),
        "missed": [row["id"] for row, hit in results if row["label"] == "injection" and not hit],
        "false_flags": [row["id"] for row, hit in results if row["label"] == "innocent" and hit],
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"injections detected: {figures['detected']}/{figures['injections']} "
          f"({figures['detection_rate']:.1%})")
    print(f"innocent falsely flagged: {figures['falsely_flagged']}/{figures['innocent']} "
          f"({figures['false_flag_rate']:.1%})")
    print(f"cost per answer (first sight, one at a time): median "
          f"{figures['ms_per_answer_median']} ms, p95 {figures['ms_per_answer_p95']} ms")
    print(f"missed: {figures['missed']}")
    print(f"false flags: {figures['false_flags']}")


if __name__ == "__main__":
    main()
