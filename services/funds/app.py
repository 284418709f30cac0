"""The Funds app factory."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Mapping

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from services.common.app import create_service_app
from services.common.db import utcnow
from services.common.errors import WusheError
from services.funds.api import ROUTERS
from services.funds.api.donations import donation_lane
from services.funds.api.transfers import batch_lane, transfer_lane
from services.funds.db.models import KERNEL, Donation
from services.funds.domain.donation import DonationService
from services.funds.domain.errors import UNIQUE, FundsCode
from services.funds.domain.time_bank import TimeBankService
from services.funds.domain.writer import writer_families, writer_of
from services.funds.settings import FundsSettings
from services.registry.client import RegistryClient

log = logging.getLogger("wushe.funds")

TAGS = [
    {"name": "funds", "description": "社区基金账本：复式记账、捐赠、资助审批、时间银行、信息公开"}
]


async def ledger_worker(app: FastAPI) -> None:
    """The ledger writer (group commit), the expiry of pending transfers past their timeout, and
    the finisher of donations a crash left half-way."""
    writer = writer_of(app)
    await asyncio.gather(writer.run(), writer.expire_forever(), finish_stranded(app))


#: A donation still pending after this long lost its request (a crash between its steps).
STRANDED_AFTER = dt.timedelta(seconds=60)


async def finish_stranded(app: FastAPI, every: float = 30.0) -> None:
    """Every ``every`` seconds, complete what requests left half-way (``finish_stranded_once``)."""
    while True:
        await asyncio.sleep(every)
        try:
            await finish_stranded_once(app)
        except Exception:  # the finisher must outlive a database restart
            log.exception("finishing stranded donations and time-bank entries failed")


async def finish_stranded_once(app: FastAPI) -> int:
    """Complete what requests left half-way; how many rows were finished.

    Donations: only rows written by the earlier three-step design can be left ``pending`` (a
    donation is now one commit). The donation's transfer is idempotent under
    ``donation:<id>``: finishing moves the money at most once (or finds it moved) and gives the
    receipt number, exactly as the client's retry with the same Idempotency-Key would.
    Time-bank entries still take three steps: :meth:`TimeBankService.finish_stranded`.
    """
    database = app.state.database
    cutoff = utcnow() - STRANDED_AFTER
    async with database.read_sessionmaker() as session:
        stranded = (
            await session.scalars(
                sa.select(Donation.id)
                .where(Donation.status == "pending", Donation.created_at < cutoff)
                .limit(100)
            )
        ).all()
    service = DonationService(database, writer_of(app))
    finished = 0
    for donation_id in stranded:
        with contextlib.suppress(WusheError):
            await service.finish(donation_id)
            finished += 1
    bank = TimeBankService(database, writer_of(app), app.state.clients["registry"])
    return finished + await bank.finish_stranded(cutoff)


def create_app(
    settings: FundsSettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the Funds service."""
    app = create_service_app(
        settings or FundsSettings(),
        title="Wushe Funds",
        description="社区基金账本服务 / community-fund ledgers",
        version="1.0.0",
        routers=ROUTERS,
        codes=FundsCode,
        kernel=KERNEL,
        unique=UNIQUE,
        workers=[ledger_worker],
        clients={"registry": RegistryClient},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
        lanes={
            ("POST", "/v1/transfers"): transfer_lane,
            ("POST", "/v1/transfers/batch"): batch_lane,
            ("POST", "/v1/donations"): donation_lane,
        },
    )
    app.state.metric_families = [writer_families(app)]
    return app
