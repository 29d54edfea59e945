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


async def _answer(pilot: Pilot[Any], screen: LessonScreen, text: str = "because") -> None:
    """Send an answer to the current step, picking its first option on a buttons step."""
    if screen.step is not None and screen.step.buttons is not None:
        await pilot.click("#choice-0")
        screen.answer.focus()
    await pilot.press(*text, "enter")


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


async def test_after_a_pass_the_resume_offer_goes_on_at_the_next_step() -> None:
    from tutor.tui.screens.resume import ResumeScreen

    first = _app()
    async with first.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press(*"because", "enter")  # passed; the learner quits before Enter
        await settle(pilot)
        assert screen.driver.state.phase is Phase.PASSED
    again = _app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offer = again.screen
        assert isinstance(offer, ResumeScreen) and offer.step_number == 2
        where = str(offer.query_one("#where").render())
        assert where == "You have done 1 of 7 steps. Next: step 2, " \
            "Embeddings — From Tokens to Numbers."
        assert str(offer.query_one("#resume").render()).strip() == "Resume at step 2"
        await pilot.press("enter")
        screen = await _ready(pilot)
        assert screen.driver.state.step_number == 2
        assert screen.driver.state.records[0].outcome == "passed"


async def test_the_progress_line_says_what_first_try_counts() -> None:
    from tutor.tui.widgets.progress import LessonProgress

    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        progress = screen.query_one(LessonProgress)
        assert "first try" not in str(progress.render())  # nothing done yet: nothing to say
        await pilot.press(*"because", "enter")
        await settle(pilot)
        assert str(progress.render()).endswith("1 of 1 done on the first try")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"no idea", "enter")
        await settle(pilot)
        await pilot.press(*"because", "enter")
        await settle(pilot)
        assert str(progress.render()).endswith("1 of 2 done on the first try")


async def test_no_screen_draws_a_glyph_browser_fonts_lack() -> None:
    from tutor.lesson_summary import LessonSummary, StepSummary
    from tutor.tui.screens.summary import SummaryScreen

    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        lesson_screen = app.export_screenshot()
        app.push_screen(SummaryScreen(LessonSummary(lesson_title="T", seconds=1, steps=[
            StepSummary(number=1, title="S", outcome="passed", attempts=1, hints=0,
                        first_try=True, idea="An idea.")])))
        await pilot.pause()
        summary = app.export_screenshot()
    broken = TutorApp("no-such-lesson", grader=ScriptedGrader)
    async with broken.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        error = broken.export_screenshot()
    for shot in (lesson_screen, summary, error):
        assert "≡" in shot and "⭘" not in shot


async def test_the_summary_recaps_each_step_and_shows_its_keys() -> None:
    grader = ScriptedGrader()
    app = _app(grader)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _ready(pilot)
        for _ in screen.driver.lesson.steps:
            await _answer(pilot, screen)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.pause()
        summary = app.screen
        assert type(summary).__name__ == "SummaryScreen"
        recap = str(summary.query_one("#recap").render())
        for step in screen.driver.lesson.steps:
            assert step.title in recap
            # the idea, said to the learner ("The learner should understand that" dropped)
            idea = step.checkpoint.split(" that ", 1)[-1]
            assert idea[1:40] in recap
        assert "learner should" not in recap
        from textual.widgets._footer import FooterKey

        keys = [str(key.render()) for key in summary.query(FooterKey)]
        assert any("Enter/Esc/q" in k and "Close the tutor" in k for k in keys), keys
        await pilot.press("enter")
    assert app.return_code == 0


async def test_in_the_long_editor_enter_continues_after_a_pass() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        editor = screen.answer.editor
        assert editor is not None and editor.has_focus
        status = screen.query_one("#status")
        assert "ctrl+s" in str(status.render())  # Enter starts a line here: say what sends
        await pilot.press(*"one", "enter", *"because two", "ctrl+s")
        await settle(pilot)
        assert screen.driver.state.phase is Phase.PASSED
        assert "press Enter to continue" in str(status.render())
        await pilot.press("enter")  # as the status line says
        await settle(pilot)
        assert screen.driver.state.step_number == 2
        # The editor closed with the step (open, it hid the end of the next Question,
        # issue 23); no stray new line came with it.
        assert not screen.answer.editing and screen.answer.text == ""
        await pilot.press("ctrl+n", *"a", "enter", *"b")  # reopened: Enter is a new line
        await pilot.pause()
        assert editor.text == "a\nb"


async def test_the_last_step_says_the_lesson_is_finished_and_keeps_it_in_sight() -> None:
    from tutor.tui.widgets.celebration import Celebration

    app = _app()
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        screen = await _ready(pilot)
        steps = len(screen.driver.lesson.steps)
        for _ in range(steps - 1):
            await _answer(pilot, screen)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert screen.driver.state.step_number == steps
        await _answer(pilot, screen)
        await settle(pilot)
        # Pilot's waits finish animations at once, so the confetti is gone by now: its
        # message is read from the log, its place from one mounted again.
        [party] = {m._sender for m in seen  # type: ignore[attr-defined]
                   if isinstance(getattr(m, "_sender", None), Celebration)}
        assert "finished the lesson" in party.message  # the seed's last step celebrates
        status = str(screen.query_one("#status").render())
        assert "last step" in status and "summary" in status
        again = Celebration(party.message)
        await screen.mount(again)
        await pilot.pause(0.05)  # a sleep, not a wait for the animations to end
        lesson = screen.query_one("#lesson").region
        assert again.region.height <= 3 and again.region.bottom - lesson.y <= 1, (
            f"the celebration {again.region} hides the lesson {lesson}")
        newest = list(screen.query(TurnView))[-1]
        assert newest.turn.speaker == "pass" and newest.region.area
        assert not newest.region.overlaps(again.region)


async def test_on_a_narrow_terminal_the_card_opens_over_the_step_not_beside_it() -> None:
    from tutor.tui.screens.aside import AsideScreen
    from tutor.tui.widgets.aside import ConceptCard

    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press(*"because", "enter")
        await settle(pilot)
        await pilot.press("enter")  # step 2 has a card
        screen = await _ready(pilot)
        assert screen.step is not None and screen.step.cards
        question = screen.query_one("#question").region
        lesson = screen.query_one("#lesson").region
        assert lesson.contains_region(question)  # in sight before the card is opened
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.query_one("#question").region == question  # the step is as it was
        assert isinstance(app.screen, AsideScreen)
        card = app.screen.query_one(ConceptCard)
        assert card.region.width >= 70  # the whole width, not a 30-column strip
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.answer.input.has_focus
        assert screen.query_one("#question").region == question


async def test_after_passing_the_last_step_the_resume_offer_leads_to_the_summary() -> None:
    from tutor.tui.screens.resume import ResumeScreen
    from tutor.tui.screens.summary import SummaryScreen

    first = _app()
    async with first.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        steps = len(screen.driver.lesson.steps)
        for number in range(1, steps + 1):
            await _answer(pilot, screen)
            await settle(pilot)
            if number < steps:
                await pilot.press("enter")
                await settle(pilot)
        assert screen.driver.state.phase is Phase.PASSED  # quit before the last Enter
    again = _app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offer = again.screen
        assert isinstance(offer, ResumeScreen) and offer.step_number is None
        assert str(offer.query_one("#where").render()) == f"You have done all {steps} steps."
        assert str(offer.query_one("#resume").render()).strip() == "See your summary"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(again.screen, SummaryScreen)
        assert again.screen.summary.passed == steps


async def test_the_summary_totals_never_wrap_a_count_from_its_unit_at_80_columns() -> None:
    # Found on the tmux walk at 80x24: "… · 12 answers · 15 hints · 3 min 33" and then "s"
    # alone on the next line.
    from rich.console import Console
    from textual.app import App

    from tutor.lesson_summary import LessonSummary, StepSummary
    from tutor.tui.screens.summary import SummaryScreen

    rows = [StepSummary(number=n, title=f"Step {n}", outcome="revealed", attempts=2, hints=3,
                        asked=1, first_try=False) for n in range(1, 8)]
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SummaryScreen(LessonSummary(lesson_title="A lesson", steps=rows,
                                                    seconds=213)))
        await pilot.pause()
        totals = app.screen.query_one("#totals")
        width = totals.content_region.width
        text = totals.render()
    console = Console(width=width, record=True)
    console.print(text)
    lines = [line.strip() for line in console.export_text().splitlines() if line.strip()]
    assert ("14 answers · 7 hints you asked for, 14 given after an answer · 3 min 33 s"
            in lines), lines


def test_a_wrapped_idea_of_the_explanation_hangs_under_its_bullet() -> None:
    # Seen on the tmux walk at 80x24: "- Subword tokens keep the vocabulary to a manageable
    # size while still" and then "covering any text." back at the margin, under the dash.
    from rich.console import Console

    from tutor.tui.widgets.conversation import turn_body

    text = ("Let's put it together:\n\n- Subword tokens keep the vocabulary to a manageable "
            "size while still covering any text.\n- Common words are a single token.")
    console = Console(width=40, record=True)
    console.print(turn_body("Tutor · explanation", text))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert lines[:3] == ["Tutor · explanation", "Let's put it together:", ""]
    bullet = lines.index("- Subword tokens keep the vocabulary to")
    assert lines[bullet + 1].startswith("  a manageable size"), lines
    assert "- Common words are a single token." in lines
    plain = Console(width=40, record=True)
    plain.print(turn_body("Tutor", "Not yet - think again."))
    assert plain.export_text().splitlines()[1].rstrip() == "Not yet - think again."


async def test_tabbing_away_and_back_keeps_the_draft_the_next_key_adds_to() -> None:
    # Found on the tmux walk: Tab to the buttons and back selected the whole answer, and the
    # next key typed replaced it.
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press(*"because rare words split")
        await pilot.press("tab")
        await pilot.pause()
        assert not screen.answer.input.has_focus
        await pilot.press("shift+tab")
        await pilot.pause()
        assert screen.answer.input.has_focus
        await pilot.press(*" into pieces")
        assert screen.answer.input.value == "because rare words split into pieces"
