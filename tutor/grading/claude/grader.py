"""ClaudeGrader: one answer → one Messages API call (two if the hint leaks) → a checked Verdict."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from tutor.config import Settings, load_settings
from tutor.grading.claude.cassette import Cassette
from tutor.grading.claude.params import build_params, reask_params
from tutor.grading.claude.pricing import add
from tutor.grading.claude.reply import (
    ParsedReply,
    ReplyInvalid,
    finish,
    leaks,
    parse_reply,
)
from tutor.grading.guard import GuardReport, inspect_answer
from tutor.grading.protocol import GraderError, GraderOutputError, GraderUnavailable
from tutor.grading.verdict import Decision, Flag, GradeRequest, Usage, Verdict

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic

from tutor.grading.claude.hinting import templated_hint_for

#: Answers graded at once by one grade_many call. Each is one Messages call of ~1-4 s, so 32
#: in flight is roughly 500-2,000 requests a minute: within the request limits of Anthropic's
#: usage tiers 2 and up; a smaller account gets 429s with retry-after, which the SDK waits
#: out. The batch runner does not go through grade_many: it calls `grade` per answer and keeps
#: its own window (`tutor grade --concurrency`).
CONCURRENCY = 32

#: A letter or digit: an answer without one is empty (tutor.grading.guard's Flag.EMPTY).
_CONTENT = re.compile(r"[^\W_]")


class ClaudeGrader:
    """Grades through the Messages API (or any server that speaks it, via base_url).

    `record_dir` saves every call; `replay_dir` answers from saved calls with no network and
    names itself "claude(replay)" so a replayed run is never taken for a measurement of Claude.

    One AsyncAnthropic client (one HTTP connection pool) serves every call from the same
    event loop. A batch caller says how many answers it keeps in flight with `prepare`, and
    the pool is sized to match, so no request waits for a connection and none is reopened.
    """

    #: What the batch runner reads (see tutor.batch.runner): one answer per call is the
    #: natural unit here (no gain from grading a chunk at once), and the grader sets no cap
    #: of its own on calls in flight: the caller's window and the API's rate limits do.
    batch_size = 1
    max_concurrency: int | None = None

    def __init__(self, settings: Settings | None = None, *, record_dir: Path | None = None,
                 replay_dir: Path | None = None, concurrency: int = CONCURRENCY) -> None:
        if record_dir is not None and replay_dir is not None:
            raise ValueError("record_dir and replay_dir together: record, or replay, not both")
        self.settings = settings if settings is not None else load_settings()
        self.recorder = Cassette(record_dir) if record_dir is not None else None
        self.player = Cassette(replay_dir) if replay_dir is not None else None
        self.name = "claude(replay)" if self.player is not None else "claude"
        self._client: AsyncAnthropic | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._pool_size: int | None = None  # None: the SDK's default connection limits
        self._warm_guard: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None
        self._limit = asyncio.Semaphore(concurrency)

    # -- Grader protocol -------------------------------------------------------------------

    async def grade(self, request: GradeRequest) -> Verdict:
        """Grade one answer. Raises GraderUnavailable / GraderOutputError when it cannot."""
        started = time.perf_counter()
        if not _CONTENT.search(request.answer):  # the guard's EMPTY rule, checked cheaply
            guard = inspect_answer(request)
            if Flag.EMPTY in guard.flags:
                return self._nothing_to_judge(request, guard)  # no tokens spent on nothing
        # The request goes out first and the guard (pure CPU; its first call loads a word
        # list) runs while it is in flight: its verdict is only needed once the reply is in.
        judging = asyncio.ensure_future(self._judge_in_time(request))
        try:
            await asyncio.sleep(0)  # let the request start
            await self._guard_warmed()
            guard = inspect_answer(request)
        except BaseException:
            judging.cancel()
            raise
        if Flag.EMPTY in guard.flags:  # only if the guard's rule changes from _CONTENT's
            judging.cancel()
            return self._nothing_to_judge(request, guard)
        parsed, usage = await judging
        latency = (time.perf_counter() - started) * 1000
        return finish(parsed, request, grader=self.name, usage=usage, latency_ms=latency,
                      guard=guard)

    async def _judge_in_time(self, request: GradeRequest) -> tuple[ParsedReply, Usage]:
        try:
            async with asyncio.timeout(self.settings.max_total_wait):
                return await self._judge(request)
        except TimeoutError:
            raise GraderUnavailable(
                f"Claude gave no verdict within {self.settings.max_total_wait:g} s "
                "(retries included); your answer is kept") from None

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        """Grade several answers concurrently; each failure stays in its slot."""
        async def one(request: GradeRequest) -> Verdict | GraderError:
            async with self._limit:
                try:
                    return await self.grade(request)
                except GraderError as exc:
                    return exc
        return list(await asyncio.gather(*(one(r) for r in requests)))

    async def prepare(self, concurrency: int) -> None:
        """Get ready to grade up to `concurrency` answers at once: open the client now, with a
        connection pool of that size (every connection kept alive between answers)."""
        if self.player is not None:
            return
        size = max(1, concurrency)
        if self._client is not None and self._pool_size != size \
                and self._client_loop in (None, asyncio.get_running_loop()):
            await self._client.close()
            self._client = None
        self._pool_size = size
        self._client_now()
        if self._warm_guard is None:
            # The guard's first call loads a word list (~0.4 s of CPU). Done here in a thread,
            # it overlaps the first requests' wait instead of holding them back: on the event
            # loop it would run before their connections could even open.
            loop = asyncio.get_running_loop()
            self._warm_guard = (loop, loop.run_in_executor(None, _warm_up_guard))

    def warm(self) -> None:
        """Load now, in the calling worker thread, what the first answer would otherwise load
        on the event loop: the SDK (about 3 s to import here), its HTTP stack and client, and
        the guard's word list. The TUI calls this after its first frame; without it the first
        answer froze typing for a second or more."""
        _warm_up_guard()
        if self.player is not None or self._client is not None:
            return
        import anthropic  # noqa: F401

        # The async transport's modules are imported at the first request otherwise.
        for module in ("anyio._backends._asyncio", "httpcore2._async", "h11"):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
        with contextlib.suppress(GraderError):  # no key: the first answer says so
            self._client = self._new_client()  # bound to a loop by its first use

    async def _guard_warmed(self) -> None:
        """Wait for the guard's warm-up, if one is running on this loop (it never raises)."""
        if self._warm_guard is not None:
            loop, warming = self._warm_guard
            if not warming.done() and loop is asyncio.get_running_loop():
                await asyncio.wait([warming])

    async def aclose(self) -> None:
        """Close the HTTP client."""
        client, self._client = self._client, None
        # A client from a loop that has ended cannot be closed from this one; its sockets
        # went with that loop.
        if client is not None and self._client_loop is asyncio.get_running_loop():
            await client.close()

    # -- the calls ---------------------------------------------------------------------------

    async def call(self, params: dict[str, Any]) -> dict[str, Any]:
        """Send one Messages request built elsewhere (the lesson drafter's) with this grader's
        client, retries, error mapping and recording; the reply as a plain dict.

        Raises GraderError (GraderUnavailable: no key, network, overload after retries) or
        GraderOutputError when the reply is not a JSON message.
        """
        return await self._call(params)

    async def _judge(self, request: GradeRequest) -> tuple[ParsedReply, Usage]:
        params = build_params(request, self.settings)
        parsed = await self._valid_reply(params)
        usage = parsed.usage
        if leaks(parsed, request) and parsed.tool_use_id is not None:
            # Ask once more for a hint that asks instead of tells; `finish` falls back to the
            # templated hint if this one leaks too.
            again = reask_params(params, parsed.content, parsed.tool_use_id)
            try:
                second = await self._valid_reply(again)
            except GraderOutputError:
                return parsed, usage
            usage = add(usage, second.usage)
            verdict = parsed.verdict.model_copy(update={
                "hint": second.verdict.hint,
                "hint_target": second.verdict.hint_target or parsed.verdict.hint_target})
            parsed = ParsedReply(verdict, parsed.content, parsed.tool_use_id, usage, parsed.model)
        return parsed, usage

    async def _valid_reply(self, params: dict[str, Any]) -> ParsedReply:
        attempts = 1 + self.settings.validation_retries
        retrying = AsyncRetrying(stop=stop_after_attempt(attempts),
                                 retry=retry_if_exception_type(ReplyInvalid), reraise=True)
        try:
            async for attempt in retrying:
                with attempt:
                    return parse_reply(await self._call(params))
        except ReplyInvalid as exc:
            raise GraderOutputError(
                f"Claude's reply was not a valid verdict after {attempts} attempt(s): "
                f"{exc.message}; your answer is kept") from None
        raise AssertionError("unreachable: tenacity either returns or re-raises")

    async def _call(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.player is not None:
            return self.player.load(params)
        import anthropic

        client = self._client_now()
        try:
            # The raw reply, read as JSON here: building the SDK's Message model only to dump
            # it back to a dict cost more CPU than anything else per answer but the HTTP call.
            raw = await client.messages.with_raw_response.create(**params)
            body = raw.http_response.content
        except anthropic.APIResponseValidationError as exc:
            raise ReplyInvalid(f"the reply did not fit the Messages API ({exc.message})") from None
        except anthropic.APIError as exc:
            raise self._failure(exc) from None
        try:
            reply = json.loads(body)
        except ValueError as exc:
            raise ReplyInvalid(f"the reply was not JSON ({type(exc).__name__})") from None
        if not isinstance(reply, dict):
            raise ReplyInvalid(f"the reply is a JSON {type(reply).__name__}, not a message")
        reply = dict(_without_nulls(reply))
        if self.recorder is not None:
            self.recorder.save(params, reply, base_url=self.settings.base_url)
        return reply

    def _client_now(self) -> AsyncAnthropic:
        loop = asyncio.get_running_loop()
        if self._client is not None and self._client_loop not in (None, loop):
            # An HTTP pool belongs to the loop that opened it; a caller that runs each
            # grading in its own asyncio.run() needs a fresh client (the old loop is gone).
            self._client = None
        if self._client is None:
            self._client = self._new_client()
        self._client_loop = loop  # a client made by `warm` is bound by its first use
        return self._client

    def _new_client(self) -> AsyncAnthropic:
        from anthropic import AsyncAnthropic  # lazy: the TUI starts without loading the SDK

        key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        if key is None and self.settings.base_url is None:
            raise GraderUnavailable(
                "no API key: set ANTHROPIC_API_KEY (or api_key in the config file), or "
                "ANTHROPIC_BASE_URL for a local server", title="Claude not configured")
        return AsyncAnthropic(
            # A local Anthropic-compatible server needs no key, but the SDK wants one.
            api_key=key or "no-key", base_url=self.settings.base_url,
            timeout=self.settings.timeout, max_retries=self.settings.max_retries,
            http_client=self._http_client())

    def _http_client(self) -> Any:
        """The SDK's own HTTP client (its timeouts, keep-alive, redirects), with the pool sized
        to the answers in flight when a batch caller said how many (`prepare`).

        A batch goes over aiohttp when it is installed (the SDK's `DefaultAioHttpClient`, its
        `anthropic[aiohttp]` extra): its C HTTP parser costs about a third less CPU per call
        than httpx's pure-Python stack, and a batch of hundreds of calls is CPU-bound on the
        client. Without aiohttp, the SDK's default httpx client, sized the same way.
        """
        if self._pool_size is None:
            return None  # the SDK's default client
        import httpx2
        from anthropic import DefaultAioHttpClient, DefaultAsyncHttpxClient

        limits = httpx2.Limits(max_connections=self._pool_size,
                               max_keepalive_connections=self._pool_size)
        if _has_aiohttp():
            return DefaultAioHttpClient(limits=limits, timeout=self.settings.timeout)
        return DefaultAsyncHttpxClient(limits=limits, timeout=self.settings.timeout)

    def _failure(self, exc: Exception) -> GraderError:
        """A typed, key-free error for an SDK failure (after the SDK's own retries)."""
        import anthropic

        tries = f"after {self.settings.max_retries + 1} attempt(s)"
        where = self.settings.base_url or "the Anthropic API"
        error: GraderError
        if isinstance(exc, anthropic.APITimeoutError):
            error = GraderUnavailable(f"{where} did not answer within "
                                      f"{self.settings.timeout:g} s, {tries}")
        elif isinstance(exc, anthropic.APIConnectionError):
            error = GraderUnavailable(f"cannot reach {where} ({tries})")
        elif isinstance(exc, anthropic.AuthenticationError | anthropic.PermissionDeniedError):
            error = GraderUnavailable(f"{where} refused the API key: check ANTHROPIC_API_KEY")
            error.retryable = False
        elif isinstance(exc, anthropic.NotFoundError):
            error = GraderUnavailable(f"{where} has no model {self.settings.model!r} "
                                      "(set TUTOR_MODEL)")
            error.retryable = False
        elif isinstance(exc, anthropic.RateLimitError):
            error = GraderUnavailable(f"rate limited by {where}, {tries}")
            error.retry_after = _retry_after(exc)  # type: ignore[attr-defined]
        elif isinstance(exc, anthropic.InternalServerError):
            kind = "overloaded" if isinstance(exc, anthropic.OverloadedError) else "failing"
            error = GraderUnavailable(f"{where} is {kind} ({exc.status_code}), {tries}")
            error.retry_after = _retry_after(exc)  # type: ignore[attr-defined]
        elif isinstance(exc, anthropic.APIStatusError):
            error = GraderError(f"{where} refused the request ({exc.status_code}): "
                                f"{self._redact(exc.message)}")
        else:
            error = GraderUnavailable(f"{where} failed: {self._redact(str(exc))}")
        return error

    def _redact(self, text: str) -> str:
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return text.replace(key, "***") if key else text

    def _nothing_to_judge(self, request: GradeRequest, guard: GuardReport) -> Verdict:
        return Verdict(decision=Decision.HINT, score=0.0, feedback=" ".join(guard.reasons),
                       hint=templated_hint_for(request), rung=request.rung,
                       hint_target=request.expectations[0] if request.expectations else None,
                       flags=list(guard.flags), grader=self.name)


def _retry_after(exc: Any) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms or retry-after), if it said."""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(float(value) * scale, 0.0)
            except ValueError:
                continue  # an HTTP date: the SDK honours it itself; nothing to add here
    return None


def _without_nulls(value: Any) -> Any:
    """The message with its null fields left out, as the SDK's model_dump(exclude_none=True)
    gave it; a tool call's `input` (the model's own JSON) is kept exactly as sent."""
    if isinstance(value, dict):
        return {k: v if k == "input" else _without_nulls(v)
                for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _has_aiohttp() -> bool:
    """Whether the SDK's aiohttp transport can be used (aiohttp is installed)."""
    import importlib.util

    return importlib.util.find_spec("aiohttp") is not None


def _warm_up_guard() -> None:
    """Run the guard once on a made-up answer, so its first real call finds it loaded."""
    try:
        inspect_answer(GradeRequest(answer="Tokens are pieces of words.", question="What?",
                                    checkpoint="Tokens."))
    except Exception:  # only a warm-up: the real call reports any problem
        return
