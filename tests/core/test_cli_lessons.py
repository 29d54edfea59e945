"""`tutor lessons check|list` and the CLI's error handling, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED


def tutor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True,
                          cwd=cwd, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin",
                                        "TUTOR_DATA_DIR": str(cwd or "/tmp"),
                                        "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
                          check=False)


def test_help_lists_the_three_ways_in() -> None:
    out = tutor("--help").stdout
    for command in ("grade", "eval", "lessons", "start"):
        assert command in out


def test_check_reports_the_seed_steps_and_directives() -> None:
    result = tutor("lessons", "check", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "7 steps" in result.stdout
    assert ("step 3: Attention — The Core Mechanism (card(Attention), diagram, "
            "3 expectations (3 scripted, needs 1+2), 3 misconceptions)") in result.stdout
    assert "step 7: Choosing the Right Model (buttons, celebrate, 3 expectations" in result.stdout
    assert "0 warnings" in result.stdout


def test_check_a_broken_copy_exits_2_naming_every_line(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("**Checkpoint:** The learner should understand that embeddings", "x")
    text = text.replace('title="Attention" -->', 'title="Attention"')
    broken = tmp_path / "broken.md"
    broken.write_text(text, encoding="utf-8")
    result = tutor("lessons", "check", str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{broken}:15: error: step 2 has no **Checkpoint:**" in result.stderr
    assert f"{broken}:31: error: unclosed" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_unknown_file_and_non_utf8(tmp_path: Path) -> None:
    missing = tutor("lessons", "check", str(tmp_path / "nope.md"))
    assert missing.returncode == 2 and "no such lesson file" in missing.stderr
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Caf\xe9\n".encode("latin-1"))
    bad = tutor("lessons", "check", str(latin))
    assert bad.returncode == 2 and "not UTF-8" in bad.stderr and "Traceback" not in bad.stderr


def test_list_shows_the_bundled_lesson() -> None:
    result = tutor("lessons", "list")
    assert result.returncode == 0 and "how-llms-work" in result.stdout
    assert "How LLMs Work" in result.stdout


def test_check_reports_a_lab_that_would_fail_to_open(tmp_path: Path) -> None:
    lesson = tmp_path / "broken-lab.md"
    lesson.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    sidecar = SEED.with_name(SEED.stem + ".ext.md").read_text(encoding="utf-8")
    assert 'analogy="king - man + woman = queen"' in sidecar
    extension = tmp_path / "broken-lab.ext.md"
    extension.write_text(sidecar.replace('analogy="king - man + woman = queen"',
                                         'analogy="king man woman"'), encoding="utf-8")
    result = tutor("lessons", "check", str(lesson), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    line = next(i for i, text in enumerate(extension.read_text().splitlines(), start=1)
                if "lab:embeddings" in text)
    assert f"{extension}:{line}: error: step 2, lab:embeddings (line {line}):" in result.stderr
    assert "Put + or - between" in result.stderr and "Traceback" not in result.stderr


def test_a_folder_given_as_a_lesson_says_so_and_names_the_lessons_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    for name in ("b.md", "a.md", "a.ext.md", "README.md", "notes.txt"):
        (folder / name).write_text("# x\n", encoding="utf-8")
    result = tutor("lessons", "check", str(folder))
    assert result.returncode == 2
    assert (f"{folder}: is a folder, not a lesson file; pass one of its lessons: "
            f"{folder / 'a.md'}, {folder / 'b.md'}") in result.stderr
    assert "no such lesson file" not in result.stderr


def test_a_folder_with_no_lesson_in_it_says_what_to_pass(tmp_path: Path) -> None:
    result = tutor("start", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path}: is a folder, not a lesson file, and holds no lesson (.md) files" \
        in result.stderr


def test_check_lists_an_unclosed_comment_before_the_errors_it_caused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text(SEED.read_text(encoding="utf-8").replace(
        "<!-- hint:celebrate -->", "<!-- hint:celebrate"), encoding="utf-8")
    result = tutor("lessons", "check", str(broken))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{broken}:83: error: unclosed directive"), lines
    assert "lines 83-91 are read as a comment" in lines[0]
    assert any("step 7 has no **Checkpoint:**" in line for line in lines[1:])


def _seed_with_extension(tmp_path: Path, name: str, step: int, block: str) -> tuple[Path, Path]:
    """A copy of the seed lesson with a sidecar holding one step's ```tutor block."""
    lesson = tmp_path / f"{name}.md"
    lesson.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    extension = tmp_path / f"{name}.ext.md"
    extension.write_text(f"## Step {step}\n\n```tutor\n{block}```\n", encoding="utf-8")
    return lesson, extension


def test_check_warns_when_a_card_or_script_question_repeats_the_checkpoint(
        tmp_path: Path) -> None:
    lesson, extension = _seed_with_extension(tmp_path, "leaky", 2, (
        'card = "Embeddings encode semantic meaning: close vectors, close words."\n'
        "[[expectations]]\n"
        'text = "Embeddings capture meaning."\n'
        'pump = "What does the arithmetic say about them?"\n'
        'hint = "Are relationships between words preserved as directions here?"\n'))
    result = tutor("lessons", "check", str(lesson), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 warnings" in result.stdout
    assert (f"{extension}:4: warning: step 2: card 'Embeddings' repeats the Checkpoint's "
            "words 'embeddings encode semantic meaning'") in result.stderr
    assert (f"{extension}:8: warning: step 2: expectation 1's hint repeats the Checkpoint's "
            "words 'relationships between words preserved'") in result.stderr
    assert "pump repeats" not in result.stderr


def test_check_warns_about_a_fill_in_that_cannot_be_checked(tmp_path: Path) -> None:
    lesson, extension = _seed_with_extension(tmp_path, "fill", 1, (
        "[[expectations]]\n"
        'text = "one"\n'
        'prompt = "Rare words are split into ___?"\n'
        "[[expectations]]\n"
        'text = "two"\n'
        'prompt = "Common words are one token?"\n'
        'expect = "token"\n'))
    result = tutor("lessons", "check", str(lesson), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"{extension}:6: warning: step 1: expectation 1 has a prompt but no expect"
            in result.stderr)
    assert f"{extension}:9: warning: step 1: expectation 2's prompt already says 'token'" in (
        result.stderr)


def test_check_warns_about_an_authored_question_that_asks_two(tmp_path: Path) -> None:
    lesson, extension = _seed_with_extension(tmp_path, "two", 1, (
        "[[expectations]]\n"
        'text = "one"\n'
        'pump = "Does it split “why?” and “how?” apart?"\n'
        'hint = "Is it whole? Or in pieces?"\n'
        "[[misconceptions]]\n"
        'text = "Tokens are whole words."\n'
        'hint = "What of a name it never saw? How is it spelled?"\n'))
    result = tutor("lessons", "check", str(lesson), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{extension}:7: warning: step 1: expectation 1's hint asks more than one question" \
        in result.stderr
    assert f"{extension}:10: warning: step 1: misconception 1's hint asks more than one" \
        in result.stderr
    # question marks inside quotes are the learner's words, not the tutor's questions
    assert "pump asks" not in result.stderr
