"""Transcripts: durable, append-only, resumable after kill -9, and honest about changes."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tutor.errors import StorageError
from tutor.grading import Decision, Verdict
from tutor.grading.terms import Flag, Rung
from tutor.grading.verdict import KeyIdea
from tutor.lesson import load_lesson
from tutor.session import (
    Choose,
    Continue,
    GoTo,
    GraderFailed,
    Phase,
    Resume,
    Shown,
    Skip,
    Start,
    Stuck,
    Submit,
    VerdictReady,
    replay,
)
from tutor.session.events import EVENT_TYPES
from tutor.session.start import start_event
from tutor.store import Header, Transcript, find_resumable, load, write_atomic


def test_transcript_records_every_event_and_reads_back(tmp_path: Path) -> None:
    lesson = load_lesson()
    t = Transcript.create(lesson.name, lesson.content_hash, grader="local", root=tmp_path)
    t.append(start_event(lesson))
    t.append(Shown())
    t.append(Submit(answer="Subword tokens keep the vocabulary small"))
    t.note(hint="What happens to a word the model has never seen?", rung="pump")
    t.append(VerdictReady(attempt_id=1, verdict=Verdict(decision=Decision.HINT, score=0.3,
                                                        grader="local", latency_ms=4.2)))
    loaded = load(t.path)
    assert loaded.header.lesson == "how-llms-work"
    assert loaded.header.content_hash == lesson.content_hash
    assert [r.seq for r in loaded.records] == [1, 2, 3, 4, 5]
    assert [e.type for e in loaded.events] == ["start", "shown", "submit", "verdict"]
    assert loaded.records[3].note["rung"] == "pump"
    lines = t.path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[5])["event"]["verdict"]["latency_ms"] == 4.2


# Events are dataclasses written without pydantic (a new session's first frame does not
# import it) and read back with it: the two must agree on every event and field.
EVERY_EVENT = [
    Start(lesson="l", content_hash="h", steps=(1, 2), celebrate=(2,), max_hints=2),
    Shown(),
    Choose(option="Speed — fast and cheap"),
    Submit(answer="Tokens are subword pieces \u2014 \"quoted\", ünïcödé"),
    VerdictReady(attempt_id=1, verdict=Verdict(
        decision=Decision.HINT, score=0.25, covered=[KeyIdea(idea="i", evidence="e")],
        missing=["m"], hint="Why?", rung=Rung.PROMPT, flags=[Flag.KEYWORD_LIST],
        grader="local", latency_ms=3.5)),
    GraderFailed(attempt_id=2, message="no network"),
    Stuck(),
    Skip(),
    Continue(),
    GoTo(step=1),
    Resume(),
]


def test_every_event_type_reads_back_equal(tmp_path: Path) -> None:
    assert {type(e) for e in EVERY_EVENT} == set(EVENT_TYPES)
    t = Transcript.create("l", "h", root=tmp_path)
    for event in EVERY_EVENT:
        t.append(event)
    assert load(t.path).events == EVERY_EVENT


def test_the_written_header_has_the_readers_fields_in_order(tmp_path: Path) -> None:
    t = Transcript.create("l", "h", lesson_path="/x/l.md", grader="claude", root=tmp_path)
    written = json.loads(t.path.read_text(encoding="utf-8").splitlines()[0])
    assert list(written) == list(Header.model_fields)
    assert load(t.path).header.model_dump() == written


def test_an_event_with_an_unknown_field_or_a_bad_value_is_a_clear_error(tmp_path: Path) -> None:
    t = Transcript.create("l", "h", root=tmp_path)
    t.append(Shown())
    good = t.path.read_text(encoding="utf-8")
    for bad in ('{"type": "shown", "extra": 1}', '{"type": "start", "lesson": "l", '
                '"content_hash": "h", "steps": [1], "max_hints": 9}', '{"type": "nope"}'):
        t.path.write_text(good + json.dumps({"kind": "event", "seq": 2, "at": "t"})[:-1]
                          + f', "event": {bad}}}\n', encoding="utf-8")
        with pytest.raises(StorageError, match=r":3: bad transcript line"):
            load(t.path)


def test_start_refuses_more_hints_than_the_ladder_has() -> None:
    with pytest.raises(ValueError, match="max_hints"):
        Start(lesson="l", content_hash="h", steps=(1,), max_hints=4)


def test_a_torn_last_line_is_dropped_and_repaired(tmp_path: Path) -> None:
    lesson = load_lesson()
    t = Transcript.create(lesson.name, lesson.content_hash, root=tmp_path)
    t.append(start_event(lesson))
    t.append(Shown())
    with t.path.open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "event", "seq": 3, "at": "x", "event": {"type": "sub')
    loaded = load(t.path)
    assert loaded.torn_tail and len(loaded.events) == 2
    again = Transcript.reopen(loaded)
    again.append(Submit(answer="after the crash"))
    reread = load(t.path)
    assert not reread.torn_tail
    assert [e.type for e in reread.events] == ["start", "shown", "submit"]
    assert reread.records[-1].seq == 3


def test_damage_in_the_middle_is_a_clear_error(tmp_path: Path) -> None:
    lesson = load_lesson()
    t = Transcript.create(lesson.name, lesson.content_hash, root=tmp_path)
    t.append(start_event(lesson))
    with t.path.open("a", encoding="utf-8") as fh:
        fh.write("not json\n")
    t.append(Shown())
    with pytest.raises(StorageError, match=r":3: bad transcript line"):
        load(t.path)


def test_resume_finds_the_newest_unfinished_session_and_notices_changes(tmp_path: Path) -> None:
    lesson = load_lesson()
    assert find_resumable(lesson.name, lesson.content_hash, root=tmp_path) is None
    t = Transcript.create(lesson.name, lesson.content_hash, root=tmp_path)
    for event in (start_event(lesson), Shown(), Submit(answer="waiting for a grade")):
        t.append(event)
    point = find_resumable(lesson.name, lesson.content_hash, root=tmp_path)
    assert point is not None and point.step_number == 1 and not point.changed
    assert point.state.phase is Phase.GRADING
    assert point.state.pending_answer == "waiting for a grade"
    changed = find_resumable(lesson.name, "another-hash", root=tmp_path)
    assert changed is not None and changed.changed


def test_write_failure_is_a_storage_error(tmp_path: Path) -> None:
    lesson = load_lesson()
    t = Transcript.create(lesson.name, lesson.content_hash, root=tmp_path)
    t.path = tmp_path / "missing-folder" / "t.jsonl"
    with pytest.raises(StorageError, match="cannot write the transcript"):
        t.append(Shown())


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.json"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_write_atomic_gives_a_new_file_the_mode_the_umask_allows(
    tmp_path: Path, umask: int, mode: int
) -> None:
    # Reports and CI artifacts are read by others: a new file is what `open(..., "w")` makes.
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "report.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.json").stat().st_mode) == mode


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    # A file someone made private (or shared) stays so when a rerun rewrites it.
    target = tmp_path / "private.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "new"


@pytest.mark.parametrize("kill_after", [3, 8, 17])
def test_a_session_killed_with_sigkill_resumes_with_nothing_lost(
    kill_after: int, tmp_path: Path
) -> None:
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.core.session_writer"], cwd=REPO, env=env,
        stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    acknowledged = [proc.stdout.readline().split() for _ in range(kill_after)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lesson = load_lesson()
    point = find_resumable(lesson.name, lesson.content_hash, root=tmp_path)
    assert point is not None and not point.changed
    events = point.loaded.events
    # every event the writer reported as durable is in the transcript, in order
    assert [e.type for e in events[: len(acknowledged)]] == [a[0] for a in acknowledged]
    last_step = next(int(a[1]) for a in reversed(acknowledged) if a[1] != "None")
    assert point.state.step_number >= last_step
    assert replay(events) == point.state
    answers = [e.answer for e in events if isinstance(e, Submit)]
    assert answers == [f"answer number {i}" for i in range(1, len(answers) + 1)]
