"""What `tutor eval` does once its flags are read: load, grade, write, print, gate."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from tutor.errors import InputError
from tutor.grading.protocol import Grader
from tutor.harness.compare import comparability, compare, load_old, notable
from tutor.harness.datasets import Dataset
from tutor.harness.display import print_summary
from tutor.harness.evaluate import Options, Outcome, evaluate, load
from tutor.harness.gates import Gate, failures, parse_gate
from tutor.harness.report import REPORT_FILE, render_report, write_report
from tutor.harness.runner import ItemResult
from tutor.harness.summary import Leaks, Mode
from tutor.store.atomic import cannot_write, write_atomic

EXIT_GATE = 1  # a gate failed, or no answer at all could be graded


@dataclass
class EvalArgs:
    """The flags of `tutor eval`."""

    datasets: list[Path]
    grader: str | None = None
    model: str | None = None  # the Claude model (None: the configured one)
    lesson: str | None = None
    out: Path | None = None
    report: Path | None = None
    results: Path | None = None
    compare: Path | None = None
    fail_under: list[str] = field(default_factory=list)
    fail_over: list[str] = field(default_factory=list)
    repeat: int = 1
    record: Path | None = None
    replay: Path | None = None
    concurrency: int = 4
    batch_size: int = 16
    limit: int | None = None
    quiet: bool = False


def _mode(args: EvalArgs) -> Mode:
    if args.record is not None and args.replay is not None:
        raise InputError("--record and --replay together: record a live run, or replay a "
                         "recorded one, not both")
    if args.replay is not None:
        if not args.replay.is_dir():
            raise InputError(f"--replay {args.replay}: no such folder of recorded responses")
        return "replayed"
    return "recorded" if args.record is not None else "live"


def make_grader(args: EvalArgs) -> Grader:
    """The grader named by --grader, with --record/--replay passed to it.

    No stand-in: an eval measures the grader it names, so when Claude fails the answer is
    counted as not graded instead of being graded by the local grader.
    """
    from tutor.grading.factory import make_grader as factory

    return factory(args.grader, record_dir=args.record, replay_dir=args.replay,
                   fallback_to_local=False, model=args.model)


def default_leaks() -> tuple[Leaks, str | None]:
    """The hint-leakage check the tutor itself uses, and a note when a stand-in measures it.

    `tutor.grading.hints.leaks_checkpoint` is the shared check; while it is not installed,
    the Claude grader's overlap check stands in, and the run says so.
    """
    try:
        hints = importlib.import_module("tutor.grading.hints")
    except ImportError:
        hints = None
    check = getattr(hints, "leaks_checkpoint", None)
    if callable(check):
        return (lambda hint, checkpoint: bool(check(hint, checkpoint))), None
    from tutor.grading.claude.hinting import overlap_leaks

    return overlap_leaks, ("hint leakage was measured with the stand-in overlap check "
                           "(tutor.grading.hints is not installed)")


def results_jsonl(results: list[ItemResult]) -> str:
    """One line per answer: id, source, step, tags, gold, and each run's decision or error."""
    lines = []
    for r in results:
        runs = [{"decision": run.decision.value if run.decision else None,
                 "score": run.verdict.score if run.verdict else None,
                 "feedback": run.verdict.feedback if run.verdict else None,
                 "hint": run.verdict.hint if run.verdict else None,
                 "missing": run.verdict.missing if run.verdict else [],
                 "flags": [f.value for f in run.verdict.flags] if run.verdict else [],
                 "latency_ms": run.latency_ms, "error": run.error} for run in r.runs]
        lines.append(json.dumps({"id": r.item.id, "source": r.item.source, "step": r.item.step,
                                 "tags": r.item.tags, "answer": r.item.request.answer,
                                 "gold": r.item.label.value, "runs": runs},
                                ensure_ascii=False))
    return "\n".join(lines) + "\n"


async def _run(datasets: list[Dataset], grader: Grader, leaks: Leaks, options: Options,
               show_progress: bool) -> Outcome:
    total = sum(len(d.items) for d in datasets)
    total = min(total, options.limit or total) * options.repeat
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True,
                  disable=not show_progress) as bar:
        task = bar.add_task(f"grading with {grader.name}", total=total)
        try:
            return await evaluate(datasets, grader, leaks, options,
                                  progress=lambda k: bar.advance(task, k))
        finally:
            await grader.aclose()


def check_outputs(args: EvalArgs) -> None:
    """Refuse --out, --results or --report where nothing can be written, before any grading."""
    files = [("--out", args.out, "metrics.json"), ("--results", args.results, "results.jsonl")]
    for flag, path, example in files:
        if path is not None and (reason := cannot_write(path)) is not None:
            fix = (f"name a file in it, e.g. {flag} {path / example}" if path.is_dir()
                   else "choose a folder you can write to")
            raise InputError(f"{flag} {path}: cannot write the output there ({reason}); {fix}")
    if args.report is not None:
        if args.report.is_file():
            raise InputError(f"--report {args.report}: is a file; --report names a folder "
                             f"(the page is written as {REPORT_FILE} in it)")
        if (reason := cannot_write(args.report / REPORT_FILE)) is not None:
            raise InputError(f"--report {args.report}: cannot write the report there "
                             f"({reason}); choose a folder you can write to")


def run_eval(args: EvalArgs, *, grader: Grader | None = None, leaks: Leaks | None = None,
             console: Console | None = None) -> int:
    """Run `tutor eval`; returns the exit code. Bad input raises InputError (exit 2)."""
    gates: list[Gate] = ([parse_gate(g, "under") for g in args.fail_under]
                         + [parse_gate(g, "over") for g in args.fail_over])
    old = load_old(args.compare) if args.compare is not None else None
    options = Options(repeat=args.repeat, batch_size=args.batch_size,
                      concurrency=args.concurrency, limit=args.limit, lesson=args.lesson,
                      mode=_mode(args))
    datasets = load(args.datasets, options)
    check_outputs(args)
    out = console or Console()
    note = None
    if leaks is None:
        leaks, note = default_leaks()
    chosen = grader if grader is not None else make_grader(args)
    outcome = asyncio.run(_run(datasets, chosen, leaks, options,
                               show_progress=not args.quiet and sys.stderr.isatty()))
    metrics = outcome.metrics
    if note is not None:
        metrics.warnings.append(note)
    data = metrics.model_dump(mode="json")
    changes = notable(compare(old, data)) if old is not None else []
    notes = comparability(old, data) if old is not None else []
    gate_failures = failures(metrics, gates)
    if args.out is not None:
        write_atomic(args.out, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if args.results is not None:
        write_atomic(args.results, results_jsonl(outcome.results))
    if args.report is not None:
        page = write_report(args.report, render_report(
            metrics, changes=changes, compare_notes=notes, gate_failures=gate_failures))
        if not args.quiet:
            out.print(f"report: {page}")
    if not args.quiet:
        print_summary(out, metrics, changes=changes, compare_notes=notes,
                      gate_failures=gate_failures)
    if metrics.n and metrics.graded == 0:
        first = metrics.failures[0].error if metrics.failures else "unknown"
        print(f"tutor: eval: no answer could be graded ({first})", file=sys.stderr)
        return EXIT_GATE
    for failure in gate_failures:
        print(f"tutor: eval: gate failed: {failure}", file=sys.stderr)
    return EXIT_GATE if gate_failures else 0
