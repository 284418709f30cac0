"""The registry service's HTTP routers, one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.registry.api import (
    collaborations,
    communities,
    organizations,
    pairings,
    regions,
    social_workers,
    volunteers,
)

#: Every router of this service, in the order they appear in the OpenAPI document.
ROUTERS: list[APIRouter] = [
    regions.router,
    communities.router,
    collaborations.router,
    organizations.router,
    social_workers.router,
    volunteers.router,
    pairings.router,
]
