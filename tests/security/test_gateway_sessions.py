"""Sessions end with the account (issue 8, item 3).

A password reset, a deactivation and a role or binding change revoke every refresh-token family of
the user and record "access tokens issued before now are invalid" in the shared store (Redis when
configured, else in process); every instance checks it on each bearer request (re-reading the
shared store at least once a second), so the old access token stops at the next request.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.security.helpers import REDIS_URL, bearer, create_user, login, redis_or_skip
from tests.system_fixture import System


async def patch_user(system: System, user_id: str, body: dict[str, object]) -> httpx.Response:
    return await system.gateway.patch(
        f"/v1/users/{user_id}", json=body, headers=await system.admin_headers()
    )


class TestSessionsEndWithTheAccount:
    async def test_password_reset_ends_every_refresh_token(self, system: System) -> None:
        user_id, username, password = await create_user(system)
        first = await system.login(username, password)
        second = await system.login(username, password)
        reset = await patch_user(system, user_id, {"password": "a-brand-new-password"})
        assert reset.status_code == 200
        for pair in (first, second):
            refreshed = await system.gateway.post(
                "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
            )
            assert refreshed.status_code == 401
            me = await system.gateway.get("/v1/auth/me", headers=bearer(pair["access_token"]))
            assert me.status_code == 401
        # the new password works at once, and its session is not caught by the reset
        fresh = await system.login(username, "a-brand-new-password")
        me = await system.gateway.get("/v1/auth/me", headers=bearer(fresh["access_token"]))
        assert me.status_code == 200

    async def test_deactivation_stops_the_access_token_on_the_next_request(
        self, system: System
    ) -> None:
        user_id, username, password = await create_user(system)
        pair = await system.login(username, password)
        headers = bearer(pair["access_token"])
        assert (await system.gateway.get("/v1/regions", headers=headers)).status_code == 200
        assert (await patch_user(system, user_id, {"is_active": False})).status_code == 200
        proxied = await system.gateway.get("/v1/regions", headers=headers)
        assert proxied.status_code == 401
        assert proxied.json()["code"] == "token_invalid"
        assert (await system.gateway.get("/v1/auth/me", headers=headers)).status_code == 401
        refreshed = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert refreshed.status_code == 401

    async def test_role_change_ends_sessions_and_the_new_login_has_the_new_role(
        self, system: System
    ) -> None:
        user_id, username, password = await create_user(system, "officer")
        pair = await system.login(username, password)
        changed = await patch_user(system, user_id, {"role": "resident"})
        assert changed.status_code == 200
        assert changed.json()["role"] == "resident"
        assert (
            await system.gateway.get("/v1/auth/me", headers=bearer(pair["access_token"]))
        ).status_code == 401
        refreshed = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert refreshed.status_code == 401
        fresh = await system.login(username, password)
        me = await system.gateway.get("/v1/auth/me", headers=bearer(fresh["access_token"]))
        assert me.json()["role"] == "resident"

    async def test_role_change_checks_the_binding(self, system: System) -> None:
        user_id, _, _ = await create_user(system, "officer")
        response = await patch_user(system, user_id, {"role": "org_admin"})
        assert response.status_code == 422
        assert response.json()["code"] == "binding_required"
        unknown = await patch_user(
            system, user_id, {"role": "org_admin", "org_id": str(uuid.uuid4())}
        )
        assert unknown.status_code == 422
        assert unknown.json()["code"] == "org_unknown"

    async def test_renaming_keeps_sessions(self, system: System) -> None:
        user_id, username, password = await create_user(system)
        pair = await system.login(username, password)
        assert (await patch_user(system, user_id, {"display_name": "新名字"})).status_code == 200
        me = await system.gateway.get("/v1/auth/me", headers=bearer(pair["access_token"]))
        assert me.status_code == 200

    async def test_another_instance_honours_the_revocation(self, system: System) -> None:
        await redis_or_skip()
        user_id, username, password = await create_user(system)
        async with (
            system.another_gateway(redis_url=REDIS_URL) as one,
            system.another_gateway(redis_url=REDIS_URL) as two,
        ):
            pair = (await login(one, username, password)).json()
            headers = bearer(pair["access_token"])
            assert (await two.get("/v1/auth/me", headers=headers)).status_code == 200  # cached
            deactivated = await one.patch(
                f"/v1/users/{user_id}",
                json={"is_active": False},
                headers=await system.admin_headers(),
            )
            assert deactivated.status_code == 200
            assert (await one.get("/v1/auth/me", headers=headers)).status_code == 401
            # the other instance re-reads the shared store at least once a second
            await asyncio.sleep(1.1)
            assert (await two.get("/v1/auth/me", headers=headers)).status_code == 401


class TestOneLoginEndsAlone:
    """A logout or a reused refresh token ends that login's access tokens, not others'."""

    async def test_logout_ends_the_access_token_of_that_login(self, system: System) -> None:
        _, username, password = await create_user(system)
        phone = await system.login(username, password)
        laptop = await system.login(username, password)
        out = await system.gateway.post(
            "/v1/auth/logout", json={"refresh_token": phone["refresh_token"]}
        )
        assert out.status_code == 204
        gone = await system.gateway.get("/v1/auth/me", headers=bearer(phone["access_token"]))
        assert gone.status_code == 401
        kept = await system.gateway.get("/v1/auth/me", headers=bearer(laptop["access_token"]))
        assert kept.status_code == 200

    async def test_a_reused_refresh_token_ends_the_access_tokens_it_minted(
        self, system: System
    ) -> None:
        _, username, password = await create_user(system)
        first = await system.login(username, password)
        thief = (
            await system.gateway.post(
                "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
            )
        ).json()
        assert (
            await system.gateway.get("/v1/auth/me", headers=bearer(thief["access_token"]))
        ).status_code == 200
        reuse = await system.gateway.post(
            "/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert reuse.status_code == 401
        for token in (thief["access_token"], first["access_token"]):
            assert (
                await system.gateway.get("/v1/auth/me", headers=bearer(token))
            ).status_code == 401
