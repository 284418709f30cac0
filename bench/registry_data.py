"""Synthetic, realistic social organizations for the Registry benchmarks.

Names follow how organizations are actually named: a region prefix (``宁波市海曙区``,
``成都市武侯区``; filed community organizations often add a street, ``…鼓楼街道``), a trade name
(字号, two characters), a service word (养老, 青少年, 社工, 志愿, 助残, 调解 …) and a suffix that
fits the legal form (协会 → social group, 服务中心/社工事务所 → social service agency, 基金会 →
foundation, 志愿服务队/互助会 → filed "other"). About a quarter are registered with a valid unified
social credit code (GB 32100, from ``services.registry.domain.uscc.make_uscc``: authority 5,
category by legal form, positions 3-8 the real county code), the rest are filed with a local
filing number: the ratio Zhejiang reports (73,400 registered, 240,000 filed).

    .venv/bin/python bench/registry_data.py --count 5   # print a few, as JSON lines
    .venv/bin/python bench/registry_data.py --smoke     # check 500 (credit codes, uniqueness)

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.registry.data import iter_regions  # noqa: E402
from services.registry.domain.uscc import check_uscc, make_uscc  # noqa: E402

TRADE_CHARS = (
    "阳光同心和美暖心善行启航益家乐龄安康彩虹春晖绿洲明德仁爱博雅睦邻惠民康宁"
    "爱心恒源众合晨曦朝阳金桥银杏红枫青松翠竹兰馨荷韵梅香星火希望颐养福寿长青"
)
DOMAINS = (
    ("养老", "elderly_care"),
    ("居家养老", "elderly_care"),
    ("青少年", "youth_mental_health"),
    ("儿童", "children"),
    ("社工", "social_work"),
    ("志愿", "volunteering"),
    ("助残", "disability"),
    ("调解", "dispute_mediation"),
    ("心理健康", "psychological_counselling"),
    ("邻里互助", "mutual_aid"),
    ("慈善", "charity"),
    ("文体", "culture_sports"),
)
SUFFIXES = {
    "social_group": ("协会", "联合会", "促进会"),
    "social_service_agency": ("服务中心", "社工事务所", "发展中心", "综合服务社"),
    "foundation": ("基金会", "慈善基金会"),
    "other": ("志愿服务队", "互助会", "服务站", "文体队"),
}
STREETS = "东城西门南湖北山中山人民解放建设新华文化胜利和平友谊光明幸福长安"
ROLES = {
    "social_group": ["industry_association"],
    "social_service_agency": ["social_work_agency"],
    "foundation": ["charity"],
    "other": ["volunteer_team"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅文斌"


def counties() -> list[tuple[str, str]]:
    """``(code, name prefix)`` of every county: city name + county name, as names are written."""
    names = {code: (name, level, parent) for code, name, level, parent in iter_regions()}
    result = []
    for code, (name, level, parent) in names.items():
        if level != "county" or parent is None:
            continue
        city, _, province = names[parent]
        if city in {"市辖区", "县"} or "直辖" in city:
            prefix_owner = names[province][0] if province else ""  # type: ignore[index]
        else:
            prefix_owner = city
        prefix = name if name.startswith(prefix_owner) else prefix_owner + name
        result.append((code, prefix))
    return result


def _trade_name(rng: random.Random) -> str:
    return rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)


def organizations(count: int, *, seed: int = 2260) -> Iterator[dict[str, Any]]:
    """``count`` organizations shaped like the API's read model (with ``id``)."""
    rng = random.Random(seed)
    places = counties()
    for i in range(count):
        code, prefix = rng.choice(places)
        domain_word, domain = rng.choice(DOMAINS)
        registered = rng.random() < 0.25
        if registered:
            legal_form = rng.choices(
                ("social_group", "social_service_agency", "foundation"), (45, 50, 5)
            )[0]
            place = prefix
        else:
            legal_form = "other"
            street = rng.choice(STREETS) + rng.choice(STREETS)
            place = f"{prefix}{street}街道" if rng.random() < 0.6 else prefix
        name = f"{place}{_trade_name(rng)}{domain_word}{rng.choice(SUFFIXES[legal_form])}"
        founded = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7000))
        grade = rng.choice((None, None, None, 2, 3, 3, 4, 4, 5)) if registered else None
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": name,
            "registration": "registered" if registered else "filed",
            "uscc": make_uscc(legal_form, code, rng=rng) if registered else None,
            "filing_no": None if registered else f"BA{code}{founded.year}{i:07d}",
            "legal_form": legal_form,
            "roles": list(ROLES[legal_form]),
            "domains": [domain],
            "region_code": code,
            "community_id": None,
            "founded_on": founded,
            "grade": grade,
            "grade_expires_on": dt.date(2027, founded.month, min(founded.day, 28))
            if grade
            else None,
            "credit_status": rng.choices(("normal", "abnormal", "dishonest"), (96, 3, 1))[0],
            "rating": {"average": None, "count": 0},
            "party": {"has_branch": rng.random() < 0.3, "members": rng.randrange(0, 12)},
            "staff": {
                "full_time": rng.randrange(0, 40),
                "certified_social_workers": rng.randrange(0, 15),
            },
            "status": rng.choices(("active", "incubating", "suspended"), (85, 12, 3))[0],
            "incubated_by": None,
            "contact": {
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)),
                "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            },
        }


SMOKE_COUNT = 500


def smoke(seed: int) -> None:
    """What the benchmarks rely on, over a few hundred organizations; raises if it does not hold."""
    orgs = list(organizations(SMOKE_COUNT, seed=seed))
    for org in orgs:
        if org["uscc"]:
            check_uscc(org["uscc"], org["legal_form"])
    again = [org["name"] for org in organizations(SMOKE_COUNT, seed=seed)]
    if again != [org["name"] for org in orgs]:
        raise SystemExit("registry_data: not deterministic for a given seed")
    if len({org["id"] for org in orgs}) != len(orgs):
        raise SystemExit("registry_data: duplicate ids")
    registered = sum(org["registration"] == "registered" for org in orgs)
    print(
        f"{len(orgs)} organizations: {registered} registered with valid credit codes, "
        f"{len(orgs) - registered} filed; {len({o['name'] for o in orgs})} distinct names",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2260)
    parser.add_argument("--smoke", action="store_true", help=f"check {SMOKE_COUNT}, print a few")
    args = parser.parse_args()
    if args.smoke:
        smoke(args.seed)
        args.count = 2
    for org in organizations(args.count, seed=args.seed):
        if org["uscc"]:
            check_uscc(org["uscc"], org["legal_form"])
        print(json.dumps(org, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
