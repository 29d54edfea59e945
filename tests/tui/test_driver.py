"""SessionDriver: events recorded before effects, grading without exceptions, resume."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.tui.fakes import ScriptedGrader
from tutor.driver import SessionDriver
from tutor.errors import StorageError
from tutor.grading.protocol import GraderError, GraderUnavailable
from tutor.grading.verdict import GradeRequest, Rung, Verdict
from tutor.lesson import Lesson, load_lesson
from tutor.lesson_summary import study_seconds
from tutor.session import (
    Choose,
    Continue,
    GraderFailed,
    Phase,
    PresentStep,
    RequestGrade,
    RestoreDraft,
    ShowFeedback,
    ShowHint,
    Shown,
    Submit,
)


@pytest.fixture
def lesson() -> Lesson:
    return load_lesson("how-llms-work")


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _events(path: Path) -> list[str]:
    return [r["event"]["type"] for r in _lines(path)[1:] if r["kind"] == "event"]  # type: ignore[index]


class DownGrader(ScriptedGrader):
    """A grader that cannot be reached."""

    async def grade(self, request: GradeRequest) -> Verdict:
        raise GraderUnavailable("connection refused by 127.0.0.1:9")

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return [GraderUnavailable("down") for _ in requests]


async def test_new_session_records_start_and_presents_step_one(lesson: Lesson) -> None:
    driver, effects = SessionDriver.new(lesson, ScriptedGrader)
    assert effects == [PresentStep(number=1, index=0)]
    assert _events(driver.transcript.path) == ["start"]


async def test_an_event_is_on_disk_before_its_effects_come_back(lesson: Lesson) -> None:
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    effects = driver.apply(Submit(answer="subwords because of vocabulary"))
    assert isinstance(effects[0], RequestGrade)
    last = _lines(driver.transcript.path)[-1]
    assert last["event"] == {"type": "submit", "answer": "subwords because of vocabulary"}


async def test_a_full_disk_keeps_the_state_and_the_answer(lesson: Lesson, tmp_path: Path) -> None:
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    driver.transcript.path = tmp_path  # a folder: every append now fails like a full disk
    with pytest.raises(StorageError):
        driver.apply(Submit(answer="an answer that must not be lost"))
    assert driver.state.phase is Phase.AWAITING
    assert driver.state.pending_answer is None


async def test_grade_turns_grader_errors_into_grader_failed(lesson: Lesson) -> None:
    driver, _ = SessionDriver.new(lesson, DownGrader)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer="my answer"))
    assert isinstance(request, RequestGrade)
    event = await driver.grade(request)
    assert isinstance(event, GraderFailed)
    assert "connection refused" in event.message
    effects = driver.apply(event)
    assert RestoreDraft(answer="my answer") in effects


async def test_a_grader_that_cannot_be_built_fails_the_attempt_not_the_app(
        lesson: Lesson) -> None:
    def no_key() -> ScriptedGrader:
        raise GraderUnavailable("no ANTHROPIC_API_KEY is set")

    driver, _ = SessionDriver.new(lesson, no_key)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer="my answer"))
    assert isinstance(request, RequestGrade)
    event = await driver.grade(request)
    assert isinstance(event, GraderFailed) and "ANTHROPIC_API_KEY" in event.message


async def _answer(driver: SessionDriver, text: str) -> list[object]:
    (request,) = [e for e in driver.apply(Submit(answer=text)) if isinstance(e, RequestGrade)]
    return list(driver.apply(await driver.grade(request)))


async def test_the_grader_gets_history_choice_and_lab_notes(lesson: Lesson) -> None:
    grader = ScriptedGrader()
    driver, _ = SessionDriver.new(lesson, lambda: grader)
    for _ in range(6):  # pass steps 1-6
        driver.apply(Shown())
        await _answer(driver, "because reasons")
        driver.apply(Continue())
    assert driver.state.step_number == 7
    driver.apply(Shown())
    driver.apply(Choose(option="Technical architecture"))
    driver.record_lab(7, "models", "compared two model sizes")
    effects = await _answer(driver, "large models for hard tasks")
    assert any(isinstance(e, ShowHint) for e in effects)
    await _answer(driver, "because cost and latency matter too")
    first, second = grader.requests[-2:]
    assert first.choice == "Technical architecture"
    assert first.lab_notes == "compared two model sizes"
    assert first.previous == []
    assert [(a.answer, a.hint) for a in second.previous] == [
        ("large models for hard tasks", "What would go wrong without it?")]
    assert second.rung is Rung.HINT
    notes = [r["note"] for r in _lines(driver.transcript.path)[1:] if r["kind"] == "note"]
    assert {"kind": "lab", "step": 7, "lab": "models",
            "summary": "compared two model sizes"} in notes


async def test_resume_continues_at_the_same_step_with_its_history(lesson: Lesson) -> None:
    grader = ScriptedGrader()
    driver, _ = SessionDriver.new(lesson, lambda: grader)
    driver.apply(Shown())
    await _answer(driver, "because subwords")
    driver.apply(Continue())
    driver.apply(Shown())
    effects = await _answer(driver, "vectors")
    hint = next(e for e in effects if isinstance(e, ShowHint))
    driver.note_hint(hint, driver.hint_text(hint))

    point = SessionDriver.resumable(lesson)
    assert point is not None and point.step_number == 2 and not point.changed
    again, effects = SessionDriver.resume(lesson, lambda: grader, point)
    assert effects[0] == PresentStep(number=2, index=1)
    assert again.state.phase is Phase.AWAITING and again.state.hints == 1
    await _answer(again, "because meaning is kept as direction")
    assert [a.answer for a in grader.requests[-1].previous] == ["vectors"]
    assert _events(again.transcript.path)[-1] == "verdict"


async def test_a_verdict_shows_feedback(lesson: Lesson) -> None:
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    effects = await _answer(driver, "because")
    assert isinstance(effects[0], ShowFeedback) and effects[0].verdict.advanced


def test_study_time_comes_from_the_transcript_and_cuts_breaks(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    header = {"kind": "header", "format": "tutor-transcript/1", "session_id": "s",
              "lesson": "x", "content_hash": "h", "started_at": "2026-01-01T10:00:00.000+00:00"}
    stamps = ["10:00:30", "10:02:00", "13:00:00", "13:00:10"]  # a 3-hour break counts 5 min
    rows = [json.dumps(header)] + [
        json.dumps({"kind": "note", "seq": i, "at": f"2026-01-01T{t}.000+00:00", "note": {}})
        for i, t in enumerate(stamps, start=1)]
    path.write_text("\n".join(rows) + "\n")
    assert study_seconds(path) == 30 + 90 + 300 + 10


async def test_summary_counts_steps_attempts_and_hints(lesson: Lesson) -> None:
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    await _answer(driver, "no idea")
    await _answer(driver, "because")
    summary = driver.summary()
    assert summary.steps[0].attempts == 2 and summary.steps[0].hints == 1
    assert summary.steps[0].outcome == "passed" and not summary.steps[0].first_try
    assert summary.steps[1].outcome == "not reached"
    assert summary.seconds >= 0


async def test_a_hint_turn_quotes_what_was_right_so_far_in_the_learners_words(
        lesson: Lesson) -> None:
    from tutor.grading.verdict import Decision, KeyIdea

    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer="common words are one token"))
    assert isinstance(request, RequestGrade)
    verdict = Verdict(decision=Decision.HINT, score=0.4, feedback="Good start.",
                      covered=[KeyIdea(idea="Common words get one token.",
                                       evidence="common words are one token"),
                               KeyIdea(idea="Rare words are split.", evidence="rare ones split")],
                      hint="And the rare ones?")
    from tutor.session import VerdictReady

    driver.apply(VerdictReady(attempt_id=request.attempt_id, verdict=verdict))
    tutor_turn = next(t for t in driver.turns(1) if t.speaker == "tutor")
    # the learner's words, never the rubric's wording of the ideas (that would state the
    # Checkpoint before the reveal); a quote the feedback already shows is not repeated
    assert tutor_turn.text == ("Good start.\nRight so far, in your words: “common words are "
                               "one token”; “rare ones split”.")
    assert "Common words get one token" not in tutor_turn.text


async def test_building_the_grader_compiles_the_templates_the_screen_renders(
        lesson: Lesson) -> None:
    from tutor.grading.screen_text import SCREEN_TEMPLATES
    from tutor.prompts import environment

    environment.cache_clear()  # a fresh environment: nothing compiled yet
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    await driver.grader()
    compiled = {key[1] for key, _ in environment().cache.items()}  # type: ignore[union-attr]
    assert set(SCREEN_TEMPLATES) <= compiled
    assert {"hints/pump.j2", "tui/reveal.md.j2"} <= set(SCREEN_TEMPLATES)


def test_the_recap_says_each_idea_to_the_learner() -> None:
    from tutor.lesson_summary import recap_idea

    assert recap_idea("The learner should understand that models forget, that early text "
                      "fades, and that 100 pages is a lot.") == (
        "Models forget, early text fades, and 100 pages is a lot.")
    assert recap_idea("The learner should understand the trade-offs: A, and that B.") == (
        "The trade-offs: A, and B.")
    # Not in the rubric's voice: the author's words are left as they are.
    assert recap_idea("Say that X, that Y.") == "Say that X, that Y."


async def test_the_reveal_gives_the_assertions_the_correction_and_the_option(
        lesson: Lesson) -> None:
    from tutor.grading.verdict import Decision
    from tutor.session import Reveal, VerdictReady

    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer="every word is one token"))
    assert isinstance(request, RequestGrade)
    step = lesson.steps[0]
    wrong = step.misconceptions[0]
    driver.apply(VerdictReady(attempt_id=request.attempt_id, verdict=Verdict(
        decision=Decision.HINT, score=0.1, misconception=wrong.text, hint="Really?")))
    text = driver.reveal_text(Reveal(number=1))
    assert text.startswith(f"First, a correction: {wrong.correction}")
    for script in step.scripts:
        assert f"- {script.assertion}" in text
    buttons = driver.reveal_text(Reveal(number=7))
    assert "The option to pick: “Technical architecture”." in buttons
    assert "correction" not in buttons  # the mix-up was stated on another step


async def test_words_the_feedback_called_a_mix_up_are_not_also_called_right(
        lesson: Lesson) -> None:
    # Found on the tmux walk (step 4): one clause was quoted, cut short, as "a common mix-up"
    # and then read back whole as "Right so far, in your words".
    from tutor.grading.verdict import Decision, KeyIdea
    from tutor.session import VerdictReady

    said = ("It doesn't remember it at all: once it falls outside the window the model "
            "cannot see it, it's gone, unlike a human memory.")
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer=said))
    assert isinstance(request, RequestGrade)
    feedback = ("Careful: “It doesn't remember it at all: once it falls outside the window "
                "the model cannot see it…” is a common mix-up.")
    verdict = Verdict(decision=Decision.HINT, score=0.4, feedback=feedback,
                      misconception="The model remembers the way a person does.",
                      covered=[KeyIdea(idea="Text out of the window is gone.", evidence=said)],
                      hint="Where would it read it from?")
    driver.apply(VerdictReady(attempt_id=request.attempt_id, verdict=verdict))
    tutor_turn = next(t for t in driver.turns(1) if t.speaker == "tutor")
    assert tutor_turn.text == feedback


async def test_right_so_far_quotes_a_multi_line_answer_on_one_line(lesson: Lesson) -> None:
    from tutor.grading.verdict import Decision, KeyIdea
    from tutor.session import VerdictReady

    said = "common words are\none token"
    driver, _ = SessionDriver.new(lesson, ScriptedGrader)
    driver.apply(Shown())
    (request,) = driver.apply(Submit(answer=said))
    assert isinstance(request, RequestGrade)
    verdict = Verdict(decision=Decision.HINT, score=0.4, feedback="Not there yet.",
                      covered=[KeyIdea(idea="Common words get one token.", evidence=said)],
                      hint="And the rare ones?")
    driver.apply(VerdictReady(attempt_id=request.attempt_id, verdict=verdict))
    tutor_turn = next(t for t in driver.turns(1) if t.speaker == "tutor")
    assert tutor_turn.text == ("Not there yet.\nRight so far, in your words: “common words are "
                               "one token”.")
