"""The embedding-space lab: nearest words, word arithmetic, and a 2-D map of the words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from tutor.labs.embeddings import (
    AnalogyResult,
    Neighbour,
    WordSpace,
    describe_analogy,
    describe_words,
    shared_space,
    shipped_words,
)
from tutor.labs.errors import LabError
from tutor.labs.expression import parse_expression, parse_word_list
from tutor.labs.projection import scatter
from tutor.tui.labs.base import LabScreen

DEFAULT_EXPRESSION = "king - man + woman = queen"
SUM_MARK = "*"
MAX_WORDS = 12
PLOT_SIZE = (35, 10)


@dataclass(frozen=True)
class WordsView:
    """What the words box produced: each word's neighbours and the plot lines."""

    words: list[str]
    neighbours: dict[str, list[Neighbour]]
    plot: list[str]


def render_neighbours(view: WordsView) -> Text:
    """One line per word: its two nearest list words with cosines."""
    width = max(len(w) for w in view.words)
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, (word, near) in enumerate(view.neighbours.items()):
        if i:
            text.append("\n")
        text.append(f"{word:<{width}} ", style="bold")
        text.append("  ".join(f"{n.word} {n.cosine:.2f}" for n in near[:2]), style="")
    return text


def _plot(space: WordSpace, words: list[str], sum_text: str) -> list[str]:
    """The words on a 2-D map, with the sum marked among them when it can be computed."""
    try:
        total = space.sum_vector(parse_expression(sum_text))
    except LabError:  # the sum box is reported on its own; the map just goes without it
        return scatter(space.project(words), words, *PLOT_SIZE)
    points = space.project(words, extra=total)
    marks = ["•"] * len(words) + [SUM_MARK]
    return scatter(points, [*words, "sum"], *PLOT_SIZE, markers=marks)


class EmbeddingsLab(LabScreen):
    """Embed words with the shipped model and explore the space they land in."""

    LAB_TITLE = "Lab: embedding space"
    DEFAULT_CSS = """
    EmbeddingsLab #body { height: 10; margin-top: 1; }
    EmbeddingsLab #neighbours { width: 1fr; height: 100%; padding-right: 1; }
    EmbeddingsLab #plot { width: 37; height: 100%; border-left: solid $panel; padding-left: 1; }
    EmbeddingsLab #analogy { height: auto; margin-top: 1; }
    """

    class WordsDone(Message):
        """The words box was embedded (posted from the worker)."""

        def __init__(self, view: WordsView, record: bool) -> None:
            super().__init__()
            self.view = view
            self.record = record

    class AnalogyDone(Message):
        """An expression was evaluated (posted from the worker)."""

        def __init__(self, result: AnalogyResult, record: bool) -> None:
            super().__init__()
            self.result = result
            self.record = record

    class Failed(Message):
        """Input that cannot be used, or a model that cannot load."""

        def __init__(self, where: str, reason: str) -> None:
            super().__init__()
            self.where = where
            self.reason = reason

    def __init__(
        self, words: list[str], expression: str = DEFAULT_EXPRESSION,
        space: Callable[[], WordSpace] = shared_space,
    ) -> None:
        super().__init__()
        self.load_space = space
        self.shown_words: WordsView | None = None
        self.shown_analogy: AnalogyResult | None = None
        self.initial_words = words
        self.initial_expression = expression

    def compose_lab(self) -> ComposeResult:
        yield Static(
            f"Words: nearest of {len(shipped_words())} listed words, and a 2-D map (PCA squeezes "
            "384 dimensions into 2: trust the cosines). Sum: where king - man + woman lands "
            f"({SUM_MARK} on the map) and how near [b]= queen[/b]. Enter runs a box.",
            classes="lab-help",
        )
        with Horizontal(classes="lab-row"):
            yield Label("Words:", classes="lab-label")
            yield Input(", ".join(self.initial_words), id="words")
        with Horizontal(classes="lab-row"):
            yield Label("Sum:  ", classes="lab-label")
            yield Input(self.initial_expression, id="expression")
        yield Static("loading model…", id="status", classes="lab-status")
        with Horizontal(id="body"):
            yield Static("", id="neighbours")
            yield Static("", id="plot")
        yield Static("", id="analogy")

    def on_mount(self) -> None:
        words = self.query_one("#words", Input)
        words.focus()
        words.cursor_position = 0  # show the start of a long list, not its tail
        self.embed_words(", ".join(self.initial_words), self.initial_expression, record=False)
        self.evaluate(self.initial_expression, record=False)

    @work(thread=True, exclusive=True, group="lab-embed-words", exit_on_error=False)
    def embed_words(self, text: str, sum_text: str, record: bool) -> None:
        """Embed the words box's words, find neighbours and map them, off the UI thread."""
        try:
            words = parse_word_list(text)[:MAX_WORDS]
            if not words:
                raise LabError("Type a few words, separated by commas.")
            space = self.load_space()
            neighbours = {w: space.neighbours_of(w, 3) for w in words}
            plot = _plot(space, words, sum_text) if len(words) > 1 else []
        except LabError as exc:
            self.post_message(self.Failed("words", exc.message))
            return
        except Exception as exc:  # the model is optional to the step: report, never crash
            self.post_message(self.Failed("model", f"The embedding model could not run: {exc}"))
            return
        if not get_current_worker().is_cancelled:  # a newer request replaced this one
            self.post_message(self.WordsDone(WordsView(words, neighbours, plot), record))

    @work(thread=True, exclusive=True, group="lab-embed-sum", exit_on_error=False)
    def evaluate(self, text: str, record: bool) -> None:
        """Evaluate a word sum against the list, off the UI thread."""
        try:
            result = self.load_space().evaluate(parse_expression(text))
        except LabError as exc:
            self.post_message(self.Failed("analogy", exc.message))
            return
        except Exception as exc:  # the model is optional to the step: report, never crash
            self.post_message(self.Failed("model", f"The embedding model could not run: {exc}"))
            return
        if not get_current_worker().is_cancelled:  # a newer request replaced this one
            self.post_message(self.AnalogyDone(result, record))

    @on(Input.Submitted, "#words")
    def _words_submitted(self, event: Input.Submitted) -> None:
        self.embed_words(event.value, self.query_one("#expression", Input).value, record=True)

    @on(Input.Submitted, "#expression")
    def _expression_submitted(self, event: Input.Submitted) -> None:
        self.evaluate(event.value, record=True)
        # Redraw the map so the sum's mark moves too.
        self.embed_words(self.query_one("#words", Input).value, event.value, record=False)

    def on_embeddings_lab_words_done(self, message: EmbeddingsLab.WordsDone) -> None:
        self.query_one("#status", Static).display = False
        self.query_one("#neighbours", Static).update(render_neighbours(message.view))
        self.query_one("#plot", Static).update("\n".join(message.view.plot))
        self.shown_words = message.view
        if message.record:
            self.record(describe_words(message.view.words, message.view.neighbours))

    def on_embeddings_lab_analogy_done(self, message: EmbeddingsLab.AnalogyDone) -> None:
        self.query_one("#status", Static).display = False
        result = self.shown_analogy = message.result
        self.query_one("#analogy", Static).update(
            Text(result.expression.sum_text + " → ", style="bold") + Text(result.statement())
        )
        if message.record:
            self.record(describe_analogy(result))

    def before_close(self) -> None:
        if self.shown_words is not None:
            self.record(describe_words(self.shown_words.words, self.shown_words.neighbours))
        if self.shown_analogy is not None:
            self.record(describe_analogy(self.shown_analogy))

    def on_embeddings_lab_failed(self, message: EmbeddingsLab.Failed) -> None:
        if message.where == "model":
            status = self.query_one("#status", Static)
            status.update(message.reason)
            status.set_classes("lab-error")
            status.display = True
        elif message.where == "words":
            self.query_one("#neighbours", Static).update(Text(message.reason, style="red"))
        else:
            self.query_one("#analogy", Static).update(Text(message.reason, style="red"))
