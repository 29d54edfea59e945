"""`tutor grade` with bad input: exit 2, every problem named, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli import app

runner = CliRunner()
ONE = [{"id": "a", "step": 1, "answer": "x"}]


def grade(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["grade", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "results.json"


def check_rejected(args: list[str], out: Path, *expected: str, stdin: str | None = None) -> str:
    code, stdout, stderr = grade(*args, "--out", str(out), stdin=stdin)
    assert code == 2, stderr
    assert stdout == ""
    assert not out.exists() and not list(out.parent.glob("*.partial.jsonl"))
    flat = " ".join(stderr.split())
    for text in expected:
        assert " ".join(text.split()) in flat, stderr
    assert "Traceback" not in stderr
    return stderr


def test_invalid_json(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text('{"lesson": "how-llms-work", "answers": [\n  {"id": "a1" "step": 1}\n]}')
    check_rejected(
        [str(src)], out, "tutor: bad input:", f"{src}:2:15: invalid JSON", "line 2, column 15"
    )


def test_not_utf8(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes('{"lesson": "how-llms-work", "answers": [{"id": "é"}]}'.encode("latin-1"))
    check_rejected([str(src)], out, "not UTF-8", "line 1", "save the file as UTF-8")


def test_missing_and_mistyped_fields(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    rows = [
        {"id": "a1", "step": 1},
        {"id": "a2", "step": 1, "answer": 42},
        {"step": 2, "answer": "x"},
    ]
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}))
    check_rejected(
        [str(src)],
        out,
        "3 problem(s); nothing was graded",
        'answers[0] (id "a1"): "answer" is missing',
        'answers[1] (id "a2"): "answer" must be a string, not a number (42)',
        'answers[2]: "id" is missing',
    )


def test_unknown_step(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    rows = [
        {"id": "a1", "step": 12, "answer": "x"},
        {"id": "a2", "step": "Backprop", "answer": "x"},
    ]
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}))
    check_rejected(
        [str(src)],
        out,
        'answers[0] (id "a1"): no step 12',
        'answers[1] (id "a2"): no step "Backprop"',
        "3: Attention — The Core Mechanism",
    )


def test_unknown_lesson(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(
        json.dumps({"lesson": "quantum", "answers": [{"id": "a", "step": 1, "answer": "x"}]})
    )
    check_rejected([str(src)], out, "'quantum' is neither a lesson file nor a bundled lesson")
    check_rejected([str(src), "--lesson", "nope/x.md"], out, "nope/x.md: no such lesson file")


def test_duplicate_ids(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    rows = [{"id": "same", "step": 1, "answer": "x"}, {"id": "same", "step": 2, "answer": "y"}]
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}))
    check_rejected(
        [str(src)], out, 'answers[1] (id "same"): duplicate id (already used by answers[0])'
    )


def test_wrong_shapes_and_bad_labels(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps([{"id": "a", "step": 1, "answer": "x"}]))
    check_rejected([str(src)], out, "a bare list of answers needs --lesson")
    src.write_text('"hello"')
    check_rejected([str(src)], out, "the top level is a string")
    src.write_text(
        json.dumps(
            {
                "lesson": "how-llms-work",
                "answers": [{"id": "a", "step": 1, "answer": "x", "label": "yes"}],
            }
        )
    )
    check_rejected([str(src)], out, '"label" must be one of "advance", "hint" or null, not "yes"')


def test_stdin_and_missing_file(tmp_path: Path, out: Path) -> None:
    check_rejected(["-"], out, "<stdin>:1:1: invalid JSON", stdin="nope")
    check_rejected([str(tmp_path / "absent.json")], out, "absent.json: no such file")


def test_unknown_grader(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(
        json.dumps({"lesson": "how-llms-work", "answers": [{"id": "a", "step": 1, "answer": "x"}]})
    )
    check_rejected(
        [str(src), "--grader", "gpt"], out, "--grader 'gpt': choose one of auto, claude, local"
    )


def test_batch_api_with_the_local_grader(tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": ONE}))
    msg = "--batch-api sends the answers to Claude; drop --grader local"
    check_rejected([str(src), "--batch-api", "--grader", "local"], out, msg)


def test_an_out_that_cannot_be_written_is_named_before_anything_is_graded(
    tmp_path: Path,
) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": ONE}))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    out = blocker / "results.json"
    code, stdout, stderr = grade(str(src), "--grader", "local", "--out", str(out))
    assert (code, stdout) == (2, ""), stderr
    flat = " ".join(stderr.split())
    assert (f"--out {out}: cannot write the output there ({blocker} is a file, not a folder)"
            in flat), stderr
    assert "checkpoint" not in stderr and ".partial.jsonl" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "blocker"]


def test_an_out_that_is_a_folder_is_refused_before_anything_is_graded(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": ONE}))
    folder = tmp_path / "results"
    folder.mkdir()
    code, _, stderr = grade(str(src), "--grader", "local", "--out", str(folder))
    assert code == 2, stderr
    flat = " ".join(stderr.split())
    assert (f"--out {folder}: cannot write the output there (it is a folder); name a file in "
            f"it, e.g. --out {folder / 'results.json'}") in flat, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "results"]
    assert list(folder.iterdir()) == []


def test_a_choice_that_is_not_an_option_is_rejected_with_the_options(
        tmp_path: Path, out: Path) -> None:
    src = tmp_path / "a.json"
    rows = [{"id": "ok", "step": 7, "answer": "x", "choice": "Technical architecture"},
            {"id": "bad", "step": 7, "answer": "x", "choice": "Translate"}]
    src.write_text(json.dumps({"lesson": "how-llms-work", "answers": rows}))
    check_rejected([str(src), "--grader", "local"], out,
                   'answers[1] (id "bad"): "choice" "Translate" is not one of step 7\'s options',
                   '"Classify tickets", "Technical architecture", "Short translation"')
