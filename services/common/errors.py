"""One error hierarchy for every service, rendered as RFC 9457 problem+json.

Each error carries a stable machine ``code``; the ``title`` follows ``Accept-Language``
(zh-CN by default, en on request). Handlers live in :func:`install_error_handlers`.

    WusheError (500 internal_error)
    ├── BadRequest            400
    │   └── ValidationFailed  422  (payload validation only; carries ``errors``)
    ├── Unauthorized          401
    ├── Forbidden             403
    ├── NotFound              404
    ├── MethodNotAllowed      405
    ├── Conflict              409
    ├── Gone                  410
    ├── PreconditionFailed    412
    ├── PreconditionRequired  428
    ├── PayloadTooLarge       413
    ├── TooManyRequests       429  (carries ``retry_after``)
    └── Upstream              502
        ├── UpstreamUnavailable 503
        └── UpstreamTimeout     504
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

log = logging.getLogger("wushe.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:wushe:problem:"

#: code -> (zh-CN title, en title). Codes are stable: clients switch on them.
TITLES: dict[str, tuple[str, str]] = {
    "internal_error": ("服务器内部错误", "Internal server error"),
    "bad_request": ("请求有误", "Bad request"),
    "validation_failed": ("提交的数据未通过校验", "Validation failed"),
    "unauthenticated": ("需要登录或有效凭据", "Authentication required"),
    "invalid_credentials": ("用户名或密码错误", "Invalid username or password"),
    "token_invalid": ("令牌无效或已过期", "Token invalid or expired"),
    "api_key_invalid": ("API 密钥无效、已过期或已吊销", "API key invalid, expired or revoked"),
    "identity_invalid": ("内部身份签名无效", "Internal identity signature invalid"),
    "forbidden": ("无权执行此操作", "Forbidden"),
    "scope_missing": ("缺少所需权限范围", "Required scope missing"),
    "not_found": ("资源不存在", "Not found"),
    "method_not_allowed": ("不支持该请求方法", "Method not allowed"),
    "conflict": ("与现有数据冲突", "Conflict"),
    "precondition_failed": ("数据已被他人修改，请刷新后重试", "Precondition failed (stale ETag)"),
    "precondition_required": ("更新需要 If-Match 请求头", "If-Match header required"),
    "payload_too_large": ("请求体过大", "Payload too large"),
    "rate_limited": ("请求过于频繁，请稍后再试", "Too many requests"),
    "login_throttled": ("登录失败次数过多，请稍后再试", "Too many failed logins"),
    "idempotency_mismatch": (
        "同一幂等键对应了不同的请求内容",
        "Idempotency key reused with a different body",
    ),
    "upstream_error": ("上游服务出错", "Upstream service error"),
    "upstream_unavailable": ("上游服务不可用", "Upstream service unavailable"),
    "upstream_timeout": ("上游服务超时", "Upstream service timed out"),
    "username_taken": ("用户名已被占用", "Username already taken"),
    "gone": ("资源已不存在", "Gone"),
    "api_key_revoked": ("API 密钥已吊销", "API key revoked"),
    "api_key_not_found": ("API 密钥不存在", "API key not found"),
    "user_not_found": ("用户不存在", "User not found"),
    "binding_required": ("角色需要绑定组织或社区", "Role requires an organization or community"),
    "scope_unknown": ("未知的权限范围", "Unknown scope"),
    "cursor_invalid": ("分页游标无效", "Invalid cursor"),
    "value_out_of_range": ("数值超出允许范围", "Value out of range"),
    "org_unknown": ("绑定的组织不存在", "Bound organization does not exist"),
    "community_unknown": ("绑定的社区不存在", "Bound community does not exist"),
    "org_mismatch": ("只能操作本组织的数据", "Acts only for its own organization"),
    "community_mismatch": ("只能操作本社区的数据", "Acts only for its own community"),
    "refresh_token_reused": (
        "刷新令牌已被使用，该登录会话已全部注销",
        "Refresh token reused; the session family was revoked",
    ),
}


def register_titles(titles: Mapping[str, tuple[str, str]]) -> None:
    """Let a service add its own codes to the catalogue (idempotent)."""
    TITLES.update(titles)


def wants_english(accept_language: str | None) -> bool:
    """True when the caller prefers English over Chinese; zh-CN is the default."""
    if not accept_language:
        return False
    best_lang, best_q = "zh", -1.0
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        lang, _, params = piece.partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0 and q > best_q:
            best_lang, best_q = lang.strip().lower(), q
    return best_lang.startswith("en")


class WusheError(Exception):
    """Base of every error a service raises on purpose."""

    status: int = 500
    code: str = "internal_error"
    #: Commit the request's session before answering with this error (see AutoCommitRoute).
    commit_session: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
        commit_session: bool = False,
    ) -> None:
        super().__init__(detail or "")
        self.commit_session = commit_session
        self.detail = detail
        if code:
            self.code = code
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def to_problem(self, english: bool = False, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 body for this error."""
        return problem_body(
            self.status,
            self.code,
            self.detail,
            english=english,
            errors=self.errors,
            instance=instance,
            extra=self.extra,
        )


class BadRequest(WusheError):
    status, code = 400, "bad_request"


class ValidationFailed(BadRequest):
    status, code = 422, "validation_failed"


class Unauthorized(WusheError):
    status, code = 401, "unauthenticated"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": 'Bearer realm="wushe"'})
        super().__init__(detail, **kw)


class Forbidden(WusheError):
    status, code = 403, "forbidden"


class NotFound(WusheError):
    status, code = 404, "not_found"


class MethodNotAllowed(WusheError):
    status, code = 405, "method_not_allowed"


class Conflict(WusheError):
    status, code = 409, "conflict"


class Gone(WusheError):
    status, code = 410, "gone"


class PreconditionFailed(WusheError):
    status, code = 412, "precondition_failed"


class PreconditionRequired(WusheError):
    status, code = 428, "precondition_required"


class PayloadTooLarge(WusheError):
    status, code = 413, "payload_too_large"


class TooManyRequests(WusheError):
    status, code = 429, "rate_limited"

    def __init__(self, detail: str | None = None, *, retry_after: int = 1, **kw: Any) -> None:
        headers = dict(kw.pop("headers", None) or {})
        headers["Retry-After"] = str(max(1, int(retry_after)))
        super().__init__(detail, headers=headers, **kw)
        self.retry_after = max(1, int(retry_after))


class Upstream(WusheError):
    status, code = 502, "upstream_error"


class UpstreamUnavailable(Upstream):
    status, code = 503, "upstream_unavailable"


class UpstreamTimeout(Upstream):
    status, code = 504, "upstream_timeout"


_BY_STATUS: dict[int, type[WusheError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    410: Gone,
    412: PreconditionFailed,
    413: PayloadTooLarge,
    422: ValidationFailed,
    428: PreconditionRequired,
    429: TooManyRequests,
    502: Upstream,
    503: UpstreamUnavailable,
    504: UpstreamTimeout,
}


def error_for_status(status: int) -> type[WusheError]:
    """The kernel error class for an HTTP status (used by clients re-raising upstream problems)."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return BadRequest if 400 <= status < 500 else Upstream


def problem_body(
    status: int,
    code: str,
    detail: str | None = None,
    *,
    english: bool = False,
    errors: Sequence[Mapping[str, Any]] | None = None,
    instance: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build a problem+json body."""
    zh, en = TITLES.get(code, TITLES["internal_error"] if status >= 500 else ("请求有误", "Error"))
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": en if english else zh,
        "status": status,
        "detail": detail or (en if english else zh),
        "code": code,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [dict(e) for e in errors]
    if extra:
        for key, value in extra.items():
            body.setdefault(key, value)
    return body


def problem_response(
    request: Request | None,
    status: int,
    code: str,
    detail: str | None = None,
    *,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """A problem+json response negotiated on the request's Accept-Language."""
    english = wants_english(request.headers.get("accept-language")) if request else False
    body = problem_body(status, code, detail, english=english, errors=errors, extra=extra)
    if request is not None:
        body.setdefault("instance", request.url.path)
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )


async def send_problem(send: Any, exc: WusheError, english: bool, path: str) -> None:
    """Answer a problem+json straight on an ASGI ``send`` (for middleware below FastAPI)."""
    body = json.dumps(exc.to_problem(english, instance=path), ensure_ascii=False).encode()
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _loc_to_field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts
    return ".".join(parts) or "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """Pydantic errors as ``[{field, message}]``."""
    return [
        {"field": _loc_to_field(err.get("loc", ())), "message": str(err.get("msg", "invalid"))}
        for err in exc.errors()
    ]


async def _wushe_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WusheError)
    if exc.status >= 500:
        log.warning("upstream or internal error: %s %s", exc.code, exc.detail)
    return problem_response(
        request,
        exc.status,
        exc.code,
        exc.detail,
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        request,
        422,
        "validation_failed",
        "请求数据未通过校验"
        if not wants_english(request.headers.get("accept-language"))
        else "The request did not pass validation",
        errors=validation_errors(exc),
    )


_STATUS_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(
        exc.status_code, "bad_request" if exc.status_code < 500 else "internal_error"
    )
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(request, exc.status_code, code, detail, headers=exc.headers)


async def _data_error_handler(request: Request, exc: Exception) -> JSONResponse:
    # A value the database cannot hold (a number out of range, say) that validation let
    # through: the client's input, so a 422 — and a warning, since a schema bound is missing.
    log.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(request, 422, "value_out_of_range", "数值超出允许范围")


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(request, 500, "internal_error")


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as problem+json."""
    app.add_exception_handler(WusheError, _wushe_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(DataError, _data_error_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
