"""Record and replay Messages API calls as JSON files, keyed by a hash of the request params.

A recorded call is `<folder>/<key>.json` holding the request params (no key, no headers) and
the reply. Replay answers from these files with no network, so a prompt or harness change can
be re-scored cheaply; it says nothing new about Claude's quality.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tutor.errors import StorageError
from tutor.grading.protocol import GraderError
from tutor.store.atomic import write_atomic


class ReplayMiss(GraderError):
    """Replay found no recorded reply for a request."""

    title = "No recorded reply"


def request_key(params: dict[str, Any]) -> str:
    """A stable hash of the exact request params (any change to prompt or model changes it)."""
    canonical = json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


class Cassette:
    """A folder of recorded calls."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, params: dict[str, Any]) -> Path:
        return self.folder / f"{request_key(params)}.json"

    def save(self, params: dict[str, Any], reply: dict[str, Any], *, base_url: str | None) -> Path:
        """Write one call (atomically); the API key is never part of it."""
        path = self.path_for(params)
        record = {"recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
                  "base_url": base_url, "params": params, "response": reply}
        write_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        return path

    def load(self, params: dict[str, Any]) -> dict[str, Any]:
        """The recorded reply for these params; ReplayMiss when there is none."""
        path = self.path_for(params)
        if not path.is_file():
            raise ReplayMiss(
                f"no recorded reply in {self.folder} for this request ({path.name}; model "
                f"{params.get('model')!r}). The prompt, model or answer differs from the "
                "recording: record again with --record.")
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            reply = record["response"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StorageError(f"{path}: not a recorded reply ({exc})") from None
        if not isinstance(reply, dict):
            raise StorageError(f"{path}: 'response' is not a message object")
        return reply
