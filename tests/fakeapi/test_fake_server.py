"""The fake server speaks the wire format the real SDK expects (checked through the SDK)."""

from __future__ import annotations

import anthropic
import pytest

from tests.fakeapi import replies
from tests.fakeapi.server import FakeAnthropic

TOOL = {"name": "record_verdict", "description": "d",
        "input_schema": {"type": "object", "properties": {}}}


def _client(fake: FakeAnthropic, **kw: object) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(api_key="sk-test", base_url=fake.base_url, **kw)  # type: ignore[arg-type]


def _params(**extra: object) -> dict[str, object]:
    return {"model": "claude-haiku-4-5", "max_tokens": 100,
            "system": [{"type": "text", "text": "rubric " * 50,
                        "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": "hi"}], **extra}


async def test_verdict_reply_is_a_forced_tool_call(fake_api: FakeAnthropic) -> None:
    fake_api.queue(replies.verdict("hint", hint="Why?"))
    async with _client(fake_api) as client:
        msg = await client.messages.create(
            **_params(tools=[TOOL], tool_choice={"type": "tool", "name": "record_verdict"}))
    block = msg.content[0]
    assert block.type == "tool_use" and block.name == "record_verdict"
    assert block.input["decision"] == "hint" and block.input["hint"] == "Why?"
    assert msg.stop_reason == "tool_use" and msg.model == "claude-haiku-4-5"
    headers = fake_api.message_requests[0].headers
    assert "sk-test" in (headers.get("x-api-key", "") + headers.get("authorization", ""))


async def test_without_tools_the_verdict_is_json_text(fake_api: FakeAnthropic) -> None:
    async with _client(fake_api) as client:
        msg = await client.messages.create(**_params())
    assert msg.content[0].type == "text" and '"decision": "advance"' in msg.content[0].text


async def test_prompt_cache_is_written_then_read(fake_api: FakeAnthropic) -> None:
    async with _client(fake_api) as client:
        first = await client.messages.create(**_params())
        second = await client.messages.create(**_params())
    assert first.usage.cache_creation_input_tokens and not first.usage.cache_read_input_tokens
    assert second.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens
    assert not second.usage.cache_creation_input_tokens


async def test_429_then_success_is_retried_by_the_sdk(fake_api: FakeAnthropic) -> None:
    fake_api.queue(replies.rate_limited(3), replies.overloaded(3), replies.verdict())
    async with _client(fake_api, max_retries=3) as client:
        msg = await client.messages.create(**_params())
    assert msg.content and len(fake_api.message_requests) == 3


@pytest.mark.parametrize(
    ("reply", "error"),
    [(replies.rate_limited(3), anthropic.RateLimitError),
     (replies.overloaded(3), anthropic.OverloadedError),
     (replies.server_error(3), anthropic.InternalServerError),
     (replies.unauthorized(), anthropic.AuthenticationError)],
)
async def test_errors_carry_the_real_envelope(fake_api: FakeAnthropic, reply: replies.Reply,
                                              error: type[Exception]) -> None:
    fake_api.default = lambda _: reply
    async with _client(fake_api, max_retries=0) as client:
        with pytest.raises(error) as caught:
            await client.messages.create(**_params())
    body = caught.value.body  # type: ignore[attr-defined]
    assert body["type"] == "error" and body["error"]["type"] == reply.error_type


async def test_slow_reply_times_out(fake_api: FakeAnthropic) -> None:
    fake_api.queue(replies.slow(1.0))
    async with _client(fake_api, max_retries=0, timeout=0.2) as client:
        with pytest.raises(anthropic.APITimeoutError):
            await client.messages.create(**_params())


async def test_dropped_connection(fake_api: FakeAnthropic) -> None:
    fake_api.queue(replies.dropped())
    async with _client(fake_api, max_retries=0) as client:
        with pytest.raises(anthropic.APIConnectionError):
            await client.messages.create(**_params())


async def test_not_json_body_is_a_decode_error(fake_api: FakeAnthropic) -> None:
    # anthropic 2.14 lets the json.JSONDecodeError through: callers must catch ValueError.
    fake_api.queue(replies.not_json())
    async with _client(fake_api, max_retries=0) as client:
        with pytest.raises(ValueError):
            await client.messages.create(**_params())


def test_sync_client_works_too(fake_api: FakeAnthropic) -> None:
    with anthropic.Anthropic(api_key="k", base_url=fake_api.base_url) as client:
        msg = client.messages.create(**_params())  # type: ignore[call-overload]
    assert msg.type == "message"


async def test_batches_round_trip(fake_api: FakeAnthropic) -> None:
    fake_api.queue(replies.verdict("hint"), replies.overloaded())
    params = _params(tools=[TOOL], tool_choice={"type": "tool", "name": "record_verdict"})
    async with _client(fake_api) as client:
        batch = await client.messages.batches.create(requests=[
            {"custom_id": "a1", "params": params}, {"custom_id": "a2", "params": params},
            {"custom_id": "a3", "params": params}])
        assert batch.processing_status == "in_progress"
        assert (await client.messages.batches.retrieve(batch.id)).processing_status == "in_progress"
        done = await client.messages.batches.retrieve(batch.id)
        assert done.processing_status == "ended"
        assert done.request_counts.succeeded == 2 and done.request_counts.errored == 1
        stream = await client.messages.batches.results(batch.id)
        results = {r.custom_id: r.result async for r in stream}
    assert results["a1"].type == "succeeded"
    assert results["a1"].message.content[0].input["decision"] == "hint"
    assert results["a2"].type == "errored"
    assert results["a2"].error.error.type == "overloaded_error"
    assert results["a3"].type == "succeeded"


async def test_batch_cancel(fake_api: FakeAnthropic) -> None:
    async with _client(fake_api) as client:
        batch = await client.messages.batches.create(
            requests=[{"custom_id": "x", "params": _params()}])
        canceled = await client.messages.batches.cancel(batch.id)
        assert canceled.processing_status == "canceling"
        await client.messages.batches.retrieve(batch.id)
        ended = await client.messages.batches.retrieve(batch.id)
        assert ended.request_counts.canceled == 1
        results = [r async for r in await client.messages.batches.results(batch.id)]
    assert results[0].result.type == "canceled"


async def test_server_gone_is_a_connection_error(fake_api: FakeAnthropic) -> None:
    fake_api.stop()
    async with _client(fake_api, max_retries=0) as client:
        with pytest.raises(anthropic.APIConnectionError):
            await client.messages.create(**_params())
