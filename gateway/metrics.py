"""Prometheus metrics: requests and latency per route, service and status; upstream errors."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Methods counted by name; anything else is "other": a label per invented method would grow the
#: registry with every request (h11 accepts any token as a method).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class GatewayMetrics:
    """One registry per gateway app, so several apps in one process do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "wushe_gateway_requests_total",
            "Requests answered by the gateway",
            ["method", "route", "service", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "wushe_gateway_request_duration_seconds",
            "Time to answer, end to end",
            ["method", "route", "service"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.upstream_errors = Counter(
            "wushe_gateway_upstream_errors_total",
            "Upstream failures (unavailable, timeout, error)",
            ["service", "code"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        """Prometheus text exposition."""
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every request, labelled by the matched route template."""

    def __init__(self, app: ASGIApp, metrics: GatewayMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            state = scope.get("state", {})
            route = state.get("route")
            if route is None:
                matched = scope.get("route")
                route = getattr(matched, "path", None) or "unmatched"
            service = state.get("service", "gateway")
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "other"
            self.metrics.requests.labels(method, route, service, str(status)).inc()
            self.metrics.latency.labels(method, route, service).observe(
                time.perf_counter() - started
            )
            if "upstream_error" in state:
                self.metrics.upstream_errors.labels(service, state["upstream_error"]).inc()
