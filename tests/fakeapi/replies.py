"""What the fake server may answer: scripted replies and the builders tests use to make them.

A `Reply` is data; the server turns it into bytes with `render`, given the request it answers
(so a message reply can echo the model and answer a forced tool call with that tool's name).
The wire shapes follow the SDK's types (`anthropic.types.Message`, `ErrorObject`,
`MessageBatch`, `MessageBatchIndividualResponse`).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)

#: What `verdict()` fills in when a test does not care about the details.
DEFAULT_FEEDBACK = "You explained the main idea in your own words."


@dataclass
class Rendered:
    """A reply ready for the wire."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """One scripted answer to one request.

    `payload` is the tool input (or text) the fake model returns; `status`/`error` make an
    HTTP error; `delay` sleeps first (past the client's timeout = a slow reply); `drop`
    closes the connection without a reply; `raw` sends bytes as they are.
    """

    payload: dict[str, Any] | None = None
    text: str | None = None
    status: int = 200
    error_type: str | None = None
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    raw: bytes | None = None
    content_type: str = "application/json"
    stop_reason: str | None = None
    usage: dict[str, int] | None = None

    @property
    def is_error(self) -> bool:
        return self.status >= 400 or self.drop or self.raw is not None

    def message_body(self, request: dict[str, Any], usage: dict[str, int]) -> dict[str, Any]:
        """The `Message` object this reply stands for, shaped by the request it answers."""
        content: list[dict[str, Any]] = []
        tool = _forced_tool(request)
        if self.text is not None:
            content.append({"type": "text", "text": self.text, "citations": None})
        if self.payload is not None:
            if tool is not None:
                content.append({"type": "tool_use", "id": f"toolu_fake{next(_ids):06d}",
                                "name": tool, "input": self.payload, "caller": {"type": "direct"}})
            else:
                content.append({"type": "text", "text": json.dumps(self.payload),
                                "citations": None})
        stop = self.stop_reason or ("tool_use" if tool and self.payload is not None else "end_turn")
        return {
            "id": f"msg_fake{next(_ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": request.get("model", "claude-fake"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {**usage, **(self.usage or {})},
        }

    def error_body(self) -> dict[str, Any]:
        """The error envelope the API sends with a 4xx/5xx."""
        return {"type": "error",
                "error": {"type": self.error_type or "api_error", "message": self.message},
                "request_id": f"req_fake{next(_ids):06d}"}

    def render(self, request: dict[str, Any], usage: dict[str, int]) -> Rendered:
        """The status, body and headers to send."""
        if self.raw is not None:
            return Rendered(self.status, self.raw, {"content-type": self.content_type,
                                                    **self.headers})
        body = self.error_body() if self.status >= 400 else self.message_body(request, usage)
        return Rendered(self.status, json.dumps(body).encode(),
                        {"content-type": "application/json",
                         "request-id": f"req_fake{next(_ids):06d}", **self.headers})


def _forced_tool(request: dict[str, Any]) -> str | None:
    choice = request.get("tool_choice") or {}
    if isinstance(choice, dict) and choice.get("type") == "tool":
        name = choice.get("name")
        return name if isinstance(name, str) else None
    tools = request.get("tools") or []
    if choice.get("type") == "any" and tools:
        first = tools[0].get("name")
        return first if isinstance(first, str) else None
    return None


# -- builders ---------------------------------------------------------------------------------


def verdict(
    decision: str = "advance",
    *,
    score: float | None = None,
    covered: list[dict[str, Any]] | None = None,
    missing: list[str] | None = None,
    misconception: str | None = None,
    feedback: str = DEFAULT_FEEDBACK,
    hint: str | None = None,
    usage: dict[str, int] | None = None,
    **extra: Any,
) -> Reply:
    """A well-formed verdict from the fake model (as a forced tool call, or JSON text)."""
    if score is None:
        score = 0.9 if decision == "advance" else 0.3
    if hint is None and decision == "hint":
        hint = "What does each word get compared with when the model reads a sentence?"
    payload: dict[str, Any] = {
        "decision": decision, "score": score,
        "covered": covered if covered is not None else [],
        "missing": missing if missing is not None else ([] if decision == "advance"
                                                       else ["the missing idea"]),
        "misconception": misconception, "feedback": feedback, "hint": hint, **extra,
    }
    return Reply(payload=payload, usage=usage)


def text(value: str) -> Reply:
    """A plain text reply (no tool call)."""
    return Reply(text=value)


def error(status: int, error_type: str, message: str = "", *,
          retry_after_ms: int | None = None, retry_after: float | None = None,
          headers: dict[str, str] | None = None) -> Reply:
    """An API error with the real envelope and optional retry-after headers."""
    extra = dict(headers or {})
    if retry_after_ms is not None:
        extra["retry-after-ms"] = str(retry_after_ms)
    if retry_after is not None:
        extra["retry-after"] = str(retry_after)
    return Reply(status=status, error_type=error_type, message=message or error_type,
                 headers=extra)


def rate_limited(retry_after_ms: int = 5) -> Reply:
    """429 rate_limit_error with a short `retry-after-ms`."""
    return error(429, "rate_limit_error", "Number of request tokens has exceeded your rate limit.",
                 retry_after_ms=retry_after_ms)


def overloaded(retry_after_ms: int = 5) -> Reply:
    """529 overloaded_error."""
    return error(529, "overloaded_error", "Overloaded", retry_after_ms=retry_after_ms)


def server_error(retry_after_ms: int = 5) -> Reply:
    """500 api_error."""
    return error(500, "api_error", "Internal server error", retry_after_ms=retry_after_ms)


def unauthorized() -> Reply:
    """401 authentication_error (never retried by the SDK)."""
    return error(401, "authentication_error", "invalid x-api-key")


def slow(seconds: float, then: Reply | None = None) -> Reply:
    """A reply that arrives after `seconds` (past the client timeout, if that is shorter)."""
    base = then if then is not None else verdict()
    return Reply(**{**base.__dict__, "delay": seconds})


def dropped() -> Reply:
    """The connection closes with no reply at all."""
    return Reply(drop=True)


def not_json(status: int = 200) -> Reply:
    """A 200 whose body is not JSON (a proxy's HTML page, a truncated body)."""
    return Reply(status=status, raw=b"<html><body>502 Bad Gateway</body></html>",
                 content_type="application/json")


def schema_break() -> Reply:
    """A well-formed message whose verdict breaks the schema (no decision, score out of range)."""
    return Reply(payload={"verdict": "looks right", "score": 7, "feedback": 3})


def leaky_hint(checkpoint: str, decision: str = "hint") -> Reply:
    """A hint verdict whose hint states the Checkpoint outright."""
    return verdict(decision, hint=f"Remember: {checkpoint}")
