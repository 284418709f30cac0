"""Organization name search (``GET /v1/organizations?q=``) on 300,000 organizations.

1. Creates a fresh PostgreSQL database, migrates it with the real Registry migrations
   (``services.common.migrate.upgrade``) and COPYs in synthetic organizations
   (``bench/registry_data.py``), then ``VACUUM ANALYZE``.
2. Samples queries: random substrings of real names, 2, 3 and 6-8 characters long.
3. Times each query through the Registry app (httpx over ``ASGITransport`` with a signed
   identity, so routing, auth, the session, SQL and JSON are all counted), ``--runs`` times,
   and reports the median p50/p95 over the runs and which plan served each query (``walk``,
   ``index`` or ``walk+index``, see ``services.registry.domain.search``). Then replays the
   statements each search sent, over asyncpg, with the name index and with it dropped (inside
   a transaction that is rolled back), and records ``EXPLAIN (ANALYZE, BUFFERS)`` of each plan.

    .venv/bin/python bench/registry_search.py                    # 300k rows, 200 queries/length
    .venv/bin/python bench/registry_search.py --keep             # … and keep the database
    .venv/bin/python bench/registry_search.py --reuse --plans plans.txt   # the kept database
    .venv/bin/python bench/registry_search.py --count 20000 --queries 50 --runs 1
    .venv/bin/python bench/registry_search.py --smoke            # 2,000 rows, seconds

PostgreSQL at ``--pg`` (default the local trust server). The database is dropped on any exit
unless ``--keep`` (or ``--reuse``, which loads nothing and so drops nothing).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_data import organizations  # noqa: E402

from bench._harness import BenchError, Harness, main  # noqa: E402
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
    """Migrate the (new, empty) database ``db`` and fill it with ``count`` organizations."""
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
            if "FROM organizations" in statement or "AS walk" in statement:
                self.statements.append((statement, params))

        self.signer = IdentitySigner(SECRET.encode(), ttl_seconds=60)
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
        if response.status_code != 200:
            raise SystemExit(f"search {q!r}: {response.status_code} {response.text}")
        return elapsed, len(response.json()["items"])

    async def traced(self, q: str) -> tuple[float, int, list[tuple[str, tuple[Any, ...]]]]:
        """One search, with the statements it sent (the plan: walk, index, or walk + index)."""
        self.statements.clear()
        elapsed, n = await self.search(q)
        sent = [(s, asyncpg_params(p)) for s, p in self.statements if "pg_stats" not in s]
        return elapsed, n, sent


def plan_of(statements: list[tuple[str, tuple[Any, ...]]]) -> str:
    """``walk``, ``index`` or ``walk+index``, from the statements one search sent."""
    kinds = []
    for statement, _ in statements:
        if "AS walk" in statement:
            kinds.append("walk")
        elif "name_bigrams @>" in statement:
            kinds.append("index")
    return "+".join(kinds) or "?"


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


async def time_queries(
    conn: asyncpg.Connection, traces: list[list[tuple[str, tuple[Any, ...]]]]
) -> list[float]:
    """Milliseconds per search: every statement it sent, replayed over asyncpg."""
    times = []
    for statements in traces:
        t0 = time.perf_counter()
        for statement, params in statements:
            await conn.fetch(statement, *params)
        times.append((time.perf_counter() - t0) * 1000)
    return times


async def run(args: argparse.Namespace) -> list[str]:
    pg, db = args.pg, args.db
    if not args.reuse:
        await load(pg, db, args.count)
    url = f"{pg.replace('postgresql://', 'postgresql+asyncpg://')}/{db}"
    queries = sample_queries(args.count, args.queries)
    warmup = sample_queries(args.count, 10, seed=99)
    try:
        conn = await asyncpg.connect(f"{pg}/{db}")
    except asyncpg.InvalidCatalogNameError as exc:
        raise BenchError(f"no database {db} to --reuse: run once with --keep first") from exc
    total = await conn.fetchval("SELECT count(*) FROM organizations")
    print(f"organizations: {total:,}; {args.queries} queries per length; {args.runs} runs")
    plans: list[str] = []
    traces: dict[str, list[list[tuple[str, tuple[Any, ...]]]]] = {}
    try:
        async with ServiceProbe(url) as probe:
            for q in [q for qs in warmup.values() for q in qs]:  # pools, statement caches
                await probe.search(q)
            runs: dict[str, list[tuple[float, float]]] = {label: [] for label in queries}
            for run_no in range(args.runs):
                for label, qs in queries.items():
                    times, full, used = [], 0, Counter()
                    traces[label] = []
                    for q in qs:
                        elapsed, n, sent = await probe.traced(q)
                        times.append(elapsed)
                        full += n == 50
                        used[plan_of(sent)] += 1
                        traces[label].append(sent)
                    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
                    runs[label].append((p50, p95))
                    print(
                        f"run {run_no + 1} service q len {label:>2}: {summary(times)}  "
                        f"({full} of {len(qs)} full pages; plans {dict(used)})"
                    )
            for label, results in runs.items():
                p50s, p95s = sorted(r[0] for r in results), sorted(r[1] for r in results)
                print(
                    f"service  q len {label:>2}: median over {args.runs} runs: "
                    f"p50 {statistics.median(p50s):6.2f} ms  p95 {statistics.median(p95s):6.2f} ms"
                    f"  (p95 range {p95s[0]:.1f}-{p95s[-1]:.1f})"
                )

        for label, label_traces in traces.items():
            with_index = await time_queries(conn, label_traces)
            print(f"SQL      q len {label:>2}: {summary(with_index)}  (chosen plans, name index)")
            for kind in ("walk", "index", "walk+index"):
                sample = [t for t in label_traces if plan_of(t) == kind]
                if sample:
                    statements = sample[len(sample) // 2]
                    params = statements[-1][1]
                    plans.append(f"-- q length {label}, plan {kind}, parameters {params!r}")
                    for statement, params in statements:
                        plans.append(await explain(conn, statement, params))
        for label, label_traces in traces.items():
            subset = label_traces[: args.noindex_queries]
            tx = conn.transaction()
            await tx.start()
            try:
                await conn.execute(f"DROP INDEX {NAME_INDEX}")
                without = await time_queries(conn, subset)
                index_only = [t for t in subset if plan_of(t) == "index"]
                if index_only:
                    statements = index_only[len(index_only) // 2]
                    plans.append(f"-- q length {label}, index plan's statement, no name index")
                    plans.append(await explain(conn, *statements[-1]))
            finally:
                await tx.rollback()
            indexed = await time_queries(conn, subset)
            ratio = percentile(without, 0.5) / percentile(indexed, 0.5)
            print(
                f"SQL      q len {label:>2}: {summary(without)}  (no name index, "
                f"{len(subset)} queries; p50 ratio {ratio:.1f}x)"
            )
    finally:
        await conn.close()
    return plans


def run_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="wushe_bench_registry")
    parser.add_argument("--count", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--noindex-queries", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="use the database --keep left")
    parser.add_argument("--keep", action="store_true", help="do not drop the database after")
    parser.add_argument("--runs", type=int, default=3, help="service runs (medians reported)")
    parser.add_argument("--plans", help="write EXPLAIN plans to this file")
    parser.add_argument(
        "--smoke", action="store_true", help="2,000 rows, 10 queries per length, one run"
    )
    args = parser.parse_args()
    if args.smoke:
        args.count, args.queries, args.runs, args.noindex_queries = 2_000, 10, 1, 5
        # Its own database: a smoke run must not clobber one kept for --reuse.
        args.db, args.reuse, args.keep = f"wushe_bench_registry_smoke_{os.getpid()}", False, False
    with Harness("registry_search") as harness:
        if not args.reuse:
            harness.database(args.db, args.pg, keep=args.keep)
        plans = asyncio.run(run(args))
    if args.plans:
        Path(args.plans).write_text("\n\n".join(plans) + "\n", encoding="utf-8")
        print(f"plans written to {args.plans}")
    elif args.smoke:
        print(f"{len(plans)} EXPLAIN plans taken (--plans FILE writes them)")
    else:
        print("\n\n".join(plans))


if __name__ == "__main__":
    main(run_bench)
