"""Claude grader tests: the real SDK over HTTP to the fake Messages API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.fakeapi.server import FakeAnthropic
from tutor.config import Settings
from tutor.grading.claude import ClaudeGrader
from tutor.grading.verdict import GradeRequest
from tutor.lesson import load_lesson

#: Looks like a real key so a leak would be unmistakable in any output.
SECRET = "fake-key-api03-TESTSECRET-do-not-print-0123456789abcdef"

GOOD_ANSWER = ("Attention lets each token weigh how relevant every other token is, so 'bank' "
               "takes its meaning from 'river' or 'loan' even when they are far apart.")


def step_request(answer: str = GOOD_ANSWER, number: int = 3, **kw: object) -> GradeRequest:
    """A request for a step of the seed lesson."""
    lesson = load_lesson("how-llms-work")
    step = lesson.step(number)
    assert step is not None
    return GradeRequest.for_step(lesson, step, answer, **kw)  # type: ignore[arg-type]


@pytest.fixture
def settings(fake_api: FakeAnthropic) -> Settings:
    """Settings pointing at the fake server, with short timeouts so failures are quick."""
    return Settings(api_key=SecretStr(SECRET), base_url=fake_api.base_url, timeout=2.0,
                    max_retries=2, max_total_wait=20.0, validation_retries=1)


@pytest.fixture
async def grader(settings: Settings) -> AsyncIterator[ClaudeGrader]:
    g = ClaudeGrader(settings)
    yield g
    await g.aclose()


@pytest.fixture
def request_() -> GradeRequest:
    return step_request()


@pytest.fixture
def record_dir(tmp_path: Path) -> Path:
    return tmp_path / "recorded"
