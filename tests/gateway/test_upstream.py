"""The gateway's raw HTTP/1.1 forwarder against real loopback servers (no database involved)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from gateway.upstream import RawForwarder
from services.common.errors import Upstream, UpstreamTimeout, UpstreamUnavailable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def server(handler: Handler) -> AsyncIterator[tuple[int, list[int]]]:
    """A loopback server; yields its port and a list that counts accepted connections."""
    accepted: list[int] = []

    async def wrapped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(1)
        try:
            await handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    srv = await asyncio.start_server(wrapped, "127.0.0.1", 0)
    try:
        yield srv.sockets[0].getsockname()[1], accepted
    finally:
        srv.close()
        await srv.wait_closed()


async def read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length) if length else b""
    return head, body


def answer(status: str, body: bytes, extra: bytes = b"") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n".encode()
        + extra
        + f"content-length: {len(body)}\r\n\r\n".encode()
        + body
    )


class Collector:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])

    @property
    def headers(self) -> dict[bytes, bytes]:
        return dict(self.messages[0]["headers"])


async def keep_alive_echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        _, body = await read_request(reader)
        writer.write(answer("200 OK", b'{"echo":' + str(len(body)).encode() + b"}"))
        await writer.drain()


class TestRawForwarder:
    async def test_reuses_keep_alive_connections(self) -> None:
        async with server(keep_alive_echo) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 2.0)
            for _ in range(5):
                out = Collector()
                assert await fwd.forward("GET", "/v1/x", [], b"", out) == 200
                assert out.body == b'{"echo":0}'
            await fwd.aclose()
        assert len(accepted) == 1

    async def test_sends_body_and_headers(self) -> None:
        seen: list[bytes] = []

        async def record(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head, body = await read_request(reader)
            seen.append(head + body)
            writer.write(answer("201 Created", b"{}", b'etag: W/"3"\r\n'))
            await writer.drain()

        async with server(record) as (port, _):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 2.0)
            out = Collector()
            status = await fwd.forward(
                "POST",
                "/v1/x?a=1",
                [(b"x-wushe-identity", b"v1.a.b")],
                '{"名称":"海曙"}'.encode(),
                out,
            )
            await fwd.aclose()
        assert status == 201
        assert out.headers[b"etag"] == b'W/"3"'
        request = seen[0]
        assert request.startswith(b"POST /v1/x?a=1 HTTP/1.1\r\n")
        assert b"x-wushe-identity: v1.a.b\r\n" in request
        assert request.endswith('{"名称":"海曙"}'.encode())

    async def test_streams_a_chunked_response(self) -> None:
        async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            for part in (b"a" * 70000, b"b" * 10, b"c"):
                writer.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                await writer.drain()
                await asyncio.sleep(0.01)
            writer.write(b"0\r\n\r\n")
            await writer.drain()

        async with server(chunked) as (port, _):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 2.0)
            out = Collector()
            await fwd.forward("GET", "/v1/export", [], b"", out)
            await fwd.aclose()
        assert out.body == b"a" * 70000 + b"b" * 10 + b"c"
        assert b"transfer-encoding" not in out.headers  # hop-by-hop: the server re-frames
        assert len(out.messages) > 3  # streamed, not buffered
        assert out.messages[-1]["more_body"] is False

    async def test_head_and_204_have_no_body(self) -> None:
        async def heads(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while True:
                head, _ = await read_request(reader)
                if head.startswith(b"HEAD"):
                    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n")
                else:
                    writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
                await writer.drain()

        async with server(heads) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0)
            head = Collector()
            assert await fwd.forward("HEAD", "/v1/x", [], b"", head) == 200
            empty = Collector()
            assert await fwd.forward("DELETE", "/v1/x", [], b"", empty) == 204
            await fwd.aclose()
        assert head.body == b""
        assert empty.body == b""
        assert len(accepted) == 1

    async def test_connection_close_is_honoured(self) -> None:
        async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await read_request(reader)
            writer.write(answer("200 OK", b"{}", b"connection: close\r\n"))
            await writer.drain()

        async with server(closing) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 2.0)
            for _ in range(3):
                assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            await fwd.aclose()
        assert len(accepted) == 3

    async def test_refused_is_unavailable(self) -> None:
        async with server(keep_alive_echo) as (port, _):
            pass
        fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0)
        with pytest.raises(UpstreamUnavailable):
            await fwd.forward("GET", "/v1/x", [], b"", Collector())

    async def test_silence_is_a_timeout(self) -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await read_request(reader)
            await reader.read()

        async with server(silent) as (port, _):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 0.2)
            with pytest.raises(UpstreamTimeout):
                await fwd.forward("GET", "/v1/x", [], b"", Collector())

    async def test_garbage_is_a_bad_gateway(self) -> None:
        async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await read_request(reader)
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
            await writer.drain()

        async with server(garbage) as (port, _):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0)
            with pytest.raises(Upstream) as info:
                await fwd.forward("GET", "/v1/x", [], b"", Collector())
        assert info.value.status == 502

    async def test_stale_pooled_connection_is_retried_for_get(self) -> None:
        served = 0

        async def one_per_connection(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            nonlocal served
            await read_request(reader)
            served += 1
            # claims keep-alive, then closes: the pooled connection is stale on next use
            writer.write(answer("200 OK", b"{}"))
            await writer.drain()

        async with server(one_per_connection) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0)
            assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            await asyncio.sleep(0.05)
            assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            await fwd.aclose()
        assert served == 2
        assert len(accepted) == 2

    @pytest.mark.parametrize("retries", [0, 1])
    async def test_dead_pooled_connection_is_retried_on_a_fresh_one(self, retries: int) -> None:
        async def one_per_connection(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            await read_request(reader)
            # claims keep-alive, then closes: the pooled connection is dead on next use
            writer.write(answer("200 OK", b"{}"))
            await writer.drain()

        async with server(one_per_connection) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0, retries=retries)
            # No pause between requests: the close is not seen before the connection is reused.
            for _ in range(3):
                assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            await fwd.aclose()
        assert len(accepted) == 3

    async def test_dead_pooled_connection_does_not_spend_the_retry_budget(self) -> None:
        async def second_connection_fails(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            await read_request(reader)
            if len(accepted) == 2:
                return  # a real failure, on the fresh connection: the budget's to cover
            writer.write(answer("200 OK", b"{}"))
            await writer.drain()

        async with server(second_connection_fails) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0, retries=1)
            assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            await fwd.aclose()
        assert len(accepted) == 3

    async def test_dead_pooled_connection_is_not_replayed_for_post(self) -> None:
        served: list[bytes] = []

        async def one_per_connection(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            head, _ = await read_request(reader)
            served.append(head)
            writer.write(answer("200 OK", b"{}"))
            await writer.drain()

        async with server(one_per_connection) as (port, accepted):
            fwd = RawForwarder("registry", f"http://127.0.0.1:{port}", 1.0, retries=1)
            assert await fwd.forward("GET", "/v1/x", [], b"", Collector()) == 200
            # The close and the request cross: the service may have acted, so no replay.
            with pytest.raises(UpstreamUnavailable):
                await fwd.forward("POST", "/v1/x", [], b"{}", Collector())
            await fwd.aclose()
        assert len(accepted) == 1

    def test_only_plain_http(self) -> None:
        with pytest.raises(ValueError, match="http://"):
            RawForwarder("registry", "https://example.org", 1.0)
