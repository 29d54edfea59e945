"""`tutor grade --batch-api`: grade through Anthropic's Message Batches API.

Create one batch with a `custom_id` per answer, save its id in the checkpoint, poll
until it ends, fetch the results and map them back by `custom_id`. A rerun after an
interruption finds the batch id in the checkpoint and collects that batch instead of
paying for a new one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from anthropic import APIError, AsyncAnthropic
from anthropic.types.messages import MessageBatch, MessageBatchIndividualResponse
from rich.console import Console

from tutor.batch.answers import AnswerItem, AnswerSet
from tutor.batch.claude_bridge import ClaudeBridge
from tutor.batch.display import ProgressBar
from tutor.batch.job import GradeJob, finish, open_checkpoint
from tutor.batch.results import Report, ResultRow
from tutor.batch.runner import request_for
from tutor.errors import InputError, TutorError
from tutor.grading.protocol import GraderError, GraderUnavailable

_ID_PREFIX = "answer-"  # custom_id must match ^[a-zA-Z0-9_-]{1,64}$, so ids are mapped by index
MAX_BATCH = 100_000  # the API's limit on requests in one batch


class BatchApiError(TutorError):
    """The Batches API refused or lost the batch."""

    title = "Batches API"
    exit_code = 1


def custom_id(item: AnswerItem) -> str:
    """The custom_id of an answer: its position in the input."""
    return f"{_ID_PREFIX}{item.index}"


async def run_batch_job(answers: AnswerSet, job: GradeJob, poll_s: float, err: Console, *,
                        model: str | None = None) -> Report:
    """Grade `answers` through one message batch; resumable by the batch id in the checkpoint.

    `model` overrides the configured Claude model (None: the setting)."""
    if len(answers.items) > MAX_BATCH:
        raise InputError(
            f"{answers.source_name}: {len(answers.items)} answers; one batch holds at most "
            f"{MAX_BATCH:,}. Split the file, or grade without --batch-api"
        )
    bridge = ClaudeBridge.from_environment(model=model)
    checkpoint = open_checkpoint(answers, bridge.name, job, err)
    try:
        pending = [i for i in answers.items if i.id not in checkpoint.done]
        rows = dict(checkpoint.done)
        if pending:
            early, to_send = bridge.pre_screen(answers, pending)
            checkpoint.record(early)
            rows.update((r.id, r) for r in early)
            batch_id = checkpoint.batch_id
            if batch_id is None and to_send:
                batch_id = await _create(bridge, answers, to_send)
                checkpoint.record_batch(batch_id)
                err.print(f"tutor: sent batch {batch_id} ({len(to_send)} answers)", highlight=False)
            if batch_id is not None:
                await _wait(bridge.client, batch_id, poll_s, err)
                got = await _collect(bridge, answers, batch_id, to_send)
                checkpoint.record(got)
                checkpoint.record_batch(None)
                rows.update((r.id, r) for r in got)
        ordered = [rows[i.id] for i in answers.items]
        return finish(answers, bridge.name, ordered, job, checkpoint, err)
    finally:
        checkpoint.close()
        await bridge.aclose()


async def _create(bridge: ClaudeBridge, answers: AnswerSet, items: Sequence[AnswerItem]) -> str:
    requests: list[Any] = [
        {"custom_id": custom_id(i), "params": bridge.params(request_for(answers, i))} for i in items
    ]
    try:
        batch = await bridge.client.messages.batches.create(requests=requests)
    except APIError as exc:
        raise BatchApiError(f"could not create the batch: {exc.message}") from None
    return batch.id


async def _wait(client: AsyncAnthropic, batch_id: str, poll_s: float, err: Console) -> MessageBatch:
    """Poll until the batch ends, showing how many of its requests are done."""
    batch = await _retrieve(client, batch_id)
    total = _total(batch)
    with ProgressBar(err, total, _finished(batch), f"batch {batch_id}") as bar:
        while batch.processing_status != "ended":
            await asyncio.sleep(poll_s)
            batch = await _retrieve(client, batch_id)
            bar.update(_finished(batch), _total(batch))
    return batch


async def _retrieve(client: AsyncAnthropic, batch_id: str) -> MessageBatch:
    try:
        return await client.messages.batches.retrieve(batch_id)
    except APIError as exc:
        raise BatchApiError(
            f"could not read batch {batch_id}: {exc.message}. Run with --fresh to send a new batch."
        ) from None


async def _collect(
    bridge: ClaudeBridge, answers: AnswerSet, batch_id: str, sent: Iterable[AnswerItem]
) -> list[ResultRow]:
    """One row per answer of the batch; an answer the batch did not return is an error row."""
    by_custom_id = {custom_id(i): i for i in answers.items}
    rows: dict[str, ResultRow] = {}
    try:
        async for entry in await bridge.client.messages.batches.results(batch_id):
            item = by_custom_id.get(entry.custom_id)
            if item is not None:
                rows[item.id] = _row(bridge, answers, item, entry)
    except APIError as exc:
        raise BatchApiError(
            f"could not fetch the results of batch {batch_id}: {exc.message}"
        ) from None
    missing = [i for i in sent if i.id not in rows]
    for item in missing:
        rows[item.id] = ResultRow.failed(
            item, f"batch {batch_id} returned no result for this answer"
        )
    return list(rows.values())


def _row(
    bridge: ClaudeBridge,
    answers: AnswerSet,
    item: AnswerItem,
    entry: MessageBatchIndividualResponse,
) -> ResultRow:
    result = entry.result
    if result.type == "succeeded":
        try:
            verdict = bridge.verdict(result.message, request_for(answers, item))
        except GraderError as exc:
            return ResultRow.failed(item, exc)
        return ResultRow.graded(item, verdict)
    if result.type == "errored":
        return ResultRow.failed(
            item, GraderUnavailable(f"{result.error.error.type}: {result.error.error.message}")
        )
    return ResultRow.failed(item, f"batch request {result.type}")


def _total(batch: MessageBatch) -> int:
    c = batch.request_counts
    return c.processing + c.succeeded + c.errored + c.canceled + c.expired


def _finished(batch: MessageBatch) -> int:
    return _total(batch) - batch.request_counts.processing
