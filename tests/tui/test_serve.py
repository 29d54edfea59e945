"""`tutor serve`: the app served by textual-serve and opened in headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium); "
                             "the browser test needs a real browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(condition: object, what: str, limit: float = 60.0) -> None:
    """Poll a condition (a callable) until it holds; fail naming `what` after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the process we started and its children (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port = _free_port()
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path / "data")}
    server = _spawn([sys.executable, "-m", "tutor", "serve", "--port", str(port),
                     "--grader", "local"], env, tmp_path / "serve.log")
    try:
        _wait_for(lambda: _listening(port) or server.poll() is not None, "tutor serve to listen")
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        yield port, tmp_path / "data"
    finally:
        _stop(server)


async def _evaluate(debug_port: int, expression: str) -> object:
    """Run JavaScript in the page through the Chrome DevTools protocol."""
    import aiohttp  # textual-serve's own HTTP library

    with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json") as reply:
        tabs = json.load(reply)
    page = next(t for t in tabs if t["type"] == "page")
    async with aiohttp.ClientSession() as session, session.ws_connect(
            page["webSocketDebuggerUrl"]) as ws:
        await ws.send_json({"id": 1, "method": "Runtime.evaluate",
                            "params": {"expression": expression, "returnByValue": True}})
        while True:
            message = await ws.receive_json()
            if message.get("id") == 1:
                return message["result"]["result"].get("value")


def test_serve_listens_on_localhost_and_serves_the_terminal_page(
        served: tuple[int, Path]) -> None:
    port, _ = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as reply:
        page = reply.read().decode()
    assert "textual-terminal" in page
    assert f"ws://127.0.0.1:{port}/ws" in page


def test_the_app_runs_in_headless_chromium(served: tuple[int, Path], tmp_path: Path) -> None:
    port, data = served
    debug = _free_port()
    assert CHROMIUM is not None
    browser = _spawn([CHROMIUM, *BROWSER_FLAGS, f"--remote-debugging-port={debug}",
                      f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,700",
                      f"http://127.0.0.1:{port}/"], dict(os.environ), tmp_path / "chromium.log")
    try:
        # The page opens a websocket; the server starts `tutor start` for it; the app
        # opens a session, which writes a transcript whose first event is the lesson's start.
        transcripts = data / "transcripts" / "how-llms-work"
        _wait_for(lambda: any(transcripts.glob("*.jsonl")), "the served app to start a session")
        _wait_for(lambda: _listening(debug), "Chromium's debugging port")
        connected = asyncio.run(_evaluate(
            debug, "document.getElementById('terminal').classList.contains('-connected')"))
        assert connected is True
        transcript = next(transcripts.glob("*.jsonl"))
        _wait_for(lambda: len(transcript.read_text().splitlines()) >= 2, "the start event")
        start = json.loads(transcript.read_text().splitlines()[1])
        assert start["event"]["type"] == "start"
    finally:
        _stop(browser)

