"""The review's screens at 80×24: the offer on start and a review question (scripted grader).

Update with `pytest tests/tui/test_mastery_snapshots.py --snapshot-update` after checking
the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.fakes import ScriptedGrader
from tests.tui.pilot_helpers import settle
from tutor.driver import SessionDriver
from tutor.lesson import load_lesson
from tutor.session import Continue, Phase, Shown, Stuck
from tutor.tui.app import TutorApp

Compare = Callable[..., bool]


def _finish_by_explanations() -> None:
    """A finished session in which every step was explained: every idea is not yet."""
    grader = ScriptedGrader()
    driver, _ = SessionDriver.new(load_lesson(), lambda: grader)
    while not driver.complete:
        driver.apply(Shown())
        while driver.state.phase is Phase.AWAITING:
            driver.apply(Stuck())
        driver.apply(Continue())


async def _still(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


def test_review_offer(snap_compare: Compare) -> None:
    _finish_by_explanations()
    grader = ScriptedGrader()
    assert snap_compare(TutorApp(grader=lambda: grader), terminal_size=(80, 24),
                        run_before=_still)


def test_review_question_and_a_hint(snap_compare: Compare) -> None:
    _finish_by_explanations()
    grader = ScriptedGrader()

    async def answer(pilot: Pilot[Any]) -> None:
        await _still(pilot)
        await pilot.press(*"tokens", "enter")
        await _still(pilot)

    assert snap_compare(TutorApp(grader=lambda: grader, review=True), terminal_size=(80, 24),
                        run_before=answer)
