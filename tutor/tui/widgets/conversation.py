"""The step's conversation: the learner's attempts and the tutor's turns, scrollable."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

Speaker = Literal["you", "tutor", "hint", "reveal", "pass", "note"]

_LABELS: dict[Speaker, str] = {
    "you": "You", "tutor": "Tutor", "hint": "Tutor · hint", "reveal": "Tutor · explanation",
    "pass": "Tutor", "note": "",
}


class Turn(Static):
    """One turn of the conversation."""

    def __init__(self, speaker: Speaker, text: str, *, detail: str = "") -> None:
        body = Text()
        label = _LABELS[speaker] + (f" · {detail}" if detail else "")
        if label:
            body.append(label + "\n", style="bold")
        body.append(text)
        super().__init__(body, classes=f"turn turn-{speaker}", markup=False)
        self.speaker = speaker
        self.text = text


class Conversation(Vertical):
    """The turns of the current step, oldest first."""

    DEFAULT_CSS = "Conversation { height: auto; }"

    def add(self, speaker: Speaker, text: str, *, detail: str = "") -> Turn:
        """Append a turn."""
        turn = Turn(speaker, text, detail=detail)
        self.mount(turn)
        return turn

    def clear(self) -> None:
        """Forget the turns (a new step)."""
        self.remove_children()

    @property
    def turns(self) -> list[Turn]:
        """The turns shown, oldest first."""
        return list(self.query(Turn))
