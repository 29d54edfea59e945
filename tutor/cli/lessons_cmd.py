"""`tutor lessons list` and `tutor lessons check PATH…`.

Rich tables and the lesson parser are imported when a command runs, not at CLI start.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor.wording import count

if TYPE_CHECKING:
    from rich.console import Console

    from tutor.lesson.models import Diagnostic, Lesson

app = typer.Typer(help="List and check lessons.", no_args_is_help=True, rich_markup_mode=None)


@cache
def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


@app.command("list")
def list_lessons() -> None:
    """Show the bundled lessons."""
    from rich.table import Table

    from tutor.errors import InputError
    from tutor.lesson import bundled_lessons, load_lesson

    table = Table("name", "title", "steps", "file")
    for name, path in bundled_lessons().items():
        try:
            lesson = load_lesson(path)
            table.add_row(name, lesson.title, str(len(lesson.steps)), str(path))
        except InputError as exc:
            table.add_row(name, f"[red]broken: {exc.message.splitlines()[0]}[/]", "-", str(path))
    _console().print(table)


def _summary(lesson: Lesson, extra: list[Diagnostic]) -> None:
    out, err = _console(), _console(stderr=True)
    ext = f" + {lesson.extension_source}" if lesson.extension_source else ""
    steps = count(len(lesson.steps), "step")
    out.print(f"[bold]{lesson.source}{ext}[/]: {lesson.title!r}: {steps}")
    for step in lesson.steps:
        kinds = [
            d.kind + (f"({d.title})" if d.kind == "card" else "")
            + (f"({d.name})" if d.kind == "lab" else "")
            for d in step.directives
        ]
        notes = []
        if step.expectations:
            scripted = sum(1 for s in step.scripts if s.pump or s.hint or s.prompt)
            said = [f"{scripted} scripted"] if scripted else []
            if step.needs:
                said.append("needs " + " or ".join(
                    "+".join(str(i + 1) for i in group) for group in step.needs))
            notes.append(count(len(step.expectations), "expectation")
                         + (f" ({', '.join(said)})" if said else ""))
        if step.misconceptions:
            notes.append(count(len(step.misconceptions), "misconception"))
        if step.examples:
            notes.append(count(len(step.examples), "example answer"))
        shown = ", ".join(kinds + notes) or "no directives"
        out.print(f"  step {step.number}: {step.title} [dim]({shown})[/]")
    warnings = [*lesson.warnings, *extra]
    for warning in warnings:
        err.print(f"[yellow]{warning}[/]", highlight=False)
    out.print(f"  {count(len(warnings), 'warning')}")


def _lab_file(lesson: Lesson, name: str, line: int) -> Path | None:
    """Which of the lesson's files (it or its extension) holds `lab:name` on `line`."""
    for path in (lesson.extension_source, lesson.source):
        if path is None:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        if 0 < line <= len(lines) and f"lab:{name}" in lines[line - 1]:
            return path
    return None


@app.command("check")
def check(
    paths: Annotated[list[str], typer.Argument(
        metavar="LESSON", help="Lesson files or bundled names.")],
) -> None:
    """Parse lessons and check their labs: print a summary, or every error (exit 2).

    Warns (exit 0) when a card or a scripted question repeats the Checkpoint's wording.
    """
    from tutor.errors import InputError
    from tutor.labs import lab_problems
    from tutor.lesson import LessonError, load_lesson
    from tutor.lesson.lint import checkpoint_leaks, double_questions, script_problems

    err = _console(stderr=True)
    failed = False
    for ref in paths:
        try:
            lesson = load_lesson(Path(ref) if Path(ref).exists() else ref)
            _summary(lesson, checkpoint_leaks(lesson) + script_problems(lesson)
                     + double_questions(lesson))
            # A lab whose data cannot be used parses fine but would fail when opened.
            for step in lesson.steps:
                for lab in step.labs:
                    for problem in lab_problems(lab, step):
                        failed = True
                        where = _lab_file(lesson, lab.name, lab.line) or ref
                        err.print(f"[red]{where}:{lab.line}: error: {problem}[/]",
                                  highlight=False)
        except LessonError as exc:
            failed = True
            for d in exc.diagnostics:  # root causes first, then by file and line
                colour = "red" if d.severity == "error" else "yellow"
                err.print(f"[{colour}]{d}[/]", highlight=False)
        except InputError as exc:
            failed = True
            err.print(f"[red]{exc.message}[/]", highlight=False)
    if failed:
        raise typer.Exit(2)


@app.command("draft")
def draft(
    lesson: Annotated[str, typer.Argument(help="A lesson file or bundled name.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write here instead of <lesson>.ext.md beside the lesson (it must not "
        "exist).")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", help="The Claude model to draft with (default: TUTOR_MODEL if set, else "
        "a Sonnet model).", show_default=False)] = None,
) -> None:
    """Draft the expectation scripts of a lesson that has none, with Claude.

    Writes the sidecar <lesson>.ext.md: each step's key ideas with a pump, hint, prompt and
    assertion, likely misconceptions with a question and a correction, and a concept card.
    It is written only if it passes `tutor lessons check`, and never over an existing file.
    Exit 0 written; 1 Claude failed or the draft did not pass (nothing written); 2 bad input
    (also no API key, or nothing to draft), found before any call.
    """
    from tutor.errors import TutorError

    err = _console(stderr=True)
    try:
        _draft(lesson, out, model)
    except TutorError as exc:
        err.print(f"tutor: {exc.title.lower()}: {exc.message}", highlight=False, markup=False)
        raise typer.Exit(exc.exit_code) from None


def _draft(ref: str, out: Path | None, model: str | None) -> None:
    import asyncio

    from tutor.authoring.draft import Drafter, draft_settings, steps_to_draft
    from tutor.config import load_with_sources
    from tutor.errors import InputError
    from tutor.lesson import resolve_lesson_path
    from tutor.lesson.parser import extension_path_for, load_lesson_file, read_text
    from tutor.store.atomic import write_new

    path = resolve_lesson_path(ref)
    sidecar = extension_path_for(path)
    if sidecar.exists():
        raise InputError(f"{path} already has a script sidecar, {sidecar}; `lessons draft` "
                         "never replaces an authored one. Nothing was written. Fix: move it "
                         "aside to draft a new one, or edit it by hand.")
    target = out if out is not None else sidecar
    if target.exists():
        raise InputError(f"--out {target}: the file exists; `lessons draft` never overwrites. "
                         "Nothing was written. Fix: name a new file.")
    lesson = load_lesson_file(path)  # a broken lesson is a LessonError (exit 2)
    text = read_text(path)
    loaded = load_with_sources()
    settings = draft_settings(loaded.settings, model, loaded.sources["model"] == "default")
    # Found before any call, as `tutor grade --grader claude` finds them: bad input (exit 2).
    if not steps_to_draft(lesson):
        raise InputError(f"{path}: every step already has expectations; there is nothing "
                         "to draft. Nothing was written.")
    if not settings.has_claude:
        raise InputError("lessons draft needs Claude: set ANTHROPIC_API_KEY (or api_key in "
                         "the config file, see `tutor config`), or ANTHROPIC_BASE_URL for a "
                         "local Anthropic-compatible server. Nothing was written.")
    drafter = Drafter(lesson, text, str(path), str(sidecar), settings)
    _console(stderr=True).print(
        f"drafting the scripts of {path} with {settings.model}…", highlight=False)
    result = asyncio.run(drafter.draft())
    try:
        write_new(target, result.text)
    except FileExistsError:
        raise InputError(f"{target} appeared while drafting; `lessons draft` never "
                         "overwrites. Nothing was written.") from None
    out_console = _console()
    u = result.usage
    read = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens
    cost = f", about ${u.cost_usd:.3f}" if u.cost_usd else ""
    out_console.print(
        f"wrote {target}: {count(len(result.steps), 'step')} drafted with {result.model} "
        f"({count(result.calls, 'call')}, {read} tokens in, {u.output_tokens} out{cost}).",
        highlight=False)
    if target != sidecar:
        out_console.print(f"The tutor reads scripts from {sidecar}: move the file there "
                          "once you have reviewed it.", highlight=False)
    out_console.print(f"Review it, then run: tutor lessons check {path}", highlight=False)
