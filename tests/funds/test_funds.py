"""``/v1/funds``: the host is checked in the Registry; creating a fund opens its accounts."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.funds.db.models import Fund
from tests.factories import suffix
from tests.funds.support import balance, fund, organization, registry_down
from tests.system_fixture import System


async def _count_funds(system: System, name: str) -> int:
    engine = system.apps["funds"].state.database.engine
    async with engine.connect() as conn:
        return int(
            await conn.scalar(sa.select(sa.func.count()).where(Fund.__table__.c.name == name)) or 0
        )


class TestCreateFund:
    async def test_a_fund_opens_its_accounts(self, system: System) -> None:
        created = await fund(system, kind="special", restricted_domains=["elderly_care"])
        assert created["status"] == "active"
        assert created["restricted_domains"] == ["elderly_care"]
        assert set(created["accounts"]) == {"cash", "in_kind"}
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 0, "pending": 0}
        headers = await system.admin_headers()
        got = await system.gateway.get(f"/v1/funds/{created['id']}", headers=headers)
        assert got.json()["accounts"] == created["accounts"]

    async def test_a_time_bank_opens_its_issuer_and_store(self, system: System) -> None:
        created = await fund(
            system, kind="time_bank", time_bank_policy={"daily_cap": 240, "lifetime_cap": 1000}
        )
        assert set(created["accounts"]) == {"cash", "in_kind", "time_issuer", "store"}
        assert created["time_bank_policy"] == {"daily_cap": 240, "lifetime_cap": 1000}

    async def test_an_unknown_host_is_422(self, system: System) -> None:
        headers = await system.admin_headers()
        name = f"无主基金{suffix()}"
        body = {"name": name, "kind": "community", "host_org_id": str(uuid.uuid4())}
        response = await system.gateway.post("/v1/funds", json=body, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "host_org_unknown"
        assert await _count_funds(system, name) == 0

    async def test_a_dishonest_host_is_refused(self, system: System) -> None:
        host = await organization(system, credit_status="dishonest")
        headers = await system.admin_headers()
        name = f"失信基金{suffix()}"
        body = {"name": name, "kind": "named", "host_org_id": host["id"]}
        response = await system.gateway.post("/v1/funds", json=body, headers=headers)
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "host_not_eligible"
        assert "credit_dishonest" in response.json()["reasons"]
        assert await _count_funds(system, name) == 0

    async def test_with_the_registry_down_it_is_503_and_nothing_is_created(
        self, system: System
    ) -> None:
        host = await organization(system)
        headers = await system.admin_headers()
        name = f"断网基金{suffix()}"
        body = {"name": name, "kind": "community", "host_org_id": host["id"]}
        async with registry_down(system):
            response = await system.gateway.post("/v1/funds", json=body, headers=headers)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "upstream_unavailable"
        assert await _count_funds(system, name) == 0
        # And once the Registry is back, the same request works.
        again = await system.gateway.post("/v1/funds", json=body, headers=headers)
        assert again.status_code == 201, again.text

    async def test_a_policy_on_another_kind_is_422(self, system: System) -> None:
        host = await organization(system)
        headers = await system.admin_headers()
        body = {
            "name": f"基金{suffix()}",
            "kind": "community",
            "host_org_id": host["id"],
            "time_bank_policy": {"daily_cap": 60},
        }
        response = await system.gateway.post("/v1/funds", json=body, headers=headers)
        assert response.json()["code"] == "fund_kind_mismatch"


class TestListFunds:
    async def test_by_host_and_pages(self, system: System) -> None:
        host = await organization(system)
        ids = [(await fund(system, host_org_id=host["id"]))["id"] for _ in range(3)]
        headers = await system.admin_headers()
        seen: list[str] = []
        cursor = None
        while True:
            params = {
                "host_org_id": host["id"],
                "limit": 2,
                **({"cursor": cursor} if cursor else {}),
            }
            page = (await system.gateway.get("/v1/funds", params=params, headers=headers)).json()
            seen += [f["id"] for f in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == ids

    async def test_an_unknown_fund_is_404(self, system: System) -> None:
        headers = await system.admin_headers()
        response = await system.gateway.get(f"/v1/funds/{uuid.uuid4()}", headers=headers)
        assert response.status_code == 404
        assert response.json()["code"] == "fund_unknown"
