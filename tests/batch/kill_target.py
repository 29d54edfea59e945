"""A `tutor grade` job in its own process, for SIGKILL tests.

Usage: `python -m tests.batch.kill_target IN OUT LOG`.

It runs the production job (checkpoint, runner, output) with the scripted grader, so a
test can kill it at any moment and check what a rerun recovers.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from rich.console import Console

from tests.batch.graders import ScriptedGrader
from tutor.batch.answers import load_answers
from tutor.batch.job import GradeJob, run_job
from tutor.batch.runner import RunOptions

CONCURRENCY = 4


def main() -> None:
    source, out, log = (Path(a) for a in sys.argv[1:4])
    answers = load_answers(source)
    job = GradeJob(out=out, options=RunOptions(concurrency=CONCURRENCY))
    asyncio.run(run_job(answers, ScriptedGrader(log), job, Console(stderr=True)))


if __name__ == "__main__":
    main()
