"""The tokenizer lab's core: split text into WordPiece tokens and compare with words."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from tutor.labs.model import TextModel
from tutor.wording import count

CONTINUATION = "##"


class Tokenized(BaseModel):
    """A text, its tokens, and how many words it has for comparison."""

    model_config = ConfigDict(frozen=True)

    text: str
    pieces: list[str]
    words: int

    @property
    def token_count(self) -> int:
        return len(self.pieces)

    @property
    def tokens_per_word(self) -> float | None:
        return self.token_count / self.words if self.words else None


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters."""
    return len(text.split())


def is_continuation(piece: str) -> bool:
    """A piece glued to the one before it, without a space (WordPiece marks it `##`)."""
    return piece.startswith(CONTINUATION) and len(piece) > len(CONTINUATION)


def tokenize(text: str, model: TextModel) -> Tokenized:
    """Split `text` with the shipped WordPiece tokenizer."""
    return Tokenized(text=text, pieces=model.tokenize(text), words=word_count(text))


def describe(result: Tokenized, limit: int = 60) -> str:
    """One line for the transcript: the text tried and how many tokens it made."""
    shown = result.text if len(result.text) <= limit else result.text[: limit - 1] + "…"
    tokens, words = count(result.token_count, "token"), count(result.words, "word")
    return f"tokenized {shown!r} → {tokens} ({words})"
