"""The gateway's forwarding client, A against B, on a trivial upstream (so the gateway dominates).

Starts ``bench/tiny_upstream.py`` under uvicorn and the gateway once per forwarder
(``WUSHE_FORWARDER=raw|httpx``) pointing its registry upstream at it, then alternates wrk runs
and reports gateway CPU per request (from /proc, immune to other load), req/s and p50.

    .venv/bin/python bench/forwarder_ab.py [--rounds 3] [--duration 5]
    .venv/bin/python bench/forwarder_ab.py --smoke     # one round of 1 s runs: does it still work

Needs wrk (Debian package ``wrk``). Servers' output goes to log files; a server that does not
become ready, or a wrk run that fails, stops the benchmark with the reason and the log's tail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

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
    run_tool,
    wrk,
)
from gateway.domain.security import AccessClaims, TokenCodec  # noqa: E402

JWT = "bench-jwt-secret-0123456789abcdef0123"


def run() -> int:
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
    parser.add_argument("--smoke", action="store_true", help="one round of 1 s runs")
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.duration, args.connections = 1, 1, "4"
    connections = [int(x) for x in args.connections.split(",")]
    require_wrk()
    with Harness("forwarder_ab") as harness:
        port = free_block(2)
        data = harness.tempdir("fwd-data")
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        base_env.update(
            {
                "WUSHE_DATA_DIR": str(data),
                "WUSHE_INTERNAL_SECRET": "x" * 24,
                "WUSHE_JWT_SECRET": JWT,
                "WUSHE_REGISTRY_URL": f"http://127.0.0.1:{port + 1}",
            }
        )
        run_tool(python("-m", "wushe.cli", "migrate"), env=base_env, timeout=120)
        target = "bench.tiny_upstream:" + ("app" if args.upstream == "asgi" else "fastapi_app")
        upstream = harness.start(
            "tiny_upstream",
            python(
                "-m",
                "uvicorn",
                target,
                "--port",
                str(port + 1),
                "--log-level",
                "warning",
                "--no-access-log",
            ),
            base_env,
        )
        direct = f"http://127.0.0.1:{port + 1}/v1/regions/330203"
        harness.wait_http(upstream, direct)
        token = TokenCodec(JWT.encode(), 3600).issue(
            AccessClaims("bench", "bench", "operator", None, None)
        )
        headers = {"Authorization": f"Bearer {token}"}
        url = f"http://127.0.0.1:{port}/v1/regions/330203"
        results: dict[tuple[str, int], list[dict[str, float]]] = {}
        for _ in range(args.rounds):
            for c in connections:
                before = cpu_seconds(upstream.pid)
                run = wrk(direct, {}, c, args.duration)
                upstream.check()
                run["cpu_us"] = (cpu_seconds(upstream.pid) - before) / run["requests"] * 1e6
                results.setdefault(("direct (no gateway)", c), []).append(run)
            for name in args.forwarders.split(","):
                gw = harness.start(
                    f"gateway-{name}",
                    python("-m", "wushe.cli", "serve", "gateway", "--port", str(port)),
                    {**base_env, "WUSHE_FORWARDER": name},
                )
                # /readyz would wait for services the tiny upstream does not pretend to be;
                # the measured route itself, authenticated, is what must answer 200.
                harness.wait_http(gw, f"http://127.0.0.1:{port}/healthz")
                harness.wait_http(gw, url, headers=headers, timeout=10)
                for c in connections:
                    before = cpu_seconds(gw.pid)
                    run = wrk(url, headers, c, args.duration)
                    gw.check()
                    run["cpu_us"] = (cpu_seconds(gw.pid) - before) / run["requests"] * 1e6
                    results.setdefault((name, c), []).append(run)
                harness.stop(gw)
    if not results:
        raise BenchError("nothing was measured (--rounds 0?)")
    print(
        "| forwarder | connections | CPU µs/req (gateway; upstream for direct) | req/s | p50 ms |"
    )
    print("|---|---|---|---|---|")
    for (name, c), runs in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        med = {k: statistics.median(r[k] for r in runs) for k in ("cpu_us", "rps", "p50_ms")}
        print(f"| {name} | {c} | {med['cpu_us']:.0f} | {med['rps']:.0f} | {med['p50_ms']:.2f} |")
    return 0


if __name__ == "__main__":
    main(run)
