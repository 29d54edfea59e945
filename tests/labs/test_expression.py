"""Word sums as the learner types them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.labs.errors import LabError
from tutor.labs.expression import Expression, Term, parse_expression, parse_word_list


def test_the_classic_analogy_parses() -> None:
    assert parse_expression("King - man + Woman = queen") == Expression(
        terms=[Term(sign=1, word="king"), Term(sign=-1, word="man"), Term(sign=1, word="woman")],
        target="queen",
    )


@pytest.mark.parametrize(
    "text",
    ["king-man+woman→queen", "king − man + woman -> queen", "  king -man+ woman =queen  "],
)
def test_spacing_unicode_minus_and_arrows_are_accepted(text: str) -> None:
    assert str(parse_expression(text)) == "king − man + woman = queen"


def test_a_leading_minus_and_no_target() -> None:
    expr = parse_expression("- man + woman")
    assert expr.terms == [Term(sign=-1, word="man"), Term(sign=1, word="woman")]
    assert expr.target is None
    assert expr.sum_text == "− man + woman"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type some words"),
        ("king man", "Put \\+ or - between 'king' and 'man'"),
        ("king - + man", "Two signs in a row"),
        ("king -", "ends with a sign"),
        ("king = ", "exactly one word"),
        ("king = queen prince", "exactly one word"),
        ("= queen", "at least one word"),
    ],
)
def test_malformed_sums_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(LabError, match=message):
        parse_expression(text)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=12)


@given(st.lists(st.tuples(st.sampled_from([1, -1]), words), min_size=1, max_size=6),
       st.none() | words)
def test_printing_a_sum_and_parsing_it_again_gives_it_back(
    terms: list[tuple[int, str]], target: str | None
) -> None:
    expr = Expression(terms=[Term(sign=s, word=w) for s, w in terms], target=target)
    assert parse_expression(str(expr)) == expr


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_a_lab_error(text: str) -> None:
    try:
        expr = parse_expression(text)
    except LabError:
        return
    assert expr.terms


def test_word_lists_split_on_commas_and_spaces_and_drop_repeats() -> None:
    assert parse_word_list("King, queen  man,,queen\twoman") == ["king", "queen", "man", "woman"]
