"""Write evals/adversarial/answers.json from the hand-written, hand-labelled rows in _rows.py.

The rows were written and labelled by a person before any grader was run on them; this
script only gives them stable ids (`adv-s3-injection-02`: step, first tag, count) and the
`tutor grade` input shape. No grader is ever run here. New rows go at the end.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from _rows import ROWS  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


def build() -> dict[str, object]:
    """Return the dataset in the `tutor grade` input format with gold labels and tags."""
    seen: Counter[str] = Counter()
    answers = []
    for step, label, tags, text in ROWS:
        tag_list = tags.split()
        key = f"adv-s{step}-{tag_list[0]}"
        seen[key] += 1
        answers.append({"id": f"{key}-{seen[key]:02d}", "step": step, "answer": text,
                        "label": label, "tags": tag_list})
    return {"lesson": "how-llms-work", "answers": answers}


if __name__ == "__main__":
    out = HERE / "answers.json"
    out.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
