"""``GET /metrics``: a service's figures in Prometheus' text format.

Every figure is read when scraped — the followers' lag (``app.state.followers``), the relay's
deliveries (``app.state.relay``), the outbox's pending and dead messages (one grouped count on
its status index), and whatever the service's own ``app.state.metric_families`` callables give
(``(service) -> families``: Funds' ledger writer) — into a registry built for that scrape.
Nothing is kept in prometheus_client's process-global registry, so several apps in one process
(the tests' in-process system) never collide, and nothing is counted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from services.common.db import ReadSession, utcnow
from services.common.outbox import DEAD, PENDING
from services.common.routing import service_router

log = logging.getLogger("wushe.metrics")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _Snapshot(Collector):
    """Hands the registry the metric families read for one scrape."""

    def __init__(self, families: Sequence[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        yield from self.families


def follower_families(service: str, followers: Iterable[Any]) -> list[Metric]:
    """Checkpoint, lag and state of each follower (``services.common.follower.Follower``)."""
    labels = ["service", "follower", "source"]
    position = GaugeMetricFamily(
        "wushe_follower_position", "Feed position applied (the checkpoint)", labels=labels
    )
    lag_seconds = GaugeMetricFamily(
        "wushe_follower_lag_seconds",
        "Age of the oldest event not yet applied (0 while following at the head)",
        labels=labels,
    )
    lag_events = GaugeMetricFamily(
        "wushe_follower_lag_events", "Feed positions known but not yet applied", labels=labels
    )
    up = GaugeMetricFamily(
        "wushe_follower_up",
        "1 while following or catching up; 0 retrying or stopped",
        labels=labels,
    )
    for follower in followers:
        values = [service, follower.name, follower.service]
        position.add_metric(values, float(follower.position or 0))
        lag_seconds.add_metric(values, follower.lag_seconds)
        lag_events.add_metric(values, float(follower.lag_events))
        up.add_metric(values, 1.0 if follower.state in ("following", "catching_up") else 0.0)
    return [position, lag_seconds, lag_events, up]


async def outbox_families(service: str, request: Request, session: Any) -> list[Metric]:
    """Messages owed to other services, by status, and the age of the oldest pending one."""
    families: list[Metric] = []
    relay = getattr(request.app.state, "relay", None)
    if relay is not None:
        delivered = CounterMetricFamily(
            "wushe_outbox_delivered",
            "Messages this process's relay delivered since it started",
            labels=["service"],
        )
        delivered.add_metric([service], float(relay.delivered))
        families.append(delivered)
    outbox = request.app.state.kernel_tables.outbox
    try:
        counts = dict(
            (
                await session.execute(
                    sa.select(outbox.c.status, sa.func.count())
                    .where(outbox.c.status.in_([PENDING, DEAD]))
                    .group_by(outbox.c.status)
                )
            ).all()
        )
        oldest = await session.scalar(
            sa.select(sa.func.min(outbox.c.created_at)).where(outbox.c.status == PENDING)
        )
    except (SQLAlchemyError, OSError) as exc:  # a scrape must answer while the database is down
        log.warning("outbox metrics unavailable: %s", type(exc).__name__)
        return families
    messages = GaugeMetricFamily(
        "wushe_outbox_messages", "Outbox messages by status", labels=["service", "status"]
    )
    for status in (PENDING, DEAD):
        messages.add_metric([service, status], float(counts.get(status, 0)))
    age = GaugeMetricFamily(
        "wushe_outbox_oldest_pending_seconds",
        "Age of the oldest message not yet delivered (0 when none)",
        labels=["service"],
    )
    age.add_metric([service], (utcnow() - oldest).total_seconds() if oldest else 0.0)
    return [*families, messages, age]


def metrics_router() -> APIRouter:
    """The ``/metrics`` route (outside ``/v1``: scraped on the internal network)."""
    router = service_router(tags=["ops"])

    @router.get(
        "/metrics",
        summary="Prometheus 指标 / metrics",
        response_class=Response,
        include_in_schema=False,
    )
    async def read_metrics(request: Request, session: ReadSession) -> Response:
        """The service's figures, read now."""
        service = request.app.state.service_name
        families = follower_families(service, getattr(request.app.state, "followers", ()))
        families += await outbox_families(service, request, session)
        for own in getattr(request.app.state, "metric_families", ()):
            families += own(service)
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Snapshot(families))
        return Response(generate_latest(registry), media_type=CONTENT_TYPE)

    return router
