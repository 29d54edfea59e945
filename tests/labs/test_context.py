"""The context-window calculator: exact conversions and a forgiving amount parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.labs.context import (
    ContextAssumptions,
    Quantity,
    convert,
    describe,
    format_amount,
    parse_quantity,
    window_table,
)
from tutor.labs.errors import LabError
from tutor.lesson import load_lesson

RULES = ContextAssumptions(words_per_page=300, tokens_per_word=1.3,
                           windows=[8000, 32000, 100000, 128000, 200000])


def test_the_seed_lesson_states_the_assumptions() -> None:
    step = load_lesson("how-llms-work").step(4)
    assert step is not None
    assert ContextAssumptions.from_lab_data(step.lab_data["context"]) == RULES


def test_a_100k_window_holds_about_256_pages() -> None:
    result = convert(Quantity(amount=100_000, unit="tokens"), RULES)
    assert result.words == pytest.approx(76_923.0769, abs=1e-3)
    assert result.pages == pytest.approx(256.4103, abs=1e-3)
    assert result.tokens == pytest.approx(100_000)


def test_pages_and_words_convert_to_tokens() -> None:
    page = convert(Quantity(amount=1, unit="pages"), RULES)
    assert (page.tokens, page.words, page.pages) == (pytest.approx(390.0), 300.0, 1.0)
    assert convert(Quantity(amount=1000, unit="words"), RULES).tokens == pytest.approx(1300.0)


def test_window_table_covers_every_window_in_order() -> None:
    table = window_table(RULES)
    assert [round(r.tokens) for r in table] == RULES.windows
    assert [round(r.pages, 1) for r in table] == [20.5, 82.1, 256.4, 328.2, 512.8]


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("100k tokens", 100_000, "tokens"),
        ("100K", 100_000, "tokens"),
        ("2,000 words", 2000, "words"),
        ("250 pages", 250, "pages"),
        ("1 page", 1, "pages"),
        ("0.5m tokens", 500_000, "tokens"),
        (" 12.5 p ", 12.5, "pages"),
        (".5k words", 500, "words"),
    ],
)
def test_amounts_people_type_are_understood(text: str, amount: float, unit: str) -> None:
    assert parse_quantity(text) == Quantity(amount=amount, unit=unit)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "lots", "100 furlongs", "1.2.3 tokens", "-5 pages"])
def test_unreadable_amounts_are_lab_errors(text: str) -> None:
    with pytest.raises(LabError):
        parse_quantity(text)


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_lab_error(text: str) -> None:
    try:
        quantity = parse_quantity(text)
    except LabError:
        return
    assert quantity.amount >= 0


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["tokens", "words", "pages"]))
def test_formatted_whole_amounts_parse_back(amount: int, unit: str) -> None:
    assert parse_quantity(f"{amount:,} {unit}") == Quantity(amount=amount, unit=unit)  # type: ignore[arg-type]


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_converting_there_and_back_is_lossless(tokens: float) -> None:
    pages = convert(Quantity(amount=tokens, unit="tokens"), RULES).pages
    assert convert(Quantity(amount=pages, unit="pages"), RULES).tokens == pytest.approx(tokens)


def test_describe_and_format() -> None:
    quantity = parse_quantity("100k tokens")
    assert describe(quantity, convert(quantity, RULES)) == (
        "100,000 tokens ≈ 76,923 words ≈ 256 pages"
    )
    assert (format_amount(20.51), format_amount(4.0), format_amount(0.96)) == ("20.5", "4", "1")
    assert format_amount(1234.5) == "1,234"


def test_bad_context_data_names_the_field() -> None:
    with pytest.raises(LabError, match="words_per_page"):
        ContextAssumptions.from_lab_data({"words_per_page": 0})
