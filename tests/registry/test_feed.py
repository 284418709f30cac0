"""Organization events: created, updated, status and credit changes, ratings, imports."""

from __future__ import annotations

from typing import Any

from tests.factories import create, new_uscc, org_payload, suffix
from tests.registry.test_api_import_export import _csv, _import, _line
from tests.system_fixture import System


async def _head(system: System) -> int:
    after = 0
    while True:
        response = await system.direct["registry"].get(
            f"/v1/events/registry?after={after}&limit=1&types=none", headers=system.signed()
        )
        if response.status_code == 410:
            after = int(response.json()["purged_through"])
            continue
        return int(response.json()["next_after"])


async def _org_events(system: System, after: int) -> list[dict[str, Any]]:
    response = await system.direct["registry"].get(
        "/v1/events/registry",
        params={"after": after, "limit": 500, "types": ",".join(TYPES)},
        headers=system.signed(),
    )
    return list(response.json()["items"])


TYPES = [
    "organization.created",
    "organization.updated",
    "organization.status_changed",
    "organization.credit_changed",
    "organization.rated",
]


class TestOrganizationEvents:
    async def test_lifecycle(self, system: System) -> None:
        headers = await system.admin_headers()
        start = await _head(system)
        org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
        path = f"/v1/organizations/{org['id']}"
        for patch in (
            {"domains": ["education"]},
            {"status": "suspended"},
            {"credit_status": "dishonest"},
        ):
            etag = (await system.gateway.get(path, headers=headers)).headers["etag"]
            done = await system.gateway.patch(
                path, json=patch, headers={**headers, "If-Match": etag}
            )
            assert done.status_code == 200, done.text
        rated = await system.gateway.post(f"{path}/ratings", json={"score": 4}, headers=headers)
        assert rated.status_code in (200, 201)
        mine = [e for e in await _org_events(system, start) if e["subject"]["id"] == org["id"]]
        assert [e["type"] for e in mine] == [
            "organization.created",
            "organization.updated",
            "organization.status_changed",
            "organization.credit_changed",
            "organization.rated",
        ]
        assert mine[2]["data"]["status"] == "suspended"
        assert mine[3]["data"]["credit_status"] == "dishonest"
        assert mine[4]["data"]["rating"]["count"] == 1

    async def test_an_import_emits_one_event_per_row_and_a_dry_run_none(
        self, system: System
    ) -> None:
        tag = suffix()
        rows = [_line(f"导入事件{tag}{i}", uscc=new_uscc()) for i in range(3)]
        start = await _head(system)
        dry = await _import(system, _csv(rows), dry_run="true")
        assert dry.status_code == 200, dry.text
        assert await _org_events(system, start) == []
        real = await _import(system, _csv([*rows, _line("坏行", uscc="not-a-code")]))
        assert real.status_code == 200, real.text
        assert real.json()["created"] == 3
        created = [e for e in await _org_events(system, start) if tag in e["data"]["name"]]
        assert [e["type"] for e in created] == ["organization.created"] * 3
        again = await _import(system, _csv(rows))
        assert again.json()["updated"] == 3
