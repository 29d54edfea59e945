"""Settings in effect, and where each came from: environment over config file over defaults.

The config file is TOML at `<config folder>/config.toml` (`$TUTOR_CONFIG_DIR` overrides the
platform's user config folder). Its keys are the `Settings` field names, at the top level or
under a `[tutor]` table. The API key is a `SecretStr`: it is never printed, logged or written.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from tutor.errors import InputError

GraderName = Literal["auto", "claude", "local"]

#: Haiku is the fast, cheap tier; grading one answer against a rubric is classification-like
#: work that does not need a larger model. An alias, so it follows Anthropic's current snapshot.
DEFAULT_MODEL = "claude-haiku-4-5"

#: Environment variable → field. These win over the config file.
ENV_VARS: dict[str, str] = {
    "ANTHROPIC_API_KEY": "api_key",
    "ANTHROPIC_BASE_URL": "base_url",
    "TUTOR_MODEL": "model",
    "TUTOR_GRADER": "grader",
}


class Settings(BaseModel):
    """What the graders need to know; every field has a safe default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_key: SecretStr | None = None
    base_url: str | None = Field(default=None, description="An Anthropic-compatible server")
    model: str = DEFAULT_MODEL
    grader: GraderName = "auto"
    fallback_to_local: bool = True
    timeout: float = Field(default=30.0, gt=0, description="Seconds for one HTTP attempt")
    max_retries: int = Field(default=3, ge=0, le=10, description="SDK retries per call")
    max_total_wait: float = Field(
        default=90.0, gt=0, description="Seconds one grading may take, all retries included")
    validation_retries: int = Field(
        default=1, ge=0, le=5, description="Extra calls when a reply is not a valid verdict")
    max_tokens: int = Field(default=1024, ge=64, le=8192)

    @property
    def has_claude(self) -> bool:
        """True when a key or a server is configured, so 'auto' means Claude."""
        return self.api_key is not None or self.base_url is not None

    def key_hint(self) -> str:
        """How to show the key: 'set (…abcd)' or 'not set'. Never more than 4 characters."""
        if self.api_key is None:
            return "not set"
        secret = self.api_key.get_secret_value()
        return f"set (…{secret[-4:]})" if len(secret) >= 16 else "set"


class LoadedSettings(BaseModel):
    """Settings and, for each field, where its value came from."""

    settings: Settings
    sources: dict[str, str]
    config_file: Path


def config_dir() -> Path:
    """The user config folder: $TUTOR_CONFIG_DIR, else the platform's."""
    override = os.environ.get("TUTOR_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("tutor", appauthor=False))


def config_path() -> Path:
    """The config file the tutor reads (it may not exist)."""
    return config_dir() / "config.toml"


def load_settings(**overrides: Any) -> Settings:
    """Settings in effect: `overrides` (command-line flags) over env, file and defaults."""
    return load_with_sources(**overrides).settings


def load_with_sources(**overrides: Any) -> LoadedSettings:
    """Like `load_settings`, and say where each value came from."""
    path = config_path()
    values: dict[str, Any] = {}
    sources: dict[str, str] = {name: "default" for name in Settings.model_fields}
    for key, value in _read_file(path).items():
        values[key] = value
        sources[key] = f"file {path}"
    for var, key in ENV_VARS.items():
        env = os.environ.get(var)
        if env:
            values[key] = env
            sources[key] = f"env {var}"
    for key, value in overrides.items():
        if value is not None:
            values[key] = value
            sources[key] = "command line"
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        raise InputError(_explain(exc, sources)) from None
    return LoadedSettings(settings=settings, sources=sources, config_file=path)


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("tutor", data)
    if not isinstance(table, dict):
        raise InputError(f"{path}: [tutor] must be a table of settings")
    unknown = sorted(set(table) - set(Settings.model_fields) - {"tutor"})
    if unknown:
        known = ", ".join(Settings.model_fields)
        raise InputError(f"{path}: unknown key {', '.join(map(repr, unknown))}; "
                         f"the keys are: {known}")
    return {k: v for k, v in table.items() if k != "tutor"}


def _explain(exc: ValidationError, sources: dict[str, str]) -> str:
    problems = []
    for err in exc.errors():
        key = str(err["loc"][0]) if err["loc"] else "settings"
        where = sources.get(key, "settings")
        # Never echo the input: for api_key it is the secret itself.
        problems.append(f"{where}: {key}: {err['msg']}")
    return "bad setting: " + "; ".join(problems)
