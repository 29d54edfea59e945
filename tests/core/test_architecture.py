"""The layering holds: the core never imports Textual, the state machine stays pure."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = ["tutor.lesson", "tutor.session", "tutor.store", "tutor.grading.verdict",
        "tutor.grading.protocol", "tutor.driver", "tutor.batch", "tutor.harness", "tutor.labs",
        "tutor.mastery", "tutor.store.mastery", "tutor.review"]


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(REPO / ".venv" / "bin")) or shutil.which(
        "lint-imports")
    if lint is None:
        pytest.fail("lint-imports is missing: install the [test] extra")
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_the_core_loads_no_textual_and_no_sdk() -> None:
    code = (
        "import importlib, importlib.util, sys\n"
        f"for m in {CORE!r}:\n"
        "    if importlib.util.find_spec(m) is not None: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'anthropic', 'onnxruntime'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
