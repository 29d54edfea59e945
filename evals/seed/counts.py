"""Print the markdown count tables for evals/README.md (seed answers and transcripts)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

EVALS = Path(__file__).resolve().parents[1]


def _seed() -> list[dict[str, object]]:
    data = json.loads((EVALS / "seed" / "answers.json").read_text(encoding="utf-8"))
    answers: list[dict[str, object]] = data["answers"]
    return answers


def _transcript_labels() -> list[dict[str, object]]:
    rows = []
    for path in sorted((EVALS / "transcripts").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "label" in record:
                rows.append({"step": None, "label": record["label"], "tags": record["tags"]})
    return rows


def table(rows: list[dict[str, object]], title: str) -> str:
    """Per-step label counts, then per-tag label counts."""
    steps = Counter((r["step"], r["label"]) for r in rows)
    out = [f"**{title}** ({len(rows)} answers)", "", "| step | advance | hint | total |",
           "| --- | ---: | ---: | ---: |"]
    for step in sorted({r["step"] for r in rows}, key=str):
        a, h = steps[(step, "advance")], steps[(step, "hint")]
        out.append(f"| {step} | {a} | {h} | {a + h} |")
    total_a = sum(r["label"] == "advance" for r in rows)
    out += [f"| all | {total_a} | {len(rows) - total_a} | {len(rows)} |", "",
            "| tag | advance | hint |", "| --- | ---: | ---: |"]
    tags = Counter((t, r["label"]) for r in rows for t in r["tags"])  # type: ignore[attr-defined]
    for tag in sorted({t for t, _ in tags}):
        out.append(f"| {tag} | {tags[(tag, 'advance')]} | {tags[(tag, 'hint')]} |")
    return "\n".join(out)


if __name__ == "__main__":
    print(table(_seed(), "Seed answers (evals/seed/answers.json)"))
    print()
    labels = _transcript_labels()
    a = sum(r["label"] == "advance" for r in labels)
    n = len(list((EVALS / "transcripts").glob("*.jsonl")))
    print(f"**Transcripts**: {n} files, {len(labels)} labelled submits "
          f"({a} advance, {len(labels) - a} hint).")
