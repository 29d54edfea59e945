"""Settings: env over file over defaults, bad files named, the key never shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fakeapi.server import FakeAnthropic
from tutor.cli import app
from tutor.config import DEFAULT_MODEL, config_path, load_settings, load_with_sources
from tutor.errors import InputError, TutorError

KEY = "fake-key-api03-CONFIGSECRET-abcdefghij-WXYZ"


def _write(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    loaded = load_with_sources()
    s = loaded.settings
    assert s.model == DEFAULT_MODEL and s.grader == "auto" and s.fallback_to_local
    assert s.api_key is None and not s.has_claude
    assert set(loaded.sources.values()) == {"default"}


def test_config_dir_comes_from_the_environment() -> None:
    assert config_path() == Path(os.environ["TUTOR_CONFIG_DIR"]) / "config.toml"


def test_env_over_file_over_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write('model = "claude-sonnet-4-5"\ntimeout = 12\ngrader = "local"\n')
    monkeypatch.setenv("TUTOR_MODEL", "claude-opus-4-5")
    loaded = load_with_sources()
    assert loaded.settings.model == "claude-opus-4-5"
    assert loaded.sources["model"] == "env TUTOR_MODEL"
    assert loaded.settings.timeout == 12 and loaded.sources["timeout"] == f"file {path}"
    assert loaded.settings.grader == "local"
    assert load_settings(model="x").model == "x"


def test_a_tutor_table_works_too() -> None:
    _write('[tutor]\nmax_retries = 5\nfallback_to_local = false\n')
    s = load_settings()
    assert s.max_retries == 5 and s.fallback_to_local is False


def test_bad_toml_names_the_file() -> None:
    path = _write("model = \n")
    with pytest.raises(InputError, match="not valid TOML") as caught:
        load_settings()
    assert str(path) in caught.value.message


def test_unknown_key_is_named() -> None:
    _write('modle = "x"\n')
    with pytest.raises(InputError, match="unknown key 'modle'"):
        load_settings()


def test_bad_value_names_file_and_key() -> None:
    path = _write('timeout = "soon"\n')
    with pytest.raises(InputError) as caught:
        load_settings()
    assert f"file {path}: timeout" in caught.value.message


def test_bad_grader_from_env_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_GRADER", "gpt")
    with pytest.raises(InputError, match="env TUTOR_GRADER: grader"):
        load_settings()


def test_a_bad_key_value_is_never_echoed() -> None:
    _write(f'api_key = ["{KEY}"]\n')
    with pytest.raises(InputError) as caught:
        load_settings()
    assert KEY not in caught.value.message and "api_key" in caught.value.message


def test_tutor_config_shows_sources_but_never_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    _write('model = "claude-sonnet-4-5"\n')
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    result = CliRunner().invoke(app, ["config"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert KEY not in result.output and KEY[:-4] not in result.output
    assert "set (…WXYZ)" in result.output and "env ANTHROPIC_API_KEY" in result.output
    assert "claude-sonnet-4-5" in result.output and "auto → claude" in result.output


def test_tutor_config_without_a_key_says_local() -> None:
    result = CliRunner().invoke(app, ["config"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "not set" in result.output and "auto → local" in result.output


def test_tutor_config_check_grades_one_answer(monkeypatch: pytest.MonkeyPatch,
                                              fake_api: FakeAnthropic) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    result = CliRunner().invoke(app, ["config", "--check"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "check: Claude answered in" in result.output and "advance" in result.output
    assert KEY not in result.output
    assert len(fake_api.message_requests) == 1


def test_tutor_config_check_shows_a_failure(monkeypatch: pytest.MonkeyPatch,
                                            fake_api: FakeAnthropic) -> None:
    from tests.fakeapi import replies

    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    fake_api.default = lambda _: replies.unauthorized()
    result = CliRunner().invoke(app, ["config", "--check"], env={"COLUMNS": "200"})
    assert result.exit_code != 0
    assert isinstance(result.exception, TutorError)
    assert "refused the API key" in result.exception.message
