"""Which of the lesson screen's commands do something on a step, and why a key does not."""

from __future__ import annotations

from tutor.lesson.models import Step
from tutor.session import Phase
from tutor.tui.status import NO_HINT

#: The palette's entries for the lesson screen's actions, in the order shown.
PALETTE = {
    "stuck": ("I'm stuck", "A hint for this step (ctrl+g)"),
    "toggle_card": ("Concept card", "Show or hide the card (ctrl+o)"),
    "toggle_diagram": ("Diagram", "Show or hide the diagram (ctrl+r)"),
    "lab": ("Lab", "Open this step's lab (ctrl+l)"),
    "toggle_editor": ("Long answer", "Multi-line editor (ctrl+n, send: ctrl+s)"),
}

#: Keys for what a step may lack, and what it is called.
_NEEDS = {"ctrl+o": ("toggle_card", "concept card"), "ctrl+r": ("toggle_diagram", "diagram"),
          "ctrl+l": ("lab", "lab")}


def applies(action: str, step: Step | None, phase: Phase) -> bool | None:
    """True where the action does something; False: hidden; None: shown greyed."""
    if action == "toggle_card":
        return step is not None and bool(step.cards)
    if action == "toggle_diagram":
        return step is not None and bool(step.diagrams)
    if action == "lab":
        return step is not None and bool(step.labs)
    if action == "stuck":  # greyed where it gives no hint; pressed there, it says why
        return phase is Phase.AWAITING or None
    return True


def why_not(key: str, step: Step | None, phase: Phase) -> str | None:
    """Why a key whose binding is off here does nothing; None for any other key."""
    if step is None:
        return None
    if key == "ctrl+g":
        return NO_HINT.get(phase)
    action, what = _NEEDS.get(key, ("", ""))
    if action and not applies(action, step, phase):
        return f"This step has no {what}."
    return None
