"""The whole system in one process: gateway and services wired with httpx ASGI transports.

Service-to-service calls and the gateway's forwarding are real HTTP requests (signed identity,
request IDs, problem+json), carried by ``httpx.ASGITransport`` instead of sockets.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
from services.common.migrate import upgrade
from services.funds.app import create_app as create_funds
from services.funds.settings import FundsSettings
from services.matching.app import create_app as create_matching
from services.matching.settings import MatchingSettings
from services.registry.app import create_app as create_registry
from services.registry.settings import RegistrySettings
from tests.backends import SERVICES, DatabaseSet
from wushe.bootstrap import ensure_admin

INTERNAL_SECRET = "test-internal-secret-0123456789"
#: Webhook receivers in tests listen on loopback, and retries should not take minutes.
WEBHOOKS_FOR_TESTS = {
    "webhook_allow_private": True,
    "webhook_retry_delays": [0.2, 0.2, 0.2, 0.2],
    "webhook_disable_after": 8,
}
JWT_SECRET = "test-jwt-secret-0123456789abcdef"
ADMIN_PASSWORD = "admin-password-for-tests"


def base_env(dbs: DatabaseSet) -> dict[str, Any]:
    """Settings every app of the test system shares."""
    return {
        "internal_secret": INTERNAL_SECRET,
        "log_json": True,
        "log_level": "WARNING",
        "registry_url": "http://registry",
        "matching_url": "http://matching",
        "funds_url": "http://funds",
        "data_dir": dbs.tmp_dir,
    }


@dataclass
class System:
    """The running in-process system and clients to talk to it."""

    backend: str
    dbs: DatabaseSet
    apps: dict[str, FastAPI]
    gateway: httpx.AsyncClient
    direct: dict[str, httpx.AsyncClient]
    signer: IdentitySigner = field(default_factory=lambda: IdentitySigner(INTERNAL_SECRET.encode()))
    _tokens: dict[str, str] = field(default_factory=dict)

    def signed(self, identity: Identity | None = None, **extra: str) -> dict[str, str]:
        """Headers carrying a valid signed identity (default: an operator with every scope)."""
        identity = identity or Identity(
            sub="test-operator", kind="user", role="operator", scopes=frozenset(ALL_SCOPES)
        )
        return {"x-wushe-identity": self.signer.sign(identity), **extra}

    async def login(
        self, username: str = "admin", password: str = ADMIN_PASSWORD
    ) -> dict[str, Any]:
        """Log in through the gateway; the token response."""
        response = await self.gateway.post(
            "/v1/auth/token", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    @contextlib.asynccontextmanager
    async def another_gateway(self, **overrides: Any):  # type: ignore[no-untyped-def]
        """A second gateway instance on the same database and services (multi-instance tests)."""
        settings = GatewaySettings(
            database_url=self.dbs.url("gateway"),
            jwt_secret=JWT_SECRET,
            **{**base_env(self.dbs), **overrides},
        )
        transports = {
            name: httpx.ASGITransport(app=self.apps[name])
            for name in ("registry", "matching", "funds")
        }
        app = create_gateway(settings, transports=transports, configure_logs=False)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://gateway2"
            ) as client,
        ):
            yield client

    async def admin_headers(self) -> dict[str, str]:
        """Authorization headers of the bootstrap operator (cached)."""
        if "admin" not in self._tokens:
            self._tokens["admin"] = (await self.login())["access_token"]
        return {"Authorization": f"Bearer {self._tokens['admin']}"}


@contextlib.asynccontextmanager
async def running_system(backend: str, dbs: DatabaseSet, **gateway_overrides: Any):  # type: ignore[no-untyped-def]
    """Create databases, migrate, start every app's lifespan, yield a :class:`System`."""
    await dbs.create()
    for service in SERVICES:
        await upgrade(service, dbs.url(service))
    env = base_env(dbs)
    registry = create_registry(
        RegistrySettings(database_url=dbs.url("registry"), **env), configure_logs=False
    )
    transports: dict[str, httpx.AsyncBaseTransport] = {
        "registry": httpx.ASGITransport(app=registry)
    }
    funds = create_funds(
        FundsSettings(database_url=dbs.url("funds"), **env),
        transports=transports,
        configure_logs=False,
    )
    transports["funds"] = httpx.ASGITransport(app=funds)
    matching = create_matching(
        MatchingSettings(database_url=dbs.url("matching"), **env),
        transports=transports,
        configure_logs=False,
    )
    transports["matching"] = httpx.ASGITransport(app=matching)
    gateway = create_gateway(
        GatewaySettings(
            database_url=dbs.url("gateway"),
            jwt_secret=JWT_SECRET,
            **{**env, **WEBHOOKS_FOR_TESTS, **gateway_overrides},
        ),
        transports=transports,
        configure_logs=False,
    )
    apps = {"gateway": gateway, "registry": registry, "matching": matching, "funds": funds}
    async with contextlib.AsyncExitStack() as stack:
        for app in (registry, funds, matching, gateway):
            await stack.enter_async_context(app.router.lifespan_context(app))
        await ensure_admin(ADMIN_PASSWORD, dbs.url("gateway"))
        clients = {
            name: httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url=f"http://{name}"
            )
            for name, app in apps.items()
        }
        for client in clients.values():
            stack.push_async_callback(client.aclose)
        yield System(
            backend=backend,
            dbs=dbs,
            apps=apps,
            gateway=clients["gateway"],
            direct={k: v for k, v in clients.items() if k != "gateway"},
        )
