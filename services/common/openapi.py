"""OpenAPI touch-ups every app shares: errors documented as problem+json, as they are sent.

FastAPI documents validation errors as ``application/json`` ``HTTPValidationError``; ours are
RFC 9457 problems. Every operation also gets a ``default`` problem response (any other error
status is a problem+json body) and, when it has path parameters, an explicit 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 问题详情 / problem details",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "example": "urn:wushe:problem:scope_missing"},
        "title": {"type": "string", "example": "缺少所需权限范围"},
        "status": {"type": "integer", "example": 403},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "稳定的机器可读错误码 / stable machine code"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def problem_response(description: str) -> dict[str, Any]:
    """A response object whose body is a problem."""
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }


def problemize(doc: dict[str, Any]) -> dict[str, Any]:
    """Document every error response as problem+json (in place; returns ``doc``)."""
    doc.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = problem_response("数据未通过校验 / validation failed")
            for status, response in responses.items():
                # An error an endpoint documents by description only is a problem all the same.
                if status.startswith(("4", "5")) and "content" not in response:
                    responses[status] = problem_response(response.get("description", status))
            if "{" in path:
                responses.setdefault("404", problem_response("资源不存在 / not found"))
            responses.setdefault("default", problem_response("其他错误 / any other error"))
    return doc


def install_problem_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """Make ``app.openapi()`` return the problemized document (cached like FastAPI's)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problemize(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                    tags=app.openapi_tags,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return openapi
