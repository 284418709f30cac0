"""Service records (志愿服务记录) of a match, and the time-bank credits they owe Funds.

A record holds what the civil-affairs rules ask of a volunteer-service record: the day, the
place, the content, the minutes (the service's and each volunteer's) and who recorded it. Each
volunteer's minutes are owed to the Funds time bank through the outbox, in the record's own
transaction, as ``POST /v1/time-bank/earn`` with the source ``service_record:<id>:<volunteer>``:
Funds credits a source once, and the relay's Idempotency-Key is the message id, so a Funds that
is down delays the credit and never doubles it.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.clock import china_today
from services.common.errors import ValidationFailed
from services.common.events import emit
from services.common.identity import Identity
from services.common.outbox import send
from services.common.pagination import PageParams, paginate
from services.matching.db.lifecycle import ServiceRecord, ServiceRecordVolunteer
from services.matching.db.models import KERNEL
from services.matching.domain import readmodel
from services.matching.domain.errors import MatchingCode
from services.matching.domain.matches import (
    MatchService,
    ensure_may_see,
    ensure_party_or_officer,
    state_conflict,
    who,
)
from services.matching.schemas_lifecycle import (
    ServiceRecordCreate,
    ServiceRecordRead,
    VolunteerMinutes,
)

#: Match statuses that take service records.
RECORDABLE = ("in_service", "completed")


def _invalid(field: str, message: str, code: MatchingCode) -> ValidationFailed:
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


#: Records are dated by China's calendar (services/common/clock.py).
today = china_today


def record_read(row: ServiceRecord, volunteers: list[ServiceRecordVolunteer]) -> ServiceRecordRead:
    """The public shape of a service record."""
    return ServiceRecordRead(
        id=row.id,
        match_id=row.match_id,
        date=row.served_on,
        minutes=row.minutes,
        volunteers=[
            VolunteerMinutes(volunteer_id=v.volunteer_id, minutes=v.minutes) for v in volunteers
        ],
        beneficiaries_served=row.beneficiaries_served,
        note=row.note,
        place=row.place,
        content=row.content,
        time_bank_id=row.time_bank_id,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


class RecordService:
    """The rules of service records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, match_id: uuid.UUID, data: ServiceRecordCreate, caller: Identity
    ) -> ServiceRecordRead:
        """Record service on a match in service (or completed) and owe the time-bank credits."""
        loaded = await MatchService(self.session)._load(match_id)
        match, need = loaded.match, loaded.need
        ensure_party_or_officer(caller, need, loaded.offer)
        if match.status not in RECORDABLE:
            raise state_conflict(match, "记录服务", "对接开始服务后才能记录服务")
        self._check(data)
        for index, given in enumerate(data.volunteers):
            if await readmodel.volunteer(self.session, given.volunteer_id) is None:
                raise _invalid(
                    f"volunteers.{index}.volunteer_id",
                    f"志愿者 {given.volunteer_id} 不存在",
                    MatchingCode.VOLUNTEER_UNKNOWN,
                )
        community = await readmodel.community(self.session, need.community_id)
        place = data.place or (community.name if community else need.region_code)
        row = ServiceRecord(
            id=uuid.uuid4(),
            match_id=match.id,
            served_on=data.date,
            minutes=data.minutes,
            beneficiaries_served=data.beneficiaries_served,
            place=place[:200],
            content=(data.content or need.title)[:500],
            note=data.note,
            time_bank_id=data.time_bank_id if data.volunteers else None,
            recorded_by=who(caller),
        )
        self.session.add(row)
        await self.session.flush()
        lines = [
            ServiceRecordVolunteer(record_id=row.id, volunteer_id=v.volunteer_id, minutes=v.minutes)
            for v in data.volunteers
        ]
        self.session.add_all(lines)
        await self.session.flush()
        for line in lines:
            await send(
                self.session,
                KERNEL,
                target="funds",
                method="POST",
                path="/v1/time-bank/earn",
                body={
                    "fund_id": str(data.time_bank_id),
                    "volunteer_id": str(line.volunteer_id),
                    "minutes": line.minutes,
                    "source": f"service_record:{row.id}:{line.volunteer_id}",
                    "served_on": row.served_on.isoformat(),
                    "place": row.place,
                    "content": row.content,
                    "recorded_by": row.recorded_by[:100],
                },
                # One key per credit: a volunteer whose credit Funds refuses holds up no other.
                ordering_key=f"service_record:{row.id}:{line.volunteer_id}",
            )
        read = record_read(row, lines)
        emit(
            self.session,
            "service_record.created",
            subject_kind="service_record",
            subject_id=row.id,
            data=read.model_dump(mode="json"),
            region_code=need.region_code,
        )
        return read

    @staticmethod
    def _check(data: ServiceRecordCreate) -> None:
        if data.date > today():
            raise _invalid("date", "服务日期不能晚于今天", MatchingCode.DATES_INVALID)
        seen: set[uuid.UUID] = set()
        for index, line in enumerate(data.volunteers):
            field = f"volunteers.{index}"
            if line.volunteer_id in seen:
                raise _invalid(
                    f"{field}.volunteer_id",
                    f"志愿者 {line.volunteer_id} 重复出现",
                    MatchingCode.VOLUNTEER_REPEATED,
                )
            seen.add(line.volunteer_id)
            if line.minutes > data.minutes:
                raise _invalid(
                    f"{field}.minutes",
                    "志愿者的服务时长不能超过本次服务时长",
                    MatchingCode.MINUTES_INVALID,
                )
        if data.volunteers and data.time_bank_id is None:
            raise _invalid(
                "time_bank_id",
                "列出志愿者时须指明计入的时间银行",
                MatchingCode.TIME_BANK_REQUIRED,
            )

    async def list(
        self, match_id: uuid.UUID, caller: Identity, params: PageParams
    ) -> tuple[list[ServiceRecordRead], str | None]:
        """A match's records, oldest first (a bound admin sees its own matches' only)."""
        service = MatchService(self.session)
        match = await service.get(match_id)
        need, offer = await service.sides(match)
        ensure_may_see(caller, need, offer)
        rows, cursor = await paginate(
            self.session,
            sa.select(ServiceRecord).where(ServiceRecord.match_id == match_id),
            [ServiceRecord.created_at, ServiceRecord.id],
            params,
            lambda r: [r.created_at, r.id],
        )
        lines: dict[uuid.UUID, list[ServiceRecordVolunteer]] = {r.id: [] for r in rows}
        if rows:
            for line in await self.session.scalars(
                sa.select(ServiceRecordVolunteer)
                .where(ServiceRecordVolunteer.record_id.in_(list(lines)))
                .order_by(ServiceRecordVolunteer.volunteer_id)
            ):
                lines[line.record_id].append(line)
        return [record_read(r, lines[r.id]) for r in rows], cursor
