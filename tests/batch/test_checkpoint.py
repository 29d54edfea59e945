"""Checkpoint files: resume, staleness, torn tails, batch ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.batch import checkpoint
from tutor.batch.checkpoint import Checkpoint, CheckpointKey, checkpoint_path
from tutor.batch.results import ResultRow
from tutor.grading.verdict import Decision

KEY = CheckpointKey(answers="a" * 64, lesson="l" * 64, grader="local")


def row(i: int, error: str | None = None) -> ResultRow:
    if error:
        return ResultRow(id=f"r{i}", step=1, error=error)
    return ResultRow(id=f"r{i}", step=1, decision=Decision.HINT, score=0.25, feedback="é")


def test_rows_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "o.json.partial.jsonl"
    cp, notice = Checkpoint.open(path, KEY)
    assert notice is None and cp.done == {}
    cp.record([row(1), row(2, error="boom")])
    cp.record([row(3)])
    cp.close()
    again, notice = Checkpoint.open(path, KEY)
    assert list(again.done) == ["r1", "r3"]  # an errored answer is graded again on a rerun
    assert again.done["r1"] == row(1)
    assert notice == f"resuming from {path}: 2 answer(s) already graded"


def test_a_changed_key_makes_the_checkpoint_stale(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    cp, _ = Checkpoint.open(path, KEY)
    cp.record([row(1)])
    cp.close()
    changed = KEY.model_copy(update={"lesson": "x" * 64, "grader": "claude"})
    fresh, notice = Checkpoint.open(path, changed)
    assert fresh.done == {}
    assert (
        notice
        == f"ignoring stale checkpoint {path}: the lesson, the grader changed since it was written"
    )
    fresh.close()
    back, _ = Checkpoint.open(path, KEY)
    assert back.done == {}  # the stale rows were dropped, not kept for later


def test_a_torn_last_line_is_dropped_and_appends_continue_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    cp, _ = Checkpoint.open(path, KEY)
    cp.record([row(1), row(2)])
    cp.close()
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "result", "row": {"id": "r3", "st')  # killed mid-write
    cp, _ = Checkpoint.open(path, KEY)
    assert list(cp.done) == ["r1", "r2"]
    cp.record([row(4)])
    cp.close()
    assert list(Checkpoint.open(path, KEY)[0].done) == ["r1", "r2", "r4"]


def test_garbage_is_ignored_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    path.write_bytes(b"\xff\xfe not json")
    cp, notice = Checkpoint.open(path, KEY)
    assert cp.done == {} and notice == f"ignoring unreadable checkpoint {path}"


def test_batch_id_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    cp, _ = Checkpoint.open(path, KEY)
    cp.record_batch("msgbatch_123")
    cp.close()
    again, notice = Checkpoint.open(path, KEY)
    assert again.batch_id == "msgbatch_123"
    assert notice is not None and "resuming" in notice


def test_discard_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    cp, _ = Checkpoint.open(path, KEY)
    cp.discard()
    assert not path.exists()


def test_paths(tmp_path: Path) -> None:
    assert checkpoint_path(tmp_path / "r.csv", None) == tmp_path / "r.csv.partial.jsonl"
    a = checkpoint_path(None, tmp_path / "a.json")
    assert a.parent.name == "grade-checkpoints" and a != checkpoint_path(None, tmp_path / "b.json")
    assert a == checkpoint_path(None, tmp_path / "a.json")


def test_rows_reach_the_file_at_once_and_fsync_is_batched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cp.jsonl"
    cp, _ = Checkpoint.open(path, KEY)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    for i in range(50):
        cp.record([row(i)])
        # Written and flushed at once: a rerun after a kill (another process) sees it.
        assert path.read_text(encoding="utf-8").count('"kind":"result"') == i + 1
    assert len(synced) <= 1  # not one fsync per row (at most one a SYNC_EVERY_S)
    cp.close()
    assert len(synced) >= 1  # and everything is synced on close


def test_fsync_comes_round_again_after_the_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cp, _ = Checkpoint.open(tmp_path / "cp.jsonl", KEY)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    monkeypatch.setattr(checkpoint, "SYNC_EVERY_S", 0.0)
    cp.record([row(1)])
    cp.record([row(2)])
    assert len(synced) == 2
    cp.discard()  # the file goes: no last fsync for it
    assert len(synced) == 2
