"""Write evals/seed/answers.json from the hand-written, hand-labelled rows in _rows.py.

The rows (answers, gold labels, tags) are written by a person; this script only gives
them stable ids and the `tutor grade` input shape. No grader is ever run here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from _rows import ROWS  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


def build() -> dict[str, object]:
    """Return the dataset with ids like s3-terse-02, numbered per step and first tag."""
    seen: Counter[str] = Counter()
    answers = []
    for step, label, tags, text in ROWS:
        tag_list = tags.split()
        key = f"s{step}-{tag_list[0]}"
        seen[key] += 1
        answers.append(
            {"id": f"{key}-{seen[key]:02d}", "step": step, "answer": text, "label": label,
             "tags": tag_list}
        )
    return {"lesson": "how-llms-work", "answers": answers}


if __name__ == "__main__":
    out = HERE / "answers.json"
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
