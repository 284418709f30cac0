"""One OpenAPI document for the gateway and every service behind it.

Each service's ``/openapi.json`` is fetched (signed, over HTTP), its paths added, its component
schemas merged (renamed with the service's prefix only where two services disagree on a name),
every operation tagged with its service and annotated from the authorization table: the security
schemes it accepts, the scope it needs, and the problem responses the gateway itself may give.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from gateway.authz import Authorizer
from services.common.openapi import PROBLEM_SCHEMA, problem_response

SERVICE_TAGS = {
    "gateway": "网关：登录、令牌、用户与 API 密钥 / the gateway: login, tokens, users, API keys",
    "registry": "名册：区划、社区与村、社会组织、社工、志愿者、协作与结对 / the roster",
    "matching": "对接：需求、资源、分配轮次、对接、服务记录与反馈 / needs matched to offers",
    "funds": "基金：账户、转账、捐赠、资助、时间银行、公开披露 / community-fund ledgers",
}

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "用户访问令牌（POST /v1/auth/token 获取）/ access token",
    },
    "apiKeyAuth": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "合作系统的 API 密钥 / a partner system's API key",
    },
}

_GATEWAY_RESPONSES = {
    "401": "未认证：缺少或无效的令牌/密钥 / unauthenticated",
    "403": "无权限：缺少所需权限范围或角色 / forbidden",
    "429": "超出频率限制，见 Retry-After / rate limited",
}
_UPSTREAM_RESPONSES = {
    "503": "上游服务不可用 / upstream unavailable",
    "504": "上游服务超时 / upstream timeout",
}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_SKIP_SERVICE_PATHS = frozenset({"/healthz", "/readyz"})


def _rewrite_refs(node: Any, renames: Mapping[str, str]) -> Any:
    if not renames:
        return node
    text = json.dumps(node, ensure_ascii=False)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    return json.loads(text)


def merge_openapi(
    gateway_doc: dict[str, Any], service_docs: Mapping[str, dict[str, Any]], authorizer: Authorizer
) -> dict[str, Any]:
    """The merged document; ``service_docs`` maps service name to its own OpenAPI."""
    merged = copy.deepcopy(gateway_doc)
    merged["info"] = {
        "title": "五社联动资源对接平台 API / Wushe API",
        "version": gateway_doc.get("info", {}).get("version", "1.0.0"),
        "description": (
            "社区、社会组织、社会工作者、社区志愿者、社会慈善资源“五社联动”的资源对接平台。"
            "所有调用经由网关：人员使用 Bearer 访问令牌，合作系统使用 X-API-Key。"
            "错误均为 application/problem+json，含稳定的 `code`。\n\n"
            "Five-society linkage resource exchange. Every call goes through this gateway: people "
            "use a Bearer access token, partner systems an X-API-Key. Errors are problem+json "
            "with a stable `code`; `title` follows Accept-Language (zh-CN default, en)."
        ),
    }
    components = merged.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    paths: dict[str, Any] = merged.setdefault("paths", {})
    for path_item in paths.values():
        for method in _METHODS:
            if method in path_item:
                path_item[method]["tags"] = ["gateway"]

    for service, doc in service_docs.items():
        renames: dict[str, str] = {}
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            if name in schemas and schemas[name] != schema:
                renames[name] = f"{service.capitalize()}{name}"
        doc = _rewrite_refs(doc, renames)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas.setdefault(name, schema)
        for path, item in doc.get("paths", {}).items():
            if path in _SKIP_SERVICE_PATHS:
                continue
            for method in _METHODS:
                if method in item:
                    item[method]["tags"] = [service]
            paths[path] = item

    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    for path, item in paths.items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            _annotate(operation, authorizer, method.upper(), path)
    merged["tags"] = [{"name": name, "description": text} for name, text in SERVICE_TAGS.items()]
    return merged


def _annotate(operation: dict[str, Any], authorizer: Authorizer, method: str, path: str) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if not path.startswith("/v1/"):
        operation["security"] = []
        return
    rule = authorizer.match(method, path)
    if rule is None or rule.public:
        operation["security"] = []
    else:
        operation["security"] = [{"bearerAuth": []}, {"apiKeyAuth": []}]
        need = []
        if rule.scope:
            need.append(f"权限范围 scope `{rule.scope}`")
            operation["x-required-scope"] = rule.scope
        if rule.roles:
            need.append("角色 roles " + ", ".join(f"`{r}`" for r in sorted(rule.roles)))
            operation["x-allowed-roles"] = sorted(rule.roles)
        if rule.authenticated:
            need.append("任何已认证调用者 / any authenticated caller")
        note = "**所需权限 / requires:** " + " 或 / or ".join(need)
        operation["description"] = (operation.get("description", "") + "\n\n" + note).strip()
        for status, text in _GATEWAY_RESPONSES.items():
            responses.setdefault(status, problem_response(text))
    if operation.get("tags") != ["gateway"]:
        for status, text in _UPSTREAM_RESPONSES.items():
            responses.setdefault(status, problem_response(text))
