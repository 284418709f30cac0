"""The matching service's HTTP routers, one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.api import matches, needs, offers, rounds, stats

#: Every router of this service, in the order they appear in the OpenAPI document.
ROUTERS: list[APIRouter] = [
    needs.router,
    offers.router,
    rounds.router,
    matches.router,
    stats.router,
]
