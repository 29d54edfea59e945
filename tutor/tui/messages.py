"""Messages that carry results from workers back to the handlers that change state."""

from __future__ import annotations

from textual.message import Message

from tutor.session import Event


class Graded(Message):
    """A grading worker finished: the event (VerdictReady or GraderFailed) to apply."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class Chose(Message):
    """The learner picked an option of the step's buttons."""

    def __init__(self, option: str) -> None:
        super().__init__()
        self.option = option
