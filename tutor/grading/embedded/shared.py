"""One instance of a heavy model per process, loaded on first use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def process_wide(load: Callable[[], T]) -> Callable[[], T]:
    """A getter that calls `load` once, on first use, under a lock: the TUI's warm-up thread
    and a first grading may ask at the same moment, and a model must not be loaded twice."""
    lock = threading.Lock()
    made: list[T] = []

    def get() -> T:
        with lock:
            if not made:
                made.append(load())
            return made[0]

    get.__doc__ = f"The process-wide {getattr(load, '__name__', 'instance')}, loaded on first use."
    return get
