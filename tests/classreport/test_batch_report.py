"""A Message Batches run against the fake API (real SDK, real sockets) gives a class report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.classreport.page_reader import assert_page_matches, read_page
from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic
from tutor.cli import app
from tutor.lesson import load_lesson

runner = CliRunner()
LESSON = load_lesson("how-llms-work")
STEP1 = LESSON.steps[0]


def by_marker(body: dict[str, Any]) -> replies.Reply:
    """GOOD advances (an idea in Claude's own casing), MIS names a misconception its own way
    and aims the hint at the authored one, anything else is held."""
    text = json.dumps(body["messages"])
    if "GOOD" in text:
        idea = STEP1.expectations[1].lower().rstrip(".")
        return replies.verdict("advance", covered=[{"idea": idea, "evidence": None}])
    if "MIS" in text:
        return replies.verdict("hint", misconception="The learner thinks no word is split.",
                               hint_target=STEP1.misconceptions[0].text)
    return replies.verdict("hint", missing=[STEP1.expectations[0]],
                           hint_target=STEP1.expectations[0])


@pytest.fixture
def claude_env(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "fake-key-test-0000000000000000")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    fake_api.default = by_marker
    fake_api.batch_polls = 2
    return fake_api


def test_a_batch_run_gives_a_page_and_tutor_report_gives_the_same(
    claude_env: FakeAnthropic, tmp_path: Path
) -> None:
    texts = ["GOOD split rare words", "MIS every word one token", "BAD no idea", "GOOD again",
             "MIS whole words", "<script>BAD</script>"]
    rows = [{"id": f"a{i}", "step": 1, "learner": f"L{i % 3}", "answer": t}
            for i, t in enumerate(texts)]
    src = tmp_path / "answers.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    out, page = tmp_path / "results.json", tmp_path / "report.html"
    result = runner.invoke(app, ["grade", str(src), "--batch-api", "--poll", "0.05",
                                 "--out", str(out), "--report", str(page)])
    assert result.exit_code == 0, result.stderr

    results = json.loads(out.read_text())["results"]
    assert [r["covered"] for r in results if r["decision"] == "advance"] == \
        [[STEP1.expectations[1]]] * 2  # Claude's wording read as the step's own
    assert [r["misconception"] for r in results if "MIS" in r["answer"]] == \
        [STEP1.misconceptions[0].text] * 2
    assert [r["learner"] for r in results] == [f"L{i % 3}" for i in range(6)]
    assert_page_matches(out, page)
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;BAD&lt;/script&gt;" in html and "<script" not in html
    assert read_page(html).counts[(("data-misconception", "1"), ("data-step", "1"),
                                   ("count", "misconception"))] == 2

    again = tmp_path / "again.html"
    result = runner.invoke(app, ["report", str(out), "-o", str(again)])
    assert result.exit_code == 0, result.stderr
    assert again.read_bytes() == page.read_bytes()
