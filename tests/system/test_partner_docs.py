"""docs/partners.md, executed: every bash and python block, in order, in one shell, against a
real ``wushe up`` on loopback. An example that stops working fails the build."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.backends import DatabaseSet
from tests.system.test_up import free_port_block

pytestmark = pytest.mark.system
ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "partners.md"
ADMIN_PASSWORD = "partner-docs-password"
FENCE = re.compile(r"^```(\w+)[ \t]*(\S*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str, str]]:
    """(language, file name or "", body) of every fenced block of the page."""
    return [(m[1], m[2], m[3]) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))]


def script() -> str:
    """The page as one bash script: bash blocks as they are, python blocks run with the
    project's interpreter (or written to their file when the fence names one)."""
    parts = ["set -euo pipefail"]
    for language, name, body in blocks():
        if language == "bash":
            parts.append(body)
        elif language == "python" and name:
            parts.append(f"cat > {shlex.quote(name)} <<'WUSHE_DOC_EOF'\n{body}WUSHE_DOC_EOF")
        elif language == "python":
            parts.append(f"python - <<'WUSHE_DOC_EOF'\n{body}WUSHE_DOC_EOF")
    return "\n".join(parts) + "\n"


def test_the_page_has_what_a_partner_needs() -> None:
    languages = [language for language, _, _ in blocks()]
    assert languages.count("bash") >= 5
    assert languages.count("python") >= 3
    text = DOC.read_text(encoding="utf-8")
    for needed in ("X-API-Key", "next_cursor", "Retry-After", "webhook-signature", "/v1/events/"):
        assert needed in text


@pytest.fixture(scope="module")
def system(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import asyncio

    data_dir = Path(tmp_path_factory.mktemp(f"partners-{backend}"))
    dbs = DatabaseSet(backend, data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update(
        {
            "WUSHE_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "WUSHE_LOG_LEVEL": "WARNING",
            "WUSHE_WEBHOOK_ALLOW_PRIVATE": "true",
        }
    )
    if backend == "postgresql":
        asyncio.run(dbs.create())
        for service in ("gateway", "registry", "matching", "funds"):
            env[f"WUSHE_{service.upper()}_DATABASE_URL"] = dbs.url(service)
    port = free_port_block()
    log = (data_dir / "up.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wushe.cli", "up", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = (data_dir / "up.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"wushe up exited during start-up:\n{tail}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("wushe up did not become ready")
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        if backend == "postgresql":
            asyncio.run(dbs.drop())


def test_every_example_runs(system: str, tmp_path: Path) -> None:
    (tmp_path / "partners.sh").write_text(script(), encoding="utf-8")
    venv_bin = str(Path(sys.executable).parent)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")},
        "WUSHE_URL": system,
        "WUSHE_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RECEIVER_PORT": str(free_port_block(1)),
        # `python` and `python3` in the examples: this project's interpreter (httpx,
        # standardwebhooks), as a partner's own environment would have them.
        "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
    }
    done = subprocess.run(
        ["bash", str(tmp_path / "partners.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    out = done.stdout
    assert '"code":"522325"' in out.replace(" ", "") or '"code": "522325"' in out
    assert "401 unauthorized" in out or "401 " in out
    assert "prefectures:" in out
    assert "community.created 者相镇纳孔村" in out
    assert "('community.created', 'delivered'" in out
