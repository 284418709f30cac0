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
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.clock import china_today
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

log = logging.getLogger("wushe.matching.candidates")

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
        grade = org.grade if expires is None or expires >= (today or china_today()) else None
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
    today = china_today()
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
    today = china_today()
    path = await readmodel.region_path(session, need.region_code) or (need.region_code,)
    collaborations, prefixes = await _collaborations(session, today, path)
    pairings = await readmodel.pairings_in_force(session, today, community_ids=[need.community_id])

    ctx = scoring.Context(collaborations=collaborations, pairings=pairings)
    wanted = need_facts(need, path)
    query = _Query(need, path, prefixes, pairings, today)
    ranked = None
    if session.get_bind().dialect.name == "postgresql":
        ranked = await _ranked_in_sql(session, query, wanted, ctx, weights, limit)
    if ranked is None:
        ranked = await _ranked_in_python(session, query, wanted, ctx, weights, limit)
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


Ranked = list[tuple[scoring.OfferFacts, scoring.Score]]


class _Query:
    """The statement of the offers that can serve one need (see the module docstring)."""

    def __init__(
        self,
        need: Need,
        path: tuple[str, ...],
        prefixes: list[str],
        pairings: frozenset[tuple[str, str]],
        today: dt.date,
    ) -> None:
        self.need, self.path, self.prefixes, self.today = need, path, prefixes, today
        community = str(need.community_id)
        self.paired = sorted({uuid.UUID(o) for o, c in pairings if c == community})
        reach = sa.or_(
            OfferReach.region_code.in_(path),
            *(readmodel.in_subtree(OfferReach.provider_region_code, p) for p in prefixes),
        )
        #: Per reaching offer, how many levels above the need its nearest served region is
        #: (99: none; it reaches through a collaboration only).
        self.reaching = (
            sa.select(
                OfferReach.offer_id,
                sa.func.min(
                    sa.case(
                        *[(OfferReach.region_code == code, i) for i, code in enumerate(path)],
                        else_=99,
                    )
                ).label("level"),
            )
            .where(
                OfferReach.resource_kind == need.resource_kind,
                OfferReach.domain == need.domain,
                reach,
            )
            .group_by(OfferReach.offer_id)
            .subquery()
        )

    def statement(self, *extra: Any) -> Any:
        """The reaching offers that are open, overlap the window and are not yet matched with
        this need, with their organization's standing, grade and rating."""
        need, org = self.need, RegistryOrganization
        already = (
            sa.select(Match.id)
            .where(
                Match.need_id == need.id, Match.offer_id == Offer.id, Match.status.in_(LIVE_MATCH)
            )
            .exists()
        )
        return (
            sa.select(
                *OFFER_COLUMNS,
                org.grade,
                org.grade_expires_on,
                org.rating_average,
                org.rating_count,
                *extra,
            )
            .join(self.reaching, self.reaching.c.offer_id == Offer.id)
            .outerjoin(
                org, sa.and_(Offer.provider_kind == "organization", org.id == Offer.provider_id)
            )
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

    def score(self, w: scoring.Weights) -> sa.ColumnElement[int]:
        """``scoring.score``'s total as SQL (PostgreSQL), the same integer arithmetic part by
        part; the rating's float arithmetic in the same order, so the same IEEE result."""
        need, org, level = self.need, RegistryOrganization, self.reaching.c.level
        n = sa.func.cardinality(Offer.domains, type_=sa.Integer)
        domain = (w.domain * (n + 1)) // (2 * n)
        steps = 5  # scoring._REGION_STEPS
        region = sa.case(
            (
                level < 99,
                (w.region * (steps - sa.func.least(level, steps - 1, type_=sa.Integer))) // steps,
            ),
            else_=0,
        )
        collaboration: Any = sa.literal(0)
        if self.prefixes:
            carried = sa.or_(
                *(readmodel.in_subtree(Offer.provider_region_code, p) for p in self.prefixes)
            )
            collaboration = sa.case((carried, w.collaboration), else_=0)
        pairing: Any = sa.literal(0)
        if self.paired:
            pairing = sa.case(
                (
                    sa.and_(
                        Offer.provider_kind == "organization", Offer.provider_id.in_(self.paired)
                    ),
                    w.pairing,
                ),
                else_=0,
            )
        grade = sa.case(
            (
                sa.and_(
                    org.grade.between(1, 5),
                    sa.or_(org.grade_expires_on.is_(None), org.grade_expires_on >= self.today),
                ),
                (w.grade * org.grade) // 5,
            ),
            else_=0,
        )
        average = sa.cast(sa.func.least(5.0, sa.func.greatest(1.0, org.rating_average)), sa.Float)
        shrunk = (average * org.rating_count + 3.0 * 5) / (org.rating_count + 5)
        rating = sa.cast(
            sa.func.floor(
                sa.case(
                    (
                        sa.or_(
                            org.rating_average.is_(None), sa.func.coalesce(org.rating_count, 0) <= 0
                        ),
                        w.rating * (3.0 - 1.0) / 4.0 + 0.5,
                    ),
                    else_=w.rating * (shrunk - 1.0) / 4.0 + 0.5,
                )
            ),
            sa.Integer,
        )
        need_days = max(1, (need.window_end - need.window_start).days + 1)
        overlap = sa.type_coerce(
            sa.func.least(Offer.window_end, need.window_end)
            - sa.func.greatest(Offer.window_start, need.window_start),
            sa.Integer,
        )
        window = (w.window * sa.func.least(overlap + 1, need_days, type_=sa.Integer)) // need_days
        capacity = sa.case(
            (Offer.remaining >= need.quantity, w.capacity),
            else_=(w.capacity * Offer.remaining) // need.quantity,
        )
        urgency = w.urgency * scoring.URGENCIES.get(need.urgency, 1) // 3
        total: sa.ColumnElement[int] = (
            domain + region + collaboration + pairing + grade + rating + window + capacity + urgency
        )
        return total


async def _facts(
    session: AsyncSession, rows: Sequence[Any], today: dt.date
) -> list[scoring.OfferFacts]:
    paths = await readmodel.region_paths(
        session, {r.provider_region_code for r in rows if r.provider_region_code}
    )
    return [
        offer_facts(
            r,
            r if r.provider_kind == "organization" else None,
            paths.get(r.provider_region_code, ()) if r.provider_region_code else (),
            today=today,
        )
        for r in rows
    ]


async def _ranked_in_sql(
    session: AsyncSession,
    query: _Query,
    wanted: scoring.NeedFacts,
    ctx: scoring.Context,
    weights: scoring.Weights,
    limit: int,
) -> Ranked | None:
    """The best ``limit``, scored and ordered by PostgreSQL: only they leave the database.

    A need a whole eastern province reaches through a collaboration has thousands of eligible
    offers; fetching and scoring them all in Python was most of a request's time. The SQL score
    is checked against ``scoring.score`` for every offer returned; ``None`` (and a warning) if
    they ever disagree, and the caller ranks in Python instead.
    """
    total = query.score(weights).label("sql_score")
    stmt = query.statement(total).order_by(total.desc(), Offer.id).limit(limit)
    rows = (await session.execute(stmt)).all()
    ranked: Ranked = []
    for offer, row in zip(await _facts(session, rows, query.today), rows, strict=True):
        explained = scoring.score(wanted, offer, ctx, weights)
        if explained is None or explained.total != row.sql_score:
            log.warning(
                "candidates: the SQL score of offer %s for need %s is %s, scoring.score says %s;"
                " ranking in Python",
                offer.id,
                wanted.id,
                row.sql_score,
                None if explained is None else explained.total,
            )
            return None
        ranked.append((offer, explained))
    return ranked


async def _ranked_in_python(
    session: AsyncSession,
    query: _Query,
    wanted: scoring.NeedFacts,
    ctx: scoring.Context,
    weights: scoring.Weights,
    limit: int,
) -> Ranked:
    """Every offer that can serve the need, scored as arrays (``scoring.candidate_graph``),
    the best ``limit`` explained (SQLite, and PostgreSQL's fallback)."""
    rows = (await session.execute(query.statement())).all()
    facts = await _facts(session, rows, query.today)
    graph = scoring.candidate_graph([wanted], facts, ctx, weights, per_need=limit)
    best = sorted(
        zip(graph.score.tolist(), graph.offer.tolist(), strict=True),
        key=lambda pair: (-pair[0], graph.offer_ids[pair[1]]),
    )
    ranked: Ranked = []
    for _, index in best:
        explained = scoring.score(wanted, facts[index], ctx, weights)
        if explained is not None:
            ranked.append((facts[index], explained))
    return ranked
