"""Each step's conversation as the learner saw it, and the earlier work the grader is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tutor.grading.screen_text import feedback_text
from tutor.grading.terms import Rung
from tutor.session import (
    AnswerTooLong,
    Choose,
    Effect,
    Event,
    GoTo,
    PresentStep,
    RequestGrade,
    Reveal,
    ShowFeedback,
    ShowHint,
    VerdictReady,
)

if TYPE_CHECKING:
    from tutor.grading.verdict import Attempt, Verdict

Speaker = Literal["you", "tutor", "pass", "hint", "reveal", "note"]

#: The detail of a turn typed after the step was passed or explained.
REMARK = "typed after the step was done: kept, not graded"

_RUNG_NAMES = {Rung.PUMP: "a nudge", Rung.HINT: "a hint", Rung.PROMPT: "a pointed question",
               Rung.ASSERTION: "the last hint"}


@dataclass(frozen=True)
class Turn:
    """One turn of a step's conversation, as the learner saw it."""

    speaker: Speaker
    text: str
    detail: str = ""


@dataclass
class StepLog:
    """Earlier work on a step: for the grader (attempts, lab notes) and the screen (turns)."""

    attempts: list[Attempt] = field(default_factory=list)
    lab_notes: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)


def excerpt(text: str, limit: int = 160) -> str:
    """The start of `text`, cut at a word with an ellipsis when it is longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:.") + "…"


def too_long_turns(effect: AnswerTooLong) -> list[Turn]:
    """The answer's start (not all of it: it would fill the screen) and why it was not sent."""
    size = len(effect.answer)
    return [
        Turn("you", excerpt(effect.answer), f"{size:,} characters, not sent"),
        Turn("tutor", f"That answer is {size:,} characters long; the limit is "
                      f"{effect.limit:,}. All of it is still in the answer box: cut it down "
                      "to the heart of your idea, then press Enter."),
    ]


class Words(Protocol):
    """Where the words of turns no grader wrote come from (the driver)."""

    def hint_text(self, effect: ShowHint) -> str: ...

    def reveal_text(self, effect: Reveal) -> str: ...

    def choice_question(self, number: int, option: str) -> str | None: ...


class History:
    """The steps' logs, keyed by step number, and the answers now with the grader."""

    def __init__(self) -> None:
        self._logs: dict[int, StepLog] = {}
        self._requests: dict[int, RequestGrade] = {}

    def log(self, number: int) -> StepLog:
        """The log of a step (empty before its first turn)."""
        return self._logs.setdefault(number, StepLog())

    def add(self, number: int, *turns: Turn) -> None:
        """Append turns to a step's conversation."""
        self.log(number).turns.extend(turns)

    def observe(self, event: Event, effects: list[Effect], words: Words, *,
                number: int | None) -> None:
        """Add what an event and its effects showed on step `number` (the current one)."""
        if isinstance(event, Choose) and number is not None:
            question = words.choice_question(number, event.option)
            if question:
                self.add(number, Turn("tutor", question))
        for effect in effects:
            if isinstance(effect, RequestGrade):
                self.asked(effect)
            elif isinstance(effect, ShowFeedback) and isinstance(event, VerdictReady):
                self.answered(event.attempt_id, effect.number, effect.verdict,
                              feedback_text(effect.verdict))
            elif isinstance(effect, ShowHint):
                self.hinted(effect, words.hint_text(effect),
                            graded=isinstance(event, VerdictReady))
            elif isinstance(effect, Reveal):
                self.add(effect.number, Turn("reveal", words.reveal_text(effect)))
            elif isinstance(effect, AnswerTooLong):
                self.add(effect.number, *too_long_turns(effect))
            elif isinstance(effect, PresentStep) and isinstance(event, GoTo):
                self.revisit(effect.number)

    def revisit(self, number: int) -> None:
        """A step gone back to starts afresh: no turns (its Question in view) and no earlier
        attempts for the grader, which credited the first visit's words to the redo."""
        log = self.log(number)
        log.turns.clear()
        log.attempts.clear()

    def reread(self, note: dict[str, Any]) -> None:
        """A transcript note read back on resume: a lab's summary or a remark."""
        if note.get("kind") == "lab":
            self.lab(int(note["step"]), str(note["lab"]), str(note["summary"]))
        elif note.get("kind") == "remark":
            self.add(int(note["step"]), Turn("you", str(note["text"]), REMARK))

    def asked(self, effect: RequestGrade) -> None:
        """An answer went to the grader: the learner's turn."""
        self._requests[effect.attempt_id] = effect
        choice = f"chose “{effect.choice}”" if effect.choice else ""
        self.add(effect.number, Turn("you", effect.answer, choice))

    def answered(self, attempt_id: int, number: int, verdict: Verdict, text: str) -> None:
        """The grader's verdict on an answer, shown as `text`: an attempt for the next one."""
        log = self.log(number)
        asked = self._requests.pop(attempt_id, None)
        if asked is not None:
            from tutor.grading.verdict import Attempt  # loaded with the verdict being shown

            log.attempts.append(Attempt(answer=asked.answer))
        if verdict.advanced:
            log.turns.append(Turn("pass", text, "✓ passed"))
        elif text:
            log.turns.append(Turn("tutor", text))

    def hinted(self, effect: ShowHint, text: str, *, graded: bool) -> None:
        """A hint shown; after a graded answer it is that attempt's hint for the grader."""
        log = self.log(effect.number)
        if graded and log.attempts:
            from tutor.grading.verdict import Attempt

            log.attempts[-1] = Attempt(answer=log.attempts[-1].answer, hint=text)
        detail = _RUNG_NAMES[effect.rung] + (" (you asked)" if effect.stuck else "")
        log.turns.append(Turn("hint", text, detail))

    def lab(self, number: int, lab: str, summary: str) -> None:
        """What the learner did in a lab: context for the grader, a note on screen."""
        log = self.log(number)
        log.lab_notes.append(summary)
        log.turns.append(Turn("note", summary, f"lab: {lab}"))
