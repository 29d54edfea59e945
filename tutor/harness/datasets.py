"""Read eval datasets: detect each file's format and turn its records into EvalItems."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from tutor.errors import InputError
from tutor.harness.answers_format import load_answer_file
from tutor.harness.items import EvalItem
from tutor.harness.rubric_format import load_rubric_records, looks_like_rubric
from tutor.harness.transcript_format import first_json_line, load_transcript, looks_like_transcript
from tutor.user_files import read_user_file


class Format(StrEnum):
    ANSWERS = "answers"  # (a) the `tutor grade` input with gold labels
    RUBRIC = "rubric"  # (b) flat JSONL rubric records
    TRANSCRIPT = "transcript"  # (c) TUI transcripts with labels on submits


class Dataset(BaseModel):
    """One input file, read."""

    path: str
    format: Format
    sha256: str
    items: list[EvalItem] = Field(repr=False)
    warnings: list[str] = Field(default_factory=list)


def detect_format(path: Path, text: str) -> Format:
    """Which of the three formats a file holds, from its content (not its name)."""
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{path}: the file is empty. Give a labelled dataset.")
    first = first_json_line(text)
    if looks_like_transcript(first):
        return Format.TRANSCRIPT
    if looks_like_rubric(first):
        return Format.RUBRIC
    if stripped[0] in "[{":
        return Format.ANSWERS
    raise InputError(
        f"{path}:1: not a dataset this harness reads. Use the `tutor grade` input with labels "
        "(JSON), rubric records (JSONL with id, question, rubric, answer, label) or a transcript.")


def load_dataset(path: Path, *, lesson: str | None = None) -> Dataset:
    """Read one dataset file. Bad records are an InputError naming file, line and fix."""
    data = read_user_file(path, not_a_folder="give the dataset files inside it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}). Save it as UTF-8.") \
            from None
    fmt = detect_format(path, text)
    warnings: list[str] = []
    if fmt is Format.TRANSCRIPT:
        items = load_transcript(path, text, warnings)
    elif fmt is Format.RUBRIC:
        items = load_rubric_records(path, text)
    else:
        items = load_answer_file(path, lesson=lesson)
    return Dataset(path=str(path), format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                   items=items, warnings=warnings)


DATA_SUFFIXES = (".json", ".jsonl")


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its .json/.jsonl files (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in DATA_SUFFIXES
                           and p.is_file())
            if not found:
                raise InputError(f"{path}: a folder with no .json or .jsonl files in it")
            files += found
        else:
            files.append(path)
    return files


def load_datasets(paths: list[Path], *, lesson: str | None = None) -> list[Dataset]:
    """Read every file (folders expanded); ids are made unique across files if they clash."""
    if not paths:
        raise InputError("no dataset given. Name one or more files: tutor eval evals/….jsonl")
    datasets = [load_dataset(p, lesson=lesson) for p in expand(paths)]
    ids = [i.id for d in datasets for i in d.items]
    if len(ids) != len(set(ids)):
        datasets = [d.model_copy(update={"items": [
            i.model_copy(update={"id": f"{Path(d.path).name}:{i.id}"}) for i in d.items]})
            for d in datasets]
    return datasets
