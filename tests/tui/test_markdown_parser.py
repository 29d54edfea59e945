"""The lesson's Markdown parser: Textual's "gfm-like" tokens, with a quicker no-link answer."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from tutor.lesson import bundled_lessons, load_lesson
from tutor.tui.widgets.markdown import gfm_parser, may_hold_link

SAMPLES = [
    "Plain prose, no links at all. Tokens are pieces of words.",
    "See https://example.org/page for more.",
    "Mail me: someone@example.com",
    "Visit www.example.com today",
    "Visit WWW.EXAMPLE.COM today",
    "the site example.com is fuzzy",
    "EXAMPLE.COM in capitals",
    "served from localhost:8000",
    "served from LOCALHOſT",  # the long s matches s case-insensitively
    "an address 10.0.0.1 here",
    "e.g. this, i.e. that; version 3.5",
    "ftp://files.example.net and mailto:x@y.z",
    "//protocol-relative.example.org",
    "A [markdown link](https://example.org) and `code.py`",
    "Ends with a dot.",
    "tokens.\n\nNew paragraph. Another sentence!",
    "- item one\n- item www.two.org\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "~~struck~~ and **bold** and _it_",
]


def _lesson_texts() -> list[str]:
    texts = []
    for name in bundled_lessons():
        lesson = load_lesson(name)
        for step in lesson.steps:
            texts += [step.explanation, step.task, step.question]
            texts += [card.body or "" for card in step.cards]
    return texts


@pytest.mark.parametrize("text", SAMPLES + _lesson_texts())
def test_same_tokens_as_textual_default(text: str) -> None:
    assert gfm_parser().parse(text) == MarkdownIt("gfm-like").parse(text)


@pytest.mark.parametrize("text", SAMPLES + _lesson_texts())
def test_no_link_answer_only_when_linkify_agrees(text: str) -> None:
    linkify = MarkdownIt("gfm-like").linkify
    assert linkify is not None
    for part in [text, *text.split("\n")]:
        if not may_hold_link(part):
            assert not linkify.pretest(part)


def test_the_seed_steps_skip_linkify() -> None:
    """The point of it: step 1 of the bundled lesson needs no linkify-it patterns."""
    lesson = load_lesson()
    assert not may_hold_link(lesson.steps[0].explanation)
