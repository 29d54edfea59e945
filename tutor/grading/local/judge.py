"""The judge: a small cross-encoder that reads an idea and an answer together (int8 ONNX).

A bi-encoder embeds the idea and the answer apart, so "rare words are split" and "rare
words are never split" land close together. The judge reads "[CLS] idea [SEP] answer
[SEP]" in one pass and says whether the answer STATES the idea, CONTRADICTS it, or
NEITHER. It is all-MiniLM-L6-v2 fine-tuned by `evals/local_grader/train.py` on
SemEval-2013 (3-way labels) and rule-made hard cases; the file ships beside this module
(`data/judge.onnx`) and its sha256 is checked at load. Run time needs onnxruntime,
tokenizers and numpy only.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tutor.grading.embedded.embedder import ModelIntegrityError, file_sha256
from tutor.grading.embedded.files import TOKENIZER_PATH
from tutor.grading.embedded.shared import process_wide

if TYPE_CHECKING:
    from tokenizers import Tokenizer

JUDGE_PATH = Path(__file__).resolve().parent / "data" / "judge.onnx"
#: sha256 of the shipped `data/judge.onnx`, written by evals/local_grader/train.py.
JUDGE_SHA256 = "dccb1271b73044c53486b557c5685b3edf063d402069031a4bd18bd55f640cd6"
#: The training length: longer pairs lose their longest side's tail.
MAX_TOKENS = 128
#: Column order of `Judge.score`.
STATES, CONTRADICTS, NEITHER = 0, 1, 2

Probabilities = npt.NDArray[np.float32]


class Judge:
    """Scores (idea, answer) pairs: P(states), P(contradicts), P(neither) per row."""

    def __init__(self, model_path: Path = JUDGE_PATH, tokenizer_path: Path = TOKENIZER_PATH,
                 *, expected_sha256: str = JUDGE_SHA256) -> None:
        started = time.perf_counter()
        self._session = _open_session(model_path, expected_sha256)
        self._tokenizer = open_tokenizer(tokenizer_path)
        self.load_seconds = time.perf_counter() - started

    def score(self, pairs: Sequence[tuple[str, str]]) -> Probabilities:
        """(len(pairs), 3) probabilities, rows in the order given; duplicates run once.

        Each pair runs on its own: the model's activations are quantised with one scale per
        run, so a pair batched with others (or padded) would score differently alone, and
        an answer must get the same verdict in the TUI as in `tutor grade`. Alone, a short
        pair costs about what it costs in a batch.
        """
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        unique = list(dict.fromkeys(pairs))
        found = np.stack([self._run(e.ids, e.type_ids)
                          for e in self._tokenizer.encode_batch(unique)])
        where = {pair: i for i, pair in enumerate(unique)}
        out[:] = found[[where[p] for p in pairs]]
        return out

    def _run(self, ids: list[int], types: list[int]) -> Probabilities:
        row = np.asarray([ids], dtype=np.int64)
        logits = np.asarray(self._session.run(["logits"], {
            "input_ids": row, "attention_mask": np.ones_like(row),
            "token_type_ids": np.asarray([types], dtype=np.int64)})[0][0], dtype=np.float64)
        shifted = np.exp(logits - logits.max())
        probabilities: Probabilities = (shifted / shifted.sum()).astype(np.float32)
        return probabilities


def _open_session(model: Path, expected_sha256: str) -> Any:
    fix = "Fix: reinstall tutor (pip install --force-reinstall tutor)."
    if not model.is_file():
        raise ModelIntegrityError(f"The local grader's judge model is missing: {model}. {fix}")
    actual = file_sha256(model)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"The local grader's judge model {model} has sha256 {actual}, expected "
            f"{expected_sha256}; it was changed or corrupted. {fix}")
    import onnxruntime  # imported here: it costs time, and only the first grade needs it

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    # As for the embedder: idle workers must not spin and take the cores from the TUI.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return onnxruntime.InferenceSession(str(model), options,
                                            providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelIntegrityError(
            f"The local grader's judge model {model} cannot be loaded: {exc}. {fix}") from exc


def open_tokenizer(path: Path = TOKENIZER_PATH) -> Tokenizer:
    """The judge's tokenizer, set up as the judge reads pairs (training uses the same)."""
    from tokenizers import Tokenizer

    if not path.is_file():
        raise ModelIntegrityError(f"The local grader's tokenizer is missing: {path}.")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS, strategy="longest_first")
    return tokenizer


#: The process-wide Judge, loaded on first use (thread-safe).
get_judge = process_wide(Judge)
