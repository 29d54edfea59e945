"""Write evals/lessons/<lesson>/answers.json from the authors' files beside it.

Each `<lesson>/<author>.jsonl` is one author's answers to that bundled lesson exactly as
written (`{"step", "label", "tags", "answer", "missing": [expectation numbers], "author"}`).
This joins a lesson's authors into the `tutor grade` input format with gold labels (format
(a) in evals/README.md): ids `<lesson>-<author>-s<step>-<first tag>-<nn>`, `missing` as the
lesson's expectation texts. No grader is run.

    PYTHONPATH=$PWD python evals/lessons/build.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tutor.lesson import load_lesson

HERE = Path(__file__).resolve().parent


def build(folder: Path) -> dict[str, object]:
    """One lesson's answers, author by author, rows in the order written."""
    lesson = load_lesson(folder.name)
    answers: list[dict[str, object]] = []
    for source in sorted(folder.glob("*.jsonl")):
        seen: Counter[tuple[int, str]] = Counter()
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            step, tags = int(raw["step"]), list(raw["tags"])
            seen[(step, tags[0])] += 1
            row: dict[str, object] = {
                "id": f"{folder.name}-{source.stem}-s{step}-{tags[0]}-{seen[(step, tags[0])]:02d}",
                "step": step, "answer": raw["answer"], "label": raw["label"], "tags": tags}
            if raw["label"] == "hint":
                found = lesson.step(step)
                assert found is not None, f"{source}:{n}: the lesson has no step {step}"
                row["missing"] = [found.expectations[i - 1] for i in raw.get("missing", [])]
            answers.append(row)
    return {"lesson": folder.name, "answers": answers}


def main() -> None:
    """Rebuild every lesson's answers file."""
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and any(p.glob("*.jsonl"))):
        built = build(folder)
        (folder / "answers.json").write_text(json.dumps(built, indent=1, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
        rows = built["answers"]
        assert isinstance(rows, list)
        print(f"{folder.name}: {len(rows)} answers {dict(Counter(r['label'] for r in rows))}")


if __name__ == "__main__":
    main()
