"""The embedding lab's core: nearest words, word arithmetic, and a 2-D view, over a word list."""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from importlib import resources

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from tutor.labs.errors import LabError
from tutor.labs.expression import Expression
from tutor.labs.model import TextModel, load_model
from tutor.labs.projection import pca_2d

Matrix = npt.NDArray[np.float32]


class Neighbour(BaseModel):
    """A word from the list and its cosine similarity to the query."""

    model_config = ConfigDict(frozen=True)

    word: str
    cosine: float


class AnalogyResult(BaseModel):
    """Where "a − b + c" lands: its nearest words (inputs left out) and how near the target is."""

    model_config = ConfigDict(frozen=True)

    expression: Expression
    neighbours: list[Neighbour]
    excluded: list[str]
    candidates: int
    target_rank: int | None = None
    target_cosine: float | None = None
    nearest_with_inputs: Neighbour | None = None

    def statement(self) -> str:
        """An honest sentence about the result, saying what was left out."""
        if not self.neighbours:
            return f"{self.expression.sum_text}: no other word in the list to compare with."
        top = self.neighbours[0]
        lines = [f"Nearest word: {top.word!r} (cosine {top.cosine:.2f})."]
        target = self.expression.target
        if target is not None and self.target_rank is not None:
            cos = self.target_cosine or 0.0
            where = "the nearest" if self.target_rank == 1 else f"#{self.target_rank}"
            lines.append(
                f"{target!r} is {where} of {self.candidates} words (cosine {cos:.2f})."
            )
        lines.append(
            f"The input words ({', '.join(self.excluded)}) are left out, as word2vec demos do"
        )
        near = self.nearest_with_inputs
        if near is not None and near.word in self.excluded:
            lines[-1] += f"; with them in, {near.word!r} would be nearest ({near.cosine:.2f})."
        else:
            lines[-1] += "."
        return " ".join(lines)


def shipped_words() -> list[str]:
    """The word list shipped with the labs (one word a line; '#' starts a comment)."""
    text = resources.files("tutor.labs").joinpath("data/words.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return list(dict.fromkeys(w for w in words if w))


class WordSpace:
    """A word list embedded once, on first use, and kept in memory."""

    def __init__(self, model: TextModel, vocabulary: Sequence[str]) -> None:
        self._model = model
        self.vocabulary = list(dict.fromkeys(w.lower() for w in vocabulary))
        self._index = {w: i for i, w in enumerate(self.vocabulary)}
        self._matrix: Matrix | None = None
        self._extra: dict[str, Matrix] = {}

    @property
    def matrix(self) -> Matrix:
        """The vocabulary's unit vectors, one row per word (embedded on first access)."""
        if self._matrix is None:
            self._matrix = np.asarray(self._model.embed(self.vocabulary), dtype=np.float32)
        return self._matrix

    def vectors(self, words: Sequence[str]) -> Matrix:
        """Unit vectors for any words: list words from the cache, others embedded now."""
        missing = [w for w in dict.fromkeys(words) if w not in self._index and w not in self._extra]
        if missing:
            for word, row in zip(missing, self._model.embed(missing), strict=True):
                self._extra[word] = np.asarray(row, dtype=np.float32)
        rows = [
            self.matrix[self._index[w]] if w in self._index else self._extra[w] for w in words
        ]
        return np.stack(rows) if rows else np.zeros((0, self.matrix.shape[1]), np.float32)

    def nearest(
        self, vector: Matrix, k: int = 5, exclude: Sequence[str] = ()
    ) -> list[Neighbour]:
        """The k list words most similar to `vector` (cosine), skipping `exclude`."""
        unit = _unit(vector)
        scores = self.matrix @ unit
        skip = set(exclude)
        order = np.argsort(-scores, kind="stable")
        found: list[Neighbour] = []
        for i in order:
            word = self.vocabulary[int(i)]
            if word in skip:
                continue
            found.append(Neighbour(word=word, cosine=float(scores[i])))
            if len(found) == k:
                break
        return found

    def neighbours_of(self, word: str, k: int = 5) -> list[Neighbour]:
        """The k list words nearest to `word`, not counting the word itself."""
        return self.nearest(self.vectors([word])[0], k, exclude=[word])

    def sum_vector(self, expression: Expression) -> Matrix:
        """The unit vector of the signed sum of the expression's words."""
        vecs = self.vectors(expression.words)
        signs = np.array([t.sign for t in expression.terms], dtype=np.float32)
        total = signs @ vecs
        if float(np.linalg.norm(total)) < 1e-6:
            raise LabError(f"{expression.sum_text} cancels out to nothing: try different words.")
        return _unit(total)

    def evaluate(self, expression: Expression, k: int = 5) -> AnalogyResult:
        """Add and subtract the words' vectors; rank the list words (and the target) by cosine."""
        result = self.sum_vector(expression)
        excluded = list(dict.fromkeys(expression.words))
        rank: int | None = None
        target_cos: float | None = None
        candidates = len([w for w in self.vocabulary if w not in excluded])
        target = expression.target
        if target is not None:
            target_cos = float(self.vectors([target])[0] @ result)
            others = [
                float(s) for w, s in zip(self.vocabulary, self.matrix @ result, strict=True)
                if w not in excluded and w != target
            ]
            rank = 1 + sum(1 for s in others if s > target_cos)
            candidates = len(others) + 1
        with_inputs = self.nearest(result, 1)
        return AnalogyResult(
            expression=expression, neighbours=self.nearest(result, k, exclude=excluded),
            excluded=excluded, candidates=candidates, target_rank=rank,
            target_cosine=target_cos,
            nearest_with_inputs=with_inputs[0] if with_inputs else None,
        )

    def project(
        self, words: Sequence[str], extra: Matrix | None = None
    ) -> npt.NDArray[np.float64]:
        """The words' 2-D PCA coordinates (axes fitted on these words alone).

        `extra` rows, such as the vector of a word sum, are placed on the same map
        after the words.
        """
        vecs = self.vectors(words)
        if extra is None:
            return pca_2d(vecs)
        return pca_2d(np.vstack([vecs, np.atleast_2d(extra)]), fit_rows=len(words))


def _unit(vector: Matrix) -> Matrix:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


_space_lock = threading.Lock()


@functools.cache
def _build_shared_space() -> WordSpace:
    space = WordSpace(load_model(), shipped_words())
    _ = space.matrix
    return space


def shared_space() -> WordSpace:
    """The shipped word list over the shipped model, built once per process (call off the UI)."""
    # Two lab workers may ask at once; the lock makes the second wait rather than embed again.
    with _space_lock:
        return _build_shared_space()


def describe_words(words: Sequence[str], neighbours: dict[str, list[Neighbour]]) -> str:
    """One line for the transcript: the words compared and each one's nearest neighbour."""
    parts = [f"{w}→{ns[0].word}" if ns else w for w, ns in neighbours.items()]
    return f"embedded {', '.join(words)} (nearest: {'; '.join(parts)})"


def describe_analogy(result: AnalogyResult) -> str:
    """One line for the transcript: the expression and where it landed."""
    top = result.neighbours[0].word if result.neighbours else "nothing"
    line = f"{result.expression.sum_text} → nearest {top!r}"
    if result.expression.target is not None and result.target_rank is not None:
        line += f", {result.expression.target!r} ranked #{result.target_rank}"
    return line
