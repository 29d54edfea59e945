"""The title bar every screen of the app shows."""

from __future__ import annotations

from textual.widgets import Header

#: The title bar's icon (it opens the command palette). Textual's own, ⭘ (U+2B58), is
#: missing from most browser fonts: `tutor serve` showed an empty box. ≡ is in nearly every
#: monospace font, and reads as a menu.
ICON = "≡"


def title_bar() -> Header:
    """The app's Header, with an icon every font has."""
    return Header(icon=ICON)
