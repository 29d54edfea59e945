"""The step's conversation: the learner's attempts and the tutor's turns, scrollable."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from tutor.turns import Speaker, Turn

_LABELS: dict[Speaker, str] = {
    "you": "You", "tutor": "Tutor", "hint": "Tutor · hint", "reveal": "Tutor · explanation",
    "pass": "Tutor", "note": "",
}


def turn_body(label: str, text: str) -> RenderableType:
    """The turn's label, then its text; a "- " list (the explanation's ideas) is drawn with
    a hanging indent, so that a wrapped idea does not run back under its bullet."""
    head = Text()
    if label:
        head.append(label + "\n", style="bold")  # a span: the text after it is not bold
    if not any(line.startswith("- ") for line in text.splitlines()):
        return head + Text(text)
    parts: list[RenderableType] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        j = i
        if lines[i].startswith("- "):
            items = Table.grid(padding=(0, 1, 0, 0))
            while j < len(lines) and lines[j].startswith("- "):
                items.add_row("-", Text(lines[j][2:]))
                j += 1
            parts.append(items)
        else:
            while j < len(lines) and not lines[j].startswith("- "):
                j += 1
            parts.append(Text("\n".join(lines[i:j])))
        i = j
    if label:
        head.rstrip()
        parts.insert(0, head)
    return Group(*parts)


class TurnView(Static):
    """One turn of the conversation."""

    def __init__(self, turn: Turn) -> None:
        label = _LABELS[turn.speaker] + (f" · {turn.detail}" if turn.detail else "")
        super().__init__(turn_body(label, turn.text), classes=f"turn turn-{turn.speaker}",
                         markup=False)
        self.turn = turn
        #: Scroll this turn wholly into view at its first layout (the newest turn does).
        self.bring_into_view = False

    def on_resize(self) -> None:
        # Here, not right after the mount: only now is the turn's height known, and so
        # how far the step scrolls. A scroll made earlier fell short of a reply.
        if self.bring_into_view:
            self.bring_into_view = False
            # top: a reply taller than the view shows its start, where it is read from.
            self.scroll_visible(top=True, animate=False, immediate=True)
            # Once more after the next refresh: when a whole step's past is mounted at once
            # (a resumed step), the scroll above runs before the step has grown to hold it
            # and stops short (at the top). Where it already is in view, this does nothing.
            self.call_after_refresh(self._again)

    def _again(self) -> None:
        newest = self.parent.query(TurnView).last() if self.parent is not None else None
        if newest is self:  # a newer turn brings itself into view instead
            self.scroll_visible(top=True, animate=False)


class Conversation(Vertical):
    """The turns of the current step, oldest first."""

    DEFAULT_CSS = "Conversation { height: auto; }"

    def show(self, turns: list[Turn]) -> bool:
        """Mount the turns not shown yet (the list only grows within a step); True if any.

        The newest of them brings itself into view once it has been laid out.
        """
        new = turns[len(self.turns):]
        if new:
            for view in self.query(TurnView):
                view.bring_into_view = False  # an older turn laid out late must not win
            views = [TurnView(t) for t in new]
            views[-1].bring_into_view = True
            self.mount_all(views)
        return bool(new)

    def clear(self) -> None:
        """Forget the turns (a new step)."""
        self.remove_children()

    @property
    def turns(self) -> list[Turn]:
        """The turns shown, oldest first."""
        return [view.turn for view in self.query(TurnView)]
