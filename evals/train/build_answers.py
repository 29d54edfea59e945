"""Write evals/train/answers.json from _rows.py: ids `tr-s<step>-<first tag>-<nn>`.

Run from the repository root with the `tutor` package importable:
`PYTHONPATH=$PWD python evals/train/build_answers.py`. It turns the `missing` expectation
numbers into the lesson's expectation texts. No grader is run.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from tutor.lesson import load_lesson

HERE = Path(__file__).resolve().parent


def _rows_module() -> object:
    """This folder's _rows.py, by path: evals/seed has a module of the same name, and a
    test process that imported that one first would get it from sys.modules."""
    spec = importlib.util.spec_from_file_location("evals_train_rows", HERE / "_rows.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ROWS = _rows_module()
MISSING, MISSING_DEFAULT, ROWS = (getattr(_ROWS, name)
                                  for name in ("MISSING", "MISSING_DEFAULT", "ROWS"))

LESSON = "how-llms-work"


def build() -> dict[str, object]:
    """The answers file, rows in order, each id numbered within its step and first tag."""
    lesson = load_lesson(LESSON)
    seen: Counter[tuple[int, str]] = Counter()
    answers: list[dict[str, object]] = []
    ids = set()
    for step, label, tags, answer in ROWS:
        seen[(step, tags[0])] += 1
        row_id = f"tr-s{step}-{tags[0]}-{seen[(step, tags[0])]:02d}"
        ids.add(row_id)
        row: dict[str, object] = {"id": row_id, "step": step, "answer": answer,
                                  "label": label, "tags": tags}
        if label == "hint":
            found = lesson.step(step)
            assert found is not None, f"{row_id}: the lesson has no step {step}"
            texts = found.expectations
            row["missing"] = [texts[n - 1] for n in MISSING.get(row_id, MISSING_DEFAULT[step])]
        answers.append(row)
    unknown = set(MISSING) - ids
    assert not unknown, f"MISSING names rows that do not exist: {sorted(unknown)}"
    return {"lesson": LESSON, "answers": answers}


if __name__ == "__main__":
    out = HERE / "answers.json"
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
