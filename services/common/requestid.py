"""Request IDs: accepted from ``X-Request-ID`` or created, returned, and logged on every request.

A pure ASGI middleware rather than ``BaseHTTPMiddleware``: it sits on every request's path, and
the latter costs a task and a memory stream per request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.context import request_id_var

HEADER = b"x-request-id"
_VALID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
access_log = logging.getLogger("wushe.access")


def new_request_id() -> str:
    """A fresh request ID."""
    return uuid.uuid4().hex


def request_id_from_headers(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's request ID if it is well formed, else a new one."""
    for key, value in headers:
        if key == HEADER:
            if _VALID.match(value):
                return value.decode()
            break
    return new_request_id()


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
                headers = [(k, v) for k, v in message.get("headers", []) if k != HEADER]
                headers.append((HEADER, raw))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.log_access:
                access_log.info(
                    "%s %s %d",
                    scope["method"],
                    scope["path"],
                    status,
                    extra={
                        "app": self.service,
                        "request_id": rid,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)
