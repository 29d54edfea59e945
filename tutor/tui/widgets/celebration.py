"""A `hint:celebrate`: a burst of confetti over the screen that ends by itself."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

_COLOURS = ("red", "yellow", "green", "cyan", "magenta", "blue")
_PIECES = "✦✧★•*+"
_FRAMES = 12


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
    """Overlay confetti and a message for a few frames, fade, then remove itself."""

    DEFAULT_CSS = """
    Celebration {
        layer: overlay; dock: top; width: 100%; height: 100%;
        background: transparent; content-align: center middle;
    }
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
        width, height = max(self.size.width, 20), max(self.size.height, 6)
        art = confetti_frame(self.frame, width, height // 2 - 1)
        banner = Text(f"\n  🎉  {self.message}  🎉\n", style="bold reverse")
        self.update(art + Text("\n") + banner)
