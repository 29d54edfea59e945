"""Write evals/seed/answers.json from the hand-written, hand-labelled rows in _rows.py.

The rows (answers, gold labels, tags) and the `missing` labels in _missing.py are written
by a person; this script only gives them stable ids, turns each `missing` expectation number
into that expectation's text (from the lesson's sidecar), and writes the `tutor grade` input
shape. No grader is ever run here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from _missing import MISSING  # type: ignore[import-not-found]
from _rows import ROWS  # type: ignore[import-not-found]

from tutor.lesson import load_lesson

HERE = Path(__file__).resolve().parent


def build() -> dict[str, object]:
    """Return the dataset with ids like s3-terse-02, numbered per step and first tag."""
    lesson = load_lesson("how-llms-work")
    seen: Counter[str] = Counter()
    answers: list[dict[str, object]] = []
    for step, label, tags, text in ROWS:
        tag_list = tags.split()
        key = f"s{step}-{tag_list[0]}"
        seen[key] += 1
        ident = f"{key}-{seen[key]:02d}"
        row: dict[str, object] = {"id": ident, "step": step, "answer": text, "label": label,
                                  "tags": tag_list}
        if ident in MISSING:
            found = lesson.step(step)
            assert found is not None, ident
            row["missing"] = [found.expectations[n - 1] for n in MISSING[ident]]
        answers.append(row)
    unknown = set(MISSING) - {str(a["id"]) for a in answers}
    assert not unknown, f"_missing.py names answers that do not exist: {sorted(unknown)}"
    return {"lesson": "how-llms-work", "answers": answers}


if __name__ == "__main__":
    out = HERE / "answers.json"
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
