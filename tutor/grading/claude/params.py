"""The exact `messages.create` parameters for one grading: static prefix cached, answer escaped."""

from __future__ import annotations

import copy
import html
import json
from functools import lru_cache
from typing import Any

from tutor.config import Settings
from tutor.grading.claude.schema import TOOL_NAME, verdict_tool
from tutor.grading.verdict import GradeRequest
from tutor.lesson.models import ExpectationScript
from tutor.prompts import render

_CACHED = {"type": "ephemeral"}


def escape(text: str) -> str:
    """Make learner text inert inside tags: no '<' survives, so no tag can be closed or forged."""
    return html.escape(text, quote=False)


def system_blocks(request: GradeRequest) -> list[dict[str, Any]]:
    """The system prompt: grading instructions, then the step (Checkpoint, Task, Question).

    Both blocks carry cache_control: the instructions are shared by every step and the step
    block by every answer to it, so only the first grading of a step pays full price.
    """
    return [
        {"type": "text", "text": _instructions(), "cache_control": dict(_CACHED)},
        {"type": "text", "text": _step_text(request), "cache_control": dict(_CACHED)},
    ]


@lru_cache(maxsize=1)
def _instructions() -> str:
    return render("claude/instructions.j2")


#: The step block of the system prompt, by the step fields it is rendered from: a batch of
#: answers to the same few steps renders each step once, not once per answer.
_STEP_TEXTS: dict[str, str] = {}
_STEP_FIELDS = {"lesson_title", "step_number", "step_title", "explanation", "task", "question",
                "checkpoint", "expectations", "scripts", "misconceptions", "needs"}


def _step_text(request: GradeRequest) -> str:
    key = request.model_dump_json(include=_STEP_FIELDS)
    text = _STEP_TEXTS.get(key)
    if text is None:
        text = render(
            "claude/step.j2", lesson_title=request.lesson_title,
            step_number=request.step_number, step_title=request.step_title,
            explanation=request.explanation, task=request.task, question=request.question,
            checkpoint=request.checkpoint, expectations=_scripts(request),
            misconceptions=request.misconceptions, needs=needs_text(request),
        )
        if len(_STEP_TEXTS) >= 256:
            _STEP_TEXTS.clear()
        _STEP_TEXTS[key] = text
    return text


def needs_text(request: GradeRequest) -> str | None:
    """What the lesson says is enough to advance, in words ("key ideas 1 and 2 or key idea
    3"); None when every expectation is needed (the default)."""
    groups = request.needed_groups()
    if not groups or groups == [list(range(len(request.expectations)))]:
        return None
    if all(len(g) == 1 for g in groups) and len(groups) == len(request.expectations):
        return "any one of the key ideas; the others are a plus"
    extra = sorted(set(range(len(request.expectations))) - {i for g in groups for i in g})
    said = " or ".join(_numbered(g) for g in groups)
    if not extra:
        return said
    return f"{said}; {_numbered(extra)} {'is' if len(extra) == 1 else 'are'} a plus, not required"


def _numbered(indices: list[int]) -> str:
    """[0] -> "key idea 1"; [0, 1, 2] -> "key ideas 1, 2 and 3"."""
    nums = [str(i + 1) for i in indices]
    if len(nums) == 1:
        return f"key idea {nums[0]}"
    return f"key ideas {', '.join(nums[:-1])} and {nums[-1]}"


def _scripts(request: GradeRequest) -> list[ExpectationScript]:
    """Each expectation with its authored ladder (a bare text when the caller gave none)."""
    if len(request.scripts) == len(request.expectations):
        return list(request.scripts)
    return [request.script_for(text) or ExpectationScript(text=text)
            for text in request.expectations]


@lru_cache(maxsize=1)
def _tool_json() -> str:
    return json.dumps(verdict_tool())


def _tool() -> dict[str, Any]:
    """A fresh copy of the tool definition (callers may change theirs); json is ~20x faster
    than copy.deepcopy for this plain-JSON dict."""
    tool: dict[str, Any] = json.loads(_tool_json())
    return tool


def user_turn(request: GradeRequest) -> str:
    """The user turn: earlier attempts and the answer, every learner word escaped."""
    previous = [{"answer": escape(a.answer), "hint": escape(a.hint) if a.hint else None}
                for a in request.previous]
    return render(
        "claude/user.j2", previous=previous, answer=escape(request.answer),
        choice=escape(request.choice) if request.choice else None,
        lab_notes=escape(request.lab_notes) if request.lab_notes else None,
        rung=request.rung.value,
    )


def build_params(request: GradeRequest, settings: Settings) -> dict[str, Any]:
    """The keyword arguments for `client.messages.create` (and a batch request's `params`)."""
    return {
        "model": settings.model,
        "max_tokens": settings.max_tokens,
        "system": system_blocks(request),
        "tools": [_tool()],
        "tool_choice": {"type": "tool", "name": TOOL_NAME},
        "messages": [{"role": "user", "content": user_turn(request)}],
    }


def reask_params(params: dict[str, Any], reply_content: list[dict[str, Any]],
                 tool_use_id: str) -> dict[str, Any]:
    """The same request, continued: the model's leaking verdict, then a request to re-hint."""
    again = copy.deepcopy(params)
    again["messages"] = [
        *again["messages"],
        {"role": "assistant", "content": [_as_input(block) for block in reply_content]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_use_id,
                                      "is_error": True, "content": render("claude/reask.j2")}]},
    ]
    return again


_INPUT_KEYS = {"text": ("type", "text"), "tool_use": ("type", "id", "name", "input")}


def _as_input(block: dict[str, Any]) -> dict[str, Any]:
    """A reply block as a request block: only the fields every compatible server accepts."""
    keys = _INPUT_KEYS.get(str(block.get("type")))
    return {k: block[k] for k in keys if k in block} if keys else block
