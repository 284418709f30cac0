"""What the gateway's operations endpoints tell whom (issue 8, item 8d).

``/metrics`` is for operators only: an operator's bearer token or an API key with the ``admin``
scope. ``/readyz`` answers everyone with ``{"status": "ready" | "unready"}`` and 200 / 503 (load
balancers and ``wushe up`` poll it); only operators also get each service, its database backend
and its errors.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from tests.security.helpers import bearer, client_at, create_user, gateway_app
from tests.system_fixture import JWT_SECRET, System, base_env


async def key_headers(system: System, scopes: list[str]) -> dict[str, str]:
    created = await system.gateway.post(
        "/v1/api-keys",
        headers=await system.admin_headers(),
        json={
            "name": f"ops-{uuid.uuid4().hex[:6]}",
            "scopes": scopes,
            "rate_limit_per_minute": 600,
        },
    )
    assert created.status_code == 201, created.text
    return {"X-API-Key": created.json()["key"]}


class TestMetrics:
    async def test_anonymous_is_401(self, system: System) -> None:
        response = await system.gateway.get("/metrics")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert "wushe_gateway" not in response.text

    @pytest.mark.parametrize("role", ["officer", "resident"])
    async def test_other_people_are_403(self, system: System, role: str) -> None:
        _, username, password = await create_user(system, role)
        token = (await system.login(username, password))["access_token"]
        assert (await system.gateway.get("/metrics", headers=bearer(token))).status_code == 403

    async def test_a_key_without_admin_is_403(self, system: System) -> None:
        headers = await key_headers(system, ["registry:read", "pii:read"])
        assert (await system.gateway.get("/metrics", headers=headers)).status_code == 403

    async def test_operators_and_admin_keys_read_it(self, system: System) -> None:
        for headers in (await system.admin_headers(), await key_headers(system, ["admin"])):
            response = await system.gateway.get("/metrics", headers=headers)
            assert response.status_code == 200
            assert "wushe_gateway_requests_total" in response.text

    async def test_invented_methods_do_not_grow_the_registry(self, system: System) -> None:
        for i in range(30):
            await system.gateway.request(f"BREW{i}", "/v1/regions")
        text = (await system.gateway.get("/metrics", headers=await system.admin_headers())).text
        assert 'method="BREW' not in text
        assert 'method="other"' in text

    async def test_bad_credentials_are_401(self, system: System) -> None:
        response = await system.gateway.get("/metrics", headers=bearer("not.a.token"))
        assert response.status_code == 401


class TestReadiness:
    async def test_anonymous_gets_the_status_only(self, system: System) -> None:
        response = await system.gateway.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ready"}

    async def test_non_operators_get_the_status_only(self, system: System) -> None:
        _, username, password = await create_user(system, "officer")
        token = (await system.login(username, password))["access_token"]
        response = await system.gateway.get("/readyz", headers=bearer(token))
        assert response.json() == {"status": "ready"}

    async def test_operators_get_the_detail(self, system: System) -> None:
        for headers in (await system.admin_headers(), await key_headers(system, ["admin"])):
            body = (await system.gateway.get("/readyz", headers=headers)).json()
            assert set(body["services"]) == {"gateway", "registry", "matching", "funds"}
            assert body["services"]["gateway"]["database"]["backend"] == system.backend

    async def test_unready_is_503_for_everyone_and_says_why_only_to_operators(
        self, system: System
    ) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{probe.getsockname()[1]}"  # nobody listens after this
        settings = GatewaySettings(
            database_url=system.dbs.url("gateway"),
            jwt_secret=JWT_SECRET,
            **{
                **base_env(system.dbs),
                "registry_url": closed,
                "matching_url": closed,
                "funds_url": closed,
            },
        )
        app = create_app(settings, configure_logs=False)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as gw,
        ):
            anonymous = await gw.get("/readyz")
            operator = await gw.get("/readyz", headers=await system.admin_headers())
        assert anonymous.status_code == 503
        assert anonymous.json() == {"status": "unready"}
        assert operator.status_code == 503
        assert operator.json()["services"]["registry"]["status"] == "unready"

    async def test_a_flood_of_anonymous_probes_costs_one_check(self, system: System) -> None:
        async with gateway_app(system) as app:
            registry = app.state.clients["registry"]
            calls: list[str] = []
            original = registry.request

            async def counting(method: str, path: str, *args: Any, **kwargs: Any) -> Any:
                calls.append(path)
                return await original(method, path, *args, **kwargs)

            registry.request = counting
            async with client_at(app, "203.0.113.9") as anyone:
                answers = await asyncio.gather(*(anyone.get("/readyz") for _ in range(50)))
                assert {a.status_code for a in answers} == {200}
                assert calls.count("/readyz") == 1
                detail = await anyone.get("/readyz", headers=await system.admin_headers())
                assert "services" in detail.json()
                assert calls.count("/readyz") == 2  # operators always get a fresh check
