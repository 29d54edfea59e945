"""Could the judge's own reading of a misconception or a contradiction veto an advance?

    python evals/local_grader/veto_check.py [DATASET ...]

For every answer the local grader advances, read what the judge said of it: its highest
P(states) for an authored misconception (the whole answer or any span), and its highest
P(contradicts) for a needed idea in any span. For each threshold, print how many advanced
answers a veto at that threshold would hold, and how many of those a careful tutor would
have held (gold `hint`) or passed (gold `advance`). Tuning sets only (dev and evals/train):
never run on evals/seed, evals/transcripts, evals/adversarial or evals/lessons.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.local.analysis import CONTRADICTS, STATES, Analysis  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.verdict import Decision, GradeRequest, Verdict  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

TEST_SETS = ("seed", "transcripts", "adversarial", "lessons")
DEFAULT = [ROOT / "evals" / "dev" / "answers.json",
           *sorted((ROOT / "evals" / "train" / "authors").glob("*.json"))]


class _Reading(LocalGrader):
    """The shipped grader, keeping the judge's readings of each answer it decides."""

    def __init__(self) -> None:
        super().__init__()
        self.read: dict[str, dict[str, float]] = {}

    def _decide(self, request: GradeRequest, analysis: Analysis, cut: float) -> Verdict:
        wrong, spans = analysis.judged_wrong, analysis.span_ideas
        needed = analysis.needed()
        self.read[request.answer] = {
            "misconception": float(wrong[:, :, STATES].max())
            if wrong is not None and wrong.size else 0.0,
            "contradicts": float(spans[:, needed, CONTRADICTS].max())
            if spans is not None and spans.size and needed else 0.0,
        }
        return super()._decide(request, analysis, cut)


async def main(paths: list[Path]) -> None:
    """Print, per signal and threshold, what a veto would hold."""
    if any(part in TEST_SETS for p in paths for part in p.parts):
        raise SystemExit("veto_check reads fitting and choosing sets only, not test sets.")
    grader = _Reading()
    rows: list[dict[str, Any]] = []
    for dataset in load_datasets(paths):
        for item in dataset.items:
            verdict = (await grader.grade_many([item.request]))[0]
            if isinstance(verdict, Verdict) and verdict.decision is Decision.ADVANCE:
                rows.append({"gold": item.label, **grader.read.get(item.request.answer, {})})
    wrong_in = sum(r["gold"] is Decision.HINT for r in rows)
    print(f"{len(rows)} answers advanced, {wrong_in} of them wrongly")
    for signal in ("misconception", "contradicts"):
        for cut in (0.5, 0.6, 0.7, 0.8, 0.9):
            held = [r for r in rows if r.get(signal, 0.0) >= cut]
            bad = sum(r["gold"] is Decision.HINT for r in held)
            print(f"  veto on {signal} >= {cut}: holds {len(held)}: {bad} wrong, "
                  f"{len(held) - bad} right")


if __name__ == "__main__":
    asyncio.run(main([Path(a) for a in sys.argv[1:]] or DEFAULT))
