"""The command line as a user meets it: --version, --help, flags."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tutor.cli import app

COMMANDS = (["grade"], ["eval"], ["start"], ["serve"], ["config"], ["lessons", "check"],
            ["lessons", "list"], [])


def test_version_prints_the_packaged_version_and_exits_0() -> None:
    expected = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    done = subprocess.run([sys.executable, "-m", "tutor", "--version"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"tutor {expected}\n", "")


def test_the_version_in_the_package_matches_pyproject() -> None:
    import tutor

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert tutor.__version__ == pyproject


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "tutor")
def test_help_shows_on_off_flags_without_a_value(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "--help " in result.output


@pytest.mark.parametrize(("command", "flag"), [
    (["grade"], "--fresh"), (["grade"], "--batch-api"), (["eval"], "--quiet"),
    (["config"], "--check"), ([], "--version")])
def test_a_flag_is_listed_bare(command: list[str], flag: str) -> None:
    output = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"}).output
    line = next(line for line in output.splitlines() if flag in line.split())
    after = line.split(flag, 1)[1]
    assert after.startswith("  "), line  # then the help text: no value to give
