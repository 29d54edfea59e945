"""Where the learner answers: a one-line box (Enter submits) or a multi-line editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Button, Input

if TYPE_CHECKING:
    from textual.widgets import TextArea


class SendAnswer(Message):
    """The learner sent the multi-line editor's text (ctrl+s)."""


def _editor(enter_sends: bool) -> TextArea:
    """The multi-line editor, built on first use (TextArea is slow to import)."""
    from textual import events
    from textual.widgets import TextArea

    class AnswerEditor(TextArea):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("ctrl+s", "send", "Send answer", show=True)]

        #: Enter sends instead of starting a line (after a pass, when Enter goes on).
        enter_sends = False

        def action_send(self) -> None:
            self.post_message(SendAnswer())

        async def _on_key(self, event: events.Key) -> None:
            if event.key == "enter" and self.enter_sends:
                event.stop()
                event.prevent_default()
                self.post_message(SendAnswer())
                return
            await super()._on_key(event)

    editor = AnswerEditor(id="editor", soft_wrap=True, show_line_numbers=False)
    editor.enter_sends = enter_sends
    return editor


class AnswerInput(Input):
    """The one-line answer box.

    Textual's Input sets its virtual width to the text's on every key, and a change of
    virtual size asks for a layout of the whole screen: with a long lesson step and a grader
    busy in another thread that made a typed key take 50-250 ms to show. The box has a fixed
    size and scrolls itself (ScrollView keeps its own virtual size), so a repaint is enough.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class AnswerBox(Horizontal):
    """The answer input, the editor behind ctrl+n, and the "I'm stuck" and Lab buttons."""

    DEFAULT_CSS = """
    AnswerBox { height: auto; padding: 0 1; }
    AnswerBox Input { width: 1fr; }
    AnswerBox #editor { width: 1fr; height: 8; display: none; }
    AnswerBox.editing #editor { display: block; }
    AnswerBox.editing Input { display: none; }
    AnswerBox Button { min-width: 11; margin: 0 0 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._enter_sends = False

    @property
    def enter_sends(self) -> bool:
        """Enter sends from the multi-line editor too (it starts a new line otherwise)."""
        return self._enter_sends

    @enter_sends.setter
    def enter_sends(self, value: bool) -> None:
        self._enter_sends = value
        editor = self.editor
        if editor is not None:
            editor.enter_sends = value  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        # select_on_focus off: tabbing to the buttons and back must not select the draft, so
        # that the next key typed adds to it instead of replacing it.
        yield AnswerInput(placeholder="Your answer — Enter to submit", id="answer",
                          select_on_focus=False)
        yield Button("I'm stuck", id="stuck")
        yield Button("Lab", id="lab")

    @property
    def input(self) -> Input:
        return self.query_one("#answer", Input)

    @property
    def editor(self) -> TextArea | None:
        """The multi-line editor, once it has been opened (TextArea is not imported before)."""
        for child in self.children:
            if child.id == "editor":
                return child  # type: ignore[return-value]
        return None

    @property
    def editing(self) -> bool:
        """The multi-line editor is open."""
        return self.has_class("editing")

    @property
    def text(self) -> str:
        """The answer as typed, in whichever box is open."""
        editor = self.editor
        return editor.text if self.editing and editor is not None else self.input.value

    @text.setter
    def text(self, value: str) -> None:
        self.input.value = value.replace("\n", " ")
        editor = self.editor
        if editor is not None:
            editor.text = value

    def toggle_editor(self) -> None:
        """Switch between the one-line box and the editor, carrying the text over."""
        text = self.text
        if self.editor is None:
            self.mount(_editor(self._enter_sends), after=self.input)
        self.toggle_class("editing")
        self.call_after_refresh(self._carry, text)

    def close_editor(self) -> None:
        """Back to the one-line box, if the editor is open (its text goes with it)."""
        if self.editing:
            text = self.text
            self.remove_class("editing")
            self.text = text

    def _carry(self, text: str) -> None:
        self.text = text
        self.focus_answer()

    def focus_answer(self) -> None:
        """Put the cursor in the open box."""
        editor = self.editor
        if self.editing and editor is not None:
            editor.focus()
            editor.move_cursor(editor.document.end)
        else:
            self.input.focus()
            self.input.cursor_position = len(self.input.value)
