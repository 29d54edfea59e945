"""The concurrent runner: input order, concurrency, retries, failures and checkpoints."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

from tests.batch.graders import ScriptedGrader
from tutor.batch.answers import AnswerSet, load_answers
from tutor.batch.checkpoint import Checkpoint, CheckpointKey
from tutor.batch.runner import RunOptions, grade_answers
from tutor.grading.protocol import Grader, GraderUnavailable
from tutor.grading.verdict import Decision, GradeRequest, Verdict

FAST = RunOptions(concurrency=8, backoff_s=0.01, max_backoff_s=0.02)


def answer_set(tmp_path: Path, texts: list[str]) -> AnswerSet:
    rows = [{"id": f"a{i}", "step": 1 + i % 7, "answer": t} for i, t in enumerate(texts)]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}), encoding="utf-8")
    return load_answers(path)


def test_scripted_grader_meets_the_protocol() -> None:
    assert isinstance(ScriptedGrader(), Grader)


async def test_results_keep_input_order_under_concurrency(tmp_path: Path) -> None:
    rng = random.Random(7)
    texts = [f"{rng.choice(['good', 'meh'])}{i}@{rng.randint(0, 30)}" for i in range(60)]
    answers = answer_set(tmp_path, texts)
    grader = ScriptedGrader()
    seen: list[str] = []
    rows = await grade_answers(
        answers, grader, options=FAST, on_rows=lambda rs: seen.extend(r.id for r in rs)
    )
    assert [r.id for r in rows] == [f"a{i}" for i in range(60)]
    assert [r.feedback.split(": ", 1)[1] for r in rows] == [t.split("@")[0] for t in texts]
    assert [r.step for r in rows] == [1 + i % 7 for i in range(60)]
    assert seen != [r.id for r in rows]  # they really finished out of order…
    assert sorted(seen) == sorted(r.id for r in rows)  # …and each was reported once
    assert 1 < grader.max_in_flight <= FAST.concurrency


async def test_rows_carry_the_verdict(tmp_path: Path) -> None:
    rows = await grade_answers(
        answer_set(tmp_path, ["good", "kw list"]), ScriptedGrader(), options=FAST
    )
    assert rows[0].decision is Decision.ADVANCE and rows[0].score == 0.9 and rows[0].hint is None
    assert rows[1].decision is Decision.HINT and rows[1].missing == ["the idea"]
    assert rows[1].flags == ["keyword_list"] and rows[1].error is None


async def test_failures_are_rows_with_an_error_and_no_decision(tmp_path: Path) -> None:
    answers = answer_set(tmp_path, ["good", "fail", "down", "boom", "meh"])
    rows = await grade_answers(answers, ScriptedGrader(), options=FAST)
    assert [r.id for r in rows] == ["a0", "a1", "a2", "a3", "a4"]
    assert [r.decision for r in rows] == [Decision.ADVANCE, None, None, None, Decision.HINT]
    assert rows[1].error == "grader reply invalid: cannot read a verdict for 'fail'"
    assert rows[2].error == "grader unavailable: overloaded"
    assert rows[3].error == "grader failed: RuntimeError: bug in grader"
    assert rows[1].score is None


async def test_retryable_failures_are_retried_not_failed(tmp_path: Path) -> None:
    grader = ScriptedGrader()
    rows = await grade_answers(answer_set(tmp_path, ["good flaky", "down"]), grader, options=FAST)
    assert rows[0].decision is Decision.ADVANCE and grader.calls["good flaky"] == 2
    assert rows[1].error is not None and grader.calls["down"] == FAST.retries + 1


async def test_chunks_go_through_grade_many(tmp_path: Path) -> None:
    grader = ScriptedGrader()
    opts = RunOptions(concurrency=2, chunk_size=4)
    rows = await grade_answers(
        answer_set(tmp_path, [f"good{i}" for i in range(10)]), grader, options=opts
    )
    assert sorted(grader.batches) == [2, 4, 4]
    assert [r.id for r in rows] == [f"a{i}" for i in range(10)]


async def test_checkpointed_answers_are_not_graded_again(tmp_path: Path) -> None:
    answers = answer_set(tmp_path, ["good0", "meh1", "fail2", "good3"])
    key = CheckpointKey(
        answers=answers.digest(), lesson=answers.lesson.content_hash, grader="scripted"
    )
    path = tmp_path / "out.json.partial.jsonl"
    first = ScriptedGrader()
    cp, _ = Checkpoint.open(path, key)
    rows = await grade_answers(answers, first, checkpoint=cp, options=FAST)
    cp.close()

    again = ScriptedGrader()
    cp, notice = Checkpoint.open(path, key)
    assert notice == f"resuming from {path}: 3 answer(s) already graded"
    rerun = await grade_answers(answers, again, checkpoint=cp, options=FAST)
    assert dict(again.calls) == {"fail2": 1}  # only the failed answer is tried again
    assert rerun == rows


async def test_a_slow_answer_holds_only_its_own_slot(tmp_path: Path) -> None:
    # A sliding window: while one slot waits on the slow answer, the other goes through the
    # rest; waves of `concurrency` answers would hold each fast answer behind the slow one.
    texts = ["good slow@1500"] + [f"good{i}@5" for i in range(30)]
    seen: list[str] = []
    rows = await grade_answers(
        answer_set(tmp_path, texts),
        ScriptedGrader(),
        options=RunOptions(concurrency=2),
        on_rows=lambda rs: seen.extend(r.id for r in rs),
    )
    assert seen[-1] == "a0" and len(seen) == 31  # the slow one finished last…
    assert [r.id for r in rows] == [f"a{i}" for i in range(31)]  # …and the output is in order


class _Declaring(ScriptedGrader):
    """A grader that says how it wants to be called."""

    def __init__(self, batch_size: int = 1, max_concurrency: int | None = None) -> None:
        super().__init__()
        self.batch_size = batch_size
        self.max_concurrency = max_concurrency
        self.prepared: list[int] = []

    async def prepare(self, concurrency: int) -> None:
        self.prepared.append(concurrency)


async def test_the_grader_declares_its_chunk_size(tmp_path: Path) -> None:
    grader = _Declaring(batch_size=4)
    rows = await grade_answers(
        answer_set(tmp_path, [f"good{i}" for i in range(10)]),
        grader,
        options=RunOptions(concurrency=2),
    )
    assert sorted(grader.batches) == [2, 4, 4]  # no name-based guess: the grader said 4
    assert [r.id for r in rows] == [f"a{i}" for i in range(10)]
    assert grader.prepared == [8]  # 2 calls in flight of 4 answers each


async def test_the_grader_caps_calls_in_flight(tmp_path: Path) -> None:
    grader = _Declaring(max_concurrency=1)
    await grade_answers(
        answer_set(tmp_path, [f"good{i}@5" for i in range(6)]),
        grader,
        options=RunOptions(concurrency=8),
    )
    assert grader.max_in_flight == 1 and grader.prepared == [1]


async def test_nothing_to_grade_prepares_nothing(tmp_path: Path) -> None:
    answers = answer_set(tmp_path, ["good0"])
    key = CheckpointKey(answers=answers.digest(), lesson=answers.lesson.content_hash, grader="x")
    cp, _ = Checkpoint.open(tmp_path / "cp.jsonl", key)
    await grade_answers(answers, ScriptedGrader(), checkpoint=cp, options=FAST)
    grader = _Declaring()
    rows = await grade_answers(answers, grader, checkpoint=cp, options=FAST)
    cp.close()
    assert grader.prepared == [] and not grader.calls and rows[0].decision is Decision.ADVANCE


class _AskingToWait(ScriptedGrader):
    """Rate limited once, with the server asking for a 0.3 s pause."""

    async def grade(self, request: GradeRequest) -> Verdict:
        self.calls[request.answer] += 1
        if self.calls[request.answer] == 1:
            error = GraderUnavailable("rate limited")
            error.retry_after = 0.3  # type: ignore[attr-defined]
            raise error
        return await super().grade(request)


async def test_a_servers_retry_after_pauses_the_run(tmp_path: Path) -> None:
    grader = _AskingToWait()
    loop = asyncio.get_running_loop()
    started = loop.time()
    rows = await grade_answers(answer_set(tmp_path, ["good"]), grader, options=FAST)
    assert rows[0].decision is Decision.ADVANCE
    assert loop.time() - started >= 0.3  # not FAST's 0.01 s back-off
