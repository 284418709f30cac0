"""One error hierarchy for every service, rendered as RFC 9457 problem+json.

Each error carries a stable machine ``code`` from a typed catalogue: :class:`KernelCode` here,
and one :class:`ErrorCode` enum per app (``RegistryCode``, ``GatewayCode``, ...) whose members
carry their own zh-CN and en titles, so no module-global table is mutated at start-up. The
``title`` follows ``Accept-Language`` (zh-CN by default, en on request). ``tests/
test_error_catalogue.py`` fails on any code raised anywhere that is not a catalogue member.
Handlers live in :func:`install_error_handlers`; a unique-constraint violation, at flush or at
commit, is the same 409 problem as the check that should have caught it (``unique=``).

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
    ├── RetryExhausted        503  (services/common/retry.py: a race lost every retry)
    └── Upstream              502
        ├── UpstreamUnavailable 503
        └── UpstreamTimeout     504
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import MetaData
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

log = logging.getLogger("wushe.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:wushe:problem:"


class ErrorCode(StrEnum):
    """Base of a catalogue of codes: ``NAME = "code", "中文标题", "English title"``."""

    zh: str
    en: str

    def __new__(cls, value: str, zh: str = "", en: str = "") -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh = zh
        member.en = en
        return member


class KernelCode(ErrorCode):
    """Codes the kernel raises, or any app may raise. Codes are stable: clients switch on them."""

    INTERNAL_ERROR = "internal_error", "服务器内部错误", "Internal server error"
    BAD_REQUEST = "bad_request", "请求有误", "Bad request"
    VALIDATION_FAILED = "validation_failed", "提交的数据未通过校验", "Validation failed"
    NUL_CHARACTER = "nul_character", "请求中含有 NUL 字符", "Request contains a NUL character"
    VALUE_OUT_OF_RANGE = "value_out_of_range", "数值超出允许范围", "Value out of range"
    CURSOR_INVALID = "cursor_invalid", "分页游标无效", "Invalid cursor"
    UNAUTHENTICATED = "unauthenticated", "需要登录或有效凭据", "Authentication required"
    IDENTITY_INVALID = (
        "identity_invalid",
        "内部身份签名无效",
        "Internal identity signature invalid",
    )
    FORBIDDEN = "forbidden", "无权执行此操作", "Forbidden"
    SCOPE_MISSING = "scope_missing", "缺少所需权限范围", "Required scope missing"
    ORG_MISMATCH = "org_mismatch", "只能操作本组织的数据", "Acts only for its own organization"
    COMMUNITY_MISMATCH = (
        "community_mismatch",
        "只能操作本社区的数据",
        "Acts only for its own community",
    )
    NOT_FOUND = "not_found", "资源不存在", "Not found"
    METHOD_NOT_ALLOWED = "method_not_allowed", "不支持该请求方法", "Method not allowed"
    CONFLICT = "conflict", "与现有数据冲突", "Conflict"
    GONE = "gone", "资源已不存在", "Gone"
    PRECONDITION_FAILED = (
        "precondition_failed",
        "数据已被他人修改，请刷新后重试",
        "Precondition failed (stale ETag)",
    )
    PRECONDITION_REQUIRED = (
        "precondition_required",
        "更新需要 If-Match 请求头",
        "If-Match header required",
    )
    PAYLOAD_TOO_LARGE = "payload_too_large", "请求体过大", "Payload too large"
    RATE_LIMITED = "rate_limited", "请求过于频繁，请稍后再试", "Too many requests"
    IDEMPOTENCY_MISMATCH = (
        "idempotency_mismatch",
        "同一幂等键对应了不同的请求内容",
        "Idempotency key reused with a different body",
    )
    IDEMPOTENCY_KEY_INVALID = (
        "idempotency_key_invalid",
        "幂等键格式无效",
        "Idempotency-Key is not 1-255 printable ASCII characters",
    )
    IDEMPOTENCY_IN_PROGRESS = (
        "idempotency_in_progress",
        "同一幂等键的请求正在处理",
        "A request with this Idempotency-Key is in progress",
    )
    EVENTS_EXPIRED = (
        "events_expired",
        "该位置之后的事件已过保留期，请从列表重新同步",
        "Events after this position are past retention; resynchronize from the lists",
    )
    UPSTREAM_ERROR = "upstream_error", "上游服务出错", "Upstream service error"
    UPSTREAM_UNAVAILABLE = "upstream_unavailable", "上游服务不可用", "Upstream service unavailable"
    UPSTREAM_TIMEOUT = "upstream_timeout", "上游服务超时", "Upstream service timed out"
    BUSY = "busy", "数据库繁忙，请稍后重试", "Database busy, try again"


class _UpstreamCode(str):
    """A code another service sent in its problem, passed on unchanged (it titled it)."""

    zh = en = ""


def title_of(code: str, english: bool = False) -> str:
    """The title of ``code``: its own if it is a catalogue member, else the kernel's."""
    member = code if isinstance(code, ErrorCode) else _KERNEL.get(code)
    if member is None:
        if not isinstance(code, _UpstreamCode):
            log.warning("uncatalogued error code %r", code)
        return "Error" if english else "请求有误"
    return member.en if english else member.zh


_KERNEL: dict[str, ErrorCode] = {str(member): member for member in KernelCode}


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
    #: An :class:`ErrorCode` member, or a code passed on from another service's problem.
    code: str = KernelCode.INTERNAL_ERROR
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
            # A catalogue member; or, when a client re-raises another service's problem, that
            # service's code as it was sent.
            self.code = code if isinstance(code, ErrorCode) else _UpstreamCode(code)
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
    status, code = 400, KernelCode.BAD_REQUEST


class ValidationFailed(BadRequest):
    status, code = 422, KernelCode.VALIDATION_FAILED


class Unauthorized(WusheError):
    status, code = 401, KernelCode.UNAUTHENTICATED

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": 'Bearer realm="wushe"'})
        super().__init__(detail, **kw)


class Forbidden(WusheError):
    status, code = 403, KernelCode.FORBIDDEN


class NotFound(WusheError):
    status, code = 404, KernelCode.NOT_FOUND


class MethodNotAllowed(WusheError):
    status, code = 405, KernelCode.METHOD_NOT_ALLOWED


class Conflict(WusheError):
    status, code = 409, KernelCode.CONFLICT


class Gone(WusheError):
    status, code = 410, KernelCode.GONE


class PreconditionFailed(WusheError):
    status, code = 412, KernelCode.PRECONDITION_FAILED


class PreconditionRequired(WusheError):
    status, code = 428, KernelCode.PRECONDITION_REQUIRED


class PayloadTooLarge(WusheError):
    status, code = 413, KernelCode.PAYLOAD_TOO_LARGE


class TooManyRequests(WusheError):
    status, code = 429, KernelCode.RATE_LIMITED

    def __init__(self, detail: str | None = None, *, retry_after: int = 1, **kw: Any) -> None:
        headers = dict(kw.pop("headers", None) or {})
        headers["Retry-After"] = str(max(1, int(retry_after)))
        super().__init__(detail, headers=headers, **kw)
        self.retry_after = max(1, int(retry_after))


class Upstream(WusheError):
    status, code = 502, KernelCode.UPSTREAM_ERROR


class UpstreamUnavailable(Upstream):
    status, code = 503, KernelCode.UPSTREAM_UNAVAILABLE


class UpstreamTimeout(Upstream):
    status, code = 504, KernelCode.UPSTREAM_TIMEOUT


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
    title = title_of(code, english)
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": str(code),
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


def wushe_problem(request: Request, exc: WusheError) -> JSONResponse:
    """The problem+json answer to ``exc`` (what the app's handler for it answers)."""
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


async def _wushe_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WusheError)
    return wushe_problem(request, exc)


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        request,
        422,
        KernelCode.VALIDATION_FAILED,
        "请求数据未通过校验"
        if not wants_english(request.headers.get("accept-language"))
        else "The request did not pass validation",
        errors=validation_errors(exc),
    )


_STATUS_CODES = {
    404: KernelCode.NOT_FOUND,
    405: KernelCode.METHOD_NOT_ALLOWED,
    413: KernelCode.PAYLOAD_TOO_LARGE,
}


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(
        exc.status_code,
        KernelCode.BAD_REQUEST if exc.status_code < 500 else KernelCode.INTERNAL_ERROR,
    )
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(request, exc.status_code, code, detail, headers=exc.headers)


async def _data_error_handler(request: Request, exc: Exception) -> JSONResponse:
    # A value the database cannot hold (a number out of range, say) that validation let
    # through: the client's input, so a 422 — and a warning, since a schema bound is missing.
    log.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return problem_response(request, 422, KernelCode.VALUE_OUT_OF_RANGE)


class UniqueRules:
    """Which code a violated unique constraint answers with: the app's own uniqueness rules.

    A check before an insert only gives a friendly answer to the common case; the constraint is
    the rule. Two requests that both pass the check race to the index, and the loser's
    violation — at flush or at commit — must read exactly like the check's 409. Constraints are
    named by the MetaData naming convention (PostgreSQL reports the name); SQLite reports
    ``table.column, ...``, so the columns of every unique constraint and primary key are
    indexed too.
    """

    def __init__(
        self,
        codes: Mapping[str, ErrorCode],
        metadata: MetaData | Iterable[MetaData] = (),
    ) -> None:
        self.codes = dict(codes)
        self.columns: dict[str, str] = {}
        for meta in [metadata] if isinstance(metadata, MetaData) else metadata:
            for table in meta.tables.values():
                keys: list[Any] = [c for c in table.constraints if hasattr(c, "columns")]
                keys += [i for i in table.indexes if i.unique]
                for key in keys:
                    if not isinstance(key.name, str):
                        continue
                    kind = type(key).__name__
                    if kind in ("UniqueConstraint", "PrimaryKeyConstraint", "Index"):
                        cols = ", ".join(f"{table.name}.{c.name}" for c in key.columns)
                        self.columns[cols] = key.name

    def constraint_of(self, exc: IntegrityError) -> str | None:
        """The name of the unique constraint ``exc`` violated, or ``None`` if it is not one."""
        orig = exc.orig
        cause = getattr(orig, "__cause__", None)
        name = getattr(cause, "constraint_name", None) or getattr(orig, "constraint_name", None)
        sqlstate = getattr(cause, "sqlstate", None) or getattr(orig, "pgcode", None)
        if name and sqlstate == "23505":
            return str(name)
        message = str(orig)
        marker = "UNIQUE constraint failed: "
        if marker in message:
            cols = message.split(marker, 1)[1].strip()
            return self.columns.get(cols, cols)
        return None

    def code_for(self, exc: IntegrityError) -> ErrorCode | None:
        """The 409 code for a unique violation; ``None`` for other integrity errors."""
        constraint = self.constraint_of(exc)
        if constraint is None:
            return None
        return self.codes.get(constraint, KernelCode.CONFLICT)


def _integrity_handler(rules: UniqueRules) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, IntegrityError)
        code = rules.code_for(exc)
        if code is None:
            # A foreign key or check the input models should have caught: the client's data.
            log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc)
            return problem_response(request, 409, KernelCode.CONFLICT)
        log.info("unique violation %s answered as %s", rules.constraint_of(exc), code)
        return problem_response(request, 409, code)

    return handle


async def _database_handler(request: Request, exc: Exception) -> JSONResponse:
    """A lost race (serialization failure, deadlock, SQLite busy) is 503 ``busy``: nothing was
    saved and resending the same request is the right move. A database that does not answer
    is 503 too; anything else the driver raised is a bug (500, logged)."""
    from services.common.retry import retry_reason  # retry.py imports this module

    reason = retry_reason(exc)
    if reason is not None:
        log.warning("lost a race (%s) on %s %s", reason, request.method, request.url.path)
        return problem_response(request, 503, KernelCode.BUSY, headers={"Retry-After": "1"})
    if isinstance(exc, OperationalError | InterfaceError):
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(request, 503, KernelCode.UPSTREAM_UNAVAILABLE)
    log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, KernelCode.INTERNAL_ERROR)


#: Exceptions the app's handlers answer themselves; the route class lets them through.
HANDLED_ERRORS: tuple[type[Exception], ...] = (DataError, IntegrityError, DBAPIError)


def install_error_handlers(app: FastAPI, unique: UniqueRules | None = None) -> None:
    """Render every error as problem+json (the last resort is :class:`ProblemGuard`)."""
    app.add_exception_handler(WusheError, _wushe_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(DataError, _data_error_handler)
    app.add_exception_handler(IntegrityError, _integrity_handler(unique or UniqueRules({})))
    app.add_exception_handler(DBAPIError, _database_handler)


class ProblemGuard:
    """The last resort, inside Starlette's ServerErrorMiddleware: nothing escapes to the server.

    Starlette's outermost middleware re-raises every exception after answering, so the server
    logs "Exception in ASGI application" and drops the keep-alive connection. This guard sits
    just inside it: an error before the response started becomes a 500 problem; an error after
    it started (a stream that broke half-way) is logged with the request ID and the response
    is left incomplete, so the client sees a truncated body rather than a false "complete".
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:
                log.exception(
                    "error after the response started on %s %s; response left incomplete",
                    scope.get("method"),
                    scope.get("path"),
                )
                return
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            english = False
            for key, value in scope.get("headers", ()):
                if key == b"accept-language":
                    english = wants_english(value.decode("latin-1"))
            await send_problem(send, WusheError(), english, scope.get("path", ""))
