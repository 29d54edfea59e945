"""Fixtures every test shares."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "lessons" / "how-llms-work.md"

pytest_plugins = ["tests.fakeapi.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test writes to the real user data or config folders, or sees a real API key."""
    data = tmp_path / "tutor-data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    monkeypatch.setenv("TUTOR_CONFIG_DIR", str(tmp_path / "tutor-config"))
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    monkeypatch.delenv("TUTOR_MODEL", raising=False)
    monkeypatch.delenv("TUTOR_GRADER", raising=False)
    return data
