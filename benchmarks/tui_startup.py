"""How fast the learner's TUI feels: first frame of `tutor`, and key echo while grading.

Run:  nice python benchmarks/tui_startup.py [--runs 5] [--grader local]

1. First frame: `tutor` is started in a pseudo-terminal (80×24) with an empty data
   folder, and timed until step 1's progress line ("Step 1 of 7") is on the screen.
   Targets: ≤ 1.0 s. Python may write its bytecode caches (PYTHONDONTWRITEBYTECODE is
   dropped for the child) and one untimed start comes first: an installed wheel has its
   modules compiled by pip, and an editable install compiles them on the first start, so
   the figure is what every start after that costs.
2. Key echo while grading: the app runs in-process (headless) with a real grader;
   an answer is submitted, and while the grading worker is under way single keys are
   pressed into the answer box, each timed until the box holds it. Target ≤ 50 ms.
   `--grader local` uses the embedded model (CPU-bound grading); `--grader claude-fake`
   runs the real Claude grader and SDK against the tests' fake Messages API server on
   127.0.0.1, whose replies take `--latency` seconds (network-bound grading).
Figures are printed; nothing is asserted (speed is not a unit test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from fcntl import ioctl
from pathlib import Path
from typing import Any

FIRST_FRAME_MARK = b"Step 1 of 7"


def first_frame_seconds(timeout: float = 20.0) -> float:
    """Start `tutor` in a pty and time until step 1 is drawn."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TUTOR_DATA_DIR": data, "TERM": "xterm-256color",
               "COLUMNS": "80", "LINES": "24"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: become `tutor`
            os.execvpe(sys.executable, [sys.executable, "-m", "tutor"], env)
        ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        start = time.perf_counter()
        seen = b""
        try:
            while time.perf_counter() - start < timeout:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    try:
                        seen += os.read(fd, 65536)
                    except OSError:
                        break
                    if FIRST_FRAME_MARK in seen:
                        return time.perf_counter() - start
            raise RuntimeError(f"no first frame within {timeout} s; output: {seen[-400:]!r}")
        finally:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(fd)


async def _echo_ms(app: Any, box: Any, limit: float = 2.0) -> float | None:
    """Send one key as the terminal driver would; ms until the answer box holds it.

    Pilot.press waits for the app to go idle (about 65 ms even when nothing else runs), so
    the key is posted directly and the box polled, yielding to the event loop in between.
    """
    from textual import events

    before = box.value
    start = time.perf_counter()
    app._driver.send_message(events.Key("x", "x"))
    while box.value == before:
        if time.perf_counter() - start > limit:
            return None
        await asyncio.sleep(0)
    return (time.perf_counter() - start) * 1000


def _fake_claude(latency: float) -> object:
    """Start the tests' fake Messages API; point the Claude grader at it."""
    from tests.fakeapi.replies import slow, verdict
    from tests.fakeapi.server import FakeAnthropic

    server = FakeAnthropic().start()
    server.default = lambda _: slow(latency, verdict("hint", hint="What is missing?"))
    os.environ["ANTHROPIC_BASE_URL"] = server.base_url
    os.environ["ANTHROPIC_API_KEY"] = "sk-fake-benchmark"
    return server


async def key_echo_ms(grader_name: str, answers: int, latency: float) -> tuple[list[float], int]:
    """Key echo latencies (ms) measured while a grading was under way, and gradings run."""
    from textual import events

    from tutor.grading.source import factory_source
    from tutor.session import Phase
    from tutor.tui.app import TutorApp
    from tutor.tui.lesson_screen import LessonScreen

    os.environ["TUTOR_DATA_DIR"] = tempfile.mkdtemp()
    if grader_name == "claude-fake":
        _fake_claude(latency)
        grader_name = "claude"
    app = TutorApp(grader=factory_source(grader_name), grader_name=grader_name)
    samples: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        box = screen.answer.input
        warm = []  # keys typed while the grader (SDK or model) loads in its thread
        started = time.perf_counter()  # the warm-up starts a moment after the first frame
        while (not any(w.group == "warm-up" for w in app.workers)
               and time.perf_counter() - started < 5.0):
            await asyncio.sleep(0.01)
        while any(w.group == "warm-up" and not w.is_finished for w in app.workers):
            echoed = await _echo_ms(app, box)
            if echoed is not None:
                warm.append(echoed)
        if warm:
            print(f"key echo while the grader loads: {len(warm)} keys, median "
                  f"{statistics.median(warm):.1f} ms, max {max(warm):.1f} ms")
        box.value = ""
        for _ in range(answers):
            if screen.driver.state.phase in (Phase.PASSED, Phase.REVEALED):
                await pilot.press("enter")
            # Typed into the box, then Enter posted as the driver would: Pilot.press would
            # wait for the app to go idle, by which time a fast grader has already answered.
            box.value = "tokens are small pieces of words"
            app._driver.send_message(events.Key("enter", "\r"))
            start = time.perf_counter()
            while (screen.driver.state.phase is not Phase.GRADING
                   and time.perf_counter() - start < 2.0):
                await asyncio.sleep(0)
            while screen.driver.state.phase is Phase.GRADING:
                echoed = await _echo_ms(app, box)
                if echoed is not None and screen.driver.state.phase is Phase.GRADING:
                    samples.append(echoed)
            await app.workers.wait_for_complete()
            box.value = ""
    return samples, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="first-frame runs")
    parser.add_argument("--answers", type=int, default=5, help="answers graded for key echo")
    parser.add_argument("--grader", default="local", choices=["local", "claude-fake"],
                        help="grader for the key-echo run")
    parser.add_argument("--latency", type=float, default=0.5,
                        help="seconds the fake Claude takes per reply (claude-fake)")
    parser.add_argument("--skip-first-frame", action="store_true")
    args = parser.parse_args()

    if not args.skip_first_frame:
        first_frame_seconds()  # untimed: writes any missing bytecode caches
        runs = [first_frame_seconds() for _ in range(args.runs)]
        print(f"first frame of `tutor` (80x24, {args.runs} runs): median "
              f"{statistics.median(runs):.3f} s, min {min(runs):.3f} s, max {max(runs):.3f} s "
              f"(target ≤ 1.0 s)")

    samples, graded = asyncio.run(key_echo_ms(args.grader, args.answers, args.latency))
    if samples:
        ordered = sorted(samples)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        print(f"key echo while grading ({args.grader} grader, {graded} answers, "
              f"{len(samples)} keys): median {statistics.median(samples):.1f} ms, "
              f"p95 {p95:.1f} ms, max {max(samples):.1f} ms (target ≤ 50 ms)")
    else:
        print(f"key echo while grading: no key landed during a grading "
              f"({graded} answers; the grader answered before the first key)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
