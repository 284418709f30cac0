"""The readable console: one line per request at a terminal, JSON everywhere else."""

from __future__ import annotations

import io
import json
import logging
import re
import sys

import pytest

from services.common.logging import ConsoleFormatter, JsonFormatter, configure_logging, wants_json
from services.common.requestid import access_log, write_access_line
from services.common.settings import ServiceSettings

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def access_record(status: int = 200) -> logging.LogRecord:
    return access_log.makeRecord(
        access_log.name,
        logging.INFO,
        __file__,
        0,
        "%s %s %d",
        ("GET", "/v1/regions/330203", status),
        None,
        None,
        {
            "app": "registry",
            "request_id": "9f2c41d07a6b4e0f",
            "method": "GET",
            "path": "/v1/regions/330203",
            "status": status,
            "duration_ms": 2.14,
        },
    )


class TestChoice:
    def test_a_terminal_gets_readable_lines_anything_else_json(self) -> None:
        assert wants_json(None, Tty()) is False
        assert wants_json(None, io.StringIO()) is True

    def test_the_setting_wins_over_the_terminal(self) -> None:
        assert wants_json(True, Tty()) is True
        assert wants_json(False, io.StringIO()) is False

    def test_the_setting_is_unset_by_default_and_read_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert ServiceSettings().log_json is None
        monkeypatch.setenv("WUSHE_LOG_JSON", "true")
        assert ServiceSettings().log_json is True
        monkeypatch.setenv("WUSHE_LOG_JSON", "0")
        assert ServiceSettings().log_json is False

    @pytest.mark.parametrize(
        ("stream", "formatter"), [(Tty(), ConsoleFormatter), (io.StringIO(), JsonFormatter)]
    )
    def test_configure_logging_picks_the_formatter_by_stderr(
        self, monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, formatter: type
    ) -> None:
        root = logging.getLogger()
        saved = root.handlers[:], root.level
        monkeypatch.setattr(sys, "stderr", stream)
        try:
            configure_logging("registry", "INFO", None)
            assert isinstance(root.handlers[0].formatter, formatter)
        finally:
            root.handlers[:], _ = saved[0], root.setLevel(saved[1])
            logging.getLogger("uvicorn.error").setLevel(logging.NOTSET)


class TestConsoleLine:
    def test_a_request_is_one_line_with_every_column(self) -> None:
        line = ConsoleFormatter("registry", color=False).format(access_record())
        assert "\n" not in line
        assert re.fullmatch(
            r"\d\d:\d\d:\d\d\.\d{3} registry +GET +/v1/regions/330203 200 +2\.1 ms 9f2c41d0", line
        ), line

    def test_status_is_colored_by_class_and_no_color_means_none(self) -> None:
        colored = ConsoleFormatter("registry").format(access_record(503))
        assert "\x1b[1;31m503" in colored
        assert "\x1b[32m200" in ConsoleFormatter("registry").format(access_record(200))
        assert not ANSI.search(ConsoleFormatter("registry", color=False).format(access_record()))

    def test_other_records_show_level_message_and_fields(self) -> None:
        record = logging.getLogger("wushe.outbox").makeRecord(
            "wushe.outbox",
            logging.WARNING,
            __file__,
            0,
            "message %s dead",
            ("m1",),
            None,
            extra={"target": "funds"},
        )
        line = ConsoleFormatter("matching", color=False).format(record)
        assert re.fullmatch(
            r"\d\d:\d\d:\d\d\.\d{3} matching +WARNI message m1 dead  target=funds", line
        ), line

    def test_exceptions_keep_their_traceback(self) -> None:
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.getLogger("x").makeRecord(
                "x", logging.ERROR, __file__, 0, "failed", (), sys.exc_info()
            )
        line = ConsoleFormatter("funds", color=False).format(record)
        assert line.splitlines()[0].endswith("failed")
        assert "ValueError: boom" in line

    def test_the_access_writer_reaches_a_console_handler(self) -> None:
        buffer = io.StringIO()
        handler = logging.StreamHandler(buffer)
        handler.setFormatter(ConsoleFormatter("gateway", color=False))
        saved = access_log.handlers[:], access_log.propagate, access_log.level
        access_log.handlers[:] = [handler]
        access_log.propagate = False
        access_log.setLevel(logging.INFO)
        try:
            write_access_line("gateway", "abcdef0123456789", "POST", "/v1/needs", 201, 12.5)
        finally:
            access_log.handlers[:], access_log.propagate = saved[0], saved[1]
            access_log.setLevel(saved[2])
        text = buffer.getvalue()
        assert "POST" in text
        assert "/v1/needs 201" in text
        assert "12.5 ms" in text
        assert "abcdef01" in text
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)


class TestInternalPolls:
    def _record(self, app: str, path: str) -> logging.LogRecord:
        record = access_record()
        record.__dict__.update(app=app, path=path)
        return record

    def test_a_services_feed_polls_and_probes_are_left_out(self) -> None:
        from services.common.logging import quiet_internal_polls

        assert not quiet_internal_polls(self._record("registry", "/v1/events/registry"))
        assert not quiet_internal_polls(self._record("funds", "/readyz"))
        assert quiet_internal_polls(self._record("registry", "/v1/regions/330203"))

    def test_the_gateway_shows_every_call_from_outside(self) -> None:
        from services.common.logging import quiet_internal_polls

        assert quiet_internal_polls(self._record("gateway", "/v1/events/registry"))
        assert quiet_internal_polls(self._record("gateway", "/readyz"))
