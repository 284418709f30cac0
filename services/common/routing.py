"""The one route class every endpoint of every app uses, and the router that makes it.

:class:`CommittingRoute` commits the request's write session (:data:`~services.common.db.
WriteSession`) after the endpoint returns and before the first byte of the response, and turns
any failure on the way — the endpoint's or the commit's — into a problem response. A plain
``APIRouter`` would build plain ``APIRoute`` objects that never commit; ``tests/test_routing.py``
fails on any route of any app that is not a :class:`CommittingRoute`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.db import WRITE_SESSION_STATE
from services.common.errors import HANDLED_ERRORS, WusheError, problem_response
from services.common.idempotency import STATE as IDEMPOTENCY
from services.common.idempotency import IdempotencyGuard, Replay

log = logging.getLogger("wushe.routing")

#: Errors the app's exception handlers answer; everything else is answered here.
_PASS_ON: tuple[type[Exception], ...] = (HTTPException, RequestValidationError, *HANDLED_ERRORS)


def _write_session(request: Request) -> AsyncSession | None:
    session: AsyncSession | None = getattr(request.state, WRITE_SESSION_STATE, None)
    return session


class CommittingRoute(APIRoute):
    """Commits the write session before responding; an endpoint that raises never commits.

    The exception is an error that says ``commit_session``: a refusal that must keep what it
    recorded (a revoked token family, say). Errors the kernel knows (problems, validation, a
    refused value, a unique violation) go on to the app's handlers; anything else is logged with
    its traceback and answered here as a 500 problem, so it never reaches the server as an
    "Exception in ASGI application" that would also drop the client's keep-alive connection.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def commit_then_respond(request: Request) -> Response:
            try:
                response = await handler(request)
                session = _write_session(request)
                if session is not None and response.status_code < 400:
                    guard: IdempotencyGuard | None = getattr(request.state, IDEMPOTENCY, None)
                    if guard is not None:
                        await guard.store(response)
                    await session.commit()
                return response
            except Replay as replay:
                return replay.response
            except WusheError as exc:
                session = _write_session(request)
                if exc.commit_session and session is not None:
                    await session.commit()
                raise
            except _PASS_ON:
                raise
            except Exception:
                log.exception("unhandled error on %s %s", request.method, request.url.path)
                return problem_response(request, 500, "internal_error")

        return commit_then_respond


def service_router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes are :class:`CommittingRoute` (the only router apps may use)."""
    return APIRouter(route_class=CommittingRoute, **kwargs)


class HeadAsGet:
    """HEAD is GET without the body (RFC 9110 §9.3.2): same status and headers, no body.

    FastAPI routes declare GET only; this answers HEAD on every GET route instead of 405.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)
