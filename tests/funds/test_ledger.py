"""The ledger: transfers, two-phase reservations, batches, idempotency, verification, periods."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import uuid
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from tests.factories import suffix
from tests.system_fixture import System


async def _account(
    system: System, *, asset: str = "CNY", allow_negative: bool = False, kind: str = "cash"
) -> dict[str, Any]:
    headers = await system.admin_headers()
    response = await system.gateway.post(
        "/v1/accounts",
        json={
            "code": f"test:{kind}:{suffix()}{suffix()}",
            "asset": asset,
            "kind": kind,
            "allow_negative": allow_negative,
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _transfer(system: System, debit: str, credit: str, amount: int, **extra: Any) -> Any:
    headers = {**(await system.admin_headers()), **extra.pop("headers", {})}
    body = {
        "debit_account_id": debit,
        "credit_account_id": credit,
        "amount": amount,
        "asset": extra.pop("asset", "CNY"),
        **extra,
    }
    return await system.gateway.post("/v1/transfers", json=body, headers=headers)


async def _balance(system: System, account_id: str) -> dict[str, int]:
    headers = await system.admin_headers()
    response = await system.gateway.get(f"/v1/accounts/{account_id}", headers=headers)
    return dict(response.json()["balance"])


async def _funded(system: System, amount: int) -> tuple[dict[str, Any], dict[str, Any]]:
    world = await _account(system, allow_negative=True, kind="world")
    cash = await _account(system)
    assert (await _transfer(system, world["id"], cash["id"], amount)).status_code == 201
    return world, cash


class TestTransfers:
    async def test_money_moves_and_the_answer_carries_both_balances(self, system: System) -> None:
        world, cash = await _funded(system, 10_000)
        other = await _account(system)
        response = await _transfer(system, cash["id"], other["id"], 2_345, kind="grant")
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["balances"]["debit"] == {"posted": 7_655, "pending": 0}
        assert body["balances"]["credit"] == {"posted": 2_345, "pending": 0}
        assert await _balance(system, world["id"]) == {"posted": -10_000, "pending": 0}

    async def test_insufficient_funds_is_409_and_changes_nothing(self, system: System) -> None:
        _, cash = await _funded(system, 100)
        other = await _account(system)
        refused = await _transfer(system, cash["id"], other["id"], 101)
        assert refused.status_code == 409
        assert refused.json()["code"] == "insufficient_funds"
        assert await _balance(system, cash["id"]) == {"posted": 100, "pending": 0}
        assert await _balance(system, other["id"]) == {"posted": 0, "pending": 0}

    async def test_bad_transfers_are_422(self, system: System) -> None:
        _, cash = await _funded(system, 100)
        minutes = await _account(system, asset="TIME")
        mismatch = await _transfer(system, cash["id"], minutes["id"], 1)
        assert mismatch.json()["code"] == "asset_mismatch"
        same = await _transfer(system, cash["id"], cash["id"], 1)
        assert same.json()["code"] == "same_account"
        unknown = await _transfer(system, cash["id"], str(uuid.uuid4()), 1)
        assert unknown.json()["code"] == "account_unknown"
        zero = await _transfer(system, cash["id"], minutes["id"], 0)
        assert zero.status_code == 422
        floaty = await _transfer(system, cash["id"], minutes["id"], 1.5)
        assert floaty.status_code == 422

    async def test_a_past_balance_comes_from_the_journal(self, system: System) -> None:
        _, cash = await _funded(system, 500)
        before = dt.datetime.now(dt.UTC)
        await asyncio.sleep(0.05)
        other = await _account(system)
        await _transfer(system, cash["id"], other["id"], 200)
        headers = await system.admin_headers()
        then = await system.gateway.get(
            f"/v1/accounts/{cash['id']}", params={"as_of": before.isoformat()}, headers=headers
        )
        assert then.json()["balance"] == {"posted": 500, "pending": 0}
        assert await _balance(system, cash["id"]) == {"posted": 300, "pending": 0}


class TestIdempotency:
    async def test_a_repeat_replays_and_another_body_is_422(self, system: System) -> None:
        _, cash = await _funded(system, 1_000)
        other = await _account(system)
        key = {"Idempotency-Key": f"t-{uuid.uuid4()}"}
        first = await _transfer(system, cash["id"], other["id"], 300, headers=key)
        again = await _transfer(system, cash["id"], other["id"], 300, headers=key)
        assert first.json()["id"] == again.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"
        assert await _balance(system, other["id"]) == {"posted": 300, "pending": 0}
        different = await _transfer(system, cash["id"], other["id"], 301, headers=key)
        assert different.status_code == 422
        assert different.json()["code"] == "idempotency_mismatch"

    async def test_concurrent_repeats_move_money_once(self, system: System) -> None:
        _, cash = await _funded(system, 1_000)
        other = await _account(system)
        key = {"Idempotency-Key": f"t-{uuid.uuid4()}"}
        answers = await asyncio.gather(
            *(_transfer(system, cash["id"], other["id"], 100, headers=key) for _ in range(10))
        )
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        assert await _balance(system, other["id"]) == {"posted": 100, "pending": 0}


class TestTwoPhase:
    async def test_reserve_post_in_parts_and_void_the_rest(self, system: System) -> None:
        headers = await system.admin_headers()
        _, cash = await _funded(system, 1_000)
        grantee = await _account(system)
        pending = await _transfer(system, cash["id"], grantee["id"], 600, pending=True)
        assert pending.status_code == 201
        pid = pending.json()["id"]
        assert await _balance(system, cash["id"]) == {"posted": 1_000, "pending": -600}
        # Reserved money cannot be spent twice.
        spend = await _transfer(system, cash["id"], grantee["id"], 401)
        assert spend.json()["code"] == "insufficient_funds"
        part = await system.gateway.post(
            f"/v1/transfers/{pid}/post", json={"amount": 250}, headers=headers
        )
        assert part.status_code == 201, part.text
        assert part.json()["balances"]["credit"] == {"posted": 250, "pending": 350}
        too_much = await system.gateway.post(
            f"/v1/transfers/{pid}/post", json={"amount": 351}, headers=headers
        )
        assert too_much.json()["code"] == "amount_invalid"
        void = await system.gateway.post(f"/v1/transfers/{pid}/void", headers=headers)
        assert void.status_code == 201
        assert void.json()["amount"] == 350
        assert await _balance(system, cash["id"]) == {"posted": 750, "pending": 0}
        settled = await system.gateway.post(f"/v1/transfers/{pid}/post", headers=headers)
        assert settled.status_code == 409
        assert settled.json()["code"] == "pending_settled"

    async def test_a_reservation_voids_itself_after_its_timeout(self, system: System) -> None:
        _, cash = await _funded(system, 100)
        other = await _account(system)
        pending = await _transfer(
            system, cash["id"], other["id"], 60, pending=True, timeout_seconds=1
        )
        assert pending.status_code == 201
        for _ in range(50):
            if await _balance(system, cash["id"]) == {"posted": 100, "pending": 0}:
                break
            await asyncio.sleep(0.2)
        assert await _balance(system, cash["id"]) == {"posted": 100, "pending": 0}
        headers = await system.admin_headers()
        late = await system.gateway.post(
            f"/v1/transfers/{pending.json()['id']}/post", headers=headers
        )
        assert late.json()["code"] == "pending_settled"


class TestBatches:
    async def test_each_item_has_its_outcome(self, system: System) -> None:
        headers = await system.admin_headers()
        _, cash = await _funded(system, 100)
        other = await _account(system)
        items = [
            {
                "debit_account_id": cash["id"],
                "credit_account_id": other["id"],
                "amount": 60,
                "asset": "CNY",
            },
            {
                "debit_account_id": cash["id"],
                "credit_account_id": other["id"],
                "amount": 60,
                "asset": "CNY",
            },
            {
                "debit_account_id": cash["id"],
                "credit_account_id": other["id"],
                "amount": 40,
                "asset": "CNY",
            },
        ]
        response = await system.gateway.post(
            "/v1/transfers/batch", json={"transfers": items}, headers=headers
        )
        assert response.status_code == 200, response.text
        statuses = [r["status"] for r in response.json()["results"]]
        assert statuses == [201, 409, 201]
        assert response.json()["results"][1]["error"]["code"] == "insufficient_funds"
        assert await _balance(system, cash["id"]) == {"posted": 0, "pending": 0}

    async def test_an_atomic_batch_is_all_or_nothing(self, system: System) -> None:
        headers = await system.admin_headers()
        _, cash = await _funded(system, 100)
        other = await _account(system)
        item = {"debit_account_id": cash["id"], "credit_account_id": other["id"], "asset": "CNY"}
        response = await system.gateway.post(
            "/v1/transfers/batch",
            json={"transfers": [{**item, "amount": 60}, {**item, "amount": 60}], "atomic": True},
            headers=headers,
        )
        results = response.json()["results"]
        assert [r["error"]["code"] for r in results] == ["batch_failed", "insufficient_funds"]
        assert response.json()["applied"] == 0
        assert await _balance(system, cash["id"]) == {"posted": 100, "pending": 0}


class TestPeriods:
    async def test_nothing_is_booked_into_a_sealed_period(self, system: System) -> None:
        headers = await system.admin_headers()
        sealed = await system.gateway.post(
            "/v1/periods/close", json={"until": "2020-12-31"}, headers=headers
        )
        assert sealed.status_code == 201, sealed.text
        _, cash = await _funded(system, 100)
        other = await _account(system)
        backdated = await _transfer(system, cash["id"], other["id"], 10, booked_on="2020-06-30")
        assert backdated.status_code == 409
        assert backdated.json()["code"] == "period_sealed"
        open_period = await _transfer(system, cash["id"], other["id"], 10, booked_on="2021-01-01")
        assert open_period.status_code == 201


class TestVerify:
    async def test_verify_names_an_edited_entry_and_an_edited_balance(self, system: System) -> None:
        headers = await system.admin_headers()
        _, cash = await _funded(system, 777)
        clean = await system.gateway.get("/v1/ledger/verify", headers=headers)
        assert clean.json()["ok"] is True, clean.text
        database = system.apps["funds"].state.database
        transfers = sa.table("transfers", sa.column("amount"), sa.column("credit_account_id"))
        accounts = sa.table("accounts", sa.column("id"), sa.column("credits_posted"))
        cash_id = uuid.UUID(cash["id"])
        try:
            async with database.sessionmaker() as session:  # behind the service's back
                await session.execute(
                    sa.update(transfers)
                    .where(transfers.c.credit_account_id == cash_id)
                    .values(amount=778)
                )
                await session.commit()
            edited = (await system.gateway.get("/v1/ledger/verify", headers=headers)).json()
            assert edited["ok"] is False
            assert "edited" in edited["broken"]["reason"]
        finally:
            async with database.sessionmaker() as session:
                await session.execute(
                    sa.update(transfers)
                    .where(transfers.c.credit_account_id == cash_id)
                    .values(amount=777)
                )
                await session.commit()
        try:
            async with database.sessionmaker() as session:
                await session.execute(
                    sa.update(accounts).where(accounts.c.id == cash_id).values(credits_posted=1)
                )
                await session.commit()
            edited = (await system.gateway.get("/v1/ledger/verify", headers=headers)).json()
            assert edited["ok"] is False
            assert edited["broken"]["account_id"] == cash["id"]
        finally:
            async with database.sessionmaker() as session:
                await session.execute(
                    sa.update(accounts).where(accounts.c.id == cash_id).values(credits_posted=777)
                )
                await session.commit()
        assert (await system.gateway.get("/v1/ledger/verify", headers=headers)).json()["ok"]


class TestConcurrency:
    async def test_many_clients_random_transfers_and_replays(self, system: System) -> None:
        """Invariants after a storm: every asset sums to zero, no restricted account below zero,
        every acknowledged transfer present exactly once."""
        headers = await system.admin_headers()
        world = await _account(system, allow_negative=True, kind="world")
        accounts = [await _account(system) for _ in range(6)]
        for account in accounts:
            await _transfer(system, world["id"], account["id"], 1_000)
        acknowledged: list[str] = []
        keys = [f"storm-{uuid.uuid4()}" for _ in range(30)]

        async def client(n: int) -> None:
            rng = random.Random(n)
            for _ in range(15):
                a, b = rng.sample(accounts, 2)
                key = rng.choice(keys) if rng.random() < 0.3 else None
                extra = {"headers": {"Idempotency-Key": key}} if key else {}
                body_amount = 17 if key else rng.randint(1, 400)
                if key:  # a replayed key always carries the same body
                    a, b = accounts[hash(key) % 6], accounts[(hash(key) + 1) % 6]
                response = await _transfer(system, a["id"], b["id"], body_amount, **extra)
                assert response.status_code in (201, 409), response.text
                if response.status_code == 201:
                    acknowledged.append(response.json()["id"])

        await asyncio.gather(*(client(n) for n in range(16)))
        database = system.apps["funds"].state.database
        ids = {uuid.UUID(a["id"]) for a in (*accounts, world)}
        async with database.read_sessionmaker() as session:
            rows = (
                await session.execute(
                    sa.text("SELECT id, credits_posted - debits_posted AS balance FROM accounts")
                )
            ).all()
            mine = {uuid.UUID(str(r.id)): r.balance for r in rows if uuid.UUID(str(r.id)) in ids}
            assert sum(mine.values()) == 0
            assert all(mine[uuid.UUID(a["id"])] >= 0 for a in accounts)
            found = Counter(
                str(r[0])
                for r in (await session.execute(sa.text("SELECT id FROM transfers"))).all()
            )
        for transfer_id in set(acknowledged):
            assert (
                found[str(uuid.UUID(transfer_id)).replace("-", "")]
                + found[str(uuid.UUID(transfer_id))]
                == 1
            )
        verified = await system.gateway.get("/v1/ledger/verify", headers=headers)
        assert verified.json()["ok"] is True, verified.text


class TestAccountsStay:
    """The journal's accounts are not foreign keys (a per-entry lookup): a trigger refuses to
    delete an account, and verify names a journal account that is gone."""

    async def test_an_account_cannot_be_deleted(self, system: System) -> None:
        _, cash = await _funded(system, 5)
        database = system.apps["funds"].state.database
        accounts = sa.table("accounts", sa.column("id"))
        async with database.sessionmaker() as session:
            with pytest.raises(sa.exc.DBAPIError, match="accounts are never deleted"):
                await session.execute(
                    sa.delete(accounts).where(accounts.c.id == uuid.UUID(cash["id"]))
                )
            await session.rollback()
        assert (await _balance(system, cash["id"]))["posted"] == 5

    async def test_verify_names_an_account_the_journal_needs(self, system: System) -> None:
        from services.funds.domain.verify import verify

        _, cash = await _funded(system, 5)
        database = system.apps["funds"].state.database
        accounts = sa.table("accounts", sa.column("id"))
        async with database.sessionmaker() as session:
            # Behind every guard, in a transaction that is rolled back.
            if system.backend == "postgresql":
                await session.execute(
                    sa.text("ALTER TABLE accounts DISABLE TRIGGER accounts_never_deleted")
                )
            else:
                await session.execute(sa.text("DROP TRIGGER accounts_never_deleted"))
            await session.execute(sa.delete(accounts).where(accounts.c.id == uuid.UUID(cash["id"])))
            found = await verify(session)
            await session.rollback()
        assert found["ok"] is False
        assert found["broken"] == {
            "account_id": cash["id"],
            "reason": "the journal names an account that does not exist",
        }
        headers = await system.admin_headers()
        assert (await system.gateway.get("/v1/ledger/verify", headers=headers)).json()["ok"]
