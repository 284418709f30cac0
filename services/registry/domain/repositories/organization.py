"""Every query of the organization roster: codes, search, ratings and the import's batches.

:class:`OrganizationRepository` answers one question per statement. The roster import uses
:class:`BatchedOrganizationRepository` instead: the same questions answered from one query per
batch of rows, with new rows held back and written by one multi-row INSERT. The service
(:class:`services.registry.domain.organization.OrganizationService`) cannot tell them apart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

from services.common.db import utcnow
from services.common.errors import Conflict
from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import Community, Organization, Rating, Region
from services.registry.domain.errors import UNIQUE, RegistryCode
from services.registry.domain.query import contains_all, in_region, name_matches
from services.registry.domain.search import ORGS, NameSearch, keyset_page


@dataclass(frozen=True, slots=True)
class OrganizationFilters:
    """The list filters but ``q``, already resolved (a region filter is its code prefix)."""

    on: dt.date
    prefix: str | None = None
    domain: str | None = None
    role: str | None = None
    registration: str | None = None
    legal_form: str | None = None
    grade_min: int | None = None
    status: str | None = None
    credit_status: str | None = None
    community_id: uuid.UUID | None = None
    incubated_by: uuid.UUID | None = None

    @property
    def narrow(self) -> bool:
        """A county or smaller, one community or one hub: few rows, the planner knows it."""
        return bool(
            self.community_id or self.incubated_by or (self.prefix and len(self.prefix) >= 6)
        )

    def where(self, o: Any, dialect: str) -> list[sa.ColumnElement[bool]]:
        """The conditions on ``o`` (the model, or an alias of it)."""
        where: list[sa.ColumnElement[bool]] = []
        if self.prefix is not None:
            where.append(in_region(o.region_code, self.prefix))
        if self.domain:
            where.append(contains_all(o.domains, [self.domain], dialect))
        if self.role:
            where.append(contains_all(o.roles, [self.role], dialect))
        if self.registration:
            where.append(o.registration == self.registration)
        if self.legal_form:
            where.append(o.legal_form == self.legal_form)
        if self.grade_min is not None:
            where.append(o.grade >= self.grade_min)
            where.append(sa.or_(o.grade_expires_on.is_(None), o.grade_expires_on >= self.on))
        if self.status:
            where.append(o.status == self.status)
        if self.credit_status:
            where.append(o.credit_status == self.credit_status)
        if self.community_id:
            where.append(o.community_id == self.community_id)
        if self.incubated_by:
            where.append(o.incubated_by == self.incubated_by)
        return where


class OrganizationRepository(Repository[Organization]):
    """Reads and writes of organizations and their ratings."""

    model = Organization

    def savepoint(self) -> AsyncSessionTransaction:
        """A SAVEPOINT (``async with`` it, or commit/roll it back)."""
        return self.session.begin_nested()

    async def flush(self) -> None:
        """Write what is staged; a concurrent insert that won a unique index is its 409."""
        try:
            await super().flush()
        except IntegrityError as exc:
            code = UNIQUE.code_for(exc)
            if code is None:
                raise
            if code not in (RegistryCode.USCC_TAKEN, RegistryCode.FILING_NO_TAKEN):
                code = RegistryCode.USCC_TAKEN
            raise Conflict("统一社会信用代码或备案编号已存在", code=code) from exc

    async def by_uscc(self, uscc: str) -> Organization | None:
        """The organization holding this (upper-case) credit code."""
        return await self.session.scalar(sa.select(Organization).where(Organization.uscc == uscc))

    async def by_filing_no(self, filing_no: str) -> Organization | None:
        """The organization holding this filing number."""
        return await self.session.scalar(
            sa.select(Organization).where(Organization.filing_no == filing_no)
        )

    async def uscc_owner(self, uscc: str) -> uuid.UUID | None:
        """The id of the organization holding this credit code."""
        return await self.session.scalar(
            sa.select(Organization.id).where(Organization.uscc == uscc)
        )

    async def filing_owner(self, filing_no: str) -> uuid.UUID | None:
        """The id of the organization holding this filing number."""
        return await self.session.scalar(
            sa.select(Organization.id).where(Organization.filing_no == filing_no)
        )

    async def region(self, code: str) -> Region | None:
        """The region with this code."""
        return await self.session.get(Region, code)

    async def region_exists(self, code: str) -> bool:
        """Whether a region has this code."""
        return await self.region(code) is not None

    async def community_exists(self, community_id: uuid.UUID) -> bool:
        """Whether a community has this id."""
        return await self.session.get(Community, community_id) is not None

    async def search(
        self, params: PageParams, q: str | None, filters: OrganizationFilters
    ) -> tuple[list[Row[Any]], str | None]:
        """One keyset page of plain rows (not ORM objects) matching ``q`` and ``filters``."""
        dialect = self.dialect

        def where(o: Any) -> list[sa.ColumnElement[bool]]:
            return filters.where(o, dialect)

        if q and dialect == "postgresql":
            return await NameSearch(self.session, q, where).page(params, narrow=filters.narrow)
        stmt = sa.select(*ORGS).where(*where(ORGS))
        if q:
            stmt = stmt.where(name_matches(ORGS.name, ORGS.name_bigrams, q, dialect))
        return await keyset_page(self.session, stmt, params)

    async def rating_from(self, source_match_id: uuid.UUID) -> Rating | None:
        """The rating recorded for this source (a completed match's feedback), if any."""
        return await self.session.scalar(
            sa.select(Rating).where(Rating.source_match_id == source_match_id)
        )

    async def live_rating(self, org_id: uuid.UUID, rated_by: str) -> Rating | None:
        """The rater's standing rating of the organization (not one tied to a match)."""
        return await self.session.scalar(
            sa.select(Rating).where(
                Rating.org_id == org_id,
                Rating.rated_by == rated_by,
                Rating.source_match_id.is_(None),
            )
        )

    async def replace_rating(self, rating: Rating, score: int, comment: str | None) -> None:
        """Give ``rating`` a new score and comment, dated now."""
        rating.score, rating.comment, rating.created_at = score, comment, utcnow()
        await self.flush()

    async def add_rating(self, rating: Rating) -> bool:
        """Insert ``rating`` in its own SAVEPOINT; ``False`` if a unique index refused it."""
        try:
            async with self.session.begin_nested():
                self.session.add(rating)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def add_to_rating(self, org: Organization, score: int, count: int) -> None:
        """Add to the aggregate in one UPDATE (concurrent ratings never lose each other);
        ``org`` is refreshed. The version is not bumped: an officer's pending edit stays valid."""
        await self.session.execute(
            sa.update(Organization)
            .where(Organization.id == org.id)
            .values(
                rating_sum=Organization.rating_sum + score,
                rating_count=Organization.rating_count + count,
            )
            .execution_options(synchronize_session=False)
        )
        await self.session.refresh(org, ["rating_sum", "rating_count"])


#: Who holds a code in a batch: an organization, the id of a row staged earlier, or nobody.
Holder = Organization | uuid.UUID | None


class BatchedOrganizationRepository(OrganizationRepository):
    """The import's repository: lookups answered from one query per batch, writes held back.

    ``uscc_holders`` / ``filing_holders`` map every credit code and filing number the batch
    names to its holder; ``regions`` says which of the batch's region codes exist. Codes the
    batch does not name fall through to the database. New rows are staged (:meth:`stage`) and
    written by one multi-row INSERT at :meth:`write_batch`; updates are flushed there too.
    """

    def __init__(
        self,
        session: AsyncSession,
        uscc_holders: dict[str, Holder],
        filing_holders: dict[str, Holder],
        regions: dict[str, bool],
    ) -> None:
        super().__init__(session)
        self.uscc_holders = uscc_holders
        self.filing_holders = filing_holders
        self.regions = regions
        self.pending: list[dict[str, Any]] = []

    @classmethod
    async def prefetch(
        cls,
        session: AsyncSession,
        usccs: Iterable[str],
        filings: Iterable[str],
        region_codes: Iterable[str],
    ) -> BatchedOrganizationRepository:
        """Who holds each code, and which regions exist: two queries for the whole batch."""
        usccs, filings, codes = set(usccs), set(filings), set(region_codes)
        by_uscc: dict[str, Holder] = dict.fromkeys(usccs)
        by_filing: dict[str, Holder] = dict.fromkeys(filings)
        if usccs or filings:
            found = await session.scalars(
                sa.select(Organization).where(
                    sa.or_(Organization.uscc.in_(usccs), Organization.filing_no.in_(filings))
                )
            )
            for org in found:
                if org.uscc:
                    by_uscc[org.uscc] = org
                if org.filing_no:
                    by_filing[org.filing_no] = org
        regions = dict.fromkeys(codes, False)
        if codes:
            for code in await session.scalars(sa.select(Region.code).where(Region.code.in_(codes))):
                regions[code] = True
        return cls(session, by_uscc, by_filing, regions)

    @staticmethod
    def _id(holder: Holder) -> uuid.UUID | None:
        return holder.id if isinstance(holder, Organization) else holder

    async def uscc_owner(self, uscc: str) -> uuid.UUID | None:
        if uscc in self.uscc_holders:
            return self._id(self.uscc_holders[uscc])
        return await super().uscc_owner(uscc)

    async def filing_owner(self, filing_no: str) -> uuid.UUID | None:
        if filing_no in self.filing_holders:
            return self._id(self.filing_holders[filing_no])
        return await super().filing_owner(filing_no)

    async def region_exists(self, code: str) -> bool:
        known = self.regions.get(code)
        return await super().region_exists(code) if known is None else known

    async def by_uscc(self, uscc: str) -> Organization | None:
        if uscc in self.uscc_holders:
            return await self._loaded(self.uscc_holders[uscc])
        return await super().by_uscc(uscc)

    async def by_filing_no(self, filing_no: str) -> Organization | None:
        if filing_no in self.filing_holders:
            return await self._loaded(self.filing_holders[filing_no])
        return await super().by_filing_no(filing_no)

    async def _loaded(self, holder: Holder) -> Organization | None:
        """The holder as an ORM object: a row staged earlier in the batch is written first."""
        if not isinstance(holder, uuid.UUID):
            return holder
        await self._insert_pending()
        org = await self.session.get(Organization, holder)
        assert org is not None
        for index in (self.uscc_holders, self.filing_holders):
            for key, value in index.items():
                if value == org.id:
                    index[key] = org
        return org

    async def flush(self) -> None:
        """Nothing: the batch is written once (:meth:`write_batch`)."""

    def stage(self, columns: dict[str, Any]) -> None:
        """Hold a new row (complete column values, ``id`` included) for the batch's INSERT."""
        self.pending.append(columns)
        if columns.get("uscc"):
            self.uscc_holders[columns["uscc"]] = columns["id"]
        if columns.get("filing_no"):
            self.filing_holders[columns["filing_no"]] = columns["id"]

    def moved(self, org: Organization, uscc_before: str | None, filing_before: str | None) -> None:
        """Keep the batch's view of who holds which code in step with an update of ``org``."""
        if uscc_before != org.uscc:
            if uscc_before:
                self.uscc_holders[uscc_before] = None
            if org.uscc:
                self.uscc_holders[org.uscc] = org
        if filing_before != org.filing_no:
            if filing_before:
                self.filing_holders[filing_before] = None
            if org.filing_no:
                self.filing_holders[org.filing_no] = org

    async def write_batch(self) -> None:
        """Flush the updates, then insert the staged rows; a unique violation or a lost version
        race propagates as is, so the importer can replay the batch a row at a time."""
        await self.session.flush()
        await self._insert_pending()

    async def _insert_pending(self) -> None:
        if self.pending:
            table = cast(sa.Table, Organization.__table__)
            await self.session.execute(sa.insert(table), self.pending)
            self.pending = []
