"""Where the local grader's shipped data files lie (pathlib only: the guard reads one too)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
#: all-MiniLM-L6-v2's WordPiece tokenizer (Apache-2.0): the embedder's, and the guard's
#: picture of what English words look like.
TOKENIZER_PATH = DATA_DIR / "tokenizer.json"
