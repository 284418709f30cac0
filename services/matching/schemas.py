"""Pydantic in/out models of Matching's needs, offers, candidates and rounds: the public contract
(``shared/API.md``, Matching). The match lifecycle's models are in ``schemas_lifecycle.py``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.common.types import IsoDate, NormalizedText, StrictBool, StrictInt

Triage = Literal["minor", "major", "private"]
ResourceKind = Literal[
    "talent", "team", "technique", "funds", "goods", "volunteers", "venue", "jobs"
]
Urgency = Literal["low", "normal", "high", "critical"]
NeedStatus = Literal[
    "open", "matched", "in_service", "fulfilled", "closed", "cancelled", "referred"
]
ProviderKind = Literal["organization", "volunteer", "donor"]
OfferStatus = Literal["open", "exhausted", "withdrawn"]

Title = Annotated[
    NormalizedText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
#: A service domain, e.g. ``elderly_care`` (the Registry's organizations carry the same words).
Domain = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^\S+$")
]
RegionCode = Annotated[str, StringConstraints(pattern=r"^(\d{6}|\d{9}|\d{12})$")]
Group = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class _In(BaseModel):
    """Input models refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Window(BaseModel):
    """A period of days, both ends included."""

    model_config = ConfigDict(extra="forbid")

    start: IsoDate = Field(description="开始日期 / first day")
    end: IsoDate = Field(description="结束日期（含）/ last day, included")


class Beneficiaries(BaseModel):
    """Who the need helps."""

    model_config = ConfigDict(extra="forbid")

    count: Annotated[StrictInt, Field(ge=0, le=10_000_000)] = Field(
        default=0, description="受益人数 / number of people"
    )
    groups: Annotated[list[Group], Field(max_length=20)] = Field(
        default_factory=list,
        description="受益群体，如 低保、特困、空巢老人、留守儿童 / groups, e.g. empty_nest_elderly",
    )


# --- needs -------------------------------------------------------------------------------------


class ReferralIn(_In):
    """Where a major need (大事) is handed over."""

    department: Title = Field(description="承接的政府部门 / the government department")
    reason: LongText | None = Field(default=None, description="转介理由 / why")


class NeedCreate(_In):
    """A need found on a visit (把脉接诊), triaged at intake (三事分流).

    ``minor`` (小事) needs are open for matching; ``major`` (大事) needs are referred to the
    department named in ``referral``; ``private`` (私事) needs are closed with ``advice``.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
                    "title": "空巢老人每周上门探访",
                    "triage": "minor",
                    "domain": "elderly_care",
                    "resource_kind": "volunteers",
                    "quantity": 4,
                    "beneficiaries": {"count": 30, "groups": ["empty_nest_elderly"]},
                    "window": {"start": "2027-03-01", "end": "2027-06-30"},
                    "urgency": "normal",
                }
            ]
        },
    )

    community_id: uuid.UUID = Field(description="提出需求的社区或村 / the community")
    title: Title
    description: LongText | None = None
    triage: Triage = Field(description="三事分流：minor 小事 / major 大事 / private 私事")
    domain: Domain = Field(description="服务领域 / service domain")
    resource_kind: ResourceKind
    quantity: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = Field(
        description="需要的数量（人、队、场次、元…）/ units wanted"
    )
    beneficiaries: Beneficiaries = Field(default_factory=Beneficiaries)
    window: Window
    urgency: Urgency = "normal"
    referral: ReferralIn | None = Field(default=None, description="大事必填 / for major needs")
    advice: LongText | None = Field(default=None, description="私事必填 / for private needs")


class NeedUpdate(_In):
    """Fields a PATCH may change while the need is open (triage is decided at intake)."""

    title: Title | None = None
    description: LongText | None = None
    domain: Domain | None = None
    resource_kind: ResourceKind | None = None
    quantity: Annotated[StrictInt, Field(ge=1, le=1_000_000)] | None = None
    beneficiaries: Beneficiaries | None = None
    window: Window | None = None
    urgency: Urgency | None = None


class ReferralRead(BaseModel):
    """A major need's referral to a government department."""

    id: uuid.UUID
    need_id: uuid.UUID
    department: str
    reason: str | None
    region_code: str
    created_at: dt.datetime


class NeedRead(BaseModel):
    """A need as the API shows it."""

    id: uuid.UUID
    community_id: uuid.UUID
    region_code: str = Field(description="社区所在区划（发布时）/ the community's region")
    title: str
    description: str | None
    triage: Triage
    domain: str
    resource_kind: ResourceKind
    quantity: int
    beneficiaries: Beneficiaries
    window: Window
    urgency: Urgency
    status: NeedStatus
    advice: str | None
    referral: ReferralRead | None
    created_at: dt.datetime
    updated_at: dt.datetime


# --- offers ------------------------------------------------------------------------------------


class Provider(BaseModel):
    """Who offers: an organization or a volunteer of the Registry, or a donor."""

    model_config = ConfigDict(extra="forbid")

    kind: ProviderKind
    id: uuid.UUID = Field(
        description="组织或志愿者的 Registry ID；捐赠方为其自有标识 / Registry id, or the donor's"
    )


class OfferCreate(_In):
    """Capacity offered for a period in some regions (a region serves all its descendants)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "provider": {
                        "kind": "organization",
                        "id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
                    },
                    "title": "专业社工驻村服务",
                    "domains": ["elderly_care", "children"],
                    "resource_kind": "talent",
                    "capacity": 3,
                    "service_region_codes": ["510000"],
                    "window": {"start": "2027-01-01", "end": "2027-12-31"},
                }
            ]
        },
    )

    provider: Provider
    title: Title
    description: LongText | None = None
    domains: Annotated[list[Domain], Field(min_length=1, max_length=20)]
    resource_kind: ResourceKind
    capacity: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = Field(
        description="可提供的总量 / total units offered"
    )
    service_region_codes: Annotated[list[RegionCode], Field(min_length=1, max_length=50)] = Field(
        description="服务区划（含下级）/ regions served, with their descendants"
    )
    window: Window
    fund_id: uuid.UUID | None = Field(
        default=None, description="资金类资源的出资基金 / the fund, for resource_kind funds"
    )


class OfferUpdate(_In):
    """Fields a PATCH may change while the offer is not withdrawn (capacity is fixed)."""

    title: Title | None = None
    description: LongText | None = None
    domains: Annotated[list[Domain], Field(min_length=1, max_length=20)] | None = None
    service_region_codes: Annotated[list[RegionCode], Field(min_length=1, max_length=50)] | None = (
        None
    )
    window: Window | None = None


class OfferRead(BaseModel):
    """An offer as the API shows it."""

    id: uuid.UUID
    provider: Provider
    provider_region_code: str | None = Field(
        description="提供方所在区划 / where the provider is (none for donors)"
    )
    title: str
    description: str | None
    domains: list[str]
    resource_kind: ResourceKind
    capacity: int
    remaining: int = Field(description="尚未被接受的对接占用的数量 / capacity not yet reserved")
    service_region_codes: list[str]
    window: Window
    status: OfferStatus
    fund_id: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


# --- candidates --------------------------------------------------------------------------------

SCORE_DOC = (
    "得分为各部分之和（整数分）/ the score is the sum of its parts (integer points): "
    "domain 领域匹配 300, region 服务区域覆盖 200, collaboration 东西部协作 150, "
    "pairing 结对帮扶 150, grade 评估等级 ≤50, rating 居民评价 ≤50, window 时间重叠 ≤50, "
    "capacity 剩余容量 ≤25, urgency 紧急程度 ≤25 (defaults; configurable, see scoring.Weights)"
)


class Candidate(BaseModel):
    """One offer that can serve the need, with its explained score."""

    offer_id: uuid.UUID
    provider: Provider
    remaining: int
    score: int = Field(description=SCORE_DOC)
    parts: dict[str, int] = Field(description="每部分得分 / points per part")
    reasons: dict[str, str] = Field(description="每个得分部分的说明 / why each part scored")


class CandidateList(BaseModel):
    """The best offers for a need, best first (ties by offer id)."""

    items: list[Candidate]


# --- rounds ------------------------------------------------------------------------------------


class RoundCreate(_In):
    """Scope of an allocation round: every open minor need and open offer in it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"region_code": "520100", "domains": ["elderly_care"], "dry_run": True}]
        },
    )

    region_code: RegionCode | None = Field(
        default=None, description="只考虑该区划（含下级）的需求 / needs in this region subtree"
    )
    domains: Annotated[list[Domain], Field(max_length=50)] | None = Field(
        default=None, description="只考虑这些领域 / only these domains"
    )
    dry_run: StrictBool = Field(default=False, description="只计算，不生成对接 / propose nothing")


class RoundRead(BaseModel):
    """What a round considered, what it proposed, and how good and how fast the solution was."""

    id: uuid.UUID
    region_code: str | None
    domains: list[str]
    dry_run: bool
    needs_considered: int
    offers_considered: int
    edges: int = Field(description="候选边数 / candidate edges")
    matches_proposed: int
    objective: int = Field(description="总得分 Σ score × quantity / total score")
    optimal: bool
    solve_ms: float
    total_ms: float = Field(description="含候选生成与写入 / with candidates and writes")
    created_at: dt.datetime
