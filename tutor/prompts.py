"""Render templates from `prompts/`: every word sent to a model or shown as a hint lives there."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from tutor.resources import prompts_dir


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one jinja2 environment: StrictUndefined, so a missing variable is an error."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the package: no need to stat each one on every render.
        auto_reload=False,
    )


def render(name: str, **context: Any) -> str:
    """Render `prompts/<name>` with `context`, stripped of surrounding whitespace."""
    return environment().get_template(name).render(**context).strip()
