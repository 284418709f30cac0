"""``/v1/donations``: money and goods, gapless receipt numbers, anonymous donors."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from services.common.db import utcnow
from services.funds.api.deps import fingerprint
from services.funds.app import finish_stranded_once
from services.funds.db.models import Donation, Transfer
from services.funds.domain.donation import donation_json, donation_read
from tests.funds.support import balance, donate, fund, person
from tests.system_fixture import System


async def _donation_rows(system: System, fund_id: str) -> list[Donation]:
    engine = system.apps["funds"].state.database.engine
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.select(Donation.__table__).where(
                    Donation.__table__.c.fund_id == uuid.UUID(fund_id)
                )
            )
        ).all()
    return list(rows)  # type: ignore[arg-type]


async def _transfers_of(system: System, account_id: str) -> int:
    engine = system.apps["funds"].state.database.engine
    table = Transfer.__table__
    async with engine.connect() as conn:
        return int(
            await conn.scalar(
                sa.select(sa.func.count()).where(table.c.credit_account_id == uuid.UUID(account_id))
            )
            or 0
        )


class TestCreateDonation:
    async def test_money_arrives_with_a_receipt_number(self, system: System) -> None:
        created = await fund(system)
        response = await donate(system, created["id"], 50_000, purpose="助老")
        assert response.status_code == 201, response.text
        body = response.json()
        year = dt.date.today().year
        assert body["status"] == "received"
        assert body["receipt_no"].endswith(f"-{year}-000001")
        assert body["transfer"]["amount"] == 50_000
        assert body["transfer"]["kind"] == "donation"
        assert body["transfer"]["credit_account_id"] == created["accounts"]["cash"]
        assert "张三" not in str(body["transfer"]["metadata"])  # no names in the journal
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": 50_000,
            "pending": 0,
        }
        second = (await donate(system, created["id"], 1)).json()
        assert second["receipt_no"].endswith(f"-{year}-000002")

    async def test_the_answer_is_what_the_models_give(self, system: System) -> None:
        """The answer is built without the response models: it must be their exact JSON."""
        created = await fund(system)
        donor = {"kind": "enterprise", "name": "某茶业公司", "anonymous": True}
        goods = {"items": ["大米 50 袋"], "valuation": 2_000}
        response = await donate(system, created["id"], 2_000, donor=donor, in_kind=goods)
        assert response.status_code == 201, response.text
        body = response.json()
        headers = await system.admin_headers()
        got = await system.gateway.get(f"/v1/donations/{body['id']}", headers=headers)
        transfer = await system.gateway.get(f"/v1/transfers/{body['transfer_id']}", headers=headers)
        assert body == {**got.json(), "transfer": transfer.json()}
        for row in await _donation_rows(system, created["id"]):
            for reveal in (True, False):
                model = donation_read(row, reveal=reveal).model_dump(mode="json")  # type: ignore[arg-type]
                del model["transfer"]
                assert donation_json(dict(row._mapping), reveal=reveal) == model

    async def test_goods_are_booked_at_their_valuation(self, system: System) -> None:
        created = await fund(system)
        response = await donate(
            system,
            created["id"],
            110_000,
            in_kind={"items": ["大米 50 袋", "食用油 20 桶"], "valuation": 110_000},
        )
        assert response.status_code == 201, response.text
        assert response.json()["transfer"]["kind"] == "in_kind_donation"
        assert await balance(system, created["accounts"]["in_kind"]) == {
            "posted": 110_000,
            "pending": 0,
        }
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 0, "pending": 0}
        wrong = await donate(system, created["id"], 5, in_kind={"items": ["书"], "valuation": 6})
        assert wrong.status_code == 422

    async def test_an_unknown_fund_is_422_and_books_nothing(self, system: System) -> None:
        response = await donate(system, str(uuid.uuid4()), 100)
        assert response.status_code == 422
        assert response.json()["code"] == "fund_unknown"

    async def test_concurrent_donations_get_numbers_1_to_n(self, system: System) -> None:
        created = await fund(system)
        answers = await asyncio.gather(*(donate(system, created["id"], 100 + i) for i in range(10)))
        assert {a.status_code for a in answers} == {201}
        numbers = sorted(int(a.json()["receipt_no"].rsplit("-", 1)[1]) for a in answers)
        assert numbers == list(range(1, 11))
        rows = await _donation_rows(system, created["id"])
        assert sorted(r.receipt_seq for r in rows) == list(range(1, 11))
        assert {r.status for r in rows} == {"received"}
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": sum(100 + i for i in range(10)),
            "pending": 0,
        }

    async def test_a_refused_transfer_spends_no_number(self, system: System) -> None:
        created = await fund(system)
        assert (await donate(system, created["id"], 10)).status_code == 201
        # A sealed period makes the ledger refuse the next donation's transfer.
        headers = await system.admin_headers()
        today = dt.date.today() + dt.timedelta(days=1)  # covers today in any time zone
        sealed = await system.gateway.post(
            "/v1/periods/close",
            json={"fund_id": created["id"], "until": today.isoformat()},
            headers=headers,
        )
        assert sealed.status_code == 201, sealed.text
        refused = await donate(system, created["id"], 20)
        assert refused.status_code == 409
        assert refused.json()["code"] == "period_sealed"
        rows = await _donation_rows(system, created["id"])
        assert [(r.receipt_seq, r.amount) for r in rows] == [(1, 10)]
        assert await _transfers_of(system, created["accounts"]["cash"]) == 1

    async def test_a_repeat_with_the_same_key_donates_once(self, system: System) -> None:
        created = await fund(system)
        key = {"Idempotency-Key": f"don-{uuid.uuid4()}"}
        answers = await asyncio.gather(
            *(donate(system, created["id"], 700, headers=key) for _ in range(5))
        )
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        assert len({a.json()["receipt_no"] for a in answers}) == 1
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 700, "pending": 0}
        other = await donate(system, created["id"], 701, headers=key)
        assert other.status_code == 422
        assert other.json()["code"] == "idempotency_mismatch"

    async def test_a_pending_donation_is_finished_by_its_retry(self, system: System) -> None:
        """A donation an earlier version left half-way (its row written ``pending``, the money
        not moved: a crash between its steps) is completed by the client's retry: the money
        moves once and the receipt number is the next one."""
        created = await fund(system)
        key = f"don-{uuid.uuid4()}"
        before = await donate(system, created["id"], 5, headers={"Idempotency-Key": f"{key}-0"})
        (first,) = await _donation_rows(system, created["id"])
        assert first.principal  # whom the gateway vouched for: the key's owner
        donation_id = await _legacy_pending(system, created["id"], 300, key, first.principal)
        again = await donate(system, created["id"], 300, headers={"Idempotency-Key": key})
        assert again.status_code == 201, again.text
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json()["id"] == str(donation_id)
        assert again.json()["receipt_no"].endswith("-000002")
        assert before.json()["receipt_no"].endswith("-000001")
        twice = await donate(system, created["id"], 300, headers={"Idempotency-Key": key})
        assert twice.json()["transfer"]["id"] == again.json()["transfer"]["id"]
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 305, "pending": 0}
        headers = await system.admin_headers()
        got = await system.gateway.get(f"/v1/donations/{donation_id}", headers=headers)
        assert got.json()["status"] == "received"

    async def test_the_finisher_completes_a_stranded_donation(self, system: System) -> None:
        created = await fund(system)
        donation_id = await _legacy_pending(system, created["id"], 400, None, age_seconds=120)
        young = await _legacy_pending(system, created["id"], 401, None)
        app = system.apps["funds"]
        assert await finish_stranded_once(app) >= 1
        rows = {r.id: r for r in await _donation_rows(system, created["id"])}
        assert rows[donation_id].status == "received"
        assert rows[donation_id].receipt_seq == 1
        assert rows[young].status == "pending"  # its request may still be under way
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 400, "pending": 0}
        await finish_stranded_once(app)  # nothing left of it: nothing moves twice
        assert await balance(system, created["accounts"]["cash"]) == {"posted": 400, "pending": 0}

    async def test_64_concurrent_donations_into_one_fund(self, system: System) -> None:
        """Every one acknowledged, receipt numbers 1..64 with no gap or repeat, balances sum,
        and far fewer commits than donations (they are grouped)."""
        created = await fund(system)
        writer = system.apps["funds"].state.ledger_writer
        batches = writer.batches
        amounts = [100 + i for i in range(64)]
        answers = await asyncio.wait_for(
            asyncio.gather(*(donate(system, created["id"], a) for a in amounts)), 60
        )
        assert [a.status_code for a in answers] == [201] * 64, [a.text for a in answers][:3]
        numbers = sorted(int(a.json()["receipt_no"].rsplit("-", 1)[1]) for a in answers)
        assert numbers == list(range(1, 65))
        rows = await _donation_rows(system, created["id"])
        assert sorted(r.receipt_seq for r in rows) == list(range(1, 65))
        assert {r.status for r in rows} == {"received"}
        assert len({r.transfer_id for r in rows}) == 64
        assert await balance(system, created["accounts"]["cash"]) == {
            "posted": sum(amounts),
            "pending": 0,
        }
        assert await _transfers_of(system, created["accounts"]["cash"]) == 64
        assert writer.batches - batches < 64


async def _legacy_pending(
    system: System,
    fund_id: str,
    amount: int,
    key: str | None,
    principal: str | None = None,
    age_seconds: int = 0,
) -> uuid.UUID:
    """A donation row as the three-step design's first step left it (``pending``, no money)."""
    engine = system.apps["funds"].state.database.engine
    donation_id = uuid.uuid4()
    request_hash = (
        fingerprint(
            "/v1/donations",
            {
                "fund_id": fund_id,
                "donor": {"kind": "person", "name": "张三", "anonymous": False},
                "amount": amount,
                "asset": "CNY",
                "in_kind": None,
                "purpose": None,
            },
        )
        if key
        else None
    )
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(Donation.__table__).values(
                id=donation_id,
                fund_id=uuid.UUID(fund_id),
                status="pending",
                donor_kind="person",
                donor_name="张三",
                anonymous=False,
                amount=amount,
                asset="CNY",
                principal=principal,
                idempotency_key=key,
                request_hash=request_hash,
                created_by="admin",
                created_at=utcnow() - dt.timedelta(seconds=age_seconds),
            )
        )
    return donation_id


class TestAnonymousDonors:
    async def test_the_name_is_shown_only_with_pii_read(self, system: System) -> None:
        created = await fund(system)
        donor = {"kind": "person", "name": "李匿名者", "anonymous": True}
        response = await donate(system, created["id"], 900, donor=donor)
        assert response.status_code == 201
        donation_id = response.json()["id"]
        reader = person(system, "auditor", "funds:read")
        plain = await system.direct["funds"].get(f"/v1/donations/{donation_id}", headers=reader)
        assert plain.json()["donor"]["name"] == "匿名"
        listed = await system.direct["funds"].get(
            "/v1/donations", params={"fund_id": created["id"]}, headers=reader
        )
        assert "李匿名者" not in listed.text
        allowed = person(system, "officer", "funds:read", "pii:read")
        full = await system.direct["funds"].get(f"/v1/donations/{donation_id}", headers=allowed)
        assert full.json()["donor"]["name"] == "李匿名者"

    async def test_the_event_masks_the_name(self, system: System) -> None:
        created = await fund(system)
        donor = {"kind": "person", "name": "王不留名", "anonymous": True}
        response = await donate(system, created["id"], 901, donor=donor)
        donation_id = response.json()["id"]
        reader = person(system, "feed-reader", "funds:read")
        feed = await system.direct["funds"].get(
            "/v1/events/funds", params={"types": "donation.received", "limit": 500}, headers=reader
        )
        assert feed.status_code == 200, feed.text
        mine = [e for e in feed.json()["items"] if e["subject"]["id"] == donation_id]
        assert len(mine) == 1
        assert mine[0]["data"]["donor"]["name"] == "匿名"
        assert "王不留名" not in feed.text


class TestWriterMetrics:
    async def test_metrics_count_the_group_commits_of_concurrent_donations(
        self, system: System
    ) -> None:
        """``/metrics`` tells commits, the requests they answered and their transfer groups:
        concurrent donations share commits (requests per commit is the group commit's gain)."""

        async def counters() -> dict[str, float]:
            response = await system.direct["funds"].get("/metrics", headers=system.signed())
            assert response.status_code == 200, response.text
            return {
                sample.name: sample.value
                for family in text_string_to_metric_families(response.text)
                for sample in family.samples
                if sample.name.startswith("wushe_ledger_writer_")
            }

        created = await fund(system)
        before = await counters()
        answers = await asyncio.gather(*(donate(system, created["id"], 100) for _ in range(12)))
        assert [a.status_code for a in answers] == [201] * 12
        after = await counters()
        delta = {name: after[name] - before.get(name, 0.0) for name in after}
        assert set(delta) == {
            "wushe_ledger_writer_batches_total",
            "wushe_ledger_writer_requests_total",
            "wushe_ledger_writer_groups_total",
        }
        requests = delta["wushe_ledger_writer_requests_total"]
        assert requests >= 12  # the twelve donations (and whatever expired meanwhile)
        assert delta["wushe_ledger_writer_groups_total"] >= requests
        assert 1 <= delta["wushe_ledger_writer_batches_total"] <= requests
