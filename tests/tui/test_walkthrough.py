"""Walk the whole seed lesson in the TUI with the real local grader (no network, no key).

The answers are what a careful tutor would pass (sound) or hold (wrong); if the local
grader misjudges one, that is a finding about the grader, not a reason to bend the answer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.pilot_helpers import settle
from tutor.grading.protocol import Grader
from tutor.grading.source import GraderSource
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.screens.resume import ResumeScreen
from tutor.tui.screens.summary import SummaryScreen
from tutor.tui.widgets.celebration import Celebration

SOUND = {
    1: "Subword tokens balance vocabulary size against coverage: common words get a single "
       "token, rare words are split into smaller pieces, so no word is ever unknown. Whole "
       "words would need a huge vocabulary and still miss new words; single characters make "
       "sequences very long.",
    2: "Embeddings capture meaning, not spelling: words with similar meanings get similar "
       "vectors, and relationships such as male to female become consistent directions in "
       "the vector space, which is why king - man + woman lands near queen.",
    3: "Attention lets each token weigh how relevant every other token is and mix in their "
       "information, so 'bank' uses 'river' or 'loan' to resolve its meaning from context. "
       "Reading only left to right without attention, the model would struggle with "
       "long-range dependencies.",
    4: "The model has no memory beyond its context window: anything outside it is gone, and "
       "even inside a very long context, details in the middle get less attention (lost in "
       "the middle). 100K tokens is about 77K words, roughly 250 pages.",
    5: "Temperature 0 is deterministic and focused, good for factual questions; a higher "
       "temperature adds variety, which helps creative writing; a very high temperature "
       "makes the text incoherent.",
    6: "LLMs have no knowledge store to look facts up in; they complete patterns from their "
       "training data, and 'I don't know' is rarely the most probable continuation, so they "
       "produce a plausible-sounding answer confidently. RLHF helps but does not remove it.",
    7: "Small fast models suit simple high-volume tasks like classifying tickets or short "
       "translations; large models are for complex reasoning and generation like the "
       "architecture document. In production cost and latency matter as much as capability.",
}
#: Sound answers the shipped local grader holds: a known limit, recorded as a strict xfail in
#: tests/grading/test_local_grader.py (the judge reads "meaning, not spelling" as going
#: against step 2's Checkpoint; 0.56 against a cut of 0.57). The walk takes the ladder to the
#: explanation there instead, so the rest of the lesson is still walked.
KNOWN_HELD = {2}
WRONG_2 = "Embeddings store how each word is spelled, letter by letter."
WRONG_2_AGAIN = "They are the spelling of the word written as numbers."


@pytest.fixture(scope="module")
def local_grader() -> Grader:
    """One local grader for the module: the model is loaded once."""
    grader_module = pytest.importorskip("tutor.grading.local.grader",
                                        reason="the local grader has not landed yet")
    LocalGrader = grader_module.LocalGrader

    return LocalGrader()


def _source(grader: Grader) -> GraderSource:
    return lambda: grader


async def _settle(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.pause()


async def _screen(pilot: Pilot[Any]) -> LessonScreen:
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def _answer(pilot: Pilot[Any], text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    screen.answer.input.value = text  # typing 300 characters key by key adds nothing here
    await pilot.press("enter")
    await _settle(pilot)


def _records(screen: LessonScreen) -> list[dict[str, Any]]:
    lines = screen.driver.transcript.path.read_text().splitlines()[1:]
    return [json.loads(line) for line in lines]


async def _pass(pilot: Pilot[Any], number: int) -> None:
    screen = await _screen(pilot)
    assert screen.driver.state.step_number == number
    await _answer(pilot, SOUND[number])
    verdict = screen.driver.state.last_verdict
    if number in KNOWN_HELD and screen.driver.state.phase is Phase.AWAITING:
        while screen.driver.state.phase is Phase.AWAITING:  # the ladder, to the explanation
            await pilot.press("ctrl+g")
            await _settle(pilot)
        assert screen.driver.state.phase is Phase.REVEALED
        return
    assert screen.driver.state.phase is Phase.PASSED, (
        f"step {number}: a sound answer was held: {verdict}")


async def _continue(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await _settle(pilot)


async def test_walk_the_whole_seed_lesson(local_grader: Grader) -> None:
    app = TutorApp(grader=_source(local_grader), grader_name="local")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        screen = await _screen(pilot)
        assert app.focused is screen.answer.input  # the answer box is ready on step 1

        # Step 1: a sound answer advances on the first try; Enter continues.
        await _pass(pilot, 1)
        await _continue(pilot)

        # Step 2: wrong answers get hints that climb the ladder, then a sound one passes.
        assert screen.driver.state.step_number == 2
        await _answer(pilot, WRONG_2)
        assert screen.driver.state.phase is Phase.AWAITING
        await _answer(pilot, WRONG_2_AGAIN)
        hints = [r["note"] for r in _records(screen)
                 if r["kind"] == "note" and r["note"]["kind"] == "hint"]
        assert [h["rung"] for h in hints] == ["pump", "hint"]
        assert all(h["text"] for h in hints)
        await _pass(pilot, 2)
        await _continue(pilot)

        # Step 3: "I'm stuck" climbs the ladder; after the last rung the tutor explains.
        for _ in range(3):
            await pilot.press("ctrl+g")
            await pilot.pause()
        assert screen.driver.state.hints == 3
        await pilot.click("#stuck")
        await _settle(pilot)
        assert screen.driver.state.phase is Phase.REVEALED
        speakers = [t.speaker for t in screen.driver.turns(3)]
        assert speakers == ["hint", "hint", "hint", "reveal"]
        await _continue(pilot)

        for number in (4, 5, 6):
            await _pass(pilot, number)
            await _continue(pilot)

        # Step 7: the choice is recorded; alone it does not pass; with reasons it does.
        await pilot.click("#choice-1")
        await pilot.pause()
        choose = [r["event"] for r in _records(screen) if r["kind"] == "event"
                  and r["event"]["type"] == "choose"]
        assert choose == [{"type": "choose", "option": "Technical architecture"}]
        await _answer(pilot, "Technical architecture")
        assert screen.driver.state.phase is Phase.AWAITING, "a bare choice must not pass"
        await _pass(pilot, 7)
        # The confetti may already have ended by itself; its mount is in the message log.
        assert any(isinstance(getattr(m, "_sender", None), Celebration) for m in seen), (
            "step 7 celebrates")
        await _continue(pilot)

        assert isinstance(app.screen, SummaryScreen)
        rows = {row.number: row for row in app.screen.summary.steps}
        assert rows[1].first_try and rows[1].attempts == 1
        assert rows[2].attempts == 3
        if 2 in KNOWN_HELD and rows[2].outcome == "revealed":  # the ladder's last rung
            assert rows[2].hints == 3
        else:
            assert rows[2].hints == 2 and rows[2].outcome == "passed"
        assert rows[3].outcome == "revealed" and rows[3].hints == 3
        assert rows[7].attempts == 2
        assert app.screen.summary.seconds >= 0


async def test_quit_and_restart_offers_to_resume_at_the_same_step(
        local_grader: Grader) -> None:
    app = TutorApp(grader=_source(local_grader), grader_name="local")
    async with app.run_test(size=(80, 24)) as pilot:
        await _pass(pilot, 1)
        await _continue(pilot)
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    again = TutorApp(grader=_source(local_grader), grader_name="local")
    async with again.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        offer = again.screen
        assert isinstance(offer, ResumeScreen) and offer.step_number == 2
        await pilot.press("enter")  # the focused button: "Resume at step 2"
        screen = await _screen(pilot)
        assert screen.driver.state.step_number == 2
        assert screen.driver.transcript.path == app.driver.transcript.path  # type: ignore[union-attr]


async def test_start_over_opens_a_new_session_at_step_one(local_grader: Grader) -> None:
    app = TutorApp(grader=_source(local_grader))
    async with app.run_test(size=(80, 24)) as pilot:
        await _pass(pilot, 1)
    again = TutorApp(grader=_source(local_grader))
    async with again.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(again.screen, ResumeScreen)
        await pilot.click("#restart")
        screen = await _screen(pilot)
        assert screen.driver.state.step_number == 1
        assert screen.driver.transcript.path != app.driver.transcript.path  # type: ignore[union-attr]
