"""Convert SemEval-2013 Task 7 train splits into `tutor eval` format (b), plus a small sample.

    python evals/semeval/convert.py [--src DIR] [--out DIR] [--sample N]

Writes OUT/beetle-train.jsonl and OUT/scientsbank-train.jsonl (every row) and
evals/semeval/sample-300.jsonl (a stratified, seeded sample committed for a fast eval).
The data is CC BY-SA 3.0 (Dzikovska et al. 2013); see README.md in this folder.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = Path("/work/shared/data/semeval2013")
CORPORA = ("beetle", "scientsbank")
SEED = 2013


def convert_row(row: dict[str, Any]) -> dict[str, Any]:
    """One SemEval row as a format (b) record: the reference answers are the rubric."""
    fine = row.get("label_5way") or row["label_3way"]
    return {
        "id": row["answer_id"],
        "question": row["question"],
        "rubric": list(row["reference_answers"]),
        "answer": row["answer"],
        "label": "advance" if row["label_2way"] == "correct" else "hint",
        "tags": [row["corpus"], row["split"], fine],
    }


def read_corpus(src: Path, corpus: str) -> list[dict[str, Any]]:
    """Every row of one corpus's train split, converted."""
    with (src / f"{corpus}-train.jsonl").open(encoding="utf-8") as fh:
        return [convert_row(json.loads(line)) for line in fh if line.strip()]


def stratified_sample(
    records: list[dict[str, Any]], n: int, seed: int = SEED
) -> list[dict[str, Any]]:
    """About n records, drawn in proportion from each (corpus, fine label) group; seeded."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        groups[(record["tags"][0], record["tags"][2])].append(record)
    rng = random.Random(seed)
    picked: list[dict[str, Any]] = []
    for key in sorted(groups):
        members = groups[key]
        share = max(1, round(n * len(members) / len(records)))
        picked += rng.sample(members, min(share, len(members)))
    return sorted(picked, key=lambda r: r["id"])


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    """One JSON object per line, UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    """Convert both corpora and write the committed sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=HERE / "full")
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    everything: list[dict[str, Any]] = []
    for corpus in CORPORA:
        records = read_corpus(args.src, corpus)
        write_jsonl(args.out / f"{corpus}-train.jsonl", records)
        print(f"{corpus}: {len(records)} records -> {args.out / f'{corpus}-train.jsonl'}")
        everything += records
    sample = stratified_sample(everything, args.sample)
    write_jsonl(HERE / f"sample-{args.sample}.jsonl", sample)
    print(f"sample: {len(sample)} records -> {HERE / f'sample-{args.sample}.jsonl'}")


if __name__ == "__main__":
    main()
