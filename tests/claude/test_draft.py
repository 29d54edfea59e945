"""`tutor lessons draft`: run as a user would, against the fake Messages API (real SDK)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.claude.conftest import SECRET
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.authoring.draft import DRAFT_MODEL
from tutor.lesson import load_lesson

CHECKPOINT_1 = ("The learner should understand that warm air rises because it is less dense "
                "than the cold air around it.")
CHECKPOINT_2 = ("The learner should understand that clouds form when rising air cools and "
                "its water vapour condenses into droplets.")

LESSON = f"""# Weather

## Step 1: Rising air

Air moves when it is heated.

**Task:** Hold your hand above a candle, then beside it.

**Question:** Why does the air above a candle rise?

**Checkpoint:** {CHECKPOINT_1}

## Step 2: Clouds

<!-- hint:card type="concept" title="Condensation" -->

A cloud is made of water.

**Task:** Breathe on a cold window.

**Question:** Where do clouds come from?

**Checkpoint:** {CHECKPOINT_2}
"""

SCRIPTS: dict[int, dict[str, Any]] = {
    1: {
        "expectations": [
            {"text": "Warm air is less dense than cold air.",
             "pump": "What changes about air when you heat it?",
             "hint": "Think of a litre of warm air and a litre of cold air: do they weigh "
                     "the same?",
             "prompt": "Warm air is less ___ than cold air.", "expect": "dense",
             "assertion": "Heated air spreads out, so a litre of it weighs less."},
            {"text": "The denser air around pushes the lighter air up.",
             "pump": "What is the air around the candle doing?",
             "hint": "Why does a cork come up through water?",
             "prompt": "The heavier air around it ___ it upwards.", "expect": "pushes",
             "assertion": "The surrounding heavier air sinks and pushes the lighter air up."},
        ],
        "misconceptions": [
            {"text": "Heat itself pulls air upwards.",
             "hint": "If heat pulled air up, why does a hot-air balloon need a cold day?",
             "correction": "Nothing pulls: heavier air pushes lighter air up."},
        ],
        "card": {"title": "Buoyancy",
                 "body": "Anything lighter than what surrounds it is pushed up, like a cork "
                         "in water.\nThe same happens to a pocket of air."},
    },
    2: {
        "expectations": [
            {"text": "Air cools as it rises.",
             "pump": "What happens to a pocket of air as it climbs?",
             "hint": "Is it warmer or colder on top of a mountain?",
             "prompt": "As air goes up, it gets ___.", "expect": "colder",
             "assertion": "Rising air expands and gets colder."},
            {"text": "Cold air cannot hold as much water vapour, so it turns into droplets.",
             "pump": "What did your breath do on the cold window?",
             "hint": "Where does the water on a cold glass come from?",
             "prompt": "Vapour that cools turns into tiny ___.", "expect": "droplets",
             "assertion": "Cooled vapour becomes liquid droplets, and many of them are a cloud."},
        ],
        "misconceptions": [
            {"text": "Clouds are made of steam or smoke.",
             "hint": "Is a cloud hot to fly through?",
             "correction": "Clouds are tiny droplets of liquid water or ice, not steam."},
        ],
        "card": {"title": "Condensation",
                 "body": "When you breathe on a cold window, the glass fogs: the vapour in "
                         "your breath meets something cold and becomes liquid."},
    },
}


def step_of(body: dict[str, Any]) -> int:
    """Which step a draft request asks for (its first user turn names it)."""
    first = body["messages"][0]["content"]
    found = re.search(r"step (\d+)", first)
    assert found, first
    return int(found.group(1))


def good(body: dict[str, Any]) -> replies.Reply:
    return replies.Reply(payload=SCRIPTS[step_of(body)])


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    path = tmp_path / "weather.md"
    path.write_text(LESSON, encoding="utf-8")
    return path


def tutor(fake: FakeAnthropic | None, *args: str, key: bool = True,
          home: Path) -> subprocess.CompletedProcess[str]:
    """`python -m tutor ARGS`, with the key and the fake server's URL in the environment."""
    config = home / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text("max_retries = 0\n", encoding="utf-8")
    env = {"COLUMNS": "200", "PATH": "/usr/bin:/bin", "TUTOR_DATA_DIR": str(home / "data"),
           "TUTOR_CONFIG_DIR": str(config),
           **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
    if key:
        env["ANTHROPIC_API_KEY"] = SECRET
    if fake is not None:
        env["ANTHROPIC_BASE_URL"] = fake.base_url
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=120)


def test_writes_a_sidecar_that_passes_lessons_check(fake_api: FakeAnthropic, lesson: Path,
                                                    tmp_path: Path) -> None:
    fake_api.default = good
    result = tutor(fake_api, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 0, result.stderr
    sidecar = lesson.with_name("weather.ext.md")
    assert f"wrote {sidecar}: 2 steps drafted with {DRAFT_MODEL}" in result.stdout
    assert SECRET not in result.stdout + result.stderr + sidecar.read_text(encoding="utf-8")

    # The request carries the lesson: every step's Question and Checkpoint, in every call.
    requests = fake_api.message_requests
    assert sorted(step_of(r.body) for r in requests) == [1, 2]
    for r in requests:
        system = "\n".join(block["text"] for block in r.body["system"])
        for part in ("Weather", CHECKPOINT_1, CHECKPOINT_2, "Why does the air above a candle "
                     "rise?", "Where do clouds come from?", "Breathe on a cold window."):
            assert part in system, part
        assert r.body["tool_choice"] == {"type": "tool", "name": "record_script"}
        assert r.body["model"] == DRAFT_MODEL
        assert SECRET in r.headers.get("authorization", "") + r.headers.get("x-api-key", "")

    check = tutor(None, "lessons", "check", str(lesson), key=False, home=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "0 warnings" in check.stdout and "2 expectations (2 scripted)" in check.stdout

    loaded = load_lesson(lesson)
    one, two = loaded.steps
    assert one.expectations == [e["text"] for e in SCRIPTS[1]["expectations"]]
    assert one.scripts[0].prompt == "Warm air is less ___ than cold air."
    assert one.scripts[0].expect == "dense"
    assert one.misconceptions[0].correction == "Nothing pulls: heavier air pushes lighter air up."
    assert [c.title for c in one.cards] == ["Buoyancy"]  # a card directive was added
    assert one.cards[0].body is not None and "cork" in one.cards[0].body
    assert [c.title for c in two.cards] == ["Condensation"]  # the lesson's own, with a body
    assert two.cards[0].body is not None and "fogs" in two.cards[0].body


def test_never_overwrites_an_existing_sidecar(fake_api: FakeAnthropic, lesson: Path,
                                             tmp_path: Path) -> None:
    sidecar = lesson.with_name("weather.ext.md")
    sidecar.write_text("# authored by hand\n", encoding="utf-8")
    result = tutor(fake_api, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 2
    assert "already has a script sidecar" in result.stderr and str(sidecar) in result.stderr
    assert "Traceback" not in result.stderr
    assert sidecar.read_text(encoding="utf-8") == "# authored by hand\n"
    assert fake_api.message_requests == []  # nothing spent


def test_never_overwrites_the_out_file(fake_api: FakeAnthropic, lesson: Path,
                                       tmp_path: Path) -> None:
    out = tmp_path / "mine.md"
    out.write_text("keep me\n", encoding="utf-8")
    result = tutor(fake_api, "lessons", "draft", str(lesson), "--out", str(out), home=tmp_path)
    assert result.returncode == 2 and "never overwrites" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_the_bundled_lesson_is_scripted_already(fake_api: FakeAnthropic,
                                               tmp_path: Path) -> None:
    result = tutor(fake_api, "lessons", "draft", "how-llms-work", home=tmp_path)
    assert result.returncode == 2 and "already has a script sidecar" in result.stderr


def test_a_malformed_reply_is_asked_again_then_refused(fake_api: FakeAnthropic, lesson: Path,
                                                       tmp_path: Path) -> None:
    def policy(body: dict[str, Any]) -> replies.Reply:
        if step_of(body) == 2:
            return replies.Reply(payload={"expectations": "warm air rises", "card": {}})
        return good(body)

    fake_api.default = policy
    result = tutor(fake_api, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "step 2 (Clouds)" in result.stderr and "after 2 attempts" in result.stderr
    assert "expectations" in result.stderr and "misconceptions" in result.stderr
    assert "Nothing was written" in result.stderr or "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not lesson.with_name("weather.ext.md").exists()
    second = [r for r in fake_api.message_requests if step_of(r.body) == 2]
    assert len(second) == 2
    follow = second[1].body["messages"][-1]["content"][0]
    assert follow["type"] == "tool_result" and follow["is_error"] is True
    assert "expectations" in follow["content"]


def test_a_fixed_second_reply_is_used(fake_api: FakeAnthropic, lesson: Path,
                                      tmp_path: Path) -> None:
    leaky = {**SCRIPTS[1], "card": {"title": "Buoyancy", "body":
             "Warm air rises because it is less dense than the cold air, you see."}}
    asked: list[int] = []

    def policy(body: dict[str, Any]) -> replies.Reply:
        step = step_of(body)
        asked.append(step)
        if step == 1 and asked.count(1) == 1:
            return replies.Reply(payload=leaky)
        return good(body)

    fake_api.default = policy
    result = tutor(fake_api, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 0, result.stderr
    again = [r for r in fake_api.message_requests if step_of(r.body) == 1][1]
    problem = again.body["messages"][-1]["content"][0]["content"]
    assert "card 'Buoyancy' repeats the Checkpoint's words" in problem
    assert "cork" in lesson.with_name("weather.ext.md").read_text(encoding="utf-8")


def test_no_key_is_a_clear_message(lesson: Path, tmp_path: Path) -> None:
    # Bad input, found before any call: exit 2, as `tutor grade --grader claude` with no key.
    result = tutor(None, "lessons", "draft", str(lesson), key=False, home=tmp_path)
    assert result.returncode == 2
    assert "needs Claude: set ANTHROPIC_API_KEY" in result.stderr
    assert "drafting" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not lesson.with_name("weather.ext.md").exists()


def test_a_lesson_with_every_step_scripted_inline_is_bad_input(lesson: Path,
                                                               tmp_path: Path) -> None:
    text = lesson.read_text(encoding="utf-8")
    for question in ("**Question:** Why does the air above a candle rise?",
                     "**Question:** Where do clouds come from?"):
        text = text.replace(question, question + '\n\n```tutor\nexpectations = ["an idea"]\n```')
    lesson.write_text(text, encoding="utf-8")
    result = tutor(None, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "nothing to draft" in result.stderr and "drafting" not in result.stderr
    assert not lesson.with_name("weather.ext.md").exists()


@pytest.mark.parametrize("reply", [replies.server_error(3), replies.unauthorized()])
def test_api_failures_write_nothing(fake_api: FakeAnthropic, lesson: Path, tmp_path: Path,
                                    reply: replies.Reply) -> None:
    fake_api.default = lambda _: reply
    result = tutor(fake_api, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 1
    assert "claude unavailable" in result.stderr and "Nothing was written" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert result.stderr.count("tutor: ") == 1  # both steps fail: one message, no noise
    assert "never retrieved" not in result.stderr
    assert not lesson.with_name("weather.ext.md").exists()


def test_an_unreachable_server_writes_nothing(lesson: Path, tmp_path: Path) -> None:
    fake = FakeAnthropic().start()
    fake.stop()  # nothing listens there now
    result = tutor(fake, "lessons", "draft", str(lesson), home=tmp_path)
    assert result.returncode == 1 and "cannot reach" in result.stderr
    assert not lesson.with_name("weather.ext.md").exists()


def test_model_flag(fake_api: FakeAnthropic, lesson: Path, tmp_path: Path) -> None:
    fake_api.default = good
    result = tutor(fake_api, "lessons", "draft", str(lesson), "--model", "claude-opus-4-5",
                   "--out", str(tmp_path / "draft.ext.md"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {r.body["model"] for r in fake_api.message_requests} == {"claude-opus-4-5"}
    assert (tmp_path / "draft.ext.md").is_file()
    assert not lesson.with_name("weather.ext.md").exists()
    assert "move the file there" in result.stdout
