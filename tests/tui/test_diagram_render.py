"""The mermaid flowchart parser and its box-and-arrow drawing."""

from __future__ import annotations

import contextlib
from pathlib import Path

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


# Left to right

LR_CHAIN = """flowchart LR
    A[Input tokens] --> B[Token embeddings + positions]
    B --> C[Self-attention: every token weighs every other]
    C --> D[Feed-forward layer]
    D --> E[Repeat for N layers]
    E --> F[Next-token probabilities]
"""


def _row_of(lines: list[str], label: str) -> int:
    return next(y for y, line in enumerate(lines) if label in line)


def test_lr_draws_boxes_side_by_side_joined_by_right_arrows() -> None:
    lines = render_mermaid("flowchart LR\n A[Prompt] --> B[Model] --> C[Answer]")
    assert lines == [
        "┌─────────┐   ┌───────┐   ┌─────────┐",
        "│ Prompt  │──▶│ Model │──▶│ Answer  │",
        "└─────────┘   └───────┘   └─────────┘",
    ]


def test_lr_wraps_into_bands_within_the_width_like_lines_of_text() -> None:
    lines = render_mermaid(LR_CHAIN, width=80)
    text = "\n".join(lines)
    assert max(len(line) for line in lines) <= 80
    for word in ("Input tokens", "Feed-forward layer", "Repeat for N layers", "probabilities"):
        assert word in text
    assert text.count("▶") == 5 and "▼" not in text
    # Read in order: each band starts below the last; its first box comes in from the left.
    rows = [_row_of(lines, w) for w in ("Input tokens", "Feed-forward", "probabilities")]
    assert rows[0] < rows[1] <= rows[2]
    feed = lines[rows[1]]
    assert feed.index("▶") < feed.index("Feed-forward")
    # The wrap: a run from the right end of a band, under it, back to the left margin.
    wraps = [line for line in lines if line.startswith("┌─") and line.endswith("┘")]
    assert len(wraps) >= 1


def test_lr_in_a_narrow_panel_wraps_labels_rather_than_stacking_single_boxes() -> None:
    lines = render_mermaid(LR_CHAIN, max_label=47, width=52)  # the aside at 120 columns
    assert max(len(line) for line in lines) <= 52
    assert "▶│ Input" not in "\n".join(lines)  # the first box has nothing coming in
    side_by_side = [line for line in lines if line.count("│ ") >= 2 and "▶" in line]
    assert len(side_by_side) >= 2  # bands of two boxes, labels wrapped to fit


def test_lr_labels_and_branches() -> None:
    lines = render_mermaid('flowchart LR\n a((Start)) -->|go| b{"Decide?"}\n'
                           " b -- no --> c([Stop])\n b -->|yes| d[Ship]")
    text = "\n".join(lines)
    assert "go─▶│ Decide?" in text.replace(" ", "").replace("│Decide?", "│ Decide?")
    for label in ("no", "yes"):
        assert any(label in line and "▶" in line for line in lines)
    assert text.count("▶") == 3


def test_lr_that_cannot_fit_two_layers_a_band_is_drawn_top_down() -> None:
    lines = render_mermaid("flowchart LR\n A[a fairly long label here] --> "
                           "B[another fairly long label]", width=24)
    text = "\n".join(lines)
    assert "▼" in text and "▶" not in text


def test_lr_cycle_is_listed_under_the_drawing() -> None:
    lines = render_mermaid("flowchart LR\n A[Draft] --> B[Review]\n B -->|changes| A")
    assert lines[-1] == "↻ Draft ← Review (changes)"
    assert "▶" in lines[1]


@given(st.lists(st.tuples(_IDS, _IDS), min_size=1, max_size=10),
       st.integers(min_value=20, max_value=100))
def test_every_node_of_a_random_lr_graph_is_drawn_within_the_width(
        edges: list[tuple[str, str]], width: int) -> None:
    source = "flowchart LR\n" + "\n".join(f"{a}[node {a}] --> {b}[node {b}]" for a, b in edges)
    lines = render_mermaid(source, width=width)
    text = "\n".join(lines)
    for a, b in edges:
        assert f"node {a}" in text and f"node {b}" in text
    drawing = [line for line in lines if not line.startswith("↻")]
    if "▶" in text:  # drawn left to right: within the width
        assert max(len(line) for line in drawing) <= max(width, 12)


LR_LESSON = """# Pipelines

## Step 1: A pipeline

<!-- hint:diagram mermaid-type="flowchart" topic="the pipeline" -->

Text goes through a pipeline.

```mermaid
flowchart LR
    A[Text] --> B[Tokens] --> C[Vectors] --> D[Answer]
```

**Task:** Follow the pipeline.

**Question:** What comes after tokens?

**Checkpoint:** The learner should understand that tokens become vectors.
"""


async def test_the_aside_draws_an_lr_diagram_left_to_right(tmp_path: Path) -> None:
    from tests.tui.fakes import ScriptedGrader
    from tests.tui.pilot_helpers import settle
    from tutor.tui.app import TutorApp
    from tutor.tui.widgets.aside import DiagramView

    lesson = tmp_path / "pipeline.md"
    lesson.write_text(LR_LESSON, encoding="utf-8")
    app = TutorApp(lesson, grader=ScriptedGrader)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause()
        view = app.screen.query_one(DiagramView)
        drawing = str(view.render())
        row = next(line for line in drawing.splitlines() if "Text" in line)
        assert row.index("Text") < row.index("Tokens") < row.index("Vectors")
        assert "▶" in row and "▼" not in drawing
        panel = app.screen.query_one("#aside").content_region.width
        assert max(len(line) for line in drawing.splitlines()) <= panel


def test_arrows_without_spaces_and_ids_with_hyphens() -> None:
    chart = parse_flowchart("graph LR\n A-->B\n B-.->C\n C==>D\n my-node --> x.y\n"
                            " D---E\n E-- label -->F")
    assert chart.edges == [("A", "B", ""), ("B", "C", ""), ("C", "D", ""),
                           ("my-node", "x.y", ""), ("D", "E", ""), ("E", "F", "label")]
