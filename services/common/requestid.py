"""Request IDs: accepted from ``X-Request-ID`` or created, returned, and logged on every request.

A pure ASGI middleware rather than ``BaseHTTPMiddleware``: it sits on every request's path, and
the latter costs a task and a memory stream per request. For the same reason the access line
skips the logging machinery when the usual JSON handler alone would receive it (it is written
exactly as that handler would write it), and new IDs come from ``os.urandom`` rather than
``uuid.uuid4()`` (the same 32 hex digits of a version-4 UUID).
"""

from __future__ import annotations

import logging
import os
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.context import request_id_var
from services.common.logging import JsonFormatter, sole_json_handler, write_line

HEADER = b"x-request-id"
_VALID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
_VARIANT = "89ab"
_INFO = logging.INFO
access_log = logging.getLogger("wushe.access")


def new_request_id() -> str:
    """A fresh request ID: a random (version 4) UUID as 32 hex digits."""
    raw = os.urandom(16).hex()
    # The version nibble and the RFC 4122 variant bits, as uuid.uuid4() sets them.
    return f"{raw[:12]}4{raw[13:16]}{_VARIANT[int(raw[16], 16) & 3]}{raw[17:]}"


def request_id_from_headers(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's request ID if it is well formed, else a new one."""
    for key, value in headers:
        if key == HEADER:
            if _VALID.match(value):
                return value.decode()
            break
    return new_request_id()


def write_access_line(
    service: str, rid: str, method: str, path: str, status: int, duration_ms: float
) -> None:
    """Write the access line of one request: what ``access_log.info`` would write.

    With the logging :func:`~services.common.logging.configure_logging` sets up (one JSON
    handler), the line is formatted and written directly: no record, no caller lookup, no
    dispatch. Any other set-up (tests capturing logs, filters, more handlers) gets a record.
    """
    if not access_log.isEnabledFor(_INFO):
        return
    msg = f"{method} {path} {status}"
    fields = {
        "app": service,
        "request_id": rid,
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": duration_ms,
    }
    handler = sole_json_handler(access_log)
    if handler is not None:
        assert isinstance(handler.formatter, JsonFormatter)
        if write_line(handler, handler.formatter.info_line(access_log.name, msg, fields)):
            return
    record = access_log.makeRecord(
        access_log.name,
        _INFO,
        __file__,
        0,
        "%s %s %d",
        (method, path, status),
        None,
        "write_access_line",
        fields,
    )
    if handler is not None:
        handler.handleError(record)  # the direct write failed: the handler reports it
    else:
        access_log.handle(record)


class RequestIdMiddleware:
    """Sets the request ID context, echoes it in the response, and writes one access log line."""

    def __init__(self, app: ASGIApp, *, service: str = "service", log_access: bool = True) -> None:
        self.app = app
        self.service = service
        self.log_access = log_access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from_headers(scope["headers"])
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500
        raw = rid.encode()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", ()) if k != HEADER]
                headers.append((HEADER, raw))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.log_access:
                duration_ms = round((time.perf_counter() - started) * 1000, 2)
                write_access_line(
                    self.service, rid, scope["method"], scope["path"], status, duration_ms
                )
            request_id_var.reset(token)
