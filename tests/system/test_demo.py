"""``wushe demo`` against a real ``wushe up``: the seed story, end to end, twice."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.system.test_partner_docs import ADMIN_PASSWORD, system
from wushe.demo import Story, run

pytestmark = pytest.mark.system
__all__ = ["system"]  # the live system fixture, shared with the partner docs' test


def eventually(check: Callable[[], Any], seconds: float = 30.0) -> Any:
    """``check()`` once it stops raising AssertionError (effects that ride the outbox)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def told(system: str) -> tuple[Story, list[str], list[str]]:
    first: list[str] = []
    second: list[str] = []
    story = run(system, "admin", ADMIN_PASSWORD, say=first.append)
    again = run(system, "admin", ADMIN_PASSWORD, say=second.append)
    assert again.ids == story.ids
    return story, first, second


def get(base: str, token: str, path: str, **params: Any) -> Any:
    response = httpx.get(
        f"{base}{path}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_the_second_run_changes_nothing(told: tuple[Story, list[str], list[str]]) -> None:
    _, first, second = told
    assert any(
        "things created" in line and not line.startswith("demo ready in 0") for line in first
    )
    summary = next(line for line in second if line.startswith("demo ready"))
    assert ": 0 things created," in summary, summary
    assert not any(line.startswith("  + ") for line in second), second


def test_the_story_holds(system: str, told: tuple[Story, list[str], list[str]]) -> None:
    story, _, _ = told
    ids, token = story.ids, story.token

    needs = get(system, token, "/v1/needs", community_id=ids["nakong"])["items"]
    by_title = {n["title"]: n for n in needs}
    assert by_title["留守儿童四点半课堂(课业辅导与陪伴)"]["status"] == "fulfilled"
    road = by_title["组组通道路硬化与安全护栏"]
    assert road["status"] == "referred"
    assert road["referral"]["department"] == "贞丰县交通运输局"
    assert by_title["村民家庭借款纠纷"]["status"] == "closed"
    assert by_title["青少年心理健康讲座与个案辅导"]["status"] == "open"

    candidates = get(system, token, f"/v1/needs/{ids['need_youth']}/candidates")["items"]
    assert candidates, "the open need has no candidates"
    assert {"collaboration", "pairing"} <= {k for k, v in candidates[0]["parts"].items() if v}

    match = get(system, token, f"/v1/matches/{ids['match']}")
    assert match["status"] == "completed"
    assert match["contacts"] is not None  # both sides accepted: each sees the other

    # The service record's minutes reach the time bank; the feedback reaches the rating.
    def credited() -> None:
        bank = get(system, token, f"/v1/time-bank/{ids['v_chen']}")
        assert [b["minutes"] for b in bank["balances"] if b["fund_id"] == ids["time_bank"]] == [120]

    eventually(credited)

    def rated() -> None:
        agency = get(system, token, f"/v1/organizations/{ids['agency']}")
        assert agency["rating"]["count"] == 1
        assert agency["rating"]["average"] == 5

    eventually(rated)

    public = httpx.get(f"{system}/v1/public/funds/{ids['village_fund']}", timeout=30)
    assert public.status_code == 200, public.text
    disclosure = public.json()
    assert disclosure["donations_count"] == 3
    assert disclosure["donations_total"] == 5_250_000
    assert {d["donor"] for d in disclosure["donations"]} == {"宁波甬江茶业有限公司", "张丽", "匿名"}
    assert "王建国" not in public.text  # the anonymous donor
    [grant] = disclosure["grants"]
    assert (grant["amount"], grant["disbursed"], grant["status"]) == (
        3_000_000,
        1_000_000,
        "disbursing",
    )
    approvals = get(system, token, "/v1/grants", fund_id=ids["village_fund"])["items"][0]
    assert approvals["approvals_required"] == 2

    verify = get(system, token, "/v1/ledger/verify")
    assert verify["ok"] is True


def test_wushe_import_uploads_a_roster_with_progress(
    system: str, told: tuple[Story, list[str], list[str]], tmp_path: Path
) -> None:
    """The command-line import an officer runs on the roster Excel gave them back: the export
    of the demo's organizations, one row made bad, uploaded with progress and a row report."""
    story, _, _ = told
    exported = httpx.get(
        f"{system}/v1/organizations/export",
        params={"format": "csv"},
        headers={"Authorization": f"Bearer {story.token}"},
        timeout=30,
    )
    assert exported.status_code == 200, exported.text
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert len(lines) >= 6  # a header and the demo's five organizations
    bad = lines[-1].replace("贞丰县乡村儿童关爱协会", "贞丰县乡村儿童关爱协会").split(",")
    uscc_column = lines[0].split(",").index(next(h for h in lines[0].split(",") if "信用代码" in h))
    bad[uscc_column] = "51522325MD0000040X"  # a wrong check character
    roster = tmp_path / "名册.csv"
    roster.write_text("\n".join([*lines[:-1], ",".join(bad)]) + "\n", encoding="utf-8-sig")

    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env["WUSHE_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    done = subprocess.run(
        [sys.executable, "-m", "wushe.cli", "import", str(roster), "--url", system, "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "uploading 名册.csv: 100%" in done.stderr
    summary = done.stderr.strip().splitlines()[-1]
    assert re.search(r"checked 名册.csv in [\d.]+ s: 0 created, \d+ updated, 1 refused", summary)
    assert "(dry run: nothing written)" in summary
    assert re.search(r"row \d+: uscc: ", done.stdout), done.stdout
