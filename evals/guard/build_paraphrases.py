"""Write evals/guard/paraphrases.jsonl from the hand-written rows in _paraphrases.py.

The set measures the guard's injection detector and is never used to fit or choose it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from _paraphrases import ROWS  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


def build() -> list[dict[str, str]]:
    """Rows with stable ids (`p-injection-fr-03`)."""
    seen: Counter[str] = Counter()
    out = []
    for label, lang, text in ROWS:
        key = f"p-{label}-{lang}"
        seen[key] += 1
        out.append({"id": f"{key}-{seen[key]:02d}", "label": label, "lang": lang, "text": text})
    return out


if __name__ == "__main__":
    path = HERE / "paraphrases.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in build()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(lines)} rows")
