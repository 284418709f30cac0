"""``wushe up`` for real: four processes on loopback ports, talked to over TCP."""

from __future__ import annotations

import gc
import os
import random
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.backends import DatabaseSet

pytestmark = pytest.mark.system
ADMIN_PASSWORD = "system-test-password"


def free_port_block(count: int = 4) -> int:
    """A base port with ``count`` consecutive free ports after it.

    Drawn below the kernel's ephemeral range (32768-60999 on Linux): a port the kernel hands out
    for outgoing connections (to PostgreSQL, between the apps) could be taken between a test
    stopping a server and starting it again on the same port.
    """
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 32000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)  # closed below even when the bind fails (a port taken)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports")


@pytest.fixture(scope="module")
def running(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    import asyncio

    data_dir = Path(tmp_path_factory.mktemp(f"up-{backend}"))
    dbs = DatabaseSet(backend, data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update({"WUSHE_ADMIN_PASSWORD": ADMIN_PASSWORD, "WUSHE_LOG_LEVEL": "WARNING"})
    if backend == "postgresql":
        asyncio.run(dbs.create())
        for service in ("gateway", "registry", "matching", "funds"):
            env[f"WUSHE_{service.upper()}_DATABASE_URL"] = dbs.url(service)
    port = free_port_block()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wushe.cli", "up", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        assert proc.stdout is not None
        lines = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("wushe is up"):
                break
        assert lines, "wushe up printed nothing"
        assert lines[-1].startswith("wushe is up"), "".join(lines)
        assert f"http://127.0.0.1:{port}/docs" in lines[-1]
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        if backend == "postgresql":
            asyncio.run(dbs.drop())


def token(base: str) -> str:
    response = httpx.post(
        f"{base}/v1/auth/token", json={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_ready_docs_and_signatures(
    running: tuple[int, subprocess.Popen[str]], backend: str
) -> None:
    port, _ = running
    base = f"http://127.0.0.1:{port}"
    anonymous = httpx.get(f"{base}/readyz")
    assert anonymous.status_code == 200, anonymous.text
    assert anonymous.json() == {"status": "ready"}  # the detail is for operators only
    ready = httpx.get(f"{base}/readyz", headers={"Authorization": f"Bearer {token(base)}"})
    assert ready.status_code == 200, ready.text
    services = ready.json()["services"]
    assert set(services) == {"gateway", "registry", "matching", "funds"}
    assert {s["database"]["backend"] for s in services.values()} == {backend}

    doc = httpx.get(f"{base}/openapi.json").json()
    assert "x-unavailable-services" not in doc
    assert "/v1/auth/token" in doc["paths"]
    assert httpx.get(f"{base}/docs").status_code == 200

    registry = f"http://127.0.0.1:{port + 1}"
    assert httpx.get(f"{registry}/v1/regions").status_code == 401
    assert httpx.get(f"{registry}/openapi.json").status_code == 401
    through = httpx.get(f"{base}/v1/regions", headers={"Authorization": f"Bearer {token(base)}"})
    assert through.status_code != 401
    assert through.headers["x-request-id"]


def test_sigterm_stops_every_process(running: tuple[int, subprocess.Popen[str]]) -> None:
    port, proc = running
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    for offset in range(4):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port + offset}/healthz", timeout=2)


def test_a_taken_port_leaves_no_socket_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block whose port is taken is skipped, and its sockets closed (an unclosed one is a
    ResourceWarning that pytest reports against whichever test collects it)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        bases = iter([port, 20000 + port % 1000])

        class Draw:
            def randrange(self, *_: int) -> int:
                return next(bases)

        monkeypatch.setattr(random, "Random", Draw)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            assert free_port_block(1) != port
            gc.collect()  # the skipped block's socket, had it been left open, warns here
