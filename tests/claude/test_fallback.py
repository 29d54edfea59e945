"""make_grader and the local fallback: Claude failing never leaves a learner without a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.claude.conftest import SECRET, step_request
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.config import Settings
from tutor.errors import InputError
from tutor.grading.claude import ClaudeGrader
from tutor.grading.factory import FallbackGrader, make_grader
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, GradeRequest, Verdict


class StandIn:
    """A second grader for the fallback tests: always holds the learner with a fixed hint."""

    name = "stand-in"

    def __init__(self) -> None:
        self.graded = 0

    async def grade(self, request: GradeRequest) -> Verdict:
        self.graded += 1
        return Verdict(decision=Decision.HINT, score=0.4, hint="What else?", grader=self.name)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return [await self.grade(r) for r in requests]

    async def aclose(self) -> None:
        pass


async def test_server_gone_falls_back_and_says_so(settings: Settings,
                                                  fake_api: FakeAnthropic) -> None:
    fake_api.stop()
    stand_in = StandIn()
    grader = FallbackGrader(ClaudeGrader(settings), stand_in)
    first = await grader.grade(step_request())
    second = await grader.grade(step_request("another answer"))
    await grader.aclose()
    assert first.grader == "stand-in" and first.fallback_from == "claude"
    assert first.fallback_reason is not None and "cannot reach" in first.fallback_reason
    assert SECRET not in first.fallback_reason
    assert second.fallback_from == "claude" and "not retried" in (second.fallback_reason or "")
    assert stand_in.graded == 2


async def test_cooldown_skips_claude_for_a_while(settings: Settings,
                                                 fake_api: FakeAnthropic) -> None:
    fake_api.default = lambda _: replies.overloaded(2)
    grader = FallbackGrader(ClaudeGrader(settings), StandIn())
    await grader.grade(step_request())
    calls = len(fake_api.message_requests)
    await grader.grade(step_request("again"))
    assert len(fake_api.message_requests) == calls  # Claude not asked during the cooldown
    await grader.aclose()


async def test_invalid_replies_fall_back_too(settings: Settings, fake_api: FakeAnthropic) -> None:
    fake_api.default = lambda _: replies.schema_break()
    grader = FallbackGrader(ClaudeGrader(settings), StandIn())
    verdict = await grader.grade(step_request())
    assert verdict.fallback_from == "claude" and "schema" in (verdict.fallback_reason or "")
    fake_api.default = lambda _: replies.verdict("advance")
    assert (await grader.grade(step_request())).grader == "claude"  # no cooldown for this
    await grader.aclose()


async def test_grade_many_regrades_only_the_failures(settings: Settings,
                                                     fake_api: FakeAnthropic) -> None:
    fake_api.default = lambda body: (replies.schema_break() if "broken" in str(body["messages"])
                                     else replies.verdict("advance"))
    grader = FallbackGrader(ClaudeGrader(settings), StandIn())
    results = await grader.grade_many([step_request("fine one"), step_request("broken one")])
    await grader.aclose()
    assert [r.grader for r in results] == ["claude", "stand-in"]  # type: ignore[union-attr]


def _settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def test_auto_with_a_key_is_claude_with_fallback() -> None:
    grader = make_grader("auto", _settings(api_key=SecretStr("k")))
    assert isinstance(grader, FallbackGrader) and isinstance(grader.primary, ClaudeGrader)
    assert grader.name == "claude"


def test_a_base_url_alone_is_enough_for_claude() -> None:
    grader = make_grader(None, _settings(base_url="http://127.0.0.1:9"))
    assert isinstance(grader, FallbackGrader)


def test_fallback_can_be_turned_off() -> None:
    grader = make_grader("claude", _settings(api_key=SecretStr("k"), fallback_to_local=False))
    assert isinstance(grader, ClaudeGrader)


def test_env_picks_the_grader(monkeypatch: pytest.MonkeyPatch, fake_api: FakeAnthropic) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("TUTOR_MODEL", "claude-sonnet-4-5")
    grader = make_grader()
    assert isinstance(grader, FallbackGrader) and isinstance(grader.primary, ClaudeGrader)
    assert grader.primary.settings.model == "claude-sonnet-4-5"


def test_overrides_win(fake_api: FakeAnthropic) -> None:
    grader = make_grader("claude", base_url=fake_api.base_url, fallback_to_local=False,
                         model="m-1")
    assert isinstance(grader, ClaudeGrader) and grader.settings.model == "m-1"


def test_claude_without_a_key_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="ANTHROPIC_API_KEY"):
        make_grader("claude", _settings())


def test_unknown_grader_names_the_choices() -> None:
    with pytest.raises(InputError, match="auto, claude, local"):
        make_grader("gpt", _settings())


def test_replay_needs_no_key_and_no_fallback(tmp_path: Path) -> None:
    grader = make_grader("claude", _settings(), replay_dir=tmp_path)
    assert isinstance(grader, ClaudeGrader) and grader.name == "claude(replay)"


def test_record_without_a_key_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--record"):
        make_grader("claude", _settings(), record_dir=tmp_path)
