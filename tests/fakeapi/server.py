"""The fake Messages API server: stdlib HTTP on 127.0.0.1, one background thread, scripted replies.

Sync and async tests share it: the server runs in its own thread, so an `AsyncAnthropic` in the
test's event loop and a blocking `Anthropic` both reach it over a real socket.

Endpoints: `POST /v1/messages`, `POST /v1/messages/batches`, `GET /v1/messages/batches`,
`GET /v1/messages/batches/{id}`, `GET /v1/messages/batches/{id}/results` (JSONL),
`POST /v1/messages/batches/{id}/cancel`. Everything else is a 404 `not_found_error`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakeapi.replies import Rendered, Reply, verdict

Policy = Callable[[dict[str, Any]], Reply]


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes

    @property
    def text(self) -> str:
        """The whole request (headers and body) as text, for 'this never appears' checks."""
        head = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        return f"{self.method} {self.path}\n{head}\n\n{self.raw.decode('utf-8', 'replace')}"


@dataclass
class Batch:
    """A submitted message batch and its precomputed results."""

    id: str
    requests: list[dict[str, Any]]
    results: list[dict[str, Any]]
    created_at: datetime
    polls_left: int
    canceled: bool = False
    retrieves: int = 0

    @property
    def status(self) -> str:
        if self.polls_left > 0:
            return "canceling" if self.canceled else "in_progress"
        return "ended"


@dataclass
class FakeState:
    """What the handler threads share; every access holds `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    queue: deque[Reply] = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)
    batches: dict[str, Batch] = field(default_factory=dict)
    cached_prefixes: set[str] = field(default_factory=set)


class _QuietServer(ThreadingHTTPServer):
    """A dropped or timed-out connection is part of the script, not an error to print."""

    # The stdlib's listen backlog is 5: a client opening 32 connections at once (a batch
    # run's first wave) had most of its SYNs dropped and retried a second later, a stall no
    # real API server shows. Room for a burst like the API's.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError | OSError | ValueError):
            super().handle_error(request, client_address)


def _default_policy(_: dict[str, Any]) -> Reply:
    return verdict("advance")


class FakeAnthropic:
    """A running fake API. Script it with `queue(...)` or `default`; read `requests`."""

    def __init__(self) -> None:
        self.state = FakeState()
        #: Answers every /v1/messages request (and batch item) when the queue is empty.
        self.default: Policy = _default_policy
        #: How many batch retrieves report `in_progress` before the batch has `ended`.
        self.batch_polls = 1
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True,
                                        name="fake-anthropic")

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """Give this to the SDK (`base_url=`) or put it in ANTHROPIC_BASE_URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port: a client now gets 'connection refused'."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- scripting ------------------------------------------------------------------------

    def queue(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order; then `default` again."""
        with self.state.lock:
            self.state.queue.extend(replies)

    def reset(self) -> None:
        """Forget scripted replies, seen requests, batches and the prompt cache."""
        with self.state.lock:
            self.state.queue.clear()
            self.state.requests.clear()
            self.state.batches.clear()
            self.state.cached_prefixes.clear()
        self.default = _default_policy

    @property
    def pending(self) -> int:
        """Scripted replies not yet used."""
        with self.state.lock:
            return len(self.state.queue)

    @property
    def requests(self) -> list[Received]:
        """Every request received so far (all endpoints), oldest first."""
        with self.state.lock:
            return list(self.state.requests)

    @property
    def message_requests(self) -> list[Received]:
        """Only the `POST /v1/messages` requests."""
        return [r for r in self.requests if r.method == "POST" and r.path == "/v1/messages"]

    # -- behaviour (called from handler threads) --------------------------------------------

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self.state.lock:
            if self.state.queue:
                return self.state.queue.popleft()
        return self.default(body)

    def usage_for(self, body: dict[str, Any]) -> dict[str, int]:
        """Token counts as the API would report them, with prompt caching simulated.

        The prefix up to the last `cache_control` mark (tools, then system) is 'written' to
        the cache the first time and 'read' from it after, as the real API does.
        """
        whole = _tokens(json.dumps(body.get("system", "")) + json.dumps(body.get("messages", []))
                        + json.dumps(body.get("tools", [])))
        prefix = _cached_prefix(body)
        created = read = 0
        if prefix is not None:
            key = hashlib.sha256(prefix.encode()).hexdigest()
            size = _tokens(prefix)
            with self.state.lock:
                if key in self.state.cached_prefixes:
                    read = size
                else:
                    self.state.cached_prefixes.add(key)
                    created = size
        return {"input_tokens": max(whole - created - read, 1), "output_tokens": 60,
                "cache_creation_input_tokens": created, "cache_read_input_tokens": read}

    def create_batch(self, body: dict[str, Any]) -> Batch:
        items = body.get("requests", [])
        results = [self._batch_result(item) for item in items]
        with self.state.lock:
            batch_id = f"msgbatch_fake{len(self.state.batches) + 1:06d}"
            batch = Batch(batch_id, items, results, datetime.now(UTC), self.batch_polls)
            self.state.batches[batch_id] = batch
        return batch

    def _batch_result(self, item: dict[str, Any]) -> dict[str, Any]:
        params = item.get("params", {})
        reply = self.next_reply(params)
        custom_id = item.get("custom_id", "")
        if reply.drop or reply.raw is not None:
            reply = Reply(status=500, error_type="api_error", message="Internal server error")
        if reply.status >= 400:
            return {"custom_id": custom_id,
                    "result": {"type": "errored", "error": reply.error_body()}}
        message = reply.message_body(params, self.usage_for(params))
        return {"custom_id": custom_id, "result": {"type": "succeeded", "message": message}}

    def batch_object(self, batch: Batch) -> dict[str, Any]:
        """The `MessageBatch` JSON for a batch, as of now."""
        ended = batch.status == "ended"
        counts = {"processing": 0 if ended else len(batch.results), "succeeded": 0,
                  "errored": 0, "canceled": 0, "expired": 0}
        if ended:
            for result in batch.results:
                counts[_counted(result["result"]["type"])] += 1
        return {
            "id": batch.id, "type": "message_batch",
            "processing_status": batch.status,
            "request_counts": counts,
            "created_at": batch.created_at.isoformat(),
            "expires_at": (batch.created_at + timedelta(days=1)).isoformat(),
            "ended_at": datetime.now(UTC).isoformat() if ended else None,
            "cancel_initiated_at": batch.created_at.isoformat() if batch.canceled else None,
            "archived_at": None,
            "results_url": f"{self.base_url}/v1/messages/batches/{batch.id}/results"
            if ended else None,
        }


def _counted(kind: str) -> str:
    return {"succeeded": "succeeded", "errored": "errored", "canceled": "canceled"}.get(
        kind, "expired")


def _tokens(text: str) -> int:
    """About four characters a token: enough for usage figures that move the right way."""
    return max(len(text) // 4, 1)


def _cached_prefix(body: dict[str, Any]) -> str | None:
    """The serialized request prefix up to (and including) the last block with cache_control."""
    parts: list[Any] = []
    marked: list[Any] | None = None
    for tool in body.get("tools", []) or []:
        parts.append(tool)
        if isinstance(tool, dict) and tool.get("cache_control"):
            marked = list(parts)
    system = body.get("system")
    if isinstance(system, list):
        for block in system:
            parts.append(block)
            if isinstance(block, dict) and block.get("cache_control"):
                marked = list(parts)
    elif isinstance(system, str):
        parts.append(system)
    if marked is None:
        return None
    return json.dumps([body.get("model"), marked], sort_keys=True)


def _handler_for(fake: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, a delayed ACK adds 40 ms each.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_DELETE(self) -> None:
            self._dispatch("DELETE")

        def _dispatch(self, method: str) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body: Any = json.loads(raw) if raw else None
            except ValueError:
                body = None
            path = self.path.split("?", 1)[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake.state.lock:
                fake.state.requests.append(Received(method, path, headers, body, raw))
            # A client that gave up (timeout) leaves nothing to say to.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._route(method, path, body if isinstance(body, dict) else {})

        def _route(self, method: str, path: str, body: dict[str, Any]) -> None:
            parts = [p for p in path.split("/") if p]
            if method == "POST" and parts == ["v1", "messages"]:
                self._message(body)
            elif method == "POST" and parts == ["v1", "messages", "batches"]:
                self._json(200, fake.batch_object(fake.create_batch(body)))
            elif method == "GET" and parts == ["v1", "messages", "batches"]:
                with fake.state.lock:
                    batches = list(fake.state.batches.values())
                data = [fake.batch_object(b) for b in batches]
                self._json(200, {"data": data, "has_more": False,
                                 "first_id": data[0]["id"] if data else None,
                                 "last_id": data[-1]["id"] if data else None})
            elif parts[:3] == ["v1", "messages", "batches"] and len(parts) >= 4:
                self._batch(method, parts[3], parts[4:])
            else:
                self._error(404, "not_found_error", f"{method} {path} is not an endpoint here")

        def _message(self, body: dict[str, Any]) -> None:
            reply = fake.next_reply(body)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.drop:
                self._drop()
                return
            usage = fake.usage_for(body) if reply.status < 400 and reply.raw is None else {}
            self._send(reply.render(body, usage))

        def _batch(self, method: str, batch_id: str, rest: list[str]) -> None:
            with fake.state.lock:
                batch = fake.state.batches.get(batch_id)
            if batch is None:
                self._error(404, "not_found_error", f"no batch {batch_id}")
                return
            if method == "GET" and not rest:
                with fake.state.lock:
                    batch.retrieves += 1
                    if batch.retrieves > 1 and batch.polls_left > 0:
                        batch.polls_left -= 1
                self._json(200, fake.batch_object(batch))
            elif method == "GET" and rest == ["results"]:
                if batch.status != "ended":
                    self._error(400, "invalid_request_error", "batch has not ended")
                    return
                lines = "".join(json.dumps(r) + "\n" for r in batch.results).encode()
                self._send(Rendered(200, lines, {"content-type": "application/x-jsonl"}))
            elif method == "POST" and rest == ["cancel"]:
                with fake.state.lock:
                    if batch.status != "ended":
                        batch.canceled = True
                        batch.results = [{"custom_id": r["custom_id"],
                                          "result": {"type": "canceled"}}
                                         for r in batch.results]
                self._json(200, fake.batch_object(batch))
            else:
                self._error(404, "not_found_error", f"{method} {self.path} is not an endpoint")

        def _json(self, status: int, body: Any) -> None:
            self._send(Rendered(status, json.dumps(body).encode(),
                                {"content-type": "application/json"}))

        def _error(self, status: int, kind: str, message: str) -> None:
            self._json(status, {"type": "error", "error": {"type": kind, "message": message}})

        def _send(self, rendered: Rendered) -> None:
            self.send_response(rendered.status)
            for key, value in rendered.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(rendered.body)))
            self.end_headers()
            self.wfile.write(rendered.body)
            self.wfile.flush()

        def _drop(self) -> None:
            # RST rather than FIN, so the client sees a dropped connection, not an empty reply.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
            self.connection.close()

    return Handler
