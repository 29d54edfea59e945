"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen


class _Key(NamedTuple):
    """One binding as the footer draws it (what `Footer.compose` reads)."""

    id: str
    key: str
    description: str
    action: str
    group: object
    binding_tooltip: str
    tooltip: str
    enabled: bool

    @property
    def shape(self) -> tuple[object, ...]:
        """Everything but whether the key is enabled."""
        return self[:-1]


class KeyFooter(Footer):
    """The key bar.

    Textual's Footer removes and remounts every key widget on each bindings update (a
    screen push, a focus move, `refresh_bindings`): at start-up that happened five times
    before the first frame, and it cost more than drawing the rest of the screen; while
    grading it happened twice per answer, as the "I'm stuck" key was disabled and enabled,
    just when the learner may go on typing. Here a run of updates becomes one, an update
    that changes nothing is skipped, and a key that is only enabled or disabled is restyled
    in place.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False
        self._shown: tuple[object, ...] | None = None
        # The keys are drawn by the first compose (the screen's bindings are known by then),
        # not by a recompose after the first refresh: the first frame has them.
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = self.shown()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def shown(self) -> tuple[object, ...]:
        """Everything `compose` draws from: the shown bindings (and the command palette's)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = []
        for id_, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if binding.show or id_ == palette:
                keys.append(_key(id_, binding, enabled, tooltip))
        return (self.compact, self.show_command_palette, *keys)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown, before = self.shown(), self._shown
        if shown == before:
            return
        self._shown = shown
        if before is not None and _same_shape(before, shown) and self._restyle(shown):
            return
        await self.recompose()

    def _restyle(self, shown: tuple[object, ...]) -> bool:
        """Enable or disable the key widgets in place; False if one is not found."""
        enabled = {(k.key, k.action): k.enabled for k in shown if isinstance(k, _Key)}
        widgets = list(self.query(FooterKey))
        if any((w.key, w.action) not in enabled for w in widgets):
            return False
        for widget in widgets:
            on = enabled[(widget.key, widget.action)]
            widget._disabled = not on  # what FooterKey's constructor sets
            widget.set_class(not on, "-disabled")
        return True


def _key(id_: str, binding: Binding, enabled: bool, tooltip: str) -> _Key:
    return _Key(id_, binding.key, binding.description, binding.action, binding.group,
                binding.tooltip, tooltip, enabled)


def _same_shape(before: tuple[object, ...], after: tuple[object, ...]) -> bool:
    if len(before) != len(after) or before[:2] != after[:2]:
        return False
    return all(isinstance(a, _Key) and isinstance(b, _Key) and a.shape == b.shape
               for a, b in zip(before[2:], after[2:], strict=True))
