"""The step screen: explanation, Task, Question, the conversation and the answer box.

A thin layer over `SessionDriver`: key presses and clicks become machine events,
the effects that come back are drawn. Grading runs in a worker that only calls
`driver.grade` and posts the result; the handler applies it.
"""

from __future__ import annotations

import gc
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Markdown, Static
from textual.worker import Worker, WorkerState

from tutor.driver import SessionDriver
from tutor.errors import StorageError
from tutor.lesson.models import Step
from tutor.session import (
    Celebrate,
    Choose,
    Continue,
    Effect,
    Event,
    GraderFailed,
    LessonComplete,
    Notice,
    Phase,
    PresentStep,
    RequestGrade,
    RestoreDraft,
    Reveal,
    ShowFeedback,
    ShowHint,
    Shown,
    Stuck,
    Submit,
)
from tutor.tui.messages import Chose, Graded
from tutor.tui.widgets.answer import AnswerBox, SendAnswer
from tutor.tui.widgets.aside import Aside
from tutor.tui.widgets.conversation import Conversation
from tutor.tui.widgets.footer import KeyFooter
from tutor.tui.widgets.header import title_bar
from tutor.tui.widgets.markdown import gfm_parser
from tutor.tui.widgets.progress import LessonProgress

_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_STATUS = {
    Phase.AWAITING: "Answer the question, then Enter. Stuck? ctrl+g.",
    Phase.PASSED: "✓ Passed — press Enter to continue.",
    Phase.REVEALED: "Press Enter to continue to the next step.",
    Phase.PRESENTING: "",
    Phase.COMPLETE: "Lesson complete.",
}
#: After the last step: Enter leads to the summary, not to another step.
_LAST_STATUS = {
    Phase.PASSED: "✓ Passed — that was the last step. Press Enter for your summary.",
    Phase.REVEALED: "That was the last step. Press Enter for your summary.",
}
#: In the multi-line editor Enter starts a new line; ctrl+s sends.
_EDITOR_AWAITING = "Answer the question, then ctrl+s to send (Enter: new line). Stuck? ctrl+g."


class LessonScreen(Screen[None]):
    """One lesson, a step at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "stuck", "I'm stuck"),
        Binding("ctrl+o", "toggle_card", "Card"),
        Binding("ctrl+r", "toggle_diagram", "Diagram"),
        Binding("ctrl+l", "lab", "Lab"),
        Binding("ctrl+n", "toggle_editor", "Long answer"),
    ]

    def __init__(self, driver: SessionDriver, effects: list[Effect], *,
                 aside_from_width: int = 100) -> None:
        super().__init__()
        self.driver = driver
        self._pending_effects = effects
        self._aside_from_width = aside_from_width
        self.show_card: bool | None = None  # None: decided by the terminal width
        self.show_diagram: bool | None = None
        self._spinner: Timer | None = None
        self._spin = 0
        self._bindings_for: tuple[int | None, bool] | None = None
        self._explained: AwaitComplete | None = None  # the explanation's Markdown, mounting
        self._gc_held = False  # the garbage collector is off while an answer is graded

    def compose(self) -> ComposeResult:
        yield title_bar()
        yield LessonProgress(id="progress")
        with Horizontal(id="body"):
            with VerticalScroll(id="lesson"):
                yield Markdown(id="explanation", parser_factory=gfm_parser)
                yield Static(id="task", markup=False)
                yield Static(id="question", markup=False)
                yield Vertical(id="choice-slot")
                yield Conversation(id="conversation")
            yield Aside(id="aside")
        yield Static(id="status", markup=False)
        yield AnswerBox(id="answer-box")
        yield KeyFooter()

    async def on_mount(self) -> None:
        # Nothing is painted until the step is whole, its explanation's Markdown blocks
        # mounted (else the first frame lacks them, and they pop in).
        with self.app.batch_update():
            self._run(self._pending_effects)
            self._pending_effects = []
            if self._explained is not None:
                await self._explained

    # Helpers

    @property
    def answer(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    @property
    def step(self) -> Step | None:
        return self.driver.current_step

    def _dispatch(self, event: Event) -> None:
        """Apply an event and draw its effects. A full disk is a notification, not a crash."""
        try:
            effects = self.driver.apply(event)
        except StorageError as exc:
            self.notify(exc.message, title=exc.title, severity="error", timeout=15)
            return
        self._run(effects)

    def _note(self, write: partial[None]) -> None:
        """Write a transcript note; if the disk refuses, say so and carry on."""
        try:
            write()
        except StorageError as exc:
            self.notify(exc.message, title=exc.title, severity="error", timeout=15)

    def _sync_conversation(self) -> None:
        """Show the step's new turns (kept by the driver, so a resumed step shows its past)."""
        step = self.step
        if step is not None:
            self.conversation.show(self.driver.turns(step.number))

    # Effects

    def _run(self, effects: list[Effect]) -> None:
        for effect in effects:
            self._draw(effect)
        self._sync_conversation()
        self._refresh_status()
        self.query_one(LessonProgress).show(self.driver.state, unit=self.driver.unit)
        self._refresh_footer()
        if self.driver.state.phase is not Phase.GRADING:
            self._release_gc()

    def _hold_gc(self) -> None:
        """No garbage collection while an answer is graded.

        A grader allocates a lot (a model's features in Python, an SDK's HTTP stack), and
        the collections it set off paused the event loop mid-keystroke: 2-40 ms each, a
        full one 20-40 ms. The garbage waits for the verdict (one young collection then),
        when the screen is redrawn anyway.
        """
        if not self._gc_held and gc.isenabled():
            gc.disable()
            self._gc_held = True

    def _release_gc(self) -> None:
        if self._gc_held:
            self._gc_held = False
            gc.enable()

    def on_unmount(self) -> None:
        self._release_gc()

    def _refresh_footer(self) -> None:
        """Re-check the bindings when what they depend on changed (a footer redraw is slow)."""
        state = self.driver.state
        key = (state.step_number, state.phase is Phase.AWAITING)
        if self._bindings_for is not None and key != self._bindings_for:
            self.refresh_bindings()
        self._bindings_for = key

    def _draw(self, effect: Effect) -> None:
        if isinstance(effect, PresentStep):
            self._present(self.driver.step(effect.number))
        elif isinstance(effect, RequestGrade):
            self.answer.text = ""
            self._hold_gc()
            # Graded once the answer's turn is drawn: the grader (a model in a thread, or
            # an SDK's HTTP stack) would otherwise compete for the GIL with that layout and
            # paint, and the keys typed meanwhile waited for both (50-75 ms).
            self.call_after_refresh(self._grade, effect)
        elif isinstance(effect, ShowFeedback):
            self._feedback(effect)
        elif isinstance(effect, ShowHint):
            self._note(partial(self.driver.note_hint, effect, self.driver.hint_text(effect)))
        elif isinstance(effect, Reveal):
            self._note(partial(self.driver.note_reveal, effect, self.driver.reveal_text(effect)))
        elif isinstance(effect, Celebrate):
            # Imported on first use, like the summary screen and the choice bar: fewer
            # modules before the first frame.
            from tutor.tui.widgets.celebration import Celebration

            message = (f"Step {effect.number} passed — you have finished the lesson!"
                       if self._on_last_step() else f"Step {effect.number} passed!")
            self.mount(Celebration(message))
        elif isinstance(effect, RestoreDraft):
            self.answer.text = effect.answer
        elif isinstance(effect, Notice):
            self.notify(effect.message, severity=effect.severity,
                        timeout=10 if effect.severity == "error" else 5)
        elif isinstance(effect, LessonComplete):
            from tutor.tui.mastery_view import book_for
            from tutor.tui.screens.summary import SummaryScreen

            # Pushed, not switched to: the lesson screen may be the app's first screen, and
            # the summary only quits, so nothing returns to the screen beneath it.

            self.app.push_screen(SummaryScreen(self.driver.summary(effect),
                                               book_for(self.driver)))

    def _present(self, step: Step) -> None:
        self.sub_title = f"Step {step.number}: {step.title}"
        self._explained = self.query_one("#explanation", Markdown).update(step.explanation)
        task = Text.assemble(("Task  ", "bold"), step.task or "—")
        self.query_one("#task", Static).update(task)
        self.query_one("#question", Static).update(
            Text.assemble(("Question  ", "bold"), step.question))
        slot = self.query_one("#choice-slot", Vertical)
        slot.remove_children()
        if step.buttons is not None:
            from tutor.tui.widgets.choice import ChoiceBar

            slot.mount(ChoiceBar(step.buttons, chosen=self.driver.state.choice))
        self.conversation.clear()
        self.answer.text = ""  # a draft being restored arrives after this (RestoreDraft)
        self.answer.query_one("#lab", Button).display = bool(step.labs)
        self._show_aside(step)
        self.query_one("#lesson", VerticalScroll).scroll_home(animate=False)
        self.answer.focus_answer()
        self._dispatch_quiet(Shown())

    def _on_last_step(self) -> bool:
        state = self.driver.state
        return bool(state.steps) and state.index == len(state.steps) - 1

    def _dispatch_quiet(self, event: Event) -> None:
        """Apply an event that draws nothing (Shown)."""
        try:
            self.driver.apply(event)
        except StorageError as exc:
            self.notify(exc.message, title=exc.title, severity="error", timeout=15)

    def _feedback(self, effect: ShowFeedback) -> None:
        verdict = effect.verdict
        if verdict.fallback_from:
            reason = f" ({verdict.fallback_reason})" if verdict.fallback_reason else ""
            self.notify(f"The {verdict.fallback_from} grader could not be reached{reason}; "
                        f"the {verdict.grader or 'local'} grader marked this answer.",
                        title="Grader fell back", severity="warning", timeout=8)

    def _show_aside(self, step: Step) -> None:
        wide = self.app.size.width >= self._aside_from_width
        card = self.show_card if self.show_card is not None else wide
        diagram = self.show_diagram if self.show_diagram is not None else wide
        # The panel is 44% of the screen, 30 to 64 columns (tutor.tcss #aside).
        width = min(64, max(30, self.app.size.width * 44 // 100))
        self.query_one(Aside).show(step, card=card, diagram=diagram, width=width)

    def _refresh_status(self) -> None:
        phase = self.driver.state.phase
        if phase is Phase.GRADING:
            if self._spinner is None:
                self._spin = 0
                self._spinner = self.set_interval(0.1, self._tick)
            self._tick()
            return
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        # After a pass or an explanation Enter goes on, in the editor too.
        self.answer.enter_sends = phase in (Phase.PASSED, Phase.REVEALED)
        status = _STATUS.get(phase, "")
        if phase is Phase.AWAITING and self.answer.editing:
            status = _EDITOR_AWAITING
        elif phase in _LAST_STATUS and self._on_last_step():
            status = _LAST_STATUS[phase]
        self.query_one("#status", Static).update(status, layout=False)

    def _tick(self) -> None:
        frame = _SPINNER[self._spin % len(_SPINNER)]
        self._spin += 1
        # The status line is one row of fixed size: a repaint, no layout. A layout pass
        # reflows the whole screen, and ten a second (while a grader's thread competes for
        # the GIL) made typing lag.
        self.query_one("#status", Static).update(
            f"{frame} Reading your answer… (you can keep typing or scrolling)", layout=False)

    # Grading, off the event loop's critical path

    @work(exclusive=True, exit_on_error=False, group="grading")
    async def _grade(self, effect: RequestGrade) -> None:
        self.post_message(Graded(await self.driver.grade(effect)))

    def on_graded(self, message: Graded) -> None:
        self._dispatch(message.event)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "grading" or event.state is not WorkerState.ERROR:
            return
        pending = self.driver.state.pending_id
        if pending is not None:
            error = event.worker.error
            self._dispatch(GraderFailed(attempt_id=pending,
                                        message=f"{type(error).__name__}: {error}"))

    # Learner actions

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(SendAnswer)
    def _sent(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Enter: submit the answer, or continue after a pass or an explanation."""
        phase = self.driver.state.phase
        if phase in (Phase.PASSED, Phase.REVEALED):
            self._dispatch(Continue())
        elif phase is Phase.GRADING:
            self.notify("Still reading your last answer…", timeout=3)
        else:
            self._dispatch(Submit(answer=self.answer.text))

    @on(Button.Pressed, "#stuck")
    def action_stuck(self) -> None:
        """Climb the hint ladder; after the last rung the tutor explains."""
        if self.driver.state.phase is Phase.AWAITING:
            self._dispatch(Stuck())
        self.answer.focus_answer()

    def on_chose(self, message: Chose) -> None:
        from tutor.tui.widgets.choice import ChoiceBar  # only steps with buttons need it

        self._dispatch(Choose(option=message.option))
        if self.driver.state.choice == message.option:
            self.query_one(ChoiceBar).mark(message.option)
            self.query_one("#status", Static).update(
                f"You chose “{message.option}”. Now say why, and press Enter.")
        self.answer.focus_answer()

    def _narrow(self) -> bool:
        """Too narrow for the card or the diagram beside the step."""
        return self.app.size.width < self._aside_from_width

    def _open_over(self, step: Step, *, card: bool) -> None:
        """The card (or the diagram) over the step: beside it, on a narrow terminal, it
        squeezed the step's column until the Question went off the screen."""
        from tutor.tui.screens.aside import AsideScreen

        self.app.push_screen(AsideScreen(step, card=card, diagram=not card),
                             callback=lambda _: self.answer.focus_answer())

    def action_toggle_card(self) -> None:
        """Show or hide the concept card."""
        step = self.step
        if step is None:
            return
        if self._narrow() and not self.show_card:
            self._open_over(step, card=True)
            return
        current = self.show_card if self.show_card is not None else (
            self.app.size.width >= self._aside_from_width)
        self.show_card = not current
        self._show_aside(step)

    def action_toggle_diagram(self) -> None:
        """Show or hide the diagram."""
        step = self.step
        if step is None:
            return
        if self._narrow() and not self.show_diagram:
            self._open_over(step, card=False)
            return
        current = self.show_diagram if self.show_diagram is not None else (
            self.app.size.width >= self._aside_from_width)
        self.show_diagram = not current
        self._show_aside(step)

    def action_toggle_editor(self) -> None:
        """Switch between the one-line answer box and the multi-line editor."""
        self.answer.toggle_editor()
        self._refresh_status()  # the keys that send differ

    @on(Button.Pressed, "#lab")
    def action_lab(self) -> None:
        """Open the step's lab; what the learner did there is noted for the grader."""
        step = self.step
        if step is None or not step.labs:
            return
        try:
            from tutor.tui.labs import lab_screen_for
        except ImportError:
            self.notify("Labs are not available in this installation.", severity="warning")
            return
        lab = step.labs[0]
        screen = lab_screen_for(lab, step)
        if screen is None:
            self.notify(f"This version has no lab called “{lab.name}”.", severity="warning")
            return
        self.app.push_screen(screen, callback=partial(self._lab_done, step.number, lab.name))

    def _lab_done(self, number: int, name: str, summary: str | None) -> None:
        if summary:
            self._note(partial(self.driver.record_lab, number, name, summary))
            self._sync_conversation()
        self.answer.focus_answer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show a binding only where it applies (a card key only on a step with a card)."""
        step = self.step
        if action == "toggle_card":
            return step is not None and bool(step.cards)
        if action == "toggle_diagram":
            return step is not None and bool(step.diagrams)
        if action == "lab":
            return step is not None and bool(step.labs)
        if action == "stuck":
            return self.driver.state.phase is Phase.AWAITING or None
        return True
