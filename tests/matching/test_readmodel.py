"""The Registry's read model: kept by the follower from the real Registry's feed, shown in
``/readyz`` and ``/metrics``, rebuilt from the lists after a 410, and quick enough that an
organization put on the dishonest list or suspended stops being offered within seconds."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import sqlalchemy as sa

from services.matching.db.models import (
    RegistryCollaboration,
    RegistryCommunity,
    RegistryOrganization,
    RegistryPairing,
    RegistryVolunteer,
)
from services.matching.domain import readmodel
from services.registry.client import RegistryClient
from tests.factories import suffix
from tests.matching.support import (
    NANMING,
    TODAY,
    admin,
    collaboration,
    community,
    need,
    offer,
    organization,
    synced,
)
from tests.system_fixture import System


async def _row(system: System, model: type, key: object) -> object | None:
    async with system.apps["matching"].state.database.sessionmaker() as session:
        return await session.get(model, key)


async def _candidate_ids(system: System, need_id: str) -> list[str]:
    response = await system.gateway.get(
        f"/v1/needs/{need_id}/candidates", headers=await admin(system)
    )
    assert response.status_code == 200, response.text
    return [c["offer_id"] for c in response.json()["items"]]


class TestFollowing:
    async def test_the_registrys_facts_arrive(self, system: System) -> None:
        headers = await admin(system)
        org = await organization(system, grade=4, domains=["children", "elderly_care"])
        row = await _row(system, RegistryOrganization, uuid.UUID(org["id"]))
        assert isinstance(row, RegistryOrganization)
        assert (row.status, row.credit_status, row.grade) == ("active", "normal", 4)
        assert row.region_code == "330203"
        assert row.domains == ["children", "elderly_care"]
        assert row.contact_phone == "13812345678"  # the full copy: Matching has every scope

        village = await community(system)
        assert isinstance(
            await _row(system, RegistryCommunity, uuid.UUID(village["id"])), RegistryCommunity
        )
        person = await system.gateway.post(
            "/v1/volunteers",
            json={"name": "李梅", "phone": "13705740000", "community_id": village["id"]},
            headers=headers,
        )
        together = await system.gateway.post(
            "/v1/pairings",
            json={
                "org_id": org["id"],
                "community_id": village["id"],
                "start_date": TODAY.isoformat(),
                "end_date": (TODAY + dt.timedelta(days=365)).isoformat(),
                "plan": "结对帮扶",
            },
            headers=headers,
        )
        assert person.status_code == together.status_code == 201
        link = await collaboration(system, supporting="330200", receiving="520100")
        await synced(system)
        volunteer = await _row(system, RegistryVolunteer, uuid.UUID(person.json()["id"]))
        assert isinstance(volunteer, RegistryVolunteer)
        assert str(volunteer.community_id) == village["id"]
        pairing = await _row(system, RegistryPairing, uuid.UUID(together.json()["id"]))
        assert isinstance(pairing, RegistryPairing)
        assert pairing.status == "active"
        kept = await _row(system, RegistryCollaboration, uuid.UUID(link["id"]))
        assert isinstance(kept, RegistryCollaboration)
        assert kept.supporting_region_code == "330200"

        # A change is an upsert of the new representation.
        got = await system.gateway.get(f"/v1/organizations/{org['id']}", headers=headers)
        changed = await system.gateway.patch(
            f"/v1/organizations/{org['id']}",
            json={"domains": ["legal_aid"]},
            headers={**headers, "If-Match": got.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
        await synced(system)
        row = await _row(system, RegistryOrganization, uuid.UUID(org["id"]))
        assert isinstance(row, RegistryOrganization)
        assert row.domains == ["legal_aid"]

    async def test_a_new_township_extends_the_tree(self, system: System) -> None:
        code = f"520102{int(suffix(), 16) % 1000:03d}"
        headers = await admin(system)
        existing = await system.gateway.get(f"/v1/regions/{code}", headers=headers)
        if existing.status_code == 404:
            body = {"code": code, "name": f"测试街道{suffix()}", "level": "township"}
            created = await system.gateway.post(
                "/v1/regions", json={**body, "parent_code": NANMING}, headers=headers
            )
            assert created.status_code == 201, created.text
        await synced(system)
        async with system.apps["matching"].state.database.sessionmaker() as session:
            assert await readmodel.region_path(session, code) == (
                code,
                NANMING,
                "520100",
                "520000",
            )
            assert code in await readmodel.region_descendant_codes(session, NANMING)
        # A village there can post needs that offers for its county reach.
        village = await community(system, region_code=code)
        posted = await need(system, village["id"])
        assert posted["region_code"] == code

    async def test_lag_shows_in_readyz_and_metrics(self, system: System) -> None:
        await organization(system)
        await synced(system)
        matching = system.direct["matching"]
        ready = await matching.get("/readyz", headers=system.signed())
        assert ready.status_code == 200, ready.text
        (status,) = ready.json()["followers"]
        assert status["name"] == readmodel.FOLLOWER_NAME
        assert status["service"] == "registry"
        assert status["lag_events"] == 0
        metrics = (await matching.get("/metrics")).text
        assert f'follower="{readmodel.FOLLOWER_NAME}"' in metrics


class TestStanding:
    async def test_a_dishonest_organization_stops_being_offered_within_seconds(
        self, system: System
    ) -> None:
        domain = f"d_{suffix()}"
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain)
        org = await organization(system, region_code=NANMING)
        offered = await offer(system, org["id"], domains=[domain])
        assert await _candidate_ids(system, wanted["id"]) == [offered["id"]]

        headers = await admin(system)
        got = await system.gateway.get(f"/v1/organizations/{org['id']}", headers=headers)
        started = time.monotonic()
        listed = await system.gateway.patch(
            f"/v1/organizations/{org['id']}",
            json={"credit_status": "dishonest"},
            headers={**headers, "If-Match": got.headers["ETag"]},
        )
        assert listed.status_code == 200, listed.text
        while await _candidate_ids(system, wanted["id"]):
            assert time.monotonic() - started < 5, "still offered 5 s after the dishonest listing"
        # A round does not consider it either.
        round_ = await system.gateway.post(
            "/v1/rounds", json={"domains": [domain], "dry_run": True}, headers=headers
        )
        assert round_.status_code == 201, round_.text
        assert round_.json()["offers_considered"] == 0

    async def test_a_suspended_organization_stops_being_offered(self, system: System) -> None:
        domain = f"d_{suffix()}"
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain)
        org = await organization(system, region_code=NANMING)
        offered = await offer(system, org["id"], domains=[domain])
        assert await _candidate_ids(system, wanted["id"]) == [offered["id"]]
        headers = await admin(system)
        got = await system.gateway.get(f"/v1/organizations/{org['id']}", headers=headers)
        started = time.monotonic()
        suspended = await system.gateway.patch(
            f"/v1/organizations/{org['id']}",
            json={"status": "suspended"},
            headers={**headers, "If-Match": got.headers["ETag"]},
        )
        assert suspended.status_code == 200, suspended.text
        while await _candidate_ids(system, wanted["id"]):
            assert time.monotonic() - started < 5, "still offered 5 s after the suspension"
        # And it may not offer anew.
        refused = await system.gateway.post(
            "/v1/offers",
            json={
                "provider": {"kind": "organization", "id": org["id"]},
                "title": "再次提供",
                "domains": [domain],
                "resource_kind": "volunteers",
                "capacity": 1,
                "service_region_codes": [NANMING],
                "window": {"start": TODAY.isoformat(), "end": TODAY.isoformat()},
            },
            headers=headers,
        )
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "provider_not_eligible"


class TestResync:
    async def test_the_lists_rebuild_what_was_lost(self, system: System) -> None:
        """What a follower behind the feed's retention does (the 410 path itself is the
        kernel's, tested in tests/common/test_follower.py): rebuild from the lists."""
        village = await community(system)
        org = await organization(system)
        async with system.apps["matching"].state.database.sessionmaker() as session:
            await session.execute(
                sa.delete(RegistryCommunity).where(RegistryCommunity.id == uuid.UUID(village["id"]))
            )
            await session.execute(
                sa.update(RegistryOrganization)
                .where(RegistryOrganization.id == uuid.UUID(org["id"]))
                .values(status="suspended")
            )
            await session.commit()
        client = RegistryClient(
            "http://registry",
            caller="matching",
            signer=system.signer,
            transport=system.apps["matching"].state.clients["registry"]._client._transport,
        )
        try:
            async with system.apps["matching"].state.database.sessionmaker() as session:
                await readmodel.resync(session, client)
                await session.commit()
        finally:
            await client.aclose()
        assert isinstance(
            await _row(system, RegistryCommunity, uuid.UUID(village["id"])), RegistryCommunity
        )
        row = await _row(system, RegistryOrganization, uuid.UUID(org["id"]))
        assert isinstance(row, RegistryOrganization)
        assert row.status == "active"
