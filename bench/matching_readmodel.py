"""Read-model lag: after a burst of ``--changes`` Registry changes, how long until Matching's
follower has applied them all.

The Registry and Matching apps run in this process on their own PostgreSQL databases (migrated by
the real migrations), Matching's follower reading ``/v1/events/registry`` through an in-process
transport (real HTTP semantics, signed identities, no sockets), exactly as in production but for
the network. The burst is the Registry's roster import (``POST /v1/organizations/import``,
synthetic organizations from ``bench/registry_data.py``) in ``--batches`` files: one
``organization.created`` event per row, committed batch by batch. Figures:

- ``burst_s``: from the first import request to the last one's answer;
- ``lag_after_burst_s``: from the burst's end until the follower's checkpoint reaches the feed's
  head: the figure the issue asks for (how stale Matching can be after a burst);
- ``total_s`` and ``applied_per_s``: from the burst's start until everything is applied.

The follower and the Registry share the process and the two cores, so the import slows the
follower down and the other way round, as two services on one small machine would.

    .venv/bin/python bench/matching_readmodel.py                  # 10,000 changes
    .venv/bin/python bench/matching_readmodel.py --changes 2000 --batches 1
    .venv/bin/python bench/matching_readmodel.py --smoke          # 300 changes, a few seconds

Needs the local PostgreSQL (``postgresql://postgres@127.0.0.1:5432``, trust); the databases are
dropped on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench._harness import PG, BenchError, Harness, main  # noqa: E402
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner  # noqa: E402
from services.common.migrate import upgrade  # noqa: E402

SECRET = "bench-internal-secret-0123456789"


async def measure(registry_url: str, matching_url: str, args: argparse.Namespace) -> dict[str, Any]:
    from registry_data import organizations

    from services.matching.app import create_app as create_matching
    from services.matching.db.models import RegistryOrganization
    from services.matching.settings import MatchingSettings
    from services.registry.app import create_app as create_registry
    from services.registry.domain.roster import write_roster_xlsx
    from services.registry.settings import RegistrySettings

    await upgrade("registry", registry_url)
    await upgrade("matching", matching_url)
    common = {
        "internal_secret": SECRET,
        "log_level": "WARNING",
        "registry_url": "http://registry",
        "funds_url": "http://funds",
    }
    registry = create_registry(
        RegistrySettings(registry_database_url=registry_url, import_deadline_seconds=600, **common),
        configure_logs=False,
    )
    transport = httpx.ASGITransport(app=registry)
    matching = create_matching(
        MatchingSettings(
            matching_database_url=matching_url, follower_wait_seconds=args.wait, **common
        ),
        transports={"registry": transport},
        configure_logs=False,
    )
    per_batch = args.changes // args.batches
    rows = list(organizations(per_batch * args.batches, seed=args.seed))
    files = [
        write_roster_xlsx(rows[i * per_batch : (i + 1) * per_batch]) for i in range(args.batches)
    ]
    signer = IdentitySigner(SECRET.encode())
    who = Identity(sub="bench", kind="user", role="officer", scopes=frozenset(ALL_SCOPES))
    kernel = registry.state.kernel_tables
    async with (
        registry.router.lifespan_context(registry),
        matching.router.lifespan_context(matching),
        httpx.AsyncClient(transport=transport, base_url="http://registry", timeout=900) as client,
    ):
        # The follower is at the (empty) head before the burst.
        deadline = time.monotonic() + 30
        while not matching.state.followers or matching.state.followers[0].state != "following":
            if time.monotonic() > deadline:
                raise BenchError(f"the follower never reached the head: {matching.state.followers}")
            await asyncio.sleep(0.05)
        (follower,) = matching.state.followers
        started = time.perf_counter()
        created = 0
        for content in files:
            response = await client.post(
                "/v1/organizations/import",
                files={"file": ("roster.xlsx", content, "application/octet-stream")},
                headers={"x-wushe-identity": signer.sign(who)},
            )
            if response.status_code != 200:
                raise BenchError(f"import: {response.status_code} {response.text[:500]}")
            created += int(response.json()["created"])
        burst_end = time.perf_counter()
        async with registry.state.database.engine.connect() as conn:
            head = int(await conn.scalar(sa.select(sa.func.max(kernel.events.c.position))) or 0)
        max_lag = 0.0
        deadline = time.monotonic() + 600
        while (follower.position or 0) < head:
            max_lag = max(max_lag, follower.lag_seconds)
            if time.monotonic() > deadline:
                raise BenchError(f"not applied after 600 s: {follower.status()} < {head}")
            await asyncio.sleep(0.01)
        done = time.perf_counter()
        async with matching.state.database.engine.connect() as conn:
            kept = int(
                await conn.scalar(sa.select(sa.func.count()).select_from(RegistryOrganization)) or 0
            )
    if kept != created:
        raise BenchError(
            f"the read model holds {kept} organizations, the Registry created {created}"
        )
    return {
        "changes": created,
        "events_head": head,
        "batches": args.batches,
        "burst_s": round(burst_end - started, 2),
        "lag_after_burst_s": round(done - burst_end, 3),
        "total_s": round(done - started, 2),
        "applied_per_s": round(created / (done - started)),
        "max_lag_seconds_reported": round(max_lag, 2),
    }


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--wait", type=float, default=25.0, help="the follower's long poll")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="300 changes, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.changes, args.batches = 300, 2
    with Harness("matching_readmodel") as harness:
        pid = os.getpid()
        asyncpg_pg = PG.replace("postgresql://", "postgresql+asyncpg://")
        harness.database(f"wushe_bench_rm_registry_{pid}", PG)
        harness.database(f"wushe_bench_rm_matching_{pid}", PG)
        figures = asyncio.run(
            measure(
                f"{asyncpg_pg}/wushe_bench_rm_registry_{pid}",
                f"{asyncpg_pg}/wushe_bench_rm_matching_{pid}",
                args,
            )
        )
    load = os.getloadavg()
    print(
        f"{figures['changes']:,} Registry changes in {figures['batches']} imports "
        f"({figures['burst_s']} s): applied by Matching {figures['lag_after_burst_s']} s after "
        f"the burst ended ({figures['total_s']} s from its start, "
        f"{figures['applied_per_s']:,}/s); load average {load[0]:.2f}"
    )
    print(json.dumps({**figures, "loadavg": [round(x, 2) for x in load]}))
    return 0


if __name__ == "__main__":
    main(run)
