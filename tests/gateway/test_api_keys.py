"""API keys for partner systems: shown once, hashed, scoped, rate-limited, revocable at once."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

import pytest

from tests.system_fixture import System

REDIS_URL = os.environ.get("WUSHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def create_key(system: System, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": f"省平台-{uuid.uuid4().hex[:6]}",
        "scopes": ["registry:read"],
        "rate_limit_per_minute": 600,
        **overrides,
    }
    response = await system.gateway.post(
        "/v1/api-keys", json=body, headers=await system.admin_headers()
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def redis_available() -> bool:
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception:
        return False
    finally:
        await client.aclose()
    return True


class TestCreateApiKey:
    async def test_secret_shown_once_and_stored_as_hash(self, system: System) -> None:
        created = await create_key(system)
        assert created["key"].startswith("wsk_")
        listed = await system.gateway.get(
            "/v1/api-keys?limit=200", headers=await system.admin_headers()
        )
        assert listed.status_code == 200
        assert all(
            "key" not in item and "secret_hash" not in item for item in listed.json()["items"]
        )
        one = await system.gateway.get(
            f"/v1/api-keys/{created['id']}", headers=await system.admin_headers()
        )
        assert one.status_code == 200
        assert "key" not in one.json()
        # the database holds a digest, never the secret
        from sqlalchemy import select

        from gateway.db.models import ApiKey

        async with system.apps["gateway"].state.database.sessionmaker() as session:
            stored = await session.scalar(
                select(ApiKey).where(ApiKey.id == uuid.UUID(created["id"]))
            )
        assert stored is not None
        assert created["key"] not in stored.secret_hash
        assert len(stored.secret_hash) == 64

    async def test_unknown_scope_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/api-keys",
            headers=await system.admin_headers(),
            json={"name": "x", "scopes": ["everything"], "rate_limit_per_minute": 10},
        )
        assert response.status_code == 422

    async def test_past_expiry_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/api-keys",
            headers=await system.admin_headers(),
            json={
                "name": "x",
                "scopes": ["registry:read"],
                "rate_limit_per_minute": 10,
                "expires_at": "2020-01-01T00:00:00+08:00",
            },
        )
        assert response.status_code == 422


class TestUsingApiKeys:
    async def test_key_reaches_a_service_and_records_last_use(self, system: System) -> None:
        created = await create_key(system)
        response = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": created["key"]})
        assert response.status_code == 200
        assert response.json()["kind"] == "api_key"
        assert response.json()["scopes"] == ["registry:read"]
        through = await system.gateway.get("/v1/regions", headers={"X-API-Key": created["key"]})
        assert through.status_code not in (401, 403)
        again = await system.gateway.get(
            f"/v1/api-keys/{created['id']}", headers=await system.admin_headers()
        )
        assert again.json()["last_used_at"] is not None

    async def test_wrong_secret_is_401(self, system: System) -> None:
        created = await create_key(system)
        tampered = created["key"][:-4] + "AAAA"
        response = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": tampered})
        assert response.status_code == 401
        assert response.json()["code"] == "api_key_invalid"

    @pytest.mark.parametrize("raw", ["nope", "wsk_", "wsk_deadbeef_x", "wsk_" + "0" * 12 + "_abc"])
    async def test_malformed_or_unknown_key_is_401(self, system: System, raw: str) -> None:
        response = await system.gateway.get("/v1/regions", headers={"X-API-Key": raw})
        assert response.status_code == 401

    async def test_scope_is_enforced(self, system: System) -> None:
        created = await create_key(system, scopes=["funds:read"])
        response = await system.gateway.get("/v1/regions", headers={"X-API-Key": created["key"]})
        assert response.status_code == 403
        assert response.json()["code"] == "scope_missing"

    async def test_key_cannot_manage_keys_without_admin(self, system: System) -> None:
        created = await create_key(system, scopes=["registry:read", "registry:write"])
        response = await system.gateway.get("/v1/api-keys", headers={"X-API-Key": created["key"]})
        assert response.status_code == 403

    async def test_revocation_is_immediate(self, system: System) -> None:
        created = await create_key(system)
        headers = {"X-API-Key": created["key"]}
        assert (await system.gateway.get("/v1/auth/me", headers=headers)).status_code == 200
        revoked = await system.gateway.delete(
            f"/v1/api-keys/{created['id']}", headers=await system.admin_headers()
        )
        assert revoked.status_code == 204
        after = await system.gateway.get("/v1/auth/me", headers=headers)
        assert after.status_code == 401
        gone = await system.gateway.get(
            f"/v1/api-keys/{created['id']}", headers=await system.admin_headers()
        )
        assert gone.status_code == 410
        assert gone.json()["code"] == "api_key_revoked"
        listed = await system.gateway.get(
            "/v1/api-keys?limit=200", headers=await system.admin_headers()
        )
        pages = [listed.json()]
        while pages[-1]["next_cursor"]:
            pages.append(
                (
                    await system.gateway.get(
                        f"/v1/api-keys?limit=200&cursor={pages[-1]['next_cursor']}",
                        headers=await system.admin_headers(),
                    )
                ).json()
            )
        mine = [k for p in pages for k in p["items"] if k["id"] == created["id"]]
        assert mine[0]["revoked_at"] is not None

    async def test_revoking_unknown_key_is_404(self, system: System) -> None:
        response = await system.gateway.delete(
            f"/v1/api-keys/{uuid.uuid4()}", headers=await system.admin_headers()
        )
        assert response.status_code == 404

    async def test_expired_key_is_401(self, system: System) -> None:
        soon = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)).isoformat()
        created = await create_key(system, expires_at=soon)
        import asyncio

        await asyncio.sleep(1.2)
        response = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": created["key"]})
        assert response.status_code == 401

    async def test_rate_limit_answers_429_with_retry_after(self, system: System) -> None:
        created = await create_key(system, rate_limit_per_minute=3)
        headers = {"X-API-Key": created["key"]}
        statuses = [
            (await system.gateway.get("/v1/regions", headers=headers)).status_code for _ in range(3)
        ]
        assert 429 not in statuses
        limited = await system.gateway.get("/v1/regions", headers=headers)
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 20


class TestSharedStateInRedis:
    async def test_two_gateways_share_limits_and_revocations(self, system: System) -> None:
        if not await redis_available():
            if os.environ.get("WUSHE_TEST_REQUIRE_REDIS"):
                pytest.fail(f"Redis required but unreachable at {REDIS_URL}")
            pytest.skip(f"Redis unreachable at {REDIS_URL}")
        created = await create_key(system, rate_limit_per_minute=4)
        headers = {"X-API-Key": created["key"]}
        async with (
            system.another_gateway(redis_url=REDIS_URL) as one,
            system.another_gateway(redis_url=REDIS_URL) as two,
        ):
            statuses = []
            for client in (one, two, one, two, one):
                statuses.append((await client.get("/v1/auth/me", headers=headers)).status_code)
            assert statuses == [200, 200, 200, 200, 429]
            second = await create_key(system)
            h2 = {"X-API-Key": second["key"]}
            assert (
                await two.get("/v1/auth/me", headers=h2)
            ).status_code == 200  # now cached in two
            revoked = await one.delete(
                f"/v1/api-keys/{second['id']}", headers=await system.admin_headers()
            )
            assert revoked.status_code == 204
            assert (await two.get("/v1/auth/me", headers=h2)).status_code == 401
