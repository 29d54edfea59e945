"""Mermaid flowcharts drawn as boxes and arrows in plain text (no Textual here).

Parses the flowchart subset lessons use (`flowchart`/`graph` with a direction, nodes
`A[label]` in the usual shapes, edges `-->`, `---`, `-.->`, `==>` with `|labels|` or
`-- label -->`, chains `A --> B --> C`, `A & B --> C`, comments and style lines) and
draws it in layers. `TD`/`TB` (and, for now, `BT`/`RL`) charts are drawn top-down: a row
of boxes per layer, arrows `▼` between rows. `LR` charts are drawn left to right: a column
of boxes per layer, arrows `▶` between columns; when the columns do not fit the width
given, they wrap into bands one under the other, the arrow from the end of a band
running down and round to the start of the next, like lines of text. Labels are wrapped
narrower (down to 10 columns, splitting no word) to fit two layers a band on average; a
chart that still cannot is drawn top-down. Edges that skip layers pass through the layers between;
edges that go back (cycles) are listed under the drawing instead of crossing it.
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
# An id may hold '-' and '.', but not the start of an arrow: `A-->B` is A, an arrow, B.
_ID = re.compile(r"[A-Za-z0-9_](?:\w|\.(?!-)|-(?![-.>]))*")
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
    y: int = 0  # left-to-right drawings place boxes on both axes

    @property
    def middle(self) -> int:
        """The row an LR arrow enters or leaves the box by."""
        return self.y + self.height // 2

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

    def vline(self, x: int, y0: int, y1: int) -> None:
        lo, hi = min(y0, y1), max(y0, y1)
        for y in range(lo, hi + 1):
            self.wire(x, y, (_UP if y > lo else 0) | (_DOWN if y < hi else 0))

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


_Hop = tuple[_Box, _Box, str]


def _boxes(chart: Flowchart, layer: dict[str, int], back: list[tuple[str, str, str]],
           max_label: int, *, odd_height: bool = False) -> tuple[list[list[_Box]], list[_Hop]]:
    """The boxes of each layer (and dummy points for edges that skip layers), and the hops:
    every edge as a chain of single-layer steps."""
    depth = max(layer.values()) + 1
    rows: list[list[_Box]] = [[] for _ in range(depth)]
    boxes: dict[str, _Box] = {}
    for node, label in chart.labels.items():
        wrapped = textwrap.wrap(label, max(4, max_label)) or [""]
        if odd_height:  # odd heights put every middle on a whole row (as odd widths do)
            wrapped = _odd_lines(label, wrapped)
        width = max(len(s) for s in wrapped) + 4
        # Odd widths put every box's centre on a whole column, so straight arrows stay straight.
        box = _Box(node, wrapped, layer[node], width=width | 1)
        boxes[node] = box
        rows[box.layer].append(box)
    hops: list[_Hop] = []
    for n, (a, b, label) in enumerate(e for e in chart.edges if e not in back):
        prev = boxes[a]
        for mid in range(boxes[a].layer + 1, boxes[b].layer):
            dummy = _Box(f"~{n}.{mid}", [], mid, dummy=True)
            rows[mid].append(dummy)
            hops.append((prev, dummy, ""))
            prev = dummy
        hops.append((prev, boxes[b], label))
    return rows, hops


def _odd_lines(label: str, wrapped: list[str]) -> list[str]:
    """An odd number of lines: the label wrapped a little narrower (splitting no word),
    else with a blank line added."""
    if len(wrapped) % 2:
        return wrapped
    width = max(len(line) for line in wrapped)
    longest_word = max((len(w) for w in label.split()), default=0)
    while width > max(4, longest_word):
        width -= 1
        narrower = textwrap.wrap(label, width, break_long_words=False)
        if len(narrower) % 2:
            return narrower
    return [*wrapped, ""]


def render_flowchart(chart: Flowchart, *, max_label: int = 24, width: int = 80) -> list[str]:
    """Draw a parsed flowchart as lines of text, labels wrapped to `max_label` columns.

    `width` is the room there is: an LR drawing wraps into bands to stay within it (a
    top-down drawing is as wide as its widest row of boxes).
    """
    layer, back = _layers(chart)
    lines = _render_lr(chart, layer, back, max_label, width) if chart.direction == "LR" else None
    if lines is None:
        lines = _render_td(chart, layer, back, max_label)
    for a, b, label in back:
        text = f" ({label})" if label else ""
        lines.append(f"↻ {chart.labels[b]} ← {chart.labels[a]}{text}")
    return lines


def _render_td(chart: Flowchart, layer: dict[str, int], back: list[tuple[str, str, str]],
               max_label: int) -> list[str]:
    """Top-down: a row of boxes per layer, the hops between rows in lanes of their own."""
    rows, hops = _boxes(chart, layer, back, max_label)
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
    return canvas.lines()


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


# Left to right

#: Label widths tried, widest first, until a band holds at least two layers.
_LR_LABELS = (40, 32, 24, 20, 16, 12, 10)


@dataclass
class _Columns:
    """An LR drawing's columns (one per layer) and what lies between them."""

    boxes: list[list[_Box]]
    hops: list[_Hop]
    width: list[int]  # of each column
    height: list[int]  # of each column's stack of boxes
    gap: list[int]  # columns between layer i and i + 1
    out: list[list[_Hop]]  # the hops leaving layer i

    def lanes(self, i: int) -> list[_Hop]:
        """Hops from layer i that change rows, each needing a lane (a vertical run)."""
        return [h for h in self.out[i] if self.offset(h[0]) != self.offset(h[1])]

    def offset(self, box: _Box) -> int:
        """The box's middle row relative to its column's middle (before placing)."""
        return box.y + box.height // 2 - self.height[box.layer] // 2


def _render_lr(chart: Flowchart, layer: dict[str, int], back: list[tuple[str, str, str]],
               max_label: int, width: int) -> list[str] | None:
    """Left to right in bands that fit `width`: of the label widths tried, the one giving
    the shortest drawing (the widest on a tie). None when every one leaves fewer than two
    layers a band on average: that is a top-down drawing, drawn worse."""
    depth = max(layer.values()) + 1
    longest_word = max((len(w) for label in chart.labels.values()
                        for w in re.split(r"[\s-]+", label)), default=0)
    narrower = [w for w in _LR_LABELS if longest_word <= w < max_label]  # no word is split
    best: list[str] | None = None
    for label in (max_label, *narrower):
        columns = _columns(*_boxes(chart, layer, back, label, odd_height=True))
        bands = _bands(columns, width)
        if len(bands) > (depth + 1) // 2:  # fewer than two layers a band, on average
            continue
        lines = _draw_lr(columns, bands)
        if best is None or len(lines) < len(best):
            best = lines
    return best


def _columns(boxes: list[list[_Box]], hops: list[_Hop]) -> _Columns:
    heights = []
    for column in boxes:  # stack each column's boxes, one blank row apart
        y = 0
        for box in column:
            box.y = y
            y += box.height + 1
        heights.append(y - 1)  # odd: odd heights and even gaps, so middles are whole rows
    out: list[list[_Hop]] = [[] for _ in boxes]
    for hop in hops:
        out[hop[0].layer].append(hop)
    columns = _Columns(boxes, hops, [max(b.width for b in c) for c in boxes], heights,
                       [], out)
    for i in range(len(boxes)):
        labels = [len(lab) + 2 for _, target, lab in out[i] if lab and not target.dummy]
        # wire out, a lane per bent hop, the label (or one more wire), the arrowhead
        columns.gap.append(1 + len(columns.lanes(i)) + max(labels, default=1) + 1)
    return columns


def _bands(columns: _Columns, width: int) -> list[list[int]]:
    """Consecutive layers per band, as many as fit in `width` (always at least one)."""
    depth = len(columns.boxes)
    bands: list[list[int]] = []
    start, margin = 0, 0
    while start < depth:
        end, right = start, margin + columns.width[start]
        while end + 1 < depth:
            right_next = right + columns.gap[end] + columns.width[end + 1]
            wrap = len(columns.out[end + 1]) + 1 if end + 2 < depth else 0  # lanes down
            if right_next + wrap > width:
                break
            end, right = end + 1, right_next
        bands.append(list(range(start, end + 1)))
        crossing = len(columns.out[end])
        margin = crossing + 2 if crossing else 0  # lanes coming in from the band above
        start = end + 1
    return bands


def _draw_lr(columns: _Columns, bands: list[list[int]]) -> list[str]:
    canvas = _Canvas()
    left: dict[int, int] = {}  # each layer's x
    tops: list[int] = []
    top, margin = 0, 0
    for band in bands:
        height = max(columns.height[i] for i in band)
        x = margin
        for i in band:
            left[i] = x
            for box in columns.boxes[i]:
                box.x = x
                box.y += top + (height - columns.height[i]) // 2
            x += columns.width[i] + columns.gap[i]
        tops.append(top)
        crossing = len(columns.out[band[-1]]) if band[-1] + 1 < len(columns.boxes) else 0
        top += height + (crossing or 1)
        margin = crossing + 2 if crossing else 0
    for column in columns.boxes:
        for box in column:
            if not box.dummy:
                _box_at(canvas, box)
    for k, band in enumerate(bands):
        for i in band:
            if i + 1 >= len(columns.boxes):
                continue
            if i == band[-1]:
                bottom = tops[k] + max(columns.height[j] for j in band)
                _wrap_hops(canvas, columns, i, left, bottom)
            else:
                _side_hops(canvas, columns, i, left)
    return canvas.lines()


def _box_at(canvas: _Canvas, box: _Box) -> None:
    """A box at its own x and y, lines centred."""
    inner = box.width - 2
    canvas.text(box.x, box.y, "┌" + "─" * inner + "┐")
    for i, line in enumerate(box.lines, start=1):
        pad = (inner - len(line)) // 2
        canvas.text(box.x, box.y + i, "│" + " " * pad + line.ljust(inner - pad) + "│")
    canvas.text(box.x, box.y + box.height - 1, "└" + "─" * inner + "┘")


def _leave(canvas: _Canvas, box: _Box, column_left: int, exit_x: int) -> None:
    """From the box's right side (a dummy: from its column's left) to `exit_x`."""
    start = column_left if box.dummy else box.x + box.width
    if start < exit_x:
        canvas.hline(box.middle, start, exit_x)


def _arrive(canvas: _Canvas, target: _Box, from_x: int, column_left: int, label: str,
            label_x: int) -> None:
    """Along the target's middle row from `from_x` into it: an arrowhead, or on through a
    dummy point."""
    y = target.middle
    if target.dummy:
        canvas.hline(y, from_x, column_left)
        return
    if from_x < column_left - 2:
        canvas.hline(y, from_x, column_left - 2)
    canvas.text(column_left - 1, y, "▶")
    if label:
        canvas.text(label_x, y, label)


def _lane_order(bent: list[_Hop]) -> list[_Hop]:
    """Bent hops in lane order: a hop leaving by row r takes a lane left of any hop arriving
    by row r, so the two runs along that row do not overlap (when that is possible)."""
    rest = list(bent)
    ordered: list[_Hop] = []
    while rest:
        arriving = {t.middle for _, t, _ in rest}
        free = [h for h in rest if h[0].middle not in arriving] or rest
        ordered.append(free[0])
        rest.remove(free[0])
    return ordered


def _side_hops(canvas: _Canvas, columns: _Columns, i: int, left: dict[int, int]) -> None:
    """Hops from layer i to layer i + 1 in the same band: straight across, or bent in a lane."""
    exit_x = left[i] + columns.width[i]
    lanes = _lane_order([h for h in columns.out[i] if h[0].middle != h[1].middle])
    label_x = exit_x + 1 + len(lanes) + 1
    for source, target, label in columns.out[i]:
        _leave(canvas, source, left[i], exit_x)
        x = exit_x
        if (source, target, label) in lanes:
            x = exit_x + 1 + lanes.index((source, target, label))
            canvas.hline(source.middle, exit_x, x)
            canvas.vline(x, source.middle, target.middle)
        _arrive(canvas, target, x, left[i + 1], label, label_x)


def _wrap_hops(canvas: _Canvas, columns: _Columns, i: int, left: dict[int, int],
               bottom: int) -> None:
    """Hops from the last layer of a band to the first of the next: right, down under the
    band, back left and down into the next band. The topmost takes the outermost lanes,
    so the runs nest instead of crossing."""
    exit_x = left[i] + columns.width[i]
    hops = sorted(columns.out[i], key=lambda h: h[0].middle)
    for j, (source, target, label) in enumerate(hops):
        depth = len(hops) - 1 - j
        right, run, back = exit_x + 1 + depth, bottom + depth, depth
        _leave(canvas, source, left[i], exit_x)
        canvas.hline(source.middle, exit_x, right)
        canvas.vline(right, source.middle, run)
        canvas.hline(run, back, right)
        canvas.vline(back, run, target.middle)
        if label:
            canvas.text(back + 2, run, label[: max(0, right - back - 3)])
        _arrive(canvas, target, back, left[i + 1], "", 0)


def render_mermaid(source: str, *, max_label: int = 24, width: int = 80) -> list[str]:
    """Parse and draw a mermaid flowchart. Raises MermaidError on a line it cannot read."""
    return render_flowchart(parse_flowchart(source), max_label=max_label, width=width)
