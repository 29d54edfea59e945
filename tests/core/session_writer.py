"""A learner session in a subprocess, for the kill -9 test: prints each event once it is durable."""

from __future__ import annotations

import sys

from tutor.grading import Decision, Verdict
from tutor.lesson import load_lesson
from tutor.session import Continue, Event, Shown, State, Submit, VerdictReady, transition
from tutor.session.start import start_event
from tutor.store import Transcript


def main() -> None:
    lesson = load_lesson()
    transcript = Transcript.create(lesson.name, lesson.content_hash)
    state, _ = transition(State(), start_event(lesson))
    transcript.append(start_event(lesson))
    print("start", flush=True)
    n = 0
    while True:  # walk the lesson forever (restarting is not needed: the parent kills us)
        n += 1
        script: list[Event] = [Shown(), Submit(answer=f"answer number {n}")]
        for event in script:
            state, _ = transition(state, event)
            transcript.append(event)
            print(f"{event.type} {state.step_number}", flush=True)
        if state.pending_id is not None:
            advance = n % 2 == 0
            verdict = VerdictReady(attempt_id=state.pending_id, verdict=Verdict(
                decision=Decision.ADVANCE if advance else Decision.HINT, score=0.5))
            state, _ = transition(state, verdict)
            transcript.append(verdict)
            print(f"verdict {state.step_number}", flush=True)
            if advance:
                state, _ = transition(state, Continue())
                transcript.append(Continue())
                print(f"continue {state.step_number}", flush=True)
        if state.step_number is None:
            sys.stdin.readline()  # lesson done: wait to be killed


if __name__ == "__main__":
    main()
