"""What the model must return (the record_verdict tool's input), validated by pydantic."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tutor.prompts import render

TOOL_NAME = "record_verdict"


class ModelIdea(BaseModel):
    """A Checkpoint idea the model says the answer covers, with the learner's words."""

    model_config = ConfigDict(extra="ignore")

    idea: str
    evidence: str | None = None


class ModelVerdict(BaseModel):
    """The tool input as the model sends it. Unknown keys are ignored, wrong types are not."""

    model_config = ConfigDict(extra="ignore")

    decision: Literal["advance", "hint"]
    score: float = Field(ge=0.0, le=1.0)
    covered: list[ModelIdea] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    misconception: str | None = None
    feedback: str = ""
    hint: str | None = None
    hint_target: str | None = None

    # Smaller Anthropic-compatible models (via base_url) vary the casing and shape a little;
    # what they mean is still unambiguous, so it is accepted. Anything else is invalid.
    @field_validator("decision", mode="before")
    @classmethod
    def _decision_word(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("covered", mode="before")
    @classmethod
    def _ideas_as_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"idea": v} if isinstance(v, str) else v for v in value]
        return value


@lru_cache(maxsize=1)
def verdict_tool() -> dict[str, Any]:
    """The record_verdict tool definition (its words live in prompts/claude/tool.json.j2)."""
    tool: dict[str, Any] = json.loads(render("claude/tool.json.j2"))
    if tool.get("name") != TOOL_NAME:
        raise ValueError(f"prompts/claude/tool.json.j2 must define the tool {TOOL_NAME!r}")
    return tool
