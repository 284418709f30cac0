"""The route class and the guard: commit before the first byte, and no error reaches the server.

Defect: a unique violation escaping at commit answered 500 and uvicorn logged "Exception in
ASGI application" (Starlette's outermost middleware re-raises after answering), which also
dropped the client's keep-alive connection (the gateway then answered 503).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from services.common.app import create_service_app
from services.common.db import WriteSession
from services.common.routing import service_router
from services.registry.db.models import KERNEL, Community
from services.registry.domain.errors import UNIQUE, RegistryCode
from services.registry.settings import RegistrySettings
from tests.system_fixture import INTERNAL_SECRET, System

router = service_router(prefix="/t")


@router.post("/commit-conflict", status_code=201)
async def commit_conflict(session: WriteSession) -> dict[str, str]:
    """Two rows with one code, never flushed: the unique index refuses them at commit."""
    code = f"dup-{uuid.uuid4().hex[:8]}"
    for _ in range(2):
        session.add(Community(name="重复", kind="community", region_code="330203", code=code))
    return {"ok": "not really"}


@router.get("/boom")
async def boom() -> dict[str, str]:
    """An unexpected error before the response."""
    raise RuntimeError("unexpected")


@router.get("/broken-stream")
async def broken_stream() -> StreamingResponse:
    """A stream that fails half-way (a database gone during an export, say)."""

    async def chunks() -> AsyncIterator[bytes]:
        yield b"first,row\n"
        raise RuntimeError("gone half-way")

    return StreamingResponse(chunks(), media_type="text/csv")


@router.get("/fine")
async def fine() -> dict[str, str]:
    """Answers."""
    return {"status": "fine"}


def _app(system: System) -> FastAPI:
    settings = RegistrySettings(
        database_url=system.dbs.url("registry"), internal_secret=INTERNAL_SECRET, log_json=True
    )
    return create_service_app(
        settings,
        title="t",
        description="t",
        version="0",
        routers=[router],
        codes=RegistryCode,
        kernel=KERNEL,
        unique=UNIQUE,
        configure_logs=False,
    )


@contextlib.asynccontextmanager
async def _serving(app: FastAPI) -> AsyncIterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class TestFailuresNeverReachTheServer:
    async def test_a_violation_at_commit_is_the_409_problem(
        self, system: System, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO)
        app = _app(system)
        async with _serving(app) as base, httpx.AsyncClient(base_url=base) as client:
            headers = system.signed()
            first = await client.post("/t/commit-conflict", headers=headers)
            assert first.status_code == 409
            assert first.json()["code"] == "community_code_taken"
            assert first.headers["content-type"] == "application/problem+json"
            # The same keep-alive connection still answers.
            again = await client.get("/t/fine", headers=headers)
            assert again.status_code == 200
        assert not [r for r in caplog.records if "Exception in ASGI" in r.getMessage()]

    async def test_an_unexpected_error_is_a_500_problem_and_the_connection_lives(
        self, system: System, caplog: pytest.LogCaptureFixture
    ) -> None:
        app = _app(system)
        async with _serving(app) as base, httpx.AsyncClient(base_url=base) as client:
            headers = system.signed()
            response = await client.get("/t/boom", headers=headers)
            assert response.status_code == 500
            assert response.json()["code"] == "internal_error"
            assert (await client.get("/t/fine", headers=headers)).status_code == 200
        assert not [r for r in caplog.records if "Exception in ASGI" in r.getMessage()]

    async def test_a_stream_that_breaks_is_cut_short_not_completed(
        self, system: System, caplog: pytest.LogCaptureFixture
    ) -> None:
        app = _app(system)
        async with _serving(app) as base, httpx.AsyncClient(base_url=base) as client:
            headers = system.signed()
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/t/broken-stream", headers=headers)
            assert (await client.get("/t/fine", headers=headers)).status_code == 200
        messages = [r.getMessage() for r in caplog.records]
        assert not [m for m in messages if "Exception in ASGI" in m]
        assert [m for m in messages if "after the response started" in m]


class TestKernelHttpManners:
    async def test_head_answers_like_get_without_a_body(self, system: System) -> None:
        for path in ("/healthz", "/readyz", "/v1/regions/330203"):
            get = await system.direct["registry"].get(path, headers=system.signed())
            head = await system.direct["registry"].head(path, headers=system.signed())
            assert head.status_code == get.status_code == 200, path
            assert head.content == b""
            assert head.headers.get("etag") == get.headers.get("etag")

    async def test_a_trailing_slash_is_404_not_a_redirect_to_an_internal_address(
        self, system: System
    ) -> None:
        headers = await system.admin_headers()
        response = await system.gateway.get("/v1/organizations/?q=ab", headers=headers)
        assert response.status_code == 404
        assert "location" not in response.headers
        direct = await system.direct["registry"].get("/v1/regions/", headers=system.signed())
        assert direct.status_code == 404
        assert "location" not in direct.headers


@router.post("/lost-race", status_code=201)
async def lost_race(session: WriteSession) -> dict[str, str]:
    """A serialization failure nobody retried (PostgreSQL), or SQLite's busy timeout running out."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '40001'; END $$")
        )
    else:
        import sqlite3

        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
    return {"ok": "never"}


async def test_a_lost_race_is_503_busy_with_retry_after(system: System) -> None:
    app = _app(system)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        response = await client.post("/t/lost-race", headers=system.signed())
    assert response.status_code == 503
    assert response.json()["code"] == "busy"
    assert response.headers["retry-after"] == "1"
