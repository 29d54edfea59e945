"""The `fake_api` fixture: a fresh fake Messages API server per test, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeapi.server import FakeAnthropic


@pytest.fixture
def fake_api() -> Iterator[FakeAnthropic]:
    """A running fake API; `.base_url`, `.queue(...)`, `.default`, `.requests`."""
    server = FakeAnthropic().start()
    try:
        yield server
    finally:
        server.stop()
