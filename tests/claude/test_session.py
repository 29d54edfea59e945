"""A learner's session graded by Claude: the verdict lands in the transcript, the key never."""

from __future__ import annotations

import pytest

from tests.claude.conftest import GOOD_ANSWER, SECRET
from tests.fakeapi.server import FakeAnthropic
from tutor.driver import SessionDriver
from tutor.grading.source import factory_source
from tutor.lesson import load_lesson
from tutor.session.events import Shown, Submit
from tutor.session.machine import RequestGrade


async def test_a_session_graded_by_claude_keeps_the_key_out_of_the_transcript(
        fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    lesson = load_lesson("how-llms-work")
    driver, _ = SessionDriver.new(lesson, factory_source(None), grader_name="claude")
    driver.apply(Shown())
    effects = driver.apply(Submit(answer=GOOD_ANSWER))
    (request,) = [e for e in effects if isinstance(e, RequestGrade)]
    driver.apply(await driver.grade(request))
    await driver.aclose()
    text = driver.transcript.path.read_text()
    assert '"grader": "claude"' in text and '"decision": "advance"' in text
    assert SECRET not in text and SECRET[-12:] not in text
    assert len(fake_api.message_requests) == 1
