"""Careless and hostile input on the gateway's own routes and at its door (issue 8, items 5, 6, 8c).

- NUL characters are 422 ``nul_character`` on the gateway's own routes as on proxied ones: in a
  JSON body, in a query string, in a path.
- Every GET route of the gateway answers HEAD: the same status and headers, no body.
- A JSON object with a key twice is 422 ``duplicate_key`` naming the key, on the gateway's own
  routes and on every proxied JSON body (also when the client sends no content type, which
  FastAPI parses as JSON anyway).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import pytest

from tests.security.helpers import create_user, unique
from tests.system_fixture import System


def raw_json(text: str) -> dict[str, object]:
    return {"content": text.encode(), "headers": {"content-type": "application/json"}}


class TestNulOnOwnRoutes:
    async def test_nul_in_a_user_field_is_422_and_nothing_is_stored(self, system: System) -> None:
        username = unique("nul")
        body = {
            "username": username,
            "password": "long-enough-pw",
            "role": "officer",
            "display_name": "张\u0000三",
        }
        response = await system.gateway.post(
            "/v1/users", json=body, headers=await system.admin_headers()
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "nul_character"
        login = await system.gateway.post(
            "/v1/auth/token", json={"username": username, "password": "long-enough-pw"}
        )
        assert login.status_code == 401

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("POST", "/v1/auth/token", {"username": "ad\u0000min", "password": "x"}),
            ("POST", "/v1/auth/refresh", {"refresh_token": "rt_\u0000"}),
            ("POST", "/v1/api-keys", {"name": "k\u0000", "scopes": ["admin"]}),
            ("PATCH", f"/v1/users/{uuid.uuid4()}", {"display_name": "\u0000"}),
        ],
    )
    async def test_nul_in_any_own_body_is_422(
        self, system: System, method: str, path: str, body: dict[str, object]
    ) -> None:
        response = await system.gateway.request(
            method, path, json=body, headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "nul_character"

    @pytest.mark.parametrize("path", ["/v1/users?cursor=a%00b", "/v1/api-keys?limit=1%00"])
    async def test_nul_in_an_own_query_is_422(self, system: System, path: str) -> None:
        response = await system.gateway.get(path, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "nul_character"
        assert response.json()["errors"][0]["field"] == "query"

    @pytest.mark.parametrize("path", ["/v1/users/ab%00cd", "/v1/regions/3302%0003"])
    async def test_nul_in_a_path_is_422(self, system: System, path: str) -> None:
        response = await system.gateway.get(path, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "nul_character"
        assert response.json()["errors"][0]["field"] == "path"

    async def test_an_escaped_backslash_before_u0000_is_not_a_nul(self, system: System) -> None:
        # JSON "a\\u0000" is the seven characters a\u0000: a backslash, then text
        literal = await system.gateway.post(
            "/v1/auth/token", **raw_json(json.dumps({"username": "a\\u0000", "password": "x"}))
        )
        assert literal.status_code == 401


class TestOwnBodiesAreBounded:
    async def test_an_own_route_refuses_a_body_over_the_limit(self, system: System) -> None:
        async with system.another_gateway(max_request_bytes=1024) as gateway:
            declared = await gateway.post(
                "/v1/auth/token", **raw_json('{"username": "' + "x" * 4096 + '"}')
            )

            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(8):
                    yield b" " * 512

            streamed = await gateway.post(
                "/v1/auth/token", content=chunks(), headers={"content-type": "application/json"}
            )
        assert declared.status_code == 413
        assert streamed.status_code == 413
        assert streamed.json()["code"] == "payload_too_large"


OWN_GET_ROUTES = [
    ("/healthz", False),
    ("/readyz", False),
    ("/openapi.json", False),
    ("/docs", False),
    ("/docs/assets/swagger-ui.css", False),
    ("/metrics", True),
    ("/v1/users", True),
    ("/v1/api-keys", True),
    ("/v1/auth/me", True),
    ("/v1/users/{user_id}", True),
    ("/nope", False),
]


class TestHeadOnOwnRoutes:
    @pytest.mark.parametrize(("template", "auth"), OWN_GET_ROUTES)
    async def test_head_is_get_without_the_body(
        self, system: System, template: str, auth: bool
    ) -> None:
        headers = await system.admin_headers() if auth else {}
        path = template.replace("{user_id}", (await create_user(system))[0])
        get = await system.gateway.get(path, headers=headers)
        head = await system.gateway.head(path, headers=headers)
        assert head.status_code == get.status_code, (path, head.status_code)
        assert head.status_code != 405
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        if "content-length" in get.headers and path not in ("/metrics", "/readyz"):  # live
            assert head.headers["content-length"] == get.headers["content-length"]

    async def test_head_without_credentials_is_the_same_401(self, system: System) -> None:
        head = await system.gateway.head("/v1/users")
        assert head.status_code == 401
        assert head.content == b""

    async def test_head_where_there_is_no_get_is_405(self, system: System) -> None:
        head = await system.gateway.head("/v1/auth/token")
        assert head.status_code == 405
        assert "POST" in head.headers["allow"]


class TestDuplicateKeys:
    async def test_login_with_the_username_twice_is_422(self, system: System) -> None:
        _, username, password = await create_user(system)
        text = f'{{"username": "nobody", "username": "{username}", "password": "{password}"}}'
        response = await system.gateway.post("/v1/auth/token", **raw_json(text))
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "duplicate_key"
        assert body["errors"] == [{"field": "username", "message": "duplicate key"}]

    async def test_a_nested_duplicate_on_an_own_route_is_422(self, system: System) -> None:
        text = '{"name": "k", "scopes": ["registry:read"], "rate_limit_per_minute": 1,'
        text += ' "x": {"a": 1, "a": 2}}'
        response = await system.gateway.post(
            "/v1/api-keys",
            content=text.encode(),
            headers={**(await system.admin_headers()), "content-type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "a"

    @pytest.mark.parametrize(
        "content_type", ["application/json", "application/json; charset=utf-8", None]
    )
    async def test_a_proxied_json_body_with_a_key_twice_is_422(
        self, system: System, content_type: str | None
    ) -> None:
        text = '{"name": "并发社区", "kind": "community", "region_code": "330203",'
        text += ' "region_code": "110101", "tags": []}'
        headers = await system.admin_headers()
        if content_type:
            headers["content-type"] = content_type
        response = await system.gateway.post(
            "/v1/communities", content=text.encode(), headers=headers
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "duplicate_key"
        assert response.json()["errors"][0]["field"] == "region_code"

    async def test_a_proxied_body_that_is_not_json_is_left_to_the_service(
        self, system: System
    ) -> None:
        response = await system.gateway.post(
            "/v1/communities",
            content=b"{not json",
            headers={**(await system.admin_headers()), "content-type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_failed"

    async def test_multipart_bodies_are_not_parsed(self, system: System) -> None:
        files = {"file": ("roster.csv", b'{"a": 1, "a": 2}', "text/csv")}
        response = await system.gateway.post(
            "/v1/organizations/import?dry_run=true",
            files=files,
            headers=await system.admin_headers(),
        )
        assert response.status_code != 422 or response.json()["code"] != "duplicate_key"

    async def test_same_keys_in_sibling_objects_are_fine(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/auth/token",
            **raw_json('{"username": "x", "password": "y", "z": [{"a": 1}, {"a": 2}]}'),
        )
        assert response.status_code in (401, 422)
        assert response.json()["code"] != "duplicate_key"
