"""A `hint:buttons` directive as real buttons; the choice is graded with the learner's reasons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from tutor.lesson.models import ButtonsDirective
from tutor.tui.messages import Chose


class ChoiceBar(Vertical):
    """The prompt, then one button per option; the picked one stays highlighted."""

    DEFAULT_CSS = """
    ChoiceBar { height: auto; margin: 1 0 0 0; }
    ChoiceBar Horizontal { height: auto; }
    ChoiceBar Button { margin: 0 1 0 0; min-width: 10; }
    """

    def __init__(self, directive: ButtonsDirective, chosen: str | None = None) -> None:
        super().__init__(id="choices")
        self.directive = directive
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        yield Label(f"{self.directive.prompt} (pick one, then explain why below)",
                    classes="choice-prompt")
        with Horizontal():
            for i, option in enumerate(self.directive.options):
                yield Button(option, id=f"choice-{i}", compact=True,
                             variant="primary" if option == self.chosen else "default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        option = str(event.button.label)
        self.post_message(Chose(option))

    def mark(self, option: str) -> None:
        """Highlight the picked option."""
        self.chosen = option
        for button in self.query(Button):
            button.variant = "primary" if str(button.label) == option else "default"
