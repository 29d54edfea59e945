"""The tutor's newest reply is wholly on screen after every submit, "I'm stuck" and continue.

Walked with the real local grader at the two sizes the snapshots use: the reply's length
(and so whether the scroll to it was made after it was laid out) is the grader's own.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from tests.tui.pilot_helpers import settle
from tests.tui.test_walkthrough import KNOWN_HELD, SOUND, WRONG_2, local_grader
from tutor.grading.protocol import Grader
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.widgets.conversation import TurnView

__all__ = ["local_grader"]  # the module-scoped fixture, loaded once

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
WRONG = {1: "Tokens are the letters of the alphabet.", 2: WRONG_2,
         3: "It counts how many words the sentence has.",
         4: "The model remembers every conversation it has ever had."}


async def _settled(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _newest_tutor_turn_out_of_view(screen: LessonScreen, after: str) -> str | None:
    """Why the newest tutor turn is not wholly in view, or None if it is."""
    turns = [t for t in screen.query(TurnView) if t.turn.speaker != "you"]
    if not turns:
        return f"after {after}: no tutor turn on the step"
    lesson = screen.query_one("#lesson", VerticalScroll)
    visible = lesson.scrollable_content_region
    shown = turns[-1].region
    if shown.area > 0 and visible.contains_region(shown):
        return None
    return (f"after {after}: the tutor's turn {shown} is not wholly inside {visible} "
            f"(scroll_y={lesson.scroll_y}, max={lesson.max_scroll_y})")


async def _assert_reply_in_view(pilot: Pilot[Any], screen: LessonScreen,
                                            after: str) -> None:
    # Pilot's idle wait can return while a loaded machine still has the frame to draw:
    # give the reply up to half a second (it is a scroll, not a poll for a slow grader).
    for _ in range(10):
        problem = _newest_tutor_turn_out_of_view(screen, after)
        if problem is None:
            return
        await pilot.pause(0.05)
    raise AssertionError(problem)


async def _submit(pilot: Pilot[Any], text: str) -> LessonScreen:
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    screen.answer.input.value = text
    await pilot.press("enter")
    return await _settled(pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_the_newest_tutor_reply_is_in_view(local_grader: Grader,
                                                 size: tuple[int, int]) -> None:
    app = TutorApp(grader=lambda: local_grader, grader_name="local")
    async with app.run_test(size=size) as pilot:
        screen = await _settled(pilot)
        for number in (1, 2, 3, 4):
            assert screen.driver.state.step_number == number
            screen = await _submit(pilot, WRONG[number])
            assert screen.driver.state.phase is Phase.AWAITING, f"step {number}: wrong passed"
            await _assert_reply_in_view(pilot, screen, f"a wrong answer on step {number}")
            await pilot.press("ctrl+g")
            screen = await _settled(pilot)
            await _assert_reply_in_view(pilot, screen, f"I'm stuck on step {number}")
            held = False
            if number in KNOWN_HELD:  # a known limit of the grader (test_walkthrough.py)
                screen = await _submit(pilot, SOUND[number])
                await _assert_reply_in_view(pilot, screen, f"a sound answer on step {number}")
                held = screen.driver.state.phase is Phase.AWAITING
            if number == 3 or held:  # climb to the explanation
                while screen.driver.state.phase is Phase.AWAITING:
                    await pilot.press("ctrl+g")
                    screen = await _settled(pilot)
                    await _assert_reply_in_view(pilot, screen, f"I'm stuck on step {number}")
                assert screen.driver.state.phase is Phase.REVEALED
            elif number not in KNOWN_HELD:
                screen = await _submit(pilot, SOUND[number])
                assert screen.driver.state.phase is Phase.PASSED, f"step {number}: held"
                await _assert_reply_in_view(pilot, screen, f"a sound answer on step {number}")
            await pilot.press("enter")
            screen = await _settled(pilot)
            # A new step starts at its top: its explanation, not the last step's talk.
            lesson = screen.query_one("#lesson", VerticalScroll)
            assert lesson.scroll_y == 0 and not list(screen.query(TurnView)), (
                f"continue after step {number}")


@pytest.mark.parametrize("size", SIZES)
async def test_a_resumed_step_shows_its_newest_tutor_reply(local_grader: Grader,
                                                           size: tuple[int, int]) -> None:
    # Found on the tmux walk at 80x24: after "Resume at step 4" the step's past was restored
    # but the view stopped at the learner's answer, the tutor's hint below the edge.
    from tutor.tui.screens.resume import ResumeScreen

    first = TutorApp(grader=lambda: local_grader, grader_name="local")
    async with first.run_test(size=size) as pilot:
        await _settled(pilot)
        await _submit(pilot, SOUND[1])
        await pilot.press("enter")
        screen = await _settled(pilot)
        screen = await _submit(pilot, WRONG[2])
        await pilot.press("ctrl+g")
        screen = await _settled(pilot)
        assert screen.driver.state.step_number == 2 and screen.driver.state.hints == 2
    again = TutorApp(grader=lambda: local_grader, grader_name="local")
    async with again.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeScreen)
        await pilot.press("enter")
        screen = await _settled(pilot)
        assert screen.driver.state.step_number == 2
        assert len([t for t in screen.query(TurnView) if t.turn.speaker == "hint"]) == 2
        await _assert_reply_in_view(pilot, screen, "resuming step 2")
