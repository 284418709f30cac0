"""The access vocabulary: the scopes a caller may hold and the roles a person may have.

Defined here once. The signed identity, the gateway's authorization table and its public
contract (the enums of its OpenAPI document, in this order) read it; which role holds which
scopes is the gateway's policy and lives in ``gateway/authz.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Literal


class Scope(StrEnum):
    """A permission carried by an access token, an API key or a service's own identity."""

    REGISTRY_READ = "registry:read"
    REGISTRY_WRITE = "registry:write"
    MATCHING_READ = "matching:read"
    MATCHING_WRITE = "matching:write"
    FUNDS_READ = "funds:read"
    FUNDS_WRITE = "funds:write"
    PII_READ = "pii:read"
    #: Passes every scope check (``Identity.has_scope``).
    ADMIN = "admin"


class Role(StrEnum):
    """What a person is in the system; the gateway maps it to scopes."""

    OPERATOR = "operator"
    OFFICER = "officer"
    ORG_ADMIN = "org_admin"
    COMMUNITY_ADMIN = "community_admin"
    SOCIAL_WORKER = "social_worker"
    VOLUNTEER = "volunteer"
    RESIDENT = "resident"


# Plain strings, not members: identities, tokens and JSON carry exactly what they carried before.
ALL_SCOPES: tuple[str, ...] = tuple(scope.value for scope in Scope)
ROLES: tuple[str, ...] = tuple(role.value for role in Role)

#: Roles that must be bound to an organization / a community (the services enforce the binding).
ORG_BOUND_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN.value})
COMMUNITY_BOUND_ROLES: frozenset[str] = frozenset({Role.COMMUNITY_ADMIN.value})
BOUND_ROLES: frozenset[str] = ORG_BOUND_ROLES | COMMUNITY_BOUND_ROLES
#: People who govern the exchange rather than take part in it: operators and civil-affairs
#: officers (allocation rounds, a fund's time-bank policy).
STAFF_ROLES: frozenset[str] = frozenset({Role.OPERATOR.value, Role.OFFICER.value})

# For contracts, a Literal rather than the enum: pydantic then keeps the values inline in the
# OpenAPI document (an enum would become a shared `$ref` component) and reports a bad value as it
# always has. mypy cannot build a Literal from a tuple, so it sees the plain type.
if TYPE_CHECKING:
    RoleName = str
    ScopeName = str
else:
    RoleName = Literal[ROLES]
    ScopeName = Literal[ALL_SCOPES]
