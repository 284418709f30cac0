"""``wushe import``: upload an organization roster (CSV or XLSX) to a running system, with progress.

The file goes through the public API (``POST /v1/organizations/import``) as an officer's browser
would send it, streamed from disk. While it uploads, a progress line shows the share sent; while
the Registry checks and writes the rows, the line shows the time spent. Then the summary: rows
created, updated, and each refused row with its field and reason, in Chinese, as an officer fixes
them in Excel.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx

CHUNK = 64 * 1024


class Progress:
    """One line on a terminal, rewritten in place; plain lines (every 10 %) anywhere else."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1
        self.started = time.monotonic()

    def show(self, text: str, fraction: float | None = None) -> None:
        elapsed = time.monotonic() - self.started
        line = f"{text} · {elapsed:.0f} s"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
        elif fraction is not None and int(fraction * 10) != self._last_tenth:
            self._last_tenth = int(fraction * 10)
            self.stream.write(line + "\n")
            self.stream.flush()

    def done(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")
        self.stream.write(text + "\n")
        self.stream.flush()


def _chunks(path: Path, progress: Progress) -> Iterator[bytes]:
    size = path.stat().st_size or 1
    sent = 0
    with path.open("rb") as source:
        while block := source.read(CHUNK):
            sent += len(block)
            share = f"{sent * 100 // size}% ({sent / 1e6:.1f} of {size / 1e6:.1f} MB)"
            progress.show(f"uploading {path.name}: {share}", sent / size)
            yield block


def _multipart(path: Path, boundary: str, progress: Progress) -> Iterator[bytes]:
    kind = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if path.suffix.lower() == ".xlsx"
        else "text/csv"
    )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{path.name}"\r\nContent-Type: {kind}\r\n\r\n'
    )
    yield head.encode()
    yield from _chunks(path, progress)
    yield f"\r\n--{boundary}--\r\n".encode()


def import_roster(
    base_url: str,
    token: str,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Upload ``path``; return the Registry's answer (``created``, ``updated``, ``failed``)."""
    progress = progress or Progress()
    boundary = f"wushe-{time.time_ns():x}"
    waiting = threading.Event()

    def tick() -> None:  # while the Registry works, the line keeps counting
        while not waiting.wait(0.5):
            progress.show(f"the Registry is checking and writing {path.name}")

    with httpx.Client(base_url=base_url, timeout=httpx.Timeout(30, read=600)) as client:
        request = client.build_request(
            "POST",
            "/v1/organizations/import",
            params={"dry_run": "true"} if dry_run else None,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Accept-Language": "zh-CN",
            },
            content=_multipart(path, boundary, progress),
        )
        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            response = client.send(request)
        finally:
            waiting.set()
            ticker.join()
    body = response.json()
    if response.status_code != 200:
        progress.done(
            f"import refused: {response.status_code} {body.get('code')}: {body.get('detail')}"
        )
        raise SystemExit(1)
    answer: dict[str, Any] = body
    failed = answer.get("failed") or []
    progress.done(
        f"{'checked' if dry_run else 'imported'} {path.name} in "
        f"{time.monotonic() - progress.started:.1f} s: {answer.get('created', 0)} created, "
        f"{answer.get('updated', 0)} updated, {len(failed)} refused"
        + (" (dry run: nothing written)" if dry_run else "")
    )
    for row in failed[:20]:
        say(f"  row {row.get('row')}: {row.get('field')}: {row.get('message')}")
    if len(failed) > 20:
        say(f"  ... and {len(failed) - 20} more")
    return answer
