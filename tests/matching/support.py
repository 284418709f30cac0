"""Helpers for the tests of needs, offers, candidates, rounds and the read model.

Registry data is created through the gateway in the real Registry and reaches Matching only the
way it does in production: through the follower of the Registry's feed. :func:`synced` waits
until the follower has applied everything the Registry has written.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from typing import Any

import sqlalchemy as sa

from services.common.clock import china_today
from services.common.identity import ALL_SCOPES, Identity
from tests.factories import GUIZHOU, HAISHU, community_payload, create, org_payload
from tests.system_fixture import System

TODAY = china_today()  # the services book on China's calendar
#: A county in Guizhou (贵阳市南明区): where the villages' needs come from in these tests.
NANMING = "520102"
GUIYANG = "520100"
#: The domain of these tests' needs and offers unless a test names its own: not a real one, so
#: that what they leave open in the shared test system never competes in another test's round.
DOMAIN = f"mcore_{uuid.uuid4().hex[:8]}"


def window(days: int = 90, start: int = 0) -> dict[str, str]:
    """A window starting ``start`` days from today, ``days`` long."""
    first = TODAY + dt.timedelta(days=start)
    return {"start": first.isoformat(), "end": (first + dt.timedelta(days=days)).isoformat()}


async def registry_head(system: System) -> int:
    """The newest position of the Registry's feed."""
    kernel = system.apps["registry"].state.kernel_tables
    async with system.apps["registry"].state.database.engine.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.max(kernel.events.c.position))) or 0)


def follower(system: System) -> Any:
    """Matching's follower of the Registry's feed."""
    (found,) = system.apps["matching"].state.followers
    return found


async def synced(system: System, within: float = 15.0) -> float:
    """Wait until the follower has applied the Registry's feed up to its head; seconds waited."""
    head = await registry_head(system)
    started = time.monotonic()
    while (follower(system).position or 0) < head:
        if time.monotonic() - started > within:
            raise AssertionError(f"read model behind: {follower(system).status()} < {head}")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def admin(system: System) -> dict[str, str]:
    """The bootstrap operator's headers."""
    return await system.admin_headers()


async def community(system: System, region_code: str = NANMING, **over: Any) -> dict[str, Any]:
    """A community (village) in the Registry, applied to the read model."""
    body = community_payload(region_code=region_code, kind="village", **over)
    data = await create(system.gateway, "/v1/communities", body, await admin(system))
    await synced(system)
    return data


async def organization(system: System, **over: Any) -> dict[str, Any]:
    """An organization in the Registry (Haishu, Zhejiang by default), applied to the read model."""
    data = await create(
        system.gateway, "/v1/organizations", org_payload(**over), await admin(system)
    )
    await synced(system)
    return data


async def collaboration(
    system: System, supporting: str = "330000", receiving: str = GUIZHOU
) -> dict[str, Any]:
    """An east-west collaboration in force since last year."""
    body = {
        "kind": "east_west",
        "name": f"东西部协作{time.monotonic_ns()}",
        "supporting_region_code": supporting,
        "receiving_region_code": receiving,
        "start_date": (TODAY - dt.timedelta(days=365)).isoformat(),
    }
    data = await create(system.gateway, "/v1/collaborations", body, await admin(system))
    await synced(system)
    return data


def need_body(community_id: str, **over: Any) -> dict[str, Any]:
    """A minor need body."""
    body: dict[str, Any] = {
        "community_id": community_id,
        "title": "空巢老人每周上门探访",
        "triage": "minor",
        "domain": DOMAIN,
        "resource_kind": "volunteers",
        "quantity": 3,
        "beneficiaries": {"count": 30, "groups": ["empty_nest_elderly"]},
        "window": window(),
        "urgency": "normal",
    }
    body.update(over)
    return body


def offer_body(provider_id: str, kind: str = "organization", **over: Any) -> dict[str, Any]:
    """An offer body serving Nanming."""
    body: dict[str, Any] = {
        "provider": {"kind": kind, "id": provider_id},
        "title": "志愿者驻村服务",
        "domains": [DOMAIN],
        "resource_kind": "volunteers",
        "capacity": 5,
        "service_region_codes": [NANMING],
        "window": window(),
    }
    body.update(over)
    return body


async def need(system: System, community_id: str, **over: Any) -> dict[str, Any]:
    """A need posted through the gateway by the operator."""
    return await create(
        system.gateway, "/v1/needs", need_body(community_id, **over), await admin(system)
    )


async def offer(system: System, provider_id: str, **over: Any) -> dict[str, Any]:
    """An offer posted through the gateway by the operator."""
    return await create(
        system.gateway, "/v1/offers", offer_body(provider_id, **over), await admin(system)
    )


def person(system: System, role: str, **binding: str) -> dict[str, str]:
    """Signed headers straight to Matching for a person with ``role`` (and its binding)."""
    scopes = {"matching:read", "matching:write"} if role != "operator" else set(ALL_SCOPES)
    identity = Identity(
        sub=f"{role}-{time.monotonic_ns()}",
        kind="user",
        role=role,
        scopes=frozenset(scopes),
        **binding,
    )
    return system.signed(identity)


__all__ = ["HAISHU", "TODAY"]
