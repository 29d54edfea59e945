"""The embedded model's shipped data files (stdlib only: the guard reads one, without numpy)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
#: all-MiniLM-L6-v2's WordPiece tokenizer (Apache-2.0): the embedder's, and the guard's
#: picture of what English words look like.
TOKENIZER_PATH = DATA_DIR / "tokenizer.json"


@lru_cache(maxsize=1)
def wordpiece_words() -> frozenset[str]:
    """The whole English words (ASCII letters, two or more) of the WordPiece vocabulary."""
    vocab: dict[str, int] = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isascii() and w.isalpha() and len(w) > 1)
