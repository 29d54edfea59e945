"""Could a step's labelled examples hold an answer that sits nearest a wrong example?

    python evals/local_grader/example_veto.py

Tuning data only: SemEval-2013 questions the judge was never trained on. For each
question, EXAMPLES answers (some right, most not, as a lesson's `[[examples]]` are) are
drawn as the step's examples; the rest are graded by the shipped grader with those
examples (so with the step's calibrated cut). For every answer it advances, print how a
veto would change false advance and false hold: the nearest example (sentence-model
cosine) is a wrong one, by a margin over the nearest right one; or the judge reads the
answer as stating a wrong example, or contradicting a right one. Measured 2026-12-08 (seed
7; evals/local_grader/README.md): no veto held more wrong answers than right ones.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.embedded.embedder import get_embedder  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.local.judge import JUDGE_PATH  # noqa: E402
from tutor.grading.verdict import Decision, GradeRequest  # noqa: E402
from tutor.lesson.models import ExampleAnswer  # noqa: E402

SEMEVAL = Path("/work/shared/data/semeval2013")
RIGHT, WRONG = 4, 8


def questions() -> dict[str, list[dict]]:
    held = set(json.loads(JUDGE_PATH.with_suffix(".json").read_text())["held_out_questions"])
    out: dict[str, list[dict]] = defaultdict(list)
    for corpus in ("beetle", "scientsbank"):
        for line in (SEMEVAL / f"{corpus}-train.jsonl").open():
            row = json.loads(line)
            if row["question_id"] in held:
                out[row["question_id"]].append(row)
    return out


def main() -> None:
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    grader, emb = LocalGrader(), get_embedder()
    requests, gold, ex_sets = [], [], []
    for rows in questions().values():
        rng.shuffle(rows)
        right = [r for r in rows if r["label_2way"] == "correct"][:RIGHT]
        wrong = [r for r in rows if r["label_2way"] != "correct"][:WRONG]
        if len(right) < 2 or len(wrong) < 3:
            continue
        chosen = {id(r) for r in right + wrong}
        examples = [ExampleAnswer(text=r["answer"], label="advance" if r in right else "hint",
                                  kind=r.get("label_3way"))
                    for r in right + wrong]
        for r in rows:
            if id(r) in chosen:
                continue
            requests.append(GradeRequest(answer=r["answer"], question=r["question"],
                                         checkpoint="\n".join(r["reference_answers"]),
                                         examples=examples))
            gold.append(r["label_2way"] == "correct")
            ex_sets.append(examples)
    verdicts = grader.grade_batch(requests)
    adv = np.array([v.decision is Decision.ADVANCE for v in verdicts])
    g = np.array(gold)
    texts = list(dict.fromkeys([r.answer for r in requests]
                               + [e.text for ex in ex_sets for e in ex]))
    vec = dict(zip(texts, emb.embed(texts), strict=True))
    near_r, near_w, near_c = [], [], []
    for r, ex in zip(requests, ex_sets, strict=True):
        a = vec[r.answer]
        sims = [(float(a @ vec[e.text]), e) for e in ex]
        near_r.append(max(s for s, e in sims if e.label == "advance"))
        near_w.append(max(s for s, e in sims if e.label != "advance"))
        cs = [s for s, e in sims if e.label != "advance" and e.kind == "contradictory"]
        near_c.append(max(cs) if cs else -1.0)
    nr, nw, nc = map(np.array, (near_r, near_w, near_c))
    judge = grader._judge_model()
    pairs = [(e.text, r.answer) for r, ex in zip(requests, ex_sets, strict=True) for e in ex]
    probs = judge.score(pairs)
    at, jr, jw, jc = 0, [], [], []
    for ex in ex_sets:
        block = probs[at: at + len(ex)]
        at += len(ex)
        jr.append(max(float(block[k, 0]) for k, e in enumerate(ex) if e.label == "advance"))
        jw.append(max(float(block[k, 0]) for k, e in enumerate(ex) if e.label != "advance"))
        jc.append(max(float(block[k, 1]) for k, e in enumerate(ex) if e.label == "advance"))
    jr, jw, jc = map(np.array, (jr, jw, jc))

    def show(name: str, veto: np.ndarray) -> None:
        final = adv & ~veto
        fa = (final & ~g).sum() / max((~g).sum(), 1)
        fh = (~final & g).sum() / max(g.sum(), 1)
        wrong = int((adv & veto & ~g).sum())
        print(f"{name:38s} held {int((adv & veto).sum()):4d} (wrong {wrong:3d})  "
              f"acc {(final == g).mean():.3f} FA {fa:.3f} FH {fh:.3f}")

    print(f"n={len(g)} gold advance {g.mean():.2f}")
    show("baseline", np.zeros_like(adv))
    for tau in (0.7, 0.8, 0.85, 0.9, 0.95):
        for m in (0.0, 0.05, 0.1):
            show(f"nearest wrong ≥{tau} by {m}", (nw >= tau) & (nw - nr >= m))
            show(f"nearest contradictory ≥{tau} by {m}", (nc >= tau) & (nc - nr >= m))
    for tau in (0.5, 0.7, 0.8, 0.9):
        for m in (0.0, 0.2, 0.4):
            show(f"judge states wrong ≥{tau} by {m}", (jw >= tau) & (jw - jr >= m))
        show(f"judge contradicts right ≥{tau}", (jc >= tau))
        show(f"contradicts right ≥{tau}, no right ≥.5", (jc >= tau) & (jr < 0.5))


if __name__ == "__main__":
    main()
