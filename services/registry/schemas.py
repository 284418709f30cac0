"""Pydantic in/out models of the Registry: the public contract (``shared/API.md``, Registry).

Other services import these through :mod:`services.registry.client`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from services.common.pagination import Page
from services.common.types import IsoDate, NormalizedText, StrictBool, StrictInt

RegionLevel = Literal["province", "city", "county", "township", "village"]
CommunityKind = Literal["community", "village"]
CollaborationKind = Literal["east_west", "mountain_sea", "paired_assistance"]
Registration = Literal["registered", "filed"]
LegalForm = Literal["social_group", "social_service_agency", "foundation", "other"]
CreditStatus = Literal["normal", "abnormal", "dishonest"]
OrgStatus = Literal["incubating", "active", "suspended", "deregistered"]
Qualification = Literal["none", "assistant", "intermediate", "senior"]
PairingStatus = Literal["active", "ended"]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
#: An organization's name: NFKC, no invisible or control characters (search and lookups compare it).
OrgName = Annotated[
    NormalizedText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^(\d{6}|\d{9}|\d{12})$")]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9\- ]{4,30}$")
]
TagList = Annotated[list[Tag], Field(max_length=50)]


class _In(BaseModel):
    """Input models refuse unknown fields: the roster keeps only what it is given on purpose."""

    model_config = ConfigDict(extra="forbid")


# --- regions ---------------------------------------------------------------------------------


class RegionCreate(_In):
    """A township (9 digits) or village (12 digits) under an existing parent."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "330203001",
                    "name": "南门街道",
                    "level": "township",
                    "parent_code": "330203",
                }
            ]
        },
    )

    code: RegionCode = Field(description="统计用区划代码 / statistical division code")
    name: Name
    level: RegionLevel
    parent_code: RegionCode


class RegionRead(BaseModel):
    """An administrative division."""

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


# --- communities -----------------------------------------------------------------------------


class CommunityCreate(_In):
    """A community (社区) or a village (村)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "海曙区南门街道白云社区",
                    "kind": "community",
                    "region_code": "330203001",
                    "population": 5200,
                    "tags": ["老旧小区"],
                }
            ]
        },
    )

    name: Name
    kind: CommunityKind
    region_code: RegionCode = Field(description="所在区划（通常为乡镇街道或村）/ region")
    code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = None
    population: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None
    tags: TagList = Field(default_factory=list)


class CommunityUpdate(_In):
    """Fields a PATCH may change."""

    name: Name | None = None
    kind: CommunityKind | None = None
    region_code: RegionCode | None = None
    code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = None
    population: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None
    tags: TagList | None = None


class CommunityRead(BaseModel):
    """A community or village."""

    id: uuid.UUID
    name: str
    kind: CommunityKind
    region_code: str
    code: str | None
    population: int | None
    tags: list[str]


# --- collaborations --------------------------------------------------------------------------


class CollaborationCreate(_In):
    """East-west (东西协作), mountain-sea (山海协作) or paired assistance (对口支援)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "east_west",
                    "name": "浙川东西部协作",
                    "supporting_region_code": "330000",
                    "receiving_region_code": "510000",
                    "start_date": "2021-01-01",
                }
            ]
        },
    )

    kind: CollaborationKind
    name: Name
    supporting_region_code: RegionCode = Field(description="支援方区划 / supporting region")
    receiving_region_code: RegionCode = Field(description="受援方区划 / receiving region")
    start_date: IsoDate
    end_date: IsoDate | None = None


class CollaborationUpdate(_In):
    """Fields a PATCH may change."""

    name: Name | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None


class CollaborationRead(BaseModel):
    """A collaboration between a supporting and a receiving region."""

    id: uuid.UUID
    kind: CollaborationKind
    supporting_region_code: str
    receiving_region_code: str
    name: str
    start_date: IsoDate
    end_date: IsoDate | None


# --- organizations ---------------------------------------------------------------------------


class Rating(BaseModel):
    """Resident ratings so far."""

    average: float | None = Field(description="平均分（1-5），无评价时为空 / mean score")
    count: int


class Party(BaseModel):
    """Party organization (党组织)."""

    has_branch: StrictBool = False
    members: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = 0


class Staff(BaseModel):
    """Staff numbers."""

    full_time: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = 0
    certified_social_workers: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = 0


class ContactIn(_In):
    """Who to reach at the organization."""

    name: PersonName | None = None
    phone: Phone | None = None


class Contact(BaseModel):
    """Who to reach at the organization; the phone is masked without ``pii:read``."""

    name: str | None = None
    phone: str | None = None


class _OrgFields(_In):
    roles: TagList = Field(default_factory=list, description="角色，如 hub / roles")
    domains: TagList = Field(default_factory=list, description="服务领域 / service domains")
    community_id: uuid.UUID | None = None
    founded_on: IsoDate | None = None
    grade: Annotated[StrictInt, Field(ge=1, le=5)] | None = Field(
        default=None, description="评估等级 1A-5A / evaluation grade"
    )
    grade_expires_on: IsoDate | None = None
    credit_status: CreditStatus = "normal"
    party: Party = Field(default_factory=Party)
    staff: Staff = Field(default_factory=Staff)
    incubated_by: uuid.UUID | None = Field(default=None, description="孵化枢纽组织 / hub")
    contact: ContactIn = Field(default_factory=ContactIn)


class OrganizationCreate(_OrgFields):
    """A registered (登记) or filed (备案) social organization."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "宁波市海曙区善行社会工作服务中心",
                    "registration": "registered",
                    "uscc": "523302033AGYGLUY2W",
                    "legal_form": "social_service_agency",
                    "roles": ["professional_social_work"],
                    "domains": ["elderly_care", "children"],
                    "region_code": "330203",
                    "founded_on": "2016-05-12",
                    "grade": 4,
                    "grade_expires_on": "2027-12-31",
                    "party": {"has_branch": True, "members": 5},
                    "staff": {"full_time": 12, "certified_social_workers": 8},
                    "contact": {"name": "王敏", "phone": "13805741234"},
                }
            ]
        },
    )

    name: OrgName
    registration: Registration
    uscc: str | None = Field(default=None, description="统一社会信用代码 / unified credit code")
    filing_no: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = Field(default=None, description="备案编号 / filing number")
    legal_form: LegalForm
    region_code: RegionCode
    status: Literal["incubating", "active"] | None = Field(
        default=None, description="默认 active；有孵化枢纽时默认 incubating"
    )


class OrganizationUpdate(_In):
    """Fields a PATCH may change; ``status`` follows the lifecycle."""

    name: OrgName | None = None
    registration: Registration | None = None
    uscc: str | None = None
    filing_no: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = None
    legal_form: LegalForm | None = None
    roles: TagList | None = None
    domains: TagList | None = None
    region_code: RegionCode | None = None
    community_id: uuid.UUID | None = None
    founded_on: IsoDate | None = None
    grade: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    grade_expires_on: IsoDate | None = None
    credit_status: CreditStatus | None = None
    party: Party | None = None
    staff: Staff | None = None
    status: OrgStatus | None = None
    incubated_by: uuid.UUID | None = None
    contact: ContactIn | None = None


class OrganizationRead(BaseModel):
    """A social organization as the roster shows it."""

    id: uuid.UUID
    name: str
    registration: Registration
    uscc: str | None
    filing_no: str | None
    legal_form: LegalForm
    roles: list[str]
    domains: list[str]
    region_code: str
    community_id: uuid.UUID | None
    founded_on: IsoDate | None
    grade: int | None = Field(description="有效评估等级；过期视为无 / null once expired")
    grade_expires_on: IsoDate | None
    credit_status: CreditStatus
    rating: Rating
    party: Party
    staff: Staff
    status: OrgStatus
    incubated_by: uuid.UUID | None
    contact: Contact


class Standing(BaseModel):
    """Whether an organization may take on work or receive grants now, and why not."""

    org_id: uuid.UUID
    eligible: bool
    status: OrgStatus
    credit_status: CreditStatus
    grade: int | None
    reasons: list[str] = Field(description="不合格原因代码 / why not eligible")


class RatingCreate(_In):
    """A resident's rating; from a match's feedback it names the match."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"score": 5, "comment": "服务及时，老人很满意"}]},
    )

    score: Annotated[StrictInt, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=1000)] | None = None
    source_match_id: uuid.UUID | None = None


class RatingRead(BaseModel):
    """A stored rating and the organization's rating after it."""

    id: uuid.UUID
    org_id: uuid.UUID
    score: int
    comment: str | None
    source_match_id: uuid.UUID | None
    created_at: dt.datetime
    rating: Rating


class ImportFailure(BaseModel):
    """One roster row that was not imported."""

    row: int = Field(description="表格中的行号（表头为第 1 行）/ spreadsheet row number")
    field: str | None
    message: str


class ImportResult(BaseModel):
    """What an import did (or would do, on a dry run)."""

    created: int
    updated: int
    failed: list[ImportFailure]
    dry_run: bool


# --- social workers and volunteers -----------------------------------------------------------


class SocialWorkerCreate(_In):
    """A social worker; no more personal data than matching needs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "李娜",
                    "qualification": "intermediate",
                    "certificate_no": "ZJ2019-0321",
                    "region_code": "330203",
                    "skills": ["个案工作", "老年服务"],
                    "phone": "13905745678",
                }
            ]
        },
    )

    name: PersonName
    qualification: Qualification = "none"
    certificate_no: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=64)] | None
    ) = Field(default=None, description="职业资格证书编号 / certificate number")
    org_id: uuid.UUID | None = None
    region_code: RegionCode
    skills: TagList = Field(default_factory=list)
    phone: Phone | None = None


class SocialWorkerUpdate(_In):
    """Fields a PATCH may change."""

    name: PersonName | None = None
    qualification: Qualification | None = None
    certificate_no: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=64)] | None
    ) = None
    org_id: uuid.UUID | None = None
    region_code: RegionCode | None = None
    skills: TagList | None = None
    phone: Phone | None = None


class SocialWorkerRead(BaseModel):
    """A social worker; ``phone`` and ``certificate_no`` are masked without ``pii:read``."""

    id: uuid.UUID
    name: str
    qualification: Qualification
    certificate_no: str | None
    org_id: uuid.UUID | None
    region_code: str
    skills: list[str]
    phone: str | None


class VolunteerCreate(_In):
    """A community volunteer."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "陈建国", "phone": "13705741122", "skills": ["理发", "陪伴"]}]
        },
    )

    name: PersonName
    phone: Phone | None = None
    community_id: uuid.UUID | None = None
    team_org_id: uuid.UUID | None = None
    skills: TagList = Field(default_factory=list)


class VolunteerUpdate(_In):
    """Fields a PATCH may change."""

    name: PersonName | None = None
    phone: Phone | None = None
    community_id: uuid.UUID | None = None
    team_org_id: uuid.UUID | None = None
    skills: TagList | None = None


class VolunteerRead(BaseModel):
    """A volunteer; ``phone`` is masked without ``pii:read``."""

    id: uuid.UUID
    name: str
    phone: str | None
    community_id: uuid.UUID | None
    team_org_id: uuid.UUID | None
    skills: list[str]


# --- pairings --------------------------------------------------------------------------------


class PairingCreate(_In):
    """An organization paired with a community (结对帮扶) for a period."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
                    "community_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
                    "start_date": "2024-01-01",
                    "end_date": "2026-12-31",
                    "plan": "三年帮扶计划：每月两次入村服务，培育村级志愿队伍",
                }
            ]
        },
    )

    org_id: uuid.UUID
    community_id: uuid.UUID
    collaboration_id: uuid.UUID | None = None
    start_date: IsoDate
    end_date: IsoDate
    plan: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]

    @model_validator(mode="after")
    def _dates(self) -> PairingCreate:
        if self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class PairingUpdate(_In):
    """Fields a PATCH may change; ``status: ended`` ends the pairing (it stays in history)."""

    end_date: IsoDate | None = None
    plan: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
        | None
    ) = None
    status: PairingStatus | None = None


class PairingRead(BaseModel):
    """A pairing; it reads as ``ended`` once ended or past its end date."""

    id: uuid.UUID
    org_id: uuid.UUID
    community_id: uuid.UUID
    collaboration_id: uuid.UUID | None
    start_date: IsoDate
    end_date: IsoDate
    plan: str
    status: PairingStatus


__all__ = [
    "CollaborationCreate",
    "CollaborationRead",
    "CollaborationUpdate",
    "CommunityCreate",
    "CommunityRead",
    "CommunityUpdate",
    "ImportFailure",
    "ImportResult",
    "OrganizationCreate",
    "OrganizationRead",
    "OrganizationUpdate",
    "Page",
    "PairingCreate",
    "PairingRead",
    "PairingUpdate",
    "Rating",
    "RatingCreate",
    "RatingRead",
    "RegionCreate",
    "RegionRead",
    "SocialWorkerCreate",
    "SocialWorkerRead",
    "SocialWorkerUpdate",
    "Standing",
    "VolunteerCreate",
    "VolunteerRead",
    "VolunteerUpdate",
]
