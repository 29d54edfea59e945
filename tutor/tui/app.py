"""The learner's app: open a lesson, offer to resume, then hand over to the lesson screen."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tutor.driver import GraderSource, SessionDriver
from tutor.errors import TutorError
from tutor.lesson import DEFAULT_LESSON, Lesson, load_lesson
from tutor.store import ResumePoint
from tutor.store.progress import lesson_finished
from tutor.tui.lesson_screen import LessonScreen

if TYPE_CHECKING:
    # Reviews are imported when one is offered or asked for, not before the first frame.
    from tutor.mastery import ReviewItem
    from tutor.tui.mastery_view import ReviewOffer


class TutorApp(App[None]):
    """A Socratic lesson in the terminal."""

    CSS_PATH = Path(__file__).with_name("tutor.tcss")
    TITLE = "tutor"
    #: Seconds from the first refresh to loading the grader. The first frame is written a
    #: little after that refresh, and a model loading in a thread (imports, an ONNX session)
    #: competes with it for the GIL and the CPU: it had started some 40 ms before the frame.
    WARM_UP_DELAY = 0.2
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "toggle_theme", "Theme")]

    def __init__(self, lesson: str | Path | Lesson = DEFAULT_LESSON, *, grader: GraderSource,
                 grader_name: str = "", data_root: Path | None = None,
                 aside_from_width: int = 100, collect_after_first_frame: bool = False,
                 review: bool = False) -> None:
        """`collect_after_first_frame`: the caller turned the garbage collector off for the
        start-up (`tutor.cli.start_cmd.run_tui`); turn it back on after the first frame.
        `lesson` may be one already parsed (the CLI reads it first, to report a bad one).
        `review`: open a review of the lesson's shaky ideas instead (`tutor start --review`)."""
        super().__init__()
        self.lesson_ref = lesson
        self.grader_source = grader
        self.grader_name = grader_name
        self.data_root = data_root
        self.aside_from_width = aside_from_width
        self.lesson: Lesson | None = None
        self.driver: SessionDriver | None = None
        self._gc_frozen = False
        self._collect_after_first_frame = collect_after_first_frame
        self.review = review
        self._opening: LessonScreen | ResumePoint | ReviewOffer | TutorError | None = None

    def get_default_screen(self) -> Screen[Any]:
        """A new session opens on the lesson screen itself.

        Pushing it over Textual's blank default screen cost a screen switch and a layout and
        paint that were thrown away before the first frame. Anything else (a lesson that
        cannot be opened, a session to resume) starts on the blank screen, as before, and
        `on_mount` takes it from there.
        """
        self._opening = self._open()
        if isinstance(self._opening, LessonScreen):
            return self._opening
        return super().get_default_screen()

    def _open(self) -> LessonScreen | ResumePoint | ReviewOffer | TutorError:
        """Load the lesson; the screen of a new session, the session to resume, or the error."""
        try:
            ref = self.lesson_ref
            self.lesson = ref if isinstance(ref, Lesson) else load_lesson(ref)
        except TutorError as exc:
            return exc
        self.title = self.lesson.title
        if self.review:
            from tutor.review import due

            self.title = f"Review · {self.lesson.title}"
            return self._review_screen(due(self.lesson, now=time.time(), root=self.data_root))
        point = SessionDriver.resumable(self.lesson, root=self.data_root)
        if point is not None:
            return point
        if lesson_finished(self.lesson.name, root=self.data_root):
            from tutor.review import due
            from tutor.tui.mastery_view import ReviewOffer

            shaky = due(self.lesson, now=time.time(), root=self.data_root)
            if shaky:
                return ReviewOffer(shaky)
        return self._lesson_screen(None)

    def on_mount(self) -> None:
        if self._collect_after_first_frame:
            self.call_after_refresh(self.set_timer, self.WARM_UP_DELAY, self._collect_start_up)
        opening = self._opening if self._opening is not None else self._open()
        self._opening = None
        if isinstance(opening, TutorError):
            self._fatal(opening)
            return
        if not isinstance(opening, LessonScreen | ResumePoint):  # the review offer
            items = opening.items
            self.push_screen(opening, callback=lambda yes: self._begin(
                None) if not yes else self._begin_review(items))
            return
        if isinstance(opening, LessonScreen):
            if opening is not self.screen:  # not the default screen (get_default_screen unused)
                self.push_screen(opening)
            self._warm_up_after_refresh()
            return
        from tutor.tui.screens.resume import ResumeScreen

        assert self.lesson is not None
        point = opening
        state = point.state
        # After a pass or an explanation the session goes on at the next step (None: the
        # last one is done, only the summary is left).
        index = state.resume_index
        number = state.steps[index] if index < len(state.steps) else None
        step = self.lesson.step(number) if number is not None else None
        done = sum(1 for r in state.records if r.outcome)
        self.push_screen(
            ResumeScreen(number, step.title if step else "", done=done,
                         total=len(state.steps), changed=point.changed),
            callback=lambda resume: self._begin(point if resume else None))

    def _lesson_screen(self, point: ResumePoint | None) -> LessonScreen | TutorError:
        """The lesson screen on a new session, or on the one being resumed."""
        assert self.lesson is not None
        try:
            if point is None:
                self.driver, effects = SessionDriver.new(
                    self.lesson, self.grader_source, grader_name=self.grader_name,
                    root=self.data_root)
            else:
                self.driver, effects = SessionDriver.resume(self.lesson, self.grader_source,
                                                            point)
        except TutorError as exc:
            return exc
        return LessonScreen(self.driver, effects, aside_from_width=self.aside_from_width)

    def _review_screen(self, items: list[ReviewItem]) -> LessonScreen | TutorError:
        """The review of `items` on the lesson screen; a new session when there is none."""
        assert self.lesson is not None
        if not items:
            self.notify("Nothing to review: every idea you have met is solid.", timeout=8)
            return self._lesson_screen(None)
        from tutor.review import ReviewDriver

        try:
            self.driver, effects = ReviewDriver.open(
                self.lesson, self.grader_source, items, grader_name=self.grader_name,
                root=self.data_root)
        except TutorError as exc:
            return exc
        return LessonScreen(self.driver, effects, aside_from_width=self.aside_from_width)

    def _begin_review(self, items: list[ReviewItem]) -> None:
        assert self.lesson is not None
        self.title = f"Review · {self.lesson.title}"
        self._begin_screen(self._review_screen(items))

    def _begin(self, point: ResumePoint | None) -> None:
        """Open the lesson screen on a new session, or on the one being resumed."""
        self._begin_screen(self._lesson_screen(point))

    def _begin_screen(self, opened: LessonScreen | TutorError) -> None:
        """Show a lesson (or review) screen that was opened, or why it could not be."""
        if isinstance(opened, TutorError):
            self._fatal(opened)
            return
        self.push_screen(opened)
        self._warm_up_after_refresh()

    def _collect_start_up(self) -> None:
        """The first frame is out: collection as usual, for what is made from now on.

        What start-up made is frozen (kept out of every collection), not collected: almost
        all of it lives as long as the app, and a collection of it all (~70,000 objects, of
        which ~3,000 are garbage, a few hundred KB) paused the app for 50-90 ms just when the
        learner may start typing. The grader's warm-up freezes what it loads the same way.
        """
        self._collect_after_first_frame = False
        gc.freeze()
        self._gc_frozen = True
        gc.enable()

    def _warm_up_after_refresh(self) -> None:
        self.call_after_refresh(self.set_timer, self.WARM_UP_DELAY, self._warm_grader)

    @work(exclusive=True, exit_on_error=False, group="warm-up")
    async def _warm_grader(self) -> None:
        """Build the grader (load its model) after the first frame, so no answer waits for it."""
        if self.driver is None:
            return
        try:
            await self.driver.grader()
        except TutorError as exc:
            self.notify(f"{exc.message} Answers will be kept and can be sent again.",
                        title=exc.title, severity="error", timeout=15)
        finally:
            # Everything loaded so far (Textual, pydantic schemas, the grader and its SDK or
            # model) lives as long as the app: keep it out of the garbage collector's full
            # passes, which otherwise walk it all and froze typing for 40-180 ms at a time.
            # (Undone when the app ends, so a process running many apps, as tests do,
            # still frees them.)
            gc.freeze()
            self._gc_frozen = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A grader that fails to load for a reason of its own is still said, not swallowed."""
        if event.worker.group == "warm-up" and event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"The grader could not be loaded: {type(error).__name__}: {error}",
                        title="Grader", severity="error", timeout=15)

    def _fatal(self, error: TutorError) -> None:
        """A lesson that cannot be opened: say why, in the app."""
        from tutor.tui.screens.error import ErrorScreen

        self.push_screen(ErrorScreen(error))
        first = error.message.splitlines()[0]
        self.notify(first, title=error.title, severity="error", timeout=15)

    def action_toggle_theme(self) -> None:
        """Switch between the light and dark themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette offers every key binding of the lesson screen too."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Toggle light/dark theme", "ctrl+t", self.action_toggle_theme)
        if isinstance(screen, LessonScreen):
            yield SystemCommand("I'm stuck", "A hint for this step (ctrl+g)",
                                screen.action_stuck)
            yield SystemCommand("Concept card", "Show or hide the card (ctrl+o)",
                                screen.action_toggle_card)
            yield SystemCommand("Diagram", "Show or hide the diagram (ctrl+r)",
                                screen.action_toggle_diagram)
            yield SystemCommand("Lab", "Open this step's lab (ctrl+l)", screen.action_lab)
            yield SystemCommand("Long answer", "Multi-line editor (ctrl+n, send: ctrl+s)",
                                screen.action_toggle_editor)

    async def on_unmount(self) -> None:
        if self._gc_frozen:
            gc.unfreeze()
        if self.driver is not None:
            await self.driver.aclose()
