"""Mermaid flowcharts drawn as boxes and arrows in plain text (no Textual here).

Parses the flowchart subset lessons use (`flowchart`/`graph` with a direction, nodes
`A[label]` in the usual shapes, edges `-->`, `---`, `-.->`, `==>` with `|labels|` or
`-- label -->`, chains `A --> B --> C`, `A & B --> C`, comments and style lines) and
draws it top-down in layers: terminals are taller than wide, so LR charts are drawn
top-down too. Edges that skip layers pass through the layers between; edges that go
back up (cycles) are listed under the drawing instead of crossing it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

_HEADER = re.compile(r"^(flowchart|graph)(?:\s+(TD|TB|BT|LR|RL))?\s*;?$", re.IGNORECASE)
_IGNORED = re.compile(r"^(classDef|class|style|linkStyle|click|subgraph|end|direction)\b")
# Shapes, longest openers first so `((` wins over `(`.
_SHAPES: tuple[tuple[str, str], ...] = (
    ("(((", ")))"), ("((", "))"), ("([", "])"), ("[[", "]]"), ("[(", ")]"), ("{{", "}}"),
    ("[/", "/]"), ("[\\", "\\]"), ("[", "]"), ("(", ")"), ("{", "}"), (">", "]"),
)
_ID = re.compile(r"[A-Za-z0-9_][\w.-]*")
_ARROW = re.compile(
    r"\s*(?:"
    r"(?P<a1>-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|~{3,})\s*(?:\|(?P<l1>[^|]*)\|)?"
    r"|(?P<a2>--|==|-\.)\s+(?P<l2>[^->=.][^>]*?)\s+(?P<t2>-{2,}>|-{3,}|={2,}>|={3,}|\.-+>|\.-+)"
    r")\s*"
)


class MermaidError(ValueError):
    """A flowchart line that could not be read; `line` is 1-based within the source."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Flowchart:
    """Nodes (id -> label) in order of appearance, and directed edges with optional labels."""

    direction: str = "TD"
    labels: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)


def _node(text: str, pos: int, chart: Flowchart, line: int) -> int:
    """Read one node reference at `pos` (`A`, `A[label]`…); register it; return the end."""
    match = _ID.match(text, pos)
    if not match:
        raise MermaidError(line, f"expected a node id at column {pos + 1}: {text[pos:]!r}")
    node_id, pos = match.group(), match.end()
    for opener, closer in _SHAPES:
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            if end < 0:
                raise MermaidError(line, f"node {node_id}: '{opener}' is never closed by "
                                         f"'{closer}'")
            label = text[pos + len(opener):end].strip().strip('"')
            chart.labels[node_id] = label or node_id
            return end + len(closer)
    chart.labels.setdefault(node_id, node_id)
    return pos


def _group(text: str, pos: int, chart: Flowchart, line: int) -> tuple[list[str], int]:
    """Read `A & B[x] & C`: one or more nodes joined by '&'."""
    ids: list[str] = []
    while True:
        pos = _skip(text, pos)
        start = pos
        pos = _node(text, pos, chart, line)
        ids.append(_ID.match(text, start).group())  # type: ignore[union-attr]
        pos = _skip(text, pos)
        if not text.startswith("&", pos):
            return ids, pos
        pos += 1


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _statement(text: str, chart: Flowchart, line: int) -> None:
    """One statement: a node, or a chain of nodes joined by arrows."""
    sources, pos = _group(text, 0, chart, line)
    while pos < len(text):
        arrow = _ARROW.match(text, pos)
        if not arrow or arrow.end() == pos:
            raise MermaidError(line, f"expected an arrow such as '-->' at column {pos + 1}: "
                                     f"{text[pos:]!r}")
        label = (arrow.group("l1") or arrow.group("l2") or "").strip().strip('"')
        targets, pos = _group(text, arrow.end(), chart, line)
        chart.edges.extend((s, t, label) for s in sources for t in targets)
        sources = targets


def parse_flowchart(source: str) -> Flowchart:
    """Parse a mermaid flowchart. Raises MermaidError naming the line and the problem."""
    chart: Flowchart | None = None
    for number, raw in enumerate(source.splitlines(), start=1):
        text = raw.split("%%", 1)[0].strip()
        if not text:
            continue
        if chart is None:
            header = _HEADER.match(text)
            if not header:
                raise MermaidError(number, "a flowchart starts with 'flowchart TD' (or LR, TB…)")
            chart = Flowchart(direction=(header.group(2) or "TD").upper())
            continue
        if _IGNORED.match(text):
            continue
        for part in (p.strip() for p in text.split(";")):
            if part:
                _statement(part, chart, number)
    if chart is None:
        raise MermaidError(1, "the diagram is empty")
    if not chart.labels:
        raise MermaidError(1, "the flowchart has no nodes")
    return chart


# Layout and drawing


@dataclass
class _Box:
    """A node placed on the canvas; a dummy box is a point an edge passes through."""

    key: str
    lines: list[str]
    layer: int
    x: int = 0
    width: int = 1
    dummy: bool = False

    @property
    def height(self) -> int:
        return 1 if self.dummy else len(self.lines) + 2

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


def _layers(chart: Flowchart) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    """Longest-path layering; edges that would point up or sideways are returned apart."""
    order = list(chart.labels)
    rank = {n: i for i, n in enumerate(order)}
    forward = [(a, b, lab) for a, b, lab in chart.edges if rank[a] < rank[b]]
    back = [(a, b, lab) for a, b, lab in chart.edges if rank[a] >= rank[b]]
    layer = dict.fromkeys(order, 0)
    for node in order:  # appearance order is a topological order of the forward edges
        for a, b, _ in forward:
            if a == node:
                layer[b] = max(layer[b], layer[a] + 1)
    return layer, back


_UP, _DOWN, _LEFT, _RIGHT = 1, 2, 4, 8
_JOINS = {
    _UP | _DOWN: "│", _LEFT | _RIGHT: "─", _DOWN | _RIGHT: "┌", _DOWN | _LEFT: "┐",
    _UP | _RIGHT: "└", _UP | _LEFT: "┘", _UP | _DOWN | _RIGHT: "├", _UP | _DOWN | _LEFT: "┤",
    _LEFT | _RIGHT | _DOWN: "┬", _LEFT | _RIGHT | _UP: "┴", 15: "┼", _UP: "│", _DOWN: "│",
    _LEFT: "─", _RIGHT: "─",
}


class _Canvas:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str] = {}
        self.wires: dict[tuple[int, int], int] = {}

    def text(self, x: int, y: int, s: str) -> None:
        for i, ch in enumerate(s):
            self.cells[(x + i, y)] = ch

    def wire(self, x: int, y: int, bits: int) -> None:
        self.wires[(x, y)] = self.wires.get((x, y), 0) | bits

    def hline(self, y: int, x0: int, x1: int) -> None:
        lo, hi = min(x0, x1), max(x0, x1)
        for x in range(lo, hi + 1):
            self.wire(x, y, (_LEFT if x > lo else 0) | (_RIGHT if x < hi else 0))

    def lines(self) -> list[str]:
        cells = dict(self.cells)
        for pos, bits in self.wires.items():
            cells.setdefault(pos, _JOINS.get(bits, "┼"))
        if not cells:
            return []
        width = max(x for x, _ in cells) + 1
        height = max(y for _, y in cells) + 1
        rows = [[" "] * width for _ in range(height)]
        for (x, y), ch in cells.items():
            rows[y][x] = ch
        return ["".join(r).rstrip() for r in rows]


def _place(boxes: list[list[_Box]], gap: int) -> int:
    """Give each box its x; rows are centred on the widest. Returns the drawing width."""
    widths = [sum(b.width for b in row) + gap * (len(row) - 1) for row in boxes]
    total = max(widths, default=0)
    for row, width in zip(boxes, widths, strict=True):
        x = (total - width) // 2
        for box in row:
            box.x = x
            x += box.width + gap
    return total


def _draw_box(canvas: _Canvas, box: _Box, top: int, row_height: int) -> None:
    if box.dummy:
        _down(canvas, box.centre, top, top + row_height)
        return
    inner = box.width - 2
    y = top + (row_height - box.height) // 2
    if y > top:  # a shorter box in a tall row: keep the edge into it connected
        _down(canvas, box.centre, top, y)
    canvas.text(box.x, y, "┌" + "─" * inner + "┐")
    for i, line in enumerate(box.lines, start=1):
        left = (inner - len(line)) // 2
        canvas.text(box.x, y + i, "│" + " " * left + line.ljust(inner - left) + "│")
    bottom = y + box.height - 1
    canvas.text(box.x, bottom, "└" + "─" * inner + "┘")
    if bottom < top + row_height - 1:
        _down(canvas, box.centre, bottom + 1, top + row_height)


def render_flowchart(chart: Flowchart, *, max_label: int = 24) -> list[str]:
    """Draw a parsed flowchart as lines of text, labels wrapped to `max_label` columns."""
    layer, back = _layers(chart)
    depth = max(layer.values()) + 1
    rows: list[list[_Box]] = [[] for _ in range(depth)]
    boxes: dict[str, _Box] = {}
    for node, label in chart.labels.items():
        wrapped = textwrap.wrap(label, max(4, max_label)) or [""]
        width = max(len(s) for s in wrapped) + 4
        # Odd widths put every box's centre on a whole column, so straight arrows stay straight.
        box = _Box(node, wrapped, layer[node], width=width | 1)
        boxes[node] = box
        rows[box.layer].append(box)
    # Each edge becomes a chain of single-layer hops through dummy points.
    hops: list[tuple[_Box, _Box, str]] = []
    for n, (a, b, label) in enumerate(e for e in chart.edges if e not in back):
        prev = boxes[a]
        for mid in range(boxes[a].layer + 1, boxes[b].layer):
            dummy = _Box(f"~{n}.{mid}", [], mid, dummy=True)
            rows[mid].append(dummy)
            hops.append((prev, dummy, ""))
            prev = dummy
        hops.append((prev, boxes[b], label))
    _place(rows, gap=3)
    canvas = _Canvas()
    y = 0
    for index, row in enumerate(rows):
        height = max(b.height for b in row)
        for box in row:
            _draw_box(canvas, box, y, height)
        y += height
        out = [h for h in hops if h[0].layer == index]
        if out:
            y = _draw_hops(canvas, out, y)
    lines = canvas.lines()
    for a, b, label in back:
        text = f" ({label})" if label else ""
        lines.append(f"↻ {chart.labels[b]} ← {chart.labels[a]}{text}")
    return lines


def _down(canvas: _Canvas, x: int, y0: int, y1: int) -> None:
    """A straight vertical wire through rows y0 .. y1-1, open at both ends."""
    for y in range(y0, y1):
        canvas.wire(x, y, _UP | _DOWN)


def _draw_hops(canvas: _Canvas, hops: list[tuple[_Box, _Box, str]], top: int) -> int:
    """Draw edges between two rows in their own lanes; returns the y of the next row."""
    straight = [h for h in hops if h[0].centre == h[1].centre]
    bent = [h for h in hops if h[0].centre != h[1].centre]
    lanes = len(bent)
    bottom = top + lanes + 1  # the arrowhead row
    for source, _, _ in straight:
        _down(canvas, source.centre, top, bottom)
    for lane, (source, target, _) in enumerate(bent):
        y = top + lane
        _down(canvas, source.centre, top, y)
        canvas.wire(source.centre, y, _UP)
        canvas.hline(y, source.centre, target.centre)
        canvas.wire(target.centre, y, _DOWN)
        _down(canvas, target.centre, y + 1, bottom)
    for _, target, label in hops:
        if not target.dummy:
            canvas.text(target.centre, bottom, "▼")
        else:
            _down(canvas, target.centre, bottom, bottom + 1)
        if label:
            canvas.text(target.centre + 2, bottom - 1, label)
    return bottom + 1


def render_mermaid(source: str, *, max_label: int = 24) -> list[str]:
    """Parse and draw a mermaid flowchart. Raises MermaidError on a line it cannot read."""
    return render_flowchart(parse_flowchart(source), max_label=max_label)
