"""A trivial upstream for forwarder benchmarks: one small JSON answer, no database, no auth.

Served by uvicorn as ``bench.tiny_upstream:app`` (bare ASGI) or ``:fastapi_app`` (the reference's
tiny FastAPI JSON endpoint); ``bench/forwarder_ab.py`` starts it.

    .venv/bin/python bench/tiny_upstream.py --smoke   # start both under uvicorn, check, time
"""

from __future__ import annotations

import sys
from pathlib import Path

BODY = b'{"code":"330203","name":"\\u6d77\\u66d9\\u533a","level":"county","parent_code":"330200"}'


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def _fastapi_app():  # type: ignore[no-untyped-def]
    from fastapi import FastAPI

    api = FastAPI()

    @api.get("/v1/regions/{code}")
    async def get_region(code: str) -> dict[str, str]:
        return {"code": code, "name": "海曙区", "level": "county", "parent_code": "330200"}

    return api


#: The reference's "tiny FastAPI JSON endpoint".
fastapi_app = _fastapi_app()


def smoke() -> int:
    """Both apps under uvicorn, as forwarder_ab starts them: ready, correct, and how fast."""
    import statistics
    import time

    import httpx

    from bench._harness import Harness, free_block, python

    with Harness("tiny_upstream") as harness:
        port = free_block(2)
        for offset, target in enumerate(("app", "fastapi_app")):
            server = harness.start(
                target,
                python(
                    "-m",
                    "uvicorn",
                    f"bench.tiny_upstream:{target}",
                    "--port",
                    str(port + offset),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ),
            )
            harness.wait_tcp(server, "127.0.0.1", port + offset)
            url = f"http://127.0.0.1:{port + offset}/v1/regions/330203"
            times = []
            with httpx.Client() as client:
                for _ in range(200):
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    if response.status_code != 200 or response.json()["code"] != "330203":
                        raise server.failure(f"answered {response.status_code} {response.text}")
            server.check()
            print(f"{target}: {len(times)} requests, p50 {statistics.median(times):.2f} ms")
            harness.stop(server)
    return 0


if __name__ == "__main__":
    import argparse

    ROOT = Path(__file__).resolve().parents[1]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench._harness import main

    parser = argparse.ArgumentParser(
        description="Serve it with: uvicorn bench.tiny_upstream:app (or :fastapi_app)"
    )
    parser.add_argument("--smoke", action="store_true", required=True, help=smoke.__doc__)
    parser.parse_args()
    main(smoke)
