"""Write evals/train/answers.json from _rows.py: ids `tr-s<step>-<first tag>-<nn>`.

Run from the repository root: `python evals/train/build_answers.py`. No grader is run.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _rows import ROWS  # noqa: E402


def build() -> dict[str, object]:
    """The answers file, rows in order, each id numbered within its step and first tag."""
    seen: Counter[tuple[int, str]] = Counter()
    answers = []
    for step, label, tags, answer in ROWS:
        seen[(step, tags[0])] += 1
        answers.append({"id": f"tr-s{step}-{tags[0]}-{seen[(step, tags[0])]:02d}",
                        "step": step, "answer": answer, "label": label, "tags": tags})
    return {"lesson": "how-llms-work", "answers": answers}


if __name__ == "__main__":
    out = HERE / "answers.json"
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
