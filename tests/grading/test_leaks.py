"""The 4-word Checkpoint leak measure shared by `lessons check`, the hints and the eval."""

from __future__ import annotations

from tutor.grading.leaks import leaks, rubric_body, shared_run

CHECKPOINT = ("The learner should understand that subword tokenization balances vocabulary "
              "size with coverage — common words get one token, rare words are split.")


def test_four_content_words_in_a_row_leak_in_the_checkpoints_own_words() -> None:
    assert shared_run("Tokenizers balance the vocabulary size with its coverage.",
                      CHECKPOINT) == "balances vocabulary size coverage"
    assert leaks("Rare words are split, and common words get one token.", CHECKPOINT)


def test_three_words_a_topic_or_the_boilerplate_do_not_leak() -> None:
    assert not leaks("What happens to rare words?", CHECKPOINT)
    assert not leaks("Why does vocabulary size matter?", CHECKPOINT)
    # The rubric's opening is not its wording: a question may say 'should understand'.
    assert not leaks("What should the learner understand about subword tokens?", CHECKPOINT)
    assert rubric_body(CHECKPOINT).startswith("subword tokenization")


def test_stop_words_between_the_run_do_not_hide_it() -> None:
    assert leaks("It balances a vocabulary of some size with all of the coverage.", CHECKPOINT)
    assert not leaks("", CHECKPOINT) and not leaks("balances vocabulary size coverage", "")
