"""Build the grader the settings ask for, and stand the local grader in when Claude fails."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutor.config import Settings, load_settings
from tutor.errors import InputError
from tutor.grading.protocol import Grader, GraderError, GraderOutputError, GraderUnavailable
from tutor.grading.verdict import GradeRequest, Verdict

GRADERS = ("auto", "claude", "local")

#: After Claude is unreachable, skip it for this long: a learner should not wait out every
#: retry on every answer while the network is down.
COOLDOWN_SECONDS = 60.0


class FallbackGrader:
    """Grade with `primary`; when it is unavailable or its reply invalid, with `fallback`.

    A stand-in verdict says so: `fallback_from` names the failed grader and `fallback_reason`
    says why, so the learner is told and an eval can leave it out.
    """

    def __init__(self, primary: Grader, fallback: Grader, *,
                 cooldown: float = COOLDOWN_SECONDS) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name
        self.cooldown = cooldown
        self._down_until = 0.0
        self._down_reason = ""

    async def grade(self, request: GradeRequest) -> Verdict:
        """The primary's verdict, or the fallback's marked as a stand-in."""
        if time.monotonic() < self._down_until:
            return await self._stand_in(request, self._down_reason)
        try:
            return await self.primary.grade(request)
        except (GraderUnavailable, GraderOutputError) as exc:
            self._note(exc)
            return await self._stand_in(request, exc.message)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        """The primary grades all; its failures are regraded by the fallback, in place."""
        if time.monotonic() < self._down_until:
            results: list[Verdict | GraderError] = [
                GraderUnavailable(self._down_reason) for _ in requests]
        else:
            results = await self.primary.grade_many(requests)
        out: list[Verdict | GraderError] = []
        for request, result in zip(requests, results, strict=True):
            if isinstance(result, GraderUnavailable | GraderOutputError):
                self._note(result)
                try:
                    out.append(await self._stand_in(request, result.message))
                except GraderError as exc:
                    out.append(exc)
            else:
                out.append(result)
        return out

    def warm(self) -> None:
        """Warm the primary (see ClaudeGrader.warm); the fallback loads only if it is needed."""
        warm = getattr(self.primary, "warm", None)
        if callable(warm):
            warm()

    async def aclose(self) -> None:
        """Close both graders."""
        await self.primary.aclose()
        await self.fallback.aclose()

    def _note(self, exc: GraderError) -> None:
        if isinstance(exc, GraderUnavailable):
            self._down_until = time.monotonic() + self.cooldown
            self._down_reason = f"{exc.message} (not retried for {self.cooldown:g} s)"

    async def _stand_in(self, request: GradeRequest, reason: str) -> Verdict:
        verdict = await self.fallback.grade(request)
        return verdict.model_copy(update={"fallback_from": self.primary.name,
                                          "fallback_reason": reason})


def make_grader(name: str | None = None, settings: Settings | None = None, *,
                record_dir: Path | None = None, replay_dir: Path | None = None,
                **overrides: Any) -> Grader:
    """The grader named (auto|claude|local; None = the configured one).

    "auto" is Claude when a key or base_url is configured, else local. Claude is wrapped in
    a FallbackGrader unless fallback_to_local is off or calls are recorded or replayed (a
    recording must hold only Claude's replies). `overrides` are Settings fields.
    """
    overrides = {k: v for k, v in overrides.items() if v is not None}  # None: not given
    if settings is None:
        settings = load_settings(**overrides)
    elif overrides:
        settings = settings.model_copy(update=overrides)
    chosen = (name or settings.grader).strip().lower()
    if chosen not in GRADERS:
        raise InputError(f"unknown grader {name!r}: choose one of {', '.join(GRADERS)}")
    if replay_dir is not None or record_dir is not None:
        if chosen == "local":
            raise InputError("--record/--replay work with the Claude grader, not the local one")
        if record_dir is not None and not settings.has_claude:
            raise InputError("--record calls Claude: set ANTHROPIC_API_KEY (or ANTHROPIC_BASE_URL)")
        from tutor.grading.claude.grader import ClaudeGrader

        return ClaudeGrader(settings, record_dir=record_dir, replay_dir=replay_dir)
    if chosen == "local" or (chosen == "auto" and not settings.has_claude):
        return _local()
    if not settings.has_claude:
        raise InputError("--grader claude needs an API key: set ANTHROPIC_API_KEY (or "
                         "ANTHROPIC_BASE_URL for an Anthropic-compatible server), or "
                         "api_key in the config file; `tutor config` shows what is set")
    from tutor.grading.claude.grader import ClaudeGrader

    claude = ClaudeGrader(settings)
    if not settings.fallback_to_local:
        return claude
    return FallbackGrader(claude, _LazyLocal())


def _local() -> Grader:
    try:
        from tutor.grading.local.grader import (  # type: ignore[import-untyped,unused-ignore]
            LocalGrader,  # lands with issue 3
        )
    except ImportError as exc:
        raise GraderUnavailable(f"the local grader cannot be loaded ({exc})",
                                title="Local grader missing") from None

    grader: Grader = LocalGrader()
    return grader


class _LazyLocal:
    """The local grader, loaded (model and all) only the first time Claude fails."""

    name = "local"

    def __init__(self) -> None:
        self._grader: Grader | None = None

    def _get(self) -> Grader:
        if self._grader is None:
            self._grader = _local()
        return self._grader

    async def grade(self, request: GradeRequest) -> Verdict:
        return await self._get().grade(request)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return await self._get().grade_many(requests)

    async def aclose(self) -> None:
        if self._grader is not None:
            await self._grader.aclose()
