"""Outbox throughput, end to end: messages/s from a sender's outbox to a receiving service.

Two real processes on fresh PostgreSQL databases (``tests/system/outbox_apps.py`` under uvicorn,
one process each): a sender whose kernel relay delivers, and a receiver whose endpoint declares
``Idempotent`` and writes one row per message (identity check, idempotency key row, effect row,
commit: what any receiving endpoint pays at least). One request to the sender owes ``--messages``
messages in one transaction; the clock starts when it has committed and stops when the sender's
outbox has nothing pending. By default the receiver takes ``POST /t/effects`` in batches through
its kernel inbox (``services.common.inbox``; ``WUSHE_TEST_BATCH=1``) and the kernel's relay sends
up to 200 messages per request, 500 per round, 8 requests in flight; ``--single`` takes that
away, so the relay sends one request per message (``Idempotency-Key``).

Also reported, to say where the time goes: CPU seconds per message of the sender, the receiver
and the PostgreSQL backends serving this benchmark's two databases (``/proc/<pid>/stat``, which
other load on the machine does not move), and the receiver alone under the same load with the
relay out of the way (``--receiver-alone``: this process posts the same single requests over
httpx with a pool like the ServiceClient's, 50 connections, and ``--in-flight`` requests at once).

    .venv/bin/python bench/outbox_throughput.py                      # 5,000 messages, batched
    .venv/bin/python bench/outbox_throughput.py --messages 2000 --single     # one request each
    .venv/bin/python bench/outbox_throughput.py --messages 2000 --analyze  # planner statistics
    .venv/bin/python bench/outbox_throughput.py --messages 20000 --keys 1000
    .venv/bin/python bench/outbox_throughput.py --smoke              # 300 messages

PostgreSQL at ``--pg`` (default the local trust server); the databases are dropped on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._harness import (  # noqa: E402
    PG,
    BenchError,
    Harness,
    Process,
    cpu_seconds,
    free_block,
    main,
    python,
)
from services.common.identity import Identity, IdentitySigner  # noqa: E402
from services.common.migrate import upgrade  # noqa: E402
from tests.system.outbox_apps import (  # noqa: E402
    RECEIVER_TABLES,
    SENDER_TABLES,
    create_test_tables,
)

SECRET = "bench-secret-0123456789abcdef"


SIGNER = IdentitySigner(SECRET.encode())
OPERATOR = Identity(sub="bench", kind="user", role="operator", scopes=frozenset({"admin"}))


def headers() -> dict[str, str]:
    """A signed identity (reused for a quarter of its 60 s life)."""
    return {"x-wushe-identity": SIGNER.sign_cached(OPERATOR)}


async def backend_pids(pg: str, databases: list[str]) -> dict[int, float]:
    """PostgreSQL backends serving ``databases`` and their CPU seconds so far."""
    conn = await asyncpg.connect(f"{pg}/postgres")
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])", databases
        )
    finally:
        await conn.close()
    found = {}
    for row in rows:
        try:
            found[row["pid"]] = cpu_seconds(row["pid"])
        except OSError:  # gone meanwhile
            continue
    return found


async def pending(conn: asyncpg.Connection) -> bool:
    # EXISTS, not count(*): polling must not cost PostgreSQL a scan of the backlog.
    return bool(
        await conn.fetchval("SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending')")
    )


async def through_relay(
    pg: str,
    names: dict[str, str],
    sender: Process,
    receiver: Process,
    url: str,
    args: argparse.Namespace,
) -> None:
    tag = f"b{uuid.uuid4().hex[:10]}"
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        written = time.perf_counter()
        placed = await client.post(
            "/t/orders",
            json={"tag": tag, "count": args.messages, "keys": args.keys},
            headers=headers(),
        )
    if placed.status_code != 201:
        raise BenchError(f"the sender refused the order: {placed.status_code} {placed.text}")
    # From the commit on (the relay is nudged when the answer has gone).
    started = time.perf_counter()
    pg_before = await backend_pids(pg, list(names.values()))
    cpu_before = {p.name: cpu_seconds(p.pid) for p in (sender, receiver)}
    deadline = started + 600
    watch = await asyncpg.connect(f"{pg}/{names['sender']}")
    try:
        if args.analyze:  # statistics for the burst, as autovacuum gives them within a minute
            await watch.execute("ANALYZE outbox")
        while await pending(watch):
            sender.check()
            receiver.check()
            if time.perf_counter() > deadline:
                raise BenchError("messages still pending after 600 s")
            await asyncio.sleep(0.05)
    finally:
        await watch.close()
    elapsed = time.perf_counter() - started
    cpu = {p.name: cpu_seconds(p.pid) - cpu_before[p.name] for p in (sender, receiver)}
    pg_after = await backend_pids(pg, list(names.values()))
    cpu["postgres"] = sum(after - pg_before.get(pid, 0.0) for pid, after in pg_after.items())
    n = args.messages
    print(
        f"relay {'one by one' if args.single else 'batched'}, end to end"
        f"{' (outbox analyzed)' if args.analyze else ''}: {n} messages in "
        f"{elapsed:.2f} s = {n / elapsed:,.0f} messages/s (writing them: {started - written:.2f} s)"
    )
    print(
        "  CPU per message: "
        + ", ".join(f"{name} {1e6 * seconds / n:,.0f} µs" for name, seconds in cpu.items())
    )


async def receiver_only(
    pg: str, names: dict[str, str], receiver: Process, url: str, args: argparse.Namespace
) -> None:
    """The receiver under the relay's load shape (``--in-flight``), without the relay."""
    tag = f"r{uuid.uuid4().hex[:10]}"
    n = args.messages
    pg_before = await backend_pids(pg, [names["receiver"]])
    before, own = cpu_seconds(receiver.pid), time.process_time()
    sent = 0
    retried = [0]
    # The relay's shape: a ServiceClient pool of 50 connections, ``batch`` requests at once.
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=20)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal sent
            while sent < n:
                i = sent
                sent += 1
                body = {"tag": tag, "key": f"{tag}:{i}", "n": i}
                key = str(uuid.uuid4())
                for attempt in range(5):
                    # The same key again is safe, as in the relay: a keep-alive connection the
                    # server closed as it was reused, or a 5xx (PostgreSQL out of connections).
                    try:
                        response = await client.post(
                            "/t/effects",
                            json=body,
                            headers={**headers(), "Idempotency-Key": key},
                        )
                    except (httpx.ReadError, httpx.RemoteProtocolError):
                        response = None
                    if response is not None and response.status_code < 500:
                        break
                    retried[0] += 1
                    await asyncio.sleep(0.1 * 2**attempt)
                if response is None or response.status_code != 201:
                    raise BenchError(f"receiver: {response and response.text}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(args.in_flight)))
        elapsed = time.perf_counter() - started
    cpu, client_cpu = cpu_seconds(receiver.pid) - before, time.process_time() - own
    pg_after = await backend_pids(pg, [names["receiver"]])
    pg_cpu = sum(after - pg_before.get(pid, 0.0) for pid, after in pg_after.items())
    print(
        f"receiver alone, {args.in_flight} in flight: {n} requests in {elapsed:.2f} s = "
        f"{n / elapsed:,.0f} requests/s; "
        f"CPU per request: receiver {1e6 * cpu / n:,.0f} µs, "
        f"postgres {1e6 * pg_cpu / n:,.0f} µs, "
        f"this process's httpx client {1e6 * client_cpu / n:,.0f} µs ({retried[0]} retried)"
    )


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=0, help="ordering keys (default: one each)")
    parser.add_argument(
        "--single", action="store_true", help="no batch handler: one request per message"
    )
    parser.add_argument(
        "--receiver-alone", action="store_true", help="also: the receiver without the relay"
    )
    parser.add_argument(
        "--in-flight", type=int, default=100, help="receiver alone: requests at once (relay: 100)"
    )
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="ANALYZE the outbox once the messages are written (the relay's claim query is "
        "looks at a window of the backlog whatever the statistics; this shows it does not matter)",
    )
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--smoke", action="store_true", help="300 messages")
    args = parser.parse_args()
    if args.smoke:
        args.messages = 300
    args.keys = args.keys or args.messages
    with Harness("outbox_throughput") as harness:
        tag = f"{'smoke_' if args.smoke else ''}{os.getpid()}"
        names = {side: f"wushe_bench_outbox_{tag}_{side}" for side in ("sender", "receiver")}
        urls = {
            side: harness.database(name, args.pg).replace("postgresql://", "postgresql+asyncpg://")
            for side, name in names.items()
        }
        asyncio.run(upgrade("registry", urls["sender"]))
        asyncio.run(upgrade("funds", urls["receiver"]))
        asyncio.run(create_test_tables(urls["sender"], SENDER_TABLES))
        asyncio.run(create_test_tables(urls["receiver"], RECEIVER_TABLES))
        port = free_block(2)
        base = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        base.update({"WUSHE_INTERNAL_SECRET": SECRET, "WUSHE_LOG_LEVEL": "WARNING"})
        receiver_url, sender_url = f"http://127.0.0.1:{port + 1}", f"http://127.0.0.1:{port}"

        def uvicorn(factory: str, listen: int) -> list[str]:
            return python(
                "-m",
                "uvicorn",
                f"tests.system.outbox_apps:{factory}",
                "--factory",
                "--port",
                str(listen),
                "--log-level",
                "warning",
                "--no-access-log",
            )

        receiver = harness.start(
            "receiver",
            uvicorn("receiver_app", port + 1),
            {
                **base,
                "WUSHE_DATABASE_URL": urls["receiver"],
                "WUSHE_TEST_BATCH": "0" if args.single else "1",
            },
        )
        sender = harness.start(
            "sender",
            uvicorn("sender_app", port),
            {**base, "WUSHE_DATABASE_URL": urls["sender"], "WUSHE_FUNDS_URL": receiver_url},
        )
        for proc, url in ((receiver, receiver_url), (sender, sender_url)):
            harness.wait_http(proc, f"{url}/readyz")
        asyncio.run(through_relay(args.pg, names, sender, receiver, sender_url, args))
        if args.receiver_alone:
            asyncio.run(receiver_only(args.pg, names, receiver, receiver_url, args))


if __name__ == "__main__":
    main(run)
