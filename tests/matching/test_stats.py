"""``/v1/stats``: needs by status, organizations engaged, person-times, minutes, by region."""

from __future__ import annotations

import datetime as dt

from services.matching.domain.records import today as china_today
from tests.funds.support import fund
from tests.matching.lifecycle_support import (
    World,
    insert,
    need_row,
    officer,
    registry_community,
    registry_volunteer,
)
from tests.system_fixture import System

#: A county no other test uses, and one township under it.
COUNTY = "330206"  # 北仑区 (宁波)
CITY = "330200"


async def stats(system: System, **params: str) -> dict[str, object]:
    response = await system.direct["matching"].get(
        "/v1/stats", params=params, headers=officer(system)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


class TestStats:
    async def test_figures_of_a_region_with_its_descendants(self, system: System) -> None:
        today = china_today().isoformat()  # the figures count China's calendar days
        before = await stats(system, region_code=COUNTY, **{"from": today, "to": today})
        bank = await fund(system, kind="time_bank")
        community = await registry_community(system, region_code=COUNTY)
        world = await World(system).build(community=community)
        await world.in_service()
        vol = await registry_volunteer(system)
        body = {
            "date": today,
            "minutes": 60,
            "volunteers": [{"volunteer_id": vol["id"], "minutes": 45}],
            "beneficiaries_served": 7,
            "time_bank_id": bank["id"],
        }
        assert (await world.post("/service-records", body)).status_code == 201
        await insert(system, need_row(world.community, status="open"))
        after = await stats(system, region_code=COUNTY, **{"from": today, "to": today})
        assert after["person_times_served"] == before["person_times_served"] + 7  # type: ignore[operator]
        assert after["volunteer_minutes"] == before["volunteer_minutes"] + 45  # type: ignore[operator]
        assert after["service_records"] == before["service_records"] + 1  # type: ignore[operator]
        assert after["organizations_engaged"] == before["organizations_engaged"] + 1  # type: ignore[operator]
        by_status = after["needs_by_status"]
        old = before["needs_by_status"]
        assert isinstance(by_status, dict)
        assert isinstance(old, dict)
        assert by_status.get("in_service", 0) == old.get("in_service", 0) + 1
        assert by_status.get("open", 0) == old.get("open", 0) + 1
        city = await stats(system, region_code=CITY, **{"from": today, "to": today})
        assert city["volunteer_minutes"] >= after["volunteer_minutes"]  # type: ignore[operator]
        yesterday = (china_today() - dt.timedelta(days=1)).isoformat()
        past = await stats(system, region_code=COUNTY, **{"from": yesterday, "to": yesterday})
        assert past["service_records"] == 0
        assert past["needs_by_status"] == {}

    async def test_bad_queries_are_422(self, system: System) -> None:
        client = system.direct["matching"]
        cases = [
            ({"region_code": "999999"}, "region_unknown"),
            ({"from": "2026-05-02", "to": "2026-05-01"}, "dates_invalid"),
            ({"from": "yesterday"}, "validation_failed"),
            ({"region_code": "33"}, "validation_failed"),
            ({"to": "10000-01-01"}, "validation_failed"),
        ]
        for params, code in cases:
            response = await client.get("/v1/stats", params=params, headers=officer(system))
            assert response.status_code == 422, (params, response.text)
            assert response.json()["code"] == code

    async def test_the_widest_period_is_no_error(self, system: System) -> None:
        figures = await stats(system, **{"from": "0001-01-01", "to": "9999-12-31"})
        assert figures["to"] == "9999-12-31"
