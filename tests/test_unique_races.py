"""Concurrent duplicates of every unique value: exactly one created, the rest 409, none 5xx.

A check before an insert is only the friendly answer; the database constraint is the rule. Two
requests that both pass the check race to the unique index, and the loser must read exactly like
the check's 409 (``UniqueRules``), at flush or at commit, on both backends (PostgreSQL really
races; SQLite's writers take turns behind BEGIN IMMEDIATE and must wait, not fail).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import HAISHU, community_payload, create, filed_payload, org_payload, suffix
from tests.system_fixture import System

CONCURRENT = 24


async def _race(
    system: System, path: str, bodies: list[dict[str, Any]], headers: dict[str, str]
) -> Counter[tuple[int, str | None]]:
    responses = await asyncio.gather(
        *(system.gateway.post(path, json=body, headers=headers) for body in bodies)
    )
    outcomes: Counter[tuple[int, str | None]] = Counter()
    for response in responses:
        code = response.json().get("code") if response.status_code >= 400 else None
        outcomes[(response.status_code, code)] += 1
    return outcomes


def _each_a_new_body(make: Callable[[], dict[str, Any]], **same: Any) -> list[dict[str, Any]]:
    """Bodies that differ in everything but the unique value under test."""
    return [{**make(), **same} for _ in range(CONCURRENT)]


def _township() -> str:
    return HAISHU + f"{random.randrange(100, 999)}"


def _worker() -> dict[str, Any]:
    return {"name": "李华", "qualification": "assistant", "region_code": HAISHU, "skills": []}


def _assert_one_created(outcomes: Counter[tuple[int, str | None]], code: str) -> None:
    assert outcomes[(201, None)] == 1, outcomes
    assert outcomes[(409, code)] == CONCURRENT - 1, outcomes


class TestRegistryUniqueValues:
    async def test_community_code(self, system: System) -> None:
        headers = await system.admin_headers()
        bodies = _each_a_new_body(community_payload, code=f"C{suffix()}")
        outcomes = await _race(system, "/v1/communities", bodies, headers)
        _assert_one_created(outcomes, "community_code_taken")

    async def test_organization_credit_code(self, system: System) -> None:
        headers = await system.admin_headers()
        uscc = org_payload()["uscc"]
        outcomes = await _race(
            system, "/v1/organizations", _each_a_new_body(org_payload, uscc=uscc), headers
        )
        _assert_one_created(outcomes, "uscc_taken")

    async def test_organization_filing_number(self, system: System) -> None:
        headers = await system.admin_headers()
        number = f"海曙备{suffix()}"
        bodies = _each_a_new_body(filed_payload, filing_no=number)
        outcomes = await _race(system, "/v1/organizations", bodies, headers)
        _assert_one_created(outcomes, "filing_no_taken")

    async def test_social_worker_certificate(self, system: System) -> None:
        headers = await system.admin_headers()
        bodies = _each_a_new_body(_worker, certificate_no=f"SW{suffix()}")
        outcomes = await _race(system, "/v1/social-workers", bodies, headers)
        _assert_one_created(outcomes, "certificate_taken")

    async def test_region_code(self, system: System) -> None:
        headers = await system.admin_headers()
        for _ in range(20):  # a township code no other test took
            code = _township()
            body = {"code": code, "name": "并发街道", "level": "township", "parent_code": HAISHU}
            outcomes = await _race(system, "/v1/regions", [body] * CONCURRENT, headers)
            if outcomes[(201, None)] == 1:
                _assert_one_created(outcomes, "region_exists")
                return
            assert set(outcomes) == {(409, "region_exists")}, outcomes
        pytest.fail("no free township code")

    async def test_pairing_overlap(self, system: System) -> None:
        """Not a unique index but a rule over rows: held by the organization's row lock."""
        headers = await system.admin_headers()
        org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
        community = await create(system.gateway, "/v1/communities", community_payload(), headers)
        body = {
            "org_id": org["id"],
            "community_id": community["id"],
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "plan": "结对帮扶",
        }
        outcomes = await _race(system, "/v1/pairings", [body] * CONCURRENT, headers)
        _assert_one_created(outcomes, "pairing_overlap")

    async def test_rating_source(self, system: System) -> None:
        """The same feedback delivered many times at once: one rating, the rest replay it."""
        headers = await system.admin_headers()
        org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
        body = {"score": 4, "source_match_id": "0b0e9f4c-5d36-4c1e-9d8e-3a1f2b7c6d5e"}
        body["source_match_id"] = __import__("uuid").uuid4().hex
        outcomes = await _race(
            system, f"/v1/organizations/{org['id']}/ratings", [body] * CONCURRENT, headers
        )
        assert outcomes[(201, None)] == 1, outcomes
        assert outcomes[(200, None)] == CONCURRENT - 1, outcomes
        after = await system.gateway.get(f"/v1/organizations/{org['id']}", headers=headers)
        assert after.json()["rating"]["count"] == 1


class TestGatewayUniqueValues:
    async def test_username(self, system: System) -> None:
        headers = await system.admin_headers()
        name = f"racer{suffix()}"
        bodies = [
            {"username": name, "password": "a-long-password-1234", "role": "officer"}
            for _ in range(CONCURRENT)
        ]
        outcomes = await _race(system, "/v1/users", bodies, headers)
        _assert_one_created(outcomes, "username_taken")
