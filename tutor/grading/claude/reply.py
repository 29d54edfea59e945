"""Read a Messages API reply into a `Verdict`: validate, quote-check, guard, leak-check.

The model's word is never final: the shared guard runs on every answer (a flagged answer never
advances), evidence the learner did not write is dropped, and a hint that states the
Checkpoint is replaced by the templated hint for the rung. A stated authored misconception
is named and questioned in the same words as the local grader's (`hints.name_mix_up`, the
misconception's own question), with nothing credited beside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from tutor.grading.claude.hinting import hint_leaks, templated_hint_for
from tutor.grading.claude.pricing import usage_from
from tutor.grading.claude.schema import TOOL_NAME, ModelVerdict
from tutor.grading.guard import GuardReport, inspect_answer
from tutor.grading.hints import name_mix_up
from tutor.grading.protocol import GraderOutputError
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Rung, Usage, Verdict
from tutor.lesson.models import Misconception
from tutor.prompts import render

#: A flagged answer's score is capped here: it never advances, and its score must not say
#: otherwise to whoever ranks answers by score.
FLAGGED_SCORE_CAP = 0.2


class ReplyInvalid(GraderOutputError):
    """The reply was not a valid verdict (asked again while attempts remain)."""


@dataclass(frozen=True)
class ParsedReply:
    """The model's verdict and what is needed to continue the conversation about it."""

    verdict: ModelVerdict
    content: list[dict[str, Any]]
    tool_use_id: str | None
    usage: Usage
    model: str


def as_dict(message: Any) -> dict[str, Any]:
    """A Message (SDK object) or its JSON dict, as a plain dict."""
    if isinstance(message, dict):
        return message
    dump = getattr(message, "model_dump", None)
    if dump is None:
        raise ReplyInvalid(f"the reply is a {type(message).__name__}, not a message")
    data: dict[str, Any] = dump(mode="json", exclude_none=True)
    return data


def parse_reply(message: Any) -> ParsedReply:
    """The verdict inside a reply: the record_verdict tool call, or JSON text as a fallback
    for Anthropic-compatible servers that ignore forced tool use."""
    data = as_dict(message)
    content = data.get("content")
    if data.get("type", "message") != "message" or not isinstance(content, list):
        raise ReplyInvalid("the reply is not a message with content blocks")
    model = str(data.get("model") or "")
    usage = usage_from(data.get("usage") or {}, model)
    raw, tool_use_id = _verdict_payload(content)
    if raw is None:
        why = "cut off at max_tokens" if data.get("stop_reason") == "max_tokens" else \
            "no record_verdict call and no JSON verdict in the text"
        raise ReplyInvalid(f"the reply holds no verdict ({why})")
    try:
        verdict = ModelVerdict.model_validate(raw)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "verdict" for e in exc.errors())
        raise ReplyInvalid(f"the verdict breaks the schema at: {fields}") from None
    return ParsedReply(verdict, content, tool_use_id, usage, model)


def _verdict_payload(content: list[Any]) -> tuple[Any, str | None]:
    for block in content:
        if isinstance(block, dict) and block.get("type") == "tool_use" \
                and block.get("name") == TOOL_NAME:
            return block.get("input"), block.get("id")
    text = "".join(b.get("text", "") for b in content
                   if isinstance(b, dict) and b.get("type") == "text")
    return _json_in(text), None


def _json_in(text: str) -> Any:
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        return json.loads(text[start:end + 1])
    except ValueError:
        return None


def leaks(parsed: ParsedReply, request: GradeRequest) -> bool:
    """True when the model wants to hint and its hint gives the Checkpoint away."""
    hint = parsed.verdict.hint
    return parsed.verdict.decision == "hint" and bool(hint) and hint_leaks(hint or "", request)


def finish(parsed: ParsedReply, request: GradeRequest, *, grader: str = "claude",
           usage: Usage | None = None, latency_ms: float = 0.0,
           guard: GuardReport | None = None) -> Verdict:
    """The Verdict the tutor acts on: the model's, checked by the guard and the leak check."""
    report = guard if guard is not None else inspect_answer(request)
    model = parsed.verdict
    decision = Decision(model.decision)
    score = model.score
    feedback = model.feedback
    if report.blocked:
        decision = Decision.HINT
        score = min(score, FLAGGED_SCORE_CAP)
        feedback = " ".join(report.reasons)
    hint: str | None = None
    target: str | None = None
    covered = [_quoted(idea.idea, idea.evidence, request.answer) for idea in model.covered]
    misconception = model.misconception or None
    if decision is Decision.HINT:
        hint = (model.hint or "").strip() or None
        target = resolve_target(model.hint_target, request)
        if hint is None or hint_leaks(hint, request):
            # The templated hint asks about an expectation: the one the model aimed at, if
            # it aimed at one, else the step's first.
            idea = target if target in request.expectations else None
            hint = templated_hint_for(request, idea)
            target = idea or (request.expectations[0] if request.expectations else None)
        known = authored_misconception(model.misconception, model.hint_target, request)
        if known is not None and not report.blocked:
            # The same words as the local grader's: the mix-up named, nothing credited
            # beside it, and its own question asked (once, before the reveal).
            misconception = known.text
            feedback = name_mix_up(request, known.text, None)
            covered = [KeyIdea(idea=k.idea) for k in covered]
            asked = {a.hint for a in request.previous if a.hint}
            if known.hint and known.hint not in asked and request.rung is not Rung.ASSERTION:
                hint, target = known.hint, known.text
        elif misconception and not report.blocked and praises(feedback):
            # A wrong belief beside praise: the praise goes, the belief is said as read.
            feedback = render("claude/contradiction.j2", quote=None)
            covered = [KeyIdea(idea=k.idea) for k in covered]
    return Verdict(
        decision=decision, score=score,
        covered=covered,
        missing=list(model.missing), misconception=misconception,
        feedback=feedback, hint=hint, hint_target=target,
        rung=request.rung if decision is Decision.HINT else None,
        flags=list(report.flags), grader=grader, latency_ms=latency_ms,
        usage=usage if usage is not None else parsed.usage,
    )


def resolve_target(said: str | None, request: GradeRequest) -> str | None:
    """The step's own text of the idea a hint aims at, from what the model said.

    The model is asked to copy an expectation or misconception exactly; case, spacing and
    punctuation are forgiven, and a copy that is cut short or runs on still names its idea
    when it names no other. A target that is none of the step's ideas is dropped (None),
    unless the step lists none: then the model's own words are all there is.
    """
    if said is None or not _normal(said):
        return None
    known = [*request.expectations, *(m.text for m in request.misconceptions)]
    if not known:
        return said.strip()
    wanted = _normal(said)
    exact = [k for k in known if _normal(k) == wanted]
    if exact:
        return exact[0]
    near = [k for k in known if _normal(k) in wanted or wanted in _normal(k)]
    return near[0] if len(near) == 1 else None


def authored_misconception(said: str | None, target: str | None,
                           request: GradeRequest) -> Misconception | None:
    """The step's authored misconception the model names, in its `misconception` (copied,
    or cut short or run on as `resolve_target` forgives) or as its hint's target."""
    for text in (said, target):
        if not text or not _normal(text):
            continue
        wanted = _normal(text)
        exact = [m for m in request.misconceptions if _normal(m.text) == wanted]
        near = [m for m in request.misconceptions
                if _normal(m.text) in wanted or wanted in _normal(m.text)]
        if exact or len(near) == 1:
            return (exact or near)[0]
    return None


#: Feedback that opens with praise or credit (the words `tutor eval` counts as praise).
_PRAISE = re.compile(r"^[\s\"'“(]*(good|great|nice|excellent|well done|perfect|exactly|"
                     r"correct|right|yes|spot on|you're (right|correct|partly|close|on the "
                     r"right track)|you've got|you have)\b", re.IGNORECASE)


def praises(feedback: str) -> bool:
    """True when the feedback opens with praise or credit."""
    return bool(_PRAISE.match(feedback))


def verdict_from_message(message: Any, request: GradeRequest, *,
                         grader: str = "claude") -> Verdict:
    """Parse one reply (SDK Message or dict, e.g. a batch result's `message`) into a Verdict.

    Raises GraderOutputError when the reply holds no valid verdict. A leaking hint is
    replaced by the templated hint (there is no second call on this path).
    """
    return finish(parse_reply(message), request, grader=grader)


def _quoted(idea: str, evidence: str | None, answer: str) -> KeyIdea:
    """Keep evidence only if the learner wrote it: the model must not put words in their mouth."""
    if evidence and _normal(evidence) and _normal(evidence) in _normal(answer):
        return KeyIdea(idea=idea, evidence=evidence)
    return KeyIdea(idea=idea, evidence=None)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()
