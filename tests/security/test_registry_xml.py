"""XML attacks in roster uploads: external entities (XXE) and entity expansion (billion laughs).

They already held (the XLSX reader uses the standard library's expat, which fetches no external
entity); these tests keep them holding: the import refuses the file or reads the entity as
nothing, never a local file's contents, and returns at once.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from tests.security.test_registry_import import HEADER_ROW, MAIN, _import
from tests.system_fixture import System

SECRET = "/etc/hostname"


def _xlsx(sheet: str, strings: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def _external_entity() -> bytes:
    return _xlsx(
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{SECRET}">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>'
        "</sheetData></worksheet>"
    )


def _billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
        '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE s [{entities}]>'
        f'<sst xmlns="{MAIN}"><si><t>&a9;</t></si></sst>'
    )
    return _xlsx(sheet, strings)


async def test_an_external_entity_never_reads_a_local_file(system: System) -> None:
    local = Path(SECRET).read_text(encoding="utf-8").strip()  # noqa: ASYNC240 (a few bytes)
    response, seconds = await _import(system, _external_entity(), "xxe.xlsx", dry_run="true")
    assert response.status_code in (200, 413, 422), response.text
    assert local not in response.text
    assert seconds < 10


async def test_entity_expansion_is_refused_at_once(system: System) -> None:
    started = time.perf_counter()
    response, _ = await _import(system, _billion_laughs(), "laughs.xlsx", dry_run="true")
    assert response.status_code in (413, 422), response.text
    assert "ha" * 1000 not in response.text
    assert time.perf_counter() - started < 10
