"""Webhook fan-out: one event to N subscribers on loopback, time until every one has it.

Starts the whole system (``wushe up``) with ``WUSHE_WEBHOOK_ALLOW_PRIVATE=true`` (the receiver
is on loopback), subscribes N URLs of one receiver (``/hook/<i>``, each its own subscription
with its own secret) to ``community.created``, then creates one community per round and times,
from the ``POST`` returning to the last subscriber receiving the event, the whole path: the
Registry's commit, the gateway's feed reader (long poll), one delivery row per subscription,
and the deliveries (signed, sent concurrently). Prints p50 and the time until the last
subscriber, median over the rounds.

    .venv/bin/python bench/webhook_fanout.py                  # 200 subscribers, 5 rounds, SQLite
    .venv/bin/python bench/webhook_fanout.py --pg             # the services on PostgreSQL
    .venv/bin/python bench/webhook_fanout.py --smoke          # 20 subscribers, 1 round
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._harness import BenchError, Harness, free_block, main, python  # noqa: E402
from services.common.apps import APP_NAMES  # noqa: E402

PASSWORD = "bench-password-123"


class Receiver:
    """Records the first arrival time of each ``/hook/<i>``."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.expected = 0
        self.all_in = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        self.arrived.setdefault(scope["path"], time.perf_counter())
        if len(self.arrived) >= self.expected:
            self.all_in.set()
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def scenario(gw: str, subscribers: int, rounds: int) -> list[tuple[float, float]]:
    receiver = Receiver()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            receiver,
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="off",
            interface="asgi3",
            backlog=4096,
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.02)
    results = []
    try:
        async with httpx.AsyncClient(base_url=gw, timeout=30) as client:
            token = (
                await client.post(
                    "/v1/auth/token", json={"username": "admin", "password": PASSWORD}
                )
            ).json()["access_token"]
            admin = {"Authorization": f"Bearer {token}"}
            key = await client.post(
                "/v1/api-keys",
                json={
                    "name": "fan-out",
                    "scopes": ["registry:read"],
                    "rate_limit_per_minute": 10**5,
                },
                headers=admin,
            )
            if key.status_code != 201:
                raise BenchError(f"creating the API key: {key.status_code} {key.text}")
            for i in range(subscribers):
                made = await client.post(
                    "/v1/webhooks",
                    json={
                        "url": f"http://127.0.0.1:{port}/hook/{i}",
                        "event_types": ["community.created"],
                        "api_key_id": key.json()["id"],
                    },
                    headers=admin,
                )
                if made.status_code != 201:
                    raise BenchError(f"subscribing: {made.status_code} {made.text}")
            await asyncio.sleep(2.0)  # the gateway re-reads subscriptions once a second
            for _ in range(rounds):
                receiver.arrived.clear()
                receiver.all_in.clear()
                receiver.expected = subscribers
                body = {
                    "name": f"扇出测试社区{uuid.uuid4().hex[:8]}",
                    "kind": "community",
                    "region_code": "330203",
                }
                created = await client.post("/v1/communities", json=body, headers=admin)
                if created.status_code != 201:
                    raise BenchError(f"creating a community: {created.status_code}")
                sent = time.perf_counter()
                try:
                    await asyncio.wait_for(receiver.all_in.wait(), 60)
                except TimeoutError as exc:
                    raise BenchError(
                        f"only {len(receiver.arrived)} of {subscribers} subscribers got the event"
                    ) from exc
                times = sorted(t - sent for t in receiver.arrived.values())
                results.append((statistics.median(times), times[-1]))
                await asyncio.sleep(0.5)
    finally:
        server.should_exit = True
        await serving
    return results


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pg", action="store_true", help="the apps on PostgreSQL")
    parser.add_argument("--smoke", action="store_true", help="20 subscribers, 1 round")
    args = parser.parse_args()
    if args.smoke:
        args.subscribers, args.rounds = 20, 1
    with Harness("webhook_fanout") as harness:
        port = free_block(4)
        data = harness.tempdir("fanout-data")
        env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        env.update(
            {
                "WUSHE_ADMIN_PASSWORD": PASSWORD,
                "WUSHE_INTERNAL_SECRET": "bench-internal-secret-0123456789",
                "WUSHE_JWT_SECRET": "bench-jwt-secret-0123456789abcdef0123",
                "WUSHE_WEBHOOK_ALLOW_PRIVATE": "true",
                "WUSHE_LOG_LEVEL": "WARNING",
            }
        )
        if args.pg:
            for app in APP_NAMES:
                url = harness.database(f"wushe_bench_fanout_{app}")
                env[f"WUSHE_{app.upper()}_DATABASE_URL"] = url.replace(
                    "postgresql://", "postgresql+asyncpg://"
                )
        up = harness.start(
            "wushe-up",
            python("-m", "wushe.cli", "up", "--port", str(port), "--data-dir", str(data)),
            env=env,
        )
        gw = f"http://127.0.0.1:{port}"
        harness.wait_http(up, f"{gw}/readyz", timeout=90)
        results = asyncio.run(scenario(gw, args.subscribers, args.rounds))
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(f"webhook fan-out, {args.subscribers} subscribers, {backend}, {args.rounds} rounds")
    for i, (p50, last) in enumerate(results, 1):
        print(f"  round {i}: p50 {p50 * 1000:7.1f} ms   all {last * 1000:7.1f} ms")
    print(
        f"median over rounds: p50 {statistics.median(r[0] for r in results) * 1000:.1f} ms, "
        f"all subscribers {statistics.median(r[1] for r in results) * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    main(run)
