"""Organization name search (``GET /v1/organizations?q=``) on 300,000 organizations.

1. Creates a fresh PostgreSQL database, migrates it with the real Registry migrations
   (``services.common.migrate.upgrade``) and COPYs in synthetic organizations
   (``bench/registry_data.py``), then ``VACUUM ANALYZE``.
2. Samples queries: random substrings of real names, 2, 3 and 6-8 characters long.
3. Times each query through the Registry app (httpx over ``ASGITransport`` with a signed
   identity, so routing, auth, the session, SQL and JSON are all counted), then times the SQL
   statement the service actually sent with the name index and with it dropped (inside a
   transaction that is rolled back), and records ``EXPLAIN (ANALYZE, BUFFERS)`` plans.

    .venv/bin/python bench/registry_search.py                    # 300k rows, 200 queries/length
    .venv/bin/python bench/registry_search.py --reuse            # keep the loaded database
    .venv/bin/python bench/registry_search.py --count 20000 --queries 50 --plans plans.txt

``--via sql`` skips the app and runs the statement ``services.registry.domain.query`` builds
(useful before the list endpoint exists). PostgreSQL at ``--pg`` (default the local trust server).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_data import organizations  # noqa: E402

from services.common.migrate import upgrade  # noqa: E402
from services.registry.domain.query import bigrams  # noqa: E402

LENGTHS = {"2": (2, 2), "3": (3, 3), "6+": (6, 8)}
NAME_INDEX = "ix_organizations_name_bigrams"
SECRET = "bench-secret-0123456789abcdef"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 0.5):7.2f} ms  p95 {percentile(values, 0.95):7.2f} ms"


# ---------------------------------------------------------------------------------------------
# Loading


def db_rows(orgs: Iterable[dict[str, Any]], columns: list[str]) -> Iterable[tuple[Any, ...]]:
    """API-shaped organizations as ``organizations`` table rows, in ``columns`` order."""
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for i, org in enumerate(orgs):
        created = start + dt.timedelta(seconds=i)
        flat = {
            **{k: v for k, v in org.items() if not isinstance(v, dict)},
            "id": org["id"],
            "name_bigrams": bigrams(org["name"]),
            "rating_sum": 0,
            "rating_count": 0,
            "party_has_branch": org["party"]["has_branch"],
            "party_members": org["party"]["members"],
            "staff_full_time": org["staff"]["full_time"],
            "staff_certified_social_workers": org["staff"]["certified_social_workers"],
            "contact_name": org["contact"]["name"],
            "contact_phone": org["contact"]["phone"],
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        yield tuple(flat.get(c) for c in columns)


async def load(pg: str, db: str, count: int) -> None:
    admin = await asyncpg.connect(f"{pg}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{db}"')
    finally:
        await admin.close()
    url = f"{pg.replace('postgresql://', 'postgresql+asyncpg://')}/{db}"
    t0 = time.perf_counter()
    await upgrade("registry", url)
    conn = await asyncpg.connect(f"{pg}/{db}")
    try:
        columns = [
            r["column_name"]
            for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'organizations' ORDER BY ordinal_position"
            )
        ]
        rows = db_rows(organizations(count), columns)
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                await conn.copy_records_to_table("organizations", records=batch, columns=columns)
                batch.clear()
        if batch:
            await conn.copy_records_to_table("organizations", records=batch, columns=columns)
        await conn.execute("VACUUM ANALYZE organizations")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_total_relation_size('organizations'))")
        idx = await conn.fetchval(f"SELECT pg_size_pretty(pg_relation_size('{NAME_INDEX}'))")
    finally:
        await conn.close()
    print(
        f"loaded {count:,} organizations in {time.perf_counter() - t0:.1f} s "
        f"(table+indexes {size}, {NAME_INDEX} {idx})"
    )


# ---------------------------------------------------------------------------------------------
# Queries


def sample_queries(count: int, per_length: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    names = [org["name"] for org in organizations(min(count, 50_000))]
    out: dict[str, list[str]] = {}
    for label, (lo, hi) in LENGTHS.items():
        qs = []
        while len(qs) < per_length:
            name = rng.choice(names)
            n = rng.randint(lo, hi)
            if len(name) < n:
                continue
            start = rng.randrange(len(name) - n + 1)
            qs.append(name[start : start + n])
        out[label] = qs
    return out


class ServiceProbe:
    """The Registry app in-process; records the SQL its list endpoint sends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.statements: list[tuple[str, Any]] = []

    async def __aenter__(self) -> ServiceProbe:
        import httpx
        from sqlalchemy import event

        from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
        from services.registry.app import create_app
        from services.registry.settings import RegistrySettings

        settings = RegistrySettings(
            registry_database_url=self.url, internal_secret=SECRET, log_level="WARNING"
        )
        self.app = create_app(settings, configure_logs=False)
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        engine = self.app.state.database.engine.sync_engine

        @event.listens_for(engine, "before_cursor_execute")
        def _record(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            if "organizations" in statement and "LIKE" in statement.upper():
                self.statements.append((statement, params))

        self.signer = IdentitySigner(SECRET.encode(), ttl_seconds=600)
        self.identity = Identity(
            sub="bench", kind="user", role="officer", scopes=frozenset(ALL_SCOPES)
        )
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://registry"
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        await self._lifespan.__aexit__(None, None, None)

    async def search(self, q: str, limit: int = 50) -> tuple[float, int]:
        headers = {"x-wushe-identity": self.signer.sign(self.identity)}
        t0 = time.perf_counter()
        response = await self.client.get(
            "/v1/organizations", params={"q": q, "limit": limit}, headers=headers
        )
        elapsed = (time.perf_counter() - t0) * 1000
        response.raise_for_status()
        return elapsed, len(response.json()["items"])


def sql_statement(q: str, limit: int = 50) -> tuple[str, tuple[Any, ...]]:
    """The statement the service's search is built from, compiled for asyncpg."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    from services.registry.db.models import Organization
    from services.registry.domain.query import name_matches

    stmt = (
        sa.select(Organization)
        .where(name_matches(Organization.name, Organization.name_bigrams, q, "postgresql"))
        .order_by(Organization.created_at, Organization.id)
        .limit(limit + 1)
    )
    compiled = stmt.compile(dialect=postgresql.dialect(paramstyle="numeric_dollar"))
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    return str(compiled), params


PROBE_ROWS = 4000


async def probe_search(conn: asyncpg.Connection, q: str, limit: int = 50) -> int:
    """A proposed plan-proof search: walk the list order a bounded way first, then the index.

    Frequent substrings (街道, 服务队) fill a page within the first few hundred rows in
    ``(created_at, id)`` order; rare ones are cheap through the bigram index. The planner cannot
    tell the two apart (it multiplies the bigram and LIKE selectivities), so ask both ways:
    step 1 scans at most ``PROBE_ROWS`` rows in list order; only if it finds fewer than a page,
    step 2 uses the index. A 2-character query needs no LIKE: the bigram is the substring.
    """
    from services.registry.domain.query import escape_like

    low = q.lower()
    pattern = f"%{escape_like(low)}%"
    rows = await conn.fetch(
        "SELECT * FROM (SELECT * FROM organizations ORDER BY created_at, id LIMIT $1) h "
        "WHERE lower(name) LIKE $2 ORDER BY created_at, id LIMIT $3",
        PROBE_ROWS,
        pattern,
        limit + 1,
    )
    if len(rows) > limit:
        return len(rows)
    grams = bigrams(low)
    if len(low) == 2:
        sql = (
            "SELECT * FROM organizations WHERE name_bigrams @> $1 ORDER BY created_at, id LIMIT $2"
        )
        rows = await conn.fetch(sql, grams, limit + 1)
    else:
        sql = (
            "SELECT * FROM organizations WHERE name_bigrams @> $1 AND lower(name) LIKE $2 "
            "ORDER BY created_at, id LIMIT $3"
        )
        rows = await conn.fetch(sql, grams, pattern, limit + 1)
    return len(rows)


async def time_sql(
    conn: asyncpg.Connection, statements: list[tuple[str, tuple[Any, ...]]]
) -> list[float]:
    times = []
    for statement, params in statements:
        t0 = time.perf_counter()
        await conn.fetch(statement, *params)
        times.append((time.perf_counter() - t0) * 1000)
    return times


async def explain(conn: asyncpg.Connection, statement: str, params: tuple[Any, ...]) -> str:
    rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, *params)
    return "\n".join(r[0] for r in rows)


def asyncpg_params(params: Any) -> tuple[Any, ...]:
    return tuple(params) if isinstance(params, list | tuple) else tuple(params.values())


async def run(args: argparse.Namespace) -> list[str]:
    pg, db = args.pg, args.db
    if not args.reuse:
        await load(pg, db, args.count)
    url = f"{pg.replace('postgresql://', 'postgresql+asyncpg://')}/{db}"
    queries = sample_queries(args.count, args.queries)
    conn = await asyncpg.connect(f"{pg}/{db}")
    total = await conn.fetchval("SELECT count(*) FROM organizations")
    print(f"organizations: {total:,}; {args.queries} queries per length; via {args.via}")
    plans: list[str] = []
    statements: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    try:
        if args.via == "service":
            async with ServiceProbe(url) as probe:
                for q in ["养老", "宁波市海曙区", "社工"] * 5:  # warm up pools and caches
                    await probe.search(q)
                for label, qs in queries.items():
                    probe.statements.clear()
                    times, hits = [], []
                    for q in qs:
                        elapsed, n = await probe.search(q)
                        times.append(elapsed)
                        hits.append(n)
                    full = sum(1 for h in hits if h == 50)
                    print(
                        f"service  q len {label:>2}: {summary(times)}  "
                        f"({full} of {len(qs)} full pages)"
                    )
                    statements[label] = [
                        (s, asyncpg_params(p)) for s, p in probe.statements[: len(qs)]
                    ]
        else:
            for label, qs in queries.items():
                statements[label] = [sql_statement(q) for q in qs]
        if not any(statements.values()):
            raise SystemExit("no search statement was captured: does the list endpoint use q?")

        for label, qs in queries.items():
            times = []
            for q in qs:
                t0 = time.perf_counter()
                await probe_search(conn, q)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"SQL      q len {label:>2}: {summary(times)}  (proposed: bounded probe + index)")
        for label, stmts in statements.items():
            with_index = await time_sql(conn, stmts)
            print(f"SQL      q len {label:>2}: {summary(with_index)}  (name index)")
            plans.append(f"-- q length {label}, name index, q = {stmts[len(stmts) // 2][1]!r}")
            plans.append(await explain(conn, *stmts[len(stmts) // 2]))
        for label, stmts in statements.items():
            tx = conn.transaction()
            await tx.start()
            try:
                await conn.execute(f"DROP INDEX {NAME_INDEX}")
                subset = stmts[: args.noindex_queries]
                without = await time_sql(conn, subset)
                plans.append(
                    f"-- q length {label}, no name index, q = {stmts[len(stmts) // 2][1]!r}"
                )
                plans.append(await explain(conn, *stmts[len(stmts) // 2]))
            finally:
                await tx.rollback()
            indexed = await time_sql(conn, subset)
            ratio = percentile(without, 0.5) / percentile(indexed, 0.5)
            print(
                f"SQL      q len {label:>2}: {summary(without)}  (no name index, "
                f"{len(subset)} queries; p50 ratio {ratio:.1f}x)"
            )
    finally:
        await conn.close()
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="wushe_bench_registry")
    parser.add_argument("--count", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--noindex-queries", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    parser.add_argument("--via", choices=("service", "sql"), default="service")
    parser.add_argument("--plans", help="write EXPLAIN plans to this file")
    args = parser.parse_args()
    plans = asyncio.run(run(args))
    if args.plans:
        Path(args.plans).write_text("\n\n".join(plans) + "\n", encoding="utf-8")
        print(f"plans written to {args.plans}")
    else:
        print("\n\n".join(plans))


if __name__ == "__main__":
    main()
