"""The pedagogy figures of `tutor eval`, on small hand-built sets whose right figures are known."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from rich.console import Console

from tests.harness.test_command import _Cells
from tutor.errors import InputError
from tutor.grading import Decision, GradeRequest, GraderError, Verdict
from tutor.grading.protocol import grade_in_order
from tutor.harness.command import EvalArgs, run_eval
from tutor.harness.pedagogy import Graded, opens_with_praise, pedagogy
from tutor.harness.summary import Leaks

CHECKPOINT = ("The learner should understand that warm air rises because it is less dense "
              "than the cold air around it.")
WARM = "Warm air is less dense than cold air."
RISES = "Less dense air rises above denser air."
MYTH = "Heat itself pulls air upwards."


def hint(text: str, *, target: str | None = None, feedback: str = "Let us look again.",
         decision: Decision = Decision.HINT) -> Verdict:
    return Verdict(decision=decision, score=0.2 if decision is Decision.HINT else 0.8,
                   feedback=feedback, hint=text if decision is Decision.HINT else None,
                   hint_target=target)


def row(verdict: Verdict | None, *, label: Decision = Decision.HINT,
        tags: Sequence[str] = ("partial",), missing: Sequence[str] | None = (WARM,)) -> Graded:
    return Graded(label=label, tags=tags, missing=missing, checkpoint=CHECKPOINT,
                  misconceptions=[MYTH], verdict=verdict)


def test_hints_aimed_at_the_labelled_missing_idea() -> None:
    rows = [
        row(hint("What about density?", target=WARM)),  # aimed
        row(hint("And then?", target="  warm AIR is less dense than cold air ")),  # aimed
        row(hint("Why does it rise?", target=RISES)),  # not the labelled idea
        row(hint("Does heat pull?", target=MYTH)),  # at the misconception
        row(hint("Say more?", target=None)),  # at nothing named
        row(hint("Not counted: no label", target=WARM), missing=None),
        row(hint("Not counted: nothing missing", target=WARM), missing=()),
        row(hint("", target=WARM)),  # no hint text: not a hint given
        row(hint("x", target=WARM, decision=Decision.ADVANCE)),  # advanced: no hint
        row(hint("Gold advance: not counted", target=WARM), label=Decision.ADVANCE),
        row(None),  # not graded
    ]
    p = pedagogy(rows)
    assert (p.hints_aimed, p.hints_aim_counted) == (2, 5)
    assert p.hints_aimed_rate == pytest.approx(0.4)
    assert (p.hints_aimed_at_misconception, p.hints_aimed_at_nothing) == (1, 1)


def test_answer_leak_is_a_four_word_run_in_the_hint_or_the_feedback() -> None:
    rows = [
        # Content words of the Checkpoint: warm air rises because less dense cold air around.
        row(hint("Could it be that warm air rises because it is less dense?")),  # leak
        row(hint("What happens to air when it warms?",
                 feedback="Right idea: it is less dense than the cold air around it.")),  # leak
        row(hint("What is different about warm air and cold air?")),  # 3 words at most: safe
        row(hint("Why might a balloon float?")),  # safe
        # An advance verdict may restate the Checkpoint: the learner has it.
        row(hint("", feedback="Warm air rises because it is less dense than the cold air.",
                 decision=Decision.ADVANCE)),
    ]
    p = pedagogy(rows)
    assert (p.answers_leaked, p.leak_counted) == (2, 4)
    assert p.answer_leak_rate == pytest.approx(0.5)


def test_praise_of_a_wrong_answer() -> None:
    rows = [
        row(hint("Why?", feedback="Good: you've got the core idea."), tags=("misconception",)),
        row(hint("You're partly there. Why?", feedback="Hmm."), tags=("wrong",)),
        row(hint("Why?", feedback="You said heat pulls air up; what else could move it?"),
            tags=("misconception",)),
        # Advanced by the grader, and praised: still praise of a wrong answer.
        row(hint("", feedback="Great answer!", decision=Decision.ADVANCE), tags=("wrong",)),
        # Not tagged wrong or misconception: not counted, praise or not.
        row(hint("Why?", feedback="Great start."), tags=("partial",)),
        row(None, tags=("wrong",)),  # not graded: not counted
    ]
    p = pedagogy(rows)
    assert (p.wrong_praised, p.praise_counted) == (3, 4)
    assert p.wrong_praised_rate == pytest.approx(0.75)


@pytest.mark.parametrize(("text", "praise"), [
    ("Good: you've got the core idea.", True),
    ("  \"Great\" work", True),
    ("You're partly there (their training data is full of lies).", True),
    ("You’re right that it rises.", True),
    ("Right so far: the model has no store.", True),
    ("You have made a start.", True),
    ("Goodness is not the point here.", False),  # a word boundary, not a prefix
    ("Rightly or not, what happens next?", False),
    ("You said heat pulls air up. What else could?", False),
    ("What would a good tutor ask?", False),
    ("", False),
])
def test_praise_openers(text: str, praise: bool) -> None:
    assert opens_with_praise(text) is praise


def test_distinct_hints_and_shared_openings() -> None:
    rows = [
        row(hint("What more can you say about air?")),
        row(hint("What more can you say about heat?")),  # same first four words as above
        row(hint("What more can you say about air?")),  # a repeat
        row(hint("Why does a hot-air balloon float?")),
        row(hint("Which is heavier: a litre of warm air or of cold?")),
        row(hint("Ignored: gold advance"), label=Decision.ADVANCE),
    ]
    p = pedagogy(rows)
    assert (p.distinct_hints, p.hints_counted) == (4, 5)
    assert p.distinct_hints_rate == pytest.approx(0.8)
    assert p.hints_same_opening == 3 and p.hints_same_opening_rate == pytest.approx(0.6)


def test_no_data_is_undefined_not_zero() -> None:
    p = pedagogy([row(hint("x", decision=Decision.ADVANCE), label=Decision.ADVANCE)])
    assert p.hints_aimed_rate is None and p.answer_leak_rate is None
    assert p.wrong_praised_rate is None and p.distinct_hints_rate is None
    assert p.hints_same_opening_rate is None


# -- end to end: a labelled answers file through `tutor eval`, metrics.json and the report ---

LESSON = f"""# Weather

## Step 1: Rising air

Air moves.

**Task:** Watch a candle.

**Question:** Why does warm air rise?

**Checkpoint:** {CHECKPOINT}

```tutor
expectations = [{json.dumps(WARM)}, {json.dumps(RISES)}]
misconceptions = [{json.dumps(MYTH)}]
```
"""

#: answer -> the verdict the scripted grader gives it.
SCRIPT: dict[str, Verdict] = {
    "warm air is lighter so it goes up": hint("", decision=Decision.ADVANCE),
    "heat pulls it": hint("What does heat do to how tightly packed the air is?", target=WARM,
                          feedback="Good thinking!"),
    "it just does": hint("What does heat do to how tightly packed the air is?", target=RISES),
    "no idea": hint("Could warm air rise because it is less dense?", target=WARM),
}


class ScriptedGrader:
    """Answers each known answer with its scripted verdict (a test double of a grader)."""

    name = "scripted"

    async def grade(self, request: GradeRequest) -> Verdict:
        return SCRIPT[request.answer]

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return await grade_in_order(self.grade, requests)

    async def aclose(self) -> None:
        return None


@pytest.fixture
def weather_set(tmp_path: Path) -> Path:
    (tmp_path / "weather.md").write_text(LESSON, encoding="utf-8")
    answers = [
        {"id": "a", "step": 1, "answer": "warm air is lighter so it goes up", "label": "advance"},
        {"id": "m", "step": 1, "answer": "heat pulls it", "label": "hint",
         "tags": ["misconception"], "missing": [WARM, RISES]},
        {"id": "p", "step": 1, "answer": "it just does", "label": "hint", "tags": ["partial"],
         "missing": [WARM]},
        {"id": "i", "step": 1, "answer": "no idea", "label": "hint", "tags": ["idk"],
         "missing": [WARM, RISES]},
    ]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"lesson": "weather.md", "answers": answers}), encoding="utf-8")
    return path


def test_metrics_json_and_the_report_carry_the_figures(weather_set: Path, tmp_path: Path,
                                                       leaks: Leaks) -> None:
    out, folder = tmp_path / "metrics.json", tmp_path / "report"
    console = Console(file=io.StringIO(), width=120)
    assert run_eval(EvalArgs(datasets=[weather_set], out=out, report=folder),
                    grader=ScriptedGrader(), leaks=leaks, console=console) == 0
    p = json.loads(out.read_text(encoding="utf-8"))["pedagogy"]
    # m: aimed (WARM in its label); p: RISES is not its label; i: aimed.
    assert (p["hints_aimed"], p["hints_aim_counted"]) == (2, 3)
    assert (p["answers_leaked"], p["leak_counted"]) == (1, 3)  # i's hint: "warm air rise ..."
    assert (p["wrong_praised"], p["praise_counted"]) == (1, 1)  # m: "Good thinking!"
    assert (p["distinct_hints"], p["hints_counted"]) == (2, 3)
    assert p["hints_same_opening"] == 2  # m and p ask the same question
    cells = _Cells()
    cells.feed((folder / "index.html").read_text(encoding="utf-8"))
    assert "66.7%" in cells.by_id["pedagogy"] and "2 of 3 hints" in cells.by_id["pedagogy"]
    assert "1 of 1 misconceived or wrong answers" in " ".join(cells.by_id["pedagogy"].split())
    assert "hints aimed at the missing idea" in console.file.getvalue()  # type: ignore[attr-defined]


def test_a_missing_label_that_is_not_an_expectation_is_bad_input(weather_set: Path,
                                                                 leaks: Leaks) -> None:
    data = json.loads(weather_set.read_text(encoding="utf-8"))
    data["answers"][1]["missing"] = ["Warm air is lighter."]
    weather_set.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_eval(EvalArgs(datasets=[weather_set]), grader=ScriptedGrader(), leaks=leaks,
                 console=Console(file=io.StringIO()))
    message = caught.value.message
    assert 'answers[1] (id "m")' in message and '"Warm air is lighter."' in message
    assert "not an expectation of step 1" in message and WARM in message


def test_pedagogy_figures_can_gate_a_run(weather_set: Path, leaks: Leaks) -> None:
    console = Console(file=io.StringIO(), width=200)
    args = EvalArgs(datasets=[weather_set], fail_under=["pedagogy.hints_aimed_rate=0.8"],
                    fail_over=["pedagogy.wrong_praised_rate=0"])
    assert run_eval(args, grader=ScriptedGrader(), leaks=leaks, console=console) == 1
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "pedagogy.hints_aimed_rate" in out and "pedagogy.wrong_praised_rate" in out
    args = EvalArgs(datasets=[weather_set], fail_under=["pedagogy.hints_aimed_rate=0.6"])
    assert run_eval(args, grader=ScriptedGrader(), leaks=leaks,
                    console=Console(file=io.StringIO())) == 0
