"""The image's ``wait-migrated``: a pod waits for its schema at the image's head, or past it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from services.common.migrate import upgrade, version_table
from tests.deploy.test_manifests import ENTRYPOINT


def migrate(url: str, revision: str = "head") -> None:
    # The entry point runs its own event loop, so these tests are plain functions.
    asyncio.run(upgrade("registry", url, revision))


@pytest.fixture
def registry_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "registry.db"
    monkeypatch.setenv("WUSHE_REGISTRY_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("WUSHE_WAIT_SECONDS", "0")
    return path


class TestWaitMigrated:
    def test_an_empty_database_holds_the_pod(self, registry_db: Path) -> None:
        assert ENTRYPOINT.main(["wait-migrated", "registry"]) == 1

    def test_the_images_head_lets_it_through(self, registry_db: Path) -> None:
        migrate(f"sqlite+aiosqlite:///{registry_db}")
        assert ENTRYPOINT.main(["wait-migrated", "registry"]) == 0

    def test_a_schema_behind_the_image_holds_it(self, registry_db: Path) -> None:
        migrate(f"sqlite+aiosqlite:///{registry_db}", "+1")
        assert ENTRYPOINT.main(["wait-migrated", "registry"]) == 1

    def test_a_schema_ahead_of_the_image_lets_a_rollback_through(self, registry_db: Path) -> None:
        migrate(f"sqlite+aiosqlite:///{registry_db}")
        with sqlite3.connect(registry_db) as connection:
            connection.execute(f"UPDATE {version_table('registry')} SET version_num = 'fromlater'")
        connection.close()
        assert ENTRYPOINT.main(["wait-migrated", "registry"]) == 0

    def test_an_unknown_app_is_a_usage_error(self) -> None:
        assert ENTRYPOINT.main(["wait-migrated", "nonesuch"]) == 2
