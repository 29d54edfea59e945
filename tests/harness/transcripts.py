"""Write real transcripts (the store's writer, the session's machine) and add human labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.grading import Decision, Verdict
from tutor.lesson import Lesson
from tutor.session import (
    Continue,
    Event,
    ShowHint,
    Shown,
    State,
    Stuck,
    Submit,
    VerdictReady,
    transition,
)
from tutor.session.start import start_event
from tutor.store import Transcript


class Session:
    """Drives the state machine and records it as the TUI's driver does (events + hint notes)."""

    def __init__(self, lesson: Lesson, root: Path) -> None:
        self.lesson = lesson
        self.transcript = Transcript.create(lesson.name, lesson.content_hash, root=root)
        self.state = State()
        self.apply(start_event(lesson))

    @property
    def path(self) -> Path:
        return self.transcript.path

    @property
    def line(self) -> int:
        """The file line of the last record written (the header is line 1)."""
        return self.transcript.seq + 1

    def apply(self, event: Event) -> None:
        self.state, effects = transition(self.state, event)
        self.transcript.append(event)
        for effect in effects:
            if isinstance(effect, ShowHint):
                text = effect.text or f"templated {effect.rung.value} hint"
                self.transcript.note(kind="hint", step=effect.number, rung=effect.rung.value,
                                     text=text, stuck=effect.stuck)

    def submit(self, answer: str) -> int:
        self.apply(Submit(answer=answer))
        return self.line

    def verdict(self, decision: Decision, hint: str | None = None) -> None:
        assert self.state.pending_id is not None
        self.apply(VerdictReady(attempt_id=self.state.pending_id,
                                verdict=Verdict(decision=decision, score=0.5, hint=hint)))

    def shown(self) -> None:
        self.apply(Shown())

    def stuck(self) -> None:
        self.apply(Stuck())

    def next(self) -> None:
        self.apply(Continue())

    def lab(self, step: int, summary: str) -> None:
        self.transcript.note(kind="lab", step=step, lab="tokenizer", summary=summary)


def add_labels(path: Path, labels: dict[int, dict[str, Any]]) -> None:
    """Add top-level keys (label, tags) to the records on the given file lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, extra in labels.items():
        record = json.loads(lines[line - 1])
        record.update(extra)
        lines[line - 1] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
