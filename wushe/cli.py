"""``wushe up | migrate | serve``: one command to run the whole system."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from services.common.apps import APP_NAMES, BASE_PORT, GATEWAY, SERVICE_NAMES, get_app, ports


def serve_commands(host: str, base_port: int) -> dict[str, list[str]]:
    """The command line of each app ``wushe up`` starts, in start-up order."""
    serve = [sys.executable, "-m", "wushe.cli", "serve"]
    return {
        name: [*serve, name, "--host", host, "--port", str(port)]
        for name, port in ports(base_port).items()
    }


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve one app with uvicorn (uvloop and httptools where available)."""
    import uvicorn
    from uvicorn.importer import import_from_string

    from services.common.gc_tuning import serving

    factory = import_from_string(get_app(args.service).factory)
    # Behind a reverse proxy, trust its X-Forwarded-For (login throttling counts per address).
    trusted = os.environ.get("WUSHE_FORWARDED_ALLOW_IPS")
    uvicorn.run(
        lambda: serving(factory()),
        factory=True,
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        server_header=False,
        timeout_keep_alive=30,
        lifespan="on",
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply every service's migrations to its database."""
    if args.data_dir:
        os.environ["WUSHE_DATA_DIR"] = str(Path(args.data_dir).resolve())
    data_dir = Path(os.environ.get("WUSHE_DATA_DIR", "var"))
    data_dir.mkdir(parents=True, exist_ok=True)
    from wushe.bootstrap import migrate_all

    for line in asyncio.run(migrate_all()):
        print(f"migrated {line}")
    return 0


def _wait_ready(url: str, procs: dict[str, subprocess.Popen[bytes]], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"{name} exited with {proc.returncode} during start-up", file=sys.stderr)
                return False
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def _stop(procs: dict[str, subprocess.Popen[bytes]]) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cmd_up(args: argparse.Namespace) -> int:
    """Migrate, start the gateway and every service, wait until ready, stop on a signal."""
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["WUSHE_DATA_DIR"] = str(data_dir)
    host = args.host
    app_ports = ports(args.port)
    for name in SERVICE_NAMES:
        os.environ[f"WUSHE_{name.upper()}_URL"] = f"http://{host}:{app_ports[name]}"

    from wushe.bootstrap import ensure_admin, load_or_create_secrets, migrate_all

    os.environ.update(load_or_create_secrets(data_dir))
    started = time.monotonic()
    print(f"starting wushe with its data in {data_dir}", flush=True)
    for line in asyncio.run(migrate_all()):
        print(f"migrated {line}", flush=True)
    generated = asyncio.run(ensure_admin(os.environ.get("WUSHE_ADMIN_PASSWORD")))
    if generated:
        print(
            f"created operator account: admin / {generated}  (shown once; set "
            "WUSHE_ADMIN_PASSWORD to choose it)",
            flush=True,
        )

    procs: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for name, command in serve_commands(host, args.port).items():
            procs[name] = subprocess.Popen(command, env=os.environ.copy())
        base = f"http://{host}:{app_ports[GATEWAY.name]}"
        if not _wait_ready(f"{base}/readyz", procs, timeout=args.ready_timeout):
            print("the system did not become ready; stopping", file=sys.stderr)
            return 1
        if args.demo:
            from wushe.demo import DemoError

            try:
                _demo(base, data_dir)
            except (DemoError, httpx.HTTPError) as error:
                print(f"the demo stopped: {error} (the system stays up)", file=sys.stderr)
        print(
            f"wushe is up: {base}  docs: {base}/docs  readiness: {base}/readyz"
            f"  ({time.monotonic() - started:.1f} s; "
            + ", ".join(f"{name} :{port}" for name, port in app_ports.items())
            + "; Ctrl-C stops it)",
            flush=True,
        )
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", file=sys.stderr)
                    return 1
            time.sleep(0.3)
        return 0
    finally:
        if procs:
            print("stopping wushe ...", flush=True)
        _stop(procs)
        print("wushe stopped", flush=True)


def _demo_operator(data_dir: Path) -> tuple[str, str]:
    """Who the demo signs in as: ``WUSHE_DEMO_USERNAME``/``WUSHE_DEMO_PASSWORD``, else the
    ``admin`` operator with ``WUSHE_ADMIN_PASSWORD``, else a ``demo`` operator made in the
    gateway's database of ``data_dir`` (the machine ``wushe up`` runs on) with a new password."""
    username = os.environ.get("WUSHE_DEMO_USERNAME")
    password = os.environ.get("WUSHE_DEMO_PASSWORD")
    if username and password:
        return username, password
    if os.environ.get("WUSHE_ADMIN_PASSWORD"):
        return "admin", os.environ["WUSHE_ADMIN_PASSWORD"]
    os.environ.setdefault("WUSHE_DATA_DIR", str(data_dir))
    from wushe.bootstrap import ensure_operator

    return "demo", asyncio.run(ensure_operator("demo", "演示数据（wushe demo）"))


def _demo(base: str, data_dir: Path) -> None:
    from wushe.demo import run

    username, password = _demo_operator(data_dir)
    print(f"filling {base} with the demo story (as {username}) ...", flush=True)
    run(base, username, password, say=lambda line: print(line, flush=True))


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill a running system with the seed story through its public API."""
    from wushe.demo import DemoError

    try:
        _demo(args.url.rstrip("/"), Path(args.data_dir).resolve())
    except (DemoError, httpx.HTTPError) as error:
        print(f"demo failed: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Upload an organization roster to a running system, with progress."""
    from wushe.demo import _sign_in
    from wushe.roster import import_roster

    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    username, password = _demo_operator(Path(args.data_dir).resolve())
    base = args.url.rstrip("/")
    with httpx.Client(base_url=base, timeout=30) as client:
        token = _sign_in(client, username, password)
    import_roster(base, token, path, dry_run=args.dry_run)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``wushe`` argument parser."""
    parser = argparse.ArgumentParser(prog="wushe", description="五社联动资源对接平台 / Wushe")
    sub = parser.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="migrate and run the gateway and all services")
    up.add_argument(
        "--port",
        type=int,
        default=BASE_PORT,
        help=f"gateway port; the services take the next {len(SERVICE_NAMES)}",
    )
    up.add_argument("--data-dir", default=os.environ.get("WUSHE_DATA_DIR", "./var"))
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--ready-timeout", type=float, default=60.0)
    up.add_argument(
        "--demo", action="store_true", help="fill the system with the seed story once it is up"
    )
    up.set_defaults(func=cmd_up)

    demo = sub.add_parser("demo", help="fill a running system with the seed story (idempotent)")
    demo.add_argument("--url", default=f"http://127.0.0.1:{BASE_PORT}", help="the gateway")
    demo.add_argument("--data-dir", default=os.environ.get("WUSHE_DATA_DIR", "./var"))
    demo.set_defaults(func=cmd_demo)

    roster = sub.add_parser(
        "import", help="upload an organization roster (CSV or XLSX) to a running system"
    )
    roster.add_argument("file", help="the roster: .csv or .xlsx, as the export writes it")
    roster.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    roster.add_argument("--url", default=f"http://127.0.0.1:{BASE_PORT}", help="the gateway")
    roster.add_argument("--data-dir", default=os.environ.get("WUSHE_DATA_DIR", "./var"))
    roster.set_defaults(func=cmd_import)

    migrate = sub.add_parser("migrate", help="apply every service's migrations")
    migrate.add_argument("--data-dir", default=None)
    migrate.set_defaults(func=cmd_migrate)

    serve = sub.add_parser("serve", help="serve one app (used by `up`)")
    serve.add_argument("service", choices=APP_NAMES)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, required=True)
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``wushe`` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
