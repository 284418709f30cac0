"""Test data: valid credit codes, unique names, payloads and helpers that create through the API."""

from __future__ import annotations

import itertools
import random
import uuid
from typing import Any

import httpx

from services.registry.domain.uscc import make_uscc

_rng = random.Random()
_seen: set[str] = set()
_counter = itertools.count(1)

#: Regions shipped with the system that tests use.
NINGBO = "330200"  # 宁波市 (city)
HAISHU = "330203"  # 海曙区 (county, under 宁波)
JIANGBEI = "330205"  # 江北区 (county, under 宁波)
HANGZHOU = "330100"  # 杭州市
ZHEJIANG = "330000"
GUIZHOU = "520000"  # 贵州省
ZUNYI = "520300"  # 遵义市


def new_uscc(legal_form: str = "social_group", division: str = HAISHU) -> str:
    """A valid civil-affairs credit code never handed out before in this run."""
    while True:
        code = make_uscc(legal_form, division, rng=_rng)
        if code not in _seen:
            _seen.add(code)
            return code


def suffix() -> str:
    """A short unique suffix for names and numbers."""
    return uuid.uuid4().hex[:8]


def org_payload(**over: Any) -> dict[str, Any]:
    """A valid registered-organization body."""
    legal_form = over.get("legal_form", "social_group")
    body: dict[str, Any] = {
        "name": f"测试社工服务中心{suffix()}",
        "registration": "registered",
        "uscc": new_uscc(legal_form),
        "legal_form": legal_form,
        "region_code": HAISHU,
        "roles": ["professional_social_work"],
        "domains": ["elderly_care"],
        "contact": {"name": "王明", "phone": "13812345678"},
    }
    body.update(over)
    return body


def filed_payload(**over: Any) -> dict[str, Any]:
    """A valid filed-organization body."""
    body = org_payload(
        registration="filed", uscc=None, filing_no=f"海曙备{next(_counter)}-{suffix()}"
    )
    body.pop("uscc")
    body.update(over)
    return body


def community_payload(**over: Any) -> dict[str, Any]:
    """A valid community body."""
    body: dict[str, Any] = {
        "name": f"测试社区{suffix()}",
        "kind": "community",
        "region_code": HAISHU,
        "population": 5200,
        "tags": ["old_town"],
    }
    body.update(over)
    return body


async def create(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """POST ``body`` and return the created resource (asserting 201)."""
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())
