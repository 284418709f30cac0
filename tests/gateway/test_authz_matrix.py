"""Every route against every role and scope, through the gateway and the real services.

Fails when a service (or the gateway) has a route without an entry in ``gateway/authz.py``, when
an entry names a route that does not exist, and when the gateway's decision and the service's
own checks disagree.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from gateway.authz import RULES, Authorizer, Rule, scopes_for_role
from services.common.identity import ALL_SCOPES, ROLES
from tests.factories import community_payload, create, org_payload
from tests.system_fixture import System

METHODS = ("get", "post", "put", "patch", "delete")
GATEWAY_DENIALS = {"scope_missing", "forbidden"}


async def operations(system: System) -> list[tuple[str, str]]:
    doc = (await system.gateway.get("/openapi.json")).json()
    assert "x-unavailable-services" not in doc
    return sorted(
        (method.upper(), path)
        for path, item in doc["paths"].items()
        if path.startswith("/v1/")
        for method in METHODS
        if method in item
    )


def concrete(path: str) -> str:
    """A request path for a template: ids become fresh UUIDs, codes a county code."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if "code" in name:
            return "330203"
        return str(uuid.uuid4())

    return re.sub(r"\{([^/}]+)\}", fill, path)


def allowed(rule: Rule, role: str | None, scopes: frozenset[str]) -> bool:
    if rule.public or rule.authenticated:
        return True
    if rule.api_keys and role is None:
        return True
    if role is not None and role in rule.roles:
        return True
    return rule.scope is not None and (rule.scope in scopes or "admin" in scopes)


async def test_every_route_has_a_rule(system: System) -> None:
    authorizer = Authorizer(RULES)
    missing = [f"{m} {p}" for m, p in await operations(system) if authorizer.match(m, p) is None]
    assert not missing, "routes without an authorization entry:\n" + "\n".join(missing)


async def test_every_rule_names_a_route(system: System) -> None:
    existing = set(await operations(system))
    stale = [f"{r.method} {r.path}" for r in RULES if (r.method, r.path) not in existing]
    assert not stale, "authorization entries without a route:\n" + "\n".join(stale)


async def test_rules_are_unique() -> None:
    keys = [(r.method, r.path) for r in RULES]
    assert len(keys) == len(set(keys))


@pytest.fixture(scope="module")
async def principals(
    system: System,
) -> dict[str, tuple[dict[str, str], str | None, frozenset[str]]]:
    """Headers, role and scopes of one caller per role and one API key per scope."""
    admin = await system.admin_headers()
    org = await create(system.gateway, "/v1/organizations", org_payload(), admin)
    community = await create(system.gateway, "/v1/communities", community_payload(), admin)
    result: dict[str, tuple[dict[str, str], str | None, frozenset[str]]] = {}
    for role in ROLES:
        username = f"matrix_{role}_{uuid.uuid4().hex[:8]}"
        body: dict[str, Any] = {"username": username, "password": "matrix-password", "role": role}
        if role == "org_admin":
            body["org_id"] = org["id"]
        if role == "community_admin":
            body["community_id"] = community["id"]
        created = await system.gateway.post("/v1/users", json=body, headers=admin)
        assert created.status_code == 201, created.text
        token = (await system.login(username, "matrix-password"))["access_token"]
        result[f"role:{role}"] = ({"Authorization": f"Bearer {token}"}, role, scopes_for_role(role))
    for scope in ALL_SCOPES:
        created = await system.gateway.post(
            "/v1/api-keys",
            headers=admin,
            json={"name": f"matrix {scope}", "scopes": [scope], "rate_limit_per_minute": 100000},
        )
        assert created.status_code == 201, created.text
        result[f"key:{scope}"] = ({"X-API-Key": created.json()["key"]}, None, frozenset({scope}))
    return result


async def test_matrix(system: System, principals: dict[str, Any]) -> None:
    authorizer = Authorizer(RULES)
    failures: list[str] = []
    for method, template in await operations(system):
        rule = authorizer.match(method, template)
        if rule is None:
            continue  # reported by test_every_route_has_a_rule
        path = concrete(template)
        kwargs: dict[str, Any] = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        anonymous = await system.gateway.request(method, path, **kwargs)
        if not rule.public and anonymous.status_code != 401:
            failures.append(f"anonymous {method} {template}: {anonymous.status_code}")
        for name, (headers, role, scopes) in principals.items():
            response = await system.gateway.request(method, path, headers=headers, **kwargs)
            code = (
                response.json().get("code")
                if response.headers.get("content-type", "").startswith("application/problem+json")
                else None
            )
            if allowed(rule, role, scopes):
                if response.status_code == 401 or (
                    response.status_code == 403 and code in GATEWAY_DENIALS
                ):
                    failures.append(
                        f"{name} {method} {template}: refused {response.status_code} {code}"
                    )
                if response.status_code >= 500:
                    failures.append(f"{name} {method} {template}: {response.status_code}")
            elif response.status_code != 403:
                failures.append(
                    f"{name} {method} {template}: expected 403, got {response.status_code}"
                )
    assert not failures, "\n".join(failures)
