"""Helpers for the Funds tests: organizations in the Registry, funds, donations."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from services.common.identity import ALL_SCOPES, Identity
from tests.factories import create, org_payload, suffix
from tests.system_fixture import System


async def organization(system: System, **over: Any) -> dict[str, Any]:
    """A registered organization in the Registry (active, credit normal unless told)."""
    headers = await system.admin_headers()
    return await create(system.gateway, "/v1/organizations", org_payload(**over), headers)


async def volunteer(system: System) -> dict[str, Any]:
    """A volunteer in the Registry."""
    headers = await system.admin_headers()
    body = {"name": "陈建国", "phone": "13705741122", "skills": ["理发"]}
    return await create(system.gateway, "/v1/volunteers", body, headers)


async def fund(system: System, **over: Any) -> dict[str, Any]:
    """A fund hosted by a fresh organization in good standing."""
    host = over.pop("host_org_id", None) or (await organization(system))["id"]
    body = {"name": f"测试基金{suffix()}", "kind": "community", "host_org_id": host, **over}
    headers = await system.admin_headers()
    return await create(system.gateway, "/v1/funds", body, headers)


async def donate(
    system: System, fund_id: str, amount: int, *, headers: dict[str, str] | None = None, **over: Any
) -> httpx.Response:
    """POST a donation (the response, not asserted)."""
    body = {
        "fund_id": fund_id,
        "donor": over.pop("donor", {"kind": "person", "name": "张三", "anonymous": False}),
        "amount": amount,
        "asset": "CNY",
        **over,
    }
    all_headers = {**(await system.admin_headers()), **(headers or {})}
    return await system.gateway.post("/v1/donations", json=body, headers=all_headers)


async def balance(system: System, account_id: str) -> dict[str, int]:
    """An account's balance."""
    headers = await system.admin_headers()
    response = await system.gateway.get(f"/v1/accounts/{account_id}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json()["balance"])


def person(system: System, sub: str, *scopes: str) -> dict[str, str]:
    """Signed headers straight to the Funds service for a person ``sub`` (an officer)."""
    identity = Identity(
        sub=sub,
        kind="user",
        role="officer",
        scopes=frozenset(scopes or ("funds:read", "funds:write")),
    )
    return system.signed(identity)


def operator(system: System) -> dict[str, str]:
    """Signed headers of an operator with every scope."""
    return system.signed(
        Identity(sub="op", kind="user", role="operator", scopes=frozenset(ALL_SCOPES))
    )


class _Down(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("registry is down", request=request)


@contextlib.asynccontextmanager
async def registry_down(system: System) -> AsyncIterator[None]:
    """The Funds service's calls to the Registry fail to connect while inside."""
    client = system.apps["funds"].state.clients["registry"]
    inner = client._client  # the httpx.AsyncClient the ServiceClient sends with
    saved = inner._transport
    inner._transport = _Down()
    try:
        yield
    finally:
        inner._transport = saved
