"""API keys under attack: malformed and oversized keys, naive timestamps (issue 8, items 2, 4).

Keys have one shape (``wsk_`` + 12 hex + ``_`` + 43 URL-safe characters); anything else is 401
``api_key_invalid`` without a database query. The cache of key records, answers for unknown
keys included, is bounded. A header field over 8 KiB, or all headers over 32 KiB, is 431
``header_too_large``; a request target over 8 KiB is 414 ``uri_too_long``.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from tests.security.helpers import client_at, gateway_app
from tests.system_fixture import System


async def create_key(system: System, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": f"省平台-{uuid.uuid4().hex[:6]}",
        "scopes": ["registry:read"],
        "rate_limit_per_minute": 100_000,
        **overrides,
    }
    response = await system.gateway.post(
        "/v1/api-keys", json=body, headers=await system.admin_headers()
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


@contextlib.contextmanager
def counted_queries(system: System) -> Iterator[list[str]]:
    """Every statement the gateway sends to its database while the block runs."""
    engine = system.apps["gateway"].state.database.engine.sync_engine
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def well_formed_unknown_key() -> str:
    return f"wsk_{uuid.uuid4().hex[:12]}_{secrets.token_urlsafe(32)}"


class TestMalformedKeys:
    @pytest.mark.parametrize(
        "raw",
        [
            "wsk_" + "a" * 3000 + "_" + "b" * 3000,  # long, as the 60,000-character ones were
            "wsk_0123456789ab_" + "A" * 42,  # one short
            "wsk_0123456789ab_" + "A" * 44,  # one long
            "wsk_0123456789AB_" + "A" * 43,  # upper-case prefix
            "wsk_0123456789ab_" + "A" * 42 + "!",  # outside the alphabet
            "wsk_0123456789ab-" + "A" * 43,
            "xsk_0123456789ab_" + "A" * 43,
            "wsk__" + "A" * 55,
        ],
    )
    async def test_refused_by_shape_without_a_query(self, system: System, raw: str) -> None:
        with counted_queries(system) as statements:
            response = await system.gateway.get("/v1/regions", headers={"X-API-Key": raw})
        assert response.status_code == 401
        assert response.json()["code"] == "api_key_invalid"
        assert statements == []

    async def test_a_well_formed_key_is_looked_up_once_and_then_cached(
        self, system: System
    ) -> None:
        raw = well_formed_unknown_key()
        with counted_queries(system) as statements:
            for _ in range(3):
                response = await system.gateway.get("/v1/regions", headers={"X-API-Key": raw})
                assert response.status_code == 401
        # The webhook dispatcher's own query (subscriptions joined to their keys) may run at the
        # same moment in the background: only lookups of a key by its prefix count.
        lookups = [s for s in statements if "api_keys" in s and "webhook_subscriptions" not in s]
        assert len(lookups) == 1

    async def test_the_cache_of_unknown_keys_is_bounded(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        keys = system.apps["gateway"].state.api_keys
        monkeypatch.setattr(keys, "MAX_CACHED", 50)
        for i in range(200):  # from 4 addresses: each stays under its unknown-key budget
            async with client_at(system.apps["gateway"], f"192.0.2.{200 + i % 4}") as client:
                raw = well_formed_unknown_key()
                response = await client.get("/v1/auth/me", headers={"X-API-Key": raw})
                assert response.status_code == 401
        assert len(keys._cache) <= 50
        created = await create_key(system)
        me = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": created["key"]})
        assert me.status_code == 200

    async def test_real_keys_have_the_shape(self, system: System) -> None:
        from gateway.domain.accounts import API_KEY_SHAPE

        for _ in range(20):
            assert API_KEY_SHAPE.fullmatch((await create_key(system))["key"])


class TestHeaderLimits:
    @pytest.mark.parametrize("path", ["/v1/regions", "/v1/auth/me", "/healthz"])
    async def test_a_60000_character_key_is_431(self, system: System, path: str) -> None:
        with counted_queries(system) as statements:
            response = await system.gateway.get(path, headers={"X-API-Key": "wsk_" + "a" * 59_996})
        assert response.status_code == 431
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "header_too_large"
        assert statements == []

    async def test_many_headers_together_are_431(self, system: System) -> None:
        headers = {f"x-filler-{i}": "v" * 4000 for i in range(10)}
        response = await system.gateway.get("/v1/regions", headers=headers)
        assert response.status_code == 431

    async def test_headers_just_under_the_limits_pass(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "x-filler": "v" * 8000}
        response = await system.gateway.get("/v1/regions", headers=headers)
        assert response.status_code == 200

    async def test_a_long_target_is_414(self, system: System) -> None:
        response = await system.gateway.get(
            "/v1/regions?q=" + "x" * 9000, headers=await system.admin_headers()
        )
        assert response.status_code == 414
        assert response.json()["code"] == "uri_too_long"


class TestTimestamps:
    @pytest.mark.parametrize(
        "value",
        ["2030-01-01T00:00:00", "2030-01-01 00:00:00", "2030-01-01T00:00:00.123456"],
    )
    async def test_a_naive_expiry_is_422(self, system: System, value: str) -> None:
        response = await system.gateway.post(
            "/v1/api-keys",
            headers=await system.admin_headers(),
            json={
                "name": "x",
                "scopes": ["registry:read"],
                "rate_limit_per_minute": 10,
                "expires_at": value,
            },
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_failed"
        assert response.json()["errors"][0]["field"] == "expires_at"

    @pytest.mark.parametrize(
        "value", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", 1_900_000_000]
    )
    async def test_an_expiry_out_of_range_or_a_number_is_422(
        self, system: System, value: object
    ) -> None:
        response = await system.gateway.post(
            "/v1/api-keys",
            headers=await system.admin_headers(),
            json={
                "name": "x",
                "scopes": ["registry:read"],
                "rate_limit_per_minute": 10,
                "expires_at": value,
            },
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "expires_at"

    async def test_an_expiry_with_an_offset_is_kept_as_that_instant(self, system: System) -> None:
        created = await create_key(system, expires_at="2030-01-01T08:00:00+08:00")
        assert created["expires_at"] in ("2030-01-01T00:00:00Z", "2030-01-01T00:00:00+00:00")


async def create_key_as(
    system: System, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    body = {
        "name": f"子系统-{uuid.uuid4().hex[:6]}",
        "scopes": ["registry:read"],
        "rate_limit_per_minute": 600,
        **overrides,
    }
    response = await system.gateway.post("/v1/api-keys", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


class TestKeysCreatedByKeys:
    """A partner's admin key may provision keys for its own systems; they end with it."""

    async def test_revoking_a_key_revokes_what_it_created(self, system: System) -> None:
        parent = await create_key(system, scopes=["admin"])
        child = await create_key_as(system, {"X-API-Key": parent["key"]}, scopes=["admin"])
        grandchild = await create_key_as(system, {"X-API-Key": child["key"]})
        sibling = await create_key(system)
        assert child["created_by_key_id"] == parent["id"]
        assert grandchild["created_by_key_id"] == child["id"]
        assert sibling["created_by_key_id"] is None
        for key in (child, grandchild, sibling):
            me = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": key["key"]})
            assert me.status_code == 200
        revoked = await system.gateway.delete(
            f"/v1/api-keys/{parent['id']}", headers=await system.admin_headers()
        )
        assert revoked.status_code == 204
        for key in (parent, child, grandchild):
            me = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": key["key"]})
            assert me.status_code == 401, key["name"]
            read = await system.gateway.get(
                f"/v1/api-keys/{key['id']}", headers=await system.admin_headers()
            )
            assert read.status_code == 410
        me = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": sibling["key"]})
        assert me.status_code == 200

    async def test_revoking_a_child_leaves_its_parent(self, system: System) -> None:
        parent = await create_key(system, scopes=["admin"])
        child = await create_key_as(system, {"X-API-Key": parent["key"]})
        revoked = await system.gateway.delete(
            f"/v1/api-keys/{child['id']}", headers={"X-API-Key": parent["key"]}
        )
        assert revoked.status_code == 204
        me = await system.gateway.get("/v1/auth/me", headers={"X-API-Key": parent["key"]})
        assert me.status_code == 200

    async def test_a_child_never_outlives_its_parent(self, system: System) -> None:
        parent = await create_key(system, scopes=["admin"], expires_at="2031-01-01T00:00:00Z")
        headers = {"X-API-Key": parent["key"]}
        inherited = await create_key_as(system, headers)
        assert inherited["expires_at"] in ("2031-01-01T00:00:00Z", "2031-01-01T00:00:00+00:00")
        later = await system.gateway.post(
            "/v1/api-keys",
            headers=headers,
            json={
                "name": "x",
                "scopes": ["registry:read"],
                "rate_limit_per_minute": 10,
                "expires_at": "2032-01-01T00:00:00Z",
            },
        )
        assert later.status_code == 422
        assert later.json()["errors"][0]["field"] == "expires_at"


class TestKeysDoNotManagePeople:
    """An admin key may read the roster but not create, change or unlock people."""

    async def test_an_admin_key_cannot_create_or_change_users(self, system: System) -> None:
        headers = {"X-API-Key": (await create_key(system, scopes=["admin"]))["key"]}
        created = await system.gateway.post(
            "/v1/users",
            headers=headers,
            json={
                "username": f"k{uuid.uuid4().hex[:8]}",
                "password": "long-enough-pw",
                "role": "operator",
            },
        )
        assert created.status_code == 403
        assert (await system.gateway.get("/v1/users", headers=headers)).status_code == 200
        victim = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={
                "username": f"v{uuid.uuid4().hex[:8]}",
                "password": "long-enough-pw",
                "role": "operator",
            },
        )
        assert victim.status_code == 201
        victim_id = victim.json()["id"]
        for method, path, body in (
            ("PATCH", f"/v1/users/{victim_id}", {"password": "taken-over-by-a-key"}),
            ("PATCH", f"/v1/users/{victim_id}", {"role": "resident"}),
            ("DELETE", f"/v1/users/{victim_id}/lockout", None),
        ):
            response = await system.gateway.request(method, path, headers=headers, json=body)
            assert response.status_code == 403, (method, path)
        login = await system.gateway.post(
            "/v1/auth/token",
            json={"username": victim.json()["username"], "password": "long-enough-pw"},
        )
        assert login.status_code == 200


class TestUnknownKeysPerAddress:
    """An address that keeps presenting keys nobody has stops reaching the database."""

    async def test_the_61st_unknown_key_from_one_address_is_429_without_a_query(
        self, system: System
    ) -> None:
        async with gateway_app(system) as app:
            engine = app.state.database.engine.sync_engine
            statements: list[str] = []

            def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
                statements.append(statement)

            async with client_at(app, "198.51.100.66") as prober:
                for _ in range(60):
                    raw = well_formed_unknown_key()
                    response = await prober.get("/v1/auth/me", headers={"X-API-Key": raw})
                    assert response.status_code == 401
                event.listen(engine, "before_cursor_execute", count)
                try:
                    refused = await prober.get(
                        "/v1/regions", headers={"X-API-Key": well_formed_unknown_key()}
                    )
                finally:
                    event.remove(engine, "before_cursor_execute", count)
                assert refused.status_code == 429
                assert int(refused.headers["retry-after"]) > 0
                assert statements == []
            async with client_at(app, "198.51.100.67") as neighbour:
                other = await neighbour.get(
                    "/v1/auth/me", headers={"X-API-Key": well_formed_unknown_key()}
                )
                assert other.status_code == 401

    async def test_a_real_key_from_that_address_still_works(self, system: System) -> None:
        created = await create_key(system)
        async with gateway_app(system) as app, client_at(app, "198.51.100.68") as shared_nat:
            me = await shared_nat.get("/v1/auth/me", headers={"X-API-Key": created["key"]})
            assert me.status_code == 200
            for _ in range(60):
                raw = well_formed_unknown_key()
                await shared_nat.get("/v1/auth/me", headers={"X-API-Key": raw})
            app.state.api_keys._cache.clear()  # the real key's record has expired
            me = await shared_nat.get("/v1/auth/me", headers={"X-API-Key": created["key"]})
            assert me.status_code == 200
