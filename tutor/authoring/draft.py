"""Draft a lesson's script sidecar with Claude, one step per Messages call.

Each call carries the whole lesson (in the system prompt, cached, so the steps after the
first pay a tenth for it) and asks for one step's script through the record_script tool.
The reply is validated (tutor.authoring.schema) and checked as the tutor would load it
(tutor.authoring.sidecar); a reply with problems is sent back once with the problems named.
Nothing is written here: the caller writes the text only when every step passed.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tutor.authoring.schema import TOOL_NAME, DraftStep, script_tool
from tutor.authoring.sidecar import Drafted, problems_with, render_sidecar
from tutor.config import Settings
from tutor.errors import TutorError
from tutor.grading.claude.pricing import add, usage_from
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Usage
from tutor.lesson import Lesson, Step
from tutor.prompts import render

#: Authoring is done once per lesson and its questions are then asked offline for good:
#: worth a stronger model than grading's default. Used unless --model, TUTOR_MODEL or the
#: config file names one (a local server's model, say).
DRAFT_MODEL = "claude-sonnet-4-5"
#: One step's script is ~600-1,200 output tokens; room for a long Checkpoint.
DRAFT_MAX_TOKENS = 4096
#: Seconds for one HTTP attempt: a whole script takes longer to write than a verdict.
DRAFT_TIMEOUT = 180.0
#: Steps drafted at once (each is one call in flight).
CONCURRENCY = 4
#: Calls per step: the first, and one more with the problems of the first named.
ATTEMPTS = 2

_CACHED = {"type": "ephemeral"}
_INPUT_KEYS = {"text": ("type", "text"), "tool_use": ("type", "id", "name", "input")}


class DraftError(TutorError):
    """The draft could not be made or did not pass the checks; nothing was written."""

    title = "Draft failed"
    exit_code = 1


@dataclass(frozen=True)
class Draft:
    """The sidecar text and what it cost."""

    text: str
    steps: list[int]
    model: str
    usage: Usage
    calls: int


def draft_settings(settings: Settings, model: str | None, model_is_default: bool) -> Settings:
    """The settings a draft uses: the model to draft with, a longer timeout, more tokens."""
    chosen = model or (DRAFT_MODEL if model_is_default else settings.model)
    return settings.model_copy(update={
        "model": chosen, "max_tokens": max(settings.max_tokens, DRAFT_MAX_TOKENS),
        "timeout": max(settings.timeout, DRAFT_TIMEOUT)})


def steps_to_draft(lesson: Lesson) -> list[Step]:
    """The steps with no authored expectations (an inline script is never drafted over)."""
    return [s for s in lesson.steps if not s.expectations]


def system_blocks(lesson: Lesson) -> list[dict[str, Any]]:
    """The instructions, then the whole lesson; both cached (every step's call shares them)."""
    return [
        {"type": "text", "text": render("draft/instructions.j2"), "cache_control": dict(_CACHED)},
        {"type": "text", "text": render("draft/lesson.j2", title=lesson.title,
                                        steps=lesson.steps), "cache_control": dict(_CACHED)},
    ]


def first_params(lesson: Lesson, step: Step, settings: Settings) -> dict[str, Any]:
    """The `messages.create` parameters asking for one step's script."""
    return {
        "model": settings.model,
        "max_tokens": settings.max_tokens,
        "system": system_blocks(lesson),
        "tools": [script_tool()],
        "tool_choice": {"type": "tool", "name": TOOL_NAME},
        "messages": [{"role": "user", "content": render(
            "draft/step.j2", number=step.number, title=step.title)}],
    }


def again_params(params: dict[str, Any], reply: dict[str, Any], step: Step,
                 problems: list[str]) -> dict[str, Any]:
    """The same conversation, continued: the reply, then what is wrong with it."""
    content = [_as_input(b) for b in reply.get("content") or [] if isinstance(b, dict)]
    tool_id = next((b.get("id") for b in content if b.get("type") == "tool_use"), None)
    said = render("draft/retry.j2", problems=problems, number=step.number)
    follow: Any = ([{"type": "tool_result", "tool_use_id": tool_id, "is_error": True,
                     "content": said}] if tool_id else said)
    return {**params, "messages": [*params["messages"],
                                   {"role": "assistant", "content": content or [
                                       {"type": "text", "text": "(no reply)"}]},
                                   {"role": "user", "content": follow}]}


def _as_input(block: dict[str, Any]) -> dict[str, Any]:
    keys = _INPUT_KEYS.get(str(block.get("type")))
    return {k: block[k] for k in keys if k in block} if keys else block


def read_script(reply: dict[str, Any]) -> tuple[DraftStep | None, list[str]]:
    """The script in a reply (the record_script call, or JSON text from a server that
    ignores forced tool use), or the problems that make it unusable."""
    content = reply.get("content")
    if not isinstance(content, list):
        return None, ["the reply is not a message with content blocks"]
    raw: Any = next((b.get("input") for b in content if isinstance(b, dict)
                     and b.get("type") == "tool_use" and b.get("name") == TOOL_NAME), None)
    if raw is None:
        text = "".join(str(b.get("text", "")) for b in content
                       if isinstance(b, dict) and b.get("type") == "text")
        start, end = text.find("{"), text.rfind("}")
        try:
            raw = json.loads(text[start:end + 1]) if 0 <= start < end else None
        except ValueError:
            raw = None
    if raw is None:
        cut = " (cut off at max_tokens)" if reply.get("stop_reason") == "max_tokens" else ""
        return None, [f"the reply holds no {TOOL_NAME} call{cut}"]
    try:
        return DraftStep.model_validate(raw), []
    except ValidationError as exc:
        return None, [f"{'.'.join(map(str, e['loc'])) or 'script'}: {e['msg']}"
                      for e in exc.errors()]


def _first(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first error of a failed task group, unwrapped (a DraftError says what to do)."""
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error


class Drafter:
    """Drafts the sidecar of one lesson through a Messages API client (the Claude grader's:
    same key handling, retries, error messages and recording)."""

    def __init__(self, lesson: Lesson, lesson_text: str, lesson_path: str, out_path: str,
                 settings: Settings, *, record_dir: Path | None = None) -> None:
        from tutor.grading.claude import ClaudeGrader

        self.lesson = lesson
        self.lesson_text = lesson_text
        self.lesson_path = lesson_path
        self.out_path = out_path
        self.settings = settings
        self.client = ClaudeGrader(settings, record_dir=record_dir)
        self.usage = Usage()
        self.calls = 0

    async def draft(self) -> Draft:
        """Every step without a script, drafted and checked; DraftError if any fails."""
        steps = steps_to_draft(self.lesson)
        if not steps:
            raise DraftError("every step of the lesson already has expectations; "
                             "there is nothing to draft")
        if not self.settings.has_claude:
            raise DraftError("no API key: set ANTHROPIC_API_KEY (or api_key in the config "
                             "file, see `tutor config`), or ANTHROPIC_BASE_URL for a local "
                             "Anthropic-compatible server. Nothing was written.")
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(step: Step) -> Drafted:
            async with limit:
                return await self._step(step)

        try:
            # A TaskGroup: the first step that fails cancels the others (no calls are paid
            # for a draft that will not be written).
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(one(s)) for s in steps]
        except BaseExceptionGroup as failed:
            raise _first(failed) from None
        finally:
            await self.client.aclose()
        text = self.render([t.result() for t in tasks])
        problems = problems_with(self.lesson_text, self.lesson_path, text, self.out_path)
        if problems:
            raise DraftError("the drafted sidecar does not pass `tutor lessons check`; "
                             "nothing was written:\n" + "\n".join(f"  {p}" for p in problems))
        return Draft(text=text, steps=[s.number for s in steps], model=self.settings.model,
                     usage=self.usage, calls=self.calls)

    def render(self, drafted: list[Drafted]) -> str:
        """The sidecar text of these steps."""
        return render_sidecar(self.lesson, drafted, model=self.settings.model,
                              lesson_file=Path(self.lesson_path).name)

    async def _step(self, step: Step) -> Drafted:
        params = first_params(self.lesson, step, self.settings)
        problems: list[str] = []
        for attempt in range(ATTEMPTS):
            reply = await self._send(params, step)
            script, problems = read_script(reply)
            if script is not None:
                drafted = Drafted(step=step, script=script)
                problems = problems_with(self.lesson_text, self.lesson_path,
                                         self.render([drafted]), self.out_path, {step.number})
                if not problems:
                    return drafted
            if attempt + 1 < ATTEMPTS:
                params = again_params(params, reply, step, problems)
        raise DraftError(
            f"step {step.number} ({step.title}): Claude's script was still unusable after "
            f"{ATTEMPTS} attempts; nothing was written:\n"
            + "\n".join(f"  {p}" for p in problems))

    async def _send(self, params: dict[str, Any], step: Step) -> dict[str, Any]:
        try:
            reply = await self.client.call(params)
        except GraderError as exc:
            raise DraftError(f"step {step.number}: {exc.message}. Nothing was written.",
                             title="Claude unavailable") from None
        self.calls += 1
        self.usage = add(self.usage, usage_from(reply.get("usage") or {},
                                                str(reply.get("model") or params["model"])))
        return reply
