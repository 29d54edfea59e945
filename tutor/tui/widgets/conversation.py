"""The step's conversation: the learner's attempts and the tutor's turns, scrollable."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from tutor.driver import Speaker, Turn

_LABELS: dict[Speaker, str] = {
    "you": "You", "tutor": "Tutor", "hint": "Tutor · hint", "reveal": "Tutor · explanation",
    "pass": "Tutor", "note": "",
}


class TurnView(Static):
    """One turn of the conversation."""

    def __init__(self, turn: Turn) -> None:
        body = Text()
        label = _LABELS[turn.speaker] + (f" · {turn.detail}" if turn.detail else "")
        if label:
            body.append(label + "\n", style="bold")
        body.append(turn.text)
        super().__init__(body, classes=f"turn turn-{turn.speaker}", markup=False)
        self.turn = turn


class Conversation(Vertical):
    """The turns of the current step, oldest first."""

    DEFAULT_CSS = "Conversation { height: auto; }"

    def show(self, turns: list[Turn]) -> bool:
        """Mount the turns not shown yet (the list only grows within a step); True if any."""
        new = turns[len(self.turns):]
        if new:
            self.mount_all([TurnView(t) for t in new])
        return bool(new)

    def clear(self) -> None:
        """Forget the turns (a new step)."""
        self.remove_children()

    @property
    def turns(self) -> list[Turn]:
        """The turns shown, oldest first."""
        return [view.turn for view in self.query(TurnView)]
