"""`tutor config`: the settings in effect and where each came from. Never the API key."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from tutor.config import LoadedSettings, load_with_sources
from tutor.grading.claude.pricing import price_of

_out = Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the `config` command to the app."""

    @app.command("config")
    def config() -> None:
        """Show the settings in effect, where each came from, and the grader 'auto' picks."""
        show(load_with_sources())


def rows(loaded: LoadedSettings) -> list[tuple[str, str, str]]:
    """(setting, value, source) for every setting; the key shown only as set/not set."""
    settings = loaded.settings
    out: list[tuple[str, str, str]] = []
    for name in type(settings).model_fields:
        if name == "api_key":
            value = settings.key_hint()
        else:
            raw = getattr(settings, name)
            value = "(none)" if raw is None else str(raw)
        out.append((name, value, loaded.sources.get(name, "default")))
    return out


def show(loaded: LoadedSettings) -> None:
    """Print the settings table and what it means for grading."""
    table = Table("setting", "value", "from")
    for name, value, source in rows(loaded):
        table.add_row(name, value, source)
    _out.print(table)
    settings = loaded.settings
    exists = "" if loaded.config_file.is_file() else " (not present)"
    _out.print(f"config file: {loaded.config_file}{exists}")
    effective = settings.grader
    if effective == "auto":
        effective = "claude" if settings.has_claude else "local"
        _out.print(f"grader: auto → {effective}"
                   + ("" if settings.has_claude else " (no API key or base_url set)"))
    if effective == "claude":
        fallback = "on" if settings.fallback_to_local else "off"
        price = price_of(settings.model)
        cost = (f"${price[0]:g}/${price[1]:g} per million input/output tokens"
                if price else "no price known for this model")
        _out.print(f"model: {settings.model} ({cost}); fallback to local grader: {fallback}")
