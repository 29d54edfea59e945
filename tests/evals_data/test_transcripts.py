"""The labelled transcripts: TUI format, replay cleanly, labels only on graded submits."""

from __future__ import annotations

import json
from pathlib import Path

from tutor.lesson import load_lesson
from tutor.session import Phase, Submit, replay
from tutor.store import load

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "evals" / "transcripts"
FILES = sorted(FOLDER.glob("*.jsonl"))


def test_at_least_twenty() -> None:
    assert len(FILES) >= 20


def test_each_loads_and_replays_for_the_seed_lesson() -> None:
    lesson = load_lesson("how-llms-work")
    for path in FILES:
        loaded = load(path)
        assert not loaded.torn_tail, path
        assert loaded.header.format == "tutor-transcript/1"
        assert loaded.header.content_hash == lesson.content_hash, path
        state = replay(loaded.events)
        assert state.phase is not Phase.NOT_STARTED, path
        assert [r.seq for r in loaded.records] == list(range(1, len(loaded.records) + 1))


def test_labels_sit_on_submits_only() -> None:
    labelled = 0
    for path in FILES:
        for record in load(path).records:
            extra = record.model_extra or {}
            if "label" in extra:
                labelled += 1
                assert isinstance(record.event, Submit), (path, record.seq)
                assert extra["label"] in {"advance", "hint"}
                assert isinstance(extra["tags"], list)
            elif isinstance(record.event, Submit):
                raise AssertionError(f"{path}:{record.seq}: unlabelled submit")
    assert labelled >= 40


def test_harness_reads_every_labelled_answer() -> None:
    from tutor.harness.transcript_format import load_transcript

    for path in FILES:
        warnings: list[str] = []
        items = load_transcript(path, path.read_text(encoding="utf-8"), warnings)
        submits = sum('"type": "submit"' in line for line in path.read_text().splitlines())
        assert len(items) == submits and not warnings, path


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    """make_transcripts.py is the source of truth; the committed output must match it."""
    import subprocess
    import sys

    before = {p.name: p.read_bytes() for p in FILES}
    subprocess.run([sys.executable, str(FOLDER / "make_transcripts.py")], check=True,
                   capture_output=True)
    after = {p.name: p.read_bytes() for p in sorted(FOLDER.glob("*.jsonl"))}
    assert after == before
    assert json.loads(next(iter(before.values())).splitlines()[0])["kind"] == "header"
