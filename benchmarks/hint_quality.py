"""How the local grader teaches on answers that deserve a hint: openings, skeletons, praise,
leaks, and whether a stated mix-up is named.

Run:  nice python benchmarks/hint_quality.py [DATASET ...] [--no-sidecar] [--semeval]

Default datasets: the dev set on the seed lesson (`evals/dev/answers.json`), and the lesson
with no sidecar written from SemEval-2013 questions (`tests/grading/unseen/science.md` with
`science-answers.json`). Never pass evals/seed, evals/transcripts or evals/adversarial while
tuning wording (evals/README.md); `--no-sidecar` grades a dataset on its lesson with the
sidecar left out (every hint generic), to tune the generic questions on dev answers.

Every gold-`hint` answer is graded at each rung that shows a question (pump, hint, prompt).
Figures, over those replies ("pooled") and over simulated walks ("walk": one learner per
walk, at each step the k-th, (k+1)-th and (k+2)-th gold-hint answers of the step in turn,
each graded with the earlier ones and their hints, as the TUI does, until one advances):
- openings: the share of distinct hints whose first four words (a quote counted as one
  word) another distinct hint also opens with; `tutor eval`'s figure (every hint, identical
  ones included) is printed beside it;
- largest groups: the share of all hints that the most common opening, or skeleton, covers
  (what a class meets most often);
- skeletons: the share of distinct hints whose skeleton (quotes and the step's and the
  answer's content words masked) another distinct hint shares;
- leaks: hints or feedback that repeat a run of four Checkpoint content words;
- praise: feedback lines or hints that open with praise, or credit, on an answer tagged
  misconception, wrong or contradiction (split: the answer was held / advanced by mistake);
  credit beside a stated mix-up (words, or evidence a screen would read back);
- naming: of replies whose verdict states an authored misconception, the share whose
  feedback names it (its text, or the learner's words of it beside "mix-up");
- one thing: replies with more than one question, "own words" said to an answer of a
  sentence or more, quotes with a list marker or dangling punctuation, hints aimed at an idea
  the verdict counts as covered; in walks, two hints in a row on a step that open alike.
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutor.grading import leaks  # noqa: E402
from tutor.grading.hints import generic_question  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.text import (  # noqa: E402
    STOPWORDS,
    content_stems,
    is_content,
    stem,
    words,
)
from tutor.grading.verdict import (  # noqa: E402
    LADDER,
    Attempt,
    Decision,
    GradeRequest,
    Rung,
    Verdict,
)
from tutor.lesson import load_lesson  # noqa: E402
from tutor.lesson.models import Lesson  # noqa: E402

#: Generic English praise openers (the same idea as `tutor eval`'s list), and credit.
PRAISE = re.compile(
    r"^[\s\"'“(]*(good|great|nice|excellent|well done|well said|perfect|exactly|correct|"
    r"right|yes|spot on|you're (right|correct|partly|close|on the right track)|"
    r"you've got|you have made a start|you've made a start|you have part)\b", re.IGNORECASE)
CREDIT = re.compile(r"right lines|holds up|that much holds|you have part of it|right so far",
                    re.IGNORECASE)
WRONG_TAGS = {"misconception", "wrong", "contradiction"}
SEMEVAL = Path("/work/shared/data/semeval2013")
UNSEEN = REPO / "tests" / "grading" / "unseen"
QUOTE = re.compile(r"“([^”]*)”")
RUNGS = (Rung.PUMP, Rung.HINT, Rung.PROMPT)


def opening(text: str) -> str:
    """The first four words, a quote counted as one word ("you wrote Q what")."""
    return " ".join(re.findall(r"[a-z0-9']+|“", QUOTE.sub("“", text).casefold())[:4])


def raw_opening(text: str) -> str:
    """The first four words as `tutor eval` counts them."""
    return " ".join(re.findall(r"[a-z0-9']+", text.casefold())[:4])


def skeleton(text: str, masked: set[str]) -> str:
    """`text` with quotes and the step's (and answer's) content words masked."""
    out: list[str] = []
    for token in re.findall(r"“[^”]*”|[A-Za-z0-9']+|_+|[?.:!]", text):
        word = token.casefold()
        if token.startswith("“"):
            word = "Q"
        elif is_content(word) and stem(word) in masked:
            word = "_"
        if not (out and out[-1] == word and word in ("_", "Q")):
            out.append(word)
    return " ".join(out)


def shared_share(keys: dict[str, str]) -> float | None:
    """The share of distinct texts whose key another distinct text shares."""
    if not keys:
        return None
    count = Counter(keys.values())
    return sum(count[k] > 1 for k in keys.values()) / len(keys)


def largest(keys: list[str]) -> float | None:
    """The share of texts that the most common key covers."""
    return Counter(keys).most_common(1)[0][1] / len(keys) if keys else None


@dataclass
class Reply:
    item: dict[str, object]
    request: GradeRequest
    verdict: Verdict

    @property
    def tags(self) -> set[str]:
        return set(self.item.get("tags", []))  # type: ignore[arg-type]


@dataclass
class Tally:
    """Every figure of one set of replies."""

    replies: list[Reply] = field(default_factory=list)

    def hints(self) -> list[Reply]:
        return [r for r in self.replies if r.verdict.decision is Decision.HINT and r.verdict.hint]

    def figures(self) -> dict[str, object]:
        hinted = self.hints()
        texts = {r.verdict.hint or "": r for r in hinted}
        masked = {text: _masked(r) for text, r in texts.items()}
        raw = Counter(raw_opening(r.verdict.hint or "") for r in hinted)
        wrong = [r for r in self.replies if WRONG_TAGS & r.tags]
        praised = [r for r in wrong if _praises(r.verdict)]
        mixups = [r for r in self.replies if r.verdict.misconception in
                  {m.text for m in r.request.misconceptions} and not r.verdict.advanced]
        named = [r for r in mixups if _names(r)]
        gold_mixups = [r for r in self.replies if "misconception" in r.tags]
        return {
            "replies": len(self.replies), "hints": len(hinted), "distinct hints": len(texts),
            "openings shared (distinct hints)": shared_share(
                {t: opening(t) for t in texts}),
            "openings shared (every hint, as tutor eval)": (
                sum(raw[raw_opening(r.verdict.hint or "")] > 1 for r in hinted) / len(hinted)
                if hinted else None),
            "most common opening": (Counter(opening(t) for t in texts).most_common(1) or
                                    [("", 0)])[0],
            "skeletons shared (distinct hints)": shared_share(
                {t: skeleton(t, masked[t]) for t in texts}),
            # The issue's own baseline ("31 % of hints open 'Look again at this'") is this
            # kind of figure: the largest share of hints that open, or are built, alike.
            "largest opening group (every hint)": largest(
                [opening(r.verdict.hint or "") for r in hinted]),
            "largest skeleton group (every hint)": largest(
                [skeleton(r.verdict.hint or "", _masked(r)) for r in hinted]),
            "leaks": [(r.item["id"], leaks.shared_run(r.verdict.hint or "", r.request.checkpoint)
                       or leaks.shared_run(r.verdict.feedback, r.request.checkpoint))
                      for r in self.replies if not r.verdict.advanced and (
                          leaks.leaks(r.verdict.hint or "", r.request.checkpoint)
                          or leaks.leaks(r.verdict.feedback, r.request.checkpoint))],
            "praise on wrong, held": [(r.item["id"], r.verdict.feedback) for r in praised
                                      if not r.verdict.advanced],
            "praise on wrong, advanced by mistake": len([r for r in praised
                                                         if r.verdict.advanced]),
            "wrong/misconceived/contradicting answers": len(wrong),
            "credit beside a stated mix-up": [
                (r.item["id"], r.verdict.feedback) for r in self.replies
                if r.verdict.misconception and not r.verdict.advanced
                and (CREDIT.search(r.verdict.feedback) or PRAISE.match(r.verdict.feedback)
                     or any(k.evidence for k in r.verdict.covered))],
            "authored mix-ups named": (len(named), len(mixups)),
            "unnamed": [(r.item["id"], r.verdict.feedback) for r in mixups if r not in named][:3],
            "gold misconception answers whose reply names an authored mix-up": (
                sum(r in named for r in gold_mixups), len(gold_mixups)),
            "more than one question": [(r.item["id"], r.verdict.feedback, r.verdict.hint)
                                       for r in self.replies if _questions(r.verdict) > 1][:3],
            "'own words' to a sentence or more": [
                (r.item["id"], r.verdict.feedback) for r in self.replies
                if not r.verdict.flags and re.search(r"own words|full sentence",
                                                     r.verdict.feedback)
                and len(words(r.request.answer)) >= 6
                and any(w in STOPWORDS for w in words(r.request.answer))][:3],
            "untidy quotes": [q for r in self.replies
                              for q in QUOTE.findall(f"{r.verdict.feedback} {r.verdict.hint}")
                              if re.match(r"^[-*•]\s", q) or re.search(r"[;,:]$", q)][:3],
            "hints aimed at a covered idea": [
                r.item["id"] for r in hinted
                if r.verdict.hint_target in {k.idea for k in r.verdict.covered}],
        }


def _masked(reply: Reply) -> set[str]:
    r = reply.request
    return set(content_stems(" ".join([r.question, r.task, r.checkpoint, r.explanation,
                                       r.answer, r.step_title])))


def _praises(verdict: Verdict) -> bool:
    lines = [*verdict.feedback.splitlines(), verdict.hint or ""]
    return any(PRAISE.match(line) or CREDIT.search(line) for line in lines)


def _names(reply: Reply) -> bool:
    """The feedback says which mix-up: its text, or the learner's words of it beside
    "mix-up" (when they are the same words, the author's are not said twice)."""
    feedback, wrong = reply.verdict.feedback, reply.verdict.misconception or ""
    if wrong.strip().rstrip(".") in feedback:
        return True
    quoted = QUOTE.findall(feedback)
    said = " ".join(reply.request.answer.split())
    return "mix-up" in feedback and any(
        q.rstrip("…") in said.translate(str.maketrans({'"': "'"}))
        and set(content_stems(q)) & set(content_stems(wrong)) for q in quoted)


def _questions(verdict: Verdict) -> int:
    """Questions asked in one reply, quotes left out (a quoted Question is not the tutor's)."""
    text = QUOTE.sub("Q", f"{verdict.feedback}\n{verdict.hint or ''}")
    asked = text.count("?")
    return asked or int("___" in text)  # a fill-in with no question mark is one question too


# --- grading -------------------------------------------------------------------------------

def pooled(grader: LocalGrader, lesson: Lesson, items: list[dict[str, object]]) -> Tally:
    """Each gold-hint answer at each rung, with no history."""
    tally = Tally()
    for rung in RUNGS:
        requests = [_request(lesson, item, rung, []) for item in items]
        verdicts = grader.grade_batch(requests)
        tally.replies += [Reply(i, r, v) for i, r, v in zip(items, requests, verdicts,
                                                            strict=True)]
    return tally


def walks(grader: LocalGrader, lesson: Lesson, items: list[dict[str, object]],
          count: int) -> tuple[list[Tally], int]:
    """Simulated learners (see the module docstring); and how often two hints in a row on
    a step open alike."""
    by_step: dict[int, list[dict[str, object]]] = {}
    for item in items:
        by_step.setdefault(int(item["step"]), []).append(item)  # type: ignore[call-overload]
    tallies, alike = [], 0
    for k in range(count):
        tally = Tally()
        for _, answers in sorted(by_step.items()):
            previous: list[Attempt] = []
            last_opening = None
            for r, rung in enumerate(RUNGS):
                item = answers[(k + r) % len(answers)]
                request = _request(lesson, item, rung, previous)
                verdict = grader.grade_batch([request])[0]
                tally.replies.append(Reply(item, request, verdict))
                if verdict.advanced or not verdict.hint:
                    break
                now = opening(verdict.hint)
                alike += now == last_opening
                last_opening = now
                previous.append(Attempt(answer=str(item["answer"]), hint=verdict.hint))
        tallies.append(tally)
    return tallies, alike


def _request(lesson: Lesson, item: dict[str, object], rung: Rung,
             previous: list[Attempt]) -> GradeRequest:
    step = lesson.step(item["step"])  # type: ignore[arg-type]
    assert step is not None
    return GradeRequest.for_step(lesson, step, str(item["answer"]), rung=rung,
                                 previous=list(previous), choice=item.get("choice"))  # type: ignore[arg-type]


def _lesson_of(path: Path, data: dict[str, object], no_sidecar: bool) -> Lesson:
    """The dataset's lesson (a bundled name, or a file beside the dataset); with
    `no_sidecar`, a copy of its Markdown alone, so that no step has a script."""
    name = str(data["lesson"])
    beside = path.parent / name
    lesson = load_lesson(str(beside) if beside.is_file() else name)
    if not no_sidecar or lesson.source is None:
        return lesson
    copy = Path(tempfile.mkdtemp()) / lesson.source.name
    shutil.copyfile(lesson.source, copy)
    return load_lesson(str(copy))


def show(title: str, figures: dict[str, object]) -> None:
    print(f"\n {title}")
    for key, value in figures.items():
        if isinstance(value, float):
            print(f"   {key}: {value:.1%}")
        elif isinstance(value, list):
            print(f"   {key}: {len(value)}")
            for row in value[:3]:
                print("      ", row)
        else:
            print(f"   {key}: {value}")


def mean_walk(tallies: Iterable[Tally]) -> dict[str, object]:
    rows = [t.figures() for t in tallies]
    keys = ("openings shared (distinct hints)", "skeletons shared (distinct hints)")
    out: dict[str, object] = {"walks": len(rows)}
    for key in keys:
        values = [v for r in rows if isinstance(v := r[key], float)]
        out[f"{key}: mean"] = sum(values) / len(values) if values else None
        out[f"{key}: worst"] = max(values) if values else None
    return out


def grade_dataset(path: Path, *, no_sidecar: bool, walk_count: int,
                  show_walks: bool = False) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    lesson = _lesson_of(path, data, no_sidecar)
    items = [a for a in data["answers"] if a.get("label") == "hint"]
    grader = LocalGrader()
    scripted = sum(bool(s.scripts) for s in lesson.steps)
    print(f"\n== {path} on {lesson.title!r} ({scripted} of {len(lesson.steps)} steps scripted"
          f"{', sidecar left out' if no_sidecar else ''}): {len(items)} gold-hint answers")
    tally = pooled(grader, lesson, items)
    show("pooled, pump + hint + prompt", tally.figures())
    tallies, alike = walks(grader, lesson, items, walk_count)
    if show_walks:
        for k, walk in enumerate(tallies):
            print(f"\n walk {k}")
            for reply in walk.replies:
                v = reply.verdict
                print(f"   step {reply.request.step_number} {reply.request.rung.value}: "
                      f"{reply.item['id']}\n     F: {v.feedback}\n     H: {v.hint}")
    figures = mean_walk(tallies)
    figures["two hints in a row on a step that open alike"] = alike
    show("walks", figures)


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
    parser.add_argument("datasets", nargs="*", default=[
        str(REPO / "evals/dev/answers.json"), str(UNSEEN / "science-answers.json")])
    parser.add_argument("--no-sidecar", action="store_true",
                        help="grade on the lesson without its sidecar (generic hints only)")
    parser.add_argument("--walks", type=int, default=5)
    parser.add_argument("--semeval", action="store_true")
    parser.add_argument("--show-walks", action="store_true", help="print each walk's replies")
    args = parser.parse_args()
    for dataset in args.datasets:
        grade_dataset(Path(dataset), no_sidecar=args.no_sidecar, walk_count=args.walks,
                      show_walks=args.show_walks)
    if args.semeval:
        semeval_grammar()


if __name__ == "__main__":
    main()
