"""The embedder loads offline, refuses a tampered model, and returns unit vectors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tutor.grading.embedded.embedder import (
    DIMENSIONS,
    Embedder,
    ModelIntegrityError,
    default_model_path,
    get_embedder,
)

OFFLINE_LOAD = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network is disabled in this test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse

    from tutor.grading.embedded.embedder import get_embedder

    vectors = get_embedder().embed(["tokens are subword pieces"])
    print(vectors.shape)
    """
)


def test_loads_and_embeds_with_no_network(tmp_path: Path) -> None:
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", OFFLINE_LOAD], env=env, capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"(1, {DIMENSIONS})"


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), copy)
    with copy.open("r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        Embedder(copy)


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="missing"):
        Embedder(tmp_path / "nope.onnx")


def test_vectors_are_unit_length_and_order_independent() -> None:
    embedder = get_embedder()
    texts = ["A man is eating food.", "A man is eating a piece of bread.",
             "The girl is carrying a baby, and this sentence is a good deal longer."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = embedder.embed([texts[0]])[0]
    assert np.allclose(alone, vectors[0], atol=1e-5)  # padding in a batch changes nothing
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > 0.6 > unrelated
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_tokenize_gives_wordpieces() -> None:
    pieces = get_embedder().tokenize("I'm learning about tokenization")
    assert pieces == ["i", "'", "m", "learning", "about", "token", "##ization"]
