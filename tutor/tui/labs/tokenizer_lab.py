"""The tokenizer lab: type text, see the real WordPiece pieces and the counts."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from tutor.labs.model import TextModel, load_model
from tutor.labs.tokenizer import CONTINUATION, Tokenized, describe, is_continuation, tokenize
from tutor.tui.labs.base import LabScreen
from tutor.wording import count

# Background colours that stay readable with white text in light and dark themes.
PALETTE = ("#1f5f99", "#7a3e9d", "#2e7d4f", "#a3521a", "#8c2b4a", "#3b6e75")


def render_pieces(result: Tokenized, width: int | None = None) -> Text:
    """Each token on its own colour; `##` continuations marked, joined to their word.

    Lines break between tokens, never inside one: at a space between words, or, for a word
    longer than the line, between two of its pieces (the `##` mark shows where it goes on).
    `width`: the columns to fill; None leaves the wrapping to whoever draws the text.
    """
    text = Text(no_wrap=width is not None, overflow="fold")
    column = 0
    for i, piece in enumerate(result.pieces):
        style = f"white on {PALETTE[i % len(PALETTE)]}"
        continues = is_continuation(piece)
        gap = 1 if i and not continues else 0
        if width is not None and column and column + gap + len(piece) > width:
            text.append("\n")
            column, gap = 0, 0
        if gap:
            text.append(" ")
        if continues:
            text.append(CONTINUATION, style=f"bold yellow on {PALETTE[i % len(PALETTE)]}")
            text.append(piece[len(CONTINUATION):], style=style)
        else:
            text.append(piece, style=style)
        column += gap + len(piece)
    return text


def render_counts(result: Tokenized) -> str:
    """"7 tokens · 4 words · 1.75 tokens a word"."""
    ratio = result.tokens_per_word
    per_word = f" · {ratio:.2f} tokens a word" if ratio is not None else ""
    return f"{count(result.token_count, 'token')} · {count(result.words, 'word')}{per_word}"


class TokenizerLab(LabScreen):
    """Tokenize any text with the shipped WordPiece tokenizer."""

    LAB_TITLE = "Lab: tokenizer"

    class Result(Message):
        """A text was split into tokens (posted from the worker)."""

        def __init__(self, result: Tokenized, submitted: bool) -> None:
            super().__init__()
            self.result = result
            self.submitted = submitted

    class Failed(Message):
        """The model could not be loaded or run."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, text: str = "", model: Callable[[], TextModel] = load_model) -> None:
        super().__init__()
        self.initial_text = text
        self.load_model = model
        self.shown: Tokenized | None = None
        self._requested: str | None = None

    def compose_lab(self) -> ComposeResult:
        yield Static(
            "Type any text; tokens update as you type, Enter records it. "
            "A [b]##[/b] piece continues the word before it, with no space. "
            "Try rare words, names, numbers, another language.",
            classes="lab-help",
        )
        with Horizontal(classes="lab-row"):
            yield Label("Text:", classes="lab-label")
            yield Input(self.initial_text, id="text", placeholder="type a sentence")
        yield Static("loading model…", id="status", classes="lab-status")
        yield Static("", id="pieces")
        yield Static("", id="counts")
        yield Static(
            "This is WordPiece, the tokenizer of the tutor's own small model (MiniLM). "
            "It lower-cases text. GPT and Claude use byte-level BPE tokenizers, so "
            "their splits and counts differ a little.",
            classes="lab-help", id="note",
        )

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()
        self._tokenize(self.initial_text, submitted=False)

    def _tokenize(self, text: str, submitted: bool) -> None:
        self._requested = text
        self.run_tokenizer(text, submitted)

    @work(thread=True, exclusive=True, group="lab-tokenizer", exit_on_error=False)
    def run_tokenizer(self, text: str, submitted: bool) -> None:
        """Load the model (first time only) and tokenize, off the UI thread."""
        try:
            result = tokenize(text, self.load_model())
        except Exception as exc:  # the model is optional to the step: report, never crash
            self.post_message(self.Failed(f"The tokenizer could not run: {exc}"))
            return
        self.post_message(self.Result(result, submitted))

    @on(Input.Changed, "#text")
    def _text_changed(self, event: Input.Changed) -> None:
        # The prefilled value also arrives as a change; running again would cancel the first run.
        if event.value != self._requested:
            self._tokenize(event.value, submitted=False)

    @on(Input.Submitted, "#text")
    def _text_submitted(self, event: Input.Submitted) -> None:
        self._tokenize(event.value, submitted=True)

    def on_tokenizer_lab_result(self, message: TokenizerLab.Result) -> None:
        if message.result.text != self._requested:
            return  # a slower, older run: the learner has typed on since
        self.shown = message.result
        self.query_one("#status", Static).display = False
        self._draw_pieces()
        self.query_one("#counts", Static).update(render_counts(message.result))
        if message.submitted and message.result.text.strip():
            self.record(describe(message.result))

    def _draw_pieces(self) -> None:
        if self.shown is None:
            return
        pieces = self.query_one("#pieces", Static)
        width = pieces.content_region.width or self.app.size.width - 4
        pieces.update(render_pieces(self.shown, width))

    def on_resize(self) -> None:
        self._draw_pieces()  # the lines break between tokens at the new width

    def on_tokenizer_lab_failed(self, message: TokenizerLab.Failed) -> None:
        status = self.query_one("#status", Static)
        status.update(message.reason)
        status.set_classes("lab-error")

    def before_close(self) -> None:
        if self.shown is not None and self.shown.text.strip():
            self.record(describe(self.shown))
