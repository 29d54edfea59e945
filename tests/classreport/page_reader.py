"""Read the numbers back off a class report page, and recount them from the results."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tutor.classreport.stats import GAMING_FLAGS, INJECTION_FLAGS
from tutor.lesson import Lesson, load_lesson

_CONTEXT = ("data-step", "data-idea", "data-misconception", "data-kind")


@dataclass
class PageNumbers:
    """Every `data-count` on the page, keyed by its context, and the learner grid."""

    counts: dict[tuple[tuple[str, str], ...], int] = field(default_factory=dict)
    grid: dict[str, list[str]] = field(default_factory=dict)  # learner -> cell class per step


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.numbers = PageNumbers()
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] | None = None
        self._in_grid = False
        self._row: list[str] | None = None
        self._name: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = {k: v or "" for k, v in attrs}
        if tag == "br":
            return
        self._stack.append((tag, got))
        if "data-count" in got:
            self._text = []
        if tag == "table" and got.get("id") == "learners":
            self._in_grid = True
        if self._in_grid and tag == "tr":
            self._row = []
        if self._in_grid and tag == "th" and "name" in got.get("class", "") \
                and self._row is not None:
            self._name = []
        if self._in_grid and tag == "td" and self._row is not None:
            self._row.append(got.get("class", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        while self._stack:
            open_tag, attrs = self._stack.pop()
            if "data-count" in attrs and self._text is not None:
                context = sorted((k, v) for _, a in self._stack for k, v in a.items()
                                 if k in _CONTEXT)
                key = (*context, ("count", attrs["data-count"]))
                assert key not in self.numbers.counts, f"two counts at {key}"
                self.numbers.counts[key] = int("".join(self._text))
                self._text = None
            if open_tag == "th" and self._name is not None:
                name = "".join(self._name)
                self._name = None
                if name != "learner":
                    self._current = name
            if open_tag == "tr" and self._in_grid and self._row is not None:
                if self._row:
                    self._row.pop()  # the last column counts steps advanced
                    self.numbers.grid[self._current] = self._row
                self._row = None
            if open_tag == "table" and self._in_grid:
                self._in_grid = False
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data.strip())
        if self._name is not None:
            self._name.append(data)


def read_page(html: str) -> PageNumbers:
    """The numbers a page shows."""
    reader = _Reader()
    reader.feed(html)
    return reader.numbers


def assert_page_matches(results: Path, page: Path) -> None:
    """Every count and grid cell on the page equals its recount from the JSON results."""
    data = json.loads(results.read_text(encoding="utf-8"))
    shown = read_page(page.read_text(encoding="utf-8"))
    expected = recount(data, load_lesson(data["lesson"]))
    assert shown.counts == expected.counts
    assert shown.grid == expected.grid


def recount(results: dict[str, Any], lesson: Lesson) -> PageNumbers:
    """The numbers the page should show, counted afresh from the JSON results."""
    rows = results["results"]
    graded = [r for r in rows if r["error"] is None]
    numbers = PageNumbers()
    c = numbers.counts
    c[(("count", "total"),)] = len(rows)
    c[(("count", "advanced"),)] = sum(r["decision"] == "advance" for r in graded)
    c[(("count", "held"),)] = sum(r["decision"] == "hint" for r in graded)
    c[(("count", "errors"),)] = len(rows) - len(graded)
    injection = {f.value for f in INJECTION_FLAGS}
    gaming = {f.value for f in GAMING_FLAGS}
    inj = sum(bool(set(r["flags"]) & injection) for r in rows)
    gam = sum(bool(set(r["flags"]) & gaming) for r in rows)
    c[(("count", "flagged"),)] = inj + gam
    c[(("data-kind", "injection"), ("count", "injection"))] = inj
    c[(("data-kind", "gaming"), ("count", "gaming"))] = gam
    empty = sum("empty" in r["flags"] for r in rows)
    if empty:
        c[(("count", "empty"),)] = empty
    learners = {r["learner"] for r in rows if r["learner"] is not None}
    if learners:
        c[(("count", "learners"),)] = len(learners)
    for step in lesson.steps:
        mine = [r for r in rows if r["step"] == step.number]
        ok = [r for r in mine if r["error"] is None]
        s = ("data-step", str(step.number))
        c[(s, ("count", "answered"))] = len(mine)
        c[(s, ("count", "advanced"))] = sum(r["decision"] == "advance" for r in ok)
        c[(s, ("count", "held"))] = sum(r["decision"] == "hint" for r in ok)
        c[(s, ("count", "errors"))] = len(mine) - len(ok)
        if ok:
            for i, idea in enumerate(step.expectations, start=1):
                key = (("data-idea", str(i)), s)
                c[(*key, ("count", "stated"))] = sum(idea in r["covered"] for r in ok)
                c[(*key, ("count", "graded"))] = len(ok)
        held = Counter(r["misconception"] for r in mine if r["misconception"])
        for i, m in enumerate(step.misconceptions, start=1):
            if held[m.text]:
                c[(("data-misconception", str(i)), s, ("count", "misconception"))] = held[m.text]
    for name in learners:
        cells = []
        for step in lesson.steps:
            theirs = [r for r in rows if r["learner"] == name and r["step"] == step.number]
            decisions = {r["decision"] for r in theirs}
            cells.append("advanced" if "advance" in decisions else "held" if "hint" in decisions
                         else "error" if theirs else "none")
        numbers.grid[name] = cells
    return numbers
