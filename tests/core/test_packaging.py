"""A non-editable install carries the bundled lesson and the prompt templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(REPO)], check=True, capture_output=True)
    return next(out.glob("tutor-*.whl"))


def test_the_wheel_ships_lessons_and_prompts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutor/_bundled/lessons/how-llms-work.md" in names
    assert "tutor/_bundled/lessons/how-llms-work.ext.md" in names
    assert any(n.startswith("tutor/_bundled/prompts/") and n.endswith(".j2") for n in names)
    assert "tutor/grading/embedded/data/guard.json" in names  # the guard's detector weights
    seed = zipfile.ZipFile(wheel).read("tutor/_bundled/lessons/how-llms-work.md")
    assert seed == (REPO / "lessons" / "how-llms-work.md").read_bytes()


def test_an_installed_copy_finds_the_lesson_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    code = ("import tutor.resources as r, tutor.lesson as l; "
            "print(r.lessons_dir()); print(len(l.load_lesson().steps)); print(r.prompts_dir())")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    lessons, steps, prompts = result.stdout.split()
    assert lessons.startswith(str(target)) and steps == "7" and prompts.startswith(str(target))


def test_the_plain_install_carries_every_command(wheel: Path) -> None:
    """`pip install .` alone runs `tutor serve`: textual-serve is a dependency, not an extra
    (an extra named `serve` would have sent users to `pip install 'tutor[serve]'`, and `tutor`
    on PyPI is an unrelated project)."""
    with zipfile.ZipFile(wheel) as wheel_zip:
        meta = next(n for n in wheel_zip.namelist() if n.endswith(".dist-info/METADATA"))
        lines = wheel_zip.read(meta).decode().splitlines()
    requires = [line.removeprefix("Requires-Dist: ") for line in lines
                if line.startswith("Requires-Dist: ")]
    serve = [r for r in requires if r.startswith("textual-serve")]
    assert serve and all("extra ==" not in r for r in serve), serve
    assert "Provides-Extra: serve" not in lines
