#!/opt/wushe/bin/python
"""The container image's entry point: what the arguments of ``podman run IMAGE ...`` mean.

    serve APP [--port N]   one app (gateway, registry, matching, funds) on 0.0.0.0 and its own
                           port (``services.common.apps``), through ``wushe serve``
    migrate                wait for each database, ``wushe migrate``, then create the first
                           operator ``admin`` when WUSHE_ADMIN_PASSWORD is set (as ``up`` does)
    wait-migrated APP      wait until APP's database is at this image's migration head, or
                           past it (a Kubernetes init container: a new version never serves an
                           old schema; a rolled-back one runs on the newer, expanded schema)
    probe URL              exit 0 when URL answers 200 (health checks: the image has no curl)
    backup-sqlite DEST     copy every app's SQLite file of WUSHE_DATA_DIR into DEST with
                           SQLite's online backup API (consistent under a running writer)
    anything else          handed to ``wushe`` as it is (``wushe worker ...`` when workers come)

Only the standard library and the project are imported, so this file runs in any image that
holds the project. ``WUSHE_BIND_HOST`` (default ``0.0.0.0``) moves the listening address and
``WUSHE_WAIT_SECONDS`` (default 120) bounds every wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from services.common.apps import APP_NAMES, get_app
from wushe import cli


def say(message: str, *, error: bool = False) -> None:
    """One line to the container's log (stdout, or stderr for an error)."""
    stream = sys.stderr if error else sys.stdout
    stream.write(message + "\n")
    stream.flush()


def _wait_seconds() -> float:
    return float(os.environ.get("WUSHE_WAIT_SECONDS", "120"))


def serve(args: list[str]) -> int:
    """``serve APP [--port N]``: wushe serve on every interface and the app's own port."""
    if not args or args[0] not in APP_NAMES:
        say(f"usage: serve {{{','.join(APP_NAMES)}}} [--port N]", error=True)
        return 2
    app, rest = args[0], args[1:]
    if "--port" not in rest:
        rest = [*rest, "--port", str(get_app(app).default_port)]
    if "--host" not in rest:
        rest = [*rest, "--host", os.environ.get("WUSHE_BIND_HOST", "0.0.0.0")]
    return cli.main(["serve", app, *rest])


async def _wait_for_databases() -> None:
    """Every app's database answers (a fresh PostgreSQL container takes a few seconds)."""
    from services.common.db import Database
    from wushe.bootstrap import database_url

    deadline = time.monotonic() + _wait_seconds()
    for app in APP_NAMES:
        database = Database(database_url(app), pool_size=1)
        try:
            while True:
                try:
                    await database.ping()
                    break
                except Exception as exc:  # not up yet: refused, starting, DNS not ready
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{app}: database not reachable ({exc!r})") from exc
                    say(f"waiting for the {app} database: {type(exc).__name__}")
                    await asyncio.sleep(1.0)
        finally:
            await database.dispose()


def migrate(args: list[str]) -> int:
    """``migrate``: wait for the databases, apply every migration, create the first operator."""
    from wushe.bootstrap import ensure_admin

    asyncio.run(_wait_for_databases())
    code = cli.main(["migrate", *args])
    if code:
        return code
    password = os.environ.get("WUSHE_ADMIN_PASSWORD")
    if not password:
        say("WUSHE_ADMIN_PASSWORD is not set: no operator account created")
        return 0
    asyncio.run(ensure_admin(password))
    say("operator account admin is present")
    return 0


async def _revisions(app: str) -> tuple[set[str], set[str], set[str]]:
    """(revisions applied to the app's database, heads and all revisions of the image's)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

    from services.common.db import Database
    from services.common.migrate import alembic_config, version_table
    from wushe.bootstrap import database_url

    script = ScriptDirectory.from_config(alembic_config(app))
    heads = set(script.get_heads())
    known = {revision.revision for revision in script.walk_revisions()}
    database = Database(database_url(app), pool_size=1)

    def current(connection: Connection) -> set[str]:
        context = MigrationContext.configure(connection, opts={"version_table": version_table(app)})
        return set(context.get_current_heads())

    try:
        async with database.engine.connect() as connection:
            return await connection.run_sync(current), heads, known
    finally:
        await database.dispose()


def wait_migrated(args: list[str]) -> int:
    """``wait-migrated APP``: block until the app's schema is this image's head."""
    if len(args) != 1 or args[0] not in APP_NAMES:
        say(f"usage: wait-migrated {{{','.join(APP_NAMES)}}}", error=True)
        return 2
    app = args[0]
    deadline = time.monotonic() + _wait_seconds()
    while True:
        try:
            applied, heads, known = asyncio.run(_revisions(app))
            if applied == heads:
                say(f"{app}: schema at {', '.join(sorted(heads))}")
                return 0
            if applied - known:
                # A revision this image does not know: the database is ahead of it (a rollback
                # of the apps). Migrations only expand, so an older release runs on it.
                say(f"{app}: schema at {sorted(applied)}, newer than this image's {sorted(heads)}")
                return 0
            state = f"at {sorted(applied) or 'nothing'}, want {sorted(heads)}"
        except Exception as exc:  # database not up yet
            state = f"database: {type(exc).__name__}"
        if time.monotonic() > deadline:
            say(f"{app}: schema not migrated ({state})", error=True)
            return 1
        say(f"waiting for the {app} migration ({state})")
        time.sleep(2.0)


def probe(args: list[str]) -> int:
    """``probe URL``: 0 when the URL answers 200 within 3 seconds."""
    if len(args) != 1:
        say("usage: probe URL", error=True)
        return 2
    try:
        with urllib.request.urlopen(args[0], timeout=3.0) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        say(f"{args[0]}: {exc}", error=True)
        return 1


def backup_sqlite_file(source: Path, target: Path) -> None:
    """One consistent copy of a live SQLite database (WAL included), checked before it counts.

    A file copy under a running writer can catch the main file and its WAL at different
    moments; the backup API copies pages under SQLite's own locks and restarts if a writer
    changes a page it already copied.
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")
        (check,) = dst.execute("PRAGMA integrity_check").fetchone()
        if check != "ok":
            raise RuntimeError(f"{source}: the copy failed its integrity check: {check}")
    partial.replace(target)


def backup_sqlite(args: list[str]) -> int:
    """``backup-sqlite DEST``: every app's database of WUSHE_DATA_DIR, copied online into DEST."""
    if len(args) != 1:
        say("usage: backup-sqlite DEST_DIR", error=True)
        return 2
    source_dir = Path(os.environ.get("WUSHE_DATA_DIR", "var"))
    target_dir = Path(args[0])
    target_dir.mkdir(parents=True, exist_ok=True)
    found = 0
    for app in APP_NAMES:
        source = source_dir / f"{app}.db"
        if not source.exists():
            continue
        backup_sqlite_file(source, target_dir / source.name)
        found += 1
        say(f"backed up {source} -> {target_dir / source.name}")
    if not found:
        say(f"no SQLite database in {source_dir}", error=True)
        return 1
    return 0


COMMANDS = {
    "serve": serve,
    "migrate": migrate,
    "wait-migrated": wait_migrated,
    "probe": probe,
    "backup-sqlite": backup_sqlite,
}


def main(argv: list[str]) -> int:
    """Dispatch on the first argument; anything unknown goes to ``wushe``."""
    if not argv:
        say(__doc__, error=True)
        return 2
    command = COMMANDS.get(argv[0])
    if command is None:
        return cli.main(argv)
    return command(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
