"""The funds service's HTTP routers, one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.funds.api import (
    accounts,
    donations,
    funds,
    grants,
    ledger,
    public,
    time_bank,
    transfers,
)

#: Every router of this service, in the order they appear in the OpenAPI document.
ROUTERS: list[APIRouter] = [
    funds.router,
    accounts.router,
    transfers.router,
    donations.router,
    grants.router,
    time_bank.router,
    public.router,
    ledger.router,
]
