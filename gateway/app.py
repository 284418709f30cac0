"""The gateway app factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp
from swagger_ui_bundle import swagger_ui_path

from gateway.api import api_keys, auth, ops, users, webhooks
from gateway.authz import RULES, Authorizer
from gateway.domain.accounts import ApiKeyService, SessionRevocations
from gateway.domain.ratelimit import make_limiter
from gateway.domain.security import TokenCodec
from gateway.domain.webhooks import Deliverer, Dispatcher
from gateway.errors import GatewayCode, unique_rules
from gateway.forwarders import Forwarder, HttpxForwarder
from gateway.metrics import GatewayMetrics, MetricsMiddleware
from gateway.proxy import Authenticator, ProxyMiddleware, ProxyState
from gateway.settings import GatewaySettings
from gateway.upstream import RawForwarder
from services.common.app import make_signer
from services.common.db import Database
from services.common.errors import ProblemGuard, install_error_handlers
from services.common.http import ServiceClient
from services.common.logging import configure_logging
from services.common.openapi import install_problem_openapi
from services.common.requestid import RequestIdMiddleware
from services.common.settings import SERVICE_NAMES
from services.registry.client import RegistryClient


def create_app(
    settings: GatewaySettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the gateway. ``transports`` routes upstream calls in-process (tests)."""
    settings = settings or GatewaySettings()
    signer = make_signer(settings)
    codec = TokenCodec(settings.require_jwt_secret(), settings.access_token_ttl_seconds)
    metrics = GatewayMetrics()
    if configure_logs:
        configure_logging("gateway", settings.log_level, settings.log_json)

    def make_forwarder(service: str) -> Forwarder:
        base = settings.service_url(service)
        timeout = settings.timeout_for(service)
        if settings.forwarder == "raw" and transports is None:
            return RawForwarder(service, base, timeout, settings.upstream_retries)
        return HttpxForwarder(
            service,
            base,
            timeout,
            settings.upstream_retries,
            transport=(transports or {}).get(service),
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.resolved_database_url(), pool_size=settings.db_pool_size)
        limiter = make_limiter(settings.redis_url)
        api_keys_service = ApiKeyService(database.sessionmaker, limiter)
        revocations = SessionRevocations(limiter, settings.access_token_ttl_seconds)
        forwarders = {name: make_forwarder(name) for name in SERVICE_NAMES}
        app.state.database = database
        app.state.limiter = limiter
        app.state.api_keys = api_keys_service
        app.state.revocations = revocations
        # One pooled client per service for the gateway's own calls (readiness, OpenAPI, and
        # the Registry's typed client for user bindings).
        client_classes: dict[str, type[ServiceClient]] = {"registry": RegistryClient}
        app.state.clients = {
            name: client_classes.get(name, ServiceClient)(
                settings.service_url(name),
                caller="gateway",
                signer=signer,
                timeout=min(5.0, settings.timeout_for(name)),
                transport=(transports or {}).get(name),
            )
            for name in SERVICE_NAMES
        }
        app.state.registry = app.state.clients["registry"]
        app.state.proxy = ProxyState(
            authenticator=Authenticator(codec, api_keys_service, revocations),
            authorizer=Authorizer(RULES),
            signer=signer,
            forwarders=forwarders,
            max_request_bytes=settings.max_request_bytes,
            body_read_timeout=settings.body_read_timeout_seconds,
        )
        app.state.openapi_cache = None
        deliverer = Deliverer(
            database,
            allow_private=settings.webhook_allow_private,
            retry_delays=settings.webhook_retry_delays,
            disable_after=settings.webhook_disable_after,
            transport=webhook_transport,
        )
        dispatcher = Dispatcher(database, app.state.clients, signer, deliverer)
        app.state.webhook_deliverer = deliverer
        app.state.webhook_dispatcher = dispatcher
        webhook_tasks = [
            asyncio.create_task(dispatcher.run(), name="webhook-feeds"),
            asyncio.create_task(deliverer.run(), name="webhook-deliveries"),
        ]
        try:
            yield
        finally:
            for task in webhook_tasks:
                task.cancel()
            await asyncio.gather(*webhook_tasks, return_exceptions=True)
            await deliverer.aclose()
            for forwarder in forwarders.values():
                await forwarder.aclose()
            for client in app.state.clients.values():
                await client.aclose()
            await limiter.aclose()
            await database.dispose()

    app = GatewayApp(
        title="Wushe Gateway",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.service_name = "gateway"
    app.state.codec = codec
    app.state.metrics = metrics
    app.state.codes = GatewayCode
    install_error_handlers(app, unique_rules())
    app.add_middleware(ProblemGuard)
    install_problem_openapi(app)
    for module in (ops, auth, users, api_keys, webhooks):
        app.include_router(module.router)
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-assets")
    # Outermost last: request IDs, the guard, metrics, CORS, then the proxy (see GatewayApp).
    app.edge_middleware.append(Middleware(ProxyMiddleware))
    if settings.cors_origins:
        app.edge_middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_credentials=False,
                allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                allow_headers=[
                    "Authorization",
                    "X-API-Key",
                    "Content-Type",
                    "If-Match",
                    "Idempotency-Key",
                    "X-Request-ID",
                    "Accept-Language",
                ],
                expose_headers=["ETag", "X-Request-ID", "Retry-After", "Location"],
            )
        )
    app.edge_middleware.append(Middleware(MetricsMiddleware, metrics=metrics))
    # The edge layers run outside Starlette's stack and its guard: an error escaping them would
    # reach uvicorn, which logs it and drops the client's keep-alive connection.
    app.edge_middleware.append(Middleware(ProblemGuard))
    app.edge_middleware.append(Middleware(RequestIdMiddleware, service="gateway"))
    return app


class GatewayApp(FastAPI):
    """FastAPI with the gateway's own middleware outside Starlette's stack.

    Proxied requests are most of the traffic; they are answered by :class:`ProxyMiddleware`
    without passing through Starlette's error, telemetry, body-limit and exception layers, which
    serve only the gateway's own routes. The proxy renders its own problems.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: Innermost first.
        self.edge_middleware: list[Middleware] = []

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        for middleware in self.edge_middleware:
            stack = middleware.cls(stack, *middleware.args, **middleware.kwargs)
        return stack
