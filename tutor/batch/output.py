"""Render a report as JSON, JSON Lines or CSV, and write it atomically or to stdout."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path

from tutor.batch.results import Report, ResultRow
from tutor.store import write_atomic

#: The first nine are the original columns, in their order; later ones are appended.
CSV_COLUMNS = ("id", "step", "decision", "score", "feedback", "hint", "missing", "flags", "error",
               "covered", "misconception", "hint_target", "choice", "learner", "answer")


class Format(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def render(report: Report, fmt: Format) -> str:
    """The report as text in the chosen format (JSON Lines and CSV hold the rows only)."""
    if fmt is Format.JSON:
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if fmt is Format.JSONL:
        return "".join(_json_line(row) for row in report.results)
    return _csv(report.results)


def emit(text: str, out: Path | None) -> None:
    """Write to `out` atomically, or to stdout when there is no `out`."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(out, text)


def _json_line(row: ResultRow) -> str:
    return json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n"


def _csv(rows: list[ResultRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.step,
                row.decision.value if row.decision else "",
                "" if row.score is None else row.score,
                row.feedback,
                row.hint or "",
                "; ".join(row.missing),
                ",".join(f.value for f in row.flags),
                row.error or "",
                "; ".join(row.covered),
                row.misconception or "",
                row.hint_target or "",
                row.choice or "",
                row.learner or "",
                row.answer or "",
            ]
        )
    return buf.getvalue()
