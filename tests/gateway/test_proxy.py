"""Proxy behaviour on real sockets: down, slow and flaky upstreams, limits, CORS, metrics, logs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from services.common.logging import JsonFormatter
from tests.system_fixture import JWT_SECRET, System, base_env


@contextlib.asynccontextmanager
async def tcp_server(handler: Any) -> AsyncIterator[int]:
    """A loopback TCP server running ``handler(reader, writer)``; yields its port."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.close()
        await server.wait_closed()


@contextlib.asynccontextmanager
async def gateway_to(
    system: System, registry_url: str, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway whose registry upstream is ``registry_url`` over real sockets (RawForwarder)."""
    env = {**base_env(system.dbs), "registry_url": registry_url, **overrides}
    app = create_app(
        GatewaySettings(database_url=system.dbs.url("gateway"), jwt_secret=JWT_SECRET, **env),
        configure_logs=False,
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as client,
    ):
        yield client


async def closed_port() -> int:
    async with tcp_server(lambda r, w: w.close()) as port:
        pass
    return port


class TestUpstreamFailures:
    async def test_down_service_is_503_fast(self, system: System) -> None:
        port = await closed_port()
        async with gateway_to(system, f"http://127.0.0.1:{port}") as gw:
            started = time.perf_counter()
            response = await gw.get("/v1/regions", headers=await system.admin_headers())
            elapsed = time.perf_counter() - started
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "upstream_unavailable"
        assert elapsed < 5

    async def test_hanging_service_is_504_within_the_timeout(self, system: System) -> None:
        async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            await reader.read()  # answer nothing; return once the gateway gives up and hangs up
            writer.close()

        async with (
            tcp_server(hang) as port,
            gateway_to(system, f"http://127.0.0.1:{port}", registry_timeout_seconds=0.3) as gw,
        ):
            started = time.perf_counter()
            response = await gw.get("/v1/regions", headers=await system.admin_headers())
            elapsed = time.perf_counter() - started
        assert response.status_code == 504
        assert response.json()["code"] == "upstream_timeout"
        assert elapsed < 2

    async def test_idempotent_request_is_retried_once(self, system: System) -> None:
        connections = 0

        async def flaky(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            await reader.readuntil(b"\r\n\r\n")
            if connections == 1:
                writer.close()  # drop the first attempt without an answer
                return
            body = b'{"items": [], "next_cursor": null}'
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            await writer.drain()
            writer.close()

        async with tcp_server(flaky) as port, gateway_to(system, f"http://127.0.0.1:{port}") as gw:
            response = await gw.get("/v1/regions", headers=await system.admin_headers())
        assert response.status_code == 200
        assert connections == 2

    async def test_non_idempotent_request_is_not_retried(self, system: System) -> None:
        connections = 0

        async def drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            await reader.readuntil(b"\r\n\r\n")
            writer.close()

        async with tcp_server(drop) as port, gateway_to(system, f"http://127.0.0.1:{port}") as gw:
            response = await gw.post("/v1/regions", json={}, headers=await system.admin_headers())
        assert response.status_code in (502, 503)
        assert connections == 1


class TestLimits:
    async def test_declared_oversize_body_is_413(self, system: System) -> None:
        async with system.another_gateway(max_request_bytes=1024) as gw:
            response = await gw.post(
                "/v1/regions",
                content=b"x" * 4096,
                headers={**(await system.admin_headers()), "content-type": "application/json"},
            )
        assert response.status_code == 413
        assert response.json()["code"] == "payload_too_large"

    async def test_streamed_oversize_body_is_413(self, system: System) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(8):
                yield b"x" * 512

        async with system.another_gateway(max_request_bytes=1024) as gw:
            response = await gw.post(
                "/v1/regions",
                content=chunks(),
                headers={**(await system.admin_headers()), "content-type": "application/json"},
            )
        assert response.status_code == 413


class TestCors:
    async def test_configured_origin_is_allowed(self, system: System) -> None:
        async with system.another_gateway(cors_origins=["https://mp.example.cn"]) as gw:
            preflight = await gw.options(
                "/v1/regions",
                headers={
                    "Origin": "https://mp.example.cn",
                    "Access-Control-Request-Method": "GET",
                    "Access-Control-Request-Headers": "authorization",
                },
            )
            assert preflight.status_code == 200
            assert preflight.headers["access-control-allow-origin"] == "https://mp.example.cn"
            other = await gw.options(
                "/v1/regions",
                headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
            )
            assert "access-control-allow-origin" not in other.headers

    async def test_no_cors_headers_by_default(self, system: System) -> None:
        response = await system.gateway.get("/healthz", headers={"Origin": "https://mp.example.cn"})
        assert "access-control-allow-origin" not in response.headers


class TestMethodNotAllowed:
    async def test_static_segment_is_not_taken_for_a_parameter(self, system: System) -> None:
        # /v1/organizations/export is its own resource, not an {org_id}: PATCH there is 405
        response = await system.gateway.patch(
            "/v1/organizations/export", json={}, headers=await system.admin_headers()
        )
        assert response.status_code == 405
        assert response.headers["allow"] == "GET"

    @pytest.mark.parametrize("query", ["active_on=0", "active_on=20260101", "active_on=true"])
    async def test_dates_are_dates_not_numbers(self, system: System, query: str) -> None:
        for resource in ("pairings", "collaborations"):
            response = await system.gateway.get(
                f"/v1/{resource}?{query}", headers=await system.admin_headers()
            )
            assert response.status_code == 422, (resource, response.text)

    async def test_known_path_wrong_method_is_405(self, system: System) -> None:
        response = await system.gateway.delete(
            "/v1/auth/token", headers=await system.admin_headers()
        )
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"


class TestMetrics:
    async def test_requests_latency_and_upstream_errors_are_counted(self, system: System) -> None:
        await system.gateway.get("/healthz")
        port = await closed_port()
        async with gateway_to(system, f"http://127.0.0.1:{port}") as gw:
            await gw.get("/v1/regions", headers=await system.admin_headers())
            text = (await gw.get("/metrics", headers=await system.admin_headers())).text
        errors = (
            'wushe_gateway_upstream_errors_total{code="upstream_unavailable",service="registry"}'
        )
        assert f"{errors} 1.0" in text
        assert 'route="/v1/regions"' in text or 'route="unmatched"' in text
        main = (await system.gateway.get("/metrics", headers=await system.admin_headers())).text
        assert (
            'wushe_gateway_requests_total{method="GET",route="/healthz",service="gateway",status="200"}'
            in main
        )
        assert "wushe_gateway_request_duration_seconds_bucket" in main


class TestLogs:
    async def test_every_app_logs_the_request_id(
        self, system: System, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="wushe.access")
        rid = "log-trace-0001"
        await system.gateway.get(
            "/v1/regions", headers={**(await system.admin_headers()), "X-Request-ID": rid}
        )
        formatter = JsonFormatter("test")
        lines = [
            json.loads(formatter.format(r)) for r in caplog.records if r.name == "wushe.access"
        ]
        apps = {line["app"] for line in lines if line.get("request_id") == rid}
        assert {"gateway", "registry"} <= apps
