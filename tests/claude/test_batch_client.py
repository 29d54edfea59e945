"""The Claude grader in a batch: one client, its pool sized by prepare(), retry-after kept."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.claude.conftest import step_request
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.config import Settings
from tutor.grading.claude import ClaudeGrader
from tutor.grading.protocol import GraderUnavailable
from tutor.grading.verdict import Decision, Verdict


async def test_prepare_sizes_one_shared_pool(settings: Settings, fake_api: FakeAnthropic) -> None:
    lock = threading.Lock()
    now = [0]
    most = [0]

    def policy(_: dict[str, Any]) -> replies.Reply:
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        time.sleep(0.15)  # in the handler thread: the request is in flight at the server
        with lock:
            now[0] -= 1
        return replies.verdict("advance")

    fake_api.default = policy
    grader = ClaudeGrader(settings)
    try:
        await grader.prepare(concurrency=3)
        client = grader._client
        assert client is not None
        verdicts = await grader.grade_many([step_request(f"answer {i}") for i in range(9)])
        assert grader._client is client  # every answer went through the one client
    finally:
        await grader.aclose()
    assert all(isinstance(v, Verdict) and v.decision is Decision.ADVANCE for v in verdicts)
    assert most[0] == 3  # the pool's 3 connections, all used, never more


async def test_a_429_carries_the_servers_retry_after(
    grader: ClaudeGrader, fake_api: FakeAnthropic
) -> None:
    fake_api.default = lambda _: replies.rate_limited(retry_after_ms=40)
    await grader.prepare(concurrency=2)
    try:
        await grader.grade(step_request())
    except GraderUnavailable as exc:
        assert "rate limited" in exc.message and exc.retryable
        assert getattr(exc, "retry_after", None) == 0.04  # for the batch runner's pause
    else:
        raise AssertionError("a 429 every time must end in GraderUnavailable")


async def test_a_prepared_grader_survives_529s_and_drops(
    grader: ClaudeGrader, fake_api: FakeAnthropic
) -> None:
    await grader.prepare(concurrency=2)
    fake_api.queue(replies.overloaded(3), replies.dropped(), replies.verdict("hint"))
    verdict = await grader.grade(step_request("not sure"))
    assert verdict.decision is Decision.HINT and len(fake_api.message_requests) == 3


async def test_an_empty_answer_is_never_sent_even_prepared(
    grader: ClaudeGrader, fake_api: FakeAnthropic
) -> None:
    await grader.prepare(concurrency=2)
    verdict = await grader.grade(step_request("  ?! "))
    assert verdict.decision is Decision.HINT and fake_api.message_requests == []


async def test_a_grader_warmed_in_a_thread_grades_with_the_client_it_made(
    settings: Settings, fake_api: FakeAnthropic
) -> None:
    import asyncio

    fake_api.default = lambda _: replies.verdict("advance")
    grader = ClaudeGrader(settings)
    try:
        await asyncio.to_thread(grader.warm)  # as the TUI does, after its first frame
        client = grader._client
        assert client is not None  # made in the thread, not at the first answer
        first = await grader.grade(step_request())
        second = await grader.grade(step_request("Another answer about attention."))
        assert grader._client is client  # adopted by the loop that used it first
    finally:
        await grader.aclose()
    assert first.decision is Decision.ADVANCE and second.decision is Decision.ADVANCE


async def test_warming_without_a_key_defers_the_error_to_the_first_answer(
    fake_api: FakeAnthropic,
) -> None:
    grader = ClaudeGrader(Settings(api_key=None, base_url=None, timeout=2.0, max_retries=0))
    grader.warm()  # must not raise: the warm-up is no place to report a missing key
    assert grader._client is None
    try:
        await grader.grade(step_request())
    except GraderUnavailable as exc:
        assert "no API key" in exc.message
    else:
        raise AssertionError("grading with no key and no base_url must fail clearly")
    finally:
        await grader.aclose()
