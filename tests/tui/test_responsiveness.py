"""What keeps the TUI quick: typing repaints the answer box without a layout of the whole
screen, the key bar is rebuilt only when its keys change, the grading spinner only repaints.
(Speed itself is measured by benchmarks/tui_startup.py, not asserted here.)"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.tui.fakes import ScriptedGrader
from tests.tui.pilot_helpers import settle
from tutor.grading.verdict import GradeRequest, Verdict
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen
from tutor.tui.widgets.footer import KeyFooter


class SlowGrader(ScriptedGrader):
    """Holds each answer until `release` is set, so a test can look at the screen meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def grade(self, request: GradeRequest) -> Verdict:
        await self.release.wait()
        return await super().grade(request)


async def _ready(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _phase(screen: LessonScreen) -> Phase:
    return screen.driver.state.phase


def _count_layouts(app: TutorApp) -> list[object]:
    """Record every widget that asks for a layout from now on."""
    asked: list[object] = []
    for widget in app.screen.walk_children():
        original = widget.refresh

        def refresh(*regions: Any, _widget: Any = widget, _original: Any = original,
                    **kwargs: Any) -> Any:
            if kwargs.get("layout"):
                asked.append(_widget)
            return _original(*regions, **kwargs)

        widget.refresh = refresh  # type: ignore[method-assign]
    return asked


async def test_typing_repaints_the_answer_box_without_a_screen_layout() -> None:
    app = TutorApp(grader=ScriptedGrader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        asked = _count_layouts(app)
        await pilot.press(*"tokens are pieces")
        assert screen.answer.input.value == "tokens are pieces"
        assert asked == []


async def test_a_long_answer_still_scrolls_to_the_cursor() -> None:
    app = TutorApp(grader=ScriptedGrader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        box = screen.answer.input
        await pilot.press(*("word " * 30))
        await pilot.pause()
        assert box.cursor_position == 150
        assert box.scroll_x > 0
        assert box.virtual_size.width == 151


async def test_the_spinner_and_a_disabled_key_change_no_layout_and_rebuild_no_key_bar() -> None:
    grader = SlowGrader()
    app = TutorApp(grader=lambda: grader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        footer = screen.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        stuck = next(k for k in keys if k.action == "stuck")
        assert not stuck.has_class("-disabled")
        await pilot.press(*"a guess", "enter")
        await pilot.pause(0.35)  # a few spinner frames
        assert _phase(screen) is Phase.GRADING
        assert stuck.has_class("-disabled")  # greyed while grading...
        asked = _count_layouts(app)
        await pilot.pause(0.25)
        assert asked == []
        grader.release.set()
        await settle(pilot)
        await pilot.pause()
        assert _phase(screen) is Phase.AWAITING
        assert not stuck.has_class("-disabled")  # ...and back, the same widgets throughout
        assert list(footer.query(FooterKey)) == keys


async def test_the_key_bar_follows_the_keys_a_step_offers() -> None:
    app = TutorApp(grader=ScriptedGrader)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot)

        def shown() -> set[str]:
            return {k.action for k in screen.query_one(KeyFooter).query(FooterKey)}

        assert "toggle_diagram" not in shown()  # step 1 has no diagram
        for number in (1, 2):
            await pilot.press(*f"it works because of step {number}", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause()
        assert screen.driver.state.step_number == 3
        assert "toggle_diagram" in shown()  # step 3 has one: the bar was rebuilt


async def test_what_is_loaded_at_start_is_kept_out_of_full_gc_passes_while_the_app_runs() -> None:
    import gc

    app = TutorApp(grader=ScriptedGrader)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.pause(app.WARM_UP_DELAY + 0.1)  # the grader is loaded after the frame
        await settle(pilot)
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # and given back when the app ends


async def test_no_garbage_collection_while_an_answer_is_graded() -> None:
    import gc

    grader = SlowGrader()
    app = TutorApp(grader=lambda: grader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert gc.isenabled()
        await pilot.press(*"a guess", "enter")
        await pilot.pause(0.2)
        assert _phase(screen) is Phase.GRADING
        assert not gc.isenabled()  # the grader's garbage waits...
        grader.release.set()
        await settle(pilot)
        await pilot.pause()
        assert _phase(screen) is Phase.AWAITING
        assert gc.isenabled()  # ...for the verdict
        grader.release.clear()
        await pilot.press(*"another guess", "enter")
        await pilot.pause(0.2)
        assert _phase(screen) is Phase.GRADING
        assert not gc.isenabled()
    assert gc.isenabled()  # an app that ends mid-grading gives the collector back


async def test_a_start_with_the_collector_off_turns_it_back_on_after_the_first_frame() -> None:
    import gc

    gc.disable()  # as `tutor` (run_tui) does before importing Textual
    try:
        app = TutorApp(grader=ScriptedGrader, collect_after_first_frame=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await _ready(pilot)
            await pilot.pause(app.WARM_UP_DELAY + 0.1)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up made is frozen, not collected
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
