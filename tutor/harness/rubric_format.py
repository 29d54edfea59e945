"""Format (b): flat JSONL rubric records `{"id", "question", "rubric", "answer", "label", "tags"}`.

Rubric-only data (SemEval-2013 and the like) has no lesson: the rubric becomes the
Checkpoint. A list of reference answers becomes one Checkpoint, a reference per line
(not expectations: a learner needs to match one reference, not cover them all).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.errors import InputError
from tutor.grading.verdict import GradeRequest
from tutor.harness.items import RUBRIC_STEP, EvalItem, parse_label, parse_tags

_FIELDS = ("id", "question", "rubric", "answer", "label", "tags")


def looks_like_rubric(record: object) -> bool:
    """True when a JSON object has the shape of a rubric record."""
    return isinstance(record, dict) and "rubric" in record and "answer" in record


def _bad(path: Path, line: int, what: str, fix: str) -> InputError:
    return InputError(f"{path}:{line}: {what}. {fix}")


def _rubric(path: Path, line: int, value: object) -> list[str]:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if (isinstance(value, list) and value
            and all(isinstance(v, str) and v.strip() for v in value)):
        return [v.strip() for v in value]
    raise _bad(path, line, "'rubric' must be a non-empty string or a list of reference answers",
               'Write "rubric": "what a correct answer says" or "rubric": ["ref 1", "ref 2"]')


def _item(path: Path, line: int, record: dict[str, Any]) -> EvalItem:
    unknown = sorted(set(record) - set(_FIELDS))
    if unknown:
        raise _bad(path, line, f"unknown field(s) {', '.join(unknown)}",
                   f"A rubric record has only {', '.join(_FIELDS)}")
    rec_id = record.get("id")
    if not isinstance(rec_id, str | int) or isinstance(rec_id, bool) or str(rec_id) == "":
        raise _bad(path, line, "missing 'id'", 'Give each record a unique "id"')
    answer = record.get("answer")
    if not isinstance(answer, str):
        raise _bad(path, line, "'answer' must be a string", 'Add "answer": "the learner\'s words"')
    question = record.get("question", "")
    if not isinstance(question, str):
        raise _bad(path, line, "'question' must be a string", "Give the question as text")
    label = parse_label(record.get("label"))
    if label is None:
        raise _bad(path, line, f"label {record.get('label')!r} is not advance or hint",
                   'Set "label": "advance" or "label": "hint"')
    tags = parse_tags(record.get("tags"))
    if tags is None:
        raise _bad(path, line, "'tags' must be a list of strings", 'Write "tags": ["terse"]')
    references = _rubric(path, line, record.get("rubric"))
    request = GradeRequest(answer=answer, question=question, checkpoint="\n".join(references))
    return EvalItem(id=str(rec_id), source=f"{path}:{line}", dataset=str(path), label=label,
                    tags=tags, step=RUBRIC_STEP, request=request)


def load_rubric_records(path: Path, text: str) -> list[EvalItem]:
    """Every record of a rubric JSONL file; the first bad one is an InputError (file:line)."""
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _bad(path, line, f"not JSON ({exc.msg} at column {exc.colno})",
                       "Each line must be one JSON object") from None
        if not isinstance(record, dict):
            raise _bad(path, line, "not a JSON object", "Each line must be one JSON object")
        item = _item(path, line, record)
        if item.id in seen:
            raise _bad(path, line, f"id {item.id!r} was already used on line {seen[item.id]}",
                       "Give each record a unique id")
        seen[item.id] = line
        items.append(item)
    if not items:
        raise InputError(f"{path}: no records. Add one JSON object per line.")
    return items
