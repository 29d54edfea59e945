"""Mastery across sessions and the review, driven in the TUI with the real local grader.

The scripted session of issue #24: step 1 right at once; step 2 passed after two hints;
step 3 explained after the ladder. Then `tutor progress --json` (the real command, run by
typer's runner) ranks the steps' ideas, and a review that answers step 3 well raises it.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from typer.testing import CliRunner

from tests.tui.fakes import ScriptedGrader
from tests.tui.pilot_helpers import settle
from tests.tui.test_walkthrough import SOUND, WRONG_2, WRONG_2_AGAIN
from tutor.cli.commands import app as cli
from tutor.grading.protocol import Grader
from tutor.review import ReviewDriver
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.mastery_view import ReviewOffer
from tutor.tui.screens.summary import SummaryScreen

#: Step 2 passed on the third answer: one framing of the idea (any one is enough, `needs`).
PASS_2 = "Words with similar meanings get vectors that lie close together in the space."
#: Step 3's first idea, answered well in the review (its pump asks how "bank" decides).
REVIEW_3 = ("It looks at every other word and weighs how relevant each one is to “bank”, "
            "giving more weight to words like river or loan, and mixes their information in.")


@pytest.fixture(scope="module")
def local_grader() -> Grader:
    """One local grader for the module: the model is loaded once."""
    from tutor.grading.local.grader import LocalGrader

    return LocalGrader()


async def _screen(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen), screen
    return screen


async def _answer(pilot: Pilot[Any], text: str) -> LessonScreen:
    screen = await _screen(pilot)
    screen.answer.input.value = text
    await pilot.press("enter")
    return await _screen(pilot)


def _progress() -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["progress", "how-llms-work", "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def _steps(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    (lesson,) = data["lessons"]
    return {s["step"]: s for s in lesson["steps"]}


async def _scripted_session(grader: Grader) -> None:
    app = TutorApp(grader=lambda: grader, grader_name="local")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answer(pilot, SOUND[1])
        assert screen.driver.state.phase is Phase.PASSED
        await pilot.press("enter")
        for wrong in (WRONG_2, WRONG_2_AGAIN):
            screen = await _answer(pilot, wrong)
            assert screen.driver.state.phase is Phase.AWAITING
        screen = await _answer(pilot, PASS_2)
        assert screen.driver.state.phase is Phase.PASSED, screen.driver.state.last_verdict
        await pilot.press("enter")
        screen = await _screen(pilot)
        while screen.driver.state.phase is Phase.AWAITING:  # the ladder, to the explanation
            await pilot.press("ctrl+g")
            await pilot.pause()
        assert screen.driver.state.phase is Phase.REVEALED
        assert screen.driver.state.step_number == 3


async def test_progress_ranks_the_steps_and_a_review_raises_step_3(
        local_grader: Grader) -> None:
    await _scripted_session(local_grader)
    before = _steps(_progress())
    for number in (1, 2, 3):
        step = before[number]
        assert step["ideas"], step
        for idea in step["ideas"]:
            assert idea["step"] == number
            assert 0.0 <= idea["mastery"] <= 1.0
            assert {"attempts", "hints", "revealed"} <= idea.keys()
        assert 0.0 <= step["mastery"] <= 1.0
    assert (before[1]["attempts"], before[1]["hints"], before[1]["revealed"]) == (1, 0, 0)
    assert (before[2]["attempts"], before[2]["hints"], before[2]["revealed"]) == (3, 2, 0)
    assert (before[3]["attempts"], before[3]["hints"], before[3]["revealed"]) == (0, 3, 1)
    assert all(i["hints"] == 2 for i in before[2]["ideas"])
    assert all(i["revealed"] == 1 for i in before[3]["ideas"])
    lowest = {n: min(i["mastery"] for i in before[n]["ideas"]) for n in (1, 2, 3)}
    highest = {n: max(i["mastery"] for i in before[n]["ideas"]) for n in (1, 2, 3)}
    assert lowest[1] > highest[2] and lowest[2] > highest[3], before
    assert {i["band"] for i in before[1]["ideas"]} == {"solid"}
    assert {i["band"] for i in before[3]["ideas"]} == {"not yet"}
    text = CliRunner().invoke(cli, ["progress"]).output
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Step 2  Embeddings" in text and "not started" in text and "--review" in text

    # The review: step 3 first (the shakiest), on a short screen with the idea's pump.
    review = TutorApp(grader=lambda: local_grader, grader_name="local", review=True)
    async with review.run_test(size=(80, 24)) as pilot:
        screen = await _screen(pilot)
        driver = screen.driver
        assert isinstance(driver, ReviewDriver)
        assert driver.state.step_number == 3
        shown = driver.step(3)
        asked = driver.items[0].idea.idea
        lesson_step = driver.lesson.step(3)
        assert lesson_step is not None
        assert shown.question == next(s.pump for s in lesson_step.scripts if s.text == asked)
        assert shown.explanation == ""
        screen = await _answer(pilot, REVIEW_3)
        assert screen.driver.state.phase is Phase.PASSED, screen.driver.state.last_verdict
    after = _steps(_progress())
    (lesson,) = _progress()["lessons"]
    assert lesson["reviews"] == 1 and lesson["sessions"] == 1
    old = {i["idea"]: i for i in before[3]["ideas"]}
    new = {i["idea"]: i for i in after[3]["ideas"]}
    assert new[asked]["mastery"] > old[asked]["mastery"]
    assert new[asked]["attempts"] == 1
    assert after[3]["mastery"] > before[3]["mastery"]
    # The other steps are as they were.
    assert after[1] == before[1]


async def test_a_finished_lesson_with_shaky_ideas_offers_a_review() -> None:
    grader = ScriptedGrader()
    app = TutorApp(grader=lambda: grader, grader_name="scripted")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(7):  # every step explained after the ladder
            screen = await _screen(pilot)
            while screen.driver.state.phase is Phase.AWAITING:
                await pilot.press("ctrl+g")
                await pilot.pause()
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        console = Console(record=True, width=80, file=io.StringIO())
        console.print(app.screen.query_one("#mastery", Static).content)
        shown = console.export_text()
        assert "not yet" in shown and "How sure you are of each idea" in shown
        assert "Subword tokens balance the size of the vocabulary" in shown

    again = TutorApp(grader=lambda: grader, grader_name="scripted")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ReviewOffer)
        assert len(again.screen.items) == 5  # a short review: at most five, one per step
        await pilot.press("s")  # start over instead
        screen = await _screen(pilot)
        assert not isinstance(screen.driver, ReviewDriver)
        assert screen.driver.state.step_number == 1


def test_review_with_nothing_to_review_says_so() -> None:
    result = CliRunner().invoke(cli, ["start", "how-llms-work", "--review"])
    assert result.exit_code == 0
    assert "Nothing to review in how-llms-work" in result.output


def test_progress_with_no_sessions() -> None:
    result = CliRunner().invoke(cli, ["progress"])
    assert result.exit_code == 0
    assert "No progress yet" in result.output
    result = CliRunner().invoke(cli, ["progress", "--json"])
    assert json.loads(result.output) == {"format": "tutor-progress/1", "lessons": []}
    result = CliRunner().invoke(cli, ["progress", "no-such-lesson"])
    assert result.exit_code != 0
