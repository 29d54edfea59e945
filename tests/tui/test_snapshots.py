"""Layout snapshots at 80×24 and 120×40 (a scripted grader, so nothing depends on a model).

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after checking the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.fakes import ScriptedGrader, WordedGrader
from tests.tui.pilot_helpers import settle
from tutor.lesson_summary import LessonSummary, StepSummary
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.screens.summary import SummaryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


def _app() -> TutorApp:
    grader = ScriptedGrader()
    return TutorApp(grader=lambda: grader)


def _worded_app() -> TutorApp:
    """The local grader's own words (feedback and the script's question) on fixed decisions."""
    grader = WordedGrader()
    return TutorApp(grader=lambda: grader)


async def _settle(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False  # a blinking cursor would make the picture depend on timing


async def _answer(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text, "enter")
    await _settle(pilot)


async def _go_to_step(pilot: Pilot[Any], number: int) -> None:
    await _settle(pilot)
    for _ in range(number - 1):
        await _answer(pilot, "because")
        await pilot.press("enter")
        await _settle(pilot)
    assert isinstance(pilot.app.screen, LessonScreen)
    assert pilot.app.screen.driver.state.step_number == number


def _at(number: int, *then: Callable[[Pilot[Any]], Awaitable[None]]
        ) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await _go_to_step(pilot, number)
        for action in then:
            await action(pilot)
        await _settle(pilot)
    return run


@pytest.mark.parametrize("size", SIZES)
def test_step_screen(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_at(1))


@pytest.mark.parametrize("size", SIZES)
def test_hint(snap_compare: Compare, size: tuple[int, int]) -> None:
    async def wrong(pilot: Pilot[Any]) -> None:
        await _answer(pilot, "tokens are pieces")
    assert snap_compare(_app(), terminal_size=size, run_before=_at(1, wrong))


@pytest.mark.parametrize("size", SIZES)
def test_hint_reply(snap_compare: Compare, size: tuple[int, int]) -> None:
    """A weak answer: no praise, and the script's pump for the first missing idea."""
    async def weak(pilot: Pilot[Any]) -> None:
        await _answer(pilot, "tokens are pieces")
    assert snap_compare(_worded_app(), terminal_size=size, run_before=_at(1, weak))


@pytest.mark.parametrize("size", SIZES)
def test_misconception_reply(snap_compare: Compare, size: tuple[int, int]) -> None:
    """A stated misconception: named in the learner's words, then its own question."""
    async def mixed_up(pilot: Pilot[Any]) -> None:
        await _answer(pilot, "The model lies on purpose.")
    assert snap_compare(_worded_app(), terminal_size=size, run_before=_at(6, mixed_up))


async def _toggle_aside(pilot: Pilot[Any], key: str) -> None:
    if pilot.app.size.width < 100:  # the aside starts closed on a narrow terminal
        await pilot.press(key)


@pytest.mark.parametrize("size", SIZES)
def test_card(snap_compare: Compare, size: tuple[int, int]) -> None:
    async def card(pilot: Pilot[Any]) -> None:
        await _toggle_aside(pilot, "ctrl+o")
    assert snap_compare(_app(), terminal_size=size, run_before=_at(2, card))


@pytest.mark.parametrize("size", SIZES)
def test_diagram(snap_compare: Compare, size: tuple[int, int]) -> None:
    async def diagram(pilot: Pilot[Any]) -> None:
        await _toggle_aside(pilot, "ctrl+r")
        if pilot.app.size.width >= 100:
            await pilot.press("ctrl+o")  # card off: the diagram alone
    assert snap_compare(_app(), terminal_size=size, run_before=_at(3, diagram))


@pytest.mark.parametrize("size", SIZES)
def test_buttons(snap_compare: Compare, size: tuple[int, int]) -> None:
    async def choose(pilot: Pilot[Any]) -> None:
        await pilot.click("#choice-1")
    assert snap_compare(_app(), terminal_size=size, run_before=_at(7, choose))


class _SummaryApp(App[None]):
    """The summary screen with fixed figures (time included)."""

    def compose(self) -> ComposeResult:
        return iter(())

    def on_mount(self) -> None:
        rows = [StepSummary(number=n, title=t, outcome=o, attempts=a, hints=h, first_try=f,
                            asked=2 if n == 3 else 0,  # step 3: two of its hints asked for
                            idea=f"The idea step {n} taught, in a sentence or two.")
                for n, t, o, a, h, f in [
                    (1, "Tokenization — Breaking Text into Pieces", "passed", 1, 0, True),
                    (2, "Embeddings — From Tokens to Numbers", "passed", 2, 1, False),
                    (3, "Attention — The Core Mechanism", "revealed", 3, 3, False),
                    (4, "Context Windows — Memory Limits", "passed", 1, 0, True),
                    (5, "Next-Token Prediction and Temperature", "passed", 1, 0, True),
                    (6, "Why LLMs Hallucinate", "skipped", 0, 0, False),
                    (7, "Choosing the Right Model", "passed", 2, 1, False)]]
        self.push_screen(SummaryScreen(LessonSummary(
            lesson_title="How LLMs Work — Walkthrough", steps=rows, seconds=754)))


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(_SummaryApp(), terminal_size=size)
