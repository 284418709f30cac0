"""Candidates for one need among 300,000 open offers: ``GET /v1/needs/{id}/candidates`` p50/p95.

Synthetic, seeded data on PostgreSQL, loaded with COPY into a fresh database migrated by the real
migrations (which also load the shipped 3,348 provinces, cities and counties): ``--orgs``
organizations (70 % in five eastern provinces, 30 % in five western ones), ``--offers`` open
offers of eight resource kinds over ``--domains`` domains (a few common, many rare: Zipf), each
serving one or two regions (its own county, a western county, a city or a whole province), with
windows around today; five east-to-west province collaborations (浙江→贵州 ...), so a western
need is also reached by every eastern offer of its kind and domain from its supporting province;
``--needs`` open needs in western villages. Then ``--requests`` requests for random needs through
the Matching app in-process (signed identity, real routing, serialization; no gateway, no
sockets), after a warm-up; latency per request, and how many offers the SQL pre-filter let
through to the scorer.

    .venv/bin/python bench/matching_candidates.py                   # 300,000 offers
    .venv/bin/python bench/matching_candidates.py --offers 100000
    .venv/bin/python bench/matching_candidates.py --smoke           # tiny, a few seconds

Needs the local PostgreSQL (``postgresql://postgres@127.0.0.1:5432``, trust); the database is
dropped on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
import httpx

from bench._harness import PG, Harness, main
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
from services.common.migrate import upgrade
from services.registry.data import iter_regions

SECRET = "bench-internal-secret-0123456789"
EAST = ["330000", "320000", "310000", "440000", "370000"]
WEST = ["520000", "510000", "530000", "620000", "500000"]
KINDS = ["talent", "team", "technique", "funds", "goods", "volunteers", "venue", "jobs"]


def _tree() -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    """Counties and cities by province, and each code's parent."""
    counties: dict[str, list[str]] = {}
    cities: dict[str, list[str]] = {}
    parent: dict[str, str] = {}
    for code, _name, level, parent_code in iter_regions():
        if parent_code:
            parent[code] = parent_code
        province = code[:2] + "0000"
        if level == "county":
            counties.setdefault(province, []).append(code)
        elif level == "city":
            cities.setdefault(province, []).append(code)
    return counties, cities, parent


def _domains(n: int) -> tuple[list[str], list[float]]:
    names = [f"domain_{i:02d}" for i in range(n)]
    weights = [1 / (i + 1) for i in range(n)]
    return names, weights


async def load(url: str, args: argparse.Namespace) -> tuple[list[uuid.UUID], dict[str, Any]]:
    """Fill the database; the ids of the needs."""
    rng = random.Random(args.seed)
    counties, cities, _ = _tree()
    names, weights = _domains(args.domains)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        orgs = []
        for _ in range(args.orgs):
            province = rng.choice(EAST) if rng.random() < 0.7 else rng.choice(WEST)
            orgs.append(
                (
                    uuid.uuid4(),
                    "组织",
                    "active",
                    "normal",
                    rng.choice([None, None, 3, 4, 5]),
                    None,
                    rng.choice([None, 3.5, 4.2, 4.8]),
                    rng.randint(0, 40),
                    rng.choice(counties[province]),
                    None,
                    [],
                    [],
                    None,
                    None,
                    0,
                )
            )
        await conn.copy_records_to_table(
            "registry_organizations",
            records=orgs,
            columns=[
                "id",
                "name",
                "status",
                "credit_status",
                "grade",
                "grade_expires_on",
                "rating_average",
                "rating_count",
                "region_code",
                "community_id",
                "domains",
                "roles",
                "contact_name",
                "contact_phone",
                "position",
            ],
        )
        collaborations = [
            (uuid.uuid4(), "east_west", e, w, today - dt.timedelta(days=400), None, 0)
            for e, w in zip(EAST, WEST, strict=True)
        ]
        await conn.copy_records_to_table(
            "registry_collaborations",
            records=collaborations,
            columns=[
                "id",
                "kind",
                "supporting_region_code",
                "receiving_region_code",
                "start_date",
                "end_date",
                "position",
            ],
        )
        offers, reach = [], []
        for _ in range(args.offers):
            org = rng.choice(orgs)
            home = org[8]
            home_province = home[:2] + "0000"
            serves: set[str] = set()
            for _ in range(rng.choice([1, 1, 2])):
                roll = rng.random()
                if roll < 0.45:
                    serves.add(home)
                elif roll < 0.75:
                    serves.add(rng.choice(counties[rng.choice(WEST)]))
                elif roll < 0.92:
                    serves.add(rng.choice(cities[rng.choice([home_province, *WEST])]))
                else:
                    serves.add(rng.choice([home_province, rng.choice(WEST)]))
            domains = sorted(set(rng.choices(names, weights, k=rng.choice([1, 2, 3]))))
            kind = rng.choice(KINDS)
            capacity = rng.randint(1, 5)
            start = today + dt.timedelta(days=rng.randint(-90, 90))
            oid = uuid.uuid4()
            offers.append(
                (
                    oid,
                    "organization",
                    org[0],
                    home,
                    "资源",
                    None,
                    domains,
                    kind,
                    capacity,
                    capacity,
                    sorted(serves),
                    start,
                    start + dt.timedelta(days=rng.randint(30, 365)),
                    "open",
                    uuid.uuid4() if kind == "funds" else None,
                    "bench",
                    now,
                    now,
                    1,
                )
            )
            reach += [(oid, d, code, kind, home) for d in domains for code in serves]
        await conn.copy_records_to_table(
            "offers",
            records=offers,
            columns=[
                "id",
                "provider_kind",
                "provider_id",
                "provider_region_code",
                "title",
                "description",
                "domains",
                "resource_kind",
                "capacity",
                "remaining",
                "service_region_codes",
                "window_start",
                "window_end",
                "status",
                "fund_id",
                "created_by",
                "created_at",
                "updated_at",
                "version",
            ],
        )
        await conn.copy_records_to_table(
            "offer_reach",
            records=reach,
            columns=["offer_id", "domain", "region_code", "resource_kind", "provider_region_code"],
        )
        communities, needs = [], []
        for i in range(args.needs):
            county = rng.choice(counties[rng.choice(WEST)])
            cid = uuid.uuid4()
            communities.append((cid, f"村{i}", "village", county, 0))
            start = today + dt.timedelta(days=rng.randint(0, 60))
            needs.append(
                (
                    uuid.uuid4(),
                    cid,
                    county,
                    "需求",
                    None,
                    "minor",
                    rng.choices(names, weights)[0],
                    rng.choice(KINDS),
                    rng.randint(1, 5),
                    0,
                    [],
                    start,
                    start + dt.timedelta(days=rng.randint(30, 180)),
                    "normal",
                    "open",
                    None,
                    "bench",
                    now,
                    now,
                    1,
                )
            )
        await conn.copy_records_to_table(
            "registry_communities",
            records=communities,
            columns=["id", "name", "kind", "region_code", "position"],
        )
        await conn.copy_records_to_table(
            "needs",
            records=needs,
            columns=[
                "id",
                "community_id",
                "region_code",
                "title",
                "description",
                "triage",
                "domain",
                "resource_kind",
                "quantity",
                "beneficiary_count",
                "beneficiary_groups",
                "window_start",
                "window_end",
                "urgency",
                "status",
                "advice",
                "created_by",
                "created_at",
                "updated_at",
                "version",
            ],
        )
        await conn.execute("ANALYZE")
        sizes = {"offers": len(offers), "reach_rows": len(reach), "organizations": len(orgs)}
        return [n[0] for n in needs], sizes
    finally:
        await conn.close()


async def measure(url: str, need_ids: list[uuid.UUID], args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, then time ``--requests`` candidate requests for random needs."""
    from services.matching.app import create_app
    from services.matching.settings import MatchingSettings

    settings = MatchingSettings(
        database_url=url, internal_secret=SECRET, follow_registry=False, log_level="WARNING"
    )
    app = create_app(settings, configure_logs=False)
    signer = IdentitySigner(SECRET.encode())
    caller = Identity(sub="bench", kind="user", role="operator", scopes=frozenset(ALL_SCOPES))
    rng = random.Random(args.seed + 1)
    latencies: list[float] = []
    found: list[int] = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client,
    ):
        for i in range(args.warmup + args.requests):
            need = rng.choice(need_ids)
            headers = {"x-wushe-identity": signer.sign(caller)}
            started = time.perf_counter()
            response = await client.get(
                f"/v1/needs/{need}/candidates", params={"limit": 20}, headers=headers
            )
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{response.status_code}: {response.text}")
            if i >= args.warmup:
                latencies.append(elapsed)
                found.append(len(response.json()["items"]))
        # The floor under the same load: one read of the need itself (one query, same app).
        floor: list[float] = []
        for _ in range(args.requests // 2):
            headers = {"x-wushe-identity": signer.sign(caller)}
            started = time.perf_counter()
            response = await client.get(f"/v1/needs/{rng.choice(need_ids)}", headers=headers)
            floor.append((time.perf_counter() - started) * 1000)
        scored = await _prefilter_sizes(app, need_ids[: min(50, len(need_ids))])
    latencies.sort()
    floor.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "requests": len(latencies),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1], 2),
        "mean_items": round(statistics.mean(found), 1),
        "get_need_p50_ms": round(floor[len(floor) // 2], 2),
        "get_need_p95_ms": round(floor[min(len(floor) - 1, int(0.95 * len(floor)))], 2),
        "prefilter_rows_mean": round(statistics.mean(scored), 1) if scored else 0,
        "prefilter_rows_max": max(scored) if scored else 0,
    }


async def _prefilter_sizes(app: Any, need_ids: list[uuid.UUID]) -> list[int]:
    """How many offers pass the SQL pre-filter (and are scored in SQL), for some needs."""
    import datetime as dt

    import sqlalchemy as sa

    from services.matching.db.models import Need
    from services.matching.domain import candidates, readmodel

    sizes = []
    today = dt.date.today()
    async with app.state.database.read_sessionmaker() as session:
        for need_id in need_ids:
            need = await session.get(Need, need_id)
            path = await readmodel.region_path(session, need.region_code) or (need.region_code,)
            _, prefixes = await candidates._collaborations(session, today, path)
            pairings = await readmodel.pairings_in_force(
                session, today, community_ids=[need.community_id]
            )
            query = candidates._Query(need, path, prefixes, pairings, today)
            counted = sa.select(sa.func.count()).select_from(query.statement().subquery())
            sizes.append(int(await session.scalar(counted) or 0))
    return sizes


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=300_000)
    parser.add_argument("--orgs", type=int, default=30_000)
    parser.add_argument("--needs", type=int, default=2_000)
    parser.add_argument("--domains", type=int, default=30)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.offers, args.orgs, args.needs, args.requests, args.warmup = 2000, 300, 50, 30, 5
    with Harness("matching_candidates") as harness:
        name = f"wushe_bench_candidates_{os.getpid()}"
        url = harness.database(name, PG).replace("postgresql://", "postgresql+asyncpg://")
        asyncio.run(upgrade("matching", url))
        started = time.perf_counter()
        need_ids, sizes = asyncio.run(load(url, args))
        load_s = round(time.perf_counter() - started, 1)
        figures = asyncio.run(measure(url, need_ids, args))
    load_avg = os.getloadavg()
    result = {
        **sizes,
        "needs": len(need_ids),
        "load_s": load_s,
        **figures,
        "loadavg": [round(x, 2) for x in load_avg],
    }
    print(
        f"{sizes['offers']:,} open offers ({sizes['reach_rows']:,} reach rows): "
        f"candidates p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"p99 {figures['p99_ms']} ms over {figures['requests']} requests; "
        f"pre-filter passes {figures['prefilter_rows_mean']} offers on average "
        f"(max {figures['prefilter_rows_max']}); GET /v1/needs/{{id}} under the same load: "
        f"p50 {figures['get_need_p50_ms']} ms, p95 {figures['get_need_p95_ms']} ms; "
        f"load average {load_avg[0]:.2f}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    main(run)
