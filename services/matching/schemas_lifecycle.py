"""Request and response models of the match lifecycle: matches, service records, feedback, stats."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.common.types import IsoDate, NormalizedText, StrictInt

MatchStatus = Literal["proposed", "accepted", "in_service", "completed", "declined", "cancelled"]
Side = Literal["need", "offer"]

Reason = Annotated[NormalizedText, Field(min_length=1, max_length=500)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartyContact(BaseModel):
    """One side of a match, as the other side may reach it (only once both have accepted)."""

    kind: Literal["community", "organization", "volunteer", "donor"]
    id: uuid.UUID
    name: str | None = Field(default=None, description="名称或姓名 / name")
    contact_name: str | None = Field(default=None, description="联系人 / contact person")
    phone: str | None = Field(
        default=None,
        description="联系电话；非对接双方且无 pii:read 时脱敏 / masked for callers who are "
        "neither party and lack pii:read",
    )
    region_code: str | None = None


class Contacts(BaseModel):
    """Both sides' contact details."""

    need: PartyContact
    offer: PartyContact


class Acceptance(BaseModel):
    """When each side accepted (``null``: not yet)."""

    need_accepted_at: dt.datetime | None
    offer_accepted_at: dt.datetime | None


class MatchRead(BaseModel):
    """A match between a need and an offer, and where it is in its lifecycle."""

    id: uuid.UUID
    need_id: uuid.UUID
    offer_id: uuid.UUID
    quantity: int
    status: MatchStatus = Field(
        description="proposed → accepted（双方均已接受，占用容量）→ in_service → completed；"
        "或 declined / cancelled / both sides accepted (capacity reserved) before service"
    )
    round_id: uuid.UUID | None
    grant_id: uuid.UUID | None = Field(
        description="资金类对接开始服务后在资金服务中形成的资助申请（异步，可能暂为空）/ the "
        "Funds grant a funds match became (learnt asynchronously; may be null)"
    )
    score: int
    reasons: dict[str, Any] = Field(description="评分各项及理由 / the score's parts and reasons")
    acceptance: Acceptance
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    closed_at: dt.datetime | None = Field(description="拒绝或取消时间 / declined or cancelled at")
    closed_side: Side | None = Field(description="拒绝的一方 / the side that declined")
    reason: str | None
    contacts: Contacts | None = Field(
        default=None, description="双方均接受后才提供 / only once both sides have accepted"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class AcceptBody(_In):
    """Which side accepts."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"side": "need"}]})

    side: Side


class DeclineBody(_In):
    """Which side declines, and why."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"side": "offer", "reason": "人手不足"}]}
    )

    side: Side
    reason: Reason | None = None


class CancelBody(_In):
    """Why the match is called off (the body may be left out)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "村里已另行安排"}]}
    )

    reason: Reason | None = None


class StartBody(_In):
    """Starting service; a funds match names the organization that receives the grant (the
    body may be left out otherwise)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"grantee_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40"}]
        },
    )

    grantee_org_id: uuid.UUID | None = Field(
        default=None,
        description="资金类对接必填：接收资助、承接服务的社会组织 / required for a funds match: "
        "the organization the grant is paid to",
    )


# --- service records -------------------------------------------------------------------------

Minutes = Annotated[StrictInt, Field(ge=1, le=24 * 60, description="分钟 / minutes")]


class VolunteerMinutes(_In):
    """One volunteer's minutes in a record."""

    volunteer_id: uuid.UUID
    minutes: Minutes


class ServiceRecordCreate(_In):
    """A volunteer-service record (志愿服务记录) of a match in service or completed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "date": "2026-05-01",
                    "minutes": 120,
                    "volunteers": [
                        {"volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f", "minutes": 120}
                    ],
                    "beneficiaries_served": 12,
                    "place": "海曙区鼓楼街道日间照料中心",
                    "content": "为独居老人理发",
                    "time_bank_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                }
            ]
        },
    )

    date: IsoDate = Field(description="服务日期 / the day of service")
    minutes: Minutes = Field(description="本次服务时长 / how long the service lasted")
    volunteers: list[VolunteerMinutes] = Field(default_factory=list, max_length=200)
    beneficiaries_served: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = Field(
        description="服务人次 / person-times served"
    )
    note: Annotated[NormalizedText, Field(max_length=1000)] | None = None
    place: Annotated[NormalizedText, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="服务地点，默认为需求所在社区 / place; default the community"
    )
    content: Annotated[NormalizedText, Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="服务内容，默认为需求标题 / what was done; default the need"
    )
    time_bank_id: uuid.UUID | None = Field(
        default=None,
        description="计入的时间银行（资金服务中的 time_bank 基金）；列出志愿者时必填 / the "
        "Funds time bank the minutes are credited to; required when volunteers are listed",
    )


class ServiceRecordRead(BaseModel):
    """A stored service record; each volunteer's minutes go to the time bank via the outbox."""

    id: uuid.UUID
    match_id: uuid.UUID
    date: dt.date
    minutes: int
    volunteers: list[VolunteerMinutes]
    beneficiaries_served: int
    note: str | None
    place: str
    content: str
    time_bank_id: uuid.UUID | None
    recorded_by: str = Field(description="记录人 / who recorded it")
    created_at: dt.datetime


# --- feedback --------------------------------------------------------------------------------


class FeedbackCreate(_In):
    """One side's feedback on a match (once per side)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"score": 5, "comment": "服务及时，老人很满意"}]},
    )

    score: Annotated[StrictInt, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=1000)] | None = None
    side: Side | None = Field(
        default=None,
        description="评价方；社区管理员为 need，组织管理员为 offer，其他角色必填 / who gives "
        "it: need for a community_admin, offer for an org_admin, required otherwise",
    )


class FeedbackRead(BaseModel):
    """Stored feedback; the need side's, on an organization's offer, becomes its rating."""

    id: uuid.UUID
    match_id: uuid.UUID
    side: Side
    score: int
    comment: str | None
    created_by: str
    created_at: dt.datetime
    rating_sent: bool = Field(
        description="是否转为登记服务中该组织的评价 / whether it goes to the Registry as the "
        "organization's rating"
    )


# --- stats -----------------------------------------------------------------------------------


class StatsRead(BaseModel):
    """The figures of a region (with its descendants) over a period."""

    region_code: str | None
    from_: dt.date | None = Field(alias="from", serialization_alias="from")
    to: dt.date | None
    needs_by_status: dict[str, int] = Field(
        description="期内登记的需求按状态计数 / needs created in the period, by status"
    )
    organizations_engaged: int = Field(
        description="期内有服务记录或对接开始的组织数 / organizations whose matches started or "
        "recorded service in the period"
    )
    person_times_served: int = Field(description="服务人次 / beneficiaries served")
    volunteer_minutes: int = Field(description="志愿服务时长（分钟）/ volunteers' minutes")
    service_records: int

    model_config = ConfigDict(populate_by_name=True)
