"""The gateway under a real uvicorn on loopback: failures and slow clients (issue 8, items 7, 8e).

- After a 500 on any of the gateway's layers the keep-alive connection stays usable: the next
  request on it gets its answer (uvicorn drops the connection when an exception reaches it).
- A request that declares a body and sends only part of it is answered 408 ``body_timeout``
  after ``WUSHE_BODY_READ_TIMEOUT_SECONDS`` without a new piece, and the connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from gateway.app import create_app
from gateway.proxy import ProxyMiddleware
from gateway.settings import GatewaySettings
from services.common.routing import service_router
from tests.system_fixture import JWT_SECRET, System, base_env


def build_gateway(system: System, **overrides: Any) -> FastAPI:
    settings = GatewaySettings(
        database_url=system.dbs.url("gateway"),
        jwt_secret=JWT_SECRET,
        **{**base_env(system.dbs), **overrides},
    )
    services = ("registry", "matching", "funds")
    transports = {name: httpx.ASGITransport(app=system.apps[name]) for name in services}
    return create_app(settings, transports=transports, configure_logs=False)


@contextlib.asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[int]:
    """``app`` under uvicorn (httptools, as ``wushe serve`` runs it) on a free loopback port."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        lifespan="on",
        log_config=None,
        access_log=False,
        http="httptools",
        ws="none",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.025)
        assert server.started, "uvicorn did not start"
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


def local_port(response: httpx.Response) -> int:
    """The client's port of the connection that carried ``response``."""
    return int(response.extensions["network_stream"].get_extra_info("client_addr")[1])


class TestConnectionSurvivesA500:
    async def test_an_unexpected_error_in_a_route(self, system: System) -> None:
        app = build_gateway(system)

        async def explode() -> None:
            raise RuntimeError("boom")

        app.add_api_route("/test-only/plain", explode)  # a plain FastAPI route
        router = service_router()
        router.add_api_route("/test-only/committing", explode)
        app.include_router(router)

        async with (
            serving(app) as port,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c,
        ):
            for path in ("/test-only/plain", "/test-only/committing"):
                failed = await c.get(path)
                assert failed.status_code == 500
                assert failed.headers["content-type"] == "application/problem+json"
                assert failed.json()["code"] == "internal_error"
                assert failed.headers["x-request-id"]
                after = await c.get("/healthz")
                assert after.status_code == 200
                assert local_port(after) == local_port(failed)  # the same keep-alive connection

    async def test_an_unexpected_error_in_the_proxy_layer(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        async def broken(*_: Any, **__: Any) -> None:
            raise RuntimeError("a bug in the hot path")

        monkeypatch.setattr(ProxyMiddleware, "_forward", broken)
        headers = await system.admin_headers()
        async with (
            serving(build_gateway(system)) as port,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c,
        ):
            failed = await c.get("/v1/regions", headers=headers)
            assert failed.status_code == 500
            assert failed.json()["code"] == "internal_error"
            after = await c.get("/v1/auth/me", headers=headers)
            assert after.status_code == 200
            assert local_port(after) == local_port(failed)

    async def test_a_stream_that_breaks_is_cut_short_not_completed(self, system: System) -> None:
        app = build_gateway(system)

        async def chunks() -> AsyncIterator[bytes]:
            yield b"first,"
            raise RuntimeError("the source went away")

        async def stream() -> StreamingResponse:
            return StreamingResponse(chunks(), media_type="text/csv")

        app.add_api_route("/test-only/stream", stream)
        async with (
            serving(app) as port,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c,
        ):
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get("/test-only/stream")  # never a complete-looking 200
            assert (await c.get("/healthz")).status_code == 200


async def send_partial_body(port: int, head: bytes, part: bytes) -> tuple[bytes, float, bytes]:
    """Send a request head and part of its body; the answer, seconds until it, and what follows."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head + part)
        await writer.drain()
        started = time.perf_counter()
        answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        elapsed = time.perf_counter() - started
        rest = await asyncio.wait_for(reader.read(), 10)  # b"..." then EOF: closed
        return answer, elapsed, rest
    finally:
        writer.close()


class TestSlowBodies:
    @pytest.mark.parametrize("path", ["/v1/regions", "/v1/auth/token", "/v1/api-keys"])
    async def test_a_body_that_stops_coming_is_408(self, system: System, path: str) -> None:
        token = (await system.admin_headers())["Authorization"]
        head = (
            f"POST {path} HTTP/1.1\r\nHost: gw\r\nAuthorization: {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        ).encode()
        app = build_gateway(system, body_read_timeout_seconds=0.5)
        async with serving(app) as port:
            answer, elapsed, rest = await send_partial_body(port, head, b'{"name": ')
        assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert b"connection: close" in answer.lower()
        assert b'"code": "body_timeout"' in rest
        assert 0.4 < elapsed < 5

    async def test_a_trickle_is_cut_at_the_total_deadline(self, system: System) -> None:
        token = (await system.admin_headers())["Authorization"]
        head = (
            f"POST /v1/regions HTTP/1.1\r\nHost: gw\r\nAuthorization: {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        ).encode()
        app = build_gateway(system, body_read_timeout_seconds=0.6)
        async with serving(app) as port:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head)
            started = time.perf_counter()

            async def trickle() -> None:
                with contextlib.suppress(ConnectionError):
                    for _ in range(200):
                        writer.write(b" ")
                        await writer.drain()
                        await asyncio.sleep(0.1)  # always well within the idle timeout

            dripping = asyncio.create_task(trickle())
            answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            elapsed = time.perf_counter() - started
            dripping.cancel()
            writer.close()
        assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert 3.5 < elapsed < 12  # the whole body's deadline: 8 x 0.6 s

    async def test_a_body_that_arrives_in_time_is_served(self, system: System) -> None:
        app = build_gateway(system, body_read_timeout_seconds=0.5)
        async with (
            serving(app) as port,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c,
        ):
            response = await c.post("/v1/auth/token", json={"username": "admin", "password": "x"})
        assert response.status_code == 401


SMUGGLING = {
    "content-length and transfer-encoding": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nContent-Length: 6\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nG"
    ),
    "two content-lengths": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n"
        b"Content-Length: 40\r\n\r\n{}"
    ),
    "transfer-encoding list": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\n"
        b"Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"
    ),
    "unknown transfer-encoding": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"
    ),
    "space before the colon": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nContent-Length : 2\r\n\r\n{}"
    ),
    "folded header": b"GET /healthz HTTP/1.1\r\nHost: gw\r\nX-A: a\r\n b\r\n\r\n",
    "bad chunk size": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\n{}\r\n0\r\n\r\n"
    ),
    "negative content-length": (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: gw\r\nContent-Length: -1\r\n\r\n"
    ),
    "NUL in a header": b"GET /healthz HTTP/1.1\r\nHost: gw\r\nX-A: a\x00b\r\n\r\n",
    "bare LF line ends": b"GET /healthz HTTP/1.1\nHost: gw\n\n",
}


class TestRequestSmuggling:
    """Ambiguous framing never reaches the gateway's code: uvicorn's parser answers 400 and closes
    the connection, so no byte of it can be read as the start of another request."""

    @pytest.mark.parametrize("name", sorted(SMUGGLING))
    async def test_ambiguous_framing_is_400_and_the_connection_ends(
        self, system: System, name: str
    ) -> None:
        async with serving(build_gateway(system)) as port:
            for _ in range(3):  # a reset can beat the 400 to the client on a loaded machine
                answer = await self._exchange(port, SMUGGLING[name])
                if answer:
                    break
        statuses = [line for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.1 ")]
        assert statuses == [b"HTTP/1.1 400 Bad Request"], (name, answer[:300])

    @staticmethod
    async def _exchange(port: int, request: bytes) -> bytes:
        """Everything the server sends back until it closes the connection."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := await asyncio.wait_for(reader.read(65536), 15):
                answer += chunk
        writer.close()
        return answer
