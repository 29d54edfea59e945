"""The lesson screen's status line: which key does what, now."""

from __future__ import annotations

from tutor.session import Phase, State

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
#: "I'm stuck" where it gives no hint says why.
NO_HINT = {
    Phase.PASSED: "You have passed this step: no hint needed. Enter goes on.",
    Phase.REVEALED: "This step is explained above. Enter goes on.",
    Phase.GRADING: "Your answer is being read: the reply may be the hint you need.",
}


def status_line(state: State, *, editing: bool, offer_card: bool, last_step: bool) -> str:
    """The status line for this state (the spinner while grading is drawn apart)."""
    phase = state.phase
    if phase is Phase.AWAITING:
        if state.choice is None and state.steps and state.steps[state.index] in (
                state.choose_first):
            # Enter sends nothing here until an option is picked: say so where the eye is.
            return "Pick an option above first (click, or shift+tab), then say why."
        if editing:
            return _EDITOR_AWAITING
        if offer_card:
            return "Answer, then Enter. The concept card may help: ctrl+o."
        if state.record.outcome is not None and state.attempts == 0:
            return f"Redoing step {state.step_number}: answer again, then Enter."
    if phase in (Phase.PASSED, Phase.REVEALED):
        after = state.next_index
        if after >= len(state.steps):
            return _LAST_STATUS[phase] if last_step else "Done. Press Enter for your summary."
        if after != state.index + 1:  # a step redone: back to where the learner was
            done = "✓ Passed" if phase is Phase.PASSED else "Explained"
            return f"{done} — press Enter to go on to step {state.steps[after]}."
    return _STATUS.get(phase, "")
