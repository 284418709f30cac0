"""The app factory every service uses: one shape for registry, matching and funds."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI

from services.common.db import Database, utcnow
from services.common.errors import ErrorCode, ProblemGuard, UniqueRules, install_error_handlers
from services.common.event_api import event_router
from services.common.events import FeedSignal, install_feed
from services.common.events import purge as purge_events
from services.common.health import router as health_router
from services.common.http import ServiceClient
from services.common.idempotency import purge_expired
from services.common.identity import IdentityMiddleware, IdentitySigner
from services.common.inbox import Inbox, inbox_router, purge_inbox
from services.common.lane import LaneHandler, Lanes
from services.common.logging import configure_logging
from services.common.metrics import metrics_router
from services.common.openapi import install_problem_openapi
from services.common.outbox import Relay, RelayPolicy, install_wakeup, purge_delivered
from services.common.requestid import RequestIdMiddleware
from services.common.routing import CommittingRoute, HeadAsGet
from services.common.settings import ServiceSettings
from services.common.store import KernelTables

log = logging.getLogger("wushe.app")


def make_signer(settings: ServiceSettings) -> IdentitySigner:
    """The identity signer configured by ``settings``."""
    return IdentitySigner(
        settings.require_secret(),
        ttl_seconds=settings.identity_ttl_seconds,
        max_skew_seconds=settings.identity_max_skew_seconds,
    )


async def _housekeeping(
    database: Database, kernel: KernelTables, settings: ServiceSettings
) -> None:
    """Purge expired idempotency keys, events past retention, delivered outbox messages and
    inbox ids, now and then.

    Delivered messages and inbox ids are kept as long as idempotency keys: the receiver's
    memory of a message, and the sender's record of it, last equally long.
    """
    while True:
        await asyncio.sleep(settings.housekeeping_interval_seconds)
        try:
            async with database.sessionmaker() as session:
                await purge_expired(session, kernel)
                cutoff = utcnow() - dt.timedelta(days=settings.event_retention_days)
                await purge_events(session, kernel, cutoff)
                kept = utcnow() - dt.timedelta(hours=settings.idempotency_retention_hours)
                await purge_delivered(session, kernel, kept)
                await purge_inbox(session, kernel, kept)
                await session.commit()
        except Exception:  # housekeeping must outlive a database restart
            log.exception("housekeeping failed")


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    version: str,
    routers: Sequence[APIRouter],
    codes: type[ErrorCode],
    kernel: KernelTables,
    unique: UniqueRules | None = None,
    workers: Sequence[Callable[[FastAPI], Coroutine[Any, Any, None]]] = (),
    clients: Mapping[str, type[ServiceClient]] | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    openapi_tags: list[dict[str, Any]] | None = None,
    configure_logs: bool = True,
    lanes: Mapping[tuple[str, str], LaneHandler] | None = None,
) -> FastAPI:
    """A FastAPI app with the kernel's errors, request IDs, signed identity, health and database.

    ``codes`` is the app's catalogue of error codes (beside the kernel's) and ``unique`` maps
    its unique constraints to the codes a violation answers with. ``kernel`` are the kernel's
    tables in the service's MetaData (its feed, outbox and idempotency keys); the lifespan runs
    the outbox relay and the housekeeping that purges expired keys and old events. ``clients``
    names the other services this one calls; ``transports`` lets tests route those calls to
    in-process apps (real HTTP semantics, no ports). ``app.state.inbox`` takes the batch
    handlers of messages other services' relays may deliver in batches
    (:mod:`services.common.inbox`). ``lanes`` answers hot routes without the framework's
    layers (:mod:`services.common.lane`).
    """
    name = settings.service_name
    signer = make_signer(settings)
    if configure_logs:
        configure_logging(name, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(
            settings.resolved_database_url(), pool_size=settings.db_pool_size, echo=settings.db_echo
        )
        app.state.database = database
        app.state.feed_signal = FeedSignal()
        install_feed(database.session_class, kernel, app.state.feed_signal)
        app.state.clients = {
            target: cls(
                settings.service_url(target),
                caller=name,
                signer=signer,
                timeout=settings.upstream_timeout_seconds,
                transport=(transports or {}).get(target),
            )
            for target, cls in (clients or {}).items()
        }
        relay = Relay(
            database,
            kernel,
            app.state.clients,
            RelayPolicy(
                max_attempts=settings.outbox_max_attempts,
                base_delay=settings.outbox_base_delay_seconds,
                # the client's timeouts bound each read; this bounds a whole request
                request_timeout=settings.upstream_timeout_seconds + 1.0,
            ),
        )
        install_wakeup(database.session_class, relay)
        app.state.relay = relay
        app.state.followers = []  # services that keep read models of others register theirs
        tasks = [
            asyncio.create_task(relay.run(), name=f"{name}-outbox-relay"),
            asyncio.create_task(_housekeeping(database, kernel, settings), name=f"{name}-purge"),
        ]
        if database.backend == "postgresql":
            # Commits of other replicas wake this process's long polls (LISTEN/NOTIFY).
            tasks.append(
                asyncio.create_task(
                    app.state.feed_signal.listen(database.url), name=f"{name}-feed-listen"
                )
            )
        # The service's own background work (its ledger writer, its followers...), started once
        # the database and the clients are ready and cancelled before they close.
        tasks += [asyncio.create_task(worker(app)) for worker in workers]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for client in app.state.clients.values():
                await client.aclose()
            await app.state.database.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
        # A redirect would name this service's own address; a missing slash is a plain 404.
        redirect_slashes=False,
    )
    app.router.route_class = CommittingRoute
    app.state.codes = codes
    app.state.kernel_tables = kernel
    app.state.inbox = Inbox()
    app.state.unique_rules = unique or UniqueRules({})
    app.state.service_name = name
    app.state.settings = settings
    app.state.signer = signer
    install_error_handlers(app, unique)
    install_problem_openapi(app)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    app.include_router(event_router(name))
    app.include_router(inbox_router())
    app.include_router(metrics_router())
    app.add_middleware(ProblemGuard)
    app.add_middleware(HeadAsGet)
    if lanes:
        app.add_middleware(Lanes, routes=lanes)  # inside the identity and request-id layers
    # Probes and the scrape come from the internal network (service ports are never public);
    # the gateway's own /metrics is the operators-only public one.
    app.add_middleware(
        IdentityMiddleware, signer=signer, exempt_paths=("/healthz", "/readyz", "/metrics")
    )
    app.add_middleware(RequestIdMiddleware, service=name)
    return app
