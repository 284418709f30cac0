"""The match lifecycle: both sides accept, capacity is reserved, service starts and completes.

States::

    proposed ──accept(need)+accept(offer)──▶ accepted ──start──▶ in_service ──complete──▶ completed
        │                                      │                    │
        └──decline──▶ declined ◀──decline──────┘                    │
        └──cancel───▶ cancelled ◀──cancel──────┴────────cancel──────┘

``accepted`` means *both* sides have accepted and the offer's capacity is reserved; one side's
acceptance alone is only its timestamp (the match stays ``proposed``). Capacity is taken with one
guarded statement when the second side accepts (``UPDATE offers SET remaining = remaining - q
WHERE remaining >= q AND status = 'open'``): two matches racing for the last unit both run it, the
row lock orders them, and the second finds ``remaining < q`` and changes nothing (409
``capacity_exhausted``). It is given back on decline or cancel of a reserved match.

Every transition locks the match row first, then the need's row, then (in the guarded statement)
the offer's: one order everywhere, so two transitions never wait on each other in a cycle. A
transition repeated after it took effect answers the match as it is (no second effect); one that
no longer fits the match's state is 409 ``match_state``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.access import Role
from services.common.db import utcnow
from services.common.errors import (
    Conflict,
    Forbidden,
    KernelCode,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
)
from services.common.events import emit
from services.common.identity import Identity
from services.common.outbox import send
from services.common.pagination import PageParams, paginate
from services.matching.db.lifecycle import RESERVED, Match
from services.matching.db.models import KERNEL, Need, Offer
from services.matching.domain import readmodel
from services.matching.domain.base import changed
from services.matching.domain.errors import MatchingCode
from services.matching.domain.needs import need_read
from services.matching.schemas_lifecycle import (
    Acceptance,
    Contacts,
    MatchRead,
    PartyContact,
)

#: Need statuses the lifecycle moves between (the others belong to triage and cancellation).
LIVE_NEED = ("open", "matched", "in_service", "fulfilled")
#: Roles that may act for either side of any match (and callers without a role: services, keys).
ANY_SIDE = frozenset({Role.OPERATOR.value, Role.OFFICER.value})
#: Social-work stations act for communities: the need side only.
NEED_SIDE_ONLY = frozenset({Role.SOCIAL_WORKER.value})


def etag(version: int) -> str:
    """The weak ETag of a match at ``version``."""
    return f'W/"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """An optional ``If-Match`` on a transition: 412 unless it names the current version."""
    if if_match is None or not if_match.strip():
        return
    for token in if_match.split(","):
        tag = token.strip()
        if tag == "*" or tag.removeprefix("W/") == f'"{version}"':
            return
    raise PreconditionFailed(f"ETag 已过期，当前为 {etag(version)}", extra={"etag": etag(version)})


def match_read(match: Match, contacts: Contacts | None = None) -> MatchRead:
    """The public shape of a match (contacts only when given: both sides accepted)."""
    return MatchRead(
        id=match.id,
        need_id=match.need_id,
        offer_id=match.offer_id,
        quantity=match.quantity,
        status=match.status,
        round_id=match.round_id,
        grant_id=match.grant_id,
        score=match.score,
        reasons=match.reasons or {},
        acceptance=Acceptance(
            need_accepted_at=match.need_accepted_at, offer_accepted_at=match.offer_accepted_at
        ),
        started_at=match.started_at,
        completed_at=match.completed_at,
        closed_at=match.closed_at,
        closed_side=match.closed_side,
        reason=match.reason,
        contacts=contacts,
        created_at=match.created_at,
        updated_at=match.updated_at,
    )


def both_accepted(match: Match) -> bool:
    """True once both sides have accepted and the match went on from there."""
    return (
        match.need_accepted_at is not None
        and match.offer_accepted_at is not None
        and match.status in ("accepted", "in_service", "completed")
    )


def who(caller: Identity) -> str:
    """Who acted, as recorded on the match."""
    return (caller.act or caller.sub)[:160]


def mask_phone(phone: str | None) -> str | None:
    """``137****1122``: enough to recognise, not to dial."""
    if not phone:
        return phone
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def is_party(caller: Identity, need: Need, offer: Offer) -> bool:
    """True when the caller is bound to the need's community or the providing organization."""
    if caller.role == Role.COMMUNITY_ADMIN.value:
        return caller.community_id == str(need.community_id)
    if caller.role == Role.ORG_ADMIN.value:
        return offer.provider_kind == "organization" and caller.org_id == str(offer.provider_id)
    return False


def ensure_may_see(caller: Identity, need: Need, offer: Offer) -> None:
    """A bound admin sees only the matches of its community or organization."""
    if caller.role == Role.COMMUNITY_ADMIN.value and caller.community_id != str(need.community_id):
        raise Forbidden("只能查看本社区需求的对接", code=KernelCode.COMMUNITY_MISMATCH)
    if caller.role == Role.ORG_ADMIN.value and not is_party(caller, need, offer):
        raise Forbidden("只能查看本组织资源的对接", code=KernelCode.ORG_MISMATCH)


def ensure_acts_for_side(caller: Identity, side: str, need: Need, offer: Offer) -> None:
    """Who may act for a side: the need's community admin for the need, the providing
    organization's admin for the offer; officers, operators and services for either."""
    role = caller.role
    if role is None or role in ANY_SIDE:
        return
    if role in NEED_SIDE_ONLY and side == "need":
        return
    if role == Role.COMMUNITY_ADMIN.value and side == "need":
        if caller.community_id != str(need.community_id):
            raise Forbidden("只能处理本社区需求的对接", code=KernelCode.COMMUNITY_MISMATCH)
        return
    if role == Role.ORG_ADMIN.value and side == "offer":
        if not is_party(caller, need, offer):
            raise Forbidden("只能处理本组织资源的对接", code=KernelCode.ORG_MISMATCH)
        return
    raise Forbidden(f"角色 {role} 不能代表对接的 {side} 一方", code=MatchingCode.SIDE_NOT_ALLOWED)


def ensure_party_or_officer(caller: Identity, need: Need, offer: Offer) -> None:
    """Starting, completing, cancelling, recording: either party, or an officer."""
    role = caller.role
    if role is None or role in ANY_SIDE or role in NEED_SIDE_ONLY:
        return
    if role in (Role.COMMUNITY_ADMIN.value, Role.ORG_ADMIN.value) and is_party(caller, need, offer):
        return
    if role == Role.COMMUNITY_ADMIN.value:
        raise Forbidden("只能处理本社区需求的对接", code=KernelCode.COMMUNITY_MISMATCH)
    if role == Role.ORG_ADMIN.value:
        raise Forbidden("只能处理本组织资源的对接", code=KernelCode.ORG_MISMATCH)
    raise Forbidden(f"角色 {role} 不能处理对接", code=MatchingCode.SIDE_NOT_ALLOWED)


def state_conflict(match: Match, action: str, detail: str | None = None) -> Conflict:
    """409 ``match_state``: the transition does not fit the match's status (any more)."""
    return Conflict(
        detail or f"对接处于 {match.status} 状态，不能{action}",
        code=MatchingCode.MATCH_STATE,
        extra={"status": match.status},
    )


@dataclass
class Loaded:
    """A match with its need and offer, the match and the need locked."""

    match: Match
    need: Need
    offer: Offer


class MatchService:
    """The rules of the match lifecycle."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- reads ------------------------------------------------------------------------------

    async def get(self, match_id: uuid.UUID) -> Match:
        """The match, or 404."""
        match = await self.session.get(Match, match_id)
        if match is None:
            raise NotFound(f"对接 {match_id} 不存在")
        return match

    async def sides(self, match: Match) -> tuple[Need, Offer]:
        """The match's need and offer."""
        need = await self.session.get(Need, match.need_id)
        offer = await self.session.get(Offer, match.offer_id)
        if need is None or offer is None:  # foreign keys make this impossible
            raise NotFound(f"对接 {match.id} 的需求或资源不存在")
        return need, offer

    async def list(
        self,
        caller: Identity,
        params: PageParams,
        *,
        need_id: uuid.UUID | None = None,
        offer_id: uuid.UUID | None = None,
        status: str | None = None,
        round_id: uuid.UUID | None = None,
    ) -> tuple[list[Match], str | None]:
        """Matches, oldest first; a bound admin's are its community's or organization's."""
        stmt = sa.select(Match)
        if need_id is not None:
            stmt = stmt.where(Match.need_id == need_id)
        if offer_id is not None:
            stmt = stmt.where(Match.offer_id == offer_id)
        if status is not None:
            stmt = stmt.where(Match.status == status)
        if round_id is not None:
            stmt = stmt.where(Match.round_id == round_id)
        if caller.role == Role.COMMUNITY_ADMIN.value:
            mine = sa.select(Need.id).where(Need.community_id == _uuid_or_none(caller.community_id))
            stmt = stmt.where(Match.need_id.in_(mine))
        elif caller.role == Role.ORG_ADMIN.value:
            mine = sa.select(Offer.id).where(
                Offer.provider_kind == "organization",
                Offer.provider_id == _uuid_or_none(caller.org_id),
            )
            stmt = stmt.where(Match.offer_id.in_(mine))
        return await paginate(
            self.session,
            stmt,
            [Match.created_at, Match.id],
            params,
            lambda m: [m.created_at, m.id],
        )

    async def contacts(self, caller: Identity, match: Match) -> Contacts | None:
        """Both sides' contact details, once both have accepted (else ``None``)."""
        if not both_accepted(match):
            return None
        need, offer = await self.sides(match)
        full = caller.has_scope("pii:read") or is_party(caller, need, offer)
        community = await readmodel.community(self.session, need.community_id)
        need_side = PartyContact(
            kind="community",
            id=need.community_id,
            name=community.name if community else None,
            region_code=community.region_code if community else need.region_code,
        )
        provider = PartyContact(kind=offer.provider_kind, id=offer.provider_id)
        phone: str | None = None
        if offer.provider_kind == "organization":
            org = await readmodel.organization(self.session, offer.provider_id)
            if org is not None:
                provider.name, provider.contact_name = org.name, org.contact_name
                provider.region_code, phone = org.region_code, org.contact_phone
        elif offer.provider_kind == "volunteer":
            volunteer = await readmodel.volunteer(self.session, offer.provider_id)
            if volunteer is not None:
                provider.name = volunteer.name
                provider.contact_name, phone = volunteer.name, volunteer.phone
        provider.phone = phone if full else mask_phone(phone)
        return Contacts(need=need_side, offer=provider)

    # -- transitions ------------------------------------------------------------------------

    async def _load(self, match_id: uuid.UUID, if_match: str | None = None) -> Loaded:
        """Lock the match, then its need; read its offer (locked later, by the guarded UPDATE)."""
        match = await self.session.get(
            Match, match_id, with_for_update=True, populate_existing=True
        )
        if match is None:
            raise NotFound(f"对接 {match_id} 不存在")
        check_if_match(if_match, match.version)
        need = await self.session.get(
            Need, match.need_id, with_for_update=True, populate_existing=True
        )
        offer = await self.session.get(Offer, match.offer_id, populate_existing=True)
        if need is None or offer is None:
            raise NotFound(f"对接 {match_id} 的需求或资源不存在")
        return Loaded(match, need, offer)

    def _touch(self, match: Match) -> None:
        match.updated_at = utcnow()
        match.version = (match.version or 1) + 1

    def _emit(self, loaded: Loaded, verb: str, **extra: Any) -> None:
        data = match_read(loaded.match).model_dump(mode="json")
        data.update(extra)
        emit(
            self.session,
            f"match.{verb}",
            subject_kind="match",
            subject_id=loaded.match.id,
            data=data,
            region_code=loaded.need.region_code,
        )

    async def accept(
        self, match_id: uuid.UUID, side: str, caller: Identity, if_match: str | None = None
    ) -> Match:
        """One side accepts; the second acceptance reserves the offer's capacity."""
        loaded = await self._load(match_id, if_match)
        match, need = loaded.match, loaded.need
        ensure_acts_for_side(caller, side, need, loaded.offer)
        accepted_at = match.need_accepted_at if side == "need" else match.offer_accepted_at
        if accepted_at is not None and match.status in ("proposed", "accepted"):
            return match  # a repeat: already accepted by this side
        if match.status != "proposed":
            raise state_conflict(match, "接受")
        other = match.offer_accepted_at if side == "need" else match.need_accepted_at
        now = utcnow()
        if other is not None:
            await self._reserve(loaded)
        if side == "need":
            match.need_accepted_at, match.need_accepted_by = now, who(caller)
        else:
            match.offer_accepted_at, match.offer_accepted_by = now, who(caller)
        if other is not None:
            match.status = "accepted"
        self._touch(match)
        await self.session.flush()
        await self._need_follows(loaded)
        self._emit(loaded, "accepted", side=side, both_accepted=other is not None)
        return match

    async def _reserve(self, loaded: Loaded) -> None:
        """Take the match's quantity from the offer (guarded) and check the need's cover."""
        match, need = loaded.match, loaded.need
        if need.status not in ("open", "matched", "in_service"):
            raise Conflict(
                f"需求处于 {need.status} 状态，不能再接受对接",
                code=MatchingCode.NEED_STATE,
                extra={"status": need.status},
            )
        covered = await self.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Match.quantity), 0)).where(
                Match.need_id == need.id,
                Match.status.in_([*RESERVED, "completed"]),
                Match.id != match.id,
            )
        )
        if int(covered or 0) + match.quantity > need.quantity:
            raise Conflict(
                f"需求数量 {need.quantity} 已由其他对接满足 {covered}",
                code=MatchingCode.NEED_COVERED,
                extra={"quantity": need.quantity, "covered": int(covered or 0)},
            )
        left = Offer.remaining - match.quantity
        result = await self.session.execute(
            sa.update(Offer)
            .where(
                Offer.id == match.offer_id,
                Offer.remaining >= match.quantity,
                Offer.status == "open",
            )
            .values(
                remaining=left,
                status=sa.case((left == 0, "exhausted"), else_=Offer.status),
                version=Offer.version + 1,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) == 1:
            return
        offer = await self.session.get(Offer, match.offer_id, populate_existing=True)
        if offer is not None and offer.status == "withdrawn":
            raise Conflict(
                "资源已撤回", code=MatchingCode.OFFER_STATE, extra={"status": "withdrawn"}
            )
        raise Conflict(
            f"资源剩余容量 {offer.remaining if offer else 0} 不足 {match.quantity}",
            code=MatchingCode.CAPACITY_EXHAUSTED,
            extra={"remaining": offer.remaining if offer else 0, "quantity": match.quantity},
        )

    async def _release(self, match: Match) -> None:
        """Give a reserved match's quantity back to its offer (an exhausted offer reopens)."""
        await self.session.execute(
            sa.update(Offer)
            .where(Offer.id == match.offer_id)
            .values(
                remaining=Offer.remaining + match.quantity,
                status=sa.case((Offer.status == "exhausted", "open"), else_=Offer.status),
                version=Offer.version + 1,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )

    async def decline(
        self,
        match_id: uuid.UUID,
        side: str,
        reason: str | None,
        caller: Identity,
        if_match: str | None = None,
    ) -> Match:
        """One side declines a proposed or accepted match; a reservation is released."""
        loaded = await self._load(match_id, if_match)
        match = loaded.match
        ensure_acts_for_side(caller, side, loaded.need, loaded.offer)
        if match.status == "declined" and match.closed_side == side:
            return match
        if match.status not in ("proposed", "accepted"):
            raise state_conflict(match, "拒绝")
        await self._close(loaded, "declined", side, reason, caller)
        self._emit(loaded, "declined", side=side)
        return match

    async def cancel(
        self, match_id: uuid.UUID, reason: str | None, caller: Identity, if_match: str | None = None
    ) -> Match:
        """Call a match off before it completes; a reservation is released."""
        loaded = await self._load(match_id, if_match)
        match = loaded.match
        ensure_party_or_officer(caller, loaded.need, loaded.offer)
        if match.status == "cancelled":
            return match
        if match.status not in ("proposed", "accepted", "in_service"):
            raise state_conflict(match, "取消")
        await self._close(loaded, "cancelled", None, reason, caller)
        self._emit(loaded, "cancelled")
        return match

    async def _close(
        self, loaded: Loaded, status: str, side: str | None, reason: str | None, caller: Identity
    ) -> None:
        match = loaded.match
        if match.status in RESERVED:
            await self._release(match)
        match.status = status
        match.closed_at, match.closed_by = utcnow(), who(caller)
        match.closed_side, match.reason = side, reason
        self._touch(match)
        await self.session.flush()
        await self._need_follows(loaded)

    async def start(
        self,
        match_id: uuid.UUID,
        grantee_org_id: uuid.UUID | None,
        caller: Identity,
        if_match: str | None = None,
    ) -> Match:
        """Service begins (both sides accepted); a funds match becomes a grant request."""
        loaded = await self._load(match_id, if_match)
        match, need, offer = loaded.match, loaded.need, loaded.offer
        ensure_party_or_officer(caller, need, offer)
        if match.status == "in_service":
            return match
        if match.status != "accepted":
            detail = "双方均接受后才能开始服务" if match.status == "proposed" else None
            raise state_conflict(match, "开始服务", detail)
        if offer.resource_kind == "funds":
            await self._request_grant(loaded, grantee_org_id)
        match.status, match.started_at = "in_service", utcnow()
        self._touch(match)
        await self.session.flush()
        await self._need_follows(loaded)
        self._emit(loaded, "started")
        return match

    async def _request_grant(self, loaded: Loaded, grantee_org_id: uuid.UUID | None) -> None:
        """Owe Funds a grant application for a funds match (outbox; the effect happens once:
        the message id is its Idempotency-Key). A funds offer counts yuan; the grant is in fen."""
        match, need, offer = loaded.match, loaded.need, loaded.offer
        if grantee_org_id is None:
            raise ValidationFailed(
                "资金类对接开始服务须指明受资助组织 grantee_org_id",
                code=MatchingCode.GRANTEE_REQUIRED,
                errors=[{"field": "grantee_org_id", "message": "required for a funds match"}],
            )
        org = await readmodel.organization(self.session, grantee_org_id)
        if org is None:
            raise ValidationFailed(
                f"受资助组织 {grantee_org_id} 不存在",
                code=MatchingCode.GRANTEE_UNKNOWN,
                errors=[{"field": "grantee_org_id", "message": "unknown organization"}],
            )
        if not readmodel.may_provide(org):
            raise Conflict(
                f"{org.name} 未处于正常运作状态或被列入失信名单",
                code=MatchingCode.GRANTEE_NOT_ELIGIBLE,
            )
        if offer.fund_id is None:  # offers refuse this at creation; kept for old rows
            raise Conflict("资金类资源未指明出资基金", code=MatchingCode.OFFER_STATE)
        body = {
            "fund_id": str(offer.fund_id),
            "grantee_org_id": str(grantee_org_id),
            "title": need.title[:200],
            "amount": match.quantity * 100,
            "domain": need.domain,
            "need_id": str(need.id),
            "match_id": str(match.id),
        }
        await send(
            self.session,
            KERNEL,
            target="funds",
            method="POST",
            path="/v1/grants",
            body=body,
            ordering_key=f"match:{match.id}",
        )

    async def complete(
        self, match_id: uuid.UUID, caller: Identity, if_match: str | None = None
    ) -> Match:
        """Service is done; the need is fulfilled once completed matches cover it."""
        loaded = await self._load(match_id, if_match)
        match = loaded.match
        ensure_party_or_officer(caller, loaded.need, loaded.offer)
        if match.status == "completed":
            return match
        if match.status != "in_service":
            raise state_conflict(match, "完成")
        match.status, match.completed_at = "completed", utcnow()
        self._touch(match)
        await self.session.flush()
        await self._need_follows(loaded)
        self._emit(loaded, "completed")
        return match

    async def _need_follows(self, loaded: Loaded) -> None:
        """The need's status follows its matches: in_service while any is in service, matched
        while any is accepted, fulfilled once completed ones cover its quantity, else open.
        Needs closed, cancelled or referred are left alone."""
        need = loaded.need
        if need.status not in LIVE_NEED:
            return
        rows = (
            await self.session.execute(
                sa.select(Match.status, sa.func.sum(Match.quantity))
                .where(Match.need_id == need.id)
                .group_by(Match.status)
            )
        ).all()
        totals: dict[str, int] = {status: int(total or 0) for status, total in rows}
        if totals.get("in_service"):
            status = "in_service"
        elif totals.get("accepted"):
            status = "matched"
        elif totals.get("completed", 0) >= need.quantity:
            status = "fulfilled"
        else:
            status = "open"
        if status == need.status:
            return
        need.status = status
        await self.session.flush()
        # The need as its own API shows it (a matched need is minor: it has no referral).
        changed(
            self.session, "need.updated", need.id, need_read(need), region_code=need.region_code
        )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


async def locked_match(session: AsyncSession, match_id: uuid.UUID) -> Loaded:
    """The match (locked) with its need and offer: for records and feedback."""
    return await MatchService(session)._load(match_id)
