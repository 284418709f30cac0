"""``POST /v1/transfers/batch`` at scale: its answer, its ``transfer.batch`` events, its ids."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import uuid
from typing import Any

from services.common.db import RawJSON, json_dumps
from services.funds.domain.ledger import (
    BATCH_EVENT_SIZE,
    TEXTS,
    canonical,
    new_ids,
    read_json,
    read_text,
    transfer_json,
)
from services.funds.schemas import BatchResult, TransferRead
from tests.funds.support import person
from tests.funds.test_ledger import _account, _balance, _funded
from tests.system_fixture import System


async def _feed(system: System, types: str) -> list[dict[str, Any]]:
    reader = person(system, "feed-reader", "funds:read")
    items: list[dict[str, Any]] = []
    after = 0
    while True:
        page = await system.direct["funds"].get(
            "/v1/events/funds",
            params={"types": types, "after": after, "limit": 100},
            headers=reader,
        )
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        if not body["items"]:
            return items
        after = body["next_after"]


class TestBatchEvents:
    async def test_one_event_per_thousand_transfers_with_every_transfer(
        self, system: System
    ) -> None:
        _world, cash = await _funded(system, 10_000)
        other = await _account(system)
        count = BATCH_EVENT_SIZE + 250
        items = [
            {"debit_account_id": cash["id"], "credit_account_id": other["id"], "amount": 2}
            | {"asset": "CNY", "kind": "grant" if i % 2 else "transfer"}
            for i in range(count)
        ]
        items[7]["amount"] = 10**6  # refused: insufficient funds, no event
        headers = await system.admin_headers()
        response = await system.gateway.post(
            "/v1/transfers/batch", json={"transfers": items}, headers=headers
        )
        assert response.status_code == 200, response.text
        answer = response.json()
        BatchResult.model_validate(answer)  # the documented shape
        assert answer["applied"] == count - 1
        assert answer["results"][7]["status"] == 409
        assert answer["results"][7]["error"]["code"] == "insufficient_funds"
        applied = [r["transfer"] for r in answer["results"] if r["transfer"] is not None]
        # Each transfer in the answer is exactly what GET /v1/transfers/{id} gives.
        for sample in (applied[0], applied[500], applied[-1]):
            got = await system.gateway.get(f"/v1/transfers/{sample['id']}", headers=headers)
            assert got.json() == sample

        events = await _feed(system, "transfer.batch")
        mine = [e for e in events if e["data"]["transfers"][0]["id"] == applied[0]["id"]]
        assert len(mine) == 1
        batch_id = mine[0]["subject"]["id"]
        parts = [e for e in events if e["subject"] == {"kind": "transfer_batch", "id": batch_id}]
        assert [e["data"]["part"] for e in parts] == [1, 2]
        assert {e["data"]["parts"] for e in parts} == {2}
        assert [e["data"]["count"] for e in parts] == [
            BATCH_EVENT_SIZE,
            count - 1 - BATCH_EVENT_SIZE,
        ]
        assert {e["data"]["batch_id"] for e in parts} == {batch_id}
        told = [t for e in parts for t in e["data"]["transfers"]]
        assert told == applied  # every applied transfer, in journal order, as the answer has it
        # No per-transfer event for a batch's transfers.
        singles = await _feed(system, "transfer.posted")
        assert not {e["subject"]["id"] for e in singles} & {t["id"] for t in applied}
        assert await _balance(system, other["id"]) == {"posted": 2 * (count - 1), "pending": 0}
        verify = await system.gateway.get("/v1/ledger/verify", headers=headers)
        assert verify.json()["ok"] is True, verify.text

    async def test_a_replayed_batch_tells_nothing_twice(self, system: System) -> None:
        _world, cash = await _funded(system, 1_000)
        other = await _account(system)
        items = [
            {"debit_account_id": cash["id"], "credit_account_id": other["id"], "amount": 3}
            | {"asset": "CNY"}
            for _ in range(5)
        ]
        headers = {**(await system.admin_headers()), "Idempotency-Key": f"b-{uuid.uuid4()}"}
        first = await system.gateway.post(
            "/v1/transfers/batch", json={"transfers": items}, headers=headers
        )
        again = await system.gateway.post(
            "/v1/transfers/batch", json={"transfers": items}, headers=headers
        )
        assert [r["status"] for r in first.json()["results"]] == [201] * 5
        assert [r["status"] for r in again.json()["results"]] == [200] * 5
        assert [r["transfer"] for r in again.json()["results"]] == [
            r["transfer"] for r in first.json()["results"]
        ]
        ids = {r["transfer"]["id"] for r in first.json()["results"]}
        events = await _feed(system, "transfer.batch")
        told = [t["id"] for e in events for t in e["data"]["transfers"] if t["id"] in ids]
        assert sorted(told) == sorted(ids)
        assert await _balance(system, other["id"]) == {"posted": 15, "pending": 0}

    async def test_an_invalid_item_is_named_and_nothing_is_applied(self, system: System) -> None:
        world, cash = await _funded(system, 1_000)
        items: list[dict[str, Any]] = [
            {"debit_account_id": cash["id"], "credit_account_id": world["id"], "amount": 1}
            | {"asset": "CNY"}
            for _ in range(3)
        ]
        items[1]["amount"] = "1"  # strict integers
        items[2]["colour"] = "red"  # no extra members
        headers = await system.admin_headers()
        response = await system.gateway.post(
            "/v1/transfers/batch", json={"transfers": items}, headers=headers
        )
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["errors"]}
        assert {"transfers.1.amount", "transfers.2.colour"} <= fields, response.text
        assert await _balance(system, cash["id"]) == {"posted": 1_000, "pending": 0}


def test_new_ids_are_random_version_4_uuids() -> None:
    ids = new_ids(10_000)
    assert len(set(ids)) == 10_000
    for value in ids[:100]:
        assert value.version == 4
        assert value.variant == uuid.RFC_4122
        assert uuid.UUID(str(value)) == value
        assert hash(value) == hash(uuid.UUID(str(value)))


def test_raw_json_is_spliced_as_it_is() -> None:
    text = json.dumps([{"名": 1}, {"b": None}], ensure_ascii=False)
    value = {"count": 2, "transfers": RawJSON(text), "note": "好"}
    assert json.loads(json_dumps(value)) == {
        "count": 2,
        "transfers": [{"名": 1}, {"b": None}],
        "note": "好",
    }
    assert json_dumps({"a": [1]}) == json.dumps({"a": [1]})


#: Metadata of every shape the journal stores: keys to sort, escapes, non-ASCII, numbers.
METADATAS: list[dict[str, Any]] = [
    {},
    {"donation_id": str(uuid.uuid4()), "fund_id": str(uuid.uuid4())},
    {"名": '茶村\n"道路"\\', "z": [1, 2.5, None, True], "a": {"y": 1, "b": {"c": -3}}},
    {"emoji": "🌾", "ctrl": "\x01\t", "big": 10**15, "neg": -1, "f": 1e16},
]


def _canonical_reference(entry: dict[str, Any]) -> bytes:
    """The hashed bytes as the ledger first defined them (json.dumps of a dict)."""
    fields = {
        "seq": entry["seq"],
        "id": str(entry["id"]),
        "debit_account_id": str(entry["debit_account_id"]),
        "credit_account_id": str(entry["credit_account_id"]),
        "amount": entry["amount"],
        "asset": entry["asset"],
        "kind": entry["kind"],
        "action": entry["action"],
        "pending_id": str(entry["pending_id"]) if entry["pending_id"] else None,
        "reverses_id": str(entry["reverses_id"]) if entry["reverses_id"] else None,
        "booked_on": entry["booked_on"].isoformat(),
        "metadata": entry["metadata"],
        "created_at": entry["created_at"].astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "balances": [
            entry["debit_posted"],
            entry["debit_pending"],
            entry["credit_posted"],
            entry["credit_pending"],
        ],
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_canonical_bytes_are_the_reference_bytes() -> None:
    """Every hash in every journal depends on these bytes: the fast form must never differ."""
    rng = random.Random(10)
    metadatas = METADATAS
    for i in range(400):
        settled = i % 3 == 0
        entry: dict[str, Any] = {
            "seq": rng.randint(1, 10**12),
            "id": uuid.uuid4(),
            "debit_account_id": uuid.uuid4(),
            "credit_account_id": uuid.uuid4(),
            "amount": rng.randint(1, 10**15),
            "asset": rng.choice(["CNY", "TIME"]),
            "kind": rng.choice(["transfer", "donation", "in_kind_donation", "grant_x"]),
            "action": rng.choice(["single", "pending", "post", "void", "expire"]),
            "pending_id": uuid.uuid4() if settled else None,
            "reverses_id": uuid.uuid4() if i % 5 == 0 else None,
            "booked_on": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 400)),
            "metadata": metadatas[i % len(metadatas)],
            "created_at": dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
            + dt.timedelta(microseconds=rng.choice([0, 1, 999_999, 123_456_789])),
            "debit_posted": rng.randint(-(10**15), 10**15),
            "debit_pending": rng.randint(0, 10**9),
            "credit_posted": rng.randint(-(10**15), 10**15),
            "credit_pending": 0,
        }
        if i % 7 == 0:  # a timestamp read back in another zone
            entry["created_at"] = entry["created_at"].astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert canonical(entry) == _canonical_reference(entry), entry
        texts = (str(entry["id"]), str(entry["debit_account_id"]), str(entry["credit_account_id"]))
        assert canonical({**entry, TEXTS: texts}) == _canonical_reference(entry)


def test_answer_text_is_the_models_json() -> None:
    """Every answer and ``transfer.batch`` event carries ``read_text``: it must say what
    ``TransferRead`` says, byte for byte what ``json.dumps(read_json(...))`` gave before."""
    rng = random.Random(11)
    metadatas = METADATAS
    for i in range(400):
        action = rng.choice(["single", "pending", "post", "void", "expire"])
        created = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC) + dt.timedelta(
            microseconds=rng.choice([0, 1, 999_999, 123_456_789])
        )
        entry: dict[str, Any] = {
            "seq": rng.randint(1, 10**12),
            "id": uuid.uuid4(),
            "debit_account_id": uuid.uuid4(),
            "credit_account_id": uuid.uuid4(),
            "amount": rng.randint(1, 10**15),
            "asset": rng.choice(["CNY", "TIME"]),
            "kind": rng.choice(["transfer", "donation", "grant_x"]),
            "action": action,
            "pending_id": uuid.uuid4() if action in ("post", "void", "expire") else None,
            "reverses_id": uuid.uuid4() if i % 5 == 0 else None,
            "timeout_at": created + dt.timedelta(seconds=rng.choice([1, 3600]))
            if action == "pending" and i % 2
            else None,
            "booked_on": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 400)),
            "metadata": metadatas[i % len(metadatas)],
            "created_at": created,
            "debit_posted": rng.randint(-(10**15), 10**15),
            "debit_pending": rng.randint(0, 10**9),
            "credit_posted": rng.randint(-(10**15), 10**15),
            "credit_pending": 0,
            "hash": os.urandom(32).hex(),
        }
        before = json.dumps(read_json(entry), ensure_ascii=False, separators=(",", ":"))
        assert read_text(dict(entry)) == before, entry
        model = TransferRead.model_validate(transfer_json(entry))
        assert json.loads(read_text(dict(entry))) == json.loads(model.model_dump_json())
