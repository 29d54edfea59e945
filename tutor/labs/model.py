"""The text model the labs use: the local grader's embedder, loaded on first use."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt


class TextModel(Protocol):
    """What the labs need from a model: WordPiece pieces and unit-length sentence vectors."""

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text."""
        ...

    def tokenize(self, text: str) -> list[str]:
        """WordPiece pieces; a piece that continues a word starts with `##`."""
        ...


def load_model() -> TextModel:
    """The shipped embedding model (slow the first time: call it from a worker, not the UI)."""
    # Imported here so that opening a lab module costs nothing until a lab needs the model.
    from tutor.grading.embedded.embedder import get_embedder

    model: TextModel = get_embedder()
    return model
