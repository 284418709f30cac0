"""``Idempotency-Key``: one execution per key, the first answer replayed, a new body refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import sqlalchemy as sa

from services.common.identity import Identity
from services.registry.db.models import KERNEL
from tests.factories import community_payload
from tests.system_fixture import System


def _key() -> str:
    return f"test-{uuid.uuid4()}"


async def _count(system: System, name: str) -> int:
    headers = await system.admin_headers()
    page = await system.gateway.get(f"/v1/communities?q={name}&limit=200", headers=headers)
    return len([c for c in page.json()["items"] if c["name"] == name])


class TestReplay:
    async def test_the_same_key_and_body_replay_the_first_answer(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "Idempotency-Key": _key()}
        body = community_payload()
        first = await system.gateway.post("/v1/communities", json=body, headers=headers)
        again = await system.gateway.post("/v1/communities", json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert again.headers["location"] == first.headers["location"]
        assert "idempotent-replayed" not in first.headers
        assert await _count(system, body["name"]) == 1

    async def test_another_body_under_the_same_key_is_422(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "Idempotency-Key": _key()}
        first = await system.gateway.post(
            "/v1/communities", json=community_payload(), headers=headers
        )
        assert first.status_code == 201
        other = await system.gateway.post(
            "/v1/communities", json=community_payload(), headers=headers
        )
        assert other.status_code == 422
        assert other.json()["code"] == "idempotency_mismatch"

    async def test_a_refused_request_keeps_nothing_so_a_retry_executes(
        self, system: System
    ) -> None:
        headers = {**(await system.admin_headers()), "Idempotency-Key": _key()}
        bad = await system.gateway.post(
            "/v1/communities", json=community_payload(region_code="339999"), headers=headers
        )
        assert bad.status_code == 422
        good = await system.gateway.post(
            "/v1/communities", json=community_payload(), headers=headers
        )
        assert good.status_code == 201
        assert "idempotent-replayed" not in good.headers

    async def test_keys_belong_to_their_caller(self, system: System) -> None:
        key = _key()
        body = community_payload()
        first = await system.direct["registry"].post(
            "/v1/communities", json=body, headers=system.signed(**{"Idempotency-Key": key})
        )
        someone = Identity(
            sub="someone-else",
            kind="user",
            role="officer",
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        second = await system.direct["registry"].post(
            "/v1/communities",
            json={**body, "name": body["name"] + "2"},
            headers=system.signed(someone, **{"Idempotency-Key": key}),
        )
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] != second.json()["id"]

    async def test_an_expired_key_executes_anew(self, system: System) -> None:
        key = _key()
        headers = {**(await system.admin_headers()), "Idempotency-Key": key}
        body = community_payload()
        first = await system.gateway.post("/v1/communities", json=body, headers=headers)
        database = system.apps["registry"].state.database
        table = KERNEL.idempotency_keys
        async with database.sessionmaker() as session:
            await session.execute(
                sa.update(table)
                .where(table.c.key == key)
                .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
            )
            await session.commit()
        body["code"] = None
        again = await system.gateway.post(
            "/v1/communities", json={**body, "name": body["name"] + "x"}, headers=headers
        )
        assert again.status_code == 201
        assert again.json()["id"] != first.json()["id"]

    async def test_a_malformed_key_is_422(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "Idempotency-Key": "x" * 300}
        response = await system.gateway.post(
            "/v1/communities", json=community_payload(), headers=headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_invalid"


class TestConcurrency:
    async def test_concurrent_requests_with_one_key_execute_once(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "Idempotency-Key": _key()}
        body = community_payload()
        responses = await asyncio.gather(
            *(system.gateway.post("/v1/communities", json=body, headers=headers) for _ in range(12))
        )
        assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
        assert len({r.json()["id"] for r in responses}) == 1
        assert sum("idempotent-replayed" not in r.headers for r in responses) == 1
        assert await _count(system, body["name"]) == 1
