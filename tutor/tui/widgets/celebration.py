"""A `hint:celebrate`: a band of confetti and a message over the top of the screen.

A band, not the whole screen: the step's conversation (the tutor's "passed" and what to
do next) stays in sight while it plays, and it ends by itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

_COLOURS = ("red", "yellow", "green", "cyan", "magenta", "blue")
_PIECES = "✦✧★•*+"
_FRAMES = 12
#: Rows of the band: confetti, the message, confetti.
HEIGHT = 3


def confetti_frame(frame: int, width: int, height: int) -> Text:
    """One frame of confetti: a fixed pattern that falls a row per frame (no randomness)."""
    text = Text()
    for row in range(height):
        for col in range(width):
            seed = (col * 7 + (row - frame) * 13) % 29
            if seed == 0:
                text.append(_PIECES[(col + row) % len(_PIECES)],
                            style=_COLOURS[(col + frame) % len(_COLOURS)])
            else:
                text.append(" ")
        if row < height - 1:
            text.append("\n")
    return text


class Celebration(Static):
    """Confetti and a message over the top rows for a few frames; fades, then removes itself."""

    DEFAULT_CSS = f"""
    Celebration {{
        layer: overlay; dock: top; width: 100%; height: {HEIGHT};
        background: $surface;
    }}
    """

    def __init__(self, message: str) -> None:
        super().__init__(id="celebration")
        self.message = message
        self.frame = 0

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(0.08, self._tick, repeat=_FRAMES)
        self.styles.animate("opacity", 0.0, duration=0.6, delay=_FRAMES * 0.08,
                            on_complete=self.remove)

    def _tick(self) -> None:
        self.frame += 1
        self._draw()

    def _draw(self) -> None:
        width = max(self.size.width, 20)
        banner = Text(f"🎉  {self.message}  🎉", style="bold reverse")
        banner.align("center", width)
        self.update(confetti_frame(self.frame, width, 1) + Text("\n") + banner + Text("\n")
                    + confetti_frame(self.frame + 3, width, 1))
