"""CPU per request of the service process: bare FastAPI, the drivers, the kernel, the Registry.

Each scenario runs as a real uvicorn process on loopback (one worker, uvloop and httptools, the
options ``wushe serve`` uses), started for its run (after a ``--warmup`` run) and stopped after
it, and is loaded with wrk; the figure is the CPU time (user + system, from
``/proc/<pid>/stat``, all threads) the server process spent during the run, divided by the
requests wrk completed. Other load on the machine does not move that figure much; it moves
latency and throughput, so those are printed but not the point.

Scenarios (``--scenarios``, comma-separated; default: all but ``gateway``):

    fastapi          bare FastAPI, one trivial route (``{"ok": true}``)
    asyncpg          bare FastAPI + one asyncpg ``fetchrow`` of a region (pool of 10)
    core             bare FastAPI + the same SELECT through SQLAlchemy Core (``engine.connect()``)
    orm              bare FastAPI + ``session.get(Region, code)`` (AsyncSession per request)
    kernel           ``create_service_app`` with a trivial route (``service_router``, no
                     dependencies, no database): the kernel's own cost
    kernel-caller    the same route with the ``registry:read`` scope check
    kernel-session   ... and the request's read session (opened, never used)
    kernel-fast      kernel-caller's route reading the region through services.common.fastpath
                     on the engine (code roots without that module skip it)
    registry-pg      ``wushe serve registry``, ``GET /v1/regions/330203`` on PostgreSQL
    registry-sqlite  the same on SQLite
    gateway          ``GET /v1/regions/330203`` through ``wushe serve gateway`` in front of
                     registry-pg, bearer token (CPU of the gateway and of the Registry)

The bare scenarios (``fastapi``, ``asyncpg``, ``core``, ``orm``) do not depend on the code under
test and run once per round; every other scenario runs once per ``--code-root`` per round, in
alternating order, so two versions of the code are compared in the same run:

    .venv/bin/python bench/request_cost.py --code-root /tmp/wushe-before --code-root . \\
        --rounds 5 --duration 5
    .venv/bin/python bench/request_cost.py --smoke   # seconds: fastapi, kernel, registry-sqlite

``--parts`` measures where the time goes instead, in-process: each variant (bare FastAPI, the
kernel without each of its middlewares, without the access line, with a plain route class, with
the scope check, the session, an ORM, Core or fast-path read, the Registry's real route) is an
app driven straight through ASGI, one request at a time, and the figure is process CPU time per
request; a part's cost is the difference between two variants, measured in the same child
process, interleaved (``--rounds``), with ``--repeats`` children per code root, alternating:

    .venv/bin/python bench/request_cost.py --parts --code-root /tmp/wushe-before --code-root . \\
        --rounds 5 --requests 2000 --repeats 2

Each code root gets its own fresh databases (its own migrations): a PostgreSQL database
``wushe_bench_cost_<pid>_<n>`` (dropped after) and an SQLite file in a temporary directory. A
response is checked once per server before it is measured (status 200; the Registry's answer
must be byte-identical across code roots). Needs wrk (Debian package ``wrk``) and, except for
``--smoke``, the local PostgreSQL (``--pg``, default trust on 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# At module level: FastAPI resolves the endpoints' annotations in this module's globals.
from starlette.requests import Request

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))

from _harness import (  # noqa: E402
    BenchError,
    Harness,
    Process,
    cpu_seconds,
    main,
    python,
    require_wrk,
    run_tool,
    wrk,
)

BARE = ("fastapi", "asyncpg", "core", "orm")
KERNEL = ("kernel", "kernel-caller", "kernel-session", "kernel-fast")
REGISTRY = ("registry-pg", "registry-sqlite")
ALL = (*BARE, *KERNEL, *REGISTRY, "gateway")
DEFAULT = tuple(s for s in ALL if s != "gateway")
SMOKE = ("fastapi", "kernel", "registry-sqlite")

REGION = "330203"
SECRET = "bench-internal-secret-0123456789"
JWT_SECRET = "bench-jwt-secret-0123456789abcdef0123"
ADMIN_PASSWORD = "bench-password-123"
UVICORN_OPTIONS: dict[str, Any] = {
    # As ``wushe serve`` runs an app (wushe/cli.py): uvloop and httptools where installed.
    "log_config": None,
    "access_log": False,
    "server_header": False,
    "timeout_keep_alive": 30,
    "lifespan": "on",
}


# ---------------------------------------------------------------------------------------------
# The server side: ``request_cost.py --serve SCENARIO`` runs one app (a child process).


def bare_app(scenario: str, database_url: str) -> Any:
    """A bare FastAPI app: no kernel, only the driver the scenario names."""
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    state: dict[str, Any] = {}
    columns = "code, name, level, parent_code"
    sql = f"SELECT {columns} FROM regions WHERE code = $1"
    plain = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        if scenario == "asyncpg":
            import asyncpg

            state["pool"] = await asyncpg.create_pool(plain, min_size=1, max_size=10)
        elif scenario in ("core", "orm"):
            from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

            engine = create_async_engine(database_url, pool_size=10, max_overflow=10)
            state["engine"] = engine
            state["sessions"] = async_sessionmaker(engine, expire_on_commit=False)
        yield
        if "pool" in state:
            await state["pool"].close()
        if "engine" in state:
            await state["engine"].dispose()

    app = FastAPI(lifespan=lifespan)

    if scenario == "fastapi":

        @app.get("/ping")
        async def ping() -> dict[str, bool]:
            return {"ok": True}

    elif scenario == "asyncpg":

        @app.get("/regions/{code}")
        async def region_asyncpg(code: str) -> dict[str, Any]:
            async with state["pool"].acquire() as conn:
                row = await conn.fetchrow(sql, code)
            return dict(row)

    elif scenario == "core":
        import sqlalchemy as sa

        from services.registry.db.models import Region

        table = Region.__table__
        stmt = sa.select(table.c.code, table.c.name, table.c.level, table.c.parent_code).where(
            table.c.code == sa.bindparam("code")
        )

        @app.get("/regions/{code}")
        async def region_core(code: str) -> dict[str, Any]:
            async with state["engine"].connect() as conn:
                row = (await conn.execute(stmt, {"code": code})).mappings().one()
            return dict(row)

    else:
        from services.registry.db.models import Region

        @app.get("/regions/{code}")
        async def region_orm(code: str) -> dict[str, Any]:
            async with state["sessions"]() as session:
                region = await session.get(Region, code)
                assert region is not None
                return {
                    "code": region.code,
                    "name": region.name,
                    "level": region.level,
                    "parent_code": region.parent_code,
                }

    return app


def kernel_app(scenario: str, database_url: str) -> Any:
    """The Registry app (so the kernel exactly as a service builds it) plus one trivial route.

    The route is put first in the routing table, as bare FastAPI's is nearly first in its own:
    the scenario measures the kernel (middlewares, route class, dependencies, session), not the
    walk over the Registry's other routes.
    """
    from fastapi import Depends

    from services.registry.app import create_app
    from services.registry.settings import RegistrySettings

    dependencies = []
    if scenario != "kernel":
        from services.common.auth import require_scope

        dependencies.append(Depends(require_scope("registry:read")))
    if scenario == "kernel-session":
        dependencies.append(read_session_dependency())

    async def ping() -> dict[str, bool]:
        """A trivial answer."""
        return {"ok": True}

    settings = RegistrySettings(database_url=database_url, internal_secret=SECRET)
    app = create_app(settings)
    if scenario == "kernel-fast":
        _ping_route(app, dependencies, fast_region_endpoint(), path="/v1/bench/fast/{code}")
    else:
        _ping_route(app, dependencies, ping)
    return app


def fast_region_endpoint() -> Any:
    """An endpoint reading one region through ``services.common.fastpath`` on the engine."""
    import sqlalchemy as sa

    from services.common import fastpath
    from services.registry.db.models import Region

    table = Region.__table__
    region = fastpath.Prepared(
        sa.select(table.c.code, table.c.name, table.c.level, table.c.parent_code).where(
            table.c.code == sa.bindparam("code")
        )
    )

    async def fast_region(code: str, request: Request) -> dict[str, Any]:
        """The region, as a dict."""
        row = await region.first(request.app.state.database.engine, code=code)
        assert row is not None
        return row

    return fast_region


def read_session_dependency() -> Any:
    """``Depends`` on the kernel's session for a read, whichever API the code under test has."""
    from fastapi import Depends

    from services.common import db

    for name in ("read_session", "get_read_session", "get_session"):
        factory = getattr(db, name, None)
        if factory is not None:
            return Depends(factory)
    raise SystemExit("no session dependency found in services.common.db")


def serve(args: argparse.Namespace) -> None:
    """Run one scenario's app in this process (the child side)."""
    sys.path.insert(0, str(Path(args.code_root[0]).resolve()))
    import uvicorn

    if args.serve in ("registry", "gateway"):
        # Exactly ``wushe serve``, of the code under test (not of the checkout we run from).
        from wushe.cli import main as wushe

        sys.exit(wushe(["serve", args.serve, "--port", str(args.port)]))
    if args.serve in BARE:
        app = bare_app(args.serve, args.database_url)
    else:
        app = kernel_app(args.serve, args.database_url)
    uvicorn.run(app, host="127.0.0.1", port=args.port, **UVICORN_OPTIONS)


# ---------------------------------------------------------------------------------------------
# ``--parts``: where the time goes, in-process. Each variant is one app driven straight through
# ASGI (no sockets, no HTTP parsing: uvicorn's share is the same for all), one request at a time;
# the figure is process CPU time per request. A part's cost is the difference between two
# variants measured in the same child, interleaved.

PING = "/v1/bench/ping"


def _ping_route(app: Any, dependencies: list[Any], endpoint: Any = None, **kw: Any) -> None:
    """Add the bench route first in ``app``'s routing table."""

    async def ping() -> dict[str, bool]:
        """A trivial answer."""
        return {"ok": True}

    path = kw.pop("path", PING)
    app.router.add_api_route(
        path, endpoint or ping, methods=["GET"], dependencies=dependencies, **kw
    )
    app.router.routes.insert(0, app.router.routes.pop())


def part_variants(database_url: str) -> list[tuple[str, Any, str]]:
    """(name, app, path) of every variant the code under test supports."""
    import sqlalchemy as sa
    from fastapi import Depends, FastAPI
    from fastapi.routing import APIRoute

    from services.common.auth import require_scope
    from services.registry.app import create_app
    from services.registry.db.models import Region
    from services.registry.settings import RegistrySettings

    settings = RegistrySettings(database_url=database_url, internal_secret=SECRET)
    region_path = f"/v1/regions/{REGION}"
    reader = Depends(require_scope("registry:read"))
    session_dep = read_session_dependency()
    table = Region.__table__
    columns = (table.c.code, table.c.name, table.c.level, table.c.parent_code)
    core_stmt = sa.select(*columns).where(table.c.code == sa.bindparam("code"))

    def kernel(drop: tuple[str, ...] = (), **route: Any) -> Any:
        app = create_app(settings)
        app.user_middleware = [
            m for m in app.user_middleware if getattr(m.cls, "__name__", "") not in drop
        ]
        _ping_route(app, **{"dependencies": [], **route})
        return app

    def no_access_log() -> Any:
        app = kernel()
        for m in app.user_middleware:
            if getattr(m.cls, "__name__", "") == "RequestIdMiddleware":
                m.kwargs["log_access"] = False
        return app

    async def orm_read(code: str, session: Any = session_dep) -> dict[str, Any]:
        """The region through ``session.get``."""
        region = await session.get(Region, code)
        return {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "parent_code": region.parent_code,
        }

    async def core_read(code: str, session: Any = session_dep) -> dict[str, Any]:
        """The region through a Core statement on the session."""
        return dict((await session.execute(core_stmt, {"code": code})).mappings().one())

    async def bare_ping() -> dict[str, bool]:
        return {"ok": True}

    bare = FastAPI()
    bare.add_api_route(PING, bare_ping, methods=["GET"])
    variants: list[tuple[str, Any, str]] = [("fastapi", bare, PING), ("kernel", kernel(), PING)]
    names = [getattr(m.cls, "__name__", "") for m in create_app(settings).user_middleware]
    for name in names:
        variants.append((f"kernel without {name}", kernel(drop=(name,)), PING))
    variants.append(("kernel without any middleware", kernel(drop=tuple(names)), PING))
    variants.append(("kernel, no access log line", no_access_log(), PING))
    variants.append(("kernel, plain APIRoute", kernel(route_class_override=APIRoute), PING))
    variants.append(("kernel + scope check", kernel(dependencies=[reader]), PING))
    variants.append(
        ("kernel + scope check + session", kernel(dependencies=[reader, session_dep]), PING)
    )
    variants.append(
        (
            "kernel + scope + session.get",
            kernel(dependencies=[reader], endpoint=orm_read, path="/v1/bench/orm/{code}"),
            f"/v1/bench/orm/{REGION}",
        )
    )
    variants.append(
        (
            "kernel + scope + session Core",
            kernel(dependencies=[reader], endpoint=core_read, path="/v1/bench/core/{code}"),
            f"/v1/bench/core/{REGION}",
        )
    )
    variants += fastpath_variants(kernel, reader, session_dep, core_stmt)
    variants.append(("registry GET /v1/regions/{code}", create_app(settings), region_path))
    return variants


def fastpath_variants(
    kernel: Any, reader: Any, session_dep: Any, stmt: Any
) -> list[tuple[str, Any, str]]:
    """The same read through ``services.common.fastpath`` when the code under test has it."""
    try:
        from services.common import fastpath
    except ImportError:
        return []
    region = fastpath.Prepared(stmt)

    async def fast_engine(code: str, request: Request) -> dict[str, Any]:
        """The region through the fast path on the engine (no session)."""
        row = await region.first(request.app.state.database.engine, code=code)
        assert row is not None
        return row

    async def fast_session(code: str, session: Any = session_dep) -> dict[str, Any]:
        """The region through the fast path on the request's session."""
        row = await region.first(session, code=code)
        assert row is not None
        return row

    out = []
    for name, endpoint in (("engine", fast_engine), ("session", fast_session)):
        path = f"/v1/bench/fast-{name}/{{code}}"
        app = kernel(dependencies=[reader], endpoint=endpoint, path=path)
        out.append((f"kernel + scope + fastpath on the {name}", app, path.format(code=REGION)))
    return out


async def drive(app: Any, path: str, count: int) -> float:
    """CPU seconds per request over ``count`` sequential requests straight through ASGI."""
    identity = signed_headers()["x-wushe-identity"].encode()
    headers = [(b"host", b"127.0.0.1:8001"), (b"x-wushe-identity", identity)]
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    template = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8001),
        "client": ("127.0.0.1", 40000),
        "scheme": "http",
        "method": "GET",
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
    }
    started = time.process_time()
    for _ in range(count):
        await app({**template, "headers": list(headers), "state": {}}, receive, send)
    spent = time.process_time() - started
    if set(status) != {200}:
        raise RuntimeError(f"{path}: statuses {sorted(set(status))}")
    return spent / count


async def parts_child(args: argparse.Namespace) -> dict[str, list[float]]:
    """Measure every variant (the child side of ``--parts``): µs per request, by round.

    Only the measured variant's lifespan runs while it is measured: a service's lifespan also
    runs background work (the outbox relay polls its table), which must not be charged to the
    requests of the other variants.
    """
    variants = part_variants(args.database_url)
    times: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    for round_no in range(args.rounds):
        order = variants if round_no % 2 == 0 else variants[::-1]
        for name, app, path in order:
            async with app.router.lifespan_context(app):
                await drive(app, path, 100)  # connections, prepared statements, caches
                times[name].append(await drive(app, path, args.requests) * 1e6)
    return times


def run_parts(args: argparse.Namespace, bench: Bench) -> int:
    """``--parts``: one child per code root and repeat, alternating; medians of µs/request."""
    merged: dict[str, dict[str, list[float]]] = {root: {} for root in bench.roots}
    for repeat in range(args.repeats):
        for root in bench.roots if repeat % 2 == 0 else bench.roots[::-1]:
            url = bench.database(root, "sqlite" if args.smoke else "postgresql")
            out = bench.harness.workdir / f"parts-{repeat}-{Path(root).name}.json"
            cmd = python(str(HERE), "--parts-child", "--code-root", root, "--database-url", url)
            cmd += [
                "--rounds",
                str(args.rounds),
                "--requests",
                str(args.requests),
                "--out",
                str(out),
            ]
            proc = bench.harness.start(f"parts-{repeat}-{Path(root).name}", cmd, bench.env(root))
            if proc.popen.wait() != 0:
                raise proc.failure("failed")
            bench.harness.stop(proc)
            for name, values in json.loads(out.read_text()).items():
                merged[root].setdefault(name, []).extend(values)
    names = list(dict.fromkeys(n for per in merged.values() for n in per))
    head = " | ".join(Path(r).name for r in bench.roots)
    print(f"| variant (in-process, µs CPU per request, median of rounds) | {head} |")
    print("|---" * (len(bench.roots) + 1) + "|")
    for name in names:
        cells = []
        for root in bench.roots:
            values = merged[root].get(name)
            cells.append(f"{statistics.median(values):.0f}" if values else "—")
        print(f"| {name} | {' | '.join(cells)} |")
    if args.out:
        Path(args.out).write_text(json.dumps(merged, indent=1))
    return 0


# ---------------------------------------------------------------------------------------------
# The measuring side (wrk against real servers).


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_headers() -> dict[str, str]:
    """A fresh signed identity (an operator with every scope), as the gateway would send."""
    from services.common.identity import ALL_SCOPES, Identity, IdentitySigner

    identity = Identity(sub="bench", kind="user", role="operator", scopes=frozenset(ALL_SCOPES))
    return {"x-wushe-identity": IdentitySigner(SECRET.encode()).sign(identity)}


@dataclass
class Server:
    """One running app: its processes, where it answers and how to call it."""

    key: str  # scenario@root label
    scenario: str
    root: str
    url: str
    procs: dict[str, Process]  # by app name; CPU is read from each
    headers: dict[str, str] = field(default_factory=dict)
    signed: bool = True  # a fresh identity header per run (identities live 60 s)
    #: Where readiness is polled (200 from each, in order); ``url`` when empty.
    ready: list[tuple[Process, str]] = field(default_factory=list)
    #: The gateway's base URL: log in there once ready, then call with the bearer token.
    login_at: str | None = None

    def request_headers(self) -> dict[str, str]:
        return {**signed_headers(), **self.headers} if self.signed else dict(self.headers)

    def wait_ready(self) -> None:
        import httpx

        for proc, url in self.ready or [(next(iter(self.procs.values())), self.url)]:
            Harness.wait_http(proc, url, headers=self.request_headers(), timeout=90)
        if self.login_at:
            answer = httpx.post(
                f"{self.login_at}/v1/auth/token",
                json={"username": "admin", "password": ADMIN_PASSWORD},
            )
            if answer.status_code != 200:
                raise BenchError(f"{self.key}: login failed: {answer.status_code} {answer.text}")
            self.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"


class Bench:
    """Databases, servers and measurements of one run."""

    def __init__(self, args: argparse.Namespace, harness: Harness) -> None:
        self.args = args
        self.harness = harness
        self.roots = [str(Path(r).resolve()) for r in args.code_root]
        self.urls: dict[tuple[str, str, str], str] = {}  # (root, backend, service) -> URL
        self.tmp = harness.tempdir("request-cost")

    def env(self, root: str, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        env["PYTHONPATH"] = root
        env["WUSHE_INTERNAL_SECRET"] = SECRET
        env["WUSHE_DATA_DIR"] = str(self.tmp)
        env.update(extra)
        return env

    def database(self, root: str, backend: str, service: str = "registry") -> str:
        """A fresh database of ``service`` migrated by ``root``'s own migrations (made once)."""
        key = (root, backend, service)
        if key not in self.urls:
            if backend == "sqlite":
                url = f"sqlite+aiosqlite:///{self.tmp / f'{len(self.urls)}-{service}.db'}"
            else:
                name = f"wushe_bench_cost_{os.getpid()}_{len(self.urls)}"
                plain = self.harness.database(name, self.args.pg)
                url = plain.replace("postgresql://", "postgresql+asyncpg://", 1)
            code = (
                "import asyncio, sys; sys.path.insert(0, sys.argv[1]); "
                "from services.common.migrate import upgrade; "
                "asyncio.run(upgrade(sys.argv[2], sys.argv[3]))"
            )
            run_tool(python("-c", code, root, service, url), env=self.env(root), timeout=300)
            self.urls[key] = url
        return self.urls[key]

    def serve(self, label: str, name: str, scenario: str, root: str, port: int, **env: str) -> Any:
        cmd = python(str(HERE), "--serve", scenario, "--port", str(port), "--code-root", root)
        if "url" in env:
            cmd += ["--database-url", env.pop("url")]
        return self.harness.start(f"{label}.{name}", cmd, self.env(root, **env))

    def start(self, scenario: str, root: str) -> Server:
        """Start the servers of one scenario (readiness is awaited later, all together)."""
        label = scenario if scenario in BARE else f"{scenario}@{Path(root).name}"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        if scenario in REGISTRY:
            backend = "postgresql" if scenario == "registry-pg" else "sqlite"
            url = self.database(root, backend)
            proc = self.serve(
                label, "registry", "registry", root, port, WUSHE_REGISTRY_DATABASE_URL=url
            )
            return Server(label, scenario, root, f"{base}/v1/regions/{REGION}", {"app": proc})
        if scenario == "gateway":
            return self.start_gateway(label, root, port)
        url = self.database(root, "sqlite" if self.args.smoke else "postgresql")
        proc = self.serve(label, "app", scenario, root, port, url=url)
        path = "/ping" if scenario == "fastapi" else f"/regions/{REGION}"
        if scenario in KERNEL:
            path = f"/v1/bench/fast/{REGION}" if scenario == "kernel-fast" else PING
        return Server(
            label, scenario, root, base + path, {"app": proc}, signed=scenario not in BARE
        )

    def start_gateway(self, label: str, root: str, port: int) -> Server:
        """registry-pg plus the gateway in front of it, called with an operator's bearer token."""
        registry_port = free_port()
        env = {
            "WUSHE_JWT_SECRET": JWT_SECRET,
            "WUSHE_REGISTRY_URL": f"http://127.0.0.1:{registry_port}",
            # Matching and Funds are not started; nothing on this path calls them.
            "WUSHE_MATCHING_URL": f"http://127.0.0.1:{free_port()}",
            "WUSHE_FUNDS_URL": f"http://127.0.0.1:{free_port()}",
            "WUSHE_REGISTRY_DATABASE_URL": self.database(root, "postgresql"),
            "WUSHE_GATEWAY_DATABASE_URL": self.database(root, "postgresql", "gateway"),
        }
        admin = (
            "import asyncio, sys; sys.path.insert(0, sys.argv[1]); "
            "from wushe.bootstrap import ensure_admin; asyncio.run(ensure_admin(sys.argv[2]))"
        )
        run_tool(python("-c", admin, root, ADMIN_PASSWORD), env=self.env(root, **env))
        registry = self.serve(label, "registry", "registry", root, registry_port, **env)
        gateway = self.serve(label, "gateway", "gateway", root, port, **env)
        base = f"http://127.0.0.1:{port}"
        return Server(
            label,
            "gateway",
            root,
            f"{base}/v1/regions/{REGION}",
            {"gateway": gateway, "registry": registry},
            signed=False,
            ready=[
                (registry, f"http://127.0.0.1:{registry_port}/readyz"),
                (gateway, f"{base}/healthz"),
            ],
            login_at=base,
        )

    def measure(self, server: Server, duration: int) -> dict[str, float]:
        headers = server.request_headers()
        before = {name: cpu_seconds(p.pid) for name, p in server.procs.items()}
        run = wrk(server.url, headers, self.args.connections, duration)
        for name, proc in server.procs.items():
            proc.check()
            run[f"cpu_us_{name}"] = (cpu_seconds(proc.pid) - before[name]) / run["requests"] * 1e6
        return run


class AnswerCheck:
    """The same scenario must answer the same body (and ETag) under every code root."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, tuple[int, bytes, str | None]]] = {}

    def __call__(self, server: Server) -> None:
        import httpx

        r = httpx.get(server.url, headers=server.request_headers())
        if r.status_code != 200:
            raise BenchError(f"{server.key}: {r.status_code} {r.text[:500]}")
        answer = (r.status_code, r.content, r.headers.get("etag"))
        first = self.seen.setdefault(server.scenario, (server.key, answer))
        if first[1] != answer:
            raise BenchError(f"{server.key} answers {answer}; {first[0]} answered {first[1]}")


def cpu_total(run: dict[str, float]) -> float:
    """The CPU the scenario is about: the app's, or the gateway's for the gateway scenario."""
    return run["cpu_us_gateway"] if "cpu_us_gateway" in run else run["cpu_us_app"]


def _code(server: Server) -> str:
    return "—" if server.scenario in BARE else Path(server.root).name


def report(results: dict[str, list[dict[str, float]]], servers: dict[str, Server]) -> str:
    """Markdown: medians per scenario and code root, then the code roots' ratios per round."""
    rows = [
        "| scenario | code | CPU µs/req, median (min–max) | over bare FastAPI, µs (median of "
        "per-round differences) | req/s | p50 / p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    base = results.get("fastapi")
    for key, runs in results.items():
        server = servers[key]
        cpus = [cpu_total(r) for r in runs]
        over = "—"
        if base and key != "fastapi":
            diffs = [cpu_total(r) - cpu_total(b) for r, b in zip(runs, base, strict=True)]
            over = f"{statistics.median(diffs):+.0f}"
        spread = f"{statistics.median(cpus):.0f} ({min(cpus):.0f}–{max(cpus):.0f})"
        if server.scenario == "gateway":
            behind = statistics.median(r["cpu_us_registry"] for r in runs)
            spread += f" gateway; Registry behind it {behind:.0f}"
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50_ms"] for r in runs)
        p99 = statistics.median(r["p99_ms"] for r in runs)
        rows.append(
            f"| {server.scenario} | {_code(server)} | {spread} | {over} | {rps:.0f} | "
            f"{p50:.2f} / {p99:.2f} |"
        )
    roots = list(dict.fromkeys(s.root for s in servers.values() if s.scenario not in BARE))
    if len(roots) < 2:
        return "\n".join(rows)
    first, last = roots[0], roots[-1]
    rows += [
        "",
        f"{Path(last).name} against {Path(first).name}, CPU per request, paired by round:",
        "",
        "| scenario | ratio, median (min–max) | saved µs/req, median |",
        "|---|---|---|",
    ]
    by = {(s.scenario, s.root): k for k, s in servers.items()}
    for scenario in dict.fromkeys(s.scenario for s in servers.values()):
        if (scenario, first) not in by or (scenario, last) not in by:
            continue
        pairs = list(zip(results[by[scenario, first]], results[by[scenario, last]], strict=True))
        ratios = [cpu_total(b) / cpu_total(a) for a, b in pairs]
        saved = statistics.median(cpu_total(a) - cpu_total(b) for a, b in pairs)
        rows.append(
            f"| {scenario} | {statistics.median(ratios):.2f} "
            f"({min(ratios):.2f}–{max(ratios):.2f}) | {saved:.0f} |"
        )
    return "\n".join(rows)


def supports(root: str, scenario: str) -> bool:
    """False for a scenario the code under test predates (the fast path)."""
    return scenario != "kernel-fast" or (Path(root) / "services/common/fastpath.py").exists()


def run(args: argparse.Namespace, harness: Harness) -> int:
    bench = Bench(args, harness)
    if args.parts:
        return run_parts(args, bench)
    require_wrk()
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    pairs = [
        (scenario, root)
        for scenario in scenarios
        for root in (bench.roots[:1] if scenario in BARE else bench.roots)
        if supports(root, scenario)
    ]
    check = AnswerCheck()
    results: dict[str, list[dict[str, float]]] = {}
    servers: dict[str, Server] = {}
    for round_no in range(args.rounds):
        for scenario, root in pairs if round_no % 2 == 0 else pairs[::-1]:
            # One server at a time, started for its run and stopped after it: a dozen idle
            # servers would hold a dozen connection pools on a shared PostgreSQL.
            server = bench.start(scenario, root)
            try:
                server.wait_ready()
                check(server)
                if args.warmup:
                    wrk(server.url, server.request_headers(), args.connections, args.warmup)
                measured = bench.measure(server, args.duration)
            finally:
                for proc in server.procs.values():
                    harness.stop(proc)
            servers.setdefault(server.key, server)
            results.setdefault(server.key, []).append(measured)
            print(
                f"round {round_no + 1}: {server.key:32} {cpu_total(measured):7.0f} µs/req "
                f"{measured['rps']:7.0f} req/s",
                file=sys.stderr,
                flush=True,
            )
    print(report(results, servers))
    if args.out:
        Path(args.out).write_text(json.dumps({"args": vars(args), "runs": results}, indent=1))
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--code-root",
        action="append",
        help="a checkout to measure (repeat to compare two in one run; default: this one)",
    )
    parser.add_argument("--scenarios", default=",".join(DEFAULT), help=", ".join(ALL))
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="seconds of wrk before round 1")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--out", help="write every run as JSON here")
    parser.add_argument("--smoke", action="store_true", help="a few seconds: kernel on SQLite")
    parser.add_argument(
        "--parts",
        action="store_true",
        help="instead of wrk: where the time goes, in-process, each part against its absence",
    )
    parser.add_argument("--requests", type=int, default=2000, help="--parts: requests per round")
    parser.add_argument("--repeats", type=int, default=2, help="--parts: children per code root")
    parser.add_argument(
        "--serve", choices=(*BARE, *KERNEL, "registry", "gateway"), help=argparse.SUPPRESS
    )
    parser.add_argument("--parts-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.code_root = args.code_root or [str(ROOT)]
    unknown = {s.strip() for s in args.scenarios.split(",") if s.strip()} - set(ALL)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if args.smoke:
        args.scenarios, args.duration, args.rounds, args.warmup = ",".join(SMOKE), 1, 1, 0
        args.code_root, args.requests, args.repeats = args.code_root[:1], 200, 1
        args.out = None
    return args


def entry() -> int | None:
    args = parse_args()
    if args.serve:
        serve(args)
        return 0
    if args.parts_child:
        sys.path.insert(0, str(Path(args.code_root[0]).resolve()))
        import uvloop

        times = uvloop.run(parts_child(args))
        Path(args.out).write_text(json.dumps(times))
        return 0
    # Identity headers are signed with the code we run from (the signature format is stable).
    with Harness("request-cost") as harness:
        return run(args, harness)


if __name__ == "__main__":
    main(entry)
