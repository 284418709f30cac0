"""Gateway overhead: the same authenticated read straight to a service and through the gateway.

Starts the real system with ``wushe up`` on free loopback ports, waits for its ``/readyz``, then
alternates wrk runs (direct, gateway) at each connection count, several rounds, and reports
medians and ratios.

    .venv/bin/python bench/gateway_bench.py [--path /v1/regions/330203] [--rounds 3] [--duration 10]
    .venv/bin/python bench/gateway_bench.py --smoke   # one round of 1 s runs: does it still work

Needs wrk (Debian package ``wrk``). Direct calls carry a freshly signed identity header per run
(identities live 60 s); gateway calls carry a bearer token (or ``--auth key`` for an API key).
``wushe up``'s output goes to a log file, shown (its end) if the system does not become ready.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._harness import (  # noqa: E402
    BenchError,
    Harness,
    cpu_seconds,
    free_block,
    main,
    python,
    require_wrk,
    wrk,
)
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner  # noqa: E402


def child_pids(parent: int) -> dict[str, int]:
    """The gateway and service processes ``wushe up`` started, by app name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"serve" in cmdline:
            found[cmdline[cmdline.index(b"serve") + 1].decode()] = int(entry.name)
    return found


def run() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/v1/regions/330203")
    parser.add_argument(
        "--service-port-offset", type=int, default=1, help="1 registry, 2 matching, 3 funds"
    )
    parser.add_argument("--connections", default="1,8,32")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--auth", choices=["token", "key"], default="token")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="postgresql",
        help="backend of the services (production runs PostgreSQL; fresh databases, dropped after)",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "gateway.json"))
    parser.add_argument(
        "--smoke", action="store_true", help="one round of 1 s runs; results not written"
    )
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.duration, args.connections = 1, 1, "4"
    require_wrk()

    with Harness("gateway_bench") as harness:
        data_dir = harness.tempdir("gateway-data")
        port = free_block()
        env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        env.update(
            {
                "WUSHE_ADMIN_PASSWORD": "bench-password-123",
                "WUSHE_INTERNAL_SECRET": "bench-internal-secret-0123456789",
                "WUSHE_JWT_SECRET": "bench-jwt-secret-0123456789abcdef0123",
            }
        )
        if args.database == "postgresql":
            import asyncio

            from tests.backends import SERVICES, DatabaseSet

            dbs = DatabaseSet("postgresql", data_dir)
            harness.cleanup("drop the services' databases", lambda: asyncio.run(dbs.drop()))
            try:
                asyncio.run(dbs.create())
            except OSError as exc:
                hint = "try --database sqlite"
                raise BenchError(f"PostgreSQL is not reachable ({exc}); {hint}") from exc
            for service in SERVICES:
                env[f"WUSHE_{service.upper()}_DATABASE_URL"] = dbs.url(service)
        up = harness.start(
            "wushe-up",
            python("-m", "wushe.cli", "up", "--port", str(port), "--data-dir", str(data_dir)),
            env,
        )
        gw = f"http://127.0.0.1:{port}"
        # wushe up waits for readiness itself (60 s); a little more here so that its own
        # message, not ours, says which service did not come up.
        harness.wait_http(up, f"{gw}/readyz", timeout=75)
        login = httpx.post(
            f"{gw}/v1/auth/token", json={"username": "admin", "password": "bench-password-123"}
        )
        if login.status_code != 200:
            raise up.failure(f"refused the bench login: {login.status_code} {login.text[:300]}")
        gw_headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        if args.auth == "key":
            created = httpx.post(
                f"{gw}/v1/api-keys",
                headers=gw_headers,
                json={
                    "name": "bench",
                    "scopes": list(ALL_SCOPES),
                    "rate_limit_per_minute": 100000000,
                },
            )
            if created.status_code != 201:
                raise up.failure(f"refused an API key: {created.status_code} {created.text[:300]}")
            gw_headers = {"X-API-Key": created.json()["key"]}
        direct = f"http://127.0.0.1:{port + args.service_port_offset}"
        signer = IdentitySigner(env["WUSHE_INTERNAL_SECRET"].encode())
        check = httpx.get(gw + args.path, headers=gw_headers)
        if check.status_code != 200:
            raise up.failure(f"GET {args.path}: {check.status_code} {check.text[:300]}")
        pids = child_pids(up.pid)
        results: dict[str, dict[str, list[dict[str, float]]]] = {}

        def measured(url: str, headers: dict[str, str], c: int) -> dict[str, float]:
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            run = wrk(url, headers, c, args.duration)
            up.check()
            for name, pid in pids.items():
                spent = cpu_seconds(pid) - before[name]
                run[f"cpu_us_{name}"] = spent / run["requests"] * 1e6
            return run

        for c in [int(x) for x in args.connections.split(",")]:
            results[str(c)] = {"direct": [], "gateway": []}
            for _ in range(args.rounds):
                identity = Identity(
                    sub="bench", kind="user", role="operator", scopes=frozenset(ALL_SCOPES)
                )
                direct_headers = {"x-wushe-identity": signer.sign(identity)}
                results[str(c)]["direct"].append(measured(direct + args.path, direct_headers, c))
                results[str(c)]["gateway"].append(measured(gw + args.path, gw_headers, c))
    summary = {}
    print(
        "| connections | direct req/s | gateway req/s | ratio "
        "| direct p50 / p99 ms | gateway p50 / p99 ms | added p50 ms "
        "| gateway CPU µs/req | service CPU µs/req (direct / via gateway) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    service = {1: "registry", 2: "matching", 3: "funds"}[args.service_port_offset]
    keys = ("rps", "p50_ms", "p99_ms", "cpu_us_gateway", f"cpu_us_{service}")
    for c, runs in results.items():
        med = {
            side: {k: statistics.median(r[k] for r in runs[side]) for k in keys} for side in runs
        }
        ratios = [g["rps"] / d["rps"] for d, g in zip(runs["direct"], runs["gateway"], strict=True)]
        summary[c] = {**med, "ratio_median": statistics.median(ratios)}
        d, g = med["direct"], med["gateway"]
        print(
            f"| {c} | {d['rps']:.0f} | {g['rps']:.0f} | {statistics.median(ratios):.0%} | "
            f"{d['p50_ms']:.2f} / {d['p99_ms']:.2f} | {g['p50_ms']:.2f} / {g['p99_ms']:.2f} | "
            f"{g['p50_ms'] - d['p50_ms']:.2f} | {g['cpu_us_gateway']:.0f} | "
            f"{d[f'cpu_us_{service}']:.0f} / {g[f'cpu_us_{service}']:.0f} |"
        )
    if not args.smoke:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps({"args": vars(args), "runs": results, "summary": summary}, indent=1)
        )
    return 0


if __name__ == "__main__":
    main(run)
