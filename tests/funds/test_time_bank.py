"""``/v1/time-bank``: earn once per source, caps, redeem never below zero, gifts, history."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import uuid
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook

from services.common.db import utcnow
from services.common.identity import Identity
from services.funds.app import finish_stranded_once
from services.funds.db.models import TimeBankEntry
from tests.funds.support import balance, fund, person, registry_down, volunteer
from tests.system_fixture import System


async def _earn(system: System, fund_id: str, volunteer_id: str, minutes: int, **over: Any) -> Any:
    body = {
        "fund_id": fund_id,
        "volunteer_id": volunteer_id,
        "minutes": minutes,
        "source": over.pop("source", f"svc-{uuid.uuid4()}"),
        "place": "鼓楼街道日间照料中心",
        "content": "为独居老人理发",
        **over,
    }
    return await system.direct["funds"].post(
        "/v1/time-bank/earn", json=body, headers=person(system, "recorder")
    )


async def _post(system: System, path: str, body: dict[str, Any]) -> Any:
    return await system.direct["funds"].post(path, json=body, headers=person(system, "clerk"))


async def _history(system: System, volunteer_id: str) -> dict[str, Any]:
    response = await system.direct["funds"].get(
        f"/v1/time-bank/{volunteer_id}", headers=person(system, "x")
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


class TestEarn:
    async def test_a_service_record_credits_minutes(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        vol = await volunteer(system)
        response = await _earn(system, bank["id"], vol["id"], 90, served_on="2026-05-01")
        assert response.status_code == 201, response.text
        entry = response.json()
        assert (entry["kind"], entry["status"], entry["minutes"]) == ("earn", "posted", 90)
        assert entry["recorded_by"] == "recorder"
        record = await _history(system, vol["id"])
        assert record["balances"][0]["minutes"] == 90
        line = record["entries"][0]
        assert (line["served_on"], line["place"], line["content"]) == (
            "2026-05-01",
            "鼓楼街道日间照料中心",
            "为独居老人理发",
        )
        assert await balance(system, bank["accounts"]["time_issuer"]) == {
            "posted": -90,
            "pending": 0,
        }

    async def test_the_same_source_counts_once(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        vol = await volunteer(system)
        source = f"match:{uuid.uuid4()}"
        answers = await asyncio.gather(
            *(_earn(system, bank["id"], vol["id"], 60, source=source) for _ in range(5))
        )
        assert sorted(a.status_code for a in answers) == [200, 200, 200, 200, 201]
        assert len({a.json()["id"] for a in answers}) == 1
        assert (await _history(system, vol["id"]))["balances"][0]["minutes"] == 60
        other = await _earn(system, bank["id"], vol["id"], 61, source=source)
        assert other.status_code == 409
        assert other.json()["code"] == "time_bank_source_conflict"

    async def test_daily_and_lifetime_caps(self, system: System) -> None:
        bank = await fund(
            system, kind="time_bank", time_bank_policy={"daily_cap": 120, "lifetime_cap": 200}
        )
        vol = await volunteer(system)
        assert (
            await _earn(system, bank["id"], vol["id"], 100, served_on="2026-05-01")
        ).status_code == 201
        over_day = await _earn(system, bank["id"], vol["id"], 21, served_on="2026-05-01")
        assert over_day.status_code == 409
        assert over_day.json()["code"] == "time_bank_cap_exceeded"
        assert over_day.json()["cap"] == "daily"
        assert (
            await _earn(system, bank["id"], vol["id"], 20, served_on="2026-05-01")
        ).status_code == 201
        assert (
            await _earn(system, bank["id"], vol["id"], 80, served_on="2026-05-02")
        ).status_code == 201
        over_life = await _earn(system, bank["id"], vol["id"], 1, served_on="2026-05-03")
        assert over_life.json()["cap"] == "lifetime"
        assert (await _history(system, vol["id"]))["balances"][0]["minutes"] == 200

    async def test_concurrent_earnings_never_pass_the_cap(self, system: System) -> None:
        bank = await fund(system, kind="time_bank", time_bank_policy={"daily_cap": 100})
        vol = await volunteer(system)
        answers = await asyncio.gather(
            *(_earn(system, bank["id"], vol["id"], 30, served_on="2026-06-01") for _ in range(6))
        )
        assert sorted(a.status_code for a in answers) == [201, 201, 201, 409, 409, 409]
        assert (await _history(system, vol["id"]))["balances"][0]["minutes"] == 90

    async def test_an_officer_changes_the_caps_with_if_match(self, system: System) -> None:
        bank = await fund(system, kind="time_bank", time_bank_policy={"daily_cap": 60})
        vol = await volunteer(system)
        day = "2026-07-01"
        assert (await _earn(system, bank["id"], vol["id"], 60, served_on=day)).status_code == 201
        assert (await _earn(system, bank["id"], vol["id"], 30, served_on=day)).status_code == 409
        officer = person(system, "officer-1")
        funds = system.direct["funds"]
        got = await funds.get(f"/v1/funds/{bank['id']}", headers=officer)
        etag = got.headers["etag"]
        path = f"/v1/funds/{bank['id']}/time-bank-policy"
        missing = await funds.patch(path, json={"daily_cap": 120}, headers=officer)
        assert missing.status_code == 428
        changed = await funds.patch(
            path,
            json={"daily_cap": 120, "lifetime_cap": 100},
            headers={**officer, "If-Match": etag},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["time_bank_policy"] == {"daily_cap": 120, "lifetime_cap": 100}
        assert changed.headers["etag"] != etag
        stale = await funds.patch(
            path, json={"daily_cap": 5}, headers={**officer, "If-Match": etag}
        )
        assert stale.status_code == 412
        assert (await _earn(system, bank["id"], vol["id"], 30, served_on=day)).status_code == 201
        over = await _earn(system, bank["id"], vol["id"], 20, served_on="2026-07-02")
        assert over.json()["cap"] == "lifetime"  # 90 earned, cap 100
        # null removes a cap; a member left out stays.
        etag = changed.headers["etag"]
        lifted = await funds.patch(
            path, json={"lifetime_cap": None}, headers={**officer, "If-Match": etag}
        )
        assert lifted.json()["time_bank_policy"] == {"daily_cap": 120, "lifetime_cap": None}
        assert (
            await _earn(system, bank["id"], vol["id"], 20, served_on="2026-07-02")
        ).status_code == 201
        volunteer_user = system.signed(
            Identity(sub="v", kind="user", role="volunteer", scopes=frozenset({"funds:write"}))
        )
        refused = await funds.patch(
            path, json={"daily_cap": 1}, headers={**volunteer_user, "If-Match": "*"}
        )
        assert refused.status_code == 403
        plain = await fund(system)
        wrong = await funds.patch(
            f"/v1/funds/{plain['id']}/time-bank-policy",
            json={"daily_cap": 1},
            headers={**officer, "If-Match": "*"},
        )
        assert wrong.status_code == 409
        assert wrong.json()["code"] == "fund_kind_mismatch"

    async def test_two_editors_with_one_etag_one_wins(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        officer = person(system, "officer-2")
        funds = system.direct["funds"]
        etag = (await funds.get(f"/v1/funds/{bank['id']}", headers=officer)).headers["etag"]
        answers = await asyncio.gather(
            *(
                funds.patch(
                    f"/v1/funds/{bank['id']}/time-bank-policy",
                    json={"daily_cap": 10 + i},
                    headers={**officer, "If-Match": etag},
                )
                for i in range(6)
            )
        )
        assert sorted(a.status_code for a in answers) == [200] + [412] * 5, [
            a.text for a in answers
        ]
        won = next(a for a in answers if a.status_code == 200).json()["time_bank_policy"]
        now = (await funds.get(f"/v1/funds/{bank['id']}", headers=officer)).json()
        assert now["time_bank_policy"] == won

    async def test_an_unknown_volunteer_is_422_and_a_down_registry_503(
        self, system: System
    ) -> None:
        bank = await fund(system, kind="time_bank")
        unknown = await _earn(system, bank["id"], str(uuid.uuid4()), 10)
        assert unknown.json()["code"] == "volunteer_unknown"
        vol = await volunteer(system)
        async with registry_down(system):
            down = await _earn(system, bank["id"], vol["id"], 10)
        assert down.status_code == 503
        assert down.json()["code"] == "upstream_unavailable"
        assert (await _history(system, vol["id"]))["entries"] == []

    async def test_only_a_time_bank_earns(self, system: System) -> None:
        plain = await fund(system)
        vol = await volunteer(system)
        response = await _earn(system, plain["id"], vol["id"], 10)
        assert response.json()["code"] == "fund_kind_mismatch"


class TestRedeemAndGift:
    async def test_redeem_never_below_zero(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        vol = await volunteer(system)
        await _earn(system, bank["id"], vol["id"], 60)
        body = {"fund_id": bank["id"], "volunteer_id": vol["id"], "item": "大米 5 公斤"}
        short = await _post(system, "/v1/time-bank/redeem", {**body, "minutes": 61})
        assert short.status_code == 409
        assert short.json()["code"] == "insufficient_funds"
        ok = await _post(system, "/v1/time-bank/redeem", {**body, "minutes": 45})
        assert ok.status_code == 201, ok.text
        assert await balance(system, bank["accounts"]["store"]) == {"posted": 45, "pending": 0}
        record = await _history(system, vol["id"])
        assert record["balances"][0]["minutes"] == 15
        assert [e["kind"] for e in record["entries"]] == ["redeem", "earn"]  # refused one absent

    async def test_gift_to_a_family_member(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        giver, parent = await volunteer(system), await volunteer(system)
        await _earn(system, bank["id"], giver["id"], 100)
        body = {
            "fund_id": bank["id"],
            "from_volunteer_id": giver["id"],
            "to_volunteer_id": parent["id"],
            "relation": "parent",
        }
        too_much = await _post(system, "/v1/time-bank/gifts", {**body, "minutes": 101})
        assert too_much.json()["code"] == "insufficient_funds"
        ok = await _post(system, "/v1/time-bank/gifts", {**body, "minutes": 40})
        assert ok.status_code == 201, ok.text
        assert (await _history(system, giver["id"]))["balances"][0]["minutes"] == 60
        received = await _history(system, parent["id"])
        assert received["balances"][0]["minutes"] == 40
        assert received["entries"][0]["kind"] == "gift_in"
        assert received["entries"][0]["relation"] == "parent"


class TestExport:
    async def test_the_history_exports_as_xlsx(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        vol = await volunteer(system)
        await _earn(system, bank["id"], vol["id"], 75, served_on="2026-04-02")
        response = await system.direct["funds"].get(
            f"/v1/time-bank/{vol['id']}/export", headers=person(system, "x")
        )
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        line = rows[-1]
        assert line[:5] == ["2026-04-02", "服务", "鼓楼街道日间照料中心", "为独居老人理发", 75]
        assert line[6] == "recorder"
        assert "13705741122" not in str(rows)  # no volunteer personal data


class TestStranded:
    async def test_the_worker_finishes_a_stranded_earning(self, system: System) -> None:
        """An earning whose ledger write never happened (a crash after its row) is completed
        by the ledger worker's sweep, once; a redemption that never moved is marked failed."""
        bank = await fund(system, kind="time_bank")
        vol = await volunteer(system)
        assert (await _earn(system, bank["id"], vol["id"], 30)).status_code == 201
        earn = await _stranded(
            system, bank["id"], vol["id"], "earn", 45, source=f"s:{uuid.uuid4()}"
        )
        redeem = await _stranded(system, bank["id"], vol["id"], "redeem", 10, item="米")
        young = await _stranded(system, bank["id"], vol["id"], "earn", 5, age=0, source="young")
        app = system.apps["funds"]
        assert await finish_stranded_once(app) >= 2
        rows = await _entries(system, vol["id"])
        assert rows[earn].status == "posted"
        assert rows[earn].transfer_id is not None
        assert (rows[redeem].status, rows[redeem].failure) == ("failed", "stranded")
        assert rows[young].status == "pending"  # its request may still be under way
        record = await _history(system, vol["id"])
        assert record["balances"][0]["minutes"] == 75
        await finish_stranded_once(app)
        assert (await _history(system, vol["id"]))["balances"][0]["minutes"] == 75
        verify = await system.gateway.get("/v1/ledger/verify", headers=await system.admin_headers())
        assert verify.json()["ok"] is True


async def _stranded(
    system: System,
    fund_id: str,
    volunteer_id: str,
    kind: str,
    minutes: int,
    age: int = 120,
    **extra: Any,
) -> uuid.UUID:
    """A history line as a crash between its row and its transfer left it (``pending``)."""
    entry_id = uuid.uuid4()
    engine = system.apps["funds"].state.database.engine
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(TimeBankEntry.__table__).values(
                id=entry_id,
                fund_id=uuid.UUID(fund_id),
                volunteer_id=uuid.UUID(volunteer_id),
                kind=kind,
                status="pending",
                minutes=minutes,
                served_on=dt.date(2026, 8, 1),
                recorded_by="recorder",
                created_at=utcnow() - dt.timedelta(seconds=age),
                **extra,
            )
        )
    return entry_id


async def _entries(system: System, volunteer_id: str) -> dict[uuid.UUID, Any]:
    engine = system.apps["funds"].state.database.engine
    table = TimeBankEntry.__table__
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.select(table).where(table.c.volunteer_id == uuid.UUID(volunteer_id))
            )
        ).all()
    return {r.id: r for r in rows}
