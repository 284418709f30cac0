"""``wushe demo``: the seed story as demo data, written through the public API.

Haishu district (海曙区, Ningbo, Zhejiang) supports Zhenfeng county (贞丰县, Qianxinan, Guizhou) in
east-west collaboration (seed 000): a hub organization and a professional social-work agency in
Haishu pair with two villages of Zhenfeng; a community foundation holds a village fund and a named
fund with donations of money and goods; the villages post needs triaged as minor, major and private
matters (seed 004's 三事分流); Haishu's agency and volunteers offer help; one allocation round
proposes matches, both sides accept, service is recorded and credits the volunteers' time bank, a
grant is approved by two officers and partly disbursed, and the fund's public disclosure shows it.

Every step looks for what it would create first (by a natural key: a region's code, a
community's code, an organization's credit code or filing number, a user's name, a donation's
donor and purpose ...), so running the demo twice changes nothing, and a run that was interrupted
finishes the story the next time. Region codes down to the county are the real GB/T 2260 codes
that ship with the system; township and village codes follow the statistical layout under them;
the organizations' credit codes are valid but made up (organization codes ``MD00000n``), and so
are every name and phone number of a person.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

#: Idempotency keys of the demo's money movements and records are derived from this namespace,
#: so that a second run replays instead of booking twice (within the keys' retention; after it,
#: the lookups by natural key keep the run from repeating itself).
NAMESPACE = uuid.UUID("6f1c2a9e-3d4b-5c6d-8e7f-0a1b2c3d4e5f")

HAISHU, ZHENFENG, QINGYUAN = "330203", "522325", "331126"
TODAY = dt.date.today()
YEAR = TODAY.year


class DemoError(RuntimeError):
    """A step of the story failed; the message names the step and the problem."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


#: How long a write waits for Matching's read model to learn what the Registry just wrote
#: (it follows the Registry's change feed: usually well under a second).
CATCH_UP_SECONDS = 30.0


def _key(step: str) -> str:
    return str(uuid.uuid5(NAMESPACE, step))


@dataclass
class Api:
    """The gateway, as one signed-in person sees it."""

    client: httpx.Client
    token: str
    say: Callable[[str], None] = print
    #: What this run created and found, shared by every person's ``Api`` of the run.
    tally: dict[str, int] = field(default_factory=lambda: {"created": 0, "found": 0})

    @property
    def created(self) -> int:
        return self.tally["created"]

    @created.setter
    def created(self, value: int) -> None:
        self.tally["created"] = value

    @property
    def found(self) -> int:
        return self.tally["found"]

    @found.setter
    def found(self, value: int) -> None:
        self.tally["found"] = value

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": "zh-CN"}

    def _check(self, response: httpx.Response, what: str) -> Any:
        if response.status_code >= 400:
            code = None
            try:
                problem = response.json()
                code = problem.get("code")
                detail = f"{code}: {problem.get('detail') or problem.get('title')}"
                if problem.get("errors"):
                    detail += f" {problem['errors']}"
            except ValueError:
                detail = response.text[:300]
            raise DemoError(f"{what}: {response.status_code} {detail}", code)
        return response.json() if response.content else None

    def get(self, path: str, **params: Any) -> Any:
        query = {k: v for k, v in params.items() if v is not None}
        return self._check(self.client.get(path, params=query, headers=self.headers), path)

    def post(self, path: str, body: dict[str, Any] | None = None, *, key: str | None = None) -> Any:
        headers = self.headers | ({"Idempotency-Key": _key(key)} if key else {})
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while True:
            response = self.client.post(
                path, json=body if body is not None else {}, headers=headers
            )
            try:
                return self._check(response, f"POST {path}")
            except DemoError as error:
                # Matching and Funds learn the Registry's writes from its feed or over HTTP: a
                # just-made community, organization or volunteer may be a moment away.
                lagging = response.status_code == 422 and (error.code or "").endswith("_unknown")
                if not lagging or time.monotonic() > deadline:
                    raise
                time.sleep(0.25)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        current = self.client.get(path, headers=self.headers)
        self._check(current, path)
        headers = self.headers | {"If-Match": current.headers.get("etag", "*")}
        return self._check(self.client.patch(path, json=body, headers=headers), f"PATCH {path}")

    def items(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        cursor = None
        while True:
            page = self.get(path, limit=200, cursor=cursor, **params)
            yield from page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def ensure(
        self,
        label: str,
        path: str,
        body: dict[str, Any],
        match: Callable[[dict[str, Any]], bool],
        **list_params: Any,
    ) -> dict[str, Any]:
        """The first item of ``path`` that ``match`` accepts, else the one ``body`` creates."""
        for item in self.items(path, **list_params):
            if match(item):
                self.found += 1
                return item
        created = self.post(path, body)
        self.created += 1
        self.say(f"  + {label}")
        return dict(created)


def _same(a: Any, b: Any) -> bool:
    # The services keep names and titles in NFKC (full-width brackets become ASCII ones).
    if isinstance(a, str) and isinstance(b, str):
        return unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)
    return bool(a == b)


def field_is(key: str, value: Any) -> Callable[[dict[str, Any]], bool]:
    """A predicate: the item's ``key`` equals ``value`` (text compared in NFKC)."""
    return lambda item: _same(item.get(key), value)


def _sign_in(client: httpx.Client, username: str, password: str) -> str:
    response = client.post("/v1/auth/token", json={"username": username, "password": password})
    if response.status_code != 200:
        raise DemoError(f"signing in as {username}: {response.status_code} {response.text[:200]}")
    return str(response.json()["access_token"])


@dataclass
class Story:
    """What the demo made, by name, and the links that show it."""

    ids: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    token: str = ""


def _person(api: Api, client: httpx.Client, username: str, **body: Any) -> Api:
    """A person of the story with a fresh password (never stored: the demo signs in with it
    once), created or found by username, acting through their own token."""
    password = secrets.token_urlsafe(16)
    existing = next((u for u in api.items("/v1/users") if u["username"] == username), None)
    if existing is None:
        api.post("/v1/users", {"username": username, "password": password, **body})
        api.created += 1
        api.say(f"  + user {username} ({body['role']})")
    else:
        api.patch(f"/v1/users/{existing['id']}", {"password": password})
        api.found += 1
    return Api(client, _sign_in(client, username, password), api.say, api.tally)


def build(api: Api, client: httpx.Client) -> Story:
    """Tell the story through ``api`` (an operator); return what it made."""
    story = Story()
    ids = story.ids
    say = api.say

    # --- the map: townships and villages under the shipped county codes -----------------------
    say("regions: Zhenfeng's townships and villages, Haishu's streets")
    regions = [
        ("522325102", "者相镇", "township", ZHENFENG),
        ("522325102201", "纳孔村", "village", "522325102"),
        ("522325103", "北盘江镇", "township", ZHENFENG),
        ("522325103203", "岩鱼村", "village", "522325103"),
        ("330203001", "南门街道", "township", HAISHU),
        ("330203001003", "尹江岸社区", "village", "330203001"),
    ]
    for code, name, level, parent in regions:
        existing = client.get(f"/v1/regions/{code}", headers=api.headers)
        if existing.status_code == 404:
            api.post(
                "/v1/regions", {"code": code, "name": name, "level": level, "parent_code": parent}
            )
            api.created += 1
            say(f"  + region {code} {name}")
        else:
            api._check(existing, f"region {code}")
            api.found += 1

    # --- communities and villages ---------------------------------------------------------------
    say("communities: two villages in Zhenfeng, one community in Haishu")
    communities = {
        "nakong": (
            "贞丰县者相镇纳孔村",
            "village",
            "522325102201",
            2310,
            ["留守儿童", "易地扶贫搬迁"],
        ),
        "yanyu": ("贞丰县北盘江镇岩鱼村", "village", "522325103203", 1860, ["独居老人", "茶产业"]),
        "yinjiangan": ("海曙区南门街道尹江岸社区", "community", "330203001003", 8600, ["老旧小区"]),
    }
    for key, (name, kind, code, population, tags) in communities.items():
        body = {
            "name": name,
            "kind": kind,
            "region_code": code,
            "code": code,
            "population": population,
            "tags": tags,
        }
        found = api.ensure(
            f"community {name}",
            "/v1/communities",
            body,
            field_is("code", code),
            region_code=code,
        )
        ids[key] = found["id"]

    # --- collaborations -------------------------------------------------------------------------
    say("collaborations: Haishu supports Zhenfeng (east-west) and Qingyuan (mountain-sea)")
    east_west = api.ensure(
        "collaboration 海曙—贞丰东西部协作",
        "/v1/collaborations",
        {
            "kind": "east_west",
            "name": "海曙—贞丰东西部协作",
            "supporting_region_code": HAISHU,
            "receiving_region_code": ZHENFENG,
            "start_date": "2021-01-01",
        },
        lambda c: c["supporting_region_code"] == HAISHU and c["receiving_region_code"] == ZHENFENG,
        region_code=HAISHU,
    )
    ids["east_west"] = east_west["id"]
    api.ensure(
        "collaboration 海曙—庆元山海协作",
        "/v1/collaborations",
        {
            "kind": "mountain_sea",
            "name": "海曙—庆元山海协作",
            "supporting_region_code": HAISHU,
            "receiving_region_code": QINGYUAN,
            "start_date": "2022-11-06",
        },
        lambda c: c["supporting_region_code"] == HAISHU and c["receiving_region_code"] == QINGYUAN,
        region_code=HAISHU,
    )

    # --- organizations ---------------------------------------------------------------------------
    say("organizations: a hub, a social-work agency, a foundation, Zhenfeng's own")
    expires = (TODAY + dt.timedelta(days=3 * 365)).isoformat()
    orgs: dict[str, dict[str, Any]] = {
        "hub": {
            "name": "宁波市海曙区社会组织东西协作中心",
            "registration": "registered",
            "uscc": "52330203MD0000016P",
            "legal_form": "social_service_agency",
            "region_code": HAISHU,
            "roles": ["hub", "platform", "incubator"],
            "domains": ["community_building", "community_worker_training"],
            "founded_on": "2019-11-06",
            "grade": 4,
            "grade_expires_on": expires,
            "party": {"has_branch": True, "members": 5},
            "staff": {"full_time": 12, "certified_social_workers": 7},
            "contact": {"name": "周晓燕", "phone": "0574-87000001"},
        },
        "agency": {
            "name": "宁波市海曙区壹心社会工作服务中心",
            "registration": "registered",
            "uscc": "52330203MD0000024J",
            "legal_form": "social_service_agency",
            "region_code": HAISHU,
            "roles": ["social_work_agency"],
            "domains": ["children", "youth_mental_health", "elderly_care"],
            "founded_on": "2016-05-20",
            "grade": 5,
            "grade_expires_on": expires,
            "party": {"has_branch": True, "members": 4},
            "staff": {"full_time": 26, "certified_social_workers": 18},
            "contact": {"name": "陈思远", "phone": "13805740102"},
        },
        "foundation": {
            "name": "宁波市海曙区社区发展基金会",
            "registration": "registered",
            "uscc": "53330203MD0000032A",
            "legal_form": "foundation",
            "region_code": HAISHU,
            "roles": ["charity"],
            "domains": ["community_building", "children", "elderly_care"],
            "founded_on": "2018-03-01",
            "grade": 4,
            "grade_expires_on": expires,
            "contact": {"name": "林海波", "phone": "0574-87000003"},
        },
        "zhenfeng_children": {
            "name": "贞丰县乡村儿童关爱协会",
            "registration": "registered",
            "uscc": "51522325MD0000040E",
            "legal_form": "social_group",
            "region_code": ZHENFENG,
            "roles": ["charity"],
            "domains": ["children"],
            "founded_on": "2020-09-01",
            "grade": 3,
            "grade_expires_on": expires,
            "contact": {"name": "罗应芬", "phone": "13908590404"},
        },
        "nakong_team": {
            "name": "者相镇纳孔村巾帼志愿服务队",
            "registration": "filed",
            "filing_no": "贞丰者相备2022-007",
            "legal_form": "other",
            "region_code": "522325102",
            "roles": ["volunteer_team"],
            "domains": ["elderly_care", "mutual_aid"],
            "founded_on": "2022-03-08",
            "contact": {"name": "韦秀英", "phone": "13908590505"},
        },
    }
    for key, body in orgs.items():
        if key == "zhenfeng_children":
            # Incubated by the hub (入驻孵化), now operating on its own.
            body = {**body, "incubated_by": ids["hub"], "status": "active"}
        if key == "nakong_team":
            body = {**body, "community_id": ids["nakong"]}

        def same(o: dict[str, Any], body: dict[str, Any] = body) -> bool:
            return _same(o["name"], body["name"])

        ids[key] = api.ensure(
            f"organization {body['name']}", "/v1/organizations", body, same, q=body["name"]
        )["id"]

    # --- people ---------------------------------------------------------------------------------
    say("social workers and volunteers")
    workers = [
        ("陈思远", "senior", "agency", HAISHU, ["个案管理", "督导"]),
        ("杨光敏", "assistant", "zhenfeng_children", ZHENFENG, ["儿童陪伴", "小组工作"]),
    ]
    for name, qualification, org, region, skills in workers:
        api.ensure(
            f"social worker {name}",
            "/v1/social-workers",
            {
                "name": name,
                "qualification": qualification,
                "org_id": ids[org],
                "region_code": region,
                "skills": skills,
            },
            field_is("name", name),
            org_id=ids[org],
        )
    volunteers = [
        ("v_wei", "韦秀英", "nakong", "nakong_team", ["助餐", "探访"], "13908590505"),
        ("v_luo", "罗明芳", "nakong", "nakong_team", ["理发", "陪伴"], "13908590606"),
        ("v_chen", "陈佳怡", "yinjiangan", None, ["课业辅导", "绘画"], "13805740707"),
        ("v_zhou", "周子航", "yinjiangan", None, ["课业辅导", "篮球"], "13805740808"),
    ]
    for key, name, community, team, skills, phone in volunteers:
        ids[key] = api.ensure(
            f"volunteer {name}",
            "/v1/volunteers",
            {
                "name": name,
                "phone": phone,
                "community_id": ids[community],
                **({"team_org_id": ids[team]} if team else {}),
                "skills": skills,
            },
            field_is("name", name),
            community_id=ids[community],
        )["id"]

    say("pairings: three-year plans with the villages")
    pairings = [
        ("agency", "nakong", "壹心社工驻村：留守儿童四点半课堂、独居老人探访、村社会组织孵化"),
        ("hub", "yanyu", "壹启工作坊：村社会组织培育、志愿者队伍建设、茶乡振兴项目设计"),
    ]
    for org, community, plan in pairings:
        api.ensure(
            f"pairing {orgs[org]['name']} ↔ {communities[community][0]}",
            "/v1/pairings",
            {
                "org_id": ids[org],
                "community_id": ids[community],
                "collaboration_id": ids["east_west"],
                "start_date": f"{YEAR - 1}-01-01",
                "end_date": f"{YEAR + 1}-12-31",
                "plan": plan,
            },
            field_is("org_id", ids[org]),
            community_id=ids[community],
        )

    # --- funds, donations ------------------------------------------------------------------------
    say("funds: a village fund, a named fund and a time bank at the foundation")
    funds: dict[str, dict[str, Any]] = {
        "village_fund": {
            "name": "纳孔村社区发展基金",
            "kind": "community",
            "host_org_id": ids["foundation"],
            "community_id": ids["nakong"],
            "approvals_required": 2,
        },
        "named_fund": {
            "name": "甬贞情·周氏冠名助学基金",
            "kind": "named",
            "host_org_id": ids["foundation"],
            "restricted_domains": ["children"],
            "approvals_required": 2,
        },
        "time_bank": {
            "name": "海曙—贞丰志愿服务时间银行",
            "kind": "time_bank",
            "host_org_id": ids["hub"],
            "approvals_required": 1,
        },
    }
    for key, fund_body in funds.items():
        ids[key] = api.ensure(
            f"fund {fund_body['name']}",
            "/v1/funds",
            fund_body,
            field_is("name", fund_body["name"]),
            host_org_id=fund_body["host_org_id"],
        )["id"]

    say("donations: an enterprise, a person, an anonymous donor, goods at their valuation")
    donations: list[tuple[str, dict[str, Any]]] = [
        (
            "village_fund",
            {
                "donor": {"kind": "enterprise", "name": "宁波甬江茶业有限公司", "anonymous": False},
                "amount": 5_000_000,
                "asset": "CNY",
                "purpose": "纳孔村留守儿童四点半课堂",
            },
        ),
        (
            "village_fund",
            {
                "donor": {"kind": "person", "name": "张丽", "anonymous": False},
                "amount": 200_000,
                "asset": "CNY",
                "purpose": "独居老人助餐",
            },
        ),
        (
            "village_fund",
            {
                "donor": {"kind": "person", "name": "王建国", "anonymous": True},
                "amount": 50_000,
                "asset": "CNY",
                "purpose": "独居老人助餐",
            },
        ),
        (
            "named_fund",
            {
                "donor": {
                    "kind": "enterprise",
                    "name": "海曙区鼓楼商圈商户联合会",
                    "anonymous": False,
                },
                "amount": 1_200_000,
                "asset": "CNY",
                "purpose": "书包与文具",
                "in_kind": {"items": ["书包 200 个", "文具套装 200 套"], "valuation": 1_200_000},
            },
        ),
    ]
    for fund, gift in donations:
        fund_id = ids[fund]
        step = f"donation:{fund}:{gift['donor']['name']}:{gift['purpose']}"

        def same_donation(d: dict[str, Any], gift: dict[str, Any] = gift) -> bool:
            return d["amount"] == gift["amount"] and _same(d.get("purpose"), gift["purpose"])

        if not any(same_donation(d) for d in api.items("/v1/donations", fund_id=fund_id)):
            made = api.post("/v1/donations", {"fund_id": fund_id, **gift}, key=step)
            api.created += 1
            say(f"  + donation ¥{gift['amount'] / 100:,.2f} → receipt {made['receipt_no']}")
        else:
            api.found += 1

    # --- people who act -----------------------------------------------------------------------
    say("the officers and admins who act in the story")
    officer_a = _person(
        api, client, "demo.wang", role="officer", display_name="贞丰县民政局 王海燕"
    )
    officer_b = _person(api, client, "demo.li", role="officer", display_name="海曙区民政局 李建军")
    village_admin = _person(
        api,
        client,
        "demo.nakong",
        role="community_admin",
        community_id=ids["nakong"],
        display_name="纳孔村村委会 韦国强",
    )
    agency_admin = _person(
        api,
        client,
        "demo.yixin",
        role="org_admin",
        org_id=ids["agency"],
        display_name="壹心社工 陈思远",
    )

    # --- needs (三事分流) and offers ----------------------------------------------------------
    say("needs: posted by Nakong village, triaged into minor, major and private matters")
    start, end = TODAY.isoformat(), (TODAY + dt.timedelta(days=180)).isoformat()
    needs = {
        "need_children": {
            "title": "留守儿童四点半课堂（课业辅导与陪伴）",
            "description": "村里 46 名留守儿童放学后无人看护，希望每周三次课后辅导与陪伴。",
            "triage": "minor",
            "domain": "children",
            "resource_kind": "team",
            "quantity": 1,
            "beneficiaries": {"count": 46, "groups": ["留守儿童"]},
            "urgency": "high",
        },
        "need_elderly": {
            "title": "独居老人助餐与每周探访",
            "description": "12 位独居老人需要每周探访、助餐和理发。",
            "triage": "minor",
            "domain": "elderly_care",
            "resource_kind": "volunteers",
            "quantity": 2,
            "beneficiaries": {"count": 12, "groups": ["独居老人", "特困"]},
            "urgency": "normal",
        },
        "need_road": {
            "title": "组组通道路硬化与安全护栏",
            "triage": "major",
            "domain": "community_building",
            "resource_kind": "funds",
            "quantity": 1,
            "urgency": "normal",
            "referral": {
                "department": "贞丰县交通运输局",
                "reason": "村道建设属政府公共服务事项（大事）",
            },
        },
        "need_private": {
            "title": "村民家庭借款纠纷",
            "triage": "private",
            "domain": "dispute_mediation",
            "resource_kind": "talent",
            "quantity": 1,
            "urgency": "low",
            "advice": "属私事：建议向者相镇人民调解委员会申请调解，或咨询贞丰县法律援助中心。",
        },
    }
    for key, body in needs.items():
        full = {"community_id": ids["nakong"], "window": {"start": start, "end": end}, **body}
        ids[key] = village_admin.ensure(
            f"need {body['title']} ({body['triage']})",
            "/v1/needs",
            full,
            field_is("title", body["title"]),
            community_id=ids["nakong"],
        )["id"]

    say("offers: Haishu's agency and volunteers")
    offers = {
        "offer_team": (
            agency_admin,
            {
                "provider": {"kind": "organization", "id": ids["agency"]},
                "title": "壹心社工驻村服务队（儿童与青少年）",
                "domains": ["children", "youth_mental_health"],
                "resource_kind": "team",
                "capacity": 2,
                "service_region_codes": [HAISHU],
            },
        ),
        "offer_volunteers": (
            api,
            {
                "provider": {"kind": "volunteer", "id": ids["v_wei"]},
                "title": "巾帼志愿者助餐探访",
                "domains": ["elderly_care"],
                "resource_kind": "volunteers",
                "capacity": 2,
                "service_region_codes": ["522325102"],
            },
        ),
    }
    for key, (who, body) in offers.items():
        full = {**body, "window": {"start": start, "end": end}}
        ids[key] = who.ensure(
            f"offer {body['title']}",
            "/v1/offers",
            full,
            field_is("title", body["title"]),
        )["id"]

    open_need = api.get(f"/v1/needs/{ids['need_children']}")["status"] == "open"
    candidates = (
        api.get(f"/v1/needs/{ids['need_children']}/candidates", limit=5)["items"]
        if open_need
        else []
    )
    if candidates:
        best = candidates[0]
        say(
            f"  candidates for the children's need: best score {best['score']}: "
            + "; ".join(best["reasons"].values())
        )

    # --- one round, accepted by both sides, served, recorded, rated ---------------------------
    say("a round: the exact best allocation of Zhenfeng's open needs to the offers")
    matches = list(api.items("/v1/matches", need_id=ids["need_children"]))
    if not matches:
        round_ = api.post("/v1/rounds", {"region_code": ZHENFENG})
        api.created += 1
        say(
            f"  + round: {round_['needs_considered']} needs, {round_['offers_considered']} offers, "
            f"{round_['matches_proposed']} proposed, objective {round_['objective']}, "
            f"optimal {round_['optimal']}, solved in {round_['solve_ms']:.1f} ms"
        )
        matches = list(api.items("/v1/matches", need_id=ids["need_children"]))
    if not matches:
        raise DemoError("the round proposed no match for the children's need")
    match = matches[0]
    ids["match"] = match["id"]
    path = f"/v1/matches/{match['id']}"
    if match["status"] == "proposed":
        village_admin.post(f"{path}/accept", {"side": "need"})
        match = agency_admin.post(f"{path}/accept", {"side": "offer"})
        say("  accepted by the village (need side) and by the agency (offer side)")
    if match["status"] == "accepted":
        match = agency_admin.post(f"{path}/start", {})
        say("  service started")
    if match["status"] in {"in_service", "completed"}:
        records = api.get(f"{path}/service-records")["items"]
        if not records:
            api.post(
                f"{path}/service-records",
                {
                    "date": TODAY.isoformat(),
                    "minutes": 120,
                    "volunteers": [
                        {"volunteer_id": ids["v_chen"], "minutes": 120},
                        {"volunteer_id": ids["v_zhou"], "minutes": 90},
                    ],
                    "beneficiaries_served": 46,
                    "place": "纳孔村村委会活动室",
                    "content": "四点半课堂：课业辅导、绘画与篮球",
                    "time_bank_id": ids["time_bank"],
                },
                key="record:children:1",
            )
            api.created += 1
            say("  + service record: 46 children, 2 volunteers' minutes owed to the time bank")
    if match["status"] == "in_service":
        match = agency_admin.post(f"{path}/complete", {})
        say("  service completed")
    if not api.get(f"{path}/feedback")["items"]:
        village_admin.post(f"{path}/feedback", {"score": 5, "comment": "孩子们很喜欢，老师很专业"})
        api.created += 1
        say("  + feedback 5/5 from the village, on its way to the agency's rating")

    # A need posted after the round stays open: its candidates are what a newcomer looks at.
    ids["need_youth"] = village_admin.ensure(
        "need 青少年心理健康讲座与个案辅导 (minor, after the round)",
        "/v1/needs",
        {
            "community_id": ids["nakong"],
            "title": "青少年心理健康讲座与个案辅导",
            "description": "初中住校生返村周末的心理健康讲座与个别辅导。",
            "triage": "minor",
            "domain": "youth_mental_health",
            "resource_kind": "team",
            "quantity": 1,
            "beneficiaries": {"count": 30, "groups": ["留守儿童"]},
            "window": {"start": start, "end": end},
            "urgency": "normal",
        },
        field_is("title", "青少年心理健康讲座与个案辅导"),
        community_id=ids["nakong"],
    )["id"]

    # --- a grant approved by two, partly disbursed --------------------------------------------
    say("a grant from the village fund, approved by two officers, partly disbursed")
    grant_body = {
        "fund_id": ids["village_fund"],
        "grantee_org_id": ids["zhenfeng_children"],
        "title": "纳孔村留守儿童四点半课堂运营",
        "amount": 3_000_000,
        "domain": "children",
    }
    grant = api.ensure(
        f"grant {grant_body['title']}",
        "/v1/grants",
        grant_body,
        field_is("title", grant_body["title"]),
        fund_id=ids["village_fund"],
    )
    gpath = f"/v1/grants/{grant['id']}"
    if grant["status"] == "submitted":
        officer_a.post(f"{gpath}/approve", {})
        grant = officer_b.post(f"{gpath}/approve", {})
        say(f"  approved by 王海燕 and 李建军: {grant['status']}")
    if grant["status"] in {"approved", "disbursing"} and grant["disbursed"] == 0:
        grant = api.post(f"{gpath}/disbursements", {"amount": 1_000_000}, key="grant:first")
        say("  + disbursed ¥10,000.00 of ¥30,000.00")

    # --- what a newcomer looks at -------------------------------------------------------------
    story.links = [
        ("API docs (sign in with Authorize)", "/docs"),
        ("Nakong village's needs", f"/v1/needs?community_id={ids['nakong']}"),
        ("candidates for its open need", f"/v1/needs/{ids['need_youth']}/candidates"),
        (
            "the village fund's public disclosure (no sign-in)",
            f"/v1/public/funds/{ids['village_fund']}",
        ),
    ]
    return story


def run(base_url: str, username: str, password: str, say: Callable[[str], None] = print) -> Story:
    """Fill the system at ``base_url`` with the story, as the operator ``username``."""
    started = time.monotonic()
    with httpx.Client(base_url=base_url, timeout=60) as client:
        api = Api(client, _sign_in(client, username, password), say)
        story = build(api, client)
        story.token = api.token
    say(
        f"demo ready in {time.monotonic() - started:.1f} s: {api.created} things created, "
        f"{api.found} already there"
    )
    for label, path in story.links:
        say(f"  {label}: {base_url}{path}")
    say(
        "  to read the signed-in links in /docs, press Authorize and paste this access token "
        f"(an operator's, valid for an hour at most):\n  {story.token}"
    )
    return story
