"""Change feed latency: from a commit to a long-polling follower, p50 / p95.

Starts the real Registry (``wushe serve registry``) on fresh PostgreSQL databases, waits for its
``/readyz``, and runs a :class:`services.common.follower.Follower` in this process (checkpoint in
a Matching-schema database, as Matching will keep it) that long-polls the Registry's feed over
HTTP. Then, one write at a time with a random pause of ``--gap`` ms on average in between, so
that each write finds the follower waiting:

* **through the Registry**: ``POST /v1/communities`` (a real write; the commit wakes the long
  polls of the same process at once). Latency = the follower applying the event − the event's
  ``occurred_at`` (stamped in the request just before the commit, so it includes the rest of
  the request's transaction: an upper bound on commit → follower);
* **another process commits**: this process emits an event and commits on the Registry's
  database directly, as a second replica of the Registry would; the Registry's long polls only
  notice it by polling (``services.common.event_api.POLL_SECONDS``). Latency = the follower
  applying it − the moment ``COMMIT`` returned here.

Both clocks are this machine's. Prints p50 / p95 / max per mode.

    .venv/bin/python bench/feed_latency.py                 # 300 events per mode
    .venv/bin/python bench/feed_latency.py --events 1000 --gap 20
    .venv/bin/python bench/feed_latency.py --smoke         # 20 events per mode: does it still work

PostgreSQL at ``--pg`` (default the local trust server); the databases are dropped on exit.
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
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._harness import PG, BenchError, Harness, free_block, main, python  # noqa: E402
from services.common.db import Database  # noqa: E402
from services.common.events import FeedSignal, emit, install_feed  # noqa: E402
from services.common.follower import FOLLOWING, Follower  # noqa: E402
from services.common.http import ServiceClient  # noqa: E402
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner  # noqa: E402
from services.common.migrate import upgrade  # noqa: E402
from services.matching.db.models import KERNEL as MATCHING_KERNEL  # noqa: E402
from services.registry.db.models import KERNEL as REGISTRY_KERNEL  # noqa: E402

SECRET = "bench-secret-0123456789abcdef"
TICK = "bench.tick"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name:<28} n={len(values):4d}  p50 {percentile(values, 0.5):7.1f} ms  "
        f"p95 {percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms  "
        f"mean {statistics.fmean(values):7.1f} ms"
    )


async def measure(registry_url: str, urls: dict[str, str], events: int, gap_ms: float) -> None:
    signer = IdentitySigner(SECRET.encode())
    operator = Identity(sub="bench", kind="user", role="operator", scopes=frozenset(ALL_SCOPES))
    seen: dict[str, float] = {}  # event id -> wall clock when applied
    occurred: dict[str, float] = {}
    subjects: dict[str, str] = {}  # subject id -> event id

    async def apply(_session: Any, event: dict[str, Any]) -> None:
        seen[event["id"]] = time.time()
        occurred[event["id"]] = dt.datetime.fromisoformat(event["occurred_at"]).timestamp()
        subjects[event["subject"]["id"]] = event["id"]

    matching = Database(urls["matching"])
    registry_db = Database(urls["registry"])
    install_feed(registry_db.session_class, REGISTRY_KERNEL, FeedSignal())
    client = ServiceClient(registry_url, caller="matching", signer=signer, timeout=40)
    follower = Follower(
        "bench",
        client,
        "registry",
        matching,
        MATCHING_KERNEL,
        apply,
        types=("community.created", TICK),
        wait=25,
    )
    task = asyncio.create_task(follower.run())
    try:
        deadline = time.monotonic() + 30
        while follower.state != FOLLOWING:
            if time.monotonic() > deadline:
                raise BenchError(f"the follower never caught up: {follower.status()}")
            await asyncio.sleep(0.05)

        async def settle(event_id: str) -> None:
            limit = time.monotonic() + 10
            while event_id not in seen:
                if time.monotonic() > limit or task.done():
                    raise BenchError(f"event {event_id} never reached the follower")
                await asyncio.sleep(0.001)

        through: list[float] = []
        headers = {"x-wushe-identity": signer.sign(operator)}
        async with httpx.AsyncClient(base_url=registry_url, timeout=10) as http:
            for i in range(events):
                await asyncio.sleep(random.uniform(0.5, 1.5) * gap_ms / 1000)
                if i % 50 == 0:  # identities live 60 s
                    headers = {"x-wushe-identity": signer.sign(operator)}
                body = {
                    "name": f"基准社区{uuid.uuid4().hex[:8]}",
                    "kind": "community",
                    "region_code": "330203",
                }
                response = await http.post("/v1/communities", json=body, headers=headers)
                if response.status_code != 201:
                    raise BenchError(f"community not created: {response.text}")
                community = response.json()["id"]
                limit = time.monotonic() + 10
                while community not in subjects:
                    if time.monotonic() > limit or task.done():
                        raise BenchError(f"the event of {community} never reached the follower")
                    await asyncio.sleep(0.001)
                event_id = subjects[community]
                through.append((seen[event_id] - occurred[event_id]) * 1000)

        direct: list[float] = []
        for _ in range(events):
            await asyncio.sleep(random.uniform(0.5, 1.5) * gap_ms / 1000)
            async with registry_db.sessionmaker() as session:
                pending = emit(session, TICK, subject_kind="bench", subject_id=0, data={})
                await session.commit()
                committed = time.time()
            await settle(str(pending.id))
            direct.append((seen[str(pending.id)] - committed) * 1000)

        print(f"follower: {follower.status()}")
        print(summary("through the Registry", through))
        print(summary("another process commits", direct))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
        await matching.dispose()
        await registry_db.dispose()


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300, help="events per mode")
    parser.add_argument("--gap", type=float, default=30.0, help="mean pause between writes, ms")
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--smoke", action="store_true", help="20 events per mode")
    args = parser.parse_args()
    if args.smoke:
        args.events = 20
    with Harness("feed_latency") as harness:
        tag = f"{'smoke_' if args.smoke else ''}{os.getpid()}"
        urls = {
            name: harness.database(f"wushe_bench_feed_{tag}_{name}", args.pg).replace(
                "postgresql://", "postgresql+asyncpg://"
            )
            for name in ("registry", "matching")
        }
        for name, url in urls.items():
            asyncio.run(upgrade(name, url))
        port = free_block(1)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        env.update(
            {
                "WUSHE_REGISTRY_DATABASE_URL": urls["registry"],
                "WUSHE_INTERNAL_SECRET": SECRET,
                "WUSHE_LOG_LEVEL": "WARNING",
            }
        )
        registry = harness.start(
            "registry", python("-m", "wushe.cli", "serve", "registry", "--port", str(port)), env
        )
        url = f"http://127.0.0.1:{port}"
        harness.wait_http(registry, f"{url}/readyz")
        asyncio.run(measure(url, urls, args.events, args.gap))
        registry.check()


if __name__ == "__main__":
    main(run)
