"""The gateway's forwarding client, A against B, on a trivial upstream (so the gateway dominates).

Starts ``bench/tiny_upstream.py`` under uvicorn and the gateway once per forwarder
(``WUSHE_FORWARDER=raw|httpx``) pointing its registry upstream at it, then alternates wrk runs
and reports gateway CPU per request (from /proc, immune to other load), req/s and p50.

    .venv/bin/python bench/forwarder_ab.py [--rounds 3] [--duration 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gateway_bench import cpu_seconds, free_block, wrk  # noqa: E402
from gateway.domain.security import AccessClaims, TokenCodec  # noqa: E402

JWT = "bench-jwt-secret-0123456789abcdef0123"


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(2.5)
    return proc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", default="1,32")
    parser.add_argument("--forwarders", default="raw,httpx")
    parser.add_argument(
        "--upstream",
        choices=["asgi", "fastapi"],
        default="asgi",
        help="bare ASGI app, or the reference's tiny FastAPI JSON endpoint",
    )
    args = parser.parse_args()
    port = free_block(2)
    data = tempfile.mkdtemp(prefix="wushe-fwd-")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    base_env.update(
        {
            "WUSHE_DATA_DIR": data,
            "WUSHE_INTERNAL_SECRET": "x" * 24,
            "WUSHE_JWT_SECRET": JWT,
            "WUSHE_REGISTRY_URL": f"http://127.0.0.1:{port + 1}",
        }
    )
    subprocess.run(
        [sys.executable, "-m", "wushe.cli", "migrate"],
        env=base_env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    target = "bench.tiny_upstream:" + ("app" if args.upstream == "asgi" else "fastapi_app")
    upstream = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            target,
            "--port",
            str(port + 1),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        base_env,
    )
    token = TokenCodec(JWT.encode(), 3600).issue(
        AccessClaims("bench", "bench", "operator", None, None)
    )
    headers = {"Authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{port}/v1/regions/330203"
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    try:
        for _ in range(args.rounds):
            for c in (int(x) for x in args.connections.split(",")):
                direct = f"http://127.0.0.1:{port + 1}/v1/regions/330203"
                before = cpu_seconds(upstream.pid)
                run = wrk(direct, {}, c, args.duration)
                run["cpu_us"] = (cpu_seconds(upstream.pid) - before) / run["requests"] * 1e6
                results.setdefault(("direct (no gateway)", c), []).append(run)
            for name in args.forwarders.split(","):
                gw = start(
                    [sys.executable, "-m", "wushe.cli", "serve", "gateway", "--port", str(port)],
                    {**base_env, "WUSHE_FORWARDER": name},
                )
                try:
                    for c in (int(x) for x in args.connections.split(",")):
                        before = cpu_seconds(gw.pid)
                        run = wrk(url, headers, c, args.duration)
                        run["cpu_us"] = (cpu_seconds(gw.pid) - before) / run["requests"] * 1e6
                        results.setdefault((name, c), []).append(run)
                finally:
                    gw.terminate()
                    gw.wait()
    finally:
        upstream.terminate()
        upstream.wait()
    print(
        "| forwarder | connections | CPU µs/req (gateway; upstream for direct) | req/s | p50 ms |"
    )
    print("|---|---|---|---|---|")
    for (name, c), runs in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        med = {k: statistics.median(r[k] for r in runs) for k in ("cpu_us", "rps", "p50_ms")}
        print(f"| {name} | {c} | {med['cpu_us']:.0f} | {med['rps']:.0f} | {med['p50_ms']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
