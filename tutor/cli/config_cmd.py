"""`tutor config`: the settings in effect and where each came from. Never the API key."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # imported when the command runs, so `tutor` starts without them
    from rich.console import Console

    from tutor.config import LoadedSettings, Settings
    from tutor.grading.verdict import Verdict



@cache
def _console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the `config` command to the app."""

    @app.command("config")
    def config(
        check: Annotated[bool, typer.Option(
            "--check", help="Also grade one sample answer through Claude (one small paid call) "
            "and show the verdict, latency, tokens and cost.")] = False,
    ) -> None:
        """Show the settings in effect, where each came from, and the grader 'auto' picks."""
        import asyncio

        from tutor.config import load_with_sources

        loaded = load_with_sources()
        show(loaded)
        if check:
            verdict = asyncio.run(check_claude(loaded.settings))
            _console().print(describe_check(verdict))


def rows(loaded: LoadedSettings) -> list[tuple[str, str, str]]:
    """(setting, value, source) for every setting; the key shown only as set/not set."""
    settings = loaded.settings
    out: list[tuple[str, str, str]] = []
    for name in type(settings).model_fields:
        if name == "api_key":
            value = settings.key_hint()
        else:
            raw = getattr(settings, name)
            value = "(none)" if raw is None else str(raw)
        out.append((name, value, loaded.sources.get(name, "default")))
    return out


def show(loaded: LoadedSettings) -> None:
    """Print the settings table and what it means for grading."""
    from rich.table import Table

    out = _console()
    table = Table("setting", "value", "from")
    for name, value, source in rows(loaded):
        table.add_row(name, value, source)
    out.print(table)
    settings = loaded.settings
    exists = "" if loaded.config_file.is_file() else " (not present)"
    out.print(f"config file: {loaded.config_file}{exists}")
    effective = settings.grader
    if effective == "auto":
        effective = "claude" if settings.has_claude else "local"
        out.print(f"grader: auto → {effective}"
                   + ("" if settings.has_claude else " (no API key or base_url set)"))
    if effective == "claude":
        fallback = "on" if settings.fallback_to_local else "off"
        from tutor.grading.claude.pricing import price_of

        price = price_of(settings.model)
        cost = (f"${price[0]:g}/${price[1]:g} per million input/output tokens"
                if price else "no price known for this model")
        out.print(f"model: {settings.model} ({cost}); fallback to local grader: {fallback}")


async def check_claude(settings: Settings) -> Verdict:
    """Grade a fair answer to the bundled lesson's first step through Claude (no fallback), so a
    failure is shown, not hidden. The answer is read off the lesson (its authored key ideas,
    else the Checkpoint's body), so no lesson's words live in this code."""
    from tutor.errors import TutorError
    from tutor.grading.claude import ClaudeGrader
    from tutor.grading.local.ideas import checkpoint_body
    from tutor.grading.verdict import GradeRequest
    from tutor.lesson import load_lesson

    if not settings.has_claude:
        raise TutorError("--check: no API key or base_url is set, so there is no Claude to "
                         "check", title="Claude not configured")
    lesson = load_lesson("how-llms-work")
    step = lesson.steps[0]
    answer = " ".join(step.expectations) or checkpoint_body(step.checkpoint)
    grader = ClaudeGrader(settings)
    try:
        return await grader.grade(GradeRequest.for_step(lesson, step, answer))
    finally:
        await grader.aclose()


def describe_check(verdict: Verdict) -> str:
    """One line on the check's outcome."""
    usage = verdict.usage
    tokens = (f"{usage.input_tokens} in, {usage.output_tokens} out, "
              f"{usage.cache_creation_input_tokens} cache write, "
              f"{usage.cache_read_input_tokens} cache read, ~${usage.cost_usd:.5f}"
              if usage else "no usage reported")
    return (f"check: Claude answered in {verdict.latency_ms:.0f} ms: {verdict.decision.value} "
            f"(score {verdict.score:.2f}); {tokens}")
