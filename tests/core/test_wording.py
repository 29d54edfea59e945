"""Counts said in English, in the lab notes and in `tutor lessons check`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutor.wording import count


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert count(1, "word") == "1 word"
    assert count(0, "word") == "0 words"
    assert count(2, "misconception") == "2 misconceptions"
    assert count(1, "child", "children") == "1 child"
    assert count(3, "child", "children") == "3 children"


@given(st.integers(min_value=0, max_value=10_000))
def test_the_number_is_said_as_it_is(n: int) -> None:
    assert count(n, "token").split(" ")[0] == str(n)
    assert count(n, "token").endswith("token" if n == 1 else "tokens")


def test_a_lab_note_for_one_word_says_word() -> None:
    from tutor.labs.tokenizer import Tokenized, describe

    note = describe(Tokenized(text="unbelievably", pieces=["un", "##bel", "##ie", "##va",
                                                          "##bly"], words=1))
    assert note == "tokenized 'unbelievably' → 5 tokens (1 word)"
