"""Where the learner answers: a one-line box (Enter submits) or a multi-line editor."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, TextArea


class AnswerEditor(TextArea):
    """The multi-line editor for long answers; ctrl+s sends."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "send", "Send answer", show=True)]

    class Send(Message):
        """The learner sent the editor's text."""

    def action_send(self) -> None:
        self.post_message(self.Send())


class AnswerBox(Horizontal):
    """The answer input, the editor behind ctrl+n, and the "I'm stuck" and Lab buttons."""

    DEFAULT_CSS = """
    AnswerBox { height: auto; padding: 0 1; }
    AnswerBox Input { width: 1fr; }
    AnswerBox AnswerEditor { width: 1fr; height: 8; display: none; }
    AnswerBox.editing AnswerEditor { display: block; }
    AnswerBox.editing Input { display: none; }
    AnswerBox Button { min-width: 11; margin: 0 0 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Your answer — Enter to submit", id="answer")
        yield AnswerEditor(id="editor", soft_wrap=True, show_line_numbers=False)
        yield Button("I'm stuck", id="stuck")
        yield Button("Lab", id="lab")

    @property
    def input(self) -> Input:
        return self.query_one("#answer", Input)

    @property
    def editor(self) -> AnswerEditor:
        return self.query_one("#editor", AnswerEditor)

    @property
    def editing(self) -> bool:
        """The multi-line editor is open."""
        return self.has_class("editing")

    @property
    def text(self) -> str:
        """The answer as typed, in whichever box is open."""
        return self.editor.text if self.editing else self.input.value

    @text.setter
    def text(self, value: str) -> None:
        self.input.value = value.replace("\n", " ")
        self.editor.text = value

    def toggle_editor(self) -> None:
        """Switch between the one-line box and the editor, carrying the text over."""
        text = self.text
        self.toggle_class("editing")
        self.text = text
        self.focus_answer()

    def focus_answer(self) -> None:
        """Put the cursor in the open box."""
        if self.editing:
            self.editor.focus()
            self.editor.move_cursor(self.editor.document.end)
        else:
            self.input.focus()
            self.input.cursor_position = len(self.input.value)
