"""Regions: the shipped GB/T 2260 tree, extended with townships and villages through the API."""

from __future__ import annotations

import builtins

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import Conflict
from services.common.pagination import PageParams
from services.registry.db.models import Region
from services.registry.domain import feed
from services.registry.domain.base import get_or_404, invalid, require_region
from services.registry.domain.errors import RegistryCode
from services.registry.domain.query import LEVEL_DIGITS, region_prefix
from services.registry.domain.repositories.reference import References
from services.registry.domain.repositories.region import RegionRepository
from services.registry.schemas import RegionCreate, RegionRead

#: Levels the API may add, and the levels their parent may have.
ADDABLE = {"township": ("county", "city"), "village": ("township",)}


class RegionService:
    """Reads the region tree and adds townships and villages."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = RegionRepository(session)
        self.refs = References(session)

    async def get(self, code: str) -> Region:
        """The region with ``code``, or 404."""
        return await get_or_404(self.repo, code, "行政区划")

    async def list(
        self, params: PageParams, *, parent_code: str | None, level: str | None
    ) -> tuple[list[Region], str | None]:
        """Children of ``parent_code`` (provinces without one), ordered by code."""
        if parent_code:
            await self.get(parent_code)
        return await self.repo.children(params, parent_code=parent_code, level=level)

    async def ancestry(self, code: str) -> builtins.list[Region]:
        """The region and every ancestor, province first."""
        chain = [await self.get(code)]
        while chain[-1].parent_code is not None:
            chain.append(await self.get(chain[-1].parent_code))
        return chain[::-1]

    async def subtree_prefix(self, code: str, field: str = "region_code") -> str:
        """The code prefix shared by a filter region and its descendants (422 if unknown)."""
        region = await require_region(self.refs, code, field)
        return region_prefix(region.code, region.level)

    async def create(self, data: RegionCreate) -> Region:
        """Add a township (9 digits, under a county) or village (12 digits, under a township)."""
        if data.level not in ADDABLE:
            raise invalid(
                "level",
                "省、市、县三级区划随系统提供，只能新增乡镇和村",
                RegistryCode.REGION_INVALID,
            )
        if len(data.code) != LEVEL_DIGITS[data.level]:
            raise invalid(
                "code",
                f"{data.level} 代码应为 {LEVEL_DIGITS[data.level]} 位",
                RegistryCode.REGION_INVALID,
            )
        parent = await require_region(self.refs, data.parent_code, "parent_code")
        if parent.level not in ADDABLE[data.level]:
            raise invalid(
                "parent_code",
                f"{data.level} 的上级应为 {'/'.join(ADDABLE[data.level])}，而非 {parent.level}",
                RegistryCode.REGION_INVALID,
            )
        if not data.code.startswith(region_prefix(parent.code, parent.level)):
            raise invalid(
                "code", f"代码 {data.code} 不在上级 {parent.code} 之下", RegistryCode.REGION_INVALID
            )
        if await self.repo.get(data.code) is not None:
            raise Conflict(f"区划代码 {data.code} 已存在", code=RegistryCode.REGION_EXISTS)
        region = self.repo.add(
            Region(code=data.code, name=data.name, level=data.level, parent_code=parent.code)
        )
        await self.repo.flush()
        feed.changed(
            self.repo.session,
            "region",
            "created",
            region.code,
            RegionRead.model_validate(region, from_attributes=True),
            region_code=region.code,
        )
        return region
