"""Forged cursors are a 422 on every list, never a 500 (they were 500 on eight lists)."""

from __future__ import annotations

import base64
import json

import pytest

from tests.system_fixture import System

LISTS = [
    "/v1/organizations",
    "/v1/organizations?q=测试",
    "/v1/volunteers",
    "/v1/social-workers",
    "/v1/communities",
    "/v1/pairings",
    "/v1/collaborations",
    "/v1/regions",
    "/v1/users",
    "/v1/api-keys",
]


def _cursor(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


FORGED = {
    "nested lists": "W1sxXSxbMl1d",
    "huge float": _cursor([1e30, 1]),
    "naive time": _cursor([{"d": "2026-01-01T00:00:00"}, {"u": "0" * 32}]),
    "wrong types": _cursor([{"u": "0" * 32}, {"d": "2026-01-01T00:00:00+00:00"}]),
    "booleans": _cursor([True, False]),
    "deep": _cursor([[[[[[[[1]]]]]]]]),
    "not json": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "huge int": _cursor([10**40, 1]),
}


@pytest.mark.parametrize("path", LISTS)
async def test_a_forged_cursor_is_422(system: System, path: str) -> None:
    headers = await system.admin_headers()
    for name, cursor in FORGED.items():
        joiner = "&" if "?" in path else "?"
        response = await system.gateway.get(f"{path}{joiner}cursor={cursor}", headers=headers)
        assert response.status_code == 422, (name, response.text)
        assert response.json()["code"] == "cursor_invalid", name


async def test_a_list_walks_page_after_page_with_its_own_cursors(system: System) -> None:
    """Three pages in a row: the cursor of a page that itself came from a cursor works."""
    headers = await system.admin_headers()
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        query = f"&cursor={cursor}" if cursor else ""
        response = await system.gateway.get(f"/v1/regions?limit=2{query}", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [item["code"] for item in body["items"]]
        cursor = body["next_cursor"]
        assert cursor
    assert len(seen) == len(set(seen)) == 6
    assert seen == sorted(seen)
