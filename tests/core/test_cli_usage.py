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


def _readme_commands() -> list[tuple[list[str], set[str]]]:
    """Each `tutor …` command line in the README: its subcommand words and the flags it names.

    A line continued with a backslash is joined; text after '#' (a comment) is left out.
    """
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for match in re.finditer(r"(?:^|`|\s{2}|/)tutor((?: [^`#\n]*)?)", text, re.M):
        words = match.group(1).split()
        sub = []
        for word in words:
            if not re.fullmatch(r"[a-z]+", word) or len(sub) == 2:
                break
            sub.append(word)
        sub = sub[:2] if sub[:1] == ["lessons"] else sub[:1]  # `lessons` has subcommands
        flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", match.group(1)))
        found.append((sub, flags))
    return found


def test_every_flag_the_readme_names_is_one_its_command_takes() -> None:
    """The README once named a --model no command had."""
    commands = _readme_commands()
    assert len(commands) > 15  # the parser above still finds the README's commands
    known = {"start", "serve", "grade", "eval", "config", "lessons"}
    for sub, flags in commands:
        if sub and sub[0] not in known:
            continue  # prose: "the tutor grades with Claude"
        if not flags:
            continue
        output = CliRunner().invoke(app, [*sub, "--help"], env={"COLUMNS": "200"}).output
        for flag in flags:
            assert flag in output.split(), f"README: tutor {' '.join(sub)} {flag}: no such flag"
