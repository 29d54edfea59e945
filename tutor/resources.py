"""Where bundled lessons and prompt templates live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def _bundled(name: str) -> Path:
    # A wheel carries the folders inside the package (pyproject force-include);
    # an editable install or a checkout reads them from the repository's top level.
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _REPO / name


def lessons_dir() -> Path:
    """The folder of bundled lessons."""
    return _bundled("lessons")


def prompts_dir() -> Path:
    """The folder of jinja2 prompt templates."""
    return _bundled("prompts")
