"""People and tokens through the gateway: login, throttling, refresh rotation, users."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import community_payload, create, org_payload
from tests.system_fixture import System


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


async def create_user(system: System, role: str = "officer", **extra: object) -> tuple[str, str]:
    username, password = unique(role), "pw-" + uuid.uuid4().hex
    response = await system.gateway.post(
        "/v1/users",
        headers=await system.admin_headers(),
        json={"username": username, "password": password, "role": role, **extra},
    )
    assert response.status_code == 201, response.text
    return username, password


class TestCreateToken:
    async def test_login_returns_tokens(self, system: System) -> None:
        body = await system.login()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 900
        assert body["refresh_token"].startswith("rt_")
        me = await system.gateway.get(
            "/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.status_code == 200
        assert me.json()["role"] == "operator"
        assert "admin" in me.json()["scopes"]

    async def test_wrong_password_is_401(self, system: System) -> None:
        username, _ = await create_user(system)
        response = await system.gateway.post(
            "/v1/auth/token", json={"username": username, "password": "nope"}
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"

    async def test_unknown_user_is_the_same_401(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/auth/token", json={"username": unique("ghost"), "password": "x"}
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"

    async def test_failed_logins_are_throttled(self, system: System) -> None:
        username, password = await create_user(system)
        for _ in range(5):
            bad = await system.gateway.post(
                "/v1/auth/token", json={"username": username, "password": "wrong"}
            )
            assert bad.status_code == 401
        locked = await system.gateway.post(
            "/v1/auth/token", json={"username": username, "password": password}
        )
        assert locked.status_code == 429
        assert locked.json()["code"] == "login_throttled"
        assert int(locked.headers["retry-after"]) > 0

    async def test_deactivated_user_cannot_log_in(self, system: System) -> None:
        username, password = await create_user(system)
        users = (
            await system.gateway.get("/v1/users?limit=200", headers=await system.admin_headers())
        ).json()
        user_id = (
            next(u["id"] for u in users["items"] if u["username"] == username)
            if any(u["username"] == username for u in users["items"])
            else None
        )
        if user_id is None:  # more than one page of users: walk the cursor
            cursor = users["next_cursor"]
            while user_id is None and cursor:
                page = (
                    await system.gateway.get(
                        f"/v1/users?limit=200&cursor={cursor}", headers=await system.admin_headers()
                    )
                ).json()
                user_id = next((u["id"] for u in page["items"] if u["username"] == username), None)
                cursor = page["next_cursor"]
        assert user_id is not None
        patched = await system.gateway.patch(
            f"/v1/users/{user_id}", json={"is_active": False}, headers=await system.admin_headers()
        )
        assert patched.status_code == 200
        assert patched.json()["is_active"] is False
        response = await system.gateway.post(
            "/v1/auth/token", json={"username": username, "password": password}
        )
        assert response.status_code == 401


class TestRefresh:
    async def test_rotation_issues_a_new_pair(self, system: System) -> None:
        first = await system.login()
        second = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert second.status_code == 200
        assert second.json()["refresh_token"] != first["refresh_token"]

    async def test_reuse_revokes_the_family(self, system: System) -> None:
        first = await system.login()
        second = (
            await system.gateway.post(
                "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
            )
        ).json()
        reuse = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert reuse.status_code == 401
        assert reuse.json()["code"] == "refresh_token_reused"
        # the legitimate holder's newer token dies with the family
        after = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
        )
        assert after.status_code == 401

    async def test_logout_revokes(self, system: System) -> None:
        pair = await system.login()
        out = await system.gateway.post(
            "/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}
        )
        assert out.status_code == 204
        again = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert again.status_code == 401

    async def test_garbage_refresh_token(self, system: System) -> None:
        response = await system.gateway.post("/v1/auth/refresh", json={"refresh_token": "rt_nope"})
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"

    async def test_access_token_is_not_a_refresh_token(self, system: System) -> None:
        pair = await system.login()
        response = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": pair["access_token"]}
        )
        assert response.status_code == 401


class TestBearer:
    @pytest.mark.parametrize("header", ["Bearer", "Bearer not.a.jwt", "Basic abc", "Token x"])
    async def test_bad_authorization_is_401(self, system: System, header: str) -> None:
        response = await system.gateway.get("/v1/auth/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"

    async def test_token_signed_with_another_key_is_401(self, system: System) -> None:
        import jwt

        forged = jwt.encode(
            {
                "sub": "x",
                "role": "operator",
                "typ": "access",
                "iss": "wushe-gateway",
                "iat": 0,
                "exp": 4_000_000_000,
            },
            "another-secret-0123456789abcdef-0123456789",
            algorithm="HS256",
        )
        response = await system.gateway.get(
            "/v1/auth/me", headers={"Authorization": f"Bearer {forged}"}
        )
        assert response.status_code == 401

    async def test_no_credentials_is_401(self, system: System) -> None:
        response = await system.gateway.get("/v1/users")
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")


class TestCreateUser:
    async def test_operator_creates_a_bound_org_admin(self, system: System) -> None:
        org = await create(
            system.gateway, "/v1/organizations", org_payload(), await system.admin_headers()
        )
        org_id = org["id"]
        username, password = await create_user(system, "org_admin", org_id=org_id)
        pair = await system.login(username, password)
        me = (
            await system.gateway.get(
                "/v1/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
            )
        ).json()
        assert me["org_id"] == org_id
        assert me["role"] == "org_admin"
        assert "admin" not in me["scopes"]

    @pytest.mark.parametrize(
        ("role", "field"), [("org_admin", "org_id"), ("community_admin", "community_id")]
    )
    async def test_binding_to_nothing_is_422(self, system: System, role: str, field: str) -> None:
        response = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={
                "username": unique("b"),
                "password": "long-enough-pw",
                "role": role,
                field: str(uuid.uuid4()),
            },
        )
        assert response.status_code == 422
        assert response.json()["code"] in ("org_unknown", "community_unknown")
        assert response.json()["errors"][0]["field"] == field

    async def test_community_admin_bound_to_a_real_community(self, system: System) -> None:
        community = await create(
            system.gateway, "/v1/communities", community_payload(), await system.admin_headers()
        )
        username, password = await create_user(
            system, "community_admin", community_id=community["id"]
        )
        pair = await system.login(username, password)
        me = (
            await system.gateway.get(
                "/v1/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
            )
        ).json()
        assert me["community_id"] == community["id"]

    async def test_org_admin_without_org_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={"username": unique("oa"), "password": "long-enough-pw", "role": "org_admin"},
        )
        assert response.status_code == 422
        assert response.json()["code"] == "binding_required"

    async def test_duplicate_username_is_409(self, system: System) -> None:
        username, _ = await create_user(system)
        response = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={"username": username, "password": "long-enough-pw", "role": "officer"},
        )
        assert response.status_code == 409
        assert response.json()["code"] == "username_taken"

    async def test_unknown_role_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={"username": unique("x"), "password": "long-enough-pw", "role": "king"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "role"

    async def test_officer_cannot_create_users(self, system: System) -> None:
        username, password = await create_user(system, "officer")
        token = (await system.login(username, password))["access_token"]
        response = await system.gateway.post(
            "/v1/users",
            headers={"Authorization": f"Bearer {token}"},
            json={"username": unique("x"), "password": "long-enough-pw", "role": "officer"},
        )
        assert response.status_code == 403

    async def test_list_never_shows_password_hashes(self, system: System) -> None:
        response = await system.gateway.get("/v1/users", headers=await system.admin_headers())
        assert response.status_code == 200
        assert all("password" not in key for u in response.json()["items"] for key in u)


class TestTokenCodec:
    def test_cache_serves_verified_tokens(self) -> None:
        from gateway.domain.security import AccessClaims, TokenCodec

        codec = TokenCodec(b"k" * 32, ttl_seconds=60)
        token = codec.issue(AccessClaims("u", "name", "officer", None, None))
        assert codec.verify(token).user_id == "u"
        assert token in codec._verified

    def test_expired_cache_entry_is_not_served(self) -> None:
        import time

        from gateway.domain.security import AccessClaims, TokenCodec

        codec = TokenCodec(b"k" * 32, ttl_seconds=60)
        token = codec.issue(AccessClaims("u", "name", "officer", None, None))
        fake = AccessClaims("someone-else", "x", "operator", None, None)
        codec._verified[token] = (fake, time.time() - 1)
        assert codec.verify(token).user_id == "u"  # decoded again, not the stale entry
