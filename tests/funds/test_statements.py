"""Statements (JSON, CSV, XLSX) that reconcile, and the public disclosure."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from services.funds.domain.ledger import today
from tests.funds.support import donate, fund, organization, person
from tests.system_fixture import System

TODAY = today()  # the booking day (China Standard Time)


async def _statement(system: System, fund_id: str, fmt: str = "json", **dates: str) -> Any:
    params = {
        "from": dates.get("start", (TODAY - dt.timedelta(days=30)).isoformat()),
        "to": dates.get("end", (TODAY + dt.timedelta(days=1)).isoformat()),
        "format": fmt,
    }
    return await system.direct["funds"].get(
        f"/v1/funds/{fund_id}/statement", params=params, headers=person(system, "auditor")
    )


async def _busy_fund(system: System) -> dict[str, Any]:
    """Donations, goods and a partly disbursed grant."""
    created = await fund(system, approvals_required=1)
    await donate(system, created["id"], 10_000)
    await donate(
        system, created["id"], 2_500, donor={"kind": "person", "name": "隐名", "anonymous": True}
    )
    await donate(system, created["id"], 3_000, in_kind={"items": ["棉被"], "valuation": 3_000})
    grantee = await organization(system)
    funds = system.direct["funds"]
    grant = await funds.post(
        "/v1/grants",
        json={
            "fund_id": created["id"],
            "grantee_org_id": grantee["id"],
            "title": "助餐",
            "amount": 4_000,
        },
        headers=person(system, "submitter"),
    )
    grant_id = grant.json()["id"]
    await funds.post(f"/v1/grants/{grant_id}/approve", headers=person(system, "alice"))
    paid = await funds.post(
        f"/v1/grants/{grant_id}/disbursements", json={"amount": 1_500}, headers=person(system, "t")
    )
    assert paid.status_code == 201, paid.text
    return created


class TestStatement:
    async def test_json_reconciles_by_kind(self, system: System) -> None:
        created = await _busy_fund(system)
        response = await _statement(system, created["id"])
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["reconciled"] is True
        (cny,) = body["assets"]
        assert cny["opening"] == 0
        assert {line["kind"]: line["amount"] for line in cny["inflows"]} == {
            "donation": 12_500,
            "in_kind_donation": 3_000,
        }
        assert {line["kind"]: line["amount"] for line in cny["outflows"]} == {"disbursement": 1_500}
        assert cny["closing"] == 14_000
        assert cny["opening"] + cny["total_in"] - cny["total_out"] == cny["closing"]

    async def test_a_later_period_opens_with_the_earlier_closing(self, system: System) -> None:
        created = await _busy_fund(system)
        tomorrow = TODAY + dt.timedelta(days=1)
        later = await _statement(
            system,
            created["id"],
            start=tomorrow.isoformat(),
            end=(tomorrow + dt.timedelta(days=5)).isoformat(),
        )
        (cny,) = later.json()["assets"]
        assert (cny["opening"], cny["inflows"], cny["outflows"], cny["closing"]) == (
            14_000,
            [],
            [],
            14_000,
        )
        before = await _statement(
            system,
            created["id"],
            start="2020-01-01",
            end=(TODAY - dt.timedelta(days=2)).isoformat(),
        )
        (early,) = before.json()["assets"]
        assert (early["opening"], early["closing"]) == (0, 0)
        assert before.json()["reconciled"] is True

    async def test_csv_has_a_bom_and_the_same_numbers(self, system: System) -> None:
        created = await _busy_fund(system)
        response = await _statement(system, created["id"], "csv")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        figures = {(r[0], r[1], r[2]): int(r[4]) for r in rows[3:]}
        assert figures[("CNY", "opening", "")] == 0
        assert figures[("CNY", "inflow", "donation")] == 12_500
        assert figures[("CNY", "outflow", "disbursement")] == 1_500
        assert figures[("CNY", "closing", "")] == 14_000
        assert "隐名" not in response.content.decode("utf-8-sig")

    async def test_xlsx_reconciles(self, system: System) -> None:
        created = await _busy_fund(system)
        response = await _statement(system, created["id"], "xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        values = {(r[0], r[1]): r[4] for r in rows[3:] if r[2] in (None, "")}
        assert (
            values[("CNY", "opening")] + values[("CNY", "total_in")] - values[("CNY", "total_out")]
            == values[("CNY", "closing")]
            == 14_000
        )

    async def test_to_before_from_is_422(self, system: System) -> None:
        created = await fund(system)
        response = await _statement(system, created["id"], start="2026-02-01", end="2026-01-01")
        assert response.status_code == 422


class TestPublicDisclosure:
    async def test_without_credentials_and_without_personal_data(self, system: System) -> None:
        created = await _busy_fund(system)
        response = await system.gateway.get(f"/v1/public/funds/{created['id']}")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["balances"] == {"CNY": 14_000}
        assert body["donations_total"] == 15_500
        assert body["donations_count"] == 3
        assert body["in_kind_total"] == 3_000
        assert body["granted_total"] == 4_000
        assert body["disbursed_total"] == 1_500
        donors = sorted(d["donor"] for d in body["donations"])
        assert donors == ["匿名", "张三", "张三"]
        assert "隐名" not in response.text
        assert "submitter" not in response.text
        assert "alice" not in response.text

    async def test_other_fund_routes_still_need_credentials(self, system: System) -> None:
        created = await fund(system)
        response = await system.gateway.get(f"/v1/funds/{created['id']}")
        assert response.status_code == 401
