"""``POST /v1/transfers``, ``/v1/transfers/batch`` and ``/v1/donations`` have lanes
(services/common/lane.py): the same answers, fewer layers.

Every request below is sent twice, on fresh accounts with the same amounts: once with the lane
and once with the lane switched off (the FastAPI endpoint answers everything). The answers must
agree in status, headers and body, but for what names the run (ids, sequence numbers, hashes,
timestamps); the lane must have answered the well-formed ones and left the rest to the endpoint.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from services.common.identity import Identity
from services.common.lane import Lanes, lanes_of
from tests.factories import suffix
from tests.funds.support import fund
from tests.system_fixture import System

#: Values that differ from run to run by nature.
VARYING = {"id", "seq", "hash", "created_at", "timeout_at", "debit_account_id",
           "credit_account_id", "account_id", "fund_id", "donation_id", "transfer_id",
           "receipt_no", "booked_on"}  # fmt: skip


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


async def _post(
    system: System, via: str, path: str, payload: Any, headers: dict[str, str]
) -> httpx.Response:
    """POST ``payload`` (JSON, or a string sent as it is) through the gateway or directly."""
    client = system.gateway if via == "gateway" else system.direct["funds"]
    if isinstance(payload, str):
        return await client.post(
            path, content=payload, headers={**headers, "Content-Type": "application/json"}
        )
    return await client.post(path, json=payload, headers=headers)


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
        response = await _post(system, via, "/v1/transfers" + query, payload, headers)
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
        response = await _post(system, "gateway", "/v1/transfers/batch", payload, headers)
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


async def _donation_story(system: System) -> list[tuple[Any, ...]]:
    """Every kind of donation request; what came back, normalized (a fresh fund each time)."""
    created = await fund(system)
    admin = await system.admin_headers()
    key = f"lane-donation-{uuid.uuid4()}"
    writer_only = system.signed(
        Identity(sub="w", kind="api_key", scopes=frozenset({"funds:read", "funds:write"}))
    )
    no_write = system.signed(Identity(sub="r", kind="api_key", scopes=frozenset({"funds:read"})))

    def body(amount: Any, **extra: Any) -> dict[str, Any]:
        donor = {"kind": "person", "name": "李四", "anonymous": True}
        return {"fund_id": created["id"], "donor": donor, "amount": amount, **extra}

    goods = {"items": ["大米 50 袋"], "valuation": 2_000}
    steps: list[tuple[str, Any, dict[str, str], str]] = [
        ("gateway", body(500, purpose="助老"), admin, ""),
        (
            "gateway",
            {
                **body(800),
                "donor": {"kind": "enterprise", "name": "某茶业公司", "anonymous": False},
            },
            admin,
            "",
        ),
        ("gateway", body(2_000, in_kind=goods), admin, ""),
        ("gateway", body(1_999, in_kind=goods), admin, ""),  # amount is not the valuation
        ("gateway", {**body(5), "fund_id": str(uuid.UUID(int=404))}, admin, ""),  # no such fund
        (
            "gateway",
            {**body(5), "fund_id": str(uuid.UUID(int=404))},
            {**admin, "Accept-Language": "en"},
            "",
        ),
        ("gateway", body(60), {**admin, "Idempotency-Key": key}, ""),
        ("gateway", body(60), {**admin, "Idempotency-Key": key}, ""),  # replay
        ("gateway", body(61), {**admin, "Idempotency-Key": key}, ""),  # mismatch
        ("direct", body(70), writer_only, ""),  # no pii:read: the anonymous donor's name hidden
        # Left to the endpoint:
        ("gateway", body(0), admin, ""),  # fails validation
        ("gateway", "{not json", admin, ""),
        ("gateway", body(5, surprise=1), admin, ""),  # an unknown field
        ("gateway", body(5), {**admin, "Idempotency-Key": "bad key"}, ""),
        ("direct", body(5), no_write, ""),  # no funds:write
        ("gateway", body(5), admin, "?note=1"),  # a query string
    ]
    answers = []
    for via, payload, headers, query in steps:
        response = await _post(system, via, "/v1/donations" + query, payload, headers)
        answer = response.json()
        receipt = answer.get("receipt_no") if isinstance(answer, dict) else None
        if "transfer" in answer:  # the world account's balance: every donation's
            answer["transfer"]["balances"]["debit"] = "*"
        answers.append(
            (
                response.status_code,
                response.headers.get("content-type"),
                "location" in response.headers,
                response.headers.get("idempotent-replayed"),
                receipt[9:] if receipt else None,  # the year and the gapless number
                _normal(answer),
            )
        )
    return answers


async def test_the_donation_lane_answers_as_the_endpoint_does(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lane, _, answered = await _with_and_without(system, monkeypatch, _donation_story)
    assert [a[0] for a in with_lane] == [201, 201, 201, 422, 422, 422, 201, 201, 422, 201,
                                         422, 422, 422, 422, 403, 201]  # fmt: skip
    assert [a[4][-6:] for a in with_lane if a[0] == 201] == [
        "000001", "000002", "000003", "000004", "000004", "000005", "000006"
    ]  # fmt: skip
    assert with_lane[7][3] == "true"  # the replay says so
    assert with_lane[1][5]["donor"]["name"] == "某茶业公司"
    assert with_lane[0][5]["donor"]["name"] == "李四"  # the admin may read personal data
    assert with_lane[9][5]["donor"]["name"] == "匿名"
    assert with_lane[4][5]["code"] == "fund_unknown"
    # The ten well-formed requests of the first part, refusals included; nothing else.
    assert answered == 10


async def test_a_database_that_does_not_answer_is_a_503_on_a_lane_as_at_the_endpoint(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error a lane raises gets the app's exception handlers' answer, not a bare 500."""
    from services.funds.domain.writer import writer_of

    world = await _account(system, allow_negative=True)
    cash = await _account(system)
    writer = writer_of(system.apps["funds"])

    async def down(groups: Any) -> Any:
        raise OperationalError("INSERT ...", {}, ConnectionRefusedError("connection refused"))

    async def post() -> tuple[int, str]:
        response = await system.gateway.post(
            "/v1/transfers",
            json={
                "debit_account_id": world,
                "credit_account_id": cash,
                "amount": 5,
                "asset": "CNY",
            },
            headers=await system.admin_headers(),
        )
        return response.status_code, response.json()["code"]

    lanes = _lanes(system)
    before = lanes.answered
    monkeypatch.setattr(writer, "submit", down)
    with_lane = await post()
    assert lanes.answered == before + 1
    monkeypatch.setattr(lanes, "routes", {})
    assert with_lane == await post() == (503, "upstream_unavailable")
