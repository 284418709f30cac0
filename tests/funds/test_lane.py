"""``POST /v1/transfers`` has a lane (services/common/lane.py): the same answers, fewer layers.

Every request below is sent twice, on fresh accounts with the same amounts: once with the lane
and once with the lane switched off (the FastAPI endpoint answers everything). The answers must
agree in status, headers and body, but for what names the run (ids, sequence numbers, hashes,
timestamps); the lane must have answered the well-formed ones and left the rest to the endpoint.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.common.identity import Identity
from services.common.lane import Lanes, lanes_of
from tests.factories import suffix
from tests.system_fixture import System

#: Values that differ from run to run by nature.
VARYING = {"id", "seq", "hash", "created_at", "timeout_at", "debit_account_id",
           "credit_account_id", "account_id"}  # fmt: skip


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "*" if k in VARYING else _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


async def _account(system: System, *, allow_negative: bool = False) -> str:
    response = await system.gateway.post(
        "/v1/accounts",
        json={
            "code": f"test:lane:{suffix()}{suffix()}",
            "asset": "CNY",
            "kind": "world" if allow_negative else "cash",
            "allow_negative": allow_negative,
        },
        headers=await system.admin_headers(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _story(system: System) -> list[tuple[Any, ...]]:
    """Every kind of request the route gets; what came back, normalized."""
    world = await _account(system, allow_negative=True)
    cash = await _account(system)
    other = await _account(system)
    admin = await system.admin_headers()
    key = f"lane-{uuid.uuid4()}"
    no_write = system.signed(Identity(sub="r", kind="api_key", scopes=frozenset({"funds:read"})))

    def body(debit: str, credit: str, amount: Any, **extra: Any) -> dict[str, Any]:
        return {"debit_account_id": debit, "credit_account_id": credit, "amount": amount,
                "asset": "CNY", **extra}  # fmt: skip

    steps: list[tuple[str, Any, dict[str, str], str]] = [
        ("gateway", body(world, cash, 1000), admin, ""),
        ("gateway", body(cash, other, 300, metadata={"说明": "铺路"}), admin, ""),
        ("gateway", body(cash, other, 50), {**admin, "Idempotency-Key": key}, ""),
        ("gateway", body(cash, other, 50), {**admin, "Idempotency-Key": key}, ""),  # replay
        ("gateway", body(cash, other, 51), {**admin, "Idempotency-Key": key}, ""),  # mismatch
        ("gateway", body(cash, other, 10**6), admin, ""),  # insufficient funds
        ("gateway", body(cash, other, 10**6), {**admin, "Accept-Language": "en"}, ""),
        ("gateway", body(cash, str(uuid.UUID(int=404)), 5), admin, ""),  # unknown account
        ("gateway", body(cash, other, 7, pending=True, timeout_seconds=3600), admin, ""),
        ("gateway", body(cash, other, 7, booked_on="2026-11-20"), admin, ""),
        # Left to the endpoint:
        ("gateway", body(cash, other, -1), admin, ""),  # fails validation
        ("gateway", "{not json", admin, ""),
        ("gateway", body(cash, cash, 5, surprise=1), admin, ""),  # an unknown field
        ("gateway", body(cash, other, 5), {**admin, "Idempotency-Key": "bad key"}, ""),
        ("direct", body(cash, other, 5), no_write, ""),  # no funds:write
        ("gateway", body(cash, other, 5), admin, "?note=1"),  # a query string
    ]
    answers = []
    for via, payload, headers, query in steps:
        client = system.gateway if via == "gateway" else system.direct["funds"]
        if isinstance(payload, str):
            response = await client.post(
                "/v1/transfers" + query,
                content=payload,
                headers={**headers, "Content-Type": "application/json"},
            )
        else:
            response = await client.post("/v1/transfers" + query, json=payload, headers=headers)
        answers.append(
            (
                response.status_code,
                response.headers.get("content-type"),
                "location" in response.headers,
                response.headers.get("idempotent-replayed"),
                _normal(response.json()),
            )
        )
    return answers


def _lanes(system: System) -> Lanes:
    lanes = lanes_of(system.apps["funds"])
    assert lanes is not None, "the Funds app has no lanes"
    return lanes


async def _with_and_without(
    system: System, monkeypatch: pytest.MonkeyPatch, story: Any
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """``story``'s answers with the lane, then without it; how many the lane answered."""
    lanes = _lanes(system)
    before = lanes.answered
    with_lane = await story(system)
    answered = lanes.answered - before
    monkeypatch.setattr(lanes, "routes", {})
    without = await story(system)
    assert lanes.answered - before == answered  # nothing went through the lane
    for number, (fast, full) in enumerate(zip(with_lane, without, strict=True)):
        assert fast == full, f"request {number}: lane {fast} != endpoint {full}"
    return with_lane, without, answered


async def test_the_lane_answers_as_the_endpoint_does(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lane, _, answered = await _with_and_without(system, monkeypatch, _story)
    assert [a[0] for a in with_lane] == [201, 201, 201, 201, 422, 409, 409, 422, 201, 201,
                                         422, 422, 422, 422, 403, 201]  # fmt: skip
    assert with_lane[3][3] == "true"  # the replay says so
    # The lane answered the ten well-formed requests of the first part, nothing else.
    assert answered == 10


async def test_an_error_after_the_transfer_was_submitted_is_a_500_problem(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the lane has handed the transfer to the writer it answers itself, even a failure:
    giving the request to the endpoint then could apply it twice."""
    from services.funds.api import transfers

    world = await _account(system, allow_negative=True)
    cash = await _account(system)

    def broken(outcome: Any) -> Any:
        raise RuntimeError("answer lost")

    monkeypatch.setattr(transfers, "_answer", broken)
    response = await system.gateway.post(
        "/v1/transfers",
        json={"debit_account_id": world, "credit_account_id": cash, "amount": 5, "asset": "CNY"},
        headers=await system.admin_headers(),
    )
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    monkeypatch.undo()
    balance = await system.gateway.get(f"/v1/accounts/{cash}", headers=await system.admin_headers())
    assert balance.json()["balance"]["posted"] == 5  # applied once, not twice


async def _batch_story(system: System) -> list[tuple[Any, ...]]:
    world = await _account(system, allow_negative=True)
    cash = await _account(system)
    other = await _account(system)
    admin = await system.admin_headers()
    key = f"lane-batch-{uuid.uuid4()}"

    def item(debit: str, credit: str, amount: Any, **extra: Any) -> dict[str, Any]:
        return {"debit_account_id": debit, "credit_account_id": credit, "amount": amount,
                "asset": "CNY", **extra}  # fmt: skip

    unknown = str(uuid.UUID(int=404))
    bodies: list[tuple[Any, dict[str, str]]] = [
        ({"transfers": [item(world, cash, 500), item(cash, other, 100)]}, admin),
        # One item refused (insufficient funds), the others applied.
        (
            {"transfers": [item(cash, other, 10**6), item(cash, unknown, 1), item(cash, other, 7)]},
            {**admin, "Accept-Language": "en"},
        ),
        ({"transfers": [item(cash, other, 5), item(cash, other, 10**6)], "atomic": True}, admin),
        (
            {"transfers": [item(cash, other, 3, metadata={"说明": "路"})]},
            {**admin, "Idempotency-Key": key},
        ),
        (
            {"transfers": [item(cash, other, 3, metadata={"说明": "路"})]},
            {**admin, "Idempotency-Key": key},
        ),  # replayed
        # Left to the endpoint:
        ({"transfers": [item(cash, other, 0)]}, admin),
        ({"transfers": []}, admin),
        ({"transfers": [item(cash, other, 1)], "atomic": "yes"}, admin),
        ("[", admin),
    ]
    answers = []
    for payload, headers in bodies:
        if isinstance(payload, str):
            response = await system.gateway.post(
                "/v1/transfers/batch",
                content=payload,
                headers={**headers, "Content-Type": "application/json"},
            )
        else:
            response = await system.gateway.post(
                "/v1/transfers/batch", json=payload, headers=headers
            )
        answers.append(
            (response.status_code, response.headers.get("content-type"), _normal(response.json()))
        )
    return answers


async def test_the_batch_lane_answers_as_the_endpoint_does(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lane, _, answered = await _with_and_without(system, monkeypatch, _batch_story)
    assert [a[0] for a in with_lane] == [200, 200, 200, 200, 200, 422, 422, 422, 422]
    assert [r["status"] for r in with_lane[1][2]["results"]] == [409, 422, 201]
    assert with_lane[2][2]["applied"] == 0  # atomic: nothing
    assert [r["status"] for r in with_lane[4][2]["results"]] == [200]  # replayed
    assert answered == 5
