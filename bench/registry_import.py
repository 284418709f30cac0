"""Roster import at scale: a 100,000-row XLSX, its seconds and peak memory, and memory flatness.

For each size (default 20,000 and 100,000 rows) the parent process writes the roster with
``write_roster_xlsx`` (synthetic organizations from ``bench/registry_data.py``), then a fresh
child process per measurement reads the file and reports wall seconds and peak RSS above its
baseline (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, taken after the file's bytes are loaded),
so one measurement never inherits another's high-water mark.

Stages measured:

- ``parse``: ``read_roster`` over every row (what the import endpoint does before it writes).
- ``service``: ``POST /v1/organizations/import`` on the Registry app (httpx over ASGITransport,
  a signed officer identity) against a fresh PostgreSQL database built by the real migrations.
  Skipped, with a message, while the app has no such route.

    .venv/bin/python bench/registry_import.py                      # 20k and 100k, 3 runs each
    .venv/bin/python bench/registry_import.py --sizes 100000 --runs 1 --stages service
    .venv/bin/python bench/registry_import.py --keep-files --runs 3     # rosters already written
    .venv/bin/python bench/registry_import.py --smoke    # 300 rows, one run: does it still work

The service stage's database (``--db``) is dropped when the benchmark ends, however it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench._harness import BenchError, Harness, main, python, run_tool  # noqa: E402

SECRET = "bench-secret-0123456789abcdef"
PG = "postgresql://postgres@127.0.0.1:5432"


def rss_mb() -> float:
    """Current resident set size in MiB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, rows: int) -> dict[str, float]:
    from registry_data import organizations

    from services.registry.domain.roster import write_roster_xlsx

    t0 = time.perf_counter()
    content = write_roster_xlsx(organizations(rows, seed=rows))
    seconds = time.perf_counter() - t0
    path.write_bytes(content)
    return {"seconds": seconds, "mb": len(content) / 2**20}


def child_parse(path: Path) -> dict[str, float]:
    from services.registry.domain.roster import read_roster

    content = path.read_bytes()
    base = rss_mb()
    t0 = time.perf_counter()
    count = errors = 0
    for row in read_roster(content, path.name):
        count += 1
        errors += bool(row.errors)
    return {
        "rows": count,
        "errors": errors,
        "seconds": time.perf_counter() - t0,
        "peak_above_base_mb": peak_mb() - base,
    }


async def _child_service(path: Path, content: bytes, db: str) -> dict[str, float]:
    import asyncpg
    import httpx

    from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
    from services.common.migrate import upgrade
    from services.registry.app import create_app
    from services.registry.settings import RegistrySettings

    admin = await asyncpg.connect(f"{PG}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{db}"')
    await admin.close()
    url = f"{PG.replace('postgresql://', 'postgresql+asyncpg://')}/{db}"
    await upgrade("registry", url)
    # The bench measures how long the rows take, so it lifts the import's deadline (25 s by
    # default, below the gateway's timeout): with it, 100,000 rows end in 503 import_timeout.
    settings = RegistrySettings(
        registry_database_url=url,
        internal_secret=SECRET,
        log_level="WARNING",
        import_deadline_seconds=600,
    )
    app = create_app(settings, configure_logs=False)
    signer = IdentitySigner(SECRET.encode(), ttl_seconds=60)
    who = Identity(sub="bench", kind="user", role="officer", scopes=frozenset(ALL_SCOPES))
    base = rss_mb()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://registry", timeout=600
        ) as client,
    ):
        t0 = time.perf_counter()
        # Streamed from disk, as a browser uploads it: the client holds no copy of the file.
        with path.open("rb") as upload:
            response = await client.post(
                "/v1/organizations/import",
                files={"file": (path.name, upload, "application/octet-stream")},
                headers={"x-wushe-identity": signer.sign(who)},
            )
        seconds = time.perf_counter() - t0
    if response.status_code in {404, 405}:
        return {"missing": 1}
    body = response.json()
    return {
        "status": response.status_code,
        "created": body.get("created", -1),
        "updated": body.get("updated", -1),
        "failed": len(body.get("failed", [])),
        "seconds": seconds,
        "peak_above_base_mb": peak_mb() - base,
    }


def run_child(stage: str, path: Path, db: str) -> dict[str, float]:
    out = run_tool(python(__file__, "--child", stage, str(path), "--db", db), timeout=1800)
    try:
        return dict(json.loads(out.strip().splitlines()[-1]))
    except (IndexError, ValueError) as exc:
        raise BenchError(f"the {stage} child printed no result:\n{out[-2000:]}") from exc


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", default="parse,service")
    parser.add_argument("--dir", default="/tmp/wushe-bench-import")
    parser.add_argument("--db", default="wushe_bench_import", help="the service stage's database")
    parser.add_argument(
        "--keep-files", action="store_true", help="reuse rosters written by an earlier run"
    )
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true", help="300 rows, one run")
    args = parser.parse_args()
    if args.child:
        stage, path = args.child[0], Path(args.child[1])
        if stage == "parse":
            result = child_parse(path)
        else:
            result = asyncio.run(_child_service(path, b"", args.db))
        print(json.dumps(result))
        return
    with Harness("registry_import") as harness:
        if args.smoke:
            args.sizes, args.runs, args.keep_files = "300", 1, False
            args.dir = str(harness.tempdir("import"))
            # Its own database, so that a smoke run and a real one never share it.
            args.db = f"wushe_bench_import_smoke_{os.getpid()}"
        if "service" in args.stages.split(","):
            harness.drop_on_exit(args.db)
        measure(args)


def measure(args: argparse.Namespace) -> None:
    workdir = Path(args.dir)
    workdir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        path = workdir / f"roster-{size}.xlsx"
        if args.keep_files and path.exists():
            print(f"{size:>7,} rows: reusing {path} ({path.stat().st_size / 2**20:.1f} MiB)")
        else:
            made = build(path, size)
            print(f"{size:>7,} rows: XLSX written in {made['seconds']:.1f} s, {made['mb']:.1f} MiB")
        for stage in args.stages.split(","):
            results = [run_child(stage, path, args.db) for _ in range(args.runs)]
            if any("missing" in r for r in results):
                print(f"         {stage}: the app has no POST /v1/organizations/import yet")
                continue
            refused = [r for r in results if r.get("status", 200) >= 400]
            if refused:
                raise BenchError(f"{stage}: the import failed: {json.dumps(refused[0])}")
            secs = statistics.median(r["seconds"] for r in results)
            mem = statistics.median(r["peak_above_base_mb"] for r in results)
            extra = {k: v for k, v in results[-1].items() if k not in {"seconds"}}
            print(
                f"         {stage}: median {secs:.1f} s, peak RSS +{mem:.0f} MiB over "
                f"{args.runs} runs; last run {json.dumps(extra)}"
            )


if __name__ == "__main__":
    main(run)
