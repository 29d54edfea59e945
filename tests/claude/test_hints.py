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


# --- a stated mix-up: named and questioned in the same words as the local grader's ----------

def _message(reply: replies.Reply) -> dict[str, object]:
    return reply.message_body({"model": "claude-haiku-4-5", "tool_choice": {
        "type": "tool", "name": "record_verdict"}}, {"input_tokens": 10, "output_tokens": 5})


def test_an_authored_mix_up_from_claude_is_named_and_its_own_question_asked() -> None:
    answer = "Attention only looks at the word just before, so it reads left to right."
    request = step_request(answer)
    wrong = request.misconceptions[1]  # "Attention only looks at the word immediately before."
    reply = replies.verdict(
        "hint", misconception=wrong.text.rstrip(".").lower(),  # cut short, lower case
        feedback="Good start! You're on the right track.", hint=GOOD_HINT,
        hint_target=request.expectations[0],
        covered=[{"idea": request.expectations[1], "evidence": "it reads left to right"}])
    verdict = verdict_from_message(_message(reply), request)
    assert verdict.misconception == wrong.text  # the step's own text, so the reveal corrects it
    assert verdict.feedback.startswith("You said “Attention only looks at the word just before")
    assert "common mix-up" in verdict.feedback and "Good" not in verdict.feedback
    assert (verdict.hint, verdict.hint_target) == (wrong.hint, wrong.text)
    assert all(k.evidence is None for k in verdict.covered)  # nothing credited beside it


def test_the_mix_up_question_is_asked_once_and_never_at_the_reveal() -> None:
    from tutor.grading.verdict import Attempt

    request = step_request("it only looks at the previous word")
    wrong = request.misconceptions[1]
    asked = step_request("it only looks at the previous word", rung=Rung.HINT,
                         previous=[Attempt(answer="it only looks back", hint=wrong.hint)])
    reply = replies.verdict("hint", misconception=wrong.text, hint=GOOD_HINT,
                            hint_target=request.expectations[0])
    again = verdict_from_message(_message(reply), asked)
    assert again.hint == GOOD_HINT and "common mix-up" in again.feedback
    last = step_request("it only looks at the previous word", rung=Rung.ASSERTION)
    assert verdict_from_message(_message(reply), last).hint == GOOD_HINT


def test_a_wrong_belief_claude_praises_is_not_praised() -> None:
    request = step_request("attention is the model being polite to the user")
    reply = replies.verdict("hint", misconception="Attention means politeness.",
                            feedback="Great answer, nearly there!", hint=GOOD_HINT)
    verdict = verdict_from_message(_message(reply), request)
    assert verdict.feedback == ("As I read it, part of your answer goes against the idea of "
                                "this step.")
    assert verdict.misconception == "Attention means politeness."
