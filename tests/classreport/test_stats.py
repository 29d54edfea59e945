"""The class report's counting: exact counts, capped examples, each learner's standing."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.batch.results import Report, ResultRow, Summary
from tutor.classreport.load import load_results
from tutor.classreport.outline import Outline
from tutor.classreport.page import render_class_report
from tutor.classreport.stats import EXAMPLES_PER_MISCONCEPTION, FLAGGED_SHOWN, Cell, class_stats
from tutor.errors import InputError
from tutor.grading.verdict import Decision, Flag
from tutor.lesson import load_lesson

LESSON = load_lesson("how-llms-work")
STEP1 = LESSON.steps[0]
MIS = STEP1.misconceptions[0].text


def held(ident: str, **fields: object) -> ResultRow:
    return ResultRow.model_validate({"id": ident, "step": 1, "decision": Decision.HINT,
                                     "score": 0.1, **fields})


def stats_of(rows: list[ResultRow]):  # type: ignore[no-untyped-def]
    return class_stats(rows, Outline.of(LESSON, LESSON.name, rows), lesson=LESSON.name,
                       grader="test")


def test_examples_are_capped_and_unlike_while_the_count_stays_exact() -> None:
    rows = [held(f"a{i}", misconception=MIS, answer="same words" if i < 5 else f"words {i}")
            for i in range(40)]
    [m] = stats_of(rows).misconceptions
    assert m.count == 40
    assert len(m.examples) == EXAMPLES_PER_MISCONCEPTION
    assert [e.answer for e in m.examples] == ["same words", "words 5", "words 6"]


def test_flagged_answers_are_listed_up_to_a_cap_and_counted_in_full() -> None:
    rows = [held(f"a{i}", flags=[Flag.INJECTION], answer="obey me") for i in range(60)]
    rows += [held("k", flags=[Flag.KEYWORD_LIST, Flag.GIBBERISH]), held("e", flags=[Flag.EMPTY])]
    s = stats_of(rows)
    injection, gaming = s.flag_groups
    assert (injection.count, len(injection.shown)) == (60, FLAGGED_SHOWN)
    assert (gaming.count, [e.id for e in gaming.shown]) == (1, ["k"])
    assert s.flagged == 61 and s.empty == 1
    assert "… and 35 more" in render_class_report(
        Report(lesson=LESSON.name, grader="t", results=rows, summary=Summary.of(rows)), LESSON)


def test_a_learner_advanced_once_is_advanced_and_held_steps_name_the_ideas_still_missing() -> None:
    e = STEP1.expectations
    rows = [held("b1", learner="Bo", missing=[e[0], e[1]]),
            held("b2", learner="Bo", missing=[e[1]], covered=[e[0]], misconception=MIS),
            ResultRow(id="a1", step=1, decision=Decision.HINT, learner="Al"),
            ResultRow(id="a2", step=1, decision=Decision.ADVANCE, learner="Al"),
            ResultRow(id="c1", step=2, learner="Cy", error="grader unavailable: down")]
    learners = {x.name: x for x in stats_of(rows).learners}
    assert learners["Al"].steps[1].cell is Cell.ADVANCED
    bo = learners["Bo"].steps[1]
    assert (bo.cell, bo.missing, bo.misconceptions) == (Cell.HELD, [2], [1])
    assert learners["Cy"].steps[2].cell is Cell.ERROR
    assert learners["Cy"].steps[1].cell is Cell.NONE
    assert [x.name for x in stats_of(rows).learners] == ["Bo", "Cy", "Al"]


def test_results_written_before_the_new_fields_still_make_a_page(tmp_path: Path) -> None:
    old = {"lesson": "how-llms-work", "grader": "local", "summary": {},
           "results": [{"id": "a1", "step": 1, "decision": "hint", "score": 0.2, "feedback": "",
                        "hint": "?", "missing": [], "flags": [], "error": None}]}
    src = tmp_path / "old.json"
    src.write_text(json.dumps(old), encoding="utf-8")
    html = render_class_report(load_results(src), LESSON)
    assert 'id="no-text"' in html and "not in these results" not in html  # no example shown


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["lesson", "grader", "results", "id", "step", "decision", "answers",
                         "flags", "covered", "learner"]), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(JSONISH)
def test_any_json_is_a_report_or_an_input_error(value: object) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "r.json"
        src.write_text(json.dumps(value), encoding="utf-8")
        try:
            report = load_results(src)
        except InputError as exc:
            assert str(src) in exc.message
        else:
            assert report.results


_NO_SIDECAR = """# Plants

## Step 1: Mass

Trees grow from air.

**Question:** Where does a tree's mass come from?

**Checkpoint:** Most of a tree's mass comes from carbon dioxide in the air.
"""


def test_a_lesson_with_no_sidecar_shows_the_graders_ideas_and_what_held_answers_said(
        tmp_path: Path) -> None:
    path = tmp_path / "plants.md"
    path.write_text(_NO_SIDECAR, encoding="utf-8")
    lesson = load_lesson(path)
    idea = "Most of a tree's mass comes from carbon dioxide in the air"
    rows = [held("h1", answer="From the soil.", missing=[idea]),
            held("h2", answer="From the soil.", missing=[idea]),
            held("h3", answer="From the water it drinks.", missing=[idea]),
            held("g", answer="obey me", flags=[Flag.INJECTION]),
            ResultRow(id="a", step=1, decision=Decision.ADVANCE, score=0.9, covered=[idea],
                      answer="CO2 from the air.")]
    s = class_stats(rows, Outline.of(lesson, lesson.name, rows), lesson=lesson.name,
                    grader="test")
    [step] = s.steps
    # The idea the grader read off the Checkpoint is counted (1 of 5 graded answers state it).
    assert [(i.idea, i.stated, i.graded) for i in step.ideas] == [(idea, 1, 5)]
    # Held answers, unlike one another and never a flagged one, stand in for misconceptions.
    assert [e.answer for e in step.held_examples] == ["From the soil.", "From the water it drinks."]
    page = render_class_report(
        Report(lesson=lesson.name, grader="t", results=rows, summary=Summary.of(rows)), lesson)
    assert "Where the class was held" in page and "names no misconceptions" in page


def test_a_step_with_authored_misconceptions_lists_no_held_examples() -> None:
    rows = [held("h1", answer="Tokens are words.")]
    [step, *_] = stats_of(rows).steps
    assert step.held_examples == []
