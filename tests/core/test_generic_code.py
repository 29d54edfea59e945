"""Generic code speaks no lesson's language.

The words that mark a lesson as its own are read off the lesson itself: the words of its
prose (titles, explanations, Tasks, Questions, Checkpoints, authored ideas, misconceptions
and card bodies) that pyspellchecker's 160k-word English list (a run-time dependency) does
not contain at all: "tokenization", "subword", "word2vec", "trade-offs", "rlhf". Common
English words the lesson also uses ("attention", "temperature", "tokens") name things the
code may legitimately handle (a model's attention mask, an API's temperature, WordPiece
tokens), so they are not counted. The rule needs no list of words, so it keeps working for
any lesson added to `lessons/`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tutor.grading.local.normalize import english
from tutor.lesson import Lesson, load_lesson

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
#: Code and templates: every .py under tutor/, every template and stylesheet, and prompts/.
SUFFIXES = {".py", ".j2", ".jinja", ".tcss", ".toml"}
#: Labs are opt-in widgets a lesson names in a `<!-- lab:NAME -->` directive (a tokenizer
#: lab, a temperature lab); their subject is their content, so they are not generic code.
NOT_GENERIC = ("tutor/labs/", "tutor/tui/labs/")
#: A word the code needs for its own machinery, with the reason.
ALLOWED = {
    "tokenizer": "the local grader's own WordPiece tokenizer (grading/local/data/tokenizer.json)",
}


def _lessons() -> list[Lesson]:
    return [load_lesson(p) for p in sorted((ROOT / "lessons").glob("*.md"))
            if not p.name.endswith(".ext.md")]


def _prose(lesson: Lesson) -> str:
    parts = [lesson.title]
    for step in lesson.steps:
        parts += [step.title, step.explanation, step.task, step.question, step.checkpoint,
                  *step.expectations, *(m.text for m in step.misconceptions),
                  *(m.hint or "" for m in step.misconceptions),
                  *(c.body or "" for c in step.cards)]
    return re.sub(r"https?://\S+", " ", " ".join(parts)).lower()


@cache
def distinctive_words() -> frozenset[str]:
    """The bundled lessons' words that are not English outside them (four letters or more)."""
    known = english()
    found: set[str] = set()
    for lesson in _lessons():
        found.update(w for w in WORD.findall(_prose(lesson)) if len(w) >= 4 and w not in known)
    return frozenset(found - set(ALLOWED))


def _code_files() -> list[Path]:
    files = [p for p in (ROOT / "tutor").rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    files += [p for p in (ROOT / "prompts").rglob("*") if p.is_file()]
    return sorted(p for p in files
                  if not p.relative_to(ROOT).as_posix().startswith(NOT_GENERIC)
                  and "__pycache__" not in p.parts)


def _offenders(paths: list[Path]) -> dict[str, list[str]]:
    words = distinctive_words()
    found: dict[str, list[str]] = {}
    for path in paths:
        hits = sorted(words & set(WORD.findall(path.read_text(encoding="utf-8").lower())))
        if hits:
            name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
            found[name] = hits
    return found


def test_the_rule_finds_the_lessons_own_words() -> None:
    """The derived set is the lesson's jargon, not everyday English (guards the rule itself)."""
    words = distinctive_words()
    assert len(words) >= 10, sorted(words)
    assert not words & {"attention", "temperature", "tokens", "learner", "question"}
    known = english()
    assert all(w not in known for w in words)


def test_generic_code_has_none_of_the_lessons_words() -> None:
    paths = list(_code_files())
    assert len(paths) > 50  # the scan reaches the code
    assert _offenders(paths) == {}


def test_a_lesson_word_in_code_is_caught(tmp_path: Path) -> None:
    """The scan is not vacuous: a file using one of the words is reported."""
    word = sorted(distinctive_words())[0]
    sample = tmp_path / "sample.py"
    sample.write_text(f'TEXT = "about {word}"\n', encoding="utf-8")
    assert _offenders([sample]) == {"sample.py": [word]}
