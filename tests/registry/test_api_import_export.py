"""``POST /v1/organizations/import`` and ``GET /v1/organizations/export`` on both backends."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from services.common.identity import Identity
from services.registry.domain import bulk
from services.registry.domain.repositories.organization import BatchedOrganizationRepository
from services.registry.domain.roster import read_roster, write_roster_xlsx
from tests.factories import HAISHU, create, filed_payload, new_uscc, org_payload, suffix
from tests.system_fixture import System

PATH = "/v1/organizations"
HEADER = "名称,统一社会信用代码,备案编号,登记/备案,组织类型,所属区划,服务领域,联系电话"


def _csv(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def _line(name: str, uscc: str = "", filing: str = "", **over: str) -> str:
    cells = {
        "name": name,
        "uscc": uscc,
        "filing_no": filing,
        "registration": "登记" if uscc else "备案",
        "legal_form": over.get("legal_form", "社会团体"),
        "region": over.get("region", HAISHU),
        "domains": over.get("domains", ""),
        "phone": over.get("phone", ""),
    }
    return ",".join(cells.values())


async def _import(
    system: System, content: bytes, filename: str = "roster.csv", **params: Any
) -> Any:
    return await system.gateway.post(
        f"{PATH}/import",
        params=params,
        files={"file": (filename, content, "application/octet-stream")},
        headers=await system.admin_headers(),
    )


async def _find(system: System, q: str) -> list[dict[str, Any]]:
    response = await system.gateway.get(
        PATH, params={"q": q, "limit": 200}, headers=await system.admin_headers()
    )
    return list(response.json()["items"])


class TestImport:
    async def test_roster_with_broken_rows(self, system: System) -> None:
        tag = suffix()
        bad_check = new_uscc()
        bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
        content = _csv(
            [
                _line(f"导入甲{tag}", uscc=new_uscc()),
                _line(f"导入乙{tag}", uscc=bad_check),
                _line(f"导入丙{tag}", filing=f"备{tag}"),
                _line(f"导入丁{tag}", uscc=new_uscc(), region="339999"),
                _line(f"导入戊{tag}", filing=f"备{tag}x", legal_form="不存在的类型"),
            ]
        )
        response = await _import(system, content)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["created"] == 2
        assert body["updated"] == 0
        failed = {(f["row"], f["field"]) for f in body["failed"]}
        assert (3, "uscc") in failed
        assert (5, "region_code") in failed
        assert any(f["row"] == 6 for f in body["failed"])
        names = {o["name"] for o in await _find(system, tag)}
        assert names == {f"导入甲{tag}", f"导入丙{tag}"}

    async def test_dry_run_writes_nothing(self, system: System) -> None:
        tag = suffix()
        content = _csv(
            [_line(f"预演{tag}", uscc=new_uscc()), _line(f"预演{tag}b", filing=f"备{tag}")]
        )
        response = await _import(system, content, dry_run="true")
        assert response.status_code == 200
        assert response.json()["created"] == 2
        assert response.json()["dry_run"] is True
        assert await _find(system, f"预演{tag}") == []

    async def test_upsert_by_credit_code_and_filing_number(self, system: System) -> None:
        headers = await system.admin_headers()
        registered = await create(system.gateway, PATH, org_payload(), headers)
        filed_no = f"备{suffix()}"
        tag = suffix()
        content = _csv(
            [
                _line(f"改名{tag}", uscc=registered["uscc"], domains="助老"),
                _line(f"备案新{tag}", filing=filed_no),
            ]
        )
        first = (await _import(system, content)).json()
        assert first["updated"] == 1
        assert first["created"] == 1
        again = (await _import(system, content)).json()
        assert again == {"created": 0, "updated": 2, "failed": [], "dry_run": False}
        got = await system.gateway.get(f"{PATH}/{registered['id']}", headers=headers)
        assert got.json()["name"] == f"改名{tag}"
        assert got.headers["etag"] != 'W/"1"'
        assert got.json()["contact"]["phone"] == registered["contact"]["phone"]

    async def test_xlsx_round_trip(self, system: System) -> None:
        tag = suffix()
        row = org_payload(name=f"表格{tag}", grade=4, party={"has_branch": True, "members": 3})
        row["rating"] = {"average": None, "count": 0}
        content = write_roster_xlsx([row])
        response = await _import(system, content, filename="名册.xlsx")
        assert response.status_code == 200, response.text
        assert response.json()["created"] == 1
        [org] = await _find(system, f"表格{tag}")
        assert org["grade"] == 4
        assert org["party"] == {"has_branch": True, "members": 3}

    async def test_unreadable_file_is_422(self, system: System) -> None:
        response = await _import(system, b"\x00\x01 not a roster", filename="roster.xls")
        assert response.status_code == 422
        assert response.json()["code"] == "roster_invalid"

    async def test_missing_name_column_is_422(self, system: System) -> None:
        response = await _import(system, "备案编号\n备1\n".encode())
        assert response.status_code == 422
        assert response.json()["code"] == "roster_invalid"

    async def test_org_admin_may_not_import(self, system: System) -> None:
        caller = Identity(
            sub="o",
            kind="user",
            role="org_admin",
            org_id="00000000-0000-0000-0000-000000000001",
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            f"{PATH}/import",
            files={"file": ("r.csv", _csv([]), "text/csv")},
            headers=system.signed(caller),
        )
        assert response.status_code == 403


class TestExport:
    async def test_csv_reads_back(self, system: System) -> None:
        tag = suffix()
        headers = await system.admin_headers()
        made = await create(system.gateway, PATH, org_payload(name=f"导出{tag}"), headers)
        response = await system.gateway.get(
            f"{PATH}/export", params={"format": "csv", "q": f"导出{tag}"}, headers=headers
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(read_roster(response.content, "export.csv"))
        assert [r.values["uscc"] for r in rows] == [made["uscc"]]
        assert rows[0].values["contact"]["phone"] == "13812345678"

    async def test_xlsx_masks_phone_without_pii(self, system: System) -> None:
        tag = suffix()
        await create(
            system.gateway, PATH, org_payload(name=f"导出表{tag}"), await system.admin_headers()
        )
        reader = Identity(
            sub="r", kind="user", role="resident", scopes=frozenset({"registry:read"})
        )
        response = await system.direct["registry"].get(
            f"{PATH}/export",
            params={"format": "xlsx", "q": f"导出表{tag}"},
            headers=system.signed(reader),
        )
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert len(values) == 2
        assert "138****5678" in values[1]

    async def test_export_spans_batches(self, system: System) -> None:
        tag = suffix()
        headers = await system.admin_headers()
        for i in range(3):
            await create(system.gateway, PATH, org_payload(name=f"批量{tag}{i}"), headers)
        original = bulk.EXPORT_BATCH
        bulk.EXPORT_BATCH = 2
        try:
            response = await system.gateway.get(
                f"{PATH}/export", params={"q": f"批量{tag}"}, headers=headers
            )
        finally:
            bulk.EXPORT_BATCH = original
        rows = list(read_roster(response.content, "x.csv"))
        assert sorted(r.values["name"] for r in rows) == [f"批量{tag}{i}" for i in range(3)]
        assert response.content.count("名称".encode()) == 1

    async def test_bad_format_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/export", params={"format": "pdf"}, headers=await system.admin_headers()
        )
        assert response.status_code == 422

    async def test_unknown_region_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/export", params={"region_code": "339999"}, headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"


class TestBatchedImport:
    """Batches must not change what an import does: the same rows, errors and upserts."""

    async def test_same_code_twice_the_later_row_updates(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bulk, "IMPORT_BATCH", 2)
        tag = suffix()
        code, filing = new_uscc(), f"备{tag}"
        content = _csv(
            [
                _line(f"重复甲{tag}", uscc=code),
                _line(f"重复乙{tag}", uscc=code, domains="养老服务"),  # same batch
                _line(f"重复丙{tag}", filing=filing),
                _line(f"重复丁{tag}", uscc=code, phone="13900001111"),  # next batch
                _line(f"重复戊{tag}", filing=filing),
            ]
        )
        body = (await _import(system, content)).json()
        assert body == {"created": 2, "updated": 3, "failed": [], "dry_run": False}
        found = {o["name"]: o for o in await _find(system, tag)}
        assert set(found) == {f"重复丁{tag}", f"重复戊{tag}"}
        assert found[f"重复丁{tag}"]["domains"] == ["elderly_care"]
        assert found[f"重复丁{tag}"]["contact"]["phone"] == "13900001111"

    async def test_errors_keep_their_rows_across_batches(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bulk, "IMPORT_BATCH", 2)
        tag = suffix()
        taken = await create(system.gateway, PATH, org_payload(), await system.admin_headers())
        content = _csv(
            [
                _line(f"批甲{tag}", uscc=new_uscc()),
                _line(f"批乙{tag}", uscc=new_uscc(), region="339999"),
                _line("", filing=f"备{tag}"),
                _line(f"批丙{tag}", filing=f"备{tag}", legal_form="不存在的类型"),
                _line(f"批丁{tag}", filing=taken["uscc"][:10], region="33"),
                _line(f"批戊{tag}", filing=f"备{tag}b"),
            ]
        )
        body = (await _import(system, content)).json()
        assert body["created"] == 2
        assert [(f["row"], f["field"]) for f in body["failed"]] == [
            (3, "region_code"),
            (4, "name"),
            (5, "legal_form"),
            (6, "region_code"),
        ]
        assert {o["name"] for o in await _find(system, tag)} == {f"批甲{tag}", f"批戊{tag}"}

    async def test_a_refused_batch_is_replayed_row_by_row(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A code taken behind the batch's back: the unique index refuses, one row fails."""
        headers = await system.admin_headers()
        taken_no = f"备{suffix().upper()}"
        taken = await create(system.gateway, PATH, filed_payload(filing_no=taken_no), headers)

        class Blind(BatchedOrganizationRepository):
            """Believes nobody holds the batch's filing numbers."""

            @classmethod
            async def prefetch(cls, *args: Any, **kwargs: Any) -> BatchedOrganizationRepository:
                repo = await super().prefetch(*args, **kwargs)
                repo.filing_holders = dict.fromkeys(repo.filing_holders)
                return repo

        monkeypatch.setattr(bulk.RosterImporter, "batch_repository", Blind)
        tag = suffix()
        content = _csv(
            [
                _line(f"重放甲{tag}", uscc=new_uscc()),
                _line(f"重放乙{tag}", filing=taken["filing_no"]),
                _line(f"重放丙{tag}", filing=f"备{tag}"),
            ]
        )
        body = (await _import(system, content)).json()
        assert body["created"] == 2
        assert body["updated"] == 1  # the replay finds the holder and updates it
        assert body["failed"] == []
        names = {o["name"] for o in await _find(system, tag)}
        assert names == {f"重放甲{tag}", f"重放乙{tag}", f"重放丙{tag}"}

    async def test_dry_run_of_many_batches_writes_nothing(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bulk, "IMPORT_BATCH", 2)
        tag = suffix()
        code = new_uscc()
        lines = [_line(f"预演批{tag}{i}", filing=f"备{tag}{i}") for i in range(5)]
        content = _csv([*lines, _line(f"预演批{tag}x", uscc=code), _line("再", uscc=code)])
        body = (await _import(system, content, dry_run="true")).json()
        assert body == {"created": 6, "updated": 1, "failed": [], "dry_run": True}
        assert await _find(system, f"预演批{tag}") == []

    async def test_export_reimports_unchanged(self, system: System) -> None:
        headers = await system.admin_headers()
        tag = suffix()
        made = [
            await create(system.gateway, PATH, org_payload(name=f"往返{tag}甲", grade=3), headers),
            await create(system.gateway, PATH, filed_payload(name=f"往返{tag}乙"), headers),
        ]
        before = {o["id"]: o for o in await _find(system, f"往返{tag}")}
        etags = [
            (await system.gateway.get(f"{PATH}/{m['id']}", headers=headers)).headers["etag"]
            for m in made
        ]
        exported = await system.gateway.get(
            f"{PATH}/export", params={"format": "xlsx", "q": f"往返{tag}"}, headers=headers
        )
        body = (await _import(system, exported.content, filename="export.xlsx")).json()
        assert body == {"created": 0, "updated": 2, "failed": [], "dry_run": False}
        assert {o["id"]: o for o in await _find(system, f"往返{tag}")} == before
        assert [
            (await system.gateway.get(f"{PATH}/{m['id']}", headers=headers)).headers["etag"]
            for m in made
        ] == etags


class TestImportHistoricStatus:
    @pytest.mark.parametrize(("cell", "status"), [("暂停", "suspended"), ("注销", "deregistered")])
    async def test_new_row_keeps_its_recorded_status(
        self, system: System, cell: str, status: str
    ) -> None:
        tag = suffix()
        name = f"历史状态协会{tag}"
        content = (
            "名称,统一社会信用代码,登记/备案,组织类型,所属区划,状态\n"
            f"{name},{new_uscc()},登记,社会团体,{HAISHU},{cell}\n"
        ).encode()
        response = await _import(system, content)
        assert response.status_code == 200, response.text
        assert response.json()["created"] == 1
        assert response.json()["failed"] == []
        [org] = await _find(system, name)
        assert org["status"] == status

    async def test_api_still_refuses_to_create_suspended(self, system: System) -> None:
        response = await system.gateway.post(
            PATH, json=org_payload(status="suspended"), headers=await system.admin_headers()
        )
        assert response.status_code == 422
