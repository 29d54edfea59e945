"""Word arithmetic as the learner types it: "king - man + woman", optionally "= queen"."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from tutor.labs.errors import LabError

_MINUS = {"-", "−", "–"}
_TOKEN = re.compile(r"\s*(?:(?P<eq>=|->|→)|(?P<op>[+\-−–])|(?P<word>[^\s+\-−–=→]+))")


class Term(BaseModel):
    """A word added (+1) or subtracted (-1)."""

    model_config = ConfigDict(frozen=True)

    sign: int
    word: str


class Expression(BaseModel):
    """Terms to add up, and the word the learner expects the sum to land near, if any."""

    model_config = ConfigDict(frozen=True)

    terms: list[Term]
    target: str | None = None

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.terms]

    @property
    def sum_text(self) -> str:
        """The terms as written, without the target."""
        parts: list[str] = []
        for i, t in enumerate(self.terms):
            if i == 0:
                parts.append(t.word if t.sign > 0 else f"− {t.word}")
            else:
                parts.append(f"{'+' if t.sign > 0 else '−'} {t.word}")
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.sum_text} = {self.target}" if self.target else self.sum_text


def _lex(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if not match or match.end() == pos:
            raise LabError(f"Cannot read {text!r} at position {pos + 1}.")
        kind = match.lastgroup or ""
        tokens.append((kind, match[kind]))
        pos = match.end()
    return tokens


def parse_expression(text: str) -> Expression:
    """Parse `word (± word)* [= target]`; words are lower-cased (the model is uncased)."""
    tokens = _lex(text)
    if not tokens:
        raise LabError("Type some words, e.g. 'king - man + woman'.")
    terms: list[Term] = []
    sign: int | None = None
    target: str | None = None
    for i, (kind, value) in enumerate(tokens):
        if kind == "eq":
            rest = tokens[i + 1:]
            if len(rest) != 1 or rest[0][0] != "word":
                raise LabError("After '=' put exactly one word, e.g. '= queen'.")
            target = rest[0][1].lower()
            break
        if kind == "op":
            if sign is not None:
                raise LabError(f"Two signs in a row in {text!r}: put a word between them.")
            sign = -1 if value in _MINUS else 1
            continue
        if terms and sign is None:
            raise LabError(
                f"Put + or - between {terms[-1].word!r} and {value!r} "
                "(to list words to compare, separate them with commas in the words box)."
            )
        terms.append(Term(sign=sign or 1, word=value.lower()))
        sign = None
    if sign is not None:
        raise LabError(f"{text.strip()!r} ends with a sign: add a word after it.")
    if not terms:
        raise LabError("Type at least one word before '='.")
    return Expression(terms=terms, target=target)


def parse_word_list(text: str) -> list[str]:
    """Words separated by commas or spaces, lower-cased, duplicates dropped, order kept."""
    words = [w.strip().lower() for w in re.split(r"[,\s]+", text) if w.strip()]
    return list(dict.fromkeys(words))
