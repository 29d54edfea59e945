"""The TUI's behaviour around the walk: errors as notifications, the editor, labs, themes.

These use a scripted grader (an implementation of the Grader protocol with fixed
replies); the walk through the seed lesson with the real local grader is in
test_walkthrough.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui.fakes import ScriptedGrader
from tests.tui.pilot_helpers import settle
from tests.tui.test_driver import DownGrader
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.screens.error import ErrorScreen
from tutor.tui.widgets.celebration import Celebration
from tutor.tui.widgets.conversation import TurnView


def _app(grader: ScriptedGrader | None = None, lesson: str | Path = "how-llms-work") -> TutorApp:
    chosen = grader or ScriptedGrader()
    return TutorApp(lesson, grader=lambda: chosen)


async def _ready(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _notes(app: TutorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_broken_lesson_shows_the_lesson_check_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("# Broken\n\n## Step 1: Only a title\n\nSome text.\n")
    app = _app(lesson=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        text = str(app.screen.query_one("#error").render())
        assert "broken.md:" in text and "Question" in text
        assert any("error" in n for n in _notes(app))


async def test_a_missing_lesson_names_what_was_asked_for() -> None:
    app = _app(lesson="no-such-lesson")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "no-such-lesson" in app.screen.error.message


async def test_fallback_to_the_local_grader_is_announced() -> None:
    app = _app(ScriptedGrader(fallback_from="claude"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press(*"because of vocabulary", "enter")
        await settle(pilot)
        await pilot.pause()
        assert any("claude grader could not be reached (connection refused)" in n
                   for n in _notes(app))


async def test_an_unreachable_grader_keeps_the_answer_in_the_box() -> None:
    app = _app(DownGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press(*"my careful answer", "enter")
        await settle(pilot)
        await pilot.pause()
        assert screen.answer.input.value == "my careful answer"
        assert screen.driver.state.phase is Phase.AWAITING
        assert any("Could not grade your answer" in n for n in _notes(app))


async def test_a_full_disk_is_a_notification_and_the_answer_stays(tmp_path: Path) -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        screen.driver.transcript.path = tmp_path  # a folder: appends fail as on a full disk
        await pilot.press(*"an answer", "enter")
        await pilot.pause()
        assert screen.answer.input.value == "an answer"
        assert any("cannot write the transcript" in n for n in _notes(app))


async def test_the_long_answer_editor_sends_several_lines() -> None:
    grader = ScriptedGrader()
    app = _app(grader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press(*"first line", "ctrl+n")
        await pilot.pause()
        editor = screen.answer.editor
        assert editor is not None and editor.has_focus and editor.text == "first line"
        await pilot.press("enter", *"because second line", "ctrl+s")
        await settle(pilot)
        assert grader.requests[-1].answer == "first line\nbecause second line"
        assert screen.driver.state.phase is Phase.PASSED


async def test_enter_with_nothing_written_asks_for_an_answer() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("enter")  # nothing written yet
        await pilot.pause()
        assert screen.driver.state.phase is Phase.AWAITING
        assert any("Write an answer first" in n for n in _notes(app))


async def test_the_lab_summary_is_noted_and_given_to_the_grader() -> None:
    grader = ScriptedGrader()
    app = _app(grader)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert type(app.screen).__name__ == "TokenizerLab"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        notes = [json.loads(line) for line in
                 screen.driver.transcript.path.read_text().splitlines()[1:]]
        labs = [r["note"] for r in notes if r["kind"] == "note" and r["note"]["kind"] == "lab"]
        assert labs and labs[0]["lab"] == "tokenizer"
        assert any(view.turn.speaker == "note" for view in screen.query(TurnView))
        await pilot.press(*"because", "enter")
        await settle(pilot)
        assert grader.requests[-1].lab_notes == labs[0]["summary"]


async def test_the_celebration_ends_by_itself() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        screen.mount(Celebration("Step 7 passed!"))
        await pilot.pause()
        assert screen.query(Celebration)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert not screen.query(Celebration)


async def test_theme_toggles_between_dark_and_light() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark


async def test_the_command_palette_offers_the_lesson_actions() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        for title in ("I'm stuck", "Lab", "Long answer"):
            assert title in titles
        # Step 1 has no card and no diagram: the palette does not offer them (issue 23).
        assert "Concept card" not in titles and "Diagram" not in titles
        for _ in range(2):
            await pilot.press(*"because", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert screen.driver.state.step_number == 3  # a card and a diagram
        for title in ("I'm stuck", "Concept card", "Diagram", "Long answer",
                      "Go to step 1: Tokenization — Breaking Text into Pieces"):
            assert title in titles, titles


async def test_resume_says_when_the_lesson_changed(tmp_path: Path) -> None:
    from tests.conftest import SEED
    from tutor.tui.screens.resume import ResumeScreen

    lesson = tmp_path / "how-llms-work.md"
    lesson.write_text(SEED.read_text())
    first = _app(lesson=lesson)
    async with first.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press(*"because", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
    lesson.write_text(SEED.read_text().replace("subword units", "subword pieces"))
    again = _app(lesson=lesson)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offer = again.screen
        assert isinstance(offer, ResumeScreen) and offer.step_number == 2 and offer.changed
        assert offer.query("#changed")


async def test_leaving_the_error_screen_exits_with_the_error_code(tmp_path: Path) -> None:
    app = _app(lesson=tmp_path / "missing.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("q")
    assert app.return_code == 2


async def test_stuck_climbs_the_ladder_then_explains_and_enter_continues() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        for _ in range(3):
            await pilot.press("ctrl+g")
        await pilot.click("#stuck")
        await pilot.pause()
        assert screen.driver.state.phase is Phase.REVEALED
        turns = screen.driver.turns(1)
        assert [t.speaker for t in turns] == ["hint", "hint", "hint", "reveal"]
        assert len({t.text for t in turns}) == 4  # each rung says something new
        # the reveal explains the Checkpoint (with a script, in its assertions)
        assert "no word is ever" in turns[-1].text.casefold()
        notes = [json.loads(line)["note"] for line in
                 screen.driver.transcript.path.read_text().splitlines()[1:]
                 if json.loads(line)["kind"] == "note"]
        assert [n["rung"] for n in notes if n["kind"] == "hint"] == ["pump", "hint", "prompt"]
        assert [n["kind"] for n in notes][-1] == "reveal"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.driver.state.step_number == 2


async def test_a_buttons_step_asks_for_a_choice_before_grading_and_keeps_the_reasons() -> None:
    grader = ScriptedGrader()
    app = _app(grader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        for _ in range(6):  # to step 7, the buttons step
            await pilot.press(*"because", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert screen.driver.state.step_number == 7
        graded = len(grader.requests)
        await pilot.press(*"large models reason better", "enter")
        await settle(pilot)
        await pilot.pause()
        assert len(grader.requests) == graded, "graded with no option chosen"
        assert any("Pick one of the options first" in n for n in _notes(app))
        assert screen.answer.text == "large models reason better"
        await pilot.click("#choice-1")
        screen.answer.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert grader.requests[-1].choice == "Technical architecture"
        assert grader.requests[-1].answer == "large models reason better"
