"""Name search on PostgreSQL: the service picks the plan, because the planner cannot.

``name_bigrams @> {bigrams of q}`` (GIN) finds every candidate, but in heap order: a page in list
order ``(created_at, id)`` then costs a fetch and a sort of *every* match. Walking the list-order
index and testing each row costs about ``page / match rate`` rows instead. Which one is cheaper
depends on how many names contain ``q``, and the planner misjudges exactly that: it multiplies the
bigram selectivities and the ``LIKE`` as if independent, so for 街道 or 服务队 it expects 10 rows
where 30,000-135,000 match, and sorts them all.

The service therefore decides with the per-bigram frequencies PostgreSQL already keeps
(``pg_stats.most_common_elems`` of ``name_bigrams``, refreshed by autovacuum's ANALYZE, cached
here for :data:`STATS_TTL` seconds). A name containing ``q`` contains each of its bigrams, so the
rarest bigram bounds the number of matches from above: ``estimate = reltuples * min(freq)``
(a bigram missing from the list is rarer than the rarest one listed).

- **index** (``INDEX_ROW_COST * estimate <= page * rows / estimate``, i.e. at most about 1,600
  matches at 300,000 rows): the GIN index and a sort of at most ``estimate`` rows. A
  2-character ``q`` is exactly its bigram, so it has no ``LIKE`` (which only hid the real
  selectivity from the planner); longer ones keep the ``LIKE`` that confirms the order.
- **walk** (more): scan at most ``budget`` rows in list order after the cursor (a ``LIMIT``
  subquery, so no other plan is possible), keep those that match ``q`` and every filter. The
  budget is twice the expected walk (``page * rows / estimate``), so it grows with the
  table, unlike a fixed probe. If the budget runs out before the page is full (other filters, or
  a long ``q`` whose bigrams are frequent but rare together), the index plan answers instead.
  For 3+ characters the threshold is :data:`LONG_Q_BIAS` times higher, since the estimate is
  only an upper bound there.
  Reaching the end of the table within the budget is a complete answer.

Both plans return exactly the first ``limit + 1`` matches after the cursor in list order, so
pages neither skip nor repeat whichever plan served them. The worst case is a match rate where
both plans cost the same, ``sqrt(page * rows * INDEX_ROW_COST)`` rows walked: about 9,600 rows
(about 10 ms here) at 300,000 organizations, 30,000 at 3 million. Without an index that yields
matches in list order (bigram, created_at, id), no plan does better for such a rate.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.pagination import PageParams, cursor_key, encode_cursor
from services.registry.db.models import Organization
from services.registry.domain.query import bigrams, escape_like

#: Seconds the per-bigram frequencies are reused before they are read again.
STATS_TTL = 300.0
#: The walk's budget is this many times the rows it is expected to scan.
WALK_SLACK = 2
#: A match fetched through the bitmap (a random heap page, the recheck, the sort) costs about
#: this many rows walked in list order (measured: about 6 µs against 1 µs, 300,000 rows).
INDEX_ROW_COST = 6.0
#: For 3+ characters the estimate is only an upper bound (the bigrams may be frequent apart and
#: rare together): the index's cost is bounded by it, the walk's is not, so lean to the index.
LONG_Q_BIAS = 1.6
#: Smallest walk budget: below this a scan costs next to nothing anyway.
MIN_BUDGET = 1_000

Filters = Callable[[Any], list[sa.ColumnElement[bool]]]
TEXT_ARRAY = postgresql.ARRAY(sa.Text())
#: The table's columns: pages are read as plain rows, which costs half of loading ORM objects.
ORGS = Organization.__table__.c


@dataclass(frozen=True, slots=True)
class BigramStats:
    """Estimated rows of ``organizations`` and the frequency of its most common name bigrams."""

    rows: float
    frequencies: dict[str, float]
    #: Upper bound of the frequency of a bigram that is not in ``frequencies``.
    floor: float

    def estimate(self, grams: Sequence[str]) -> float:
        """At most this many organizations contain all of ``grams``."""
        if not grams:
            return self.rows
        return self.rows * min(self.frequencies.get(g, self.floor) for g in grams)


_STATS: dict[str, tuple[float, BigramStats | None]] = {}


async def bigram_stats(session: AsyncSession) -> BigramStats | None:
    """The frequencies ANALYZE collected, or ``None`` before the table was first analyzed."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, sa.Engine) else bind.engine
    key = engine.url.render_as_string(hide_password=True)
    cached = _STATS.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < STATS_TTL:
        return cached[1]
    row = (
        await session.execute(
            sa.text(
                "SELECT c.reltuples, s.most_common_elems::text::text[] AS elems, "
                "s.most_common_elem_freqs AS freqs "
                "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
                "AND s.tablename = 'organizations' AND s.attname = 'name_bigrams' "
                "WHERE c.oid = to_regclass('organizations')"
            )
        )
    ).first()
    stats = None
    if row is not None and row.elems and row.freqs and row.reltuples > 0:
        elems, freqs = list(row.elems), list(row.freqs)
        # The element frequencies are followed by their minimum, maximum and the null share.
        stats = BigramStats(
            rows=float(row.reltuples),
            frequencies=dict(zip(elems, freqs[: len(elems)], strict=True)),
            floor=float(freqs[len(elems)]),
        )
    _STATS[key] = (now, stats)
    return stats


def forget_stats() -> None:
    """Drop cached frequencies (tests, or after a bulk load)."""
    _STATS.clear()


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """How one page of a name search is fetched: ``walk`` (with its budget) or ``index``."""

    kind: str
    estimate: float | None
    budget: int = 0


def choose_plan(stats: BigramStats | None, grams: Sequence[str], page: int) -> SearchPlan:
    """The cheaper plan for a page of ``page`` rows of names containing all of ``grams``."""
    if stats is None or not grams:
        return SearchPlan("index", None)
    estimate = stats.estimate(grams)
    # Walking costs page * rows / estimate rows, the index INDEX_ROW_COST * estimate.
    if estimate <= math.sqrt(page * stats.rows / INDEX_ROW_COST):
        return SearchPlan("index", estimate)
    expected = page * stats.rows / max(estimate, 1.0)
    return SearchPlan("walk", estimate, max(MIN_BUDGET, math.ceil(WALK_SLACK * expected)))


#: Characters no other character lower-cases to: CJK ideographs (with extension A) and digits.
_UNCASED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9]+")


class NameSearch:
    """One page of organizations whose name contains ``q`` and that pass ``filters``."""

    def __init__(self, session: AsyncSession, q: str, filters: Filters) -> None:
        self.session = session
        self.low = q.lower()
        self.grams = bigrams(self.low)
        self.pattern = f"%{escape_like(self.low)}%"
        self.filters = filters
        #: The plans that served the last page, in order (``walk``, then ``index`` on fallback).
        self.used: list[str] = []

    def _like(self, entity: Any) -> sa.ColumnElement[bool]:
        return sa.func.lower(entity.name).like(self.pattern, escape="\\")

    def _has_grams(self, entity: Any) -> sa.ColumnElement[bool]:
        # One array parameter, not one per bigram: one statement (and one prepared plan) for
        # every length of q. type_coerce keeps the bare column, so the GIN index applies.
        grams = sa.bindparam("grams", self.grams, type_=TEXT_ARRAY)
        return sa.type_coerce(entity.name_bigrams, TEXT_ARRAY).op("@>")(grams)

    def _matches_index(self, entity: Any) -> list[sa.ColumnElement[bool]]:
        conditions = [self._has_grams(entity)]
        if len(self.low) != 2:
            # A 2-character q *is* its one bigram; longer ones need the order confirmed.
            conditions.append(self._like(entity))
        return conditions

    async def page(
        self, params: PageParams, *, narrow: bool = False
    ) -> tuple[list[Row[Any]], str | None]:
        """Rows and next cursor; ``narrow`` filters (one community, one county) skip the walk."""
        self.used = []
        page = params.limit + 1
        plan = SearchPlan("index", None)
        if not narrow and self.grams:
            plan = choose_plan(await bigram_stats(self.session), self.grams, page)
        rows: list[Row[Any]] | None = None
        if plan.kind == "walk":
            rows = await self._walk(params, plan.budget)
        if rows is None:
            rows = await self._index(params)
        next_cursor = None
        if len(rows) > params.limit:
            rows = rows[: params.limit]
            next_cursor = encode_cursor([rows[-1].created_at, rows[-1].id])
        return rows, next_cursor

    async def _walk(self, params: PageParams, budget: int) -> list[Row[Any]] | None:
        """The first matches within ``budget`` rows in list order; ``None`` if too few."""
        self.used.append("walk")
        order = [ORGS.created_at, ORGS.id]
        after_cursor = params.after is not None
        template, walked = _walk_template(after_cursor, bool(_UNCASED.fullmatch(self.low)))
        filters = self.filters(walked)
        stmt = template.where(*filters) if filters else template
        binds: dict[str, Any] = {
            "walk_budget": budget,
            "walk_page": params.limit + 1,
            "walk_pattern": self.pattern,
        }
        if after_cursor:
            after(ORGS, params)  # validates the cursor's shape
            key = cursor_key(params, (dt.datetime, uuid.UUID))
            assert key is not None
            binds["walk_after_created"], binds["walk_after_id"] = key
        rows = list((await self.session.execute(stmt, binds)).all())
        if len(rows) > params.limit:
            return rows
        # Too few: complete if the walk reached the end of the table, else the index decides.
        # (Asked only now: a marker row in the walk itself costs more than this on every page.)
        remaining = sa.select(ORGS.id).where(*after(ORGS, params)).order_by(*order).limit(budget)
        count = sa.select(sa.func.count()).select_from(remaining.subquery())
        if (await self.session.scalar(count) or 0) < budget:
            return rows
        return None

    async def _index(self, params: PageParams) -> list[Row[Any]]:
        self.used.append("index")
        stmt = (
            sa.select(*ORGS)
            .where(*self._matches_index(ORGS), *self.filters(ORGS), *after(ORGS, params))
            .order_by(ORGS.created_at, ORGS.id)
            .limit(params.limit + 1)
        )
        return list((await self.session.execute(stmt)).all())


@functools.cache
def _walk_template(after_cursor: bool, uncased: bool) -> tuple[sa.Select[Any], Any]:
    """The walk statement with bound parameters, built once per shape.

    Building it costs about 0.9 ms (a subquery of 28 columns): a tenth of a search request.
    Filters are added per request with ``.where()``, which does not rebuild the subquery.
    """
    inner = sa.select(*ORGS)
    if after_cursor:
        inner = inner.where(
            sa.tuple_(ORGS.created_at, ORGS.id)
            > sa.tuple_(
                sa.bindparam("walk_after_created", type_=ORGS.created_at.type),
                sa.bindparam("walk_after_id", type_=ORGS.id.type),
            )
        )
    walked = (
        inner.order_by(ORGS.created_at, ORGS.id)
        .limit(sa.bindparam("walk_budget", type_=sa.Integer))
        .subquery("walk")
        .c
    )
    pattern = sa.bindparam("walk_pattern", type_=sa.Text)
    # Ideographs and digits have no case: skip lower(), half the cost of the walk.
    name = walked.name if uncased else sa.func.lower(walked.name)
    stmt = (
        sa.select(*walked)
        .where(name.like(pattern, escape="\\"))
        .order_by(walked.created_at, walked.id)
        .limit(sa.bindparam("walk_page", type_=sa.Integer))
    )
    return stmt, walked


def after(columns: Any, params: PageParams) -> list[sa.ColumnElement[bool]]:
    """The keyset condition: rows after the cursor in ``(created_at, id)`` order."""
    key = cursor_key(params, (dt.datetime, uuid.UUID))
    if key is None:
        return []
    return [sa.tuple_(columns.created_at, columns.id) > sa.tuple_(*key)]


async def keyset_page(
    session: AsyncSession, stmt: sa.Select[Any], params: PageParams
) -> tuple[list[Row[Any]], str | None]:
    """One page of ``stmt`` (a select of :data:`ORGS`) in list order after the cursor."""
    stmt = stmt.where(*after(ORGS, params)).order_by(ORGS.created_at, ORGS.id)
    rows = list((await session.execute(stmt.limit(params.limit + 1))).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        next_cursor = encode_cursor([rows[-1].created_at, rows[-1].id])
    return rows, next_cursor
