"""Waiting in Pilot tests without sleeping."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot


async def settle(pilot: Pilot[Any]) -> None:
    """Let posted messages run (a key's Submitted starts the grading worker), wait for the
    workers they started, then let the workers' results be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
