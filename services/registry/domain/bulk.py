"""Roster import and export: the parsing and writing live in :mod:`.roster`, the rules here.

Import upserts by credit code, then by filing number. Each row runs in its own SAVEPOINT, so a
bad row is reported (``{row, field, message}``) and rolled back while the good rows stay; a dry
run does all of it inside one more SAVEPOINT and rolls that back, so it reports exactly what a
real import would do and writes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.common.errors import ValidationFailed, WusheError
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.domain.base import ensure_not_bound
from services.registry.domain.organization import OrganizationService, organization_read
from services.registry.domain.roster import RosterFormatError, RosterRow, read_roster
from services.registry.schemas import (
    ImportFailure,
    ImportResult,
    OrganizationCreate,
    OrganizationUpdate,
)

EXPORT_BATCH = 500


def _pydantic_failures(row: int, exc: ValidationError) -> list[ImportFailure]:
    return [
        ImportFailure(
            row=row,
            field=".".join(str(p) for p in err["loc"]) or None,
            message=str(err["msg"]),
        )
        for err in exc.errors()
    ]


def _problem_failures(row: int, exc: WusheError) -> list[ImportFailure]:
    if exc.errors:
        return [
            ImportFailure(row=row, field=e.get("field"), message=str(e.get("message")))
            for e in exc.errors
        ]
    return [ImportFailure(row=row, field=None, message=f"{exc.code}: {exc.detail or ''}")]


class RosterImporter:
    """Upserts organizations from an officer's roster."""

    def __init__(self, session: AsyncSession, caller: Identity) -> None:
        self.session = session
        self.caller = caller
        self.orgs = OrganizationService(session)

    async def run(self, content: bytes, filename: str, *, dry_run: bool) -> ImportResult:
        """Import every good row; report every bad one; write nothing on a dry run."""
        ensure_not_bound(self.caller)
        try:
            rows = read_roster(content, filename)
            first = next(rows, None)
        except RosterFormatError as exc:
            raise ValidationFailed(
                str(exc), code="roster_invalid", errors=[{"field": "file", "message": str(exc)}]
            ) from exc
        result = ImportResult(created=0, updated=0, failed=[], dry_run=dry_run)
        outer = await self.session.begin_nested()
        try:
            if first is not None:
                await self._row(first, result)
                for row in rows:
                    await self._row(row, result)
        except RosterFormatError as exc:
            await outer.rollback()
            raise ValidationFailed(str(exc), code="roster_invalid") from exc
        if dry_run:
            await outer.rollback()
        else:
            await outer.commit()
        return result

    async def _row(self, row: RosterRow, result: ImportResult) -> None:
        if row.errors:
            result.failed += [
                ImportFailure(row=row.row, field=e.get("field"), message=e.get("message", ""))
                for e in row.errors
            ]
            return
        savepoint = await self.session.begin_nested()
        try:
            created = await self._upsert(row.values)
        except ValidationError as exc:
            await savepoint.rollback()
            result.failed += _pydantic_failures(row.row, exc)
            return
        except WusheError as exc:
            await savepoint.rollback()
            result.failed += _problem_failures(row.row, exc)
            return
        await savepoint.commit()
        if created:
            result.created += 1
        else:
            result.updated += 1

    async def _upsert(self, values: dict[str, Any]) -> bool:
        """Update the organization with this code or filing number, or create it; True if new."""
        existing = await self.orgs.by_code(values.get("uscc"), values.get("filing_no"))
        if existing is None:
            await self.orgs.create(OrganizationCreate.model_validate(values), self.caller)
            return True
        patch = OrganizationUpdate.model_validate(values).model_dump(exclude_unset=True)
        if patch.get("uscc") and existing.uscc and patch["uscc"].upper() == existing.uscc:
            patch.pop("uscc")
        await self.orgs.apply(existing, patch, self.caller)
        return False


async def export_rows(
    sessionmaker: async_sessionmaker[AsyncSession], filters: dict[str, Any], *, pii: bool
) -> AsyncIterator[list[dict[str, Any]]]:
    """Batches of organizations (read-model dicts) matching ``filters``, in a session of its own.

    Streaming outlives the request's session, so the export reads through its own.
    """
    after: list[Any] | None = None
    async with sessionmaker() as session:
        service = OrganizationService(session)
        while True:
            rows, cursor = await service.list(
                PageParams(limit=EXPORT_BATCH, after=after), **filters
            )
            yield [organization_read(r, pii=pii).model_dump(mode="json") for r in rows]
            if cursor is None:
                return
            after = [rows[-1].created_at, rows[-1].id]
