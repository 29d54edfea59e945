"""The context-window calculator: tokens ↔ words ↔ pages under a lesson's stated assumptions."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tutor.labs.errors import LabError

Unit = Literal["tokens", "words", "pages"]

_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6}
_UNIT_ALIASES: dict[str, Unit] = {
    "token": "tokens", "tokens": "tokens", "tok": "tokens", "t": "tokens",
    "word": "words", "words": "words", "w": "words",
    "page": "pages", "pages": "pages", "p": "pages", "pp": "pages",
}
_QUANTITY = re.compile(
    r"^\s*(?P<num>\d+(?:[.,]\d+)*|\.\d+)\s*(?P<suffix>[kKmM]?)\s*(?P<unit>[A-Za-z]*)\s*$"
)


class ContextAssumptions(BaseModel):
    """The lesson's rules of thumb: words on a page, tokens per word, the window sizes it names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    words_per_page: float = Field(default=300, gt=0)
    tokens_per_word: float = Field(default=1.3, gt=0)
    windows: list[int] = Field(default_factory=lambda: [8000, 32000, 100000, 128000, 200000])

    @classmethod
    def from_lab_data(cls, data: dict[str, Any] | None) -> ContextAssumptions:
        """Read `[lab.context]` from a step; a bad table is a LabError naming the field."""
        try:
            return cls.model_validate(data or {})
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'table'}: {e['msg']}"
                for e in exc.errors()
            )
            raise LabError(f"[lab.context] in the lesson extension is invalid: {problems}") from exc


class Quantity(BaseModel):
    """An amount of text in one unit."""

    model_config = ConfigDict(frozen=True)

    amount: float = Field(ge=0)
    unit: Unit


class Conversion(BaseModel):
    """One amount of text expressed in all three units."""

    model_config = ConfigDict(frozen=True)

    tokens: float
    words: float
    pages: float


def convert(quantity: Quantity, rules: ContextAssumptions) -> Conversion:
    """Express a quantity in tokens, words and pages under the lesson's assumptions."""
    if quantity.unit == "tokens":
        words = quantity.amount / rules.tokens_per_word
    elif quantity.unit == "words":
        words = quantity.amount
    else:
        words = quantity.amount * rules.words_per_page
    return Conversion(
        tokens=words * rules.tokens_per_word, words=words, pages=words / rules.words_per_page
    )


def window_table(rules: ContextAssumptions) -> list[Conversion]:
    """Each window size the lesson names, as words and pages."""
    return [convert(Quantity(amount=w, unit="tokens"), rules) for w in rules.windows]


def parse_quantity(text: str, default_unit: Unit = "tokens") -> Quantity:
    """Read "100k tokens", "250 pages", "2,000 words" or a bare number (in `default_unit`)."""
    match = _QUANTITY.match(text)
    if not match:
        raise LabError(
            f"Cannot read {text.strip()!r} as an amount: type a number and a unit, "
            "such as '100k tokens', '250 pages' or '2000 words'."
        )
    unit_word = match["unit"].lower()
    if unit_word and unit_word not in _UNIT_ALIASES:
        raise LabError(f"Unknown unit {match['unit']!r}: use tokens, words or pages.")
    digits = match["num"].replace(",", "")  # a comma separates thousands, as in "2,000"
    try:
        amount = float(digits) * _SUFFIX[match["suffix"].lower()]
    except ValueError as exc:
        raise LabError(f"Cannot read {match['num']!r} as a number.") from exc
    return Quantity(amount=amount, unit=_UNIT_ALIASES.get(unit_word, default_unit))


def format_amount(value: float) -> str:
    """A figure for people: thousands separated, one decimal below 100 (unless whole)."""
    if value >= 100 or round(value, 1) == round(value):
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def describe(quantity: Quantity, result: Conversion) -> str:
    """One line for the transcript: what the learner converted and what it came to."""
    others = [
        f"{format_amount(getattr(result, unit))} {unit}"
        for unit in ("tokens", "words", "pages") if unit != quantity.unit
    ]
    return f"{format_amount(quantity.amount)} {quantity.unit} ≈ " + " ≈ ".join(others)
