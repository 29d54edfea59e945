"""summarise(): headline figures, groups, latency, usage, leakage, stability, disagreements."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from tests.harness.graders import AlternatingGrader, OverlapGrader
from tutor.grading import Decision, Usage
from tutor.harness.display import print_summary
from tutor.harness.evaluate import Options, evaluate, load
from tutor.harness.report import render_report
from tutor.harness.summary import Leaks, Metrics


async def run(path: Path, leaks: Leaks, grader: OverlapGrader | None = None,
              repeat: int = 1, batch_size: int = 2) -> Metrics:
    options = Options(repeat=repeat, batch_size=batch_size, concurrency=2)
    outcome = await evaluate(load([path], options), grader or OverlapGrader(), leaks, options)
    return outcome.metrics


async def test_headline_figures_by_hand(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    assert (m.n, m.graded, m.errors) == (6, 5, 1)
    c = m.confusion
    assert (c.true_advance, c.false_advance, c.false_hold, c.true_hold) == (1, 1, 1, 2)
    assert m.accuracy == pytest.approx(3 / 5)
    # pe = (2*2 + 3*3) / 25 = 0.52 -> kappa = (0.6 - 0.52) / 0.48
    assert m.kappa == pytest.approx(0.08 / 0.48)
    assert m.false_advance_rate == pytest.approx(1 / 3)
    assert m.false_hold_rate == pytest.approx(1 / 2)
    assert m.precision == pytest.approx(1 / 2) and m.recall == pytest.approx(1 / 2)


async def test_errors_are_counted_and_named(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    assert [f.id for f in m.failures] == ["x5"]
    assert "FAIL" in m.failures[0].error
    assert m.failures[0].source.endswith("small.jsonl:5")


async def test_per_tag_rows(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    assert set(m.per_tag) == {"correct", "partial", "keywords", "terse", "wrong"}
    assert m.per_tag["correct"].n == 2 and m.per_tag["correct"].accuracy == 0.5
    assert m.per_tag["correct"].false_hold_rate == 0.5
    assert m.per_tag["wrong"].accuracy == 1.0
    assert m.per_tag["wrong"].false_advance_rate == 0.0
    assert m.per_tag["partial"].false_advance_rate == 1.0
    assert m.per_tag["terse"].false_advance_rate is None  # no gold-hint answers there


async def test_kappa_is_undefined_not_zero_where_a_tag_has_one_gold_class(
    small_set: Path, leaks: Leaks
) -> None:
    # "correct" is x1 (gold advance, advanced) and x3 (gold advance, held): one gold class,
    # where kappa is 0 whatever the grader does. It is shown as undefined, not as 0.00.
    m = await run(small_set, leaks)
    assert m.per_tag["correct"].kappa is None
    assert m.per_tag["wrong"].kappa is None  # all gold hint
    assert m.kappa is not None  # both classes overall

    console = Console(file=io.StringIO(), width=120)
    print_summary(console, m)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    header = next(line for line in text.splitlines() if "false adv." in line)
    assert "κ" in header
    row = next(line for line in text.splitlines() if line.strip().startswith("correct"))
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[-2:] == ["—", "0"] and "0.00" not in row  # κ, then errors

    page = render_report(m)
    found = re.search(r'<table class="groups" id="per-tag">.*?<tr data-key="correct">(.*?)</tr>',
                      page, re.S)
    assert found is not None
    assert re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))[-2:] == ["—", "0"]


async def test_per_step_rows_for_a_lesson(leaks: Leaks) -> None:
    fixture = Path(__file__).parent / "fixtures" / "answers.json"
    m = await run(fixture, leaks)
    assert list(m.per_step) == ["1", "3"]
    assert m.per_step["1"].n == 2 and m.per_step["3"].n == 2
    assert m.per_step["1"].title.startswith("Tokenization")


async def test_rubric_records_form_one_step_row(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    assert list(m.per_step) == ["rubric"]
    assert m.per_step["rubric"].n == 6


async def test_latency_and_usage(small_set: Path, leaks: Leaks) -> None:
    usage = Usage(input_tokens=100, output_tokens=20, cost_usd=0.001)
    m = await run(small_set, leaks, OverlapGrader(latency_ms=40.0, usage=usage))
    assert m.latency_ms.p50 == 40.0 and m.latency_ms.p95 == 40.0
    assert m.usage is not None
    assert (m.usage.answers, m.usage.input_tokens, m.usage.output_tokens) == (5, 500, 100)
    assert m.usage.cost_usd == pytest.approx(0.005)
    assert m.usage.cost_per_answer_usd == pytest.approx(0.001)


async def test_no_usage_without_a_model(small_set: Path, leaks: Leaks) -> None:
    assert (await run(small_set, leaks)).usage is None


async def test_hint_leakage(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    # hints written for x3, x4 and x6; x4's hint is the Checkpoint word for word
    assert (m.hints_given, m.hints_leaked) == (3, 1)
    assert m.hint_leakage == pytest.approx(1 / 3)


async def test_stability_over_reruns(small_set: Path, leaks: Leaks) -> None:
    grader = AlternatingGrader({"cats chase mice"})
    m = await run(small_set, leaks, grader, repeat=3)
    assert m.repeat == 3
    # x1 goes advance, hint, advance; x5 never gets a decision, so 5 answers count
    assert (m.stability_flipped, m.stability_answers) == (1, 5)
    assert m.stability == pytest.approx(1 / 5)
    assert grader.calls == 18
    # headline figures come from the first run
    assert m.accuracy == pytest.approx(3 / 5)


async def test_stability_is_undefined_without_reruns(small_set: Path, leaks: Leaks) -> None:
    assert (await run(small_set, leaks)).stability is None


async def test_worst_disagreements_first(small_set: Path, leaks: Leaks) -> None:
    m = await run(small_set, leaks)
    assert [d.id for d in m.disagreements] == ["x2", "x3"]
    worst = m.disagreements[0]
    assert worst.kind == "false_advance"
    assert (worst.gold, worst.decision) == (Decision.HINT, Decision.ADVANCE)
    assert worst.answer == "cats chase" and worst.feedback == "shared words: cats, chase"


async def test_result_order_does_not_depend_on_batching(small_set: Path, leaks: Leaks) -> None:
    one = await run(small_set, leaks, batch_size=1)
    many = await run(small_set, leaks, batch_size=5)
    assert one.model_dump() == many.model_dump()


async def test_per_dataset_rows(small_set: Path, leaks: Leaks) -> None:
    fixture = Path(__file__).parent / "fixtures" / "answers.json"
    options = Options()
    outcome = await evaluate(load([small_set, fixture], options), OverlapGrader(), leaks, options)
    rows = outcome.metrics.per_dataset
    assert list(rows) == [str(small_set), str(fixture)]
    assert rows[str(small_set)].n == 6 and rows[str(fixture)].n == 4
    assert outcome.metrics.n == 10
