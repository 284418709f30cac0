"""Failed-login throttling that concurrency cannot outrun and nobody can aim (issue 8, item 1).

The failed-login rule under test: per (username, client address) at most
``WUSHE_LOGIN_MAX_FAILURES`` attempts may be failed or still being checked in the lockout window;
one more is 429 ``login_throttled`` before its password is looked at. A username takes at most
20 times that from all addresses together, an address 10 times that over all usernames. An
operator clears a user's lockout with ``DELETE /v1/users/{id}/lockout``.
"""

from __future__ import annotations

import asyncio
import uuid

from tests.security.helpers import (
    REDIS_URL,
    bearer,
    client_at,
    create_user,
    gateway_app,
    login,
    redis_or_skip,
    unique,
)
from tests.system_fixture import System


class TestConcurrentLogins:
    async def test_a_burst_cannot_outrun_the_failure_count(self, system: System) -> None:
        _, username, password = await create_user(system)
        bodies = [{"username": username, "password": "wrong"}] * 30
        bodies.append({"username": username, "password": password})
        responses = await asyncio.gather(
            *(system.gateway.post("/v1/auth/token", json=body) for body in bodies)
        )
        statuses = [r.status_code for r in responses]
        # Five attempts get their password checked; the other 26 are refused unchecked.
        assert statuses.count(401) + statuses.count(200) <= 5, statuses
        assert statuses.count(429) >= 26, statuses
        # The right password came last: the limit was used up, so it was not accepted.
        assert statuses[-1] == 429, statuses
        again = await login(system.gateway, username, password)
        assert again.status_code == 429
        assert again.json()["code"] == "login_throttled"

    async def test_a_burst_through_redis_is_counted_atomically(self, system: System) -> None:
        await redis_or_skip()
        _, username, password = await create_user(system)
        async with system.another_gateway(redis_url=REDIS_URL) as one:
            responses = await asyncio.gather(
                *(
                    one.post("/v1/auth/token", json={"username": username, "password": "x"})
                    for _ in range(31)
                )
            )
            statuses = [r.status_code for r in responses]
            assert statuses.count(401) == 5, statuses
            assert statuses.count(429) == 26, statuses
            assert (await login(one, username, password)).status_code == 429

    async def test_success_clears_the_pair(self, system: System) -> None:
        _, username, password = await create_user(system)
        for _ in range(4):
            assert (await login(system.gateway, username, "wrong")).status_code == 401
        assert (await login(system.gateway, username, password)).status_code == 200
        for _ in range(4):
            assert (await login(system.gateway, username, "wrong")).status_code == 401
        assert (await login(system.gateway, username, password)).status_code == 200


class TestLockoutIsNotAWeapon:
    async def test_failures_from_one_address_do_not_lock_out_another(self, system: System) -> None:
        _, username, password = await create_user(system)
        app = system.apps["gateway"]
        async with (
            client_at(app, "203.0.113.7") as attacker,
            client_at(app, "198.51.100.20") as owner,
        ):
            for _ in range(5):
                assert (await login(attacker, username, "guess")).status_code == 401
            assert (await login(attacker, username, password)).status_code == 429
            assert (await login(owner, username, password)).status_code == 200

    async def test_a_username_has_a_ceiling_over_all_addresses(self, system: System) -> None:
        # max failures 1: one per (username, address), 20 per username, 10 per address
        _, username, password = await create_user(system)
        async with gateway_app(system, login_max_failures=1) as app:
            for i in range(20):
                async with client_at(app, f"192.0.2.{i + 1}") as attacker:
                    assert (await login(attacker, username, "guess")).status_code == 401
            async with client_at(app, "198.51.100.99") as owner:
                refused = await login(owner, username, password)
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) > 0

    async def test_an_address_has_a_ceiling_over_all_usernames(self, system: System) -> None:
        _, username, password = await create_user(system)
        async with gateway_app(system, login_max_failures=1) as app:
            async with client_at(app, "203.0.113.50") as sprayer:
                for _ in range(10):
                    assert (await login(sprayer, unique("nobody"), "guess")).status_code == 401
                assert (await login(sprayer, username, password)).status_code == 429
            async with client_at(app, "203.0.113.51") as neighbour:
                assert (await login(neighbour, username, password)).status_code == 200


class TestOperatorClearsALockout:
    async def test_delete_lockout_lets_the_user_in_again(self, system: System) -> None:
        user_id, username, password = await create_user(system)
        for _ in range(5):
            await login(system.gateway, username, "wrong")
        assert (await login(system.gateway, username, password)).status_code == 429
        cleared = await system.gateway.delete(
            f"/v1/users/{user_id}/lockout", headers=await system.admin_headers()
        )
        assert cleared.status_code == 204
        assert (await login(system.gateway, username, password)).status_code == 200

    async def test_it_clears_the_username_ceiling_too(self, system: System) -> None:
        user_id, username, password = await create_user(system)
        async with gateway_app(system, login_max_failures=1) as app:
            for i in range(20):
                async with client_at(app, f"192.0.2.{100 + i}") as attacker:
                    await login(attacker, username, "guess")
            async with client_at(app, "198.51.100.98") as owner:
                assert (await login(owner, username, password)).status_code == 429
                async with client_at(app, "127.0.0.1") as operator:
                    cleared = await operator.delete(
                        f"/v1/users/{user_id}/lockout", headers=await system.admin_headers()
                    )
                assert cleared.status_code == 204
                assert (await login(owner, username, password)).status_code == 200

    async def test_only_operators_clear_lockouts(self, system: System) -> None:
        user_id, _, _ = await create_user(system)
        _, officer, officer_password = await create_user(system)
        token = (await system.login(officer, officer_password))["access_token"]
        response = await system.gateway.delete(
            f"/v1/users/{user_id}/lockout", headers=bearer(token)
        )
        assert response.status_code == 403
        anonymous = await system.gateway.delete(f"/v1/users/{user_id}/lockout")
        assert anonymous.status_code == 401

    async def test_unknown_user_is_404(self, system: System) -> None:
        response = await system.gateway.delete(
            f"/v1/users/{uuid.uuid4()}/lockout", headers=await system.admin_headers()
        )
        assert response.status_code == 404
