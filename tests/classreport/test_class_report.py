"""The class report end to end: `tutor grade --report` and `tutor report`, counts recounted."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.classreport.page_reader import assert_page_matches, read_page
from tests.conftest import REPO
from tutor.cli import app
from tutor.lesson import load_lesson

pytest.importorskip("tutor.grading.local.grader", reason="the local grader has not landed yet")

runner = CliRunner()
CLASS = Path(__file__).parent / "class_answers.json"
SEED = REPO / "evals" / "seed" / "answers.json"


@dataclass(frozen=True)
class Graded:
    results: Path
    page: Path


def grade_with_report(answers: Path, folder: Path) -> Graded:
    out, page = folder / "results.json", folder / "report.html"
    result = runner.invoke(app, ["grade", str(answers), "--grader", "local", "--out", str(out),
                                 "--report", str(page)])
    assert result.exit_code == 0, result.stderr
    assert f"class report written to {page}" in result.stderr
    return Graded(out, page)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    return grade_with_report(CLASS, tmp_path_factory.mktemp("class"))


def check_counts(graded: Graded) -> None:
    assert_page_matches(graded.results, graded.page)


def test_every_count_on_the_page_is_the_recount_of_the_results(graded_class: Graded) -> None:
    check_counts(graded_class)
    shown = read_page(graded_class.page.read_text(encoding="utf-8"))
    # The class file was written to exercise every part of the page.
    assert shown.counts[(("count", "learners"),)] == 5
    assert any(k[-1] == ("count", "misconception") for k in shown.counts)
    assert shown.counts[(("data-kind", "injection"), ("count", "injection"))] >= 1
    assert {c for cells in shown.grid.values() for c in cells} >= {"advanced", "held", "none"}


def test_the_seed_set_graded_with_a_report_recounts_exactly(tmp_path: Path) -> None:
    check_counts(grade_with_report(SEED, tmp_path))


def test_results_rows_carry_the_new_fields(graded_class: Graded) -> None:
    rows = {r["id"]: r for r in json.loads(graded_class.results.read_text())["results"]}
    lesson = load_lesson("how-llms-work")
    assert rows["cy-7"]["choice"] == "Technical architecture"
    assert rows["ana-1"]["learner"] == "Ana" and rows["anon-1"]["learner"] is None
    assert rows["ana-1"]["answer"].startswith("Subword pieces")
    for row in rows.values():
        step = lesson.step(row["step"])
        assert step is not None
        assert set(row["covered"]) <= set(step.expectations)
        assert row["misconception"] in {None, *(m.text for m in step.misconceptions)}
        if row["decision"] == "hint":
            assert row["hint_target"] in {*step.expectations,
                                          *(m.text for m in step.misconceptions)}
        else:
            assert row["hint_target"] is None


def test_an_answer_with_markup_shows_as_text(graded_class: Graded) -> None:
    page = graded_class.page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Eve &lt;b&gt;&amp;amp;&lt;/b&gt;" in page  # a learner's name too
    assert not re.search(r"<script|<b>", page, re.IGNORECASE)


def test_the_page_loads_nothing_from_anywhere(graded_class: Graded) -> None:
    page = graded_class.page.read_text(encoding="utf-8")
    assert not re.search(r"\b(src|href)\s*=|@import|url\(|https?:", page, re.IGNORECASE)
    assert "@media print" in page and 'name="viewport"' in page


def test_tutor_report_makes_the_same_page_from_the_results(graded_class: Graded,
                                                           tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    result = runner.invoke(app, ["report", str(graded_class.results), "-o", str(again)])
    assert result.exit_code == 0, result.stderr
    assert again.read_bytes() == graded_class.page.read_bytes()


def test_tutor_report_reads_json_lines_rows_with_a_lesson(tmp_path: Path,
                                                          graded_class: Graded) -> None:
    rows = json.loads(graded_class.results.read_text())["results"]
    lines = tmp_path / "rows.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["report", str(lines), "--lesson", "how-llms-work"])
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "rows.html").read_text(encoding="utf-8")
    assert read_page(page).counts[(("count", "total"),)] == len(rows)
    assert "How LLMs Work" in page


def test_results_whose_lesson_cannot_be_found_still_make_a_page(tmp_path: Path,
                                                                graded_class: Graded) -> None:
    data = json.loads(graded_class.results.read_text())
    data["lesson"] = "a-lesson-nobody-has"
    src = tmp_path / "results.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["report", str(src), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.stderr
    assert "not found" in result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="no-lesson"' in page
    shown = read_page(page)
    assert shown.counts[(("count", "total"),)] == len(data["results"])


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such file"),
        ("{not json", "invalid JSON"),
        ("", "empty file"),
        ('{"lesson": "how-llms-work", "answers": []}', "this is an answers file"),
        ('{"lesson": "x", "grader": "local", "results": {"a": 1}}', "expected the output"),
        ('{"lesson": "x", "grader": "local", "results": [{"id": "a", "step": 1, '
         '"decision": "maybe"}]}', "results[0].decision"),
        ('{"lesson": "x", "grader": "local", "results": []}', "nothing to report"),
        ('[{"id": "a", "step": 1}, {"id": "a", "step": 2}]', "in the results twice"),
    ],
)
def test_bad_input_to_tutor_report_is_exit_2_with_a_message(tmp_path: Path, content: str | None,
                                                            said: str) -> None:
    src = tmp_path / "results.json"
    if content is not None:
        src.write_text(content, encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # a message, no traceback
    assert said in result.stderr and str(src) in result.stderr
    assert not out.exists()


def test_a_bad_learner_is_bad_input(tmp_path: Path) -> None:
    src = tmp_path / "answers.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": [
        {"id": "a1", "step": 1, "answer": "x", "learner": 7},
        {"id": "a2", "step": 1, "answer": "x", "learner": "  "},
        {"id": "a3", "step": 1, "answer": "x", "learner": "n" * 201}]}), encoding="utf-8")
    result = runner.invoke(app, ["grade", str(src), "--grader", "local",
                                 "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert 'answers[0] (id "a1"): "learner" must be a non-empty string or null, not a number' \
        in result.stderr
    assert 'answers[1] (id "a2"): "learner" must be a non-empty string' in result.stderr
    assert 'answers[2] (id "a3"): "learner" is 201 characters long' in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_report_that_cannot_be_written_is_refused_before_grading(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["grade", str(CLASS), "--grader", "local",
                                 "--out", str(tmp_path / "out.json"),
                                 "--report", str(blocker / "r.html")])
    assert result.exit_code == 2
    assert "--report" in result.stderr
    assert not (tmp_path / "out.json").exists()
