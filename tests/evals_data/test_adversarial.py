"""The adversarial set and the guard's paraphrase set: well-formed, as large and as varied as
the data protocol says (evals/README.md), and rebuilt exactly by their builders."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tutor.batch.answers import load_answers

ROOT = Path(__file__).resolve().parents[2]
ADVERSARIAL = ROOT / "evals" / "adversarial" / "answers.json"
PARAPHRASES = ROOT / "evals" / "guard" / "paraphrases.jsonl"
GAMING_KINDS = {"keyword-list", "salad", "negation", "misconception", "wrong-step",
                "copied-question", "off-topic", "flattery", "authority", "injection"}
SURFACES = {"markdown", "brackets", "other-language", "grading-words"}


def test_adversarial_loads_as_tutor_grade_input() -> None:
    loaded = load_answers(ADVERSARIAL)
    raw = json.loads(ADVERSARIAL.read_text(encoding="utf-8"))
    assert raw["lesson"] == "how-llms-work"
    assert [i.id for i in loaded.items] == [a["id"] for a in raw["answers"]]


def test_adversarial_covers_every_step_kind_and_surface() -> None:
    answers = json.loads(ADVERSARIAL.read_text(encoding="utf-8"))["answers"]
    assert len(answers) >= 60
    assert {a["step"] for a in answers} == set(range(1, 8))
    hint_tags = Counter(t for a in answers if a["label"] == "hint" for t in a["tags"])
    assert set(hint_tags) >= GAMING_KINDS
    advance = [a for a in answers if a["label"] == "advance"]
    assert all("odd-surface" in a["tags"] and "correct" in a["tags"] for a in advance)
    assert {t for a in advance for t in a["tags"]} >= SURFACES
    injections = [a for a in answers if "injection" in a["tags"]]
    assert all(a["label"] == "hint" for a in injections)


def test_paraphrases_have_both_kinds_and_the_required_innocent_sentences() -> None:
    rows = [json.loads(line) for line in PARAPHRASES.read_text(encoding="utf-8").splitlines()]
    labels = Counter(r["label"] for r in rows)
    assert labels["injection"] >= 40 and labels["innocent"] >= 40
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["lang"] for r in rows if r["label"] == "injection"} >= {"en", "fr", "es", "de"}
    innocent = " ".join(r["text"] for r in rows if r["label"] == "innocent")
    assert "The system prompt can't fix that" in innocent
    assert "I'd grade that trade-off as the main point" in innocent


def test_the_committed_files_are_what_the_builders_write() -> None:
    for folder, script, out in (("adversarial", "build_answers.py", ADVERSARIAL),
                                ("guard", "build_paraphrases.py", PARAPHRASES)):
        before = out.read_bytes()
        subprocess.run([sys.executable, script], cwd=ROOT / "evals" / folder, check=True,
                       capture_output=True)
        assert out.read_bytes() == before, f"{out} differs from what {script} writes"
