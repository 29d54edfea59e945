"""What Claude must return when drafting one step's script (the record_script tool's input).

Validated by pydantic at the edge: a reply that breaks these rules is asked for again, then
refused; nothing unchecked reaches the sidecar writer.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from tutor.prompts import render

TOOL_NAME = "record_script"

#: Long enough for any one question or sentence of a script; a longer "question" is a
#: paragraph, which the tutor cannot ask in one turn.
MAX_LINE = 400
MAX_CARD = 1500

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=MAX_LINE)]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


def _no_fence(value: str) -> str:
    """A text that holds ``` would end the sidecar's ```tutor block early."""
    if "```" in value:
        raise ValueError("must not contain ``` (it would end the sidecar's code block)")
    return value


class DraftExpectation(BaseModel):
    """One idea of the Checkpoint and its ladder, rung by rung."""

    model_config = ConfigDict(extra="ignore")

    text: Line
    pump: Line
    hint: Line
    prompt: Line
    expect: Word
    assertion: Line

    _fences = field_validator("text", "pump", "hint", "prompt", "expect", "assertion")(
        _no_fence)


class DraftMisconception(BaseModel):
    """A wrong belief a learner is likely to hold, the question that targets it, its fix."""

    model_config = ConfigDict(extra="ignore")

    text: Line
    hint: Line
    correction: Line

    _fences = field_validator("text", "hint", "correction")(_no_fence)


class DraftCard(BaseModel):
    """A concept card: explains the idea without stating the Checkpoint."""

    model_config = ConfigDict(extra="ignore")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20,
                                           max_length=MAX_CARD)]

    _fences = field_validator("body")(_no_fence)

    @field_validator("title")
    @classmethod
    def _attribute_safe(cls, value: str) -> str:
        # The title goes into <!-- hint:card title="…" -->.
        if '"' in value or "--" in value or "\n" in value:
            raise ValueError('must not contain ", -- or a line break (it is a directive '
                             "attribute)")
        return value


class DraftStep(BaseModel):
    """The script of one step, as the model sends it."""

    model_config = ConfigDict(extra="ignore")

    expectations: list[DraftExpectation] = Field(min_length=1, max_length=6)
    misconceptions: list[DraftMisconception] = Field(min_length=1, max_length=5)
    card: DraftCard
    #: What is enough to advance: "all", "any", or the numbers (from 1) of the needed ones.
    needs: Literal["all", "any"] | list[int] = "all"

    def needs_toml(self) -> str | None:
        """`needs` as the sidecar writes it (None: the default, every expectation), with
        numbers that name no expectation left out."""
        if isinstance(self.needs, str):
            return None if self.needs == "all" else '"any"'
        numbers = sorted({n for n in self.needs if 1 <= n <= len(self.expectations)})
        if not numbers or len(numbers) == len(self.expectations):
            return None
        return "[" + ", ".join(map(str, numbers)) + "]"


@lru_cache(maxsize=1)
def script_tool() -> dict[str, Any]:
    """The record_script tool definition (its words live in prompts/draft/tool.json.j2)."""
    tool: dict[str, Any] = json.loads(render("draft/tool.json.j2"))
    if tool.get("name") != TOOL_NAME:
        raise ValueError(f"prompts/draft/tool.json.j2 must define the tool {TOOL_NAME!r}")
    return tool
