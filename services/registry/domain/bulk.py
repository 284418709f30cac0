"""Roster import and export: the parsing and writing live in :mod:`.roster`, the rules here.

Import upserts by credit code, then by filing number, in file order. Rows are taken
:data:`IMPORT_BATCH` at a time: one query finds who holds every code the batch names and one
which of its regions exist; each row is then checked in Python by the same rules as the API
(:class:`OrganizationService`), updates are flushed once and new rows inserted with one
multi-row INSERT. A bad row is reported (``{row, field, message}``) and simply not staged, so
it never blocks the good ones. If the database refuses a batch anyway (a concurrent writer took
a code), that batch is replayed a row at a time, each in its own SAVEPOINT, so the refusal is
reported on its row. A dry run does all of it inside one more SAVEPOINT and rolls that back, so
it reports exactly what a real import would do and writes nothing.

The same code twice in one file: the later row updates the organization the earlier row
created or updated (counted as ``updated``), exactly as two imports one after the other would.

What one upload may cost is bounded (:class:`ImportLimits`, ``WUSHE_IMPORT_*``): its size, rows,
cells and inflated XLSX parts (413 ``import_too_large``), its bad rows (422
``import_too_many_errors``) and its time (503 ``import_timeout``, below the gateway's upstream
timeout). Each refusal rolls the whole import back, so a client told "failed" is never wrong.
Parsing runs in a worker thread, a batch at a time; the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, BinaryIO, ClassVar

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from services.common import events
from services.common.db import utcnow
from services.common.errors import (
    PayloadTooLarge,
    UpstreamUnavailable,
    ValidationFailed,
    WusheError,
)
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.domain.base import ensure_not_bound
from services.registry.domain.errors import RegistryCode
from services.registry.domain.organization import OrganizationService, organization_read
from services.registry.domain.repositories.organization import (
    BatchedOrganizationRepository,
    OrganizationRepository,
)
from services.registry.domain.roster import (
    RosterFormatError,
    RosterLimits,
    RosterRow,
    RosterTooLarge,
    read_roster,
)
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


#: Rows checked together, looked up with one query and written with one INSERT.
IMPORT_BATCH = 1000
#: Rows checked between two yields to the event loop (about 20 ms of work).
_YIELD_EVERY = 100
#: Failures listed when a file has too many bad rows to be imported at all.
_FAILURES_SHOWN = 100


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Everything one import may cost (``RegistrySettings.import_*``)."""

    roster: RosterLimits = field(default_factory=RosterLimits)
    #: More bad rows than this and the file is refused whole (422): it is the wrong file.
    max_failed_rows: int = 1000
    #: Below the gateway's upstream timeout, so the client hears the real outcome.
    deadline_seconds: float = 25.0


class DeadlinePassed(Exception):
    """The import ran out of time (raised in the parsing thread or between rows)."""


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise DeadlinePassed


def _take(rows: Iterator[RosterRow], count: int, clock: _Deadline) -> list[RosterRow]:
    """Up to ``count`` rows (runs in a worker thread: parsing never blocks the event loop)."""
    batch: list[RosterRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= count:
            break
        if len(batch) % _YIELD_EVERY == 0:
            clock.check()
    clock.check()
    return batch


def _check_failures(result: ImportResult, limit: int) -> None:
    bad = {failure.row for failure in result.failed}
    if len(bad) > limit:
        shown = result.failed[:_FAILURES_SHOWN]
        raise ValidationFailed(
            f"名册中有超过 {limit:,} 行错误，未导入任何数据，请检查文件 / over {limit:,} bad "
            "rows: nothing was imported; is this the right file?",
            code=RegistryCode.IMPORT_TOO_MANY_ERRORS,
            errors=[
                {"field": f"row {f.row}" + (f".{f.field}" if f.field else ""), "message": f.message}
                for f in shown
            ],
        )


def _public(limits: ImportLimits) -> dict[str, int]:
    roster = limits.roster
    return {
        "max_upload_bytes": roster.max_upload_bytes,
        "max_rows": roster.max_rows,
        "max_cell_chars": roster.max_cell_chars,
        "max_xlsx_part_bytes": roster.max_xlsx_part_bytes,
        "max_shared_strings": roster.max_shared_strings,
        "max_shared_chars": roster.max_shared_chars,
    }


class RosterImporter:
    """Upserts organizations from an officer's roster, a batch of rows at a time."""

    #: The repository of one batch (a test swaps in one that misses a holder).
    batch_repository: ClassVar[type[BatchedOrganizationRepository]] = BatchedOrganizationRepository

    def __init__(self, session: AsyncSession, caller: Identity) -> None:
        self.session = session
        self.caller = caller
        self.repo = OrganizationRepository(session)
        self.orgs = OrganizationService(self.repo)

    async def run(
        self,
        content: bytes | BinaryIO,
        filename: str,
        *,
        dry_run: bool,
        limits: ImportLimits | None = None,
    ) -> ImportResult:
        """Import every good row; report every bad one; write nothing on a dry run.

        The file is parsed in a worker thread, a batch at a time, so the event loop keeps
        serving other requests. Anything over ``limits`` — size, rows, bad rows, time — rolls
        the whole import back and raises, so a client told "failed" never sees it take effect.
        """
        ensure_not_bound(self.caller)
        limits = limits or ImportLimits()
        clock = _Deadline(limits.deadline_seconds)
        result = ImportResult(created=0, updated=0, failed=[], dry_run=dry_run)
        try:
            rows = await asyncio.to_thread(read_roster, content, filename, limits.roster)
            owed = events.mark(self.session)
            outer = await self.repo.savepoint()
            try:
                while batch := await asyncio.to_thread(_take, rows, IMPORT_BATCH, clock):
                    await self._batch(batch, result, clock)
                    _check_failures(result, limits.max_failed_rows)
                clock.check()
            except BaseException:
                await outer.rollback()
                events.rewind(self.session, owed)
                raise
        except RosterTooLarge as exc:
            raise PayloadTooLarge(
                str(exc), code=RegistryCode.IMPORT_TOO_LARGE, extra={"limits": _public(limits)}
            ) from exc
        except RosterFormatError as exc:
            raise ValidationFailed(
                str(exc),
                code=RegistryCode.ROSTER_INVALID,
                errors=[{"field": "file", "message": str(exc)}],
            ) from exc
        except DeadlinePassed as exc:
            raise UpstreamUnavailable(
                f"导入超过 {limits.deadline_seconds:g} 秒未完成，已全部撤销，请拆分文件后重试 / "
                f"the import took over {limits.deadline_seconds:g} s and was rolled back: "
                "nothing was written; split the file and try again",
                code=RegistryCode.IMPORT_TIMEOUT,
            ) from exc
        if dry_run:
            await outer.rollback()
            events.rewind(self.session, owed)
        else:
            await outer.commit()
        return result

    async def _batch(self, rows: list[RosterRow], result: ImportResult, clock: _Deadline) -> None:
        """Check every row in Python against one lookup, then one INSERT and one flush.

        Rows are taken in file order, exactly as one at a time would: a later row with the code
        of an earlier one updates it. If the database still refuses the batch (a concurrent
        writer took a code meanwhile), the batch is replayed a row at a time, each row in its
        own SAVEPOINT, so the refusal lands on the row that caused it.
        """
        repo = await self._prefetch(rows)
        service = OrganizationService(repo)
        done = ImportResult(created=0, updated=0, failed=[], dry_run=result.dry_run)
        owed = events.mark(self.session)
        savepoint = await self.repo.savepoint()
        try:
            for index, row in enumerate(rows):
                if index % _YIELD_EVERY == 0:
                    # Checking a row is Python on the event loop: let other requests in.
                    clock.check()
                    await asyncio.sleep(0)
                if row.errors:
                    done.failed += _cell_failures(row)
                    continue
                try:
                    created = await self._plan(row.values, service, repo)
                except ValidationError as exc:
                    done.failed += _pydantic_failures(row.row, exc)
                    continue
                except WusheError as exc:
                    done.failed += _problem_failures(row.row, exc)
                    continue
                if created:
                    done.created += 1
                else:
                    done.updated += 1
            staged = list(repo.pending)
            await repo.write_batch()
            await savepoint.commit()
            for columns in staged:
                service.changed(SimpleNamespace(**columns), ["created"])
        except (IntegrityError, StaleDataError):
            await savepoint.rollback()
            events.rewind(self.session, owed)
            for row in rows:
                clock.check()
                await self._row(row, result)
            return
        result.created += done.created
        result.updated += done.updated
        result.failed += done.failed

    async def _prefetch(self, rows: list[RosterRow]) -> BatchedOrganizationRepository:
        """Who holds each code the batch names, and which of its regions exist: two queries."""
        return await self.batch_repository.prefetch(
            self.session,
            usccs=(str(r.values["uscc"]).strip().upper() for r in rows if r.values.get("uscc")),
            filings=(str(r.values["filing_no"]) for r in rows if r.values.get("filing_no")),
            region_codes=(
                str(r.values["region_code"]) for r in rows if r.values.get("region_code")
            ),
        )

    async def _plan(
        self,
        values: dict[str, Any],
        service: OrganizationService,
        repo: BatchedOrganizationRepository,
    ) -> bool:
        """Check one row and stage it: a new row held by ``repo``, an update on its ORM object."""
        existing = await service.by_code(values.get("uscc"), values.get("filing_no"))
        if existing is None:
            fields, status = _historic_status(values)
            columns = await service.new_columns(
                OrganizationCreate.model_validate(fields), self.caller
            )
            if status:
                columns["status"] = status
            now = utcnow()
            columns.update(
                id=uuid.uuid4(),
                rating_sum=0,
                rating_count=0,
                created_at=now,
                updated_at=now,
                version=1,
            )
            repo.stage(columns)
            return True
        patch = OrganizationUpdate.model_validate(values).model_dump(exclude_unset=True)
        if patch.get("uscc") and existing.uscc and patch["uscc"].upper() == existing.uscc:
            patch.pop("uscc")
        before = (existing.uscc, existing.filing_no)
        await service.apply(existing, patch, self.caller)
        repo.moved(existing, *before)
        return False

    async def _row(self, row: RosterRow, result: ImportResult) -> None:
        """One row in its own SAVEPOINT: the replay of a batch the database refused."""
        if row.errors:
            result.failed += _cell_failures(row)
            return
        owed = events.mark(self.session)
        savepoint = await self.repo.savepoint()
        try:
            created = await self._upsert(row.values)
        except ValidationError as exc:
            await savepoint.rollback()
            events.rewind(self.session, owed)
            result.failed += _pydantic_failures(row.row, exc)
            return
        except WusheError as exc:
            await savepoint.rollback()
            events.rewind(self.session, owed)
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
            fields, status = _historic_status(values)
            await self.orgs.create(
                OrganizationCreate.model_validate(fields), self.caller, recorded_status=status
            )
            return True
        patch = OrganizationUpdate.model_validate(values).model_dump(exclude_unset=True)
        if patch.get("uscc") and existing.uscc and patch["uscc"].upper() == existing.uscc:
            patch.pop("uscc")
        await self.orgs.apply(existing, patch, self.caller)
        return False


def _cell_failures(row: RosterRow) -> list[ImportFailure]:
    return [
        ImportFailure(row=row.row, field=e.get("field"), message=e.get("message", ""))
        for e in row.errors
    ]


async def export_rows(
    sessionmaker: async_sessionmaker[AsyncSession], filters: dict[str, Any], *, pii: bool
) -> AsyncIterator[list[dict[str, Any]]]:
    """Batches of organizations (read-model dicts) matching ``filters``, in a session of its own.

    Streaming outlives the request's session, so the export reads through its own.
    """
    after: list[Any] | None = None
    async with sessionmaker() as session:
        service = OrganizationService(OrganizationRepository(session))
        while True:
            rows, cursor = await service.list(
                PageParams(limit=EXPORT_BATCH, after=after), **filters
            )
            yield [organization_read(r, pii=pii).model_dump(mode="json") for r in rows]
            if cursor is None:
                return
            after = [rows[-1].created_at, rows[-1].id]


def _historic_status(values: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Split off a status that the API never gives a new organization (suspended, deregistered).

    A roster records organizations as they are: one suspended years ago is imported suspended,
    not refused, so that a roster (or this system's own export) loads into an empty registry.
    """
    status = values.get("status")
    if status in ("suspended", "deregistered"):
        return {k: v for k, v in values.items() if k != "status"}, str(status)
    return values, None
