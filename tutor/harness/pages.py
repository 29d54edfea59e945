"""The HTML pages' shared machinery: one jinja2 environment (autoescaped), filters, templates.

The eval report (`tutor eval --report`) and the class report (`tutor grade --report`,
`tutor report`) both render through it, and both extend `_page.html.j2`: one stylesheet,
readable at a phone's width and printable, nothing loaded from a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"


def pct(value: float | None, digits: int = 1) -> str:
    """0.1234 -> '12.3%'; None -> '—' (undefined, not zero)."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    """A plain number, or '—' when undefined."""
    return "—" if value is None else f"{value:.{digits}f}"


@lru_cache(maxsize=4)
def environment(extra: Sequence[Path] = ()) -> Environment:
    """The environment for the shared templates and, first, any page's own folders."""
    loader = ChoiceLoader([FileSystemLoader([*extra, TEMPLATES])])
    env = Environment(loader=loader, undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["pct"] = pct
    env.filters["num"] = num
    return env
