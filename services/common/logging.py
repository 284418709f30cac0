"""Logging: JSON lines for machines, one readable colored line for a person at a terminal.

JSON (one object per line, with the service and the request ID) is the default whenever stderr
is not a terminal — a container, a log shipper, a file — and is chosen or refused explicitly with
``WUSHE_LOG_JSON``. At a terminal, :class:`ConsoleFormatter` writes one short line per request
(time, app, method, path, status, duration, request id) and per other record.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

from services.common.apps import APP_NAMES
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


_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
_LEVEL_COLORS = {"DEBUG": "\x1b[2m", "INFO": "\x1b[36m", "WARNING": "\x1b[33m", "ERROR": "\x1b[31m"}
#: One color per app, in the order of the app list (magenta, blue, green, yellow, ...).
_APP_COLORS = dict(
    zip(APP_NAMES, ("\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[33m", "\x1b[36m"), strict=False)
)
#: Fields the console line shows in its own columns, not again as key=value.
_ACCESS_FIELDS = frozenset({"app", "request_id", "method", "path", "status", "duration_ms"})


def _status_color(status: int) -> str:
    if status >= 500:
        return "\x1b[1;31m"
    if status >= 400:
        return "\x1b[33m"
    if status >= 300:
        return "\x1b[36m"
    return "\x1b[32m"


class ConsoleFormatter(logging.Formatter):
    """One short line per record for a person watching ``wushe up`` in a terminal.

    A request: ``14:03:07.412 registry  GET    /v1/regions/330203   200    2.1 ms  9f2c…``;
    anything else: ``14:03:07.412 funds     WARN   the message  key=value …``. Colored unless
    ``NO_COLOR`` is set (https://no-color.org) or ``color=False``.
    """

    def __init__(self, service: str, *, color: bool = True) -> None:
        super().__init__()
        self.service = service
        self.color = color

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and code else text

    def format(self, record: logging.LogRecord) -> str:
        attributes = record.__dict__
        clock = time.strftime("%H:%M:%S", time.localtime(record.created))
        stamp = self._paint(_DIM, f"{clock}.{int(record.msecs):03d}")
        app_name = str(attributes.get("app") or self.service)
        app = self._paint(_APP_COLORS.get(app_name, ""), f"{app_name:<9}")
        if "status" in attributes and "method" in attributes and "path" in attributes:
            status = int(attributes["status"])
            duration = float(attributes.get("duration_ms") or 0.0)
            rid = str(attributes.get("request_id") or "")
            line = (
                f"{stamp} {app} {attributes['method']:<6} {attributes['path']} "
                f"{self._paint(_status_color(status), str(status))} {duration:7.1f} ms"
            )
            if rid:
                line += " " + self._paint(_DIM, rid[:8])
            return line
        level = record.levelname
        label = self._paint(_LEVEL_COLORS.get(level, _BOLD), f"{level[:5]:<5}")
        extras = " ".join(
            f"{key}={value}"
            for key, value in attributes.items()
            if key not in _RESERVED and not key.startswith("_") and key not in _ACCESS_FIELDS
        )
        line = f"{stamp} {app} {label} {record.getMessage()}"
        current = attributes.get("request_id") or request_id_var.get()
        if extras:
            line += "  " + self._paint(_DIM, extras)
        if current and level != "INFO":
            line += " " + self._paint(_DIM, str(current)[:8])
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


#: Paths a service answers all day to other parts of the system: the followers' long polls of
#: the change feeds, the gateway's readiness and metrics probes.
_INTERNAL_POLLS = ("/v1/events/", "/readyz", "/healthz", "/metrics")


def quiet_internal_polls(record: logging.LogRecord) -> bool:
    """At a terminal, a service's access lines for the system's own polling are left out (the
    gateway's lines still show every call from outside, those paths included)."""
    attributes = record.__dict__
    path = attributes.get("path")
    if not isinstance(path, str) or attributes.get("app") in {None, "gateway"}:
        return True
    return not path.startswith(_INTERNAL_POLLS)


def wants_json(setting: bool | None, stream: Any = None) -> bool:
    """JSON unless told otherwise (``setting``) or, when not told, unless ``stream`` is a TTY."""
    if setting is not None:
        return setting
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return not (callable(isatty) and isatty())


def configure_logging(service: str, level: str = "INFO", as_json: bool | None = True) -> None:
    """Route the root logger to stderr: JSON lines, or readable lines for a terminal.

    ``as_json=None`` decides by stderr: a terminal gets :class:`ConsoleFormatter`, anything else
    JSON.
    """
    handler = logging.StreamHandler(sys.stderr)
    if wants_json(as_json, sys.stderr):
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(ConsoleFormatter(service, color=not os.environ.get("NO_COLOR")))
        handler.addFilter(quiet_internal_polls)
        # uvicorn's start-up chatter (four lines per app) is replaced by `wushe up`'s own
        # sentences; its warnings and errors still show.
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
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
