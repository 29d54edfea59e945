"""What a learner tripped on in issue 23 (the TUI points), each as they meet it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast

from tests.tui.fakes import ScriptedGrader
from tests.tui.pilot_helpers import settle
from tutor.grading.terms import Rung
from tutor.harness.transcript_format import load_transcript
from tutor.session import Phase, RequestGrade
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.screens.go_to import GoToScreen
from tutor.tui.screens.summary import SummaryScreen
from tutor.tui.widgets.conversation import TurnView


def _app(grader: ScriptedGrader) -> TutorApp:
    return TutorApp(grader=lambda: grader)


async def _ready(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def _type(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def _pass(pilot: Pilot[Any], screen: LessonScreen) -> None:
    """Answer the current step so that the scripted grader passes it."""
    if screen.step is not None and screen.step.buttons is not None:
        await pilot.click("#choice-1")  # the expected option of the bundled lesson
        screen.answer.focus_answer()
    await _type(pilot, "because")
    await pilot.press("enter")
    await settle(pilot)
    assert screen.driver.state.phase is Phase.PASSED


def _request(number: int, answer: str) -> RequestGrade:
    return RequestGrade(attempt_id=99, number=number, answer=answer, rung=Rung.PUMP,
                        attempt=1, choice=None)


def _status(screen: LessonScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def _toasts(screen: LessonScreen) -> str:
    return " ".join(str(t.render()) for t in screen.app.screen.query(Toast))


def _notes(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]
    return [r["note"] for r in lines if r["kind"] == "note"]


def _events(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]
    return [r["event"] for r in lines if r["kind"] == "event"]


async def test_text_typed_after_a_pass_is_kept_with_the_step_and_not_sent_on() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _pass(pilot, screen)
        await _type(pilot, "and also rare words")
        await pilot.press("enter")
        await settle(pilot)
        # Still on step 1: the text is a turn of it, recorded, and said to be kept.
        assert screen.driver.state.step_number == 1
        kept = screen.query(TurnView).last()
        assert kept.turn.speaker == "you" and kept.turn.text == "and also rare words"
        assert "not graded" in kept.turn.detail
        assert "Kept what you typed" in _status(screen)
        assert screen.answer.text == ""
        path = screen.driver.transcript.path
        assert {"kind": "remark", "step": 1, "text": "and also rare words"} in _notes(path)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.driver.state.step_number == 2
        assert screen.answer.text == ""
        assert len(grader.requests) == 1  # never sent to the grader, for step 1 or 2
        assert screen.driver.state.phase is Phase.AWAITING


async def test_a_remark_comes_back_with_its_step_after_a_resume(tmp_path: Path) -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _pass(pilot, screen)
        await _type(pilot, "an afterthought")
        await pilot.press("enter")
        await settle(pilot)
    from tutor.driver import SessionDriver
    from tutor.lesson import load_lesson

    lesson = load_lesson("how-llms-work")
    point = SessionDriver.resumable(lesson)
    assert point is not None
    driver, _ = SessionDriver.resume(lesson, lambda: grader, point)
    assert driver.turns(1)[-1].text == "an afterthought"


async def test_the_long_editor_closes_when_the_step_changes() -> None:
    async with _app(ScriptedGrader()).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.answer.editing
        await _type(pilot, "because")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # after the pass, Enter goes on from the editor too
        await settle(pilot)
        await pilot.pause()
        assert screen.driver.state.step_number == 2
        assert not screen.answer.editing
        assert screen.answer.input.has_focus
        # the end of the new Question is on screen, not under the editor
        question = screen.query_one("#question")
        lesson = screen.query_one("#lesson")
        assert question.region.bottom <= lesson.region.bottom


async def _to_step_three(pilot: Pilot[Any], screen: LessonScreen) -> None:
    for _ in range(2):
        await _pass(pilot, screen)
        await pilot.press("enter")
        await settle(pilot)
    assert screen.driver.state.step_number == 3


async def test_going_back_to_an_earlier_step_redoes_it_and_returns() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert not screen.go_to_targets()  # step 1: nothing to go back to, key hidden
        assert "ctrl+f" not in {b.binding.key for b in screen.active_bindings.values()
                                if b.enabled}
        await _to_step_three(pilot, screen)
        footer = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert "ctrl+f" in footer
        await _type(pilot, "half a thought")
        await pilot.press("ctrl+f")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, GoToScreen)
        options = picker.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            "1", "2"]
        await pilot.press("up", "enter")  # the step before is highlighted; up: step 1
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.driver.state.step_number == 1
        assert "Redoing step 1" in _status(screen)
        assert not list(screen.query(TurnView))  # a fresh visit: the Question in view
        await pilot.press(*"no idea", "enter")
        await settle(pilot)
        await _pass(pilot, screen)
        assert "go on to step 3" in _status(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.driver.state.step_number == 3
        assert screen.answer.text == "half a thought"  # what was typed there is back
        record = screen.driver.state.records[0]
        assert (record.outcome, record.attempts, record.hints) == ("passed", 3, 1)
        events = _events(screen.driver.transcript.path)
        assert {"type": "go_to", "step": 1} in events


async def test_a_step_can_be_gone_to_from_the_command_palette() -> None:
    async with _app(ScriptedGrader()).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _to_step_three(pilot, screen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await _type(pilot, "go to step 2")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.driver.state.step_number == 2


async def test_transcripts_with_and_without_a_step_gone_back_to_read_in_the_harness() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _to_step_three(pilot, screen)
        screen.go_to(1)
        await settle(pilot)
        fresh = screen.driver.request_for(_request(1, "a wrong idea")).previous
        await pilot.press(*"a wrong idea", "enter")
        await settle(pilot)
        path = screen.driver.transcript.path
    text = path.read_text()
    labelled = []
    for raw in text.splitlines():
        record = json.loads(raw)
        if record.get("kind") == "event" and record["event"]["type"] == "submit":
            record["label"] = "hint"
        labelled.append(json.dumps(record))
    warnings: list[str] = []
    items = load_transcript(path, "\n".join(labelled), warnings)
    assert [(i.step, i.attempt) for i in items] == [("1", 1), ("2", 1), ("1", 1)]
    redo = items[-1].request
    assert redo.answer == "a wrong idea"
    assert redo.previous == fresh == []  # a redo starts afresh, in the driver as here
    assert not warnings
    # an old transcript (no go_to, no remark) still reads as before
    cut = next(i for i, line in enumerate(labelled) if '"go_to"' in line)
    assert len(load_transcript(path, "\n".join(labelled[:cut]), [])) == 2


async def test_stuck_after_a_pass_says_why_and_the_palette_offers_only_what_works() -> None:
    async with _app(ScriptedGrader()).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _ready(pilot)
        titles = [t for t, _, _ in screen.palette_commands()]
        assert "Diagram" not in titles and "Concept card" not in titles  # step 1 has none
        assert "Lab" in titles and "I'm stuck" in titles
        await pilot.press("ctrl+r")  # no diagram here: it says so
        await pilot.pause()
        assert "This step has no diagram" in _toasts(screen)
        await _pass(pilot, screen)
        assert "I'm stuck" not in [t for t, _, _ in screen.palette_commands()]
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "no hint needed" in _toasts(screen)
        assert screen.driver.state.records[0].hints == 0


async def test_a_wrong_pick_gets_a_question_before_any_reason_is_typed() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        while screen.driver.state.step_number != 7:
            await _pass(pilot, screen)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.click("#choice-0")  # "Classify tickets": not the expected pick
        await pilot.pause()
        turn = screen.query(TurnView).last()
        assert turn.turn.speaker == "tutor" and "Classify tickets" in turn.turn.text
        assert "Technical architecture" not in turn.turn.text
        assert "answer the question above" in _status(screen)
        assert not grader.requests[6:]  # nothing graded: no reason typed yet
        notes = _notes(screen.driver.transcript.path)
        assert notes[-1]["kind"] == "choice" and notes[-1]["option"] == "Classify tickets"
        count = len(list(screen.query(TurnView)))
        await pilot.click("#choice-1")  # the expected pick: no question
        await pilot.pause()
        assert len(list(screen.query(TurnView))) == count


async def test_the_summary_counts_hints_asked_for_apart_from_the_others() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("ctrl+g")  # asked for
        await settle(pilot)
        await pilot.press(*"no idea", "enter")  # a hint with the reply
        await settle(pilot)
        await pilot.press(*"again no", "enter")
        await settle(pilot)
        summary = screen.driver.summary()
        assert (summary.hints, summary.asked) == (3, 1)
        assert (summary.steps[0].hints, summary.steps[0].asked) == (3, 1)
        pilot.app.push_screen(SummaryScreen(summary))
        await pilot.pause()
        totals = str(pilot.app.screen.query_one("#totals", Static).render())
        assert "1 hint you asked for, 2 given after an answer" in totals


async def test_the_first_hint_on_a_step_with_a_card_offers_the_card() -> None:
    async with _app(ScriptedGrader()).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _pass(pilot, screen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step is not None and screen.step.cards  # step 2: Embeddings
        assert "concept card" not in _status(screen)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "The concept card may help: ctrl+o" in _status(screen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        pilot.app.screen.dismiss(None)
        await pilot.pause()
        assert "concept card" not in _status(screen)
        await pilot.press("ctrl+g")  # the card was offered once this visit: not again
        await settle(pilot)
        assert screen.driver.state.hints == 2
        assert "concept card" not in _status(screen)


async def test_no_card_offer_where_the_card_is_already_beside_the_step() -> None:
    async with _app(ScriptedGrader()).run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)
        await _pass(pilot, screen)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "concept card" not in _status(screen)


async def test_a_session_gone_back_to_step_one_is_still_offered_to_resume() -> None:
    from tutor.driver import SessionDriver
    from tutor.lesson import load_lesson

    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await _to_step_three(pilot, screen)
        screen.go_to(1)
        await settle(pilot)
        assert screen.driver.state.index == 0
    lesson = load_lesson("how-llms-work")
    point = SessionDriver.resumable(lesson)
    assert point is not None and point.step_number == 1
    driver, _ = SessionDriver.resume(lesson, lambda: grader, point)
    assert driver.state.reached == 2 and driver.turns(1) == []  # the redo, afresh


async def test_text_typed_after_an_explanation_is_kept_too() -> None:
    grader = ScriptedGrader()
    async with _app(grader).run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        for _ in range(4):  # three hints, then the explanation
            await pilot.press("ctrl+g")
            await settle(pilot)
        assert screen.driver.state.phase is Phase.REVEALED
        await _type(pilot, "oh, I see")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.driver.state.step_number == 1
        assert screen.query(TurnView).last().turn.text == "oh, I see"
        assert grader.requests == []


def test_the_status_line_says_where_enter_leads_after_a_step_redone() -> None:
    from tutor.grading.verdict import Decision, Verdict
    from tutor.session import Continue, Event, GoTo, Shown, Start, State, Submit, VerdictReady
    from tutor.session import transition as step
    from tutor.tui.status import status_line

    passed = Verdict(decision=Decision.ADVANCE, score=1.0)
    events: list[Event] = [
        Start(lesson="l", content_hash="h", steps=(1, 2, 3)), Shown(), Submit(answer="x"),
        VerdictReady(attempt_id=1, verdict=passed), Continue(), Shown(), Submit(answer="x"),
        VerdictReady(attempt_id=2, verdict=passed), Continue(), GoTo(step=1), Shown()]
    state = State()
    for event in events:
        state, _ = step(state, event)
    assert status_line(state, editing=False, offer_card=False, last_step=False) == (
        "Redoing step 1: answer again, then Enter.")
    for event in (Submit(answer="y"), VerdictReady(attempt_id=3, verdict=passed)):
        state, _ = step(state, event)
    assert status_line(state, editing=False, offer_card=False, last_step=False) == (
        "✓ Passed — press Enter to go on to step 3.")  # step 2 was done: back to step 3


def test_the_status_line_asks_for_a_pick_first_on_a_buttons_step() -> None:
    from tutor.session import Choose, Shown, Start, State
    from tutor.session import transition as step
    from tutor.tui.status import status_line

    state = State()
    for event in (Start(lesson="l", content_hash="h", steps=(1, 2), choose_first=(1,)),
                  Shown()):
        state, _ = step(state, event)
    assert status_line(state, editing=False, offer_card=False, last_step=False).startswith(
        "Pick an option above first")
    state, _ = step(state, Choose(option="A"))
    assert status_line(state, editing=False, offer_card=False, last_step=False) == (
        "Answer the question, then Enter. Stuck? ctrl+g.")
