"""Usernames are compared in one form: NFKC, then case-folded (issue 8, item 8b)."""

from __future__ import annotations

import asyncio

from tests.security.helpers import bearer, create_user, login, unique
from tests.system_fixture import System


class TestUsernamesAreCaseless:
    async def test_a_case_variant_is_taken(self, system: System) -> None:
        name = unique("Case")
        first = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={"username": name, "password": "long-enough-pw", "role": "officer"},
        )
        assert first.status_code == 201
        second = await system.gateway.post(
            "/v1/users",
            headers=await system.admin_headers(),
            json={"username": name.lower(), "password": "long-enough-pw", "role": "officer"},
        )
        assert second.status_code == 409
        assert second.json()["code"] == "username_taken"

    async def test_concurrent_case_variants_one_wins(self, system: System) -> None:
        name = unique("Race")
        headers = await system.admin_headers()
        responses = await asyncio.gather(
            *(
                system.gateway.post(
                    "/v1/users",
                    headers=headers,
                    json={"username": variant, "password": "long-enough-pw", "role": "officer"},
                )
                for variant in (name, name.lower(), name.upper())
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409, 409], [r.text for r in responses]

    async def test_login_ignores_case_and_width(self, system: System) -> None:
        _, username, password = await create_user(system)
        assert (await login(system.gateway, username.upper(), password)).status_code == 200
        fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in username)
        assert (await login(system.gateway, fullwidth, password)).status_code == 200
        me = await system.gateway.get(
            "/v1/auth/me",
            headers=bearer(
                (await login(system.gateway, username.upper(), password)).json()["access_token"]
            ),
        )
        assert me.status_code == 200

    async def test_case_variants_share_one_failure_count(self, system: System) -> None:
        _, username, password = await create_user(system)
        for variant in (username, username.upper(), username.title(), username, username.upper()):
            assert (await login(system.gateway, variant, "wrong")).status_code == 401
        assert (await login(system.gateway, username, password)).status_code == 429
