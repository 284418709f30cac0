"""Allocation rounds: every open minor need in scope against every open offer, solved exactly.

A round loads the facts (needs still wanting, offers' capacity not yet spoken for, the read
model's collaborations, pairings, grades and ratings), builds the candidate graph
(``scoring.candidate_edges``), solves it (``allocation.allocate``: the maximum total score under
every capacity) and, unless ``dry_run``, writes each assignment as a match in status
``proposed``; the lifecycle (``domain/matches.py``) takes it from there.

**What "capacity not yet spoken for" means.** An offer's ``remaining`` already excludes what
accepted matches reserved; a round also subtracts what earlier rounds proposed and nobody has
accepted or declined yet, so two rounds never propose the same unit twice. A need's wanted
quantity is its quantity minus every live or completed match's.

**Two rounds at once** would each read the other's capacity as free. Every round takes one
transaction-scoped lock (``lock_key(session, Round, "allocation")``: an advisory lock on
PostgreSQL, the write lock on SQLite) before reading, so rounds run one after another and each
sees what the previous one proposed. One lock for every scope, not one per region: two scopes
can overlap (a province and one of its counties) and share offers across regions, so a lock per
scope would not be enough. Rounds are an officer's batch job; queueing them costs nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.access import STAFF_ROLES
from services.common.clock import china_today
from services.common.db import utcnow
from services.common.errors import Forbidden, NotFound
from services.common.events import emit
from services.common.identity import Identity
from services.common.locking import lock_key
from services.common.pagination import PageParams
from services.common.repository import Repository
from services.matching.db.lifecycle import Match
from services.matching.db.models import Need, Offer, OfferReach, Round
from services.matching.domain import allocation, readmodel, scoring
from services.matching.domain.base import invalid
from services.matching.domain.candidates import (
    OFFER_COLUMNS,
    need_facts,
    provider_facts,
    provider_in_standing,
)
from services.matching.domain.errors import MatchingCode
from services.matching.schemas import RoundCreate, RoundRead

#: Match statuses that count against a need's wanted quantity.
FILLING = ("proposed", "accepted", "in_service", "completed")
#: Match statuses that keep a (need, offer) pair from being proposed again.
LIVE = ("proposed", "accepted", "in_service")
#: People who may run a round (partner systems need an ``admin`` key; the gateway's rule).
ROUND_ROLES = STAFF_ROLES
#: Candidate edges per need (the best by score): the solver's graph stays linear in the needs.
PER_NEED = 50


def round_read(row: Round) -> RoundRead:
    """The public shape of a round."""
    return RoundRead(
        id=row.id,
        region_code=row.region_code,
        domains=list(row.domains or []),
        dry_run=row.dry_run,
        needs_considered=row.needs_considered,
        offers_considered=row.offers_considered,
        edges=row.edges,
        matches_proposed=row.matches_proposed,
        objective=row.objective,
        optimal=row.optimal,
        solve_ms=row.solve_ms,
        total_ms=row.total_ms,
        created_at=row.created_at,
    )


class RoundRepository(Repository[Round]):
    """Rounds by id and creation."""

    model = Round

    async def recent(self, params: PageParams) -> tuple[list[Round], str | None]:
        """Rounds, oldest first."""
        order = [Round.created_at, Round.id]
        return await self.page(sa.select(Round), order, params, lambda r: [r.created_at, r.id])


def _in(column: Any, values: Iterable[Any]) -> sa.ColumnElement[bool]:
    return column.in_(list(values))


class RoundService:
    """Runs rounds and reads them back."""

    def __init__(self, session: AsyncSession, weights: scoring.Weights | None = None) -> None:
        self.session = session
        self.repo = RoundRepository(session)
        self.weights = weights or scoring.Weights()

    async def get(self, round_id: uuid.UUID) -> Round:
        """The round, or 404."""
        row = await self.repo.get(round_id)
        if row is None:
            raise NotFound(f"分配轮次 {round_id} 不存在")
        return row

    async def page(self, params: PageParams) -> tuple[list[Round], str | None]:
        """Rounds, oldest first."""
        return await self.repo.recent(params)

    async def _needs(
        self, prefix: str | None, domains: list[str] | None, today: dt.date
    ) -> list[tuple[Need, int]]:
        """Open minor needs in scope with the quantity each still wants."""
        filled = (
            sa.select(Match.need_id, sa.func.sum(Match.quantity).label("filled"))
            .where(_in(Match.status, FILLING))
            .group_by(Match.need_id)
            .subquery()
        )
        stmt = (
            sa.select(Need, sa.func.coalesce(filled.c.filled, 0))
            .outerjoin(filled, filled.c.need_id == Need.id)
            .where(Need.status == "open", Need.triage == "minor", Need.window_end >= today)
        )
        if prefix is not None:
            stmt = stmt.where(readmodel.in_subtree(Need.region_code, prefix))
        if domains:
            stmt = stmt.where(_in(Need.domain, domains))
        rows = (await self.session.execute(stmt.order_by(Need.created_at, Need.id))).all()
        return [(need, need.quantity - int(done)) for need, done in rows if need.quantity > done]

    async def _offers(
        self, kinds: set[str], domains: set[str], today: dt.date
    ) -> tuple[list[Any], dict[uuid.UUID, int]]:
        """Open offers of these kinds and domains in good standing, with capacity not yet
        spoken for (``remaining`` less what live proposals hold)."""
        proposed = (
            sa.select(Match.offer_id, sa.func.sum(Match.quantity).label("held"))
            .where(Match.status == "proposed")
            .group_by(Match.offer_id)
            .subquery()
        )
        serves = (
            sa.select(OfferReach.offer_id)
            .where(
                OfferReach.offer_id == Offer.id,
                _in(OfferReach.resource_kind, kinds),
                _in(OfferReach.domain, domains),
            )
            .exists()
        )
        stmt = (
            sa.select(*OFFER_COLUMNS, sa.func.coalesce(proposed.c.held, 0).label("held"))
            .outerjoin(proposed, proposed.c.offer_id == Offer.id)
            .where(
                Offer.status == "open",
                Offer.remaining > 0,
                Offer.window_end >= today,
                provider_in_standing(),
                serves,
            )
        )
        rows = [r for r in (await self.session.execute(stmt)).all() if r.remaining > r.held]
        return rows, {r.id: r.remaining - int(r.held) for r in rows}

    async def _live_pairs(self) -> set[tuple[str, str]]:
        rows = await self.session.execute(
            sa.select(Match.need_id, Match.offer_id).where(_in(Match.status, LIVE))
        )
        return {(str(n), str(o)) for n, o in rows.all()}

    async def run(self, data: RoundCreate, caller: Identity) -> Round:
        """Solve one round; write its proposals unless ``dry_run``."""
        if caller.kind == "user" and caller.role not in ROUND_ROLES:
            raise Forbidden("只有民政工作人员和运维人员可以运行分配轮次")
        started = time.perf_counter()
        prefix = None
        if data.region_code is not None:
            prefix = await readmodel.subtree_prefix(self.session, data.region_code)
            if prefix is None:
                raise invalid(
                    "region_code",
                    f"行政区划 {data.region_code} 不存在",
                    MatchingCode.REGION_UNKNOWN,
                )
        domains = sorted(set(data.domains)) if data.domains else None
        # Before reading any capacity: rounds run one at a time (see the module docstring).
        await lock_key(self.session, Round, "allocation")
        today = china_today()

        wanting = await self._needs(prefix, domains, today)
        kinds = {n.resource_kind for n, _ in wanting}
        need_domains = {n.domain for n, _ in wanting}
        offer_rows, available = (
            await self._offers(kinds, need_domains, today) if wanting else ([], {})
        )
        paths = await readmodel.region_paths(self.session, {n.region_code for n, _ in wanting})
        needs = [need_facts(n, paths.get(n.region_code, ()), q) for n, q in wanting]
        offers = await provider_facts(self.session, offer_rows, available)
        ctx = scoring.Context(
            collaborations=await readmodel.collaborations_in_force(self.session, today),
            pairings=await readmodel.pairings_in_force(self.session, today),
        )
        # The graph as arrays (no object per edge), less the pairs already matched. Building it
        # and solving are seconds of CPU at province scale: in a worker thread, so that the
        # service keeps answering other requests meanwhile (numpy and the solver release the GIL
        # for much of it).
        graph = await asyncio.to_thread(
            scoring.candidate_graph, needs, offers, ctx, self.weights, per_need=PER_NEED
        )
        if len(graph):
            graph = graph.without(await self._live_pairs())
        result = await asyncio.to_thread(
            allocation.allocate,
            {n.id: n.quantity for n in needs},
            {o.id: o.remaining for o in offers},
            graph,
        )

        row = Round(
            id=uuid.uuid4(),
            region_code=data.region_code,
            domains=domains or [],
            dry_run=data.dry_run,
            needs_considered=len(needs),
            offers_considered=len(offers),
            edges=len(graph),
            matches_proposed=0 if data.dry_run else len(result.assignments),
            objective=result.objective,
            optimal=result.optimal,
            solve_ms=round(result.solve_ms, 3),
            total_ms=0.0,
            created_by=caller.sub,
            created_at=utcnow(),
        )
        if not data.dry_run and result.assignments:
            await self._propose(row, result.assignments, needs, offers, ctx, wanting)
        row.total_ms = round((time.perf_counter() - started) * 1000, 3)
        self.repo.add(row)
        await self.repo.flush()
        emit(
            self.session,
            "round.completed",
            subject_kind="round",
            subject_id=row.id,
            data=round_read(row).model_dump(mode="json"),
            region_code=row.region_code,
        )
        return row

    async def _propose(
        self,
        row: Round,
        assignments: list[tuple[str, str, int]],
        needs: list[scoring.NeedFacts],
        offers: list[scoring.OfferFacts],
        ctx: scoring.Context,
        wanting: list[tuple[Need, int]],
    ) -> None:
        """Write each assignment as a proposed match, explained, with its event."""
        need_by_id = {n.id: n for n in needs}
        offer_by_id = {o.id: o for o in offers}
        region_by_need = {str(n.id): n.region_code for n, _ in wanting}
        now = utcnow()
        values = []
        for need_id, offer_id, quantity in assignments:
            explained = scoring.score(need_by_id[need_id], offer_by_id[offer_id], ctx, self.weights)
            assert explained is not None  # the edge was eligible a moment ago
            values.append(
                {
                    "id": uuid.uuid4(),
                    "need_id": uuid.UUID(need_id),
                    "offer_id": uuid.UUID(offer_id),
                    "quantity": quantity,
                    "status": "proposed",
                    "round_id": row.id,
                    "score": explained.total,
                    "reasons": {"parts": explained.parts, "reasons": explained.reasons},
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        await self.session.execute(sa.insert(Match), values)
        for match in values:
            data = {
                "id": str(match["id"]),
                "need_id": str(match["need_id"]),
                "offer_id": str(match["offer_id"]),
                "quantity": match["quantity"],
                "status": "proposed",
                "round_id": str(row.id),
                "score": match["score"],
                "reasons": match["reasons"],
            }
            emit(
                self.session,
                "match.proposed",
                subject_kind="match",
                subject_id=match["id"],
                data=data,
                region_code=region_by_need.get(str(match["need_id"])),
            )
