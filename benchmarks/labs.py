"""How fast a lab opens once the model is loaded (target ≤ 300 ms), and the one-off costs.

Run:  nice python benchmarks/labs.py [--runs 10]

1. One-off costs: loading the embedding model, and embedding the shipped word list
   (the embeddings lab's first use).
2. Opening each of the seed lesson's labs in a headless app at 80×24, after those
   one-off costs are paid: timed from push_screen until the lab's first result is
   rendered (its workers done, its messages handled, the full 80×24 frame rendered —
   via SVG export, which costs more than a terminal frame). Median and worst of --runs.
Figures are printed; nothing is asserted (speed is not a unit test).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from textual.app import App
from textual.screen import Screen

from tutor.labs.embeddings import shared_space
from tutor.labs.model import load_model
from tutor.lesson import load_lesson
from tutor.tui.labs import lab_screen_for

TARGET_MS = 300.0


class Host(App[None]):
    """An empty app to push lab screens onto."""


async def open_times(number: int, runs: int) -> list[float]:
    """Milliseconds to open step `number`'s lab and show its first result, `runs` times."""
    step = load_lesson("how-llms-work").step(number)
    assert step is not None and step.labs
    app = Host()
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(runs):
            screen: Screen[str | None] | None = lab_screen_for(step.labs[0], step)
            assert screen is not None
            started = time.perf_counter()
            await app.push_screen(screen)
            await app.workers.wait_for_complete()
            await pilot._wait_for_screen()  # every widget has handled its messages
            app.export_screenshot()  # render the whole frame (SVG export: an upper bound)
            times.append((time.perf_counter() - started) * 1000)
            app.pop_screen()
            await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    load_model()
    model_s = time.perf_counter() - started
    started = time.perf_counter()
    space = shared_space()
    words_s = time.perf_counter() - started
    words = len(space.vocabulary)
    print(f"model load (once per process):            {model_s * 1000:6.0f} ms")
    print(f"embed {words} list words (first embeddings lab): {words_s * 1000:4.0f} ms")
    print(f"open a lab, model loaded (target ≤ {TARGET_MS:.0f} ms), {args.runs} runs each:")
    for number, name in [(1, "tokenizer"), (2, "embeddings"), (4, "context"), (5, "temperature")]:
        times = asyncio.run(open_times(number, args.runs))
        median, worst = statistics.median(times), max(times)
        verdict = "ok" if worst <= TARGET_MS else "OVER"
        print(f"  step {number} {name:<12} median {median:6.1f} ms  "
              f"worst {worst:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
