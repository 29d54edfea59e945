"""Record every call, then replay with the server gone: same verdicts, marked as replayed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.claude.conftest import SECRET, step_request
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.config import Settings
from tutor.grading.claude import ClaudeGrader
from tutor.grading.claude.cassette import ReplayMiss
from tutor.grading.verdict import Decision


async def test_record_then_replay_offline(settings: Settings, fake_api: FakeAnthropic,
                                          record_dir: Path) -> None:
    requests = [step_request("first answer"), step_request("second answer", number=2)]
    fake_api.queue(replies.verdict("advance", score=0.81),
                   replies.verdict("hint", hint="What do nearby vectors share?"))
    recorder = ClaudeGrader(settings, record_dir=record_dir)
    live = [await recorder.grade(r) for r in requests]
    await recorder.aclose()
    fake_api.stop()

    files = sorted(record_dir.glob("*.json"))
    assert len(files) == 2
    saved = json.loads(files[0].read_text())
    assert {"params", "response", "recorded_at"} <= set(saved)
    assert SECRET not in files[0].read_text() + files[1].read_text()

    player = ClaudeGrader(settings, replay_dir=record_dir)
    replayed = [await player.grade(r) for r in requests]
    await player.aclose()
    assert [v.decision for v in replayed] == [Decision.ADVANCE, Decision.HINT]
    assert [v.score for v in replayed] == [v.score for v in live]
    assert replayed[1].hint == live[1].hint
    assert {v.grader for v in replayed} == {"claude(replay)"}
    assert {v.grader for v in live} == {"claude"}


async def test_a_replay_miss_is_a_clear_error(settings: Settings, fake_api: FakeAnthropic,
                                              record_dir: Path) -> None:
    recorder = ClaudeGrader(settings, record_dir=record_dir)
    await recorder.grade(step_request("recorded answer"))
    await recorder.aclose()
    player = ClaudeGrader(settings, replay_dir=record_dir)
    with pytest.raises(ReplayMiss, match="record again with --record"):
        await player.grade(step_request("an answer nobody recorded"))
    other_model = ClaudeGrader(settings.model_copy(update={"model": "claude-opus-4-5"}),
                               replay_dir=record_dir)
    with pytest.raises(ReplayMiss, match="claude-opus-4-5"):
        await other_model.grade(step_request("recorded answer"))
    assert len(fake_api.message_requests) == 1  # replay never called the server


async def test_a_recorded_reply_keeps_the_models_json_as_sent(
    settings: Settings, fake_api: FakeAnthropic, record_dir: Path
) -> None:
    fake_api.queue(replies.verdict("advance", score=0.8))  # misconception and hint are null
    recorder = ClaudeGrader(settings, record_dir=record_dir)
    await recorder.grade(step_request("an answer"))
    await recorder.aclose()
    (saved,) = [json.loads(f.read_text()) for f in record_dir.glob("*.json")]
    response = saved["response"]
    assert "stop_sequence" not in response  # the message's null fields are left out…
    (call,) = [b for b in response["content"] if b["type"] == "tool_use"]
    assert call["input"]["misconception"] is None  # …the tool input is kept exactly
    assert call["input"]["score"] == 0.8
