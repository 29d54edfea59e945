"""Each lab's layout at 80×24, after its model work has finished."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.labs.host import LabHost, seed_step
from tutor.tui.labs import lab_screen_for
from tutor.tui.labs.temperature_lab import TemperatureLab

SIZE = (80, 24)
SnapCompare = Callable[..., bool]


def seed_lab(number: int) -> LabHost:
    step = seed_step(number)
    screen = lab_screen_for(step.labs[0], step)
    assert screen is not None
    if isinstance(screen, TemperatureLab):
        screen.rng = random.Random(7)
    return LabHost(screen)


async def finished(pilot: Pilot[Any]) -> None:
    # A blinking cursor would make the picture depend on timing.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_tokenizer_lab(snap_compare: SnapCompare) -> None:
    assert snap_compare(seed_lab(1), terminal_size=SIZE, run_before=finished)


def test_embeddings_lab(snap_compare: SnapCompare) -> None:
    assert snap_compare(seed_lab(2), terminal_size=SIZE, run_before=finished)


def test_context_lab(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        seed_lab(4), terminal_size=SIZE, press=[*"100k tokens", "enter"], run_before=finished
    )


def test_temperature_lab(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        seed_lab(5), terminal_size=SIZE, press=["left"] * 5 + ["s"], run_before=finished
    )
