"""Beside the step: the concept card and the diagram, each toggled by a key."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from tutor.lesson.models import CardDirective, DiagramDirective, Step
from tutor.tui.widgets.markdown import gfm_parser


class ConceptCard(Markdown):
    """A `hint:card`: the directive's title over the authored body, else the explanation."""

    @staticmethod
    def text_for(card: CardDirective, step: Step) -> str:
        """The card's Markdown."""
        body = card.body.strip() if card.body else step.explanation
        return f"### {card.title}\n\n{body}"


class DiagramView(Static):
    """A `hint:diagram`: the authored mermaid flowchart drawn as boxes and arrows."""

    @staticmethod
    def text_for(diagram: DiagramDirective, max_label: int, width: int = 80) -> Text:
        """The drawing, or a plain note when the lesson has no flowchart for it."""
        topic = diagram.topic or "diagram"
        head = Text(f"{topic[:1].upper()}{topic[1:]}\n\n", style="bold")
        if not diagram.source:
            return head + Text("This lesson has no drawing for this diagram yet.", style="dim")
        from tutor.tui.diagram_render import MermaidError, render_mermaid  # when one is shown

        try:
            lines = render_mermaid(diagram.source, max_label=max_label, width=width)
        except MermaidError as exc:
            return head + Text(f"Could not draw the diagram ({exc}).\n\n{diagram.source}",
                               style="dim")
        return head + Text("\n".join(lines), no_wrap=True, overflow="crop")


class Aside(VerticalScroll):
    """The side panel; shows the card and/or the diagram of the current step."""

    def show(self, step: Step, *, card: bool, diagram: bool, width: int) -> None:
        """Fill the panel for `step` with the parts switched on; `width`: the panel's columns."""
        self.remove_children()
        parts: list[Markdown | Static] = []
        if card and step.cards:
            parts += [ConceptCard(ConceptCard.text_for(c, step), classes="card",
                                 parser_factory=gfm_parser)
                      for c in step.cards]
        if diagram and step.diagrams:
            # Box = label + 4 columns, the panel has a border and padding (3): leave a margin.
            # An LR chart wraps its row of boxes to the text width (less a scrollbar's 2).
            label = max(8, width - 9)
            parts += [DiagramView(DiagramView.text_for(d, label, width - 5), classes="diagram")
                      for d in step.diagrams]
        self.display = bool(parts)
        if parts:
            self.mount_all(parts)
