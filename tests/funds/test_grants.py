"""``/v1/grants``: distinct approvers, the reservation, disbursements, reject and cancel."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa

from services.funds.db.models import Transfer
from tests.funds.support import balance, donate, fund, organization, person, registry_down
from tests.system_fixture import System


async def _funded(system: System, amount: int, **over: Any) -> dict[str, Any]:
    created = await fund(system, **over)
    assert (await donate(system, created["id"], amount)).status_code == 201
    return created


async def _submit(system: System, fund_id: str, amount: int, **over: Any) -> Any:
    grantee = over.pop("grantee_org_id", None) or (await organization(system))["id"]
    body = {
        "fund_id": fund_id,
        "grantee_org_id": grantee,
        "title": "独居老人助餐",
        "amount": amount,
        **over,
    }
    return await system.direct["funds"].post(
        "/v1/grants", json=body, headers=person(system, "submitter")
    )


async def _act(system: System, grant_id: str, action: str, who: str, **kw: Any) -> Any:
    return await system.direct["funds"].post(
        f"/v1/grants/{grant_id}/{action}", headers=person(system, who), **kw
    )


async def _reservations(system: System, grant_id: str) -> int:
    engine = system.apps["funds"].state.database.engine
    table = Transfer.__table__
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.select(table.c.metadata).where(
                    table.c.kind == "grant_reserve", table.c.action == "pending"
                )
            )
        ).all()
    return sum(1 for (meta,) in rows if meta.get("grant_id") == grant_id)


class TestSubmit:
    async def test_an_eligible_grantee_is_submitted(self, system: System) -> None:
        created = await _funded(system, 10_000)
        response = await _submit(system, created["id"], 5_000)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "submitted"
        assert body["approvals"] == []
        assert body["approvals_required"] == 2

    async def test_a_dishonest_grantee_is_refused(self, system: System) -> None:
        created = await _funded(system, 10_000)
        bad = await organization(system, credit_status="dishonest")
        response = await _submit(system, created["id"], 5_000, grantee_org_id=bad["id"])
        assert response.status_code == 409
        assert response.json()["code"] == "grantee_not_eligible"

    async def test_with_the_registry_down_it_is_503(self, system: System) -> None:
        created = await _funded(system, 10_000)
        grantee = await organization(system)
        async with registry_down(system):
            response = await _submit(system, created["id"], 5, grantee_org_id=grantee["id"])
        assert response.status_code == 503
        assert response.json()["code"] == "upstream_unavailable"
        listed = await system.direct["funds"].get(
            "/v1/grants", params={"fund_id": created["id"]}, headers=person(system, "x")
        )
        assert listed.json()["items"] == []

    async def test_a_restricted_fund_grants_only_within_its_domains(self, system: System) -> None:
        created = await _funded(system, 10_000, restricted_domains=["elderly_care"])
        grantee = await organization(system, domains=["elderly_care"])
        outside = await _submit(
            system, created["id"], 100, grantee_org_id=grantee["id"], domain="children"
        )
        assert outside.status_code == 409
        assert outside.json()["code"] == "domain_restricted"
        missing = await _submit(system, created["id"], 100, grantee_org_id=grantee["id"])
        assert missing.json()["code"] == "domain_restricted"
        other = await organization(system, domains=["children"])
        wrong_org = await _submit(
            system, created["id"], 100, grantee_org_id=other["id"], domain="elderly_care"
        )
        assert wrong_org.json()["code"] == "domain_restricted"
        inside = await _submit(
            system, created["id"], 100, grantee_org_id=grantee["id"], domain="elderly_care"
        )
        assert inside.status_code == 201, inside.text


class TestApprove:
    async def test_two_distinct_approvers_reserve_the_amount(self, system: System) -> None:
        created = await _funded(system, 10_000)
        grant = (await _submit(system, created["id"], 6_000)).json()
        own = await _act(system, grant["id"], "approve", "submitter")
        assert own.status_code == 403
        assert own.json()["code"] == "self_approval"
        first = await _act(system, grant["id"], "approve", "alice")
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "submitted"
        twice = await _act(system, grant["id"], "approve", "alice")
        assert twice.status_code == 409
        assert twice.json()["code"] == "already_approved"
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": 10_000,
            "pending": 0,
        }
        second = await _act(system, grant["id"], "approve", "bob")
        assert second.status_code == 200, second.text
        body = second.json()
        assert body["status"] == "approved"
        assert sorted(body["approvals"]) == ["alice", "bob"]
        assert body["reservation_id"]
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": 10_000,
            "pending": -6_000,
        }

    async def test_concurrent_final_approvals_reserve_once(self, system: System) -> None:
        created = await _funded(system, 10_000, approvals_required=2)
        grant = (await _submit(system, created["id"], 4_000)).json()
        assert (await _act(system, grant["id"], "approve", "first")).status_code == 200
        answers = await asyncio.gather(
            *(_act(system, grant["id"], "approve", f"late-{i}") for i in range(4))
        )
        assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
        assert await _reservations(system, grant["id"]) == 1
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": 10_000,
            "pending": -4_000,
        }

    async def test_without_the_money_the_grant_waits_and_a_retry_reserves(
        self, system: System
    ) -> None:
        created = await _funded(system, 1_000, approvals_required=1)
        grant = (await _submit(system, created["id"], 3_000)).json()
        short = await _act(system, grant["id"], "approve", "alice")
        assert short.status_code == 409
        assert short.json()["code"] == "insufficient_funds"
        assert await donate(system, created["id"], 2_000)
        retried = await _act(system, grant["id"], "approve", "alice")
        assert retried.status_code == 200, retried.text
        assert retried.json()["status"] == "approved"
        assert await _reservations(system, grant["id"]) == 1


class TestDisburse:
    async def _approved(self, system: System, amount: int) -> tuple[dict[str, Any], str]:
        created = await _funded(system, 10_000, approvals_required=1)
        grant = (await _submit(system, created["id"], amount)).json()
        approved = await _act(system, grant["id"], "approve", "alice")
        assert approved.json()["status"] == "approved"
        return created, grant["id"]

    async def test_partial_posts_then_completed(self, system: System) -> None:
        created, grant_id = await self._approved(system, 5_000)
        part = await _act(system, grant_id, "disbursements", "treasurer", json={"amount": 2_000})
        assert part.status_code == 201, part.text
        assert part.json()["kind"] == "disbursement"
        got = await system.direct["funds"].get(
            f"/v1/grants/{grant_id}", headers=person(system, "x")
        )
        assert got.json()["status"] == "disbursing"
        assert got.json()["disbursed"] == 2_000
        too_much = await _act(system, grant_id, "disbursements", "t", json={"amount": 3_001})
        assert too_much.status_code == 422
        assert too_much.json()["code"] == "amount_invalid"
        rest = await _act(system, grant_id, "disbursements", "t", json={"amount": 3_000})
        assert rest.status_code == 201
        done = await system.direct["funds"].get(
            f"/v1/grants/{grant_id}", headers=person(system, "x")
        )
        assert done.json()["status"] == "completed"
        assert done.json()["disbursed"] == 5_000
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 5_000, "pending": 0}
        cancel = await _act(system, grant_id, "cancel", "alice", json={})
        assert cancel.status_code == 409
        assert cancel.json()["code"] == "grant_state"

    async def test_a_repeated_disbursement_with_a_key_posts_once(self, system: System) -> None:
        _, grant_id = await self._approved(system, 5_000)
        headers = {**person(system, "t"), "Idempotency-Key": f"d-{uuid.uuid4()}"}
        answers = [
            await system.direct["funds"].post(
                f"/v1/grants/{grant_id}/disbursements", json={"amount": 1_000}, headers=headers
            )
            for _ in range(3)
        ]
        assert len({a.json()["id"] for a in answers}) == 1
        got = await system.direct["funds"].get(
            f"/v1/grants/{grant_id}", headers=person(system, "x")
        )
        assert got.json()["disbursed"] == 1_000

    async def test_a_submitted_grant_cannot_be_disbursed(self, system: System) -> None:
        created = await _funded(system, 10_000)
        grant = (await _submit(system, created["id"], 100)).json()
        response = await _act(system, grant["id"], "disbursements", "t", json={"amount": 1})
        assert response.status_code == 409
        assert response.json()["code"] == "grant_state"


class TestRejectAndCancel:
    async def test_reject_a_submitted_grant(self, system: System) -> None:
        created = await _funded(system, 10_000)
        grant = (await _submit(system, created["id"], 100)).json()
        rejected = await _act(system, grant["id"], "reject", "alice", json={"reason": "预算不符"})
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["status"] == "rejected"
        late = await _act(system, grant["id"], "approve", "bob")
        assert late.json()["code"] == "grant_state"

    async def test_cancel_voids_what_is_left(self, system: System) -> None:
        created = await _funded(system, 10_000, approvals_required=1)
        grant = (await _submit(system, created["id"], 6_000)).json()
        await _act(system, grant["id"], "approve", "alice")
        await _act(system, grant["id"], "disbursements", "t", json={"amount": 1_000})
        cancelled = await _act(system, grant["id"], "cancel", "alice", json={})
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["disbursed"] == 1_000
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 9_000, "pending": 0}
        again = await _act(system, grant["id"], "cancel", "alice", json={})
        assert again.status_code == 200
        after = await _act(system, grant["id"], "disbursements", "t", json={"amount": 1})
        assert after.json()["code"] == "grant_state"
