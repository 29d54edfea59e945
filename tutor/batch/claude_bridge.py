"""What the Batches API path borrows from the Claude grader: settings, params, reply parsing.

The request params and the reply → Verdict step are the Claude grader's own
(`build_params`, `verdict_from_message`), so a batch answer is judged exactly as an
interactive one, guard included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from anthropic import AsyncAnthropic

from tutor.batch.answers import AnswerItem, AnswerSet
from tutor.batch.results import ResultRow
from tutor.batch.runner import request_for
from tutor.config import Settings, load_settings
from tutor.errors import InputError
from tutor.grading.claude.hinting import templated_hint_for
from tutor.grading.claude.params import build_params
from tutor.grading.claude.reply import verdict_from_message
from tutor.grading.guard import inspect_answer
from tutor.grading.verdict import Decision, Flag, GradeRequest, Verdict


class ClaudeBridge:
    """A Batches API client configured like the Claude grader."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"claude-batch:{settings.model}"
        key = settings.api_key.get_secret_value() if settings.api_key else None
        self.client = AsyncAnthropic(
            api_key=key or "no-key",  # a local Anthropic-compatible server needs none
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )

    @classmethod
    def from_environment(cls, *, model: str | None = None) -> ClaudeBridge:
        """From the same settings as the Claude grader; refuses to start with no key.

        `model` (from --model) overrides the configured model."""
        settings = load_settings(model=model)
        if not settings.has_claude:
            raise InputError(
                "--batch-api needs Claude: set ANTHROPIC_API_KEY (or api_key in the config "
                "file), or ANTHROPIC_BASE_URL for a compatible server"
            )
        return cls(settings)

    def params(self, request: GradeRequest) -> dict[str, Any]:
        """The Messages API params for one answer (a batch request's `params`)."""
        return build_params(request, self.settings)

    def verdict(self, message: Any, request: GradeRequest) -> Verdict:
        """The Verdict in one batch result's message (GraderOutputError if there is none)."""
        return verdict_from_message(message, request, grader=self.name)

    def pre_screen(
        self, answers: AnswerSet, items: Sequence[AnswerItem]
    ) -> tuple[list[ResultRow], list[AnswerItem]]:
        """Rows for answers with nothing to judge (empty), and the answers worth sending."""
        rows: list[ResultRow] = []
        send: list[AnswerItem] = []
        for item in items:
            request = request_for(answers, item)
            guard = inspect_answer(request)
            if Flag.EMPTY in guard.flags:
                verdict = Verdict(
                    decision=Decision.HINT,
                    score=0.0,
                    feedback=" ".join(guard.reasons),
                    hint=templated_hint_for(request),
                    hint_target=request.expectations[0] if request.expectations else None,
                    flags=list(guard.flags),
                    grader=self.name,
                )
                rows.append(ResultRow.graded(item, verdict))
            else:
                send.append(item)
        return rows, send

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()
