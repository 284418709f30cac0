"""Structured JSON logging: one object per line, with the service and the request ID."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from services.common.context import request_id_var

_RESERVED = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """Formats a record as a single JSON line; extra= fields become keys.

    Every request writes one line (the access log), so the formatting is kept lean: the
    timestamp's date and time are rebuilt once a second and the JSON encoder is built once.
    """

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service
        self._encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        self._second = -1
        self._stamp = ""

    def _timestamp(self, created: float, msecs: float) -> str:
        second = int(created)
        if second != self._second:
            # Two threads may both rebuild it; each writes the same value.
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
            self._second = second
        return f"{self._stamp}.{int(msecs):03d}Z"

    def info_line(self, logger: str, msg: str, fields: dict[str, Any]) -> str:
        """The line :meth:`format` writes for an INFO record made now, with ``fields`` as its
        ``extra`` (without a ``request_id`` of its own, the context's is taken)."""
        created = time.time()
        entry: dict[str, Any] = {
            "ts": self._timestamp(created, (created - int(created)) * 1000),
            "level": "info",
            "service": self.service,
            "logger": logger,
            "msg": msg,
        }
        rid = fields.get("request_id") or request_id_var.get()
        if rid:
            entry["request_id"] = rid
        for key, value in fields.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        return self._encode(entry)

    def format(self, record: logging.LogRecord) -> str:
        attributes = record.__dict__
        entry: dict[str, Any] = {
            "ts": self._timestamp(record.created, record.msecs),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        # Taken when formatting: the handler writes synchronously, inside the request's context.
        rid = attributes.get("request_id") or request_id_var.get()
        if rid:
            entry["request_id"] = rid
        for key, value in attributes.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return self._encode(entry)


def sole_json_handler(logger: logging.Logger) -> logging.StreamHandler[Any] | None:
    """The one handler ``logger``'s INFO records reach, when it is a plain stream handler with
    a :class:`JsonFormatter` and nothing filters on the way (what :func:`configure_logging`
    sets up); ``None`` otherwise (tests capturing logs, other handlers, filters)."""
    if logger.filters:
        return None
    found: logging.StreamHandler[Any] | None = None
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if (
                found is not None
                or type(handler) is not logging.StreamHandler
                or not isinstance(handler.formatter, JsonFormatter)
                or handler.filters
                or handler.level > logging.INFO
            ):
                return None
            found = handler
        current = current.parent if current.propagate else None
    return found


def write_line(handler: logging.StreamHandler[Any], line: str) -> bool:
    """Write a formatted line as the handler writes a record (under its lock, flushed);
    False if that failed, so the caller can hand the record over for the handler's report."""
    handler.acquire()
    try:
        handler.stream.write(line + handler.terminator)
        handler.flush()
    except RecursionError:
        raise
    except Exception:
        return False
    finally:
        handler.release()
    return True


def configure_logging(service: str, level: str = "INFO", as_json: bool = True) -> None:
    """Route the root logger to stderr, as JSON lines unless asked otherwise."""
    handler = logging.StreamHandler(sys.stderr)
    if as_json:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter(f"%(asctime)s {service} %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Neither format shows the thread or the process; not collecting them for every record is
    # the logging module's own advice for hot paths (every request writes one line).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # uvicorn's own access log duplicates ours; ours carries the request ID.
    logging.getLogger("uvicorn.access").disabled = True
    # httpx logs every request at INFO: the gateway's feed readers and the outbox relay would
    # fill the log with their polls. Our own access line already says what was called.
    logging.getLogger("httpx").setLevel(logging.WARNING)
