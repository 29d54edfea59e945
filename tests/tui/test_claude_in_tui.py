"""The TUI grading through the real Claude grader and SDK, against the fake Messages API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.fakeapi.replies import verdict
from tests.fakeapi.server import FakeAnthropic
from tests.tui.pilot_helpers import settle
from tutor.grading.source import factory_source
from tutor.session import Phase
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen


async def _screen(pilot: Pilot[Any]) -> LessonScreen:
    await settle(pilot)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def test_answers_are_graded_by_claude_and_its_hint_is_shown(
        fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "fake-key-test-not-a-real-key")
    fake_api.queue(verdict("hint", hint="What happens to a word the model has never seen?",
                           feedback="You have the vocabulary side."),
                   verdict("advance", feedback="Yes: pieces cover every word."))
    app = TutorApp(grader=factory_source("claude"), grader_name="claude")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _screen(pilot)
        screen.answer.input.value = "a smaller vocabulary"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        turns = [(t.speaker, t.text) for t in screen.driver.turns(1)]
        assert not [n.message for n in app._notifications]
        assert ("hint", "What happens to a word the model has never seen?") in turns
        screen.answer.input.value = "rare words split into known pieces, so none is unknown"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert screen.driver.state.phase is Phase.PASSED
        request = fake_api.requests[-1]
        assert "rare words split into known pieces" in request.text
        assert "a smaller vocabulary" in request.text  # the earlier attempt goes along
        records = [json.loads(line) for line in
                   screen.driver.transcript.path.read_text().splitlines()[1:]]
        verdicts = [r["event"]["verdict"] for r in records
                    if r["kind"] == "event" and r["event"]["type"] == "verdict"]
        assert [v["decision"] for v in verdicts] == ["hint", "advance"]
        assert "fake-key-test" not in screen.driver.transcript.path.read_text()
