"""How the local grader teaches on answers that deserve a hint: openings, praise, leaks.

Run:  nice python benchmarks/hint_quality.py [evals/dev/answers.json] [--semeval]

For every gold-`hint` answer of the dataset (default: the dev set; never pass evals/seed
while tuning wording), graded by the local grader at each rung of the ladder that shows a
question (pump, hint, prompt):
- hint openings: the share of hints whose first four words are the most common opening;
  the share whose first four words another, different hint also opens with (a template
  opener); and the share whose opening any other hint shares, identical hints included
  (`tutor eval`'s "hints sharing their first four words");
- praise: hints or feedback that open with praise on an answer tagged misconception or wrong;
- leaks: hints or feedback that repeat a run of four Checkpoint content words;
- hints aimed at a misconception, at an expectation, at nothing.
`--semeval` also checks the generic (scriptless) question over every SemEval-2013 question
in /work/shared/data/semeval2013 (the grammar checks of tests/grading/test_hints.py).
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutor.grading import leaks  # noqa: E402
from tutor.grading.hints import generic_question  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.verdict import LADDER, Decision, GradeRequest, Rung  # noqa: E402
from tutor.lesson import load_lesson  # noqa: E402

#: Generic English praise openers (the same idea as `tutor eval`'s list).
PRAISE = re.compile(
    r"^[\s\"'“(]*(good|great|nice|excellent|well done|well said|perfect|exactly|correct|"
    r"right|yes|spot on|you're (right|correct|partly|close|on the right track)|"
    r"you've got|you have made a start|you've made a start)\b", re.IGNORECASE)
WRONG_TAGS = {"misconception", "wrong"}
SEMEVAL = Path("/work/shared/data/semeval2013")


def opening(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.casefold())[:4])


def openings(hints: list[str]) -> dict[str, float]:
    """The three opening figures over a list of hints."""
    if not hints:
        return {}
    count = Counter(opening(h) for h in hints)
    texts_per_opening: dict[str, set[str]] = {}
    for h in hints:
        texts_per_opening.setdefault(opening(h), set()).add(h)
    top, n_top = count.most_common(1)[0]
    return {
        "most_common_opening_share": n_top / len(hints),
        "most_common_opening": top,  # type: ignore[dict-item]
        "template_opening_share": sum(len(texts_per_opening[opening(h)]) > 1
                                      for h in hints) / len(hints),
        "any_shared_opening_share": sum(count[opening(h)] > 1 for h in hints) / len(hints),
        "distinct_share": len(set(hints)) / len(hints),
    }


def grade_dataset(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    lesson = load_lesson(data["lesson"])
    items = [a for a in data["answers"] if a.get("label") == "hint"]
    grader = LocalGrader()
    print(f"{path}: {len(items)} gold-hint answers")
    for rung in (Rung.PUMP, Rung.HINT, Rung.PROMPT):
        requests = []
        for item in items:
            step = lesson.step(item["step"])
            assert step is not None
            requests.append(GradeRequest.for_step(lesson, step, item["answer"], rung=rung,
                                                  choice=item.get("choice")))
        verdicts = grader.grade_batch(requests)
        hinted = [(i, r, v) for i, r, v in zip(items, requests, verdicts, strict=True)
                  if v.decision is Decision.HINT and v.hint]
        hints = [v.hint or "" for _, _, v in hinted]
        praised = [(i["id"], v.feedback, v.hint) for i, _, v in zip(items, requests, verdicts,
                                                                    strict=True)
                   if WRONG_TAGS & set(i.get("tags", []))
                   and (PRAISE.match(v.feedback) or PRAISE.match(v.hint or ""))]
        leaked = [(i["id"], leaks.shared_run(v.hint or "", r.checkpoint)
                   or leaks.shared_run(v.feedback, r.checkpoint)) for i, r, v in hinted
                  if leaks.leaks(v.hint or "", r.checkpoint)
                  or leaks.leaks(v.feedback, r.checkpoint)]
        misconceptions = {m.text for r in requests for m in r.misconceptions}
        aimed = Counter("misconception" if v.hint_target in misconceptions
                        else "nothing" if v.hint_target is None else "expectation"
                        for _, _, v in hinted)
        wrong = sum(bool(WRONG_TAGS & set(i.get("tags", []))) for i in items)
        print(f"\n rung {rung.value}: {len(hinted)} hints")
        for key, value in openings(hints).items():
            print(f"   {key}: {value if isinstance(value, str) else f'{value:.1%}'}")
        print(f"   praise on a wrong/misconceived answer: {len(praised)} of {wrong}")
        for row in praised[:5]:
            print("     ", row)
        print(f"   4-word Checkpoint leaks (hint or feedback): {len(leaked)} of {len(hinted)}")
        for row in leaked[:5]:
            print("     ", row)
        print(f"   aimed at: {dict(aimed)}")
        print(f"   'You have made a start': "
              f"{sum('made a start' in (v.hint or '') + v.feedback for _, _, v in hinted)}")


def semeval_grammar() -> None:
    sys.path.insert(0, str(REPO))
    from tests.grading.test_hints import grammar_problems

    rows = [json.loads(line) for f in sorted(SEMEVAL.glob("*-train.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]
    by_question: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_question.setdefault(str(row["question"]), []).append(row)
    checked = bad = 0
    examples = []
    for question, answers in by_question.items():
        for row in answers[:5]:
            rubric = " ".join(row["reference_answers"])  # type: ignore[arg-type]
            answer = str(row["answer"])
            request = GradeRequest(answer=answer, question=question, checkpoint=rubric)
            for rung in LADDER:
                for said in (None, answer):
                    text = generic_question(request, rung, said)
                    problems = grammar_problems(text, rubric)
                    checked += 1
                    if problems:
                        bad += 1
                        examples.append((text, problems))
    print(f"\nSemEval generic questions: {len(by_question)} questions, {checked} questions "
          f"generated, {bad} with a grammar or rubric problem")
    for example in examples[:5]:
        print("  ", example)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(REPO / "evals/dev/answers.json"))
    parser.add_argument("--semeval", action="store_true")
    args = parser.parse_args()
    grade_dataset(Path(args.dataset))
    if args.semeval:
        semeval_grammar()


if __name__ == "__main__":
    main()
