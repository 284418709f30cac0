"""Social organizations: credit codes, filing, grades, credit, lifecycle, search and ratings."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.engine import Row

from services.common.auth import ensure_acts_for_org
from services.common.errors import Conflict, Forbidden, KernelCode, NotFound, Unauthorized
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.db.models import Organization, Rating
from services.registry.domain import feed
from services.registry.domain.base import check_if_match, ensure_not_bound, invalid, reject_nulls
from services.registry.domain.errors import RegistryCode
from services.registry.domain.query import bigrams, mask, mask_name, region_prefix
from services.registry.domain.repositories.organization import (
    OrganizationFilters,
    OrganizationRepository,
)
from services.registry.domain.uscc import UsccError, check_uscc
from services.registry.schemas import (
    OrganizationCreate,
    OrganizationRead,
    RatingCreate,
    Standing,
)
from services.registry.schemas import Rating as RatingSummary

HUB_ROLE = "hub"

#: Lifecycle: incubating → active → suspended → deregistered (and back from suspended).
TRANSITIONS: dict[str, frozenset[str]] = {
    "incubating": frozenset({"active", "deregistered"}),
    "active": frozenset({"suspended", "deregistered"}),
    "suspended": frozenset({"active", "deregistered"}),
    "deregistered": frozenset(),
}

#: Fields only civil-affairs officers (not the organization's own admin) may change.
OFFICIAL_FIELDS = frozenset(
    {
        "registration",
        "uscc",
        "filing_no",
        "legal_form",
        "grade",
        "grade_expires_on",
        "credit_status",
        "status",
        "incubated_by",
    }
)

REQUIRED_FIELDS = (
    "name",
    "registration",
    "legal_form",
    "region_code",
    "roles",
    "domains",
    "credit_status",
    "party",
    "staff",
    "status",
    "contact",
)


def today() -> dt.date:
    """Today's date (China Standard Time is what officers mean; UTC+8)."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()


def effective_grade(org: Organization | Row[Any], on: dt.date | None = None) -> int | None:
    """The grade, or ``None`` once it has expired."""
    if org.grade is None:
        return None
    if org.grade_expires_on is not None and org.grade_expires_on < (on or today()):
        return None
    return org.grade


def rating_summary(org: Organization) -> RatingSummary:
    """``{average, count}`` of the organization's ratings."""
    count = org.rating_count or 0
    average = round(org.rating_sum / count, 2) if count else None
    return RatingSummary(average=average, count=count)


def organization_read(org: Organization | Row[Any], *, pii: bool) -> OrganizationRead:
    """The public shape of an organization (ORM object or row); the phone masked unless ``pii``.

    One validation of a plain dict: about twice as fast as building the nested models one by one.
    """
    return OrganizationRead.model_validate(organization_json(org, pii=pii))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None


def organization_json(org: Organization | Row[Any], *, pii: bool) -> dict[str, Any]:
    """``OrganizationRead`` as JSON-native values, for pages served without re-validation.

    The values come from our own table, which only ever holds what the input models accepted,
    so a list page skips building and re-validating 50 models (most of its serving time).
    """
    count = org.rating_count or 0
    return {
        "id": str(org.id),
        "name": org.name,
        "registration": org.registration,
        "uscc": org.uscc,
        "filing_no": org.filing_no,
        "legal_form": org.legal_form,
        "roles": org.roles or [],
        "domains": org.domains or [],
        "region_code": org.region_code,
        "community_id": _str(org.community_id),
        "founded_on": _iso(org.founded_on),
        "grade": effective_grade(org),
        "grade_expires_on": _iso(org.grade_expires_on),
        "credit_status": org.credit_status,
        "rating": {
            "average": round(org.rating_sum / count, 2) if count else None,
            "count": count,
        },
        "party": {"has_branch": org.party_has_branch, "members": org.party_members},
        "staff": {
            "full_time": org.staff_full_time,
            "certified_social_workers": org.staff_certified_social_workers,
        },
        "status": org.status,
        "incubated_by": _str(org.incubated_by),
        "contact": {
            "name": org.contact_name if pii else mask_name(org.contact_name),
            "phone": org.contact_phone if pii else mask(org.contact_phone),
        },
    }


_NESTED = {
    "party": {"has_branch": "party_has_branch", "members": "party_members"},
    "staff": {
        "full_time": "staff_full_time",
        "certified_social_workers": "staff_certified_social_workers",
    },
    "contact": {"name": "contact_name", "phone": "contact_phone"},
}


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Flatten the nested contract fields into columns."""
    out = dict(values)
    # Nested parts may be partial (a PATCH or a roster row names only what it changes).
    for part, fields in _NESTED.items():
        if part in out:
            given = out.pop(part) or {}
            for key, column in fields.items():
                if key in given:
                    out[column] = given[key]
    if "name" in out:
        out["name_bigrams"] = bigrams(out["name"])
    return out


class OrganizationService:
    """The rules of the organization roster; every query goes through ``repo``."""

    def __init__(self, repo: OrganizationRepository) -> None:
        self.repo = repo

    async def get(self, org_id: uuid.UUID) -> Organization:
        """The organization, or 404."""
        org = await self.repo.get(org_id)
        if org is None:
            raise NotFound(f"社会组织 {org_id} 不存在")
        return org

    async def by_code(self, uscc: str | None, filing_no: str | None) -> Organization | None:
        """The organization with this credit code or filing number, if any."""
        if uscc:
            found = await self.repo.by_uscc(uscc.strip().upper())
            if found is not None:
                return found
        if filing_no:
            return await self.repo.by_filing_no(filing_no)
        return None

    async def _validate(self, state: dict[str, Any], own: uuid.UUID | None) -> dict[str, Any]:
        """Check the whole (merged) state of an organization; returns normalized values."""
        fixed: dict[str, Any] = {}
        if state["registration"] == "registered":
            if not state.get("uscc"):
                raise invalid(
                    "uscc", "登记的社会组织必须提供统一社会信用代码", RegistryCode.USCC_REQUIRED
                )
            try:
                parsed = check_uscc(state["uscc"], state["legal_form"])
            except UsccError as exc:
                raise invalid("uscc", exc.message, RegistryCode(exc.code)) from exc
            fixed["uscc"] = parsed.value
            other = await self.repo.uscc_owner(parsed.value)
            if other is not None and other != own:
                raise Conflict(
                    f"统一社会信用代码 {parsed.value} 已登记", code=RegistryCode.USCC_TAKEN
                )
        else:
            if state.get("uscc"):
                raise invalid(
                    "uscc",
                    "备案的社会组织使用备案编号，不填统一社会信用代码",
                    RegistryCode.USCC_INVALID,
                )
            if not state.get("filing_no"):
                raise invalid(
                    "filing_no", "备案的社会组织必须提供备案编号", RegistryCode.FILING_NO_REQUIRED
                )
        if state.get("filing_no"):
            other = await self.repo.filing_owner(state["filing_no"])
            if other is not None and other != own:
                raise Conflict(
                    f"备案编号 {state['filing_no']} 已存在", code=RegistryCode.FILING_NO_TAKEN
                )
        code = state["region_code"]
        if not await self.repo.region_exists(code):
            raise invalid("region_code", f"行政区划 {code} 不存在", RegistryCode.REGION_UNKNOWN)
        community_id = state.get("community_id")
        if community_id is not None and not await self.repo.community_exists(community_id):
            raise invalid(
                "community_id", f"社区 {community_id} 不存在", RegistryCode.COMMUNITY_UNKNOWN
            )
        if state.get("incubated_by") is not None:
            if state["incubated_by"] == own:
                raise invalid("incubated_by", "组织不能孵化自己", RegistryCode.HUB_INVALID)
            hub = await self.repo.get(state["incubated_by"])
            if hub is None:
                raise invalid(
                    "incubated_by",
                    f"社会组织 {state['incubated_by']} 不存在",
                    RegistryCode.ORG_UNKNOWN,
                )
            if HUB_ROLE not in (hub.roles or []):
                raise invalid(
                    "incubated_by", f"{hub.name} 不是枢纽型社会组织", RegistryCode.HUB_INVALID
                )
        if state.get("grade_expires_on") is not None and state.get("grade") is None:
            raise invalid("grade", "有评估等级有效期时必须有评估等级", RegistryCode.FIELD_REQUIRED)
        return fixed

    async def new_columns(self, data: OrganizationCreate, caller: Identity) -> dict[str, Any]:
        """The checked column values of a new organization (nothing written yet)."""
        ensure_not_bound(caller)
        values = data.model_dump()
        values["status"] = values["status"] or (
            "incubating" if data.incubated_by is not None else "active"
        )
        values.update(await self._validate(values, None))
        return _columns(values)

    async def create(
        self, data: OrganizationCreate, caller: Identity, *, recorded_status: str | None = None
    ) -> Organization:
        """Register or file an organization (an import may give the status it was recorded in)."""
        columns = await self.new_columns(data, caller)
        if recorded_status:
            columns["status"] = recorded_status
        org = Organization(**columns, rating_sum=0, rating_count=0)
        self.repo.add(org)
        await self.repo.flush()
        self.changed(org, ["created"])
        return org

    def changed(self, org: Organization | Any, verbs: list[str]) -> None:
        """Owe the events of a change (written with the transaction)."""
        for verb in verbs:
            feed.changed(
                self.repo.session,
                "organization",
                verb,
                org.id,
                organization_read(org, pii=True),
                organization_read(org, pii=False),
                region_code=org.region_code,
            )

    def _current(self, org: Organization) -> dict[str, Any]:
        return {
            "registration": org.registration,
            "uscc": org.uscc,
            "filing_no": org.filing_no,
            "legal_form": org.legal_form,
            "region_code": org.region_code,
            "community_id": org.community_id,
            "incubated_by": org.incubated_by,
            "grade": org.grade,
            "grade_expires_on": org.grade_expires_on,
        }

    async def update(
        self, org_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> Organization:
        """Apply a PATCH guarded by the ETag; status changes follow the lifecycle."""
        if caller.role == "community_admin":
            ensure_not_bound(caller)
        ensure_acts_for_org(caller, str(org_id))
        org = await self.get(org_id)
        check_if_match(if_match, org.version)
        return await self.apply(org, patch, caller)

    async def apply(
        self, org: Organization, patch: dict[str, Any], caller: Identity
    ) -> Organization:
        """Apply validated changes to ``org`` (the ETag already checked, or an import)."""
        if caller.role == "org_admin" and OFFICIAL_FIELDS & patch.keys():
            fields = ", ".join(sorted(OFFICIAL_FIELDS & patch.keys()))
            raise Forbidden(
                f"以下字段由登记管理机关维护：{fields}", code=RegistryCode.FIELD_NOT_ALLOWED
            )
        reject_nulls(patch, REQUIRED_FIELDS)
        moving = "status" in patch and patch["status"] != org.status
        if moving and patch["status"] not in TRANSITIONS[org.status]:
            raise Conflict(
                f"不能从 {org.status} 变为 {patch['status']}",
                code=RegistryCode.STATUS_TRANSITION_INVALID,
                extra={"from": org.status, "to": patch["status"]},
            )
        if org.status == "deregistered":
            raise Conflict("该组织已注销，不能修改", code=RegistryCode.ORG_DEREGISTERED)
        state = {**self._current(org), **patch}
        if state["registration"] == "filed" and "registration" in patch and "uscc" not in patch:
            state["uscc"] = None
            patch["uscc"] = None
        patch.update(await self._validate(state, org.id))
        before = (org.status, org.credit_status)
        for key, value in _columns(patch).items():
            setattr(org, key, value)
        await self.repo.flush()
        verbs = []
        if org.status != before[0]:
            verbs.append("status_changed")
        if org.credit_status != before[1]:
            verbs.append("credit_changed")
        self.changed(org, verbs or ["updated"])
        return org

    async def list(
        self,
        params: PageParams,
        *,
        q: str | None = None,
        region_code: str | None = None,
        domain: str | None = None,
        role: str | None = None,
        registration: str | None = None,
        legal_form: str | None = None,
        grade_min: int | None = None,
        status: str | None = None,
        credit_status: str | None = None,
        community_id: uuid.UUID | None = None,
        incubated_by: uuid.UUID | None = None,
    ) -> tuple[list[Row[Any]], str | None]:
        """Search the roster; every filter combines with every other, keyset-paginated.

        Rows are plain (read-only) rows with the table's columns, not ORM objects: a page of 50
        loads in half the time.
        """
        prefix = None
        if region_code:
            region = await self.repo.region(region_code)
            if region is None:
                raise invalid(
                    "region_code", f"行政区划 {region_code} 不存在", RegistryCode.REGION_UNKNOWN
                )
            prefix = region_prefix(region.code, region.level)
        filters = OrganizationFilters(
            on=today(),
            prefix=prefix,
            domain=domain,
            role=role,
            registration=registration,
            legal_form=legal_form,
            grade_min=grade_min,
            status=status,
            credit_status=credit_status,
            community_id=community_id,
            incubated_by=incubated_by,
        )
        return await self.repo.search(params, q, filters)

    async def standing(self, org_id: uuid.UUID) -> Standing:
        """Whether the organization may take on work or receive grants, with reasons."""
        org = await self.get(org_id)
        reasons = []
        if org.status != "active":
            reasons.append(f"status_{org.status}")
        if org.credit_status != "normal":
            reasons.append(f"credit_{org.credit_status}")
        return Standing(
            org_id=org.id,
            eligible=not reasons,
            status=org.status,
            credit_status=org.credit_status,
            grade=effective_grade(org),
            reasons=reasons,
        )

    async def rate(
        self, org_id: uuid.UUID, data: RatingCreate, caller: Identity
    ) -> tuple[Rating, Organization, bool]:
        """Record a rating and update the aggregate.

        One live rating per rater and organization: a second one replaces the first (the
        aggregate loses the old score and gains the new). A rating tied to a completed match
        (``source_match_id``) stands on its own and is idempotent per source. Nobody rates the
        organization they are bound to. Returns the rating, the organization after it, and
        whether a rating was added (``False``: a repeat or a replacement).
        """
        if caller.is_anonymous:
            raise Unauthorized("需要登录或有效凭据")
        if caller.role != "resident" and not caller.has_scope("registry:write"):
            raise Forbidden(
                "只有居民或有写权限的调用方可以评价",
                code=KernelCode.SCOPE_MISSING,
                extra={"scope": "registry:write"},
            )
        if caller.org_id is not None and caller.org_id == str(org_id):
            raise Forbidden("不能评价自己所在的组织", code=RegistryCode.RATING_OWN_ORG)
        rated_by = caller.act or caller.sub
        if data.source_match_id is None:
            return await self._rate_as_rater(org_id, data, rated_by)
        org = await self.get(org_id)
        existing = await self.repo.rating_from(data.source_match_id)
        if existing is not None:
            return existing, org, self._same_org(existing, org_id)
        if org.status == "deregistered":
            raise Conflict("该组织已注销，不能评价", code=RegistryCode.ORG_DEREGISTERED)
        rating = Rating(
            org_id=org_id,
            score=data.score,
            comment=data.comment,
            source_match_id=data.source_match_id,
            rated_by=rated_by,
        )
        if not await self.repo.add_rating(rating):
            # A concurrent delivery of the same feedback got there first.
            existing = await self.repo.rating_from(data.source_match_id)
            assert existing is not None
            return existing, org, self._same_org(existing, org_id)
        await self.repo.add_to_rating(org, data.score, 1)
        self.changed(org, ["rated"])
        return rating, org, True

    async def _rate_as_rater(
        self, org_id: uuid.UUID, data: RatingCreate, rated_by: str
    ) -> tuple[Rating, Organization, bool]:
        """Add the rater's rating of the organization, or replace the one they gave before.

        The organization's row is locked first, so two ratings of it never interleave their
        read of the old score and their change of the aggregate; the partial unique index
        ``uq_ratings_org_id_rated_by`` is what makes "one live rating" true whatever happens.
        """
        org = await self.repo.get_for_update(org_id)
        if org is None:
            raise NotFound(f"社会组织 {org_id} 不存在")
        if org.status == "deregistered":
            raise Conflict("该组织已注销，不能评价", code=RegistryCode.ORG_DEREGISTERED)
        existing = await self.repo.live_rating(org_id, rated_by)
        if existing is not None:
            old = existing.score
            await self.repo.replace_rating(existing, data.score, data.comment)
            await self.repo.add_to_rating(org, data.score - old, 0)
            self.changed(org, ["rated"])
            return existing, org, False
        rating = Rating(org_id=org_id, score=data.score, comment=data.comment, rated_by=rated_by)
        if not await self.repo.add_rating(rating):
            raise Conflict("评价正在被同时提交，请重试", code=KernelCode.CONFLICT)
        await self.repo.add_to_rating(org, data.score, 1)
        self.changed(org, ["rated"])
        return rating, org, True

    @staticmethod
    def _same_org(existing: Rating, org_id: uuid.UUID) -> bool:
        if existing.org_id != org_id:
            raise Conflict("该来源已对另一个组织评价过", code=RegistryCode.RATING_SOURCE_CONFLICT)
        return False
