"""How the guard's step exemption (`injection.ABOUT_STEP`) was chosen, on tuning data only.

    python evals/guard/about_step.py

A sentence the detector flags is let off when it, and each of its clauses that reads as an
instruction, is near a sentence of the step's own teaching (explanation and Task). Printed:
- the lesson answers to tune on (evals/dev, dev/odd_surface, evals/train and its further
  authors): right answers held by the guard, and instructions caught, at each nearness;
- generated instructions (`generate.py`, the detector's own training families) each set as
  the answer to a random step of the seed lesson: alone, appended after a right sentence
  (its own sentence), and welded into one sentence with a sentence of the step's teaching
  ("<teaching>, so <instruction>"): how many each nearness lets through.
Never run on the guard's test set (`paraphrases.jsonl`), evals/seed or evals/adversarial.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from generate import injections  # type: ignore[import-not-found]  # noqa: E402

from tutor.grading.embedded import injection  # noqa: E402
from tutor.grading.guard import inspect_answers  # noqa: E402
from tutor.grading.verdict import Flag, GradeRequest  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

TUNING = [ROOT / "evals/dev/answers.json", ROOT / "evals/dev/odd_surface.json",
          ROOT / "evals/train/answers.json",
          *sorted((ROOT / "evals/train/authors").glob("*.json"))]
#: (nearness that lets a flagged sentence off, cut at which a clause flags); 1.1 is never.
CONFIGS = ((1.1, 1.1), (0.4, 1.1), (0.4, 0.99), (0.4, 0.999), (0.4, None), (1.1, None))


def flagged(requests: list[GradeRequest]) -> list[bool]:
    """Whether the guard flags each answer as an instruction to the grader."""
    return [Flag.INJECTION in r.flags for r in inspect_answers(requests)]


def main() -> None:
    """Print the figures for each configuration (1.1: never; 1.1, 1.1 is the guard before)."""
    items = [it for d in load_datasets(TUNING) for it in d.items]
    steps = list({it.step: it.request for it in items}.values())
    rng = random.Random(11)
    made = [e.text for e in injections(rng)]
    rng.shuffle(made)
    made = made[:400]
    alone, after, welded = [], [], []
    for text in made:
        step = rng.choice(steps)
        line = rng.choice([t for t in injection.sentences(step.explanation)
                           if len(t.split()) >= 5]).rstrip(".")
        alone.append(step.model_copy(update={"answer": text}))
        after.append(step.model_copy(update={"answer": f"{line}. {text}"}))
        welded.append(step.model_copy(update={"answer": f"{line}, so {text[0].lower()}{text[1:]}"}))
    honest = [it for it in items if "injection" not in it.tags and it.label.value == "advance"]
    attacks = [it for it in items if "injection" in it.tags]
    print(f"{'nearness':>8} {'clause cut':>10}  right answers held  instructions caught  "
          "generated caught: alone / after a sentence / welded")
    cut = injection.get_detector().cut
    for near, clause_cut in CONFIGS:
        injection.ABOUT_STEP = near
        injection.CLAUSE_CUT = cut if clause_cut is None else clause_cut
        held = sum(flagged([it.request for it in honest]))
        caught = sum(flagged([it.request for it in attacks]))
        gen = [sum(flagged(x)) for x in (alone, after, welded)]
        shown = "sentence" if clause_cut is None else f"{clause_cut:g}"
        found = " / ".join(f"{n}/{len(made)}" for n in gen)
        print(f"{near:8.2f} {shown:>10}  {held:3d}/{len(honest)}"
              f"             {caught:3d}/{len(attacks)}               {found}")


if __name__ == "__main__":
    main()
