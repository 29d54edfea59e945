"""Pick a step to go back to (to redo it), or on to the furthest one reached."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from tutor.driver import SessionDriver
    from tutor.lesson.models import Step


def go_to_targets(driver: SessionDriver) -> list[Step]:
    """The steps the learner can go to: every one reached so far but the current one."""
    state = driver.state
    if state.step_number is None:
        return []
    return [driver.step(n) for n in state.steps[:state.reached + 1] if n != state.step_number]


class GoToScreen(ModalScreen[int | None]):
    """Dismisses with the step number picked, or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Stay here")]
    DEFAULT_CSS = """
    GoToScreen { align: center middle; }
    GoToScreen > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    GoToScreen Label { width: 100%; margin: 0 0 1 0; }
    GoToScreen OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, steps: list[tuple[int, str]]) -> None:
        """`steps`: (number, how it reads) of each step the learner can go to."""
        super().__init__()
        self.steps = steps

    @classmethod
    def for_session(cls, driver: SessionDriver) -> GoToScreen:
        """The picker of the steps this session can go to."""
        records = {r.number: r for r in driver.state.records}
        return cls([(s.number, f"Step {s.number}: {s.title}"
                     + ("" if records[s.number].outcome else " (not done yet)"))
                    for s in go_to_targets(driver)])

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Go back to which step? You answer it afresh; your earlier "
                        "answers stay in the record. Esc: stay here.")
            yield OptionList(*(Option(text, id=str(number)) for number, text in self.steps))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = len(self.steps) - 1  # the step just before, most often wanted
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
