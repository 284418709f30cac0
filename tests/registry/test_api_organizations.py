"""``/v1/organizations`` on both backends: credit codes, filing, lifecycle, ETags, search."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from services.common.identity import Identity
from services.registry.domain.uscc import make_uscc
from tests.factories import (
    GUIZHOU,
    HAISHU,
    JIANGBEI,
    NINGBO,
    ZHEJIANG,
    create,
    filed_payload,
    new_uscc,
    org_payload,
    suffix,
)
from tests.system_fixture import System

PATH = "/v1/organizations"


async def _org(system: System, **over: Any) -> tuple[dict[str, Any], str]:
    """Create an organization through the gateway; the body and its ETag."""
    headers = await system.admin_headers()
    response = await system.gateway.post(PATH, json=org_payload(**over), headers=headers)
    assert response.status_code == 201, response.text
    return response.json(), response.headers["etag"]


def _flip_check_char(code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:17] + alphabet[(alphabet.index(code[17]) + 1) % 31]


class TestCreateOrganization:
    async def test_registered_with_valid_code(self, system: System) -> None:
        body = org_payload(grade=4, party={"has_branch": True, "members": 5})
        created = await create(system.gateway, PATH, body, await system.admin_headers())
        assert created["uscc"] == body["uscc"]
        assert created["status"] == "active"
        assert created["grade"] == 4
        assert created["rating"] == {"average": None, "count": 0}
        assert created["party"] == {"has_branch": True, "members": 5}
        assert created["credit_status"] == "normal"
        uuid.UUID(created["id"])

    async def test_lower_case_code_is_normalized(self, system: System) -> None:
        code = new_uscc()
        created = await create(
            system.gateway, PATH, org_payload(uscc=code.lower()), await system.admin_headers()
        )
        assert created["uscc"] == code

    async def test_wrong_check_character_is_422(self, system: System) -> None:
        body = org_payload(uscc=_flip_check_char(new_uscc()))
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "uscc_invalid"
        assert problem["errors"][0]["field"] == "uscc"

    async def test_wrong_length_is_422(self, system: System) -> None:
        body = org_payload(uscc=new_uscc()[:17])
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_invalid"

    async def test_enterprise_code_has_its_own_error(self, system: System) -> None:
        body = org_payload(uscc=make_uscc(authority="9"))
        headers = {**(await system.admin_headers()), "Accept-Language": "en"}
        response = await system.gateway.post(PATH, json=body, headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_enterprise"
        assert "enterprise" in response.json()["title"]

    async def test_other_authority_is_422(self, system: System) -> None:
        body = org_payload(uscc=make_uscc(authority="1"))
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_wrong_authority"

    async def test_category_must_agree_with_legal_form(self, system: System) -> None:
        body = org_payload(uscc=new_uscc("foundation"), legal_form="social_group")
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_category_mismatch"

    async def test_duplicate_code_is_409(self, system: System) -> None:
        first, _ = await _org(system)
        body = org_payload(uscc=first["uscc"])
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 409
        assert response.json()["code"] == "uscc_taken"

    async def test_registered_without_code_is_422(self, system: System) -> None:
        body = org_payload()
        body.pop("uscc")
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_required"

    async def test_filed_with_filing_number(self, system: System) -> None:
        created = await create(system.gateway, PATH, filed_payload(), await system.admin_headers())
        assert created["registration"] == "filed"
        assert created["uscc"] is None
        assert created["filing_no"]

    async def test_filed_without_filing_number_is_422(self, system: System) -> None:
        body = filed_payload()
        body.pop("filing_no")
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "filing_no_required"

    async def test_duplicate_filing_number_is_409(self, system: System) -> None:
        first = await create(system.gateway, PATH, filed_payload(), await system.admin_headers())
        body = filed_payload(filing_no=first["filing_no"])
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 409
        assert response.json()["code"] == "filing_no_taken"

    async def test_unknown_region_is_422(self, system: System) -> None:
        body = org_payload(region_code="339999")
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"

    async def test_unknown_community_is_422(self, system: System) -> None:
        body = org_payload(community_id=str(uuid.uuid4()))
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "community_unknown"

    async def test_incubated_by_a_hub_starts_incubating(self, system: System) -> None:
        hub, _ = await _org(system, roles=["hub"])
        created, _ = await _org(system, incubated_by=hub["id"])
        assert created["incubated_by"] == hub["id"]
        assert created["status"] == "incubating"

    async def test_incubated_by_a_non_hub_is_422(self, system: System) -> None:
        other, _ = await _org(system, roles=["charity"])
        body = org_payload(incubated_by=other["id"])
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["code"] == "hub_invalid"

    async def test_grade_out_of_range_is_422(self, system: System) -> None:
        body = org_payload(grade=6)
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "grade"

    async def test_unknown_field_is_refused(self, system: System) -> None:
        body = org_payload(id_card_no="330203199001011234")
        response = await system.gateway.post(PATH, json=body, headers=await system.admin_headers())
        assert response.status_code == 422

    async def test_org_admin_cannot_create(self, system: System) -> None:
        caller = Identity(
            sub="u1",
            kind="user",
            role="org_admin",
            org_id=str(uuid.uuid4()),
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            PATH, json=org_payload(), headers=system.signed(caller)
        )
        assert response.status_code == 403

    async def test_without_write_scope_is_403(self, system: System) -> None:
        caller = Identity(
            sub="r", kind="user", role="resident", scopes=frozenset({"registry:read"})
        )
        response = await system.direct["registry"].post(
            PATH, json=org_payload(), headers=system.signed(caller)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "scope_missing"


class TestGetOrganization:
    async def test_returns_etag_and_masks_phone(self, system: System) -> None:
        created, _ = await _org(system)
        caller = Identity(
            sub="r", kind="user", role="resident", scopes=frozenset({"registry:read"})
        )
        response = await system.direct["registry"].get(
            f"{PATH}/{created['id']}", headers=system.signed(caller)
        )
        assert response.status_code == 200
        assert response.headers["etag"] == 'W/"1"'
        assert response.json()["contact"]["phone"] == "138****5678"

    async def test_pii_scope_sees_phone(self, system: System) -> None:
        created, _ = await _org(system)
        response = await system.gateway.get(
            f"{PATH}/{created['id']}", headers=await system.admin_headers()
        )
        assert response.json()["contact"]["phone"] == "13812345678"

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{uuid.uuid4()}", headers=await system.admin_headers()
        )
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    async def test_expired_grade_reads_as_none(self, system: System) -> None:
        created, _ = await _org(
            system, grade=5, grade_expires_on=str(dt.date.today() - dt.timedelta(days=2))
        )
        assert created["grade"] is None
        assert created["grade_expires_on"] is not None


class TestUpdateOrganization:
    async def _patch(
        self, system: System, org_id: str, body: dict[str, Any], etag: str | None
    ) -> Any:
        headers = await system.admin_headers()
        if etag is not None:
            headers = {**headers, "If-Match": etag}
        return await system.gateway.patch(f"{PATH}/{org_id}", json=body, headers=headers)

    async def test_with_current_etag(self, system: System) -> None:
        created, etag = await _org(system)
        response = await self._patch(system, created["id"], {"domains": ["children"]}, etag)
        assert response.status_code == 200, response.text
        assert response.json()["domains"] == ["children"]
        assert response.headers["etag"] == 'W/"2"'

    async def test_without_if_match_is_428(self, system: System) -> None:
        created, _ = await _org(system)
        response = await self._patch(system, created["id"], {"domains": ["children"]}, None)
        assert response.status_code == 428
        assert response.json()["code"] == "precondition_required"

    async def test_stale_etag_is_412(self, system: System) -> None:
        created, etag = await _org(system)
        assert (
            await self._patch(system, created["id"], {"name": f"新名{suffix()}"}, etag)
        ).status_code == 200
        response = await self._patch(system, created["id"], {"name": f"又名{suffix()}"}, etag)
        assert response.status_code == 412
        assert response.json()["code"] == "precondition_failed"

    @pytest.mark.parametrize(
        "path",
        [
            ["suspended", "active"],
            ["suspended", "deregistered"],
            ["deregistered"],
        ],
    )
    async def test_legal_transitions(self, system: System, path: list[str]) -> None:
        created, etag = await _org(system)
        for status in path:
            response = await self._patch(system, created["id"], {"status": status}, etag)
            assert response.status_code == 200, response.text
            assert response.json()["status"] == status
            etag = response.headers["etag"]

    async def test_incubating_to_active(self, system: System) -> None:
        hub, _ = await _org(system, roles=["hub"])
        created, etag = await _org(system, incubated_by=hub["id"])
        response = await self._patch(system, created["id"], {"status": "active"}, etag)
        assert response.json()["status"] == "active"

    async def test_illegal_transition_is_409(self, system: System) -> None:
        hub, _ = await _org(system, roles=["hub"])
        created, etag = await _org(system, incubated_by=hub["id"])
        response = await self._patch(system, created["id"], {"status": "suspended"}, etag)
        assert response.status_code == 409
        assert response.json()["code"] == "status_transition_invalid"

    async def test_deregistered_is_final(self, system: System) -> None:
        created, etag = await _org(system)
        response = await self._patch(system, created["id"], {"status": "deregistered"}, etag)
        response = await self._patch(
            system, created["id"], {"status": "active"}, response.headers["etag"]
        )
        assert response.status_code == 409
        assert response.json()["code"] == "status_transition_invalid"

    async def test_new_code_is_checked(self, system: System) -> None:
        created, etag = await _org(system)
        response = await self._patch(
            system, created["id"], {"uscc": _flip_check_char(new_uscc())}, etag
        )
        assert response.status_code == 422
        assert response.json()["code"] == "uscc_invalid"

    async def test_null_name_is_422(self, system: System) -> None:
        created, etag = await _org(system)
        response = await self._patch(system, created["id"], {"name": None}, etag)
        assert response.status_code == 422

    async def test_org_admin_edits_own(self, system: System) -> None:
        created, etag = await _org(system)
        caller = Identity(
            sub="a",
            kind="user",
            role="org_admin",
            org_id=created["id"],
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].patch(
            f"{PATH}/{created['id']}",
            json={"staff": {"full_time": 7, "certified_social_workers": 3}},
            headers=system.signed(caller, **{"If-Match": etag}),
        )
        assert response.status_code == 200, response.text
        assert response.json()["staff"] == {"full_time": 7, "certified_social_workers": 3}

    async def test_org_admin_cannot_set_own_grade(self, system: System) -> None:
        created, etag = await _org(system)
        caller = Identity(
            sub="a",
            kind="user",
            role="org_admin",
            org_id=created["id"],
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].patch(
            f"{PATH}/{created['id']}",
            json={"grade": 5},
            headers=system.signed(caller, **{"If-Match": etag}),
        )
        assert response.status_code == 403

    async def test_org_admin_cannot_edit_another(self, system: System) -> None:
        created, etag = await _org(system)
        caller = Identity(
            sub="a",
            kind="user",
            role="org_admin",
            org_id=str(uuid.uuid4()),
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].patch(
            f"{PATH}/{created['id']}",
            json={"domains": []},
            headers=system.signed(caller, **{"If-Match": etag}),
        )
        assert response.status_code == 403
        assert response.json()["code"] == "org_mismatch"


class TestSearchOrganizations:
    async def _search(self, system: System, **params: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
            response = await system.gateway.get(
                PATH, params=query, headers=await system.admin_headers()
            )
            assert response.status_code == 200, response.text
            items += response.json()["items"]
            cursor = response.json()["next_cursor"]
            if not cursor:
                return items

    async def test_two_character_substring(self, system: System) -> None:
        tag = suffix()
        hit, _ = await _org(system, name=f"宁波市海曙区{tag}社工服务中心")
        miss, _ = await _org(system, name=f"宁波市江北区{tag}社工服务中心", region_code=JIANGBEI)
        ids = {o["id"] for o in await self._search(system, q="海曙")}
        assert hit["id"] in ids
        assert miss["id"] not in ids

    async def test_substring_in_the_middle(self, system: System) -> None:
        tag = suffix()
        hit, _ = await _org(system, name=f"阳光{tag}心理咨询服务社")
        found = await self._search(system, q=f"{tag}心理")
        assert [o["id"] for o in found] == [hit["id"]]

    async def test_like_wildcards_are_literal(self, system: System) -> None:
        tag = suffix()
        await _org(system, name=f"百分百{tag}公益")
        assert await self._search(system, q=f"{tag}%") == []
        assert await self._search(system, q=f"_{tag}") == []

    async def test_one_character_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"q": "海"}, headers=await system.admin_headers()
        )
        assert response.status_code == 422

    async def test_region_includes_descendants(self, system: System) -> None:
        tag = suffix()
        county, _ = await _org(system, name=f"区县级{tag}", region_code=HAISHU)
        city, _ = await _org(system, name=f"市级{tag}", region_code=NINGBO)
        far, _ = await _org(system, name=f"外省{tag}", region_code=GUIZHOU)
        ids = {o["id"] for o in await self._search(system, q=tag, region_code=ZHEJIANG)}
        assert {county["id"], city["id"]} <= ids
        assert far["id"] not in ids
        ids = {o["id"] for o in await self._search(system, q=tag, region_code=HAISHU)}
        assert ids == {county["id"]}

    async def test_unknown_region_filter_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"region_code": "339999"}, headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"

    async def test_filters_combine(self, system: System) -> None:
        tag = suffix()
        want, _ = await _org(
            system,
            name=f"组合{tag}甲",
            domains=["children", "elderly_care"],
            roles=["hub"],
            grade=4,
        )
        await _org(system, name=f"组合{tag}乙", domains=["children"], roles=["charity"], grade=4)
        await _org(system, name=f"组合{tag}丙", domains=["children"], roles=["hub"], grade=2)
        await create(
            system.gateway,
            PATH,
            filed_payload(name=f"组合{tag}丁", domains=["children"], roles=["hub"]),
            await system.admin_headers(),
        )
        found = await self._search(
            system,
            q=f"组合{tag}",
            domain="children",
            role="hub",
            grade_min=3,
            registration="registered",
            status="active",
        )
        assert [o["id"] for o in found] == [want["id"]]

    async def test_expired_grade_does_not_pass_grade_min(self, system: System) -> None:
        tag = suffix()
        await _org(
            system,
            name=f"过期{tag}",
            grade=5,
            grade_expires_on=str(dt.date.today() - dt.timedelta(days=1)),
        )
        assert await self._search(system, q=f"过期{tag}", grade_min=1) == []

    async def test_keyset_pages_cover_everything_once(self, system: System) -> None:
        tag = suffix()
        made = {(await _org(system, name=f"分页{tag}{i}"))[0]["id"] for i in range(5)}
        seen: list[str] = []
        cursor = None
        headers = await system.admin_headers()
        while True:
            params: dict[str, Any] = {"q": f"分页{tag}", "limit": 2}
            if cursor:
                params["cursor"] = cursor
            body = (await system.gateway.get(PATH, params=params, headers=headers)).json()
            assert len(body["items"]) <= 2
            seen += [o["id"] for o in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
            await _org(system, name=f"分页{tag}后来")  # inserts meanwhile do not disturb pages
        assert made <= set(seen)
        assert len(seen) == len(set(seen))

    async def test_limit_over_200_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"limit": 201}, headers=await system.admin_headers()
        )
        assert response.status_code == 422
