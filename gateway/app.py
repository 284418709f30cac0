"""The gateway app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware
from swagger_ui_bundle import swagger_ui_path

from gateway.api import api_keys, auth, ops, users
from gateway.authz import RULES, Authorizer
from gateway.domain.accounts import ApiKeyService
from gateway.domain.ratelimit import make_limiter
from gateway.domain.security import TokenCodec
from gateway.forwarders import AiohttpForwarder, Forwarder, HttpxForwarder
from gateway.metrics import GatewayMetrics, MetricsMiddleware
from gateway.proxy import Authenticator, ProxyMiddleware, ProxyState
from gateway.settings import GatewaySettings
from services.common.app import make_signer
from services.common.db import AutoCommitRoute, Database
from services.common.errors import install_error_handlers
from services.common.http import ServiceClient
from services.common.logging import configure_logging
from services.common.openapi import install_problem_openapi
from services.common.requestid import RequestIdMiddleware
from services.common.settings import SERVICE_NAMES


def create_app(
    settings: GatewaySettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
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
        if transports is not None or settings.forwarder == "httpx":
            return HttpxForwarder(
                service,
                base,
                timeout,
                settings.upstream_retries,
                transport=(transports or {}).get(service),
            )
        return AiohttpForwarder(service, base, timeout, settings.upstream_retries)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.resolved_database_url(), pool_size=settings.db_pool_size)
        limiter = make_limiter(settings.redis_url)
        api_keys_service = ApiKeyService(database.sessionmaker, limiter)
        forwarders = {name: make_forwarder(name) for name in SERVICE_NAMES}
        app.state.database = database
        app.state.limiter = limiter
        app.state.api_keys = api_keys_service
        app.state.clients = {
            name: ServiceClient(
                settings.service_url(name),
                caller="gateway",
                signer=signer,
                timeout=min(5.0, settings.timeout_for(name)),
                transport=(transports or {}).get(name),
            )
            for name in SERVICE_NAMES
        }
        app.state.proxy = ProxyState(
            authenticator=Authenticator(codec, api_keys_service),
            authorizer=Authorizer(RULES),
            signer=signer,
            forwarders=forwarders,
            max_request_bytes=settings.max_request_bytes,
        )
        app.state.openapi_cache = None
        try:
            yield
        finally:
            for forwarder in forwarders.values():
                await forwarder.aclose()
            for client in app.state.clients.values():
                await client.aclose()
            await limiter.aclose()
            await database.dispose()

    app = FastAPI(
        title="Wushe Gateway",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.router.route_class = AutoCommitRoute
    app.state.settings = settings
    app.state.service_name = "gateway"
    app.state.codec = codec
    app.state.metrics = metrics
    install_error_handlers(app)
    install_problem_openapi(app)
    for module in (ops, auth, users, api_keys):
        app.include_router(module.router)
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-assets")
    # Innermost first: the proxy sees requests after CORS, metrics and request IDs.
    app.add_middleware(ProxyMiddleware)
    if settings.cors_origins:
        app.add_middleware(
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
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware, service="gateway")
    return app
