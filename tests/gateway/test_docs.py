"""The merged OpenAPI: every operation summarized in Chinese, secured, tagged, problem-typed."""

from __future__ import annotations

import re
from typing import Any

from tests.system_fixture import System

CJK = re.compile(r"[\u4e00-\u9fff]")
METHODS = ("get", "post", "put", "patch", "delete")


async def merged(system: System) -> dict[str, Any]:
    response = await system.gateway.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, item[m]) for p, item in doc["paths"].items() for m in METHODS if m in item]


async def test_every_operation_has_a_chinese_summary(system: System) -> None:
    doc = await merged(system)
    missing = [
        f"{m.upper()} {p}" for m, p, op in operations(doc) if not CJK.search(op.get("summary", ""))
    ]
    assert not missing, missing


async def test_every_v1_operation_is_tagged_by_its_service(system: System) -> None:
    doc = await merged(system)
    names = {t["name"] for t in doc["tags"]}
    for _, path, op in operations(doc):
        assert len(op["tags"]) == 1
        assert op["tags"][0] in names, path


async def test_security_follows_the_authorization_table(system: System) -> None:
    doc = await merged(system)
    ops = {(m, p): op for m, p, op in operations(doc)}
    assert ops[("post", "/v1/auth/token")]["security"] == []
    secured = ops[("get", "/v1/users")]
    assert secured["security"] == [{"bearerAuth": []}, {"apiKeyAuth": []}]
    assert secured["x-required-scope"] == "admin"
    assert "401" in secured["responses"]
    assert "429" in secured["responses"]


async def test_errors_are_documented_as_problems(system: System) -> None:
    doc = await merged(system)
    for method, path, op in operations(doc):
        for status, response in op["responses"].items():
            if path == "/readyz" and status == "503":
                continue  # a readiness report (which part is not ready), not an error
            if status.startswith(("4", "5")) or status == "default":
                assert list(response["content"]) == ["application/problem+json"], (
                    method,
                    path,
                    status,
                )


async def test_request_bodies_carry_examples(system: System) -> None:
    doc = await merged(system)
    schema = doc["components"]["schemas"]["ApiKeyCreate"]
    assert schema["properties"]["name"]["examples"]


async def test_every_json_post_body_has_an_example(system: System) -> None:
    doc = await merged(system)
    schemas = doc["components"]["schemas"]
    missing = []
    for method, path, op in operations(doc):
        content = op.get("requestBody", {}).get("content", {})
        if method != "post" or "application/json" not in content:
            continue
        ref = content["application/json"]["schema"].get("$ref", "")
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
        has = "examples" in schema or any(
            "examples" in prop or "example" in prop
            for prop in schema.get("properties", {}).values()
        )
        if not has:
            missing.append(f"POST {path} ({ref})")
    assert not missing, missing


async def test_idempotent_replays_are_documented(system: System) -> None:
    doc = await merged(system)
    ratings = doc["paths"]["/v1/organizations/{org_id}/ratings"]["post"]["responses"]
    assert "application/json" in ratings["200"]["content"]
    assert "application/json" in ratings["201"]["content"]
