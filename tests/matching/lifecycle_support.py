"""Helpers for the match-lifecycle tests: Registry parties, needs, offers and proposed matches.

Communities, organizations and volunteers are created in the real Registry and mirrored into
Matching's read model with the read model's own upsert (harmless if the follower got there
first). Needs, offers and proposed matches are written straight into Matching's tables, as a
round would leave them, so that these tests exercise the lifecycle alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import sqlalchemy as sa

from services.common.clock import china_today
from services.common.identity import ALL_SCOPES, Identity
from services.common.outbox import DELIVERED, PENDING
from services.matching.db.lifecycle import Match
from services.matching.db.models import (
    KERNEL,
    Need,
    Offer,
    RegistryCommunity,
    RegistryOrganization,
    RegistryVolunteer,
)
from services.matching.domain import readmodel
from tests.factories import community_payload, create, org_payload, suffix
from tests.system_fixture import System

TODAY = china_today()  # the services book on China's calendar


async def registry_community(system: System, **over: Any) -> dict[str, Any]:
    """A community in the Registry, mirrored into Matching's read model."""
    data = await create(
        system.gateway, "/v1/communities", community_payload(**over), await system.admin_headers()
    )
    await mirror(system, RegistryCommunity, readmodel.community_row(data))
    return data


async def registry_org(system: System, **over: Any) -> dict[str, Any]:
    """An organization in the Registry, mirrored into Matching's read model."""
    data = await create(
        system.gateway, "/v1/organizations", org_payload(**over), await system.admin_headers()
    )
    full = await system.direct["registry"].get(
        f"/v1/organizations/{data['id']}", headers=system.signed()
    )
    assert full.status_code == 200, full.text
    await mirror(system, RegistryOrganization, readmodel.organization_row(full.json()))
    return dict(full.json())


async def registry_volunteer(system: System, **over: Any) -> dict[str, Any]:
    """A volunteer in the Registry, mirrored into Matching's read model."""
    body = {"name": "陈建国", "phone": "13705741122", "skills": ["理发"], **over}
    data = await create(system.gateway, "/v1/volunteers", body, await system.admin_headers())
    full = await system.direct["registry"].get(
        f"/v1/volunteers/{data['id']}", headers=system.signed()
    )
    await mirror(system, RegistryVolunteer, readmodel.volunteer_row(full.json()))
    return dict(full.json())


async def mirror(system: System, model: Any, row: dict[str, Any]) -> None:
    """Upsert one read-model row (what the follower does with the Registry's event)."""
    async with system.apps["matching"].state.database.sessionmaker() as session:
        await readmodel._upsert(session, model, [row])
        await session.commit()


async def insert(system: System, *rows: Any) -> None:
    """Write rows straight into Matching's database."""
    async with system.apps["matching"].state.database.sessionmaker() as session:
        session.add_all(rows)
        await session.commit()


def need_row(community: dict[str, Any], **over: Any) -> Need:
    """An open minor need of ``community``."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "community_id": uuid.UUID(community["id"]),
        "region_code": community["region_code"],
        "title": f"独居老人助餐{suffix()}",
        "triage": "minor",
        "domain": "elderly_care",
        "resource_kind": "team",
        "quantity": 1,
        "window_start": TODAY,
        "window_end": TODAY + dt.timedelta(days=30),
        "urgency": "normal",
        "status": "open",
        "created_by": "test",
        **over,
    }
    return Need(**values)


def offer_row(provider: dict[str, Any], kind: str = "organization", **over: Any) -> Offer:
    """An open offer of ``provider`` (capacity and remaining from ``over``)."""
    capacity = over.pop("capacity", 5)
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "provider_kind": kind,
        "provider_id": uuid.UUID(provider["id"]),
        "provider_region_code": provider.get("region_code"),
        "title": f"助老服务队{suffix()}",
        "domains": ["elderly_care"],
        "resource_kind": "team",
        "capacity": capacity,
        "remaining": over.pop("remaining", capacity),
        "service_region_codes": ["330203"],
        "window_start": TODAY,
        "window_end": TODAY + dt.timedelta(days=60),
        "status": "open",
        "created_by": "test",
        **over,
    }
    return Offer(**values)


def match_row(need: Need, offer: Offer, quantity: int = 1, **over: Any) -> Match:
    """A proposed match, as a round writes it."""
    return Match(
        id=uuid.uuid4(),
        need_id=need.id,
        offer_id=offer.id,
        quantity=quantity,
        status="proposed",
        score=700,
        reasons={"parts": {"domain": 300}, "reasons": {"domain": "服务领域相符"}},
        **over,
    )


class World:
    """One community with a need, one organization with an offer, and a proposed match."""

    def __init__(self, system: System) -> None:
        self.system = system

    async def build(
        self,
        quantity: int = 1,
        capacity: int = 5,
        community: dict[str, Any] | None = None,
        **offer_over: Any,
    ) -> World:
        """Create the parties and write the need, the offer and the proposed match."""
        self.community = community or await registry_community(self.system)
        self.org = await registry_org(self.system)
        self.need = need_row(self.community, quantity=quantity)
        self.offer = offer_row(self.org, capacity=capacity, **offer_over)
        self.need.resource_kind = self.offer.resource_kind
        self.match = match_row(self.need, self.offer, quantity)
        await insert(self.system, self.need, self.offer)
        await insert(self.system, self.match)
        return self

    @property
    def url(self) -> str:
        return f"/v1/matches/{self.match.id}"

    def community_admin(self, community_id: str | None = None) -> dict[str, str]:
        return as_role(
            self.system, "community_admin", community_id=community_id or self.community["id"]
        )

    def org_admin(self, org_id: str | None = None) -> dict[str, str]:
        return as_role(self.system, "org_admin", org_id=org_id or self.org["id"])

    async def post(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return await self.system.direct["matching"].post(
            self.url + path, json=body, headers=headers or officer(self.system)
        )

    async def get(self, path: str = "", headers: dict[str, str] | None = None) -> httpx.Response:
        return await self.system.direct["matching"].get(
            self.url + path, headers=headers or officer(self.system)
        )

    async def accept_both(self) -> httpx.Response:
        first = await self.post("/accept", {"side": "need"}, self.community_admin())
        assert first.status_code == 200, first.text
        second = await self.post("/accept", {"side": "offer"}, self.org_admin())
        assert second.status_code == 200, second.text
        return second

    async def in_service(self, **start: Any) -> httpx.Response:
        await self.accept_both()
        response = await self.post("/start", start or None)
        assert response.status_code == 200, response.text
        return response


def as_role(
    system: System, role: str, *, community_id: str | None = None, org_id: str | None = None
) -> dict[str, str]:
    """Signed headers straight to Matching for a person with ``role`` (its binding given)."""
    scopes = {"matching:read", "matching:write"}
    return system.signed(
        Identity(
            sub=f"{role}-{suffix()}",
            kind="user",
            role=role,
            scopes=frozenset(scopes),
            community_id=community_id,
            org_id=org_id,
        )
    )


def officer(system: System) -> dict[str, str]:
    """Signed headers of a civil-affairs officer (either side of any match, contacts in full)."""
    return system.signed(
        Identity(
            sub="officer-1",
            kind="user",
            role="officer",
            scopes=frozenset({"matching:read", "matching:write", "pii:read"}),
        )
    )


def operator(system: System) -> dict[str, str]:
    """Signed headers of an operator with every scope."""
    return system.signed(
        Identity(sub="op", kind="user", role="operator", scopes=frozenset(ALL_SCOPES))
    )


async def offer_state(system: System, offer_id: uuid.UUID) -> tuple[int, str]:
    """The offer's remaining capacity and status, as stored."""
    async with system.apps["matching"].state.database.read_sessionmaker() as session:
        row = (
            await session.execute(
                sa.select(Offer.remaining, Offer.status).where(Offer.id == offer_id)
            )
        ).one()
    return int(row.remaining), str(row.status)


async def need_status(system: System, need_id: uuid.UUID) -> str:
    """The need's status, as stored."""
    async with system.apps["matching"].state.database.read_sessionmaker() as session:
        return str(await session.scalar(sa.select(Need.status).where(Need.id == need_id)))


def _about(part: str) -> sa.ColumnElement[bool]:
    """Messages whose path or ordering key contains ``part``."""
    outbox = KERNEL.outbox
    return sa.or_(outbox.c.path.contains(part), outbox.c.ordering_key.contains(part))


async def outbox_rows(system: System, path_part: str) -> list[Any]:
    """Matching's outbox messages whose path or ordering key contains ``path_part``."""
    outbox = KERNEL.outbox
    async with system.apps["matching"].state.database.read_sessionmaker() as session:
        rows = await session.execute(
            sa.select(outbox).where(_about(path_part)).order_by(outbox.c.seq)
        )
        return list(rows.all())


async def wait_delivered(
    system: System, path_part: str, *, count: int, within: float = 15.0
) -> list[Any]:
    """Until ``count`` messages to ``path_part`` are delivered (nudging the relay)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        rows = await outbox_rows(system, path_part)
        if sum(1 for r in rows if r.status == DELIVERED) >= count:
            return rows
        assert asyncio.get_running_loop().time() < deadline, [
            (r.status, r.attempts, r.last_error) for r in rows
        ]
        system.apps["matching"].state.relay.nudge()
        await asyncio.sleep(0.05)


async def due_now(system: System, path_part: str) -> None:
    """Make pending messages to ``path_part`` due at once (skip the backoff after an outage)."""
    outbox = KERNEL.outbox
    async with system.apps["matching"].state.database.sessionmaker() as session:
        await session.execute(
            sa.update(outbox)
            .where(_about(path_part), outbox.c.status == PENDING)
            .values(next_attempt_at=dt.datetime.now(dt.UTC))
        )
        await session.commit()


class _Down(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("service is down", request=request)


@contextlib.asynccontextmanager
async def down(system: System, target: str) -> AsyncIterator[None]:
    """Matching's calls to ``target`` fail to connect while inside (the service is stopped)."""
    client = system.apps["matching"].state.clients[target]
    inner = client._client
    saved = inner._transport
    inner._transport = _Down()
    try:
        yield
    finally:
        inner._transport = saved
