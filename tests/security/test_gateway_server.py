"""The gateway under a real uvicorn on loopback: unexpected failures (issue 8, item 7).

After a 500 on any of the gateway's layers the keep-alive connection stays usable: the next
request on it gets its answer (uvicorn drops the connection when an exception reaches it).
"""

from __future__ import annotations

import asyncio
import contextlib
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
