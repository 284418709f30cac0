"""Figures of a region (with its descendants) over a period: what the seeds' reports quote.

- needs by status: needs posted in the period (their status now), in the region's subtree;
- organizations engaged: organizations whose offers' matches on those regions' needs started
  service, or recorded service, in the period;
- person-times served and volunteer minutes: from the service records dated in the period.

A region's descendants are the codes under its prefix in the read model's region tree
(``readmodel.subtree_prefix``); the region itself must be known to the read model. Days are
China's calendar days (UTC+8).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import ValidationFailed
from services.matching.db.lifecycle import Match, ServiceRecord, ServiceRecordVolunteer
from services.matching.db.models import Need, Offer
from services.matching.domain import readmodel
from services.matching.domain.errors import MatchingCode
from services.matching.schemas_lifecycle import StatsRead

CHINA = dt.timezone(dt.timedelta(hours=8))


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA)


async def region_stats(
    session: AsyncSession, region_code: str | None, start: dt.date | None, end: dt.date | None
) -> StatsRead:
    """The figures for ``region_code`` and its descendants between ``start`` and ``end``."""
    if start is not None and end is not None and start > end:
        raise ValidationFailed(
            "from 不能晚于 to",
            code=MatchingCode.DATES_INVALID,
            errors=[{"field": "from", "message": "from is after to"}],
        )
    prefix = None if region_code is None else await readmodel.subtree_prefix(session, region_code)
    if region_code is not None and prefix is None:
        raise ValidationFailed(
            f"行政区划 {region_code} 不存在",
            code=MatchingCode.REGION_UNKNOWN,
            errors=[{"field": "region_code", "message": "unknown region"}],
        )
    in_region: sa.ColumnElement[bool] = sa.true()
    if prefix is not None:
        in_region = readmodel.in_subtree(Need.region_code, prefix)

    def period(column: Any) -> sa.ColumnElement[bool]:
        clauses: list[sa.ColumnElement[bool]] = [sa.true()]
        # The first and last representable days bound nothing (and their UTC instants overflow).
        if start is not None and start > dt.date.min:
            clauses.append(column >= _start_of(start))
        if end is not None and end < dt.date.max - dt.timedelta(days=1):
            clauses.append(column < _start_of(end + dt.timedelta(days=1)))
        return sa.and_(*clauses)

    def days(column: Any) -> sa.ColumnElement[bool]:
        clauses: list[sa.ColumnElement[bool]] = [sa.true()]
        if start is not None:
            clauses.append(column >= start)
        if end is not None:
            clauses.append(column <= end)
        return sa.and_(*clauses)

    by_status = {
        status: int(count)
        for status, count in (
            await session.execute(
                sa.select(Need.status, sa.func.count())
                .where(in_region, period(Need.created_at))
                .group_by(Need.status)
            )
        ).all()
    }
    records = (
        sa.select(ServiceRecord.id, ServiceRecord.match_id, ServiceRecord.beneficiaries_served)
        .join(Match, Match.id == ServiceRecord.match_id)
        .join(Need, Need.id == Match.need_id)
        .where(in_region, days(ServiceRecord.served_on))
        .subquery()
    )
    served, count = (
        await session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(records.c.beneficiaries_served), 0),
                sa.func.count(records.c.id),
            )
        )
    ).one()
    minutes = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ServiceRecordVolunteer.minutes), 0)).where(
            ServiceRecordVolunteer.record_id.in_(sa.select(records.c.id))
        )
    )
    started = (
        sa.select(Match.offer_id)
        .join(Need, Need.id == Match.need_id)
        .where(in_region, Match.started_at.is_not(None), period(Match.started_at))
    )
    recorded = sa.select(Match.offer_id).where(Match.id.in_(sa.select(records.c.match_id)))
    engaged = await session.scalar(
        sa.select(sa.func.count(sa.distinct(Offer.provider_id))).where(
            Offer.provider_kind == "organization",
            Offer.id.in_(sa.union(started, recorded).scalar_subquery()),
        )
    )
    return StatsRead(
        region_code=region_code,
        from_=start,
        to=end,
        needs_by_status=by_status,
        organizations_engaged=int(engaged or 0),
        person_times_served=int(served or 0),
        volunteer_minutes=int(minutes or 0),
        service_records=int(count or 0),
    )
