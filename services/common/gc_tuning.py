"""The garbage collector of a serving process: rarer collections, none of start-up's objects.

CPython's cyclic collector runs a young collection every 700 net container allocations, and
now and then a full one that walks every tracked object in the process. A service holds a few
hundred thousand objects from start-up alone (SQLAlchemy's and Pydantic's machinery, FastAPI's
routes, the OpenAPI document), none of which will ever be garbage, and a ledger batch keeps
thousands of new objects alive for the milliseconds it runs (the validated body, requests,
entries, outcomes): they survive young collections, are promoted, and bring on full ones. A
native profile of the Funds process under batches of 1,000 transfers (``py-spy --native``)
had **32 %** of its CPU in the collector, most of it while Pydantic validated the batch body;
with the tuning below, 1 %.

So a process that serves (``wushe serve``: :func:`serving`) does what large Python services
do (Instagram's ``gc.freeze``; the documentation of :func:`gc.freeze`):

* once start-up has finished (the lifespan's ``startup.complete``), collect what start-up left
  and move every surviving object to the permanent generation, which no collection walks;
* raise the young generation's threshold (:data:`THRESHOLDS`), so collections are rarer; a
  young collection's cost is the objects it walks, most of which have died by then.

Reference counting still frees every acyclic object at once; only cycles wait a little longer,
and only objects made during start-up are never collected (they live as long as the process).
``WUSHE_GC_TUNING=0`` leaves the collector as CPython sets it (to compare: ``bench/
funds_ledger.py --gc-tuning off``; docs/benchmarks.md, "Funds"). Tests, which build many apps in
one process, do not use this.
"""

from __future__ import annotations

import gc
import logging
import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("wushe.gc")

#: The generations' thresholds (CPython's are 700, 10, 10).
THRESHOLDS = (50_000, 20, 20)


def tuning_enabled() -> bool:
    """Whether this process tunes its collector: ``WUSHE_GC_TUNING``, on unless ``0``/``off``."""
    return os.environ.get("WUSHE_GC_TUNING", "1").strip().lower() not in ("0", "false", "off")


def freeze_startup() -> int:
    """Collect start-up's garbage and freeze what remains; how many objects are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class FreezeAfterStartup:
    """ASGI wrapper: the app as it is, and :func:`freeze_startup` once its lifespan has
    started (just before the server hears so and takes requests)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "lifespan.startup.complete":
                frozen = freeze_startup()
                log.info("gc: %d start-up objects frozen, thresholds %s", frozen, THRESHOLDS)
            await send(message)

        await self.app(scope, receive, sending)


def serving(app: ASGIApp) -> ASGIApp:
    """``app`` as a serving process runs it: the collector tuned, unless switched off."""
    if not tuning_enabled():
        return app
    gc.set_threshold(*THRESHOLDS)
    return FreezeAfterStartup(app)
