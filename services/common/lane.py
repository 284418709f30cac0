"""Lanes: a few hot routes answered without the framework's layers, with the same answers.

A request to a FastAPI endpoint passes a dozen layers before the endpoint runs — exception
middlewares, the router's matching, dependency solving, the route class's commit — and on a
two-core machine shared with the database those layers cost a service more CPU than a ledger
write itself: a ``POST /v1/transfers`` spent about a millisecond of the Funds process, of which
the endpoint's own work was a small part (docs/benchmarks.md, "Funds"). A *lane* answers one
route (method and exact path) with a plain coroutine, placed just inside the request-id and
identity middlewares, so it still gets the request ID, the access log line and a verified
identity, and skips everything else.

A lane handler gets the request (headers, the verified identity in ``request.state``) and the
body, and either answers or returns ``None``: then the request goes on to the app as if the
lane were not there (the body is handed on as it was read). A handler answers only what it is
sure of — the well-formed request of a caller allowed to make it — and leaves everything else
(a malformed body, a missing scope, a query string, anything unusual) to the endpoint, whose
answers (422 with every field's error, 403, ...) are then exactly the documented ones. Once a
handler has acted (a transfer submitted) it must answer itself; an error it raises gets the
answer the app's exception handlers give it (a database that does not answer is 503, as at the
endpoint), and one no handler answers is a logged 500 problem.

The endpoint stays: it documents the route in the OpenAPI document and answers whatever the lane
declines. ``tests/funds/test_lane.py`` sends the same requests with the lane on and off and
compares the answers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.errors import problem_response

log = logging.getLogger("wushe.lane")

#: ``(request, body) -> response``, or ``None`` to leave the request to the app.
LaneHandler = Callable[[Request, bytes], Awaitable[Response | None]]


class Lanes:
    """ASGI middleware: the routes in ``routes`` (``(method, path)``) are offered to their
    handler first (see the module docstring). ``answered`` counts the requests lanes answered."""

    def __init__(self, app: ASGIApp, *, routes: Mapping[tuple[str, str], LaneHandler]) -> None:
        self.app = app
        self.routes = dict(routes)
        self.answered = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = (
            self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        )
        if handler is None or scope.get("query_string"):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        request = Request(scope)
        try:
            response = await handler(request, body)
        except Exception as exc:
            response = await _handled(request, exc)
        if response is None:
            await self.app(scope, _replay(body, receive), send)
            return
        self.answered += 1
        await response(scope, receive, send)


async def _handled(request: Request, exc: Exception) -> Response:
    """The answer the app's exception handlers give ``exc`` (a database that does not answer is
    503, a lost race 503 ``busy``, ...), as Starlette's exception middleware would find them;
    500 ``internal_error``, logged, for an error no handler answers."""
    app = request.scope.get("app")
    handlers: Mapping[Any, Any] = getattr(app, "exception_handlers", None) or {}
    for kind in type(exc).__mro__:
        handler = handlers.get(kind)
        if handler is not None and kind is not Exception:
            response: Response = await handler(request, exc)
            return response
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal_error")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then whatever the client sends next."""
    given = False

    async def again() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


def lanes_of(app: Any) -> Lanes | None:
    """The app's :class:`Lanes` middleware (tests switch it off), its middleware built as
    Starlette builds it on the first request."""
    if app.middleware_stack is None:
        app.middleware_stack = app.build_middleware_stack()
    layer = app.middleware_stack
    while layer is not None:
        if isinstance(layer, Lanes):
            return layer
        layer = getattr(layer, "app", None)
    return None
