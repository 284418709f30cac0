"""A match from a round to its rating, through the gateway: the lifecycle on M-core's real
needs, offers and rounds, with the gateway's rules in front."""

from __future__ import annotations

import datetime as dt
import uuid

from services.matching.domain.records import today as china_today
from tests.funds.support import fund
from tests.matching import support
from tests.matching.lifecycle_support import registry_volunteer, wait_delivered
from tests.system_fixture import System


async def test_a_round_proposes_and_both_sides_take_it_to_a_rating(system: System) -> None:
    headers = await system.admin_headers()
    gateway = system.gateway
    village = await support.community(system)
    org = await support.organization(system)
    # A domain of this test's own: other tests' open needs and offers in the region would take
    # part in the round, and the optimum may pair them differently.
    domain = f"flow_{uuid.uuid4().hex[:8]}"
    need = await support.need(system, village["id"], quantity=2, domain=domain)
    offer = await support.offer(system, org["id"], capacity=3, domains=[domain])
    round_ = await gateway.post(
        "/v1/rounds", json={"region_code": support.NANMING}, headers=headers
    )
    assert round_.status_code == 201, round_.text
    listed = await gateway.get(
        "/v1/matches",
        params={"need_id": need["id"], "round_id": round_.json()["id"]},
        headers=headers,
    )
    assert listed.status_code == 200, listed.text
    (match,) = listed.json()["items"]
    assert (match["offer_id"], match["quantity"], match["status"]) == (offer["id"], 2, "proposed")
    assert match["reasons"]["parts"]["domain"] > 0
    url = f"/v1/matches/{match['id']}"

    for side in ("need", "offer"):
        accepted = await gateway.post(f"{url}/accept", json={"side": side}, headers=headers)
        assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["contacts"]["offer"]["name"] == org["name"]
    seen = await gateway.get(f"/v1/offers/{offer['id']}", headers=headers)
    assert seen.json()["remaining"] == 1
    started = await gateway.post(f"{url}/start", headers=headers)
    assert started.status_code == 200, started.text
    need_now = await gateway.get(f"/v1/needs/{need['id']}", headers=headers)
    assert need_now.json()["status"] == "in_service"

    bank = await fund(system, kind="time_bank")
    vol = await registry_volunteer(system)
    record = await gateway.post(
        f"{url}/service-records",
        json={
            "date": china_today().isoformat(),
            "minutes": 90,
            "volunteers": [{"volunteer_id": vol["id"], "minutes": 90}],
            "beneficiaries_served": 30,
            "time_bank_id": bank["id"],
        },
        headers=headers,
    )
    assert record.status_code == 201, record.text
    done = await gateway.post(f"{url}/complete", headers=headers)
    assert done.json()["status"] == "completed"
    rated = await gateway.post(
        f"{url}/feedback", json={"score": 5, "side": "need"}, headers=headers
    )
    assert rated.status_code == 201, rated.text
    await wait_delivered(system, f"/v1/organizations/{org['id']}/ratings", count=1)
    await wait_delivered(system, f"service_record:{record.json()['id']}", count=1)
    rating = await gateway.get(f"/v1/organizations/{org['id']}", headers=headers)
    assert rating.json()["rating"] == {"average": 5.0, "count": 1}
    minutes = await gateway.get(f"/v1/time-bank/{vol['id']}", headers=headers)
    assert sum(b["minutes"] for b in minutes.json()["balances"]) == 90
    day = china_today().isoformat()
    figures = await gateway.get(
        "/v1/stats",
        params={"region_code": support.GUIYANG, "from": day, "to": day},
        headers=headers,
    )
    assert figures.status_code == 200, figures.text
    assert figures.json()["person_times_served"] >= 30
    assert figures.json()["needs_by_status"].get("fulfilled", 0) >= 1


async def test_the_gateway_lets_a_resident_read_but_not_act(system: System) -> None:
    headers = await system.admin_headers()
    name = f"resident_{dt.datetime.now().strftime('%H%M%S%f')}"
    made = await system.gateway.post(
        "/v1/users",
        json={"username": name, "password": "resident-pass-1", "role": "resident"},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    token = (await system.login(name, "resident-pass-1"))["access_token"]
    resident = {"Authorization": f"Bearer {token}"}
    reads = await system.gateway.get("/v1/matches", params={"limit": 1}, headers=resident)
    assert reads.status_code == 200, reads.text
    for path, body in (
        ("accept", {"side": "need"}),
        ("feedback", {"score": 5, "side": "need"}),
    ):
        refused = await system.gateway.post(
            f"/v1/matches/{uuid.uuid4()}/{path}", json=body, headers=resident
        )
        assert refused.status_code == 403, refused.text
    anonymous = await system.gateway.post(
        f"/v1/matches/{uuid.uuid4()}/accept", json={"side": "need"}
    )
    assert anonymous.status_code == 401
