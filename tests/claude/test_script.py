"""The Claude grader teaches from the step's script: the ladder reaches the request, and the
hint's target comes back as Verdict.hint_target (real SDK, fake server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.grading.claude import ClaudeGrader
from tutor.grading.verdict import Decision, GradeRequest, Rung
from tutor.lesson import load_lesson

CHECKPOINT = ("The learner should understand that warm air rises because it is less dense "
              "than the cold air around it.")
WARM = "Warm air is less dense than cold air."
RISES = "Less dense air is pushed up by the denser air around it."
MYTH = "Heat itself pulls air upwards."

LESSON = f"""# Weather

## Step 1: Rising air

Air moves when it is heated.

**Task:** Hold your hand above a candle, then beside it.

**Question:** Why does the air above a candle rise?

**Checkpoint:** {CHECKPOINT}

```tutor
[[expectations]]
text = "{WARM}"
pump = "What changes about air when you heat it?"
hint = "Think of a litre of warm air and a litre of cold air: do they weigh the same?"
prompt = "Warm air is less ___ than cold air."
expect = "dense"
assertion = "Warm air is less dense than the cold air around it."

[[expectations]]
text = "{RISES}"

[[misconceptions]]
text = "{MYTH}"
hint = "If heat pulled air up, what would hold a hot-air balloon down on a cold day?"
correction = "Heat does not pull; the denser cold air pushes the lighter warm air up."
```
"""


@pytest.fixture
def weather(tmp_path: Path) -> Path:
    path = tmp_path / "weather.md"
    path.write_text(LESSON, encoding="utf-8")
    return path


def request_for(lesson_path: Path, answer: str = "the heat pulls it up",
                rung: Rung = Rung.HINT) -> GradeRequest:
    lesson = load_lesson(lesson_path)
    return GradeRequest.for_step(lesson, lesson.steps[0], answer, rung=rung)


async def test_the_script_reaches_the_request(grader: ClaudeGrader, fake_api: FakeAnthropic,
                                              weather: Path) -> None:
    await grader.grade(request_for(weather))
    body = fake_api.message_requests[0].body
    system = "\n".join(block["text"] for block in body["system"])
    for text in (WARM, RISES, MYTH,
                 "Think of a litre of warm air and a litre of cold air: do they weigh the same?",
                 "What changes about air when you heat it?",
                 "Warm air is less ___ than cold air. (the word it expects: dense)",
                 "If heat pulled air up, what would hold a hot-air balloon down on a cold day?",
                 "Heat does not pull; the denser cold air pushes the lighter warm air up."):
        assert text in system, text
    # The reveal's words are marked as such, never offered as a hint.
    assert "told at the reveal, never before: Warm air is less dense than the cold air" in system
    # The expectation without a script is listed bare, with no empty rungs.
    after = system.split(RISES, 1)[1].split("Known misconceptions", 1)[0]
    assert "pump:" not in after and "hint:" not in after
    schema = body["tools"][0]["input_schema"]
    assert "hint_target" in schema["properties"] and "hint_target" in schema["required"]


async def test_hint_target_comes_back_as_the_steps_own_text(
        grader: ClaudeGrader, fake_api: FakeAnthropic, weather: Path) -> None:
    # (no misconception: a stated one would be questioned with its own authored question)
    fake_api.queue(replies.verdict(
        "hint", misconception=None, hint="What would hold a balloon down on a cold day?",
        hint_target="  warm air is LESS dense than cold air "))  # copied loosely
    verdict = await grader.grade(request_for(weather))
    assert verdict.decision is Decision.HINT
    assert verdict.hint == "What would hold a balloon down on a cold day?"
    assert verdict.hint_target == WARM


@pytest.mark.parametrize(("said", "expected"), [
    (MYTH, MYTH),  # a misconception is a target too
    ("Heat itself pulls air", MYTH),  # cut short, still only one idea it can be
    ("the water cycle", None),  # none of the step's ideas: dropped
    (None, None),
])
async def test_hint_target_is_one_of_the_steps_ideas_or_none(
        grader: ClaudeGrader, fake_api: FakeAnthropic, weather: Path,
        said: str | None, expected: str | None) -> None:
    fake_api.queue(replies.verdict("hint", hint="What would hold a balloon down?",
                                   hint_target=said))
    verdict = await grader.grade(request_for(weather))
    assert verdict.hint_target == expected


async def test_no_target_on_advance(grader: ClaudeGrader, fake_api: FakeAnthropic,
                                    weather: Path) -> None:
    fake_api.queue(replies.verdict("advance", hint_target=WARM))
    verdict = await grader.grade(request_for(weather, "warm air is lighter, so it is pushed up"))
    assert verdict.decision is Decision.ADVANCE and verdict.hint_target is None


async def test_a_leaking_hint_is_replaced_by_one_aimed_at_the_same_idea(
        grader: ClaudeGrader, fake_api: FakeAnthropic, weather: Path) -> None:
    leak = f"Remember: {CHECKPOINT}"
    fake_api.queue(replies.verdict("hint", hint=leak, hint_target=RISES),
                   replies.verdict("hint", hint=leak, hint_target=RISES))  # asked again: leaks
    verdict = await grader.grade(request_for(weather))
    assert len(fake_api.message_requests) == 2
    assert verdict.hint is not None and "less dense than the cold air" not in verdict.hint
    assert verdict.hint_target == RISES
