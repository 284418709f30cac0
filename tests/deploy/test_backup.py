"""The embedded default's backup: SQLite's online backup API, consistent under a running writer."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.deploy.test_manifests import ENTRYPOINT


def _writer(path: Path, stop: threading.Event, written: list[int]) -> None:
    """Commit one row at a time, each transaction moving 10 from one account to another."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    n = 0
    while not stop.is_set():
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE account SET balance = balance - 10 WHERE id = 1")
        connection.execute("UPDATE account SET balance = balance + 10 WHERE id = 2")
        connection.execute("INSERT INTO entry (amount) VALUES (10)")
        connection.execute("COMMIT")
        n += 1
    written.append(n)
    connection.close()


def test_a_backup_under_a_running_writer_is_consistent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    funds = data / "funds.db"
    with sqlite3.connect(funds) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER)")
        setup.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, amount INTEGER)")
        setup.execute("INSERT INTO account VALUES (1, 1000000), (2, 0)")
        setup.executemany("INSERT INTO entry (amount) VALUES (?)", [(0,)] * 20000)
    setup.close()
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(funds, stop, written))
    writer.start()
    monkeypatch.setenv("WUSHE_DATA_DIR", str(data))
    try:
        assert ENTRYPOINT.main(["backup-sqlite", str(tmp_path / "backup")]) == 0
    finally:
        stop.set()
        writer.join()
    assert written[0] > 0
    copy = sqlite3.connect(tmp_path / "backup" / "funds.db")
    (balance,) = copy.execute("SELECT sum(balance) FROM account").fetchone()
    (moved,) = copy.execute("SELECT balance FROM account WHERE id = 2").fetchone()
    (entries,) = copy.execute("SELECT sum(amount) FROM entry").fetchone()
    assert balance == 1000000, "money is neither made nor lost in the copy"
    assert moved == entries, "every transfer in the copy has its entry"
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    assert not list((tmp_path / "backup").glob("*.partial"))


def test_nothing_to_back_up_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUSHE_DATA_DIR", str(tmp_path))
    assert ENTRYPOINT.main(["backup-sqlite", str(tmp_path / "backup")]) == 1
