"""What every benchmark shares: servers that start, become ready and stop; tools that say why.

A benchmark that sleeps a fixed time before measuring, or throws its servers' output away, stops
working the day start-up gets slower and says nothing useful when it does. So, in every script:

* :meth:`Harness.start` runs a server with its stdout and stderr in a log file of its own, in a
  process group of its own (what it starts in turn, e.g. ``wushe up``'s services, is stopped too);
* :meth:`Harness.wait_http` / :meth:`Harness.wait_tcp` poll its readiness with a deadline, and fail
  at once if it exits; failures raise :class:`BenchError` with its exit code and its log's tail;
* :func:`run_tool` / :func:`wrk` run a tool to completion and raise with its stderr on failure;
* ``with Harness(...)`` stops every process and runs every cleanup (databases, temporary
  directories) on any exit: normal, exception, Ctrl-C or SIGTERM (CI's timeout);
* :func:`main` prints a :class:`BenchError` as one clear message and exits 1, not a traceback.

Conventions for new scripts are in ``bench/README.md`` ("Smoke mode").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType, TracebackType

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432"


class BenchError(RuntimeError):
    """A benchmark could not run; the message says why (exit code, log tail, stderr)."""


def _tail(text: str, lines: int = 40) -> str:
    kept = text.rstrip().splitlines()[-lines:]
    return textwrap.indent("\n".join(kept), "    | ") if kept else "    (nothing)"


class Process:
    """A server started by :meth:`Harness.start`, with the log of its stdout and stderr."""

    def __init__(self, name: str, popen: subprocess.Popen[bytes], log: Path) -> None:
        self.name = name
        self.popen = popen
        self.log = log

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log_tail(self, lines: int = 40) -> str:
        try:
            return _tail(self.log.read_text(errors="replace"), lines)
        except OSError:
            return "    (no log)"

    def failure(self, what: str) -> BenchError:
        """An error saying what went wrong, with the exit code and the end of the log."""
        code = self.popen.poll()
        state = "still running" if code is None else f"exit code {code}"
        return BenchError(f"{self.name} {what} ({state}); end of {self.log}:\n{self.log_tail()}")

    def check(self) -> None:
        """Raise if the process has exited: a server that stops during a run is a failure."""
        if self.popen.poll() is not None:
            raise self.failure("exited")

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM and wait; then SIGKILL whatever is left of its process group."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        # The group outlives its leader when the leader dies first (a crash, or a timeout
        # above): its children must not keep ports and databases busy after the benchmark.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    # SystemExit unwinds through every ``finally`` and ``__exit__``: the cleanups run.
    raise SystemExit(128 + signum)


class Harness:
    """Starts servers, waits for them, and stops them and cleans up on any exit."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.workdir = Path(tempfile.mkdtemp(prefix=f"wushe-bench-{name}-"))
        self.processes: list[Process] = []
        self._cleanups: list[tuple[str, Callable[[], object]]] = []
        self._previous: Callable[[int, FrameType | None], object] | int | None = None

    def __enter__(self) -> Harness:
        self._previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for proc in reversed(self.processes):
            proc.stop()
        for what, cleanup in reversed(self._cleanups):
            try:
                cleanup()
            except Exception as error:  # one failed cleanup must not skip the others
                print(f"{self.name}: cleanup failed: {what}: {error}", file=sys.stderr)
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
        if exc_type is None or not any(self.workdir.iterdir()):
            shutil.rmtree(self.workdir, ignore_errors=True)
        else:
            print(f"{self.name}: logs kept in {self.workdir}", file=sys.stderr)

    def cleanup(self, what: str, action: Callable[[], object]) -> None:
        """Run ``action`` on exit (after the processes stop), last registered first."""
        self._cleanups.append((what, action))

    def tempdir(self, prefix: str) -> Path:
        """A temporary directory removed on exit, success or not (unlike the logs)."""
        path = Path(tempfile.mkdtemp(prefix=f"wushe-bench-{prefix}-"))
        self.cleanup(f"remove {path}", lambda: shutil.rmtree(path, ignore_errors=True))
        return path

    def start(self, name: str, cmd: Sequence[str], env: Mapping[str, str] | None = None) -> Process:
        """Start a server; its output goes to ``<workdir>/<name>.log``."""
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                list(cmd),
                env=dict(env) if env is not None else None,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Process(name, popen, log)
        self.processes.append(proc)
        return proc

    def stop(self, proc: Process) -> None:
        """Stop one server before the others (e.g. to start the next variant on its port)."""
        proc.stop()
        self.processes.remove(proc)

    @staticmethod
    def wait_http(
        proc: Process,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60.0,
    ) -> None:
        """Poll ``url`` until it answers 200; fail early if ``proc`` exits."""
        import httpx

        deadline = time.monotonic() + timeout
        last = "no answer"
        while True:
            proc.check()
            try:
                response = httpx.get(url, headers=dict(headers or {}), timeout=2.0)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    return
                last = f"{response.status_code} {response.text[:300]}"
            if time.monotonic() > deadline:
                raise proc.failure(f"not ready at {url} after {timeout:.0f} s (last: {last})")
            time.sleep(0.1)

    @staticmethod
    def wait_tcp(proc: Process, host: str, port: int, *, timeout: float = 30.0) -> None:
        """Poll until ``host:port`` accepts a connection; fail early if ``proc`` exits."""
        deadline = time.monotonic() + timeout
        while True:
            proc.check()
            try:
                socket.create_connection((host, port), timeout=1.0).close()
                return
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise proc.failure(
                        f"not accepting on {host}:{port} after {timeout:.0f} s ({exc})"
                    ) from exc
            time.sleep(0.1)

    def database(self, name: str, pg: str = PG, *, keep: bool = False) -> str:
        """Create (or recreate) PostgreSQL database ``name``; dropped on exit unless ``keep``."""
        asyncio.run(_pg_execute(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not keep:
            self.drop_on_exit(name, pg)
        asyncio.run(_pg_execute(pg, f'CREATE DATABASE "{name}"'))
        return f"{pg}/{name}"

    def drop_on_exit(self, name: str, pg: str = PG) -> None:
        """Drop PostgreSQL database ``name`` on exit (after the processes using it stop)."""
        statement = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        self.cleanup(f"drop database {name}", lambda: asyncio.run(_pg_execute(pg, statement)))


async def _pg_execute(pg: str, statement: str) -> None:
    import asyncpg

    try:
        conn = await asyncio.wait_for(asyncpg.connect(f"{pg}/postgres"), timeout=10)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        raise BenchError(f"PostgreSQL at {pg} is not reachable: {exc}") from exc
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def require(tool: str, install_hint: str = "") -> None:
    """Fail now, not after the servers' start-up, if ``tool`` is not on the PATH."""
    if shutil.which(tool) is None:
        hint = f" ({install_hint})" if install_hint else ""
        raise BenchError(f"{tool} is not installed{hint}")


def run_tool(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    install_hint: str = "",
) -> str:
    """Run a command to completion and return its stdout; raise with its stderr on failure."""
    require(cmd[0], install_hint)
    try:
        done = subprocess.run(
            list(cmd),
            env=dict(env) if env is not None else None,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{_show(cmd)} did not finish in {timeout} s") from exc
    if done.returncode != 0:
        raise BenchError(
            f"{_show(cmd)} exited with {done.returncode}\nstderr:\n{_tail(done.stderr)}"
            f"\nstdout:\n{_tail(done.stdout, 15)}"
        )
    return done.stdout


def _show(cmd: Sequence[str]) -> str:
    shown = " ".join(cmd)
    return shown if len(shown) < 200 else shown[:200] + " …"


def python(*args: str) -> list[str]:
    """A command line running this interpreter (the venv's) with ``args``."""
    return [sys.executable, *args]


# ---------------------------------------------------------------------------------------------
# Load generation and measurement

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
WRK_HINT = "Debian/Ubuntu: apt-get install -y wrk; bench/smoke installs it when run as root"


def require_wrk() -> None:
    """Fail at once if wrk is missing (call it before starting servers)."""
    require("wrk", WRK_HINT)


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    assert m, text
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk(url: str, headers: dict[str, str], connections: int, duration: int) -> dict[str, float]:
    """One wrk run: req/s, p50 and p99 in ms, and the request count; raise if any failed."""
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
    out = run_tool([*cmd, url], timeout=duration + 30, install_hint=WRK_HINT)

    def grab(pattern: str) -> str:
        found = re.search(pattern, out)
        if found is None:
            raise BenchError(f"unexpected wrk output against {url}:\n{_tail(out)}")
        return found.group(1)

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise BenchError(f"{non2xx.group(1)} non-2xx responses from {url}:\n{_tail(out)}")
    errors = re.search(r"Socket errors:.*", out)
    total = int(grab(r"(\d+) requests in"))
    if total == 0:
        raise BenchError(f"no request completed against {url}:\n{_tail(out)}")
    if errors and re.search(r"connect [1-9]", errors.group(0)):
        raise BenchError(f"wrk could not connect to {url}: {errors.group(0)}")
    return {
        "rps": float(grab(r"Requests/sec:\s+([\d.]+)")),
        "p50_ms": _ms(grab(r"\s50%\s+(\S+)")),
        "p99_ms": _ms(grab(r"\s99%\s+(\S+)")),
        "requests": total,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc; immune to other load on the machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_block(count: int = 4) -> int:
    """The first of ``count`` consecutive loopback ports that are free now."""
    for base in range(21000, 60000, 10):
        socks: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise BenchError("no free block of loopback ports")


def main(run: Callable[[], int | None]) -> None:
    """Run a script's ``run``; a :class:`BenchError` is one message and exit status 1."""
    try:
        code = run()
    except BenchError as exc:
        print(f"{Path(sys.argv[0]).name}: {exc}", file=sys.stderr)
        sys.exit(1)
    sys.exit(code or 0)
