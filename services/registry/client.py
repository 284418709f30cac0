"""``RegistryClient``: what Matching and Funds ask the Registry, over HTTP."""

from __future__ import annotations

import uuid
from typing import Any

from services.common.http import ServiceClient
from services.registry.schemas import (
    CommunityRead,
    OrganizationRead,
    PairingRead,
    PairingStatus,
    RatingCreate,
    RatingRead,
    RegionRead,
    Standing,
    VolunteerRead,
)


class RegistryClient(ServiceClient):
    """Typed async calls to the Registry service.

    Upstream problems come back as kernel errors (``NotFound``, ``ValidationFailed`` ...) with
    the Registry's ``code``; an unreachable Registry is ``UpstreamUnavailable``.
    """

    target = "registry"

    async def get_organization(self, org_id: uuid.UUID | str) -> OrganizationRead:
        """One organization (``NotFound`` if there is none)."""
        body = await self.request("GET", f"/v1/organizations/{org_id}")
        return OrganizationRead.model_validate(body)

    async def find_organization(self, org_id: uuid.UUID | str) -> OrganizationRead | None:
        """One organization, or ``None`` if there is none."""
        body = await self.request("GET", f"/v1/organizations/{org_id}", allow_404=True)
        return None if body is None else OrganizationRead.model_validate(body)

    async def get_volunteer(self, volunteer_id: uuid.UUID | str) -> VolunteerRead | None:
        """One volunteer as this service may see them (masked contact details), or ``None``."""
        body = await self.request("GET", f"/v1/volunteers/{volunteer_id}", allow_404=True)
        return None if body is None else VolunteerRead.model_validate(body)

    async def check_standing(self, org_id: uuid.UUID | str) -> Standing:
        """Whether the organization may take on work or receive grants now, and why not."""
        body = await self.request("GET", f"/v1/organizations/{org_id}/standing")
        return Standing.model_validate(body)

    async def get_community(self, community_id: uuid.UUID | str) -> CommunityRead:
        """One community or village (``NotFound`` if there is none)."""
        body = await self.request("GET", f"/v1/communities/{community_id}")
        return CommunityRead.model_validate(body)

    async def get_region_ancestry(self, code: str) -> list[RegionRead]:
        """The region and its ancestors, province first (``NotFound`` for an unknown code)."""
        body = await self.request("GET", f"/v1/regions/{code}/ancestors")
        return [RegionRead.model_validate(item) for item in body]

    async def list_pairings(
        self,
        org_id: uuid.UUID | str,
        community_id: uuid.UUID | str,
        *,
        status: PairingStatus | None = None,
    ) -> list[PairingRead]:
        """Every pairing between an organization and a community (ended ones too by default)."""
        params: dict[str, Any] = {"org_id": str(org_id), "community_id": str(community_id)}
        if status:
            params["status"] = status
        items: list[PairingRead] = []
        cursor: str | None = None
        while True:
            page = await self.request(
                "GET", "/v1/pairings", params={**params, "limit": 200, **_cursor(cursor)}
            )
            items += [PairingRead.model_validate(item) for item in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                return items

    async def post_rating(
        self,
        org_id: uuid.UUID | str,
        score: int,
        *,
        comment: str | None = None,
        source_match_id: uuid.UUID | str | None = None,
    ) -> RatingRead:
        """Rate an organization; with ``source_match_id`` a repeat returns the first rating."""
        body = RatingCreate(
            score=score,
            comment=comment,
            source_match_id=uuid.UUID(str(source_match_id)) if source_match_id else None,
        )
        result = await self.request(
            "POST", f"/v1/organizations/{org_id}/ratings", json=body.model_dump(mode="json")
        )
        return RatingRead.model_validate(result)


def _cursor(cursor: str | None) -> dict[str, str]:
    return {"cursor": cursor} if cursor else {}
