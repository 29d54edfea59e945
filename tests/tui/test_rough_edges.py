"""The rough edges a new learner hit in the lesson screen (issue 17), each checked here."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot
from textual.widgets._toast import Toast

from tests.tui.fakes import ScriptedGrader
from tests.tui.long_answer import PASTED_ESSAY
from tests.tui.pilot_helpers import settle
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.widgets.answer import AnswerBox
from tutor.tui.widgets.conversation import TurnView


def _app(grader: ScriptedGrader | None = None) -> TutorApp:
    chosen = grader or ScriptedGrader()
    return TutorApp(grader=lambda: chosen)


async def _ready(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def test_a_notice_leaves_the_answer_box_and_its_buttons_in_sight() -> None:
    app = _app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _ready(pilot)
        await pilot.press("enter")  # nothing written yet
        await settle(pilot)
        await pilot.pause()
        toasts = list(screen.query(Toast))
        assert toasts and "Write an answer first" in str(toasts[0].render())
        box = screen.query_one(AnswerBox).region
        for toast in toasts:
            assert toast.region.area and not toast.region.overlaps(box), (
                f"the notice {toast.region} covers the answer box {box}")


async def test_a_long_paste_is_kept_and_only_called_too_long() -> None:
    grader = ScriptedGrader()
    app = _app(grader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        screen.answer.input.value = PASTED_ESSAY  # a paste arrives in one piece
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert grader.requests == []  # not sent to a grader
        assert screen.answer.input.value == PASTED_ESSAY  # nothing lost
        you, tutor = [view.turn for view in screen.query(TurnView)]
        assert you.speaker == "you" and len(you.text) < 200 and you.text.endswith("…")
        assert PASTED_ESSAY.startswith(you.text[:-1])
        assert f"{len(PASTED_ESSAY):,} characters long" in tutor.text
        assert "gibberish" not in tutor.text and "words" not in tutor.text.split("limit")[0]
        assert screen.driver.state.phase is Phase.AWAITING
        assert screen.driver.state.hints == 0 and screen.driver.state.attempts == 0
        submits = [json.loads(line)["event"] for line in
                   screen.driver.transcript.path.read_text().splitlines()[1:]
                   if json.loads(line)["kind"] == "event"]
        assert {"type": "submit", "answer": PASTED_ESSAY} in submits  # on disk, whole
