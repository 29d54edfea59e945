"""The Markdown parser of the lesson's Markdown widgets: Textual's, less a slow first look.

Textual's Markdown widget parses with markdown-it's "gfm-like" preset, whose linkify step
asks linkify-it, for every paragraph, whether it may hold a bare link. The first such
question compiles linkify-it's large Unicode patterns: 20-35 ms spent before the TUI's
first frame, on a lesson step without a single link. Here the question is first put to a
cheap test that can only say "no" when linkify-it would say "no" too; anything else goes
to linkify-it. The tokens, and so what is drawn, are the same.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

# linkify-it's pretest is, case-insensitively: a schema ("http:", "https:", "ftp:",
# "mailto:", "//"), or "localhost", "www.", a "." before a digit or a top-level domain, or
# "@". Each needs one of the marks below; "." followed by a space or the end needs no look.
_DOT_BEFORE_TEXT = re.compile(r"\.\S")


def may_hold_link(text: str) -> bool:
    """False only if linkify-it's pretest is certain to fail on `text`."""
    if "@" in text or ":" in text or "/" in text or _DOT_BEFORE_TEXT.search(text):
        return True
    folded = text.casefold()  # as the pattern's IGNORECASE would match (ſ for s)
    return "localhost" in folded or "www." in folded


class _QuickLinkify:
    """linkify-it, with a pretest that skips its patterns when there can be no link."""

    def __init__(self, linkify: Any) -> None:
        self._linkify = linkify

    def pretest(self, text: str) -> bool:
        return may_hold_link(text) and bool(self._linkify.pretest(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._linkify, name)


def gfm_parser() -> MarkdownIt:
    """What Textual's Markdown parses with ("gfm-like"), answering link-free text faster."""
    parser = MarkdownIt("gfm-like")
    if parser.linkify is not None:
        parser.linkify = _QuickLinkify(parser.linkify)
    return parser
