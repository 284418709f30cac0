"""Gateway overhead: the same authenticated read straight to a service and through the gateway.

Starts the real system with ``wushe up`` on free loopback ports, then alternates wrk runs
(direct, gateway) at each connection count, several rounds, and reports medians and ratios.

    .venv/bin/python bench/gateway_bench.py [--path /v1/regions/330203] [--rounds 3] [--duration 10]

Needs wrk (Debian package ``wrk``). Direct calls carry a freshly signed identity header per run
(identities live 60 s); gateway calls carry a bearer token (or ``--auth key`` for an API key).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.common.identity import ALL_SCOPES, Identity, IdentitySigner  # noqa: E402


def free_block(count: int = 4) -> int:
    for base in range(21000, 60000, 10):
        try:
            socks = []
            for port in range(base, base + count):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    assert m, text
    return float(m.group(1)) * _UNITS[m.group(2)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc; immune to other load on the machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def wrk(url: str, headers: dict[str, str], connections: int, duration: int) -> dict[str, float]:
    cmd = [
        "wrk",
        "-t",
        "1" if connections == 1 else "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--latency",
    ]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise RuntimeError(f"{non2xx.group(1)} non-2xx responses from {url}:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": total}


def main() -> int:
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
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="wushe-bench-"))
    port = free_block()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update(
        {
            "WUSHE_ADMIN_PASSWORD": "bench-password-123",
            "WUSHE_INTERNAL_SECRET": "bench-internal-secret-0123456789",
            "WUSHE_JWT_SECRET": "bench-jwt-secret-0123456789abcdef0123",
        }
    )
    dbs = None
    if args.database == "postgresql":
        import asyncio

        from tests.backends import SERVICES, DatabaseSet

        dbs = DatabaseSet("postgresql", data_dir)
        asyncio.run(dbs.create())
        for service in SERVICES:
            env[f"WUSHE_{service.upper()}_DATABASE_URL"] = dbs.url(service)
    proc = subprocess.Popen(
        [sys.executable, "-m", "wushe.cli", "up", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        while True:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("wushe up exited")
            if line.startswith("wushe is up"):
                break
        gw = f"http://127.0.0.1:{port}"
        token = httpx.post(
            f"{gw}/v1/auth/token", json={"username": "admin", "password": "bench-password-123"}
        ).json()["access_token"]
        gw_headers = {"Authorization": f"Bearer {token}"}
        if args.auth == "key":
            key = httpx.post(
                f"{gw}/v1/api-keys",
                headers=gw_headers,
                json={
                    "name": "bench",
                    "scopes": list(ALL_SCOPES),
                    "rate_limit_per_minute": 100000000,
                },
            ).json()["key"]
            gw_headers = {"X-API-Key": key}
        direct = f"http://127.0.0.1:{port + args.service_port_offset}"
        signer = IdentitySigner(env["WUSHE_INTERNAL_SECRET"].encode())
        check = httpx.get(gw + args.path, headers=gw_headers)
        assert check.status_code == 200, check.text
        pids = child_pids(proc.pid)
        results: dict[str, dict[str, list[dict[str, float]]]] = {}

        def measured(url: str, headers: dict[str, str], c: int) -> dict[str, float]:
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            run = wrk(url, headers, c, args.duration)
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
                side: {k: statistics.median(r[k] for r in runs[side]) for k in keys}
                for side in runs
            }
            ratios = [
                g["rps"] / d["rps"] for d, g in zip(runs["direct"], runs["gateway"], strict=True)
            ]
            summary[c] = {**med, "ratio_median": statistics.median(ratios)}
            d, g = med["direct"], med["gateway"]
            print(
                f"| {c} | {d['rps']:.0f} | {g['rps']:.0f} | {statistics.median(ratios):.0%} | "
                f"{d['p50_ms']:.2f} / {d['p99_ms']:.2f} | {g['p50_ms']:.2f} / {g['p99_ms']:.2f} | "
                f"{g['p50_ms'] - d['p50_ms']:.2f} | {g['cpu_us_gateway']:.0f} | "
                f"{d[f'cpu_us_{service}']:.0f} / {g[f'cpu_us_{service}']:.0f} |"
            )
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps({"args": vars(args), "runs": results, "summary": summary}, indent=1)
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
        if dbs is not None:
            import asyncio

            asyncio.run(dbs.drop())
    return 0


if __name__ == "__main__":
    sys.exit(main())
