"""``/v1/rounds``: allocation rounds."""

from __future__ import annotations

import uuid

from fastapi import Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.matching.api.deps import Reader, WeightsDep, Writer
from services.matching.domain.rounds import RoundService, round_read
from services.matching.schemas import SCORE_DOC, RoundCreate, RoundRead

router = service_router(prefix="/v1/rounds", tags=["matching"])


@router.post(
    "",
    status_code=201,
    summary="运行分配轮次 / Run an allocation round",
    description=(
        "在范围内的全部待对接小事需求与可用资源之间求总分最高的分配（最小费用流，精确解），"
        "每项分配成为状态为 proposed 的对接；dry_run 只计算。" + SCORE_DOC
    ),
)
async def create_round(
    data: RoundCreate,
    session: WriteSession,
    caller: Writer,
    weights: WeightsDep,
    response: Response,
    _idempotency: Idempotent,
) -> RoundRead:
    """One exact allocation of open needs to open offers; proposals become matches."""
    row = await RoundService(session, weights).run(data, caller)
    response.headers["Location"] = f"/v1/rounds/{row.id}"
    return round_read(row)


@router.get("", summary="分配轮次列表 / List rounds")
async def list_rounds(session: ReadSession, caller: Reader, page: PageDep) -> Page[RoundRead]:
    """Rounds, oldest first."""
    rows, cursor = await RoundService(session).page(page)
    return Page(items=[round_read(r) for r in rows], next_cursor=cursor)


@router.get("/{round_id}", summary="分配轮次详情 / Get a round")
async def get_round(round_id: uuid.UUID, session: ReadSession, caller: Reader) -> RoundRead:
    """One round: what it considered and proposed."""
    return round_read(await RoundService(session).get(round_id))
