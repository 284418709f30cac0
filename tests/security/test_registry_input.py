"""Organization names that look alike must be alike (issue 8): normalized, or refused.

Full-width twins (ＡＢＣ, （）), zero-width characters and bidirectional controls let two names
that read the same differ as strings, so search misses one and a duplicate slips past a check.
"""

from __future__ import annotations

from typing import Any

import pytest

from services.common.types import normalize_text
from tests.factories import create, org_payload, suffix
from tests.system_fixture import System

PATH = "/v1/organizations"


async def _search(system: System, q: str) -> set[str]:
    response = await system.gateway.get(PATH, params={"q": q}, headers=await system.admin_headers())
    assert response.status_code == 200, response.text
    return {o["id"] for o in response.json()["items"]}


class TestNormalizeText:
    @pytest.mark.parametrize(
        ("raw", "normal"),
        [
            ("善行ＡＢＣ（海曙）１２", "善行ABC(海曙)12"),
            ("善\u200b行\u200d社\ufeff工", "善行社工"),
            ("  善行\u3000", "善行"),
        ],
    )
    def test_twins_and_invisibles_fold(self, raw: str, normal: str) -> None:
        assert normalize_text(raw) == normal

    @pytest.mark.parametrize("raw", ["善行\u202e工社", "善\u2066行", "善行\x07", "善\n行"])
    def test_controls_are_refused(self, raw: str) -> None:
        with pytest.raises(ValueError, match="control character"):
            normalize_text(raw)


class TestOrganizationNames:
    async def test_full_width_name_is_stored_half_width_and_found_by_either(
        self, system: System
    ) -> None:
        tag = suffix().upper()
        org = await create(
            system.gateway,
            PATH,
            org_payload(name=f"善行Ｎ{tag}（海曙）"),
            await system.admin_headers(),
        )
        assert org["name"] == f"善行N{tag}(海曙)"
        assert org["id"] in await _search(system, f"N{tag}(海曙")
        assert org["id"] in await _search(system, f"Ｎ{tag}（海曙")

    async def test_zero_width_characters_are_removed(self, system: System) -> None:
        tag = suffix()
        org = await create(
            system.gateway,
            PATH,
            org_payload(name=f"零\u200b宽{tag}\u200d中心"),
            await system.admin_headers(),
        )
        assert org["name"] == f"零宽{tag}中心"
        assert org["id"] in await _search(system, f"零宽{tag}")

    @pytest.mark.parametrize("name", ["善行\u202e心中", "善行\u2067中心", "善行\x1b中心"])
    async def test_control_characters_are_422(self, system: System, name: str) -> None:
        response = await system.gateway.post(
            PATH, json=org_payload(name=name), headers=await system.admin_headers()
        )
        assert response.status_code == 422, response.text
        assert "name" in str(response.json().get("errors"))

    async def test_a_patch_is_normalized_too(self, system: System) -> None:
        headers = await system.admin_headers()
        org = await create(system.gateway, PATH, org_payload(), headers)
        got = await system.gateway.get(f"{PATH}/{org['id']}", headers=headers)
        patched = await system.gateway.patch(
            f"{PATH}/{org['id']}",
            json={"name": "改名\u200bＸＹ"},
            headers={**headers, "If-Match": got.headers["etag"]},
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["name"] == "改名XY"

    async def test_an_imported_name_is_normalized(self, system: System) -> None:
        tag = suffix()
        content = (
            "名称,备案编号,登记/备案,组织类型,所属区划\n"
            f"导入\u200b{tag}（甲）,备{tag},备案,社会团体,330203\n"
        ).encode()
        response = await system.gateway.post(
            f"{PATH}/import",
            files={"file": ("r.csv", content, "text/csv")},
            headers=await system.admin_headers(),
        )
        assert response.json()["created"] == 1, response.text
        found: Any = await system.gateway.get(
            PATH, params={"q": f"导入{tag}"}, headers=await system.admin_headers()
        )
        assert [o["name"] for o in found.json()["items"]] == [f"导入{tag}(甲)"]
