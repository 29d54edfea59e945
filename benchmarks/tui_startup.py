"""How fast the learner's TUI feels: first frame of `tutor`, and key echo while grading.

Run:  nice python benchmarks/tui_startup.py [--runs 5] [--grader local]

1. First frame: `tutor` is started in a pseudo-terminal (80×24) with an empty data
   folder, and timed until step 1's progress line ("Step 1 of 7") is on the screen.
   Targets: ≤ 1.0 s.
2. Key echo while grading: the app runs in-process (headless) with the real grader;
   an answer is submitted, and while the grading worker is under way single keys are
   pressed into the answer box, each timed until the box holds it. Target ≤ 50 ms.
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

FIRST_FRAME_MARK = b"Step 1 of 7"


def first_frame_seconds(timeout: float = 20.0) -> float:
    """Start `tutor` in a pty and time until step 1 is drawn."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TUTOR_DATA_DIR": data, "TERM": "xterm-256color",
               "COLUMNS": "80", "LINES": "24"}
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


async def key_echo_ms(grader_name: str | None, answers: int) -> tuple[list[float], int]:
    """Key echo latencies (ms) measured while a grading was under way, and gradings run."""
    from tutor.driver import factory_source
    from tutor.session import Phase
    from tutor.tui.app import TutorApp
    from tutor.tui.lesson_screen import LessonScreen

    os.environ["TUTOR_DATA_DIR"] = tempfile.mkdtemp()
    app = TutorApp(grader=factory_source(grader_name), grader_name=grader_name or "")
    samples: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()  # the model is loaded (warm-up worker)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        box = screen.answer.input
        for n in range(answers):
            await pilot.press(*"tokens are small pieces of words", "enter")
            while screen.driver.state.phase is Phase.GRADING:
                before = len(box.value)
                start = time.perf_counter()
                await pilot.press("x")
                if len(box.value) > before:
                    samples.append((time.perf_counter() - start) * 1000)
            await app.workers.wait_for_complete()
            box.value = ""
            if n == 0 and screen.driver.state.phase is Phase.PASSED:
                await pilot.press("enter")
    return samples, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="first-frame runs")
    parser.add_argument("--answers", type=int, default=5, help="answers graded for key echo")
    parser.add_argument("--grader", default="local", help="grader for the key-echo run")
    args = parser.parse_args()

    runs = [first_frame_seconds() for _ in range(args.runs)]
    print(f"first frame of `tutor` (80x24, {args.runs} runs): median "
          f"{statistics.median(runs):.3f} s, min {min(runs):.3f} s, max {max(runs):.3f} s "
          f"(target ≤ 1.0 s)")

    samples, graded = asyncio.run(key_echo_ms(args.grader, args.answers))
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
