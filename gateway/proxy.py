"""The gateway's hot path: authenticate, authorize, sign, forward, stream back.

A pure ASGI middleware rather than a FastAPI route: every proxied request passes through it,
and skipping the router, the dependency solver and response models keeps the gateway's cost to
a few hundred microseconds (``docs/benchmarks.md``). Paths the gateway serves itself fall through
to the FastAPI app behind it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.authz import BY_SECOND_SEGMENT, ROUTE_TABLE, Authorizer
from gateway.domain.accounts import ApiKeyService, SessionRevocations, user_identity
from gateway.domain.security import TokenCodec
from gateway.errors import GatewayCode
from gateway.forwarders import Forwarder
from services.common.apps import SERVICE_NAMES
from services.common.context import identity_var, request_id_var
from services.common.errors import (
    ErrorCode,
    KernelCode,
    MethodNotAllowed,
    PayloadTooLarge,
    Unauthorized,
    ValidationFailed,
    WusheError,
    send_problem,
    wants_english,
)
from services.common.identity import Identity, IdentitySigner
from services.common.routing import HeadAsGet

ANONYMOUS = Identity(sub="anonymous", kind="anonymous")
log = logging.getLogger("wushe.gateway.proxy")

#: Request headers never passed upstream: hop-by-hop ones, and credentials the services must not
#: see or trust (the signed identity replaces them; a client-sent identity header is dropped).
_DROP = frozenset(
    {
        b"host",
        b"connection",
        b"keep-alive",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"authorization",
        b"x-api-key",
        b"x-wushe-identity",
        b"x-request-id",
        b"x-forwarded-for",  # forgeable by the client; the gateway sets its own
        b"cookie",
        b"expect",
    }
)


class Authenticator:
    """Turns a request's credentials into an :class:`Identity`."""

    def __init__(
        self, codec: TokenCodec, keys: ApiKeyService, revocations: SessionRevocations
    ) -> None:
        self.codec = codec
        self.keys = keys
        self.revocations = revocations

    async def identify(
        self, authorization: str | None, api_key: str | None, address: str | None = None
    ) -> Identity:
        """Bearer token, else API key, else anonymous; bad credentials are 401, never anonymous.

        ``address`` (the client's) bounds how many unknown API keys it may have looked up.
        """
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthorized("Authorization 需为 Bearer 令牌", code=GatewayCode.TOKEN_INVALID)
            claims = self.codec.verify(token.strip())
            await self.revocations.check(claims)
            return user_identity(claims)
        if api_key:
            return await self.keys.authenticate(api_key.strip(), address)
        return ANONYMOUS


@dataclass(slots=True)
class ProxyState:
    """What the proxy needs, built by the gateway's lifespan."""

    authenticator: Authenticator
    authorizer: Authorizer
    signer: IdentitySigner
    forwarders: dict[str, Forwarder]
    max_request_bytes: int
    body_read_timeout: float = 15.0


class BodyTimeout(WusheError):
    """408: the client stopped sending the body it announced (the connection is closed)."""

    status: int = 408
    code: ErrorCode = GatewayCode.BODY_TIMEOUT


#: The whole body may take this many idle timeouts: a client that sends a byte just before each
#: idle timeout would otherwise hold the connection for as long as it likes.
BODY_TOTAL_FACTOR = 8


async def read_body(
    receive: Receive, limit: int, declared: int | None, idle_timeout: float | None = None
) -> bytes:
    """The whole request body, refusing more than ``limit`` bytes (413) early when declared.

    With ``idle_timeout``: 408 when no piece arrives for that long, or when the body is not
    complete after ``BODY_TOTAL_FACTOR`` times that (uvicorn itself waits for ever).
    """
    if declared is not None and declared > limit:
        raise PayloadTooLarge(f"请求体超过 {limit} 字节")
    chunks: list[bytes] = []
    size = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + idle_timeout * BODY_TOTAL_FACTOR if idle_timeout else None
    try:
        async with asyncio.timeout(None) as timer:
            while True:
                if idle_timeout is not None and deadline is not None:
                    timer.reschedule(min(loop.time() + idle_timeout, deadline))
                message: Message = await receive()
                if message["type"] == "http.disconnect":
                    break
                chunk = message.get("body", b"")
                if chunk:
                    size += len(chunk)
                    if size > limit:
                        raise PayloadTooLarge(f"请求体超过 {limit} 字节")
                    chunks.append(chunk)
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise BodyTimeout(
            f"请求体在 {idle_timeout} 秒内未送达", headers={"Connection": "close"}
        ) from None
    return b"".join(chunks)


#: A JSON ``\\u0000`` escape (an odd run of backslashes before it), or ``%00`` in a query string.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def refuse_nul(query: bytes, body: bytes, path: str = "") -> None:
    """422 for NUL characters: no text column (PostgreSQL's above all) can store them."""
    if "\x00" in path:
        field = "path"
    elif b"%00" in query:
        field = "query"
    elif b"u0000" in body.lower() and _JSON_NUL.search(body):
        field = "body"
    else:
        return
    raise ValidationFailed(
        "文本中不能包含 NUL 字符",
        code=KernelCode.NUL_CHARACTER,
        errors=[{"field": field, "message": "NUL is not allowed"}],
    )


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def parsed_as_json(content_type: bytes | None) -> bool:
    """True when FastAPI would parse the body as JSON: a JSON type, or no type at all."""
    if content_type is None:
        return True
    main = content_type.split(b";", 1)[0].strip().lower()
    return main == b"application/json" or (
        main.startswith(b"application/") and main.endswith(b"+json")
    )


def refuse_duplicate_keys(body: bytes, content_type: bytes | None) -> None:
    """422 ``duplicate_key`` for a JSON object with a key twice (the last one would win).

    A login with ``username`` twice may be checked by one reader and used by another; no JSON
    parser the services use says which one counts. Costs one parse of the body with a pairs
    hook: about 30 µs for a typical 1 KB body (docs/security.md). What is not JSON is left to
    whoever reads it.
    """
    if not body or not parsed_as_json(content_type):
        return
    try:
        json.loads(body, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise ValidationFailed(
            "JSON 对象中有重复的键",
            code=GatewayCode.DUPLICATE_KEY,
            errors=[{"field": exc.key, "message": "duplicate key"}],
        ) from None
    except (ValueError, RecursionError):
        return


def declared_body(scope: Scope) -> tuple[bool, int | None]:
    """Whether the request says it has a body, and its Content-Length if it gives one."""
    has_body, length = False, None
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
            has_body = has_body or length != 0
        elif key == b"transfer-encoding":
            has_body = True
    return has_body, length


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then waits as the server would."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


#: One header field (name and value) at most, all of them together at most, and the request
#: target (path and query) at most: what common reverse proxies accept (nginx: 8 KiB buffers).
#: uvicorn's httptools parser has no limit of its own: a 60,000-character API key got through.
MAX_HEADER_FIELD_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024
MAX_TARGET_BYTES = 8 * 1024


class HeaderFieldsTooLarge(WusheError):
    status: int = 431
    code: ErrorCode = GatewayCode.HEADER_TOO_LARGE


class UriTooLong(WusheError):
    status: int = 414
    code: ErrorCode = GatewayCode.URI_TOO_LONG


def oversized(scope: Scope) -> WusheError | None:
    """431 for a header field or all headers over their limit, 414 for a target over its own."""
    total = 0
    for name, value in scope["headers"]:
        size = len(name) + len(value)
        if size > MAX_HEADER_FIELD_BYTES:
            return HeaderFieldsTooLarge(
                f"请求头 {name.decode('latin-1')[:64]} 超过 {MAX_HEADER_FIELD_BYTES} 字节"
            )
        total += size
    if total > MAX_HEADER_BYTES:
        return HeaderFieldsTooLarge(f"请求头合计超过 {MAX_HEADER_BYTES} 字节")
    target = len(scope.get("raw_path") or scope["path"]) + len(scope.get("query_string", b""))
    if target > MAX_TARGET_BYTES:
        return UriTooLong(f"请求地址超过 {MAX_TARGET_BYTES} 字节")
    return None


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _english(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"accept-language":
            return wants_english(value.decode("latin-1"))
    return False


class ProxyMiddleware:
    """Forwards ``/v1/<resource>/...`` of other services; everything else goes to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # FastAPI routes declare GET only; HEAD is answered as GET without the body (RFC 9110).
        self.head_app = HeadAsGet(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Before anything reads a header: on the proxied path and the gateway's own alike.
        problem = oversized(scope)
        if problem is not None:
            await send_problem(send, problem, _english(scope), scope["path"][:256])
            return
        path: str = scope["path"]
        if not path.startswith("/v1/"):
            await self._own_route(scope, receive, send, v1=False)
            return
        end = path.find("/", 4)
        service = ROUTE_TABLE.get(path[4:] if end == -1 else path[4:end])
        if service == BY_SECOND_SEGMENT:  # /v1/events/{service}, /v1/outbox/{service}/...
            rest = path[end + 1 :] if end != -1 else ""
            second = rest.split("/", 1)[0]
            service = second if second in SERVICE_NAMES else None
        if service is None:
            await self._own_route(scope, receive, send, v1=False)
            return
        if service == "gateway":
            await self._own_route(scope, receive, send, v1=True)
            return
        await self._forward(scope["app"].state.proxy, service, scope, receive, send)

    async def _own_route(self, scope: Scope, receive: Receive, send: Send, *, v1: bool) -> None:
        """The gateway's own routes, after the checks the proxied path makes as well.

        FastAPI reads bodies without a size limit and stores whatever it is given; the body is
        read here (413 above the limit) and checked for NUL characters, then replayed to the app.
        ``/v1`` routes also get the full Allow list in a 405 that the router lacks.
        """
        path, method = scope["path"], scope["method"]
        state: ProxyState = scope["app"].state.proxy
        if v1 and state.authorizer.match(method, path) is None:
            allowed = state.authorizer.allowed_methods(path)
            if allowed:
                exc = MethodNotAllowed(
                    f"该接口不支持 {method}", headers={"Allow": ", ".join(allowed)}
                )
                await send_problem(send, exc, _english(scope), path)
                return
        try:
            refuse_nul(scope.get("query_string", b""), b"", path)
            has_body, length = declared_body(scope)
            if has_body:
                body = await read_body(
                    receive, state.max_request_bytes, length, state.body_read_timeout
                )
                refuse_nul(b"", body)
                refuse_duplicate_keys(body, _header(scope, b"content-type"))
                receive = replaying(body, receive)
        except WusheError as exc:
            await send_problem(send, exc, _english(scope), path[:256])
            return
        await (self.head_app if method == "HEAD" else self.app)(scope, receive, send)

    async def _forward(
        self, state: ProxyState, service: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        authorization = api_key = accept_language = None
        content_length: int | None = None
        content_type: bytes | None = None
        chunked = False
        forwarded: list[tuple[bytes, bytes]] = []
        for key, value in scope["headers"]:
            if key == b"authorization":
                authorization = value.decode("latin-1")
            elif key == b"x-api-key":
                api_key = value.decode("latin-1")
            elif key == b"accept-language":
                accept_language = value.decode("latin-1")
            elif key == b"content-length":
                try:
                    content_length = int(value)
                except ValueError:
                    content_length = None
            elif key == b"content-type":
                content_type = value
            elif key == b"transfer-encoding":
                chunked = True
            if key not in _DROP:
                forwarded.append((key, value))
        path: str = scope["path"]
        method: str = scope["method"]
        scope_state: dict[str, Any] = scope.setdefault("state", {})
        scope_state["service"] = service
        rid = request_id_var.get() or scope_state.get("request_id")
        started = False

        async def relay(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            client = scope.get("client")
            identity = await state.authenticator.identify(
                authorization, api_key, client[0] if client else None
            )
            rule = state.authorizer.match(method, path)
            if rule is None:
                rule = state.authorizer.authorize(method, path, identity)  # 401, 404 or 405
            scope_state["route"] = rule.path
            state.authorizer.check(rule, identity)
            # HTTP/1.1: no Content-Length and no Transfer-Encoding is no body; nothing to wait for.
            body = (
                await read_body(
                    receive, state.max_request_bytes, content_length, state.body_read_timeout
                )
                if chunked or content_length
                else b""
            )
            refuse_nul(scope.get("query_string", b""), body, path)
            refuse_duplicate_keys(body, content_type)
            if identity is not ANONYMOUS:
                scope_state["identity"] = identity
            token = identity_var.set(identity)
            # The request ID travels in X-Request-ID, not in the signed claims, so that one
            # caller's signed header can be reused for a few seconds (sign_cached).
            signed = state.signer.sign_cached(identity, scope["method"], scope["path"])
            forwarded.append((b"x-wushe-identity", signed.encode()))
            if rid:
                forwarded.append((b"x-request-id", rid.encode()))
            if client:
                forwarded.append((b"x-forwarded-for", client[0].encode()))
            query = scope.get("query_string", b"")
            target = scope.get("raw_path", path.encode()).decode("latin-1")
            if query:
                target += "?" + query.decode("latin-1")
            try:
                await state.forwarders[service].forward(method, target, forwarded, body, relay)
            finally:
                identity_var.reset(token)
        except WusheError as exc:
            if started:
                log.warning("upstream failed mid-response on %s %s: %s", method, path, exc.code)
                return
            if exc.status >= 500:
                scope_state["upstream_error"] = exc.code
            await send_problem(send, exc, wants_english(accept_language), path)
        except Exception:
            # Starlette's error middleware sits behind us: answer a problem here, never a bare 500.
            log.exception("proxy failure on %s %s", method, path)
            if started:
                return
            scope_state["upstream_error"] = "internal_error"
            await send_problem(send, WusheError(), wants_english(accept_language), path)
