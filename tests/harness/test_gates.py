"""Reading `--fail-under` / `--fail-over`: a misspelt metric is bad input before any grading."""

from __future__ import annotations

import pytest

from tutor.errors import InputError
from tutor.harness.gates import parse_gate


def test_a_figure_of_a_fixed_group_is_read() -> None:
    gate = parse_gate("pedagogy.hints_aimed_rate=0.8", "under")
    assert (gate.metric, gate.threshold, gate.direction) == (
        "pedagogy.hints_aimed_rate", 0.8, "under")
    assert parse_gate("latency_ms.p95=50", "over").metric == "latency_ms.p95"
    # per_tag and per_step are keyed by the data's own tags and steps: not checked here
    assert parse_gate("per_tag.terse.accuracy=0.5", "under").metric == "per_tag.terse.accuracy"


@pytest.mark.parametrize("text, says", [
    ("pedagogy.hints_aim_rate=0.8", "'pedagogy' has no 'hints_aim_rate'"),
    ("latency_ms.p99=50", "'latency_ms' has no 'p99'"),
    ("acuracy=0.9", "metrics.json has no 'acuracy'"),
])
def test_a_misspelt_figure_is_bad_input_naming_the_known_ones(text: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_gate(text, "under")
    assert says in caught.value.message
    if text.startswith("pedagogy"):
        assert "pedagogy.hints_aimed_rate" in caught.value.message
        assert "pedagogy.answer_leak_rate" in caught.value.message
