"""Candidates for one need: the offers that can reach it, found in SQL, scored by ``scoring``.

The pre-filter is what keeps one need against 300,000 open offers fast: ``offer_reach`` holds a
row per (offer, domain, service region), indexed ``(resource_kind, domain, region_code)``, so a
need seeks only the codes on its region path (its own region and each ancestor: a region serves
its descendants, so no other code can reach it); and, for east-to-west collaborations received
on that path, ``(resource_kind, domain, provider_region_code)`` by the supporting region's
prefix. The few offers found are then filtered on status, capacity, window and the provider's
standing (an organization that is suspended or dishonest in the read model is never offered)
and scored in Python by :mod:`services.matching.domain.scoring`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import Conflict
from services.matching.db.lifecycle import Match
from services.matching.db.models import (
    Need,
    Offer,
    OfferReach,
    RegistryCollaboration,
    RegistryOrganization,
    RegistryRegion,
)
from services.matching.domain import readmodel, scoring
from services.matching.domain.errors import MatchingCode
from services.matching.schemas import Candidate, Provider

#: Match statuses that still hold (or may come to hold) an offer for a need.
LIVE_MATCH = ("proposed", "accepted", "in_service")


def need_facts(need: Need, path: tuple[str, ...], quantity: int | None = None) -> scoring.NeedFacts:
    """What scoring knows of a need (``quantity`` still wanted, the need's by default)."""
    return scoring.NeedFacts(
        id=str(need.id),
        community_id=str(need.community_id),
        region_path=path or (need.region_code,),
        domain=need.domain,
        resource_kind=need.resource_kind,
        quantity=need.quantity if quantity is None else quantity,
        window_start=need.window_start,
        window_end=need.window_end,
        urgency=need.urgency,
    )


def offer_facts(
    offer: Any,
    org: Any | None,
    provider_path: tuple[str, ...],
    remaining: int | None = None,
    today: dt.date | None = None,
) -> scoring.OfferFacts:
    """What scoring knows of an offer (a row with the offer's columns) and its provider."""
    grade = None
    if org is not None and org.grade is not None:
        expires = org.grade_expires_on
        grade = org.grade if expires is None or expires >= (today or dt.date.today()) else None
    return scoring.OfferFacts(
        id=str(offer.id),
        provider_kind=offer.provider_kind,
        provider_id=str(offer.provider_id),
        domains=frozenset(offer.domains or ()),
        resource_kind=offer.resource_kind,
        remaining=offer.remaining if remaining is None else remaining,
        service_region_codes=frozenset(offer.service_region_codes or ()),
        window_start=offer.window_start,
        window_end=offer.window_end,
        provider_region_path=provider_path,
        grade=grade,
        rating_average=org.rating_average if org is not None else None,
        rating_count=org.rating_count if org is not None else 0,
    )


def provider_in_standing() -> sa.ColumnElement[bool]:
    """The offer's provider may be offered: not an organization, or one active and not
    dishonest in the read model (an organization the model has not heard of is not offered)."""
    o = RegistryOrganization
    standing = (
        sa.select(o.id)
        .where(o.id == Offer.provider_id, o.status == "active", o.credit_status != "dishonest")
        .exists()
    )
    return sa.or_(Offer.provider_kind != "organization", standing)


#: The offer columns the scorer needs.
OFFER_COLUMNS = (
    Offer.id,
    Offer.provider_kind,
    Offer.provider_id,
    Offer.provider_region_code,
    Offer.domains,
    Offer.resource_kind,
    Offer.remaining,
    Offer.service_region_codes,
    Offer.window_start,
    Offer.window_end,
)


async def _collaborations(
    session: AsyncSession, on: dt.date, path: tuple[str, ...]
) -> tuple[frozenset[tuple[str, str]], list[str]]:
    """Collaborations in force received on ``path``, and the code prefixes of their supporting
    regions (where a provider must be for the collaboration to carry its offer), in one query."""
    c, r = RegistryCollaboration, RegistryRegion
    rows = await session.execute(
        sa.select(c.supporting_region_code, c.receiving_region_code, r.level)
        .join(r, r.code == c.supporting_region_code)
        .where(
            c.receiving_region_code.in_(path),
            c.start_date <= on,
            sa.or_(c.end_date.is_(None), c.end_date >= on),
        )
    )
    found = rows.all()
    pairs = frozenset((s, rc) for s, rc, _ in found)
    prefixes = sorted({readmodel.prefix_of(s, level) for s, _, level in found})
    return pairs, prefixes


async def provider_facts(
    session: AsyncSession, rows: Sequence[Any], remaining: dict[uuid.UUID, int] | None = None
) -> list[scoring.OfferFacts]:
    """Facts of offers (rows of :data:`OFFER_COLUMNS`) with their providers from the read model."""
    org_ids = {r.provider_id for r in rows if r.provider_kind == "organization"}
    orgs: dict[uuid.UUID, Any] = {}
    for chunk in _chunks(sorted(org_ids), 5000):
        found = await session.execute(
            sa.select(
                RegistryOrganization.id,
                RegistryOrganization.grade,
                RegistryOrganization.grade_expires_on,
                RegistryOrganization.rating_average,
                RegistryOrganization.rating_count,
            ).where(RegistryOrganization.id.in_(chunk))
        )
        orgs.update({row.id: row for row in found.all()})
    paths = await readmodel.region_paths(
        session, {r.provider_region_code for r in rows if r.provider_region_code}
    )
    today = dt.date.today()
    return [
        offer_facts(
            r,
            orgs.get(r.provider_id),
            paths.get(r.provider_region_code, ()) if r.provider_region_code else (),
            remaining.get(r.id) if remaining is not None else None,
            today,
        )
        for r in rows
    ]


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


async def candidates(
    session: AsyncSession,
    need: Need,
    *,
    limit: int,
    weights: scoring.Weights,
) -> list[Candidate]:
    """The ``limit`` best offers for an open need, each score explained."""
    if need.status != "open":
        raise Conflict(
            f"需求状态为 {need.status}，只有待对接的需求有候选资源",
            code=MatchingCode.NEED_STATE,
            extra={"status": need.status},
        )
    today = dt.date.today()
    path = await readmodel.region_path(session, need.region_code) or (need.region_code,)
    collaborations, prefixes = await _collaborations(session, today, path)
    pairings = await readmodel.pairings_in_force(session, today, community_ids=[need.community_id])

    reach = sa.or_(
        OfferReach.region_code.in_(path),
        *(readmodel.in_subtree(OfferReach.provider_region_code, p) for p in prefixes),
    )
    reaching = (
        sa.select(OfferReach.offer_id)
        .where(
            OfferReach.resource_kind == need.resource_kind,
            OfferReach.domain == need.domain,
            reach,
        )
        .distinct()
        .subquery()
    )
    already = (
        sa.select(Match.id)
        .where(Match.need_id == need.id, Match.offer_id == Offer.id, Match.status.in_(LIVE_MATCH))
        .exists()
    )
    org = RegistryOrganization
    # One statement: the reaching offers that are open, overlap the window and are not yet
    # matched with this need, with their organization's standing, grade and rating.
    stmt = (
        sa.select(
            *OFFER_COLUMNS,
            org.status.label("org_status"),
            org.credit_status,
            org.grade,
            org.grade_expires_on,
            org.rating_average,
            org.rating_count,
        )
        .join(reaching, reaching.c.offer_id == Offer.id)
        .outerjoin(org, sa.and_(Offer.provider_kind == "organization", org.id == Offer.provider_id))
        .where(
            Offer.status == "open",
            Offer.remaining > 0,
            Offer.window_start <= need.window_end,
            Offer.window_end >= need.window_start,
            sa.or_(
                Offer.provider_kind != "organization",
                sa.and_(org.status == "active", org.credit_status != "dishonest"),
            ),
            ~already,
        )
    )
    rows = (await session.execute(stmt)).all()
    paths = await readmodel.region_paths(
        session, {r.provider_region_code for r in rows if r.provider_region_code}
    )
    facts = [
        offer_facts(
            r,
            r if r.provider_kind == "organization" else None,
            paths.get(r.provider_region_code, ()) if r.provider_region_code else (),
            today=today,
        )
        for r in rows
    ]
    ctx = scoring.Context(collaborations=collaborations, pairings=pairings)
    ranked = scoring.rank(need_facts(need, path), facts, ctx, weights, limit=limit)
    return [
        Candidate(
            offer_id=uuid.UUID(offer.id),
            provider=Provider(kind=offer.provider_kind, id=uuid.UUID(offer.provider_id)),
            remaining=offer.remaining,
            score=result.total,
            parts=result.parts,
            reasons=result.reasons,
        )
        for offer, result in ranked
    ]
