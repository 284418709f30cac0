"""``/v1/rounds``: one exact allocation, written as proposed matches; never the same capacity
twice, even when two rounds race."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa

from services.matching.db.lifecycle import Match
from tests.factories import suffix
from tests.matching.support import (
    NANMING,
    admin,
    community,
    need,
    offer,
    organization,
    person,
)
from tests.system_fixture import System


async def _matches(system: System, domain_needs: list[str]) -> list[Any]:
    table = Match.__table__
    async with system.apps["matching"].state.database.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(table).where(table.c.need_id.in_([uuid.UUID(n) for n in domain_needs]))
        )
        return list(rows)


async def _events(system: System, type_: str, subject_id: str) -> int:
    kernel = system.apps["matching"].state.kernel_tables
    async with system.apps["matching"].state.database.engine.connect() as conn:
        return int(
            await conn.scalar(
                sa.select(sa.func.count()).where(
                    kernel.events.c.type == type_, kernel.events.c.subject_id == subject_id
                )
            )
            or 0
        )


async def _scene(system: System) -> tuple[str, list[str], list[dict[str, Any]]]:
    """Two needs of 2 in a village of 南明; offers of 3 (local) and 1 (the province)."""
    domain = f"d_{suffix()}"
    village = await community(system)
    needs = [
        (await need(system, village["id"], domain=domain, quantity=2, urgency=u))["id"]
        for u in ("high", "normal")
    ]
    org = await organization(system, region_code=NANMING)
    offers = [
        await offer(system, org["id"], domains=[domain], capacity=3),
        await offer(
            system, org["id"], domains=[domain], capacity=1, service_region_codes=["520000"]
        ),
    ]
    return domain, needs, offers


async def _round(system: System, **body: Any) -> dict[str, Any]:
    response = await system.gateway.post("/v1/rounds", json=body, headers=await admin(system))
    assert response.status_code == 201, response.text
    return dict(response.json())


class TestRound:
    async def test_a_round_proposes_an_allocation_within_every_capacity(
        self, system: System
    ) -> None:
        domain, needs, offers = await _scene(system)
        dry = await _round(system, domains=[domain], dry_run=True)
        assert dry["needs_considered"] == 2
        assert dry["offers_considered"] == 2
        assert dry["matches_proposed"] == 0
        assert dry["optimal"] is True
        assert await _matches(system, needs) == []

        done = await _round(system, domains=[domain])
        assert done["objective"] == dry["objective"] > 0
        rows = await _matches(system, needs)
        assert done["matches_proposed"] == len(rows) > 0
        assert {r.status for r in rows} == {"proposed"}
        assert {str(r.round_id) for r in rows} == {done["id"]}
        for n in needs:
            assert sum(r.quantity for r in rows if str(r.need_id) == n) == 2
        for o in offers:
            held = sum(r.quantity for r in rows if str(r.offer_id) == o["id"])
            assert held <= o["capacity"]
        assert done["objective"] == sum(r.score * r.quantity for r in rows)
        assert all(r.reasons["parts"]["domain"] > 0 for r in rows)
        assert await _events(system, "round.completed", done["id"]) == 1
        for r in rows:
            assert await _events(system, "match.proposed", str(r.id)) == 1

        got = await system.gateway.get(f"/v1/rounds/{done['id']}", headers=await admin(system))
        assert got.status_code == 200
        assert got.json() == done

        # Everything is spoken for: a second round finds nothing left to propose.
        again = await _round(system, domains=[domain])
        assert again["needs_considered"] == 0
        assert again["matches_proposed"] == 0
        assert len(await _matches(system, needs)) == len(rows)

    async def test_capacity_held_by_proposals_is_not_proposed_again(self, system: System) -> None:
        domain, _needs, _offers = await _scene(system)
        await _round(system, domains=[domain])
        # A third need arrives: the offers are fully proposed, so nothing is left for it.
        village = await community(system)
        late = (await need(system, village["id"], domain=domain, quantity=1))["id"]
        later = await _round(system, domains=[domain])
        assert later["needs_considered"] == 1
        assert later["offers_considered"] == 0
        assert await _matches(system, [late]) == []

    async def test_a_region_scope_leaves_other_regions_alone(self, system: System) -> None:
        domain, _needs, _ = await _scene(system)
        elsewhere = await _round(system, domains=[domain], region_code="330000", dry_run=True)
        assert elsewhere["needs_considered"] == 0
        inside = await _round(system, domains=[domain], region_code="520100", dry_run=True)
        assert inside["needs_considered"] == 2


class TestRace:
    async def test_two_rounds_at_once_never_propose_the_same_capacity(self, system: System) -> None:
        domain, needs, offers = await _scene(system)
        headers = await admin(system)

        async def run() -> Any:
            return await system.gateway.post(
                "/v1/rounds", json={"domains": [domain]}, headers=headers
            )

        first, second = await asyncio.gather(run(), run())
        assert first.status_code == second.status_code == 201, (first.text, second.text)
        proposed = sorted([first.json()["matches_proposed"], second.json()["matches_proposed"]])
        assert proposed[0] == 0  # the second to take the lock found everything spoken for
        rows = await _matches(system, needs)
        assert len(rows) == proposed[1]
        for o in offers:
            assert sum(r.quantity for r in rows if str(r.offer_id) == o["id"]) <= o["capacity"]
        for n in needs:
            assert sum(r.quantity for r in rows if str(r.need_id) == n) <= 2


class TestRefusals:
    async def test_an_unknown_region_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/rounds", json={"region_code": "999999"}, headers=await admin(system)
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "region_unknown"

    async def test_an_org_admin_may_not_run_a_round(self, system: System) -> None:
        org = await organization(system)
        response = await system.direct["matching"].post(
            "/v1/rounds",
            json={"dry_run": True},
            headers=person(system, "org_admin", org_id=org["id"]),
        )
        assert response.status_code == 403, response.text

    async def test_a_missing_round_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"/v1/rounds/{uuid.uuid4()}", headers=await admin(system)
        )
        assert response.status_code == 404, response.text
