"""A serving process tunes its collector (services/common/gc_tuning.py); ``WUSHE_GC_TUNING=0``
leaves it alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from services.common import gc_tuning


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


async def _lifespan(app: Any) -> list[str]:
    """Start ``app``'s lifespan as a server does; the messages it sent."""
    inbox = [{"type": "lifespan.startup"}]
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message["type"])

    await app({"type": "lifespan"}, receive, send)
    return sent


async def _app(scope: Any, receive: Any, send: Any) -> None:
    """A lifespan that starts, counting the frozen objects when it says so."""
    assert scope["type"] == "lifespan"
    await receive()
    _app.frozen_before_complete = gc.get_freeze_count()  # type: ignore[attr-defined]
    await send({"type": "lifespan.startup.complete"})


async def test_a_serving_app_freezes_start_up_once_it_has_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WUSHE_GC_TUNING", raising=False)
    gc.unfreeze()
    served = gc_tuning.serving(_app)
    assert served is not _app
    assert gc.get_threshold() == gc_tuning.THRESHOLDS
    assert gc.get_freeze_count() == 0
    assert await _lifespan(served) == ["lifespan.startup.complete"]
    assert _app.frozen_before_complete == 0  # type: ignore[attr-defined]  # not before start-up
    assert gc.get_freeze_count() > 1000  # this test process's objects, frozen after it


@pytest.mark.parametrize("value", ["0", "off", "false"])
async def test_switched_off_the_collector_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("WUSHE_GC_TUNING", value)
    gc.unfreeze()
    thresholds = gc.get_threshold()
    assert gc_tuning.serving(_app) is _app
    assert gc.get_threshold() == thresholds
    assert await _lifespan(_app) == ["lifespan.startup.complete"]
    assert gc.get_freeze_count() == 0


async def test_requests_pass_through_untouched() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope, receive, send))

    wrapped = gc_tuning.FreezeAfterStartup(app)
    scope = {"type": "http", "path": "/healthz"}
    await wrapped(scope, _nothing, _nothing)
    assert seen == [(scope, _nothing, _nothing)]
    assert gc.get_freeze_count() == 0


async def _nothing(*_: Any) -> Any:
    return None
