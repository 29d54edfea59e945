"""`tutor progress [LESSON] [--json]`: mastery per step and idea, from the learner's transcripts."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from tutor.lesson.models import Lesson

PROGRESS_FORMAT = "tutor-progress/1"

_MARKS = {"solid": "●", "shaky": "◐", "not yet": "○"}
_WIDTH = 78


def _lessons(ref: str | None) -> list[Lesson]:
    """The named lesson (a bad name is exit 2), or every lesson the learner has opened."""
    from tutor.errors import TutorError
    from tutor.lesson import load_lesson
    from tutor.store.mastery import lessons_seen

    if ref is not None:
        return [load_lesson(ref)]
    found: list[Lesson] = []
    for name, path in lessons_seen().items():
        try:
            found.append(load_lesson(path if path else name))
        except TutorError as exc:
            try:
                found.append(load_lesson(name))
            except TutorError:
                first = exc.message.splitlines()[0]
                print(f"tutor: progress: skipped {name}: {first}", file=sys.stderr)
    return found


def progress_data(ref: str | None) -> dict[str, Any]:
    """The JSON of `tutor progress`: every lesson asked for, step by step and idea by idea."""
    from tutor.mastery.export import lesson_json
    from tutor.store import mastery

    lessons = []
    for lesson in _lessons(ref):
        book = mastery.load(lesson)
        lessons.append(lesson_json(lesson.name, lesson.title,
                                   [(s.number, s.title) for s in lesson.steps], book))
    return {"format": PROGRESS_FORMAT, "lessons": lessons}


def _detail(counts: dict[str, Any]) -> str:
    """'3 answers, 2 hints, explained': what went into an estimate."""
    from tutor.wording import count

    parts = [count(counts["attempts"], "answer")] if counts["attempts"] else []
    if counts["hints"]:
        parts.append(count(counts["hints"], "hint"))
    if counts["revealed"]:
        parts.append("explained" if counts["revealed"] == 1
                     else f"explained {counts['revealed']} times")
    return ", ".join(parts)


def _step_lines(step: dict[str, Any]) -> tuple[list[str], int]:
    """A step's lines (its title and band, what was done, each idea) and the ideas to review."""
    met = any(i["observations"] for i in step["ideas"]) or step["hints"]
    band = step["band"] if met else "not started"
    head = f"Step {step['step']}  {step['title']}"
    room = _WIDTH - len(band) - 2
    if len(head) > room:
        head = head[:room - 1].rstrip() + "…"
    lines = [f"{head.ljust(room)}  {band}"]
    if not met:
        return lines, 0
    done = _detail(step)
    lines.append(f"        {done}" if done else "        no answer yet")
    to_review = 0
    for idea in step["ideas"]:
        if idea["observations"] and idea["band"] != "solid":
            to_review += 1
        own = _detail(idea) if idea["observations"] else "not met yet"
        text = idea["idea"] if own == done else f"{idea['idea']} ({own})"
        lead = f"  {_MARKS[idea['band']]} {round(idea['mastery'] * 100):>3}%  "
        body = textwrap.wrap(text, width=_WIDTH - len(lead))
        lines.append(lead + body[0])
        lines.extend(" " * len(lead) + line for line in body[1:])
    return lines, to_review


def render_text(data: dict[str, Any]) -> str:
    """The progress as a learner reads it, at most 78 columns wide."""
    from tutor.wording import count

    if not data["lessons"]:
        return "No progress yet: `tutor start` opens a lesson.\n"
    out: list[str] = []
    for lesson in data["lessons"]:
        reviews = count(lesson["reviews"], "review") if lesson["reviews"] else "no review"
        out.append(f"{lesson['title']} ({lesson['lesson']})")
        out.append(f"{count(lesson['sessions'], 'session')}, {reviews}. "
                   "● solid  ◐ shaky  ○ not yet")
        to_review = 0
        for step in lesson["steps"]:
            lines, shaky = _step_lines(step)
            out.append("")
            out.extend(lines)
            to_review += shaky
        out.append("")
        if to_review:
            out.extend(textwrap.wrap(
                f"{count(to_review, 'idea')} not solid yet; `tutor start {lesson['lesson']} "
                "--review` asks the shakiest again.", width=_WIDTH, break_on_hyphens=False))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def register(app: typer.Typer) -> None:
    """Add the `progress` command to the app."""
    import typer

    @app.command("progress")
    def progress(
        lesson: str | None = typer.Argument(
            None, metavar="[LESSON]",
            help="A lesson file or a bundled name (default: every lesson you have opened)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (README: Progress)."),
    ) -> None:
        """How sure you are of each idea, step by step, from your sessions and reviews."""
        data = progress_data(lesson)
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            typer.echo(render_text(data), nl=False)
