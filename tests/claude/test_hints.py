"""A hint that states the Checkpoint is asked for again once, then replaced by the template."""

from __future__ import annotations

from tests.claude.conftest import step_request
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.grading.claude import ClaudeGrader, verdict_from_message
from tutor.grading.claude.hinting import hint_leaks, templated_hint_for
from tutor.grading.verdict import Decision, Rung

GOOD_HINT = "What could tell a reader which 'bank' the sentence is about?"


async def test_a_leaking_hint_is_asked_for_again(grader: ClaudeGrader,
                                                 fake_api: FakeAnthropic) -> None:
    request = step_request("it reads the words one by one", rung=Rung.HINT)
    fake_api.queue(replies.leaky_hint(request.checkpoint),
                   replies.verdict("hint", hint=GOOD_HINT))
    verdict = await grader.grade(request)
    assert verdict.decision is Decision.HINT and verdict.hint == GOOD_HINT
    assert verdict.rung is Rung.HINT
    first, second = fake_api.message_requests
    turns = second.body["messages"]
    assert [t["role"] for t in turns] == ["user", "assistant", "user"]
    assert set(turns[1]["content"][0]) == {"type", "id", "name", "input"}  # echoed as input
    result = turns[2]["content"][0]
    assert result["type"] == "tool_result" and result["is_error"] is True
    assert result["tool_use_id"] == turns[1]["content"][0]["id"]
    assert second.body["system"] == first.body["system"]  # still read from the cache
    assert verdict.usage is not None and verdict.usage.output_tokens == 120  # both calls


async def test_a_hint_that_leaks_twice_becomes_the_templated_hint(
        grader: ClaudeGrader, fake_api: FakeAnthropic) -> None:
    request = step_request("it reads the words one by one", rung=Rung.PROMPT)
    fake_api.default = lambda _: replies.leaky_hint(request.checkpoint)
    verdict = await grader.grade(request)
    assert verdict.hint == templated_hint_for(request)
    assert not hint_leaks(verdict.hint, request)
    assert len(fake_api.message_requests) == 2  # asked again once, no more


def test_verdict_from_message_replaces_a_leaking_hint() -> None:
    request = step_request("no idea")
    reply = replies.leaky_hint(request.checkpoint)
    message = reply.message_body({"model": "claude-haiku-4-5", "tool_choice": {
        "type": "tool", "name": "record_verdict"}}, {"input_tokens": 10, "output_tokens": 5})
    verdict = verdict_from_message(message, request)
    assert verdict.decision is Decision.HINT
    assert verdict.hint == templated_hint_for(request)
    assert verdict.usage is not None and verdict.usage.input_tokens == 10


def test_the_stand_in_leak_check() -> None:
    from tutor.grading.claude.hinting import overlap_leaks

    checkpoint = step_request().checkpoint
    assert overlap_leaks(f"Remember: {checkpoint}", checkpoint)
    assert overlap_leaks("Does each token weigh the relevance of all other tokens?", checkpoint)
    assert not overlap_leaks(GOOD_HINT, checkpoint)
    assert not overlap_leaks("What else can you say?", checkpoint)
