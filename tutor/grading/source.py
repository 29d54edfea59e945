"""Where an interface gets its grader: built once, in a thread, on first need."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from tutor.grading.screen_text import SCREEN_TEMPLATES

if TYPE_CHECKING:
    from tutor.grading.protocol import Grader

GraderSource = Callable[[], "Grader"]
"""Builds the grader. Called once, in a thread, on first need (loading a model is slow)."""


def factory_source(name: str | None = None, *, model: str | None = None) -> GraderSource:
    """A GraderSource that builds the named grader (None: the configured default) when called;
    `model` overrides the configured Claude model."""

    def build() -> Grader:
        from tutor.grading.factory import make_grader

        return make_grader(name, model=model)

    return build


def build_warm(source: GraderSource) -> Grader:
    """Build the grader and let it load what its first answer needs (a worker thread).

    The templates of the hints and the reveal are compiled here too: the screen renders
    them on the event loop, where importing jinja2 and compiling them stalled typing for
    50-90 ms at the first reveal.
    """
    grader = source()
    warm = getattr(grader, "warm", None)
    if callable(warm):
        warm()
    from tutor.prompts import environment

    for name in SCREEN_TEMPLATES:
        environment().get_template(name)
    return grader


class LazyGrader:
    """The grader of one session, built on first use in a thread so the event loop never
    waits on a model."""

    def __init__(self, source: GraderSource) -> None:
        self._source = source
        self._grader: Grader | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Grader:
        """The grader, built the first time it is asked for."""
        async with self._lock:
            if self._grader is None:
                self._grader = await asyncio.to_thread(build_warm, self._source)
            return self._grader

    async def aclose(self) -> None:
        """Release the grader's clients, if one was built."""
        if self._grader is not None:
            await self._grader.aclose()
