"""Generate the labelled transcripts in this folder from the dialogues in dialogues.py.

The real state machine (`tutor.session.transition`) drives each dialogue and the real
`tutor.store.Transcript` writes it, so the files are exactly what the TUI writes. The
recorded verdicts are hand-written (what the grader said at the time, normally agreeing
with the human label); no grader is run. Human labels are then added as top-level
"label"/"tags" on submit records, and timestamps are fixed so reruns give the same bytes.

Run: python evals/transcripts/make_transcripts.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutor.grading.verdict import Decision, Flag, Verdict
from tutor.lesson import Lesson, load_lesson
from tutor.session import (
    Choose,
    Continue,
    Event,
    Phase,
    RequestGrade,
    Reveal,
    ShowHint,
    Shown,
    Skip,
    State,
    Stuck,
    Submit,
    VerdictReady,
    transition,
)
from tutor.session.start import start_event
from tutor.store.records import Header
from tutor.store.transcript import Transcript

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dialogues import DIALOGUES, HINTS  # noqa: E402

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class Writer:
    """Drives the machine and records every event and note, like the TUI driver does."""

    def __init__(self, lesson: Lesson, name: str, index: int) -> None:
        self.lesson = lesson
        header = Header(session_id=f"eval-{name}", lesson=lesson.name,
                        content_hash=lesson.content_hash, grader="local",
                        started_at=(T0 + timedelta(hours=index)).isoformat())
        self.path = HERE / f"{name}.jsonl"
        self.path.unlink(missing_ok=True)
        self.transcript = Transcript(self.path)
        self.transcript._write(header.model_dump(mode="json"))
        self.state = State()
        self.pending: RequestGrade | None = None
        self.labels: dict[int, tuple[str, list[str]]] = {}

    def fire(self, event: Event) -> None:
        self.transcript.append(event)
        self.state, effects = transition(self.state, event)
        for effect in effects:
            if isinstance(effect, RequestGrade):
                self.pending = effect
            elif isinstance(effect, ShowHint):
                self.transcript.note(kind="hint", step=effect.number, rung=effect.rung.value,
                                     text=HINTS[effect.number], stuck=effect.stuck)
            elif isinstance(effect, Reveal):
                step = self.lesson.step(effect.number)
                assert step is not None
                self.transcript.note(kind="reveal", step=effect.number, text=step.checkpoint)

    def answer(self, text: str, label: str, tags: str, recorded: str | None = None) -> None:
        self.fire(Submit(answer=text))
        self.labels[self.transcript.seq] = (label, tags.split())
        grade = self.pending
        assert grade is not None and self.state.phase is Phase.GRADING
        decision = Decision(recorded or label)
        flags = [Flag.INJECTION] if "injection" in tags.split() else []
        verdict = Verdict(decision=decision, score=0.85 if decision is Decision.ADVANCE else 0.25,
                          feedback="", hint=None, rung=grade.rung, flags=flags, grader="local",
                          latency_ms=4.0)
        self.fire(VerdictReady(attempt_id=grade.attempt_id, verdict=verdict))

    def play(self, plays: list[tuple[int, list[tuple[str, ...]]]]) -> None:
        # Written before a buttons step needed a choice (the Start event carries that rule):
        # one dialogue answers step 7 with no option picked, as its learner did.
        self.fire(replace(start_event(self.lesson), choose_first=()))
        for number, turns in plays:
            while self.state.steps[self.state.index] != number:
                self.fire(Shown())
                self.fire(Skip())
            self.fire(Shown())
            for turn in turns:
                if turn[0] == "answer":
                    self.answer(*turn[1:])
                elif turn[0] == "stuck":
                    self.fire(Stuck())
                elif turn[0] == "choose":
                    self.fire(Choose(option=turn[1]))
            if self.state.phase in (Phase.PASSED, Phase.REVEALED):
                self.fire(Continue())

    def finish(self, index: int) -> None:
        """Fix the clock and add the human labels to submit records."""
        out = []
        for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines()):
            record: dict[str, Any] = json.loads(line)
            if record["kind"] != "header":
                record["at"] = (T0 + timedelta(hours=index, seconds=20 * n)).isoformat()
                if record["seq"] in self.labels:
                    record["label"], record["tags"] = self.labels[record["seq"]]
            out.append(json.dumps(record, ensure_ascii=False))
        self.path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    """Write one transcript per dialogue."""
    lesson = load_lesson("how-llms-work")
    for index, (name, plays) in enumerate(sorted(DIALOGUES.items())):
        writer = Writer(lesson, name, index)
        writer.play(plays)
        writer.finish(index)
        print(f"wrote {writer.path.name}: {len(writer.labels)} labelled answers")


if __name__ == "__main__":
    main()
