"""The temperature lab: a slider, the reshaped distribution as bars, and sampled completions."""

from __future__ import annotations

import random
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tutor.labs.temperature import (
    NextTokenDistribution,
    apply_temperature,
    describe,
    sample_completions,
)
from tutor.tui.labs.base import LabScreen

MAX_TEMPERATURE = 3.0
STEP = 0.1
SAMPLES = 5


class TemperatureSlider(Widget, can_focus=True):
    """A keyboard slider for temperature (Textual has none): ←/→ or -/+ move it by 0.1."""

    DEFAULT_CSS = """
    TemperatureSlider { height: 1; width: 1fr; }
    TemperatureSlider:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "nudge(-1)", "Cooler", key_display="←"),
        Binding("right,plus,equals_sign", "nudge(1)", "Hotter", key_display="→"),
        Binding("home", "set(0)", "T=0", show=False),
    ]

    value: reactive[float] = reactive(1.0)

    class Changed(Message):
        """The temperature moved."""

        def __init__(self, value: float) -> None:
            super().__init__()
            self.value = value

    def __init__(self, value: float = 1.0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(TemperatureSlider.value, value)

    def action_nudge(self, direction: int) -> None:
        """Move by one step, staying within 0 … MAX_TEMPERATURE."""
        self.value = round(min(MAX_TEMPERATURE, max(0.0, self.value + direction * STEP)), 1)

    def action_set(self, value: float) -> None:
        """Jump to a value."""
        self.value = float(value)

    def watch_value(self, value: float) -> None:
        self.post_message(self.Changed(value))

    def render(self) -> Text:
        track = max(10, self.size.width - 24)
        filled = round(self.value / MAX_TEMPERATURE * (track - 1))
        text = Text(f"Temperature {self.value:.1f}  ")
        text.append("◀ ", style="bold")
        text.append("━" * filled, style="bold cyan")
        text.append("●", style="bold")
        text.append("─" * (track - 1 - filled), style="dim")
        text.append(" ▶", style="bold")
        return text


def render_bars(tokens: list[str], probabilities: list[float], width: int) -> Text:
    """One bar per token, longest for the most likely, with the percentage beside it."""
    label_width = max(len(repr(t)) for t in tokens)
    bar_width = max(5, width - label_width - 10)
    text = Text()
    for i, (token, p) in enumerate(zip(tokens, probabilities, strict=True)):
        if i:
            text.append("\n")
        text.append(f"{token!r:<{label_width}} ")
        cells = p * bar_width
        full = int(cells)
        text.append("█" * full + ("▌" if cells - full >= 0.5 else ""), style="cyan")
        text.append(f" {p * 100:5.1f}%")
    return text


class TemperatureLab(LabScreen):
    """Reshape an authored next-token distribution with temperature, and sample from it."""

    LAB_TITLE = "Lab: temperature"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "sample", "Sample 5")]
    DEFAULT_CSS = """
    TemperatureLab #bars { height: auto; margin: 1 0; }
    TemperatureLab #samples { height: auto; }
    """

    def __init__(self, dist: NextTokenDistribution, rng: random.Random | None = None) -> None:
        super().__init__()
        self.dist = dist
        # A generator passed in makes sampling reproducible; by default each run differs.
        self.rng = rng or random.Random()
        self.temperature = 1.0
        self.sampled_at: float | None = None

    def compose_lab(self) -> ComposeResult:
        yield Static(f"Prompt: [b]{self.dist.prompt} ___[/b]", id="prompt")
        if self.dist.note:
            yield Static(self.dist.note, classes="lab-help")
        yield TemperatureSlider(self.temperature, id="slider")
        yield Static("", id="bars")
        yield Static(
            "←/→ change the temperature · s samples 5 completions · Esc closes",
            classes="lab-help",
        )
        yield Static("", id="samples")

    def on_mount(self) -> None:
        self.query_one(TemperatureSlider).focus()
        self._draw()

    def on_temperature_slider_changed(self, message: TemperatureSlider.Changed) -> None:
        self.temperature = message.value
        self._draw()

    def _draw(self) -> None:
        reshaped = apply_temperature(self.dist.probabilities, self.temperature)
        width = max(30, self.size.width - 4) if self.size.width else 74
        self.query_one("#bars", Static).update(render_bars(self.dist.tokens, reshaped, width))

    def action_sample(self) -> None:
        """Sample completions at the current temperature and show them."""
        samples = sample_completions(self.dist, self.temperature, self.rng, SAMPLES)
        shown = Text(f"At T={self.temperature:.1f}:\n", style="bold")
        shown.append("\n".join(f"  {s}" for s in samples), style="")
        self.query_one("#samples", Static).update(shown)
        self.record(describe(self.temperature, samples, self.dist))
        self.sampled_at = self.temperature

    def before_close(self) -> None:
        if self.temperature != 1.0 and self.sampled_at != self.temperature:
            self.record(f"set the temperature to T={self.temperature:.1f}")
