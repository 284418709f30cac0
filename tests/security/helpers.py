"""Helpers of the gateway's hostile-input tests: users, callers at chosen addresses."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.system_fixture import System

REDIS_URL = os.environ.get("WUSHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def redis_or_skip() -> None:
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception:
        if os.environ.get("WUSHE_TEST_REQUIRE_REDIS"):
            pytest.fail(f"Redis required but unreachable at {REDIS_URL}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}")
    finally:
        await client.aclose()


def unique(prefix: str) -> str:
    """A username nobody else in the run has."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


async def create_user(system: System, role: str = "officer", **extra: Any) -> tuple[str, str, str]:
    """A new user through the gateway: (id, username, password)."""
    username, password = unique(role), "pw-" + uuid.uuid4().hex
    response = await system.gateway.post(
        "/v1/users",
        headers=await system.admin_headers(),
        json={"username": username, "password": password, "role": role, **extra},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"]), username, password


def bearer(token: str) -> dict[str, str]:
    """Authorization header of an access token."""
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def client_at(
    app: Any, address: str, base_url: str = "http://gateway"
) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests reach ``app`` from ``address`` (the ASGI ``client``)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield client


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    """POST /v1/auth/token."""
    return await client.post("/v1/auth/token", json={"username": username, "password": password})


@contextlib.asynccontextmanager
async def gateway_app(system: System, **overrides: Any) -> AsyncIterator[Any]:
    """A second gateway app (started) on the system's database and services."""
    from gateway.app import create_app
    from gateway.settings import GatewaySettings
    from tests.system_fixture import JWT_SECRET, base_env

    settings = GatewaySettings(
        database_url=system.dbs.url("gateway"),
        jwt_secret=JWT_SECRET,
        **{**base_env(system.dbs), **overrides},
    )
    services = ("registry", "matching", "funds")
    transports = {name: httpx.ASGITransport(app=system.apps[name]) for name in services}
    app = create_app(settings, transports=transports, configure_logs=False)
    async with app.router.lifespan_context(app):
        yield app
