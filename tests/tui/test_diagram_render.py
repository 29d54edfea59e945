"""The mermaid flowchart parser and its box-and-arrow drawing."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.lesson import load_lesson
from tutor.tui.diagram_render import MermaidError, parse_flowchart, render_mermaid

CHAIN = """flowchart TD
    A[Input tokens] --> B[Token embeddings]
    B --> C[Self-attention]
"""


def test_chain_draws_boxes_joined_by_arrows() -> None:
    lines = render_mermaid(CHAIN)
    text = "\n".join(lines)
    for label in ("Input tokens", "Token embeddings", "Self-attention"):
        assert f"│ {label} │" in text or label in text
    assert text.count("▼") == 2
    assert text.count("┌") == 3  # one box each
    # Straight chain: every arrowhead sits in the same column as the line above it.
    heads = [(y, line.index("▼")) for y, line in enumerate(lines) if "▼" in line]
    for y, x in heads:
        assert lines[y - 1][x] == "│"


def test_seed_lesson_diagram_renders_all_six_stages() -> None:
    step = load_lesson("how-llms-work").step(3)
    assert step is not None and step.diagrams and step.diagrams[0].source
    text = "\n".join(render_mermaid(step.diagrams[0].source, max_label=60))
    for label in ("Input tokens", "Feed-forward layer", "Next-token probabilities"):
        assert label in text
    assert text.count("▼") == 5


def test_shapes_labels_chains_and_groups() -> None:
    chart = parse_flowchart(
        'graph LR\n  a((Start)) -->|go| b{"Decide?"}\n  b -- no --> c([Stop]) --> d\n'
        "  a & b --> e[[Log]]  %% a comment\n  style a fill:#f9f\n")
    assert chart.labels == {"a": "Start", "b": "Decide?", "c": "Stop", "d": "d", "e": "Log"}
    assert ("a", "b", "go") in chart.edges
    assert ("b", "c", "no") in chart.edges
    assert ("c", "d", "") in chart.edges
    assert {("a", "e", ""), ("b", "e", "")} <= set(chart.edges)


def test_long_labels_wrap_to_the_width_given() -> None:
    lines = render_mermaid("flowchart TD\n A[one two three four five six seven] --> B[x]",
                           max_label=10)
    assert max(len(line) for line in lines) <= 10 + 5
    assert any("seven" in line for line in lines)


def test_edge_skipping_a_layer_passes_beside_the_middle_box() -> None:
    lines = render_mermaid("flowchart TD\n A --> B\n B --> C\n A --> C")
    text = "\n".join(lines)
    assert "│ B │" in text
    # A's second edge runs down past B (a dummy point in B's layer) and joins B's edge into C.
    assert text.count("▼") == 2
    below_b = lines[lines.index(next(ln for ln in lines if "│ B │" in ln)) + 1:]
    assert any("┘" in ln or "┤" in ln or "├" in ln for ln in below_b)


def test_cycle_is_listed_under_the_drawing() -> None:
    lines = render_mermaid("flowchart TD\n A[Draft] --> B[Review]\n B -->|changes| A")
    assert lines[-1] == "↻ Draft ← Review (changes)"


@pytest.mark.parametrize(("source", "line", "words"), [
    ("", 1, "empty"),
    ("sequenceDiagram\n A->>B: hi", 1, "flowchart TD"),
    ("flowchart TD\n A[open --> B", 2, "never closed"),
    ("flowchart TD\n A --> B\n A ?? B", 3, "arrow"),
])
def test_errors_name_the_line(source: str, line: int, words: str) -> None:
    with pytest.raises(MermaidError) as info:
        render_mermaid(source)
    assert info.value.line == line
    assert words in str(info.value)


@given(st.text(max_size=200))
def test_any_text_either_draws_or_raises_a_mermaid_error(source: str) -> None:
    with contextlib.suppress(MermaidError):
        render_mermaid("flowchart TD\n" + source)


_IDS = st.sampled_from(["A", "B", "C", "D", "E", "F"])


@given(st.lists(st.tuples(_IDS, _IDS), min_size=1, max_size=10))
def test_every_node_of_a_random_graph_is_drawn(edges: list[tuple[str, str]]) -> None:
    source = "flowchart TD\n" + "\n".join(f"{a}[node {a}] --> {b}[node {b}]" for a, b in edges)
    text = "\n".join(render_mermaid(source))
    for a, b in edges:
        assert f"node {a}" in text and f"node {b}" in text
