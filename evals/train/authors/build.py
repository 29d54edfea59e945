"""Write evals/train/authors/<author>.json from <author>.jsonl (as each author wrote it).

Each `<author>.jsonl` is one author's answers exactly as written: one JSON object a line,
`{"step", "label", "tags", "answer", "missing" (expectation numbers, hint rows), "author",
"note"?}`. This turns them into the `tutor grade` input format with gold labels (format (a)
in evals/README.md): ids `tr-<author>-s<step>-<first tag>-<nn>`, `missing` as the lesson's
expectation texts. No grader is run.

    PYTHONPATH=$PWD python evals/train/authors/build.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tutor.lesson import load_lesson

HERE = Path(__file__).resolve().parent
LESSON = "how-llms-work"


def build(source: Path) -> dict[str, object]:
    """One author's answers file, rows in the order written."""
    lesson = load_lesson(LESSON)
    author = source.stem
    seen: Counter[tuple[int, str]] = Counter()
    answers: list[dict[str, object]] = []
    for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        step, tags = int(raw["step"]), list(raw["tags"])
        seen[(step, tags[0])] += 1
        row_id = f"tr-{author}-s{step}-{tags[0]}-{seen[(step, tags[0])]:02d}"
        row: dict[str, object] = {"id": row_id, "step": step, "answer": raw["answer"],
                                  "label": raw["label"], "tags": tags}
        if raw["label"] == "hint":
            found = lesson.step(step)
            assert found is not None, f"{source.name}:{n}: the lesson has no step {step}"
            row["missing"] = [found.expectations[i - 1] for i in raw.get("missing", [])]
        answers.append(row)
    return {"lesson": LESSON, "answers": answers}


def main() -> None:
    """Rebuild every author's file."""
    for source in sorted(HERE.glob("*.jsonl")):
        built = build(source)
        out = source.with_suffix(".json")
        out.write_text(json.dumps(built, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        labels = Counter(str(a["label"]) for a in built["answers"])  # type: ignore[attr-defined]
        print(f"{out.name}: {sum(labels.values())} answers {dict(labels)}")


if __name__ == "__main__":
    main()
