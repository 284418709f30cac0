"""Who may call what: the route table (resource → service) and the authorization table.

Every public route has exactly one entry in :data:`RULES`; a request whose method and path match
no entry is refused (deny by default), and ``tests/gateway/test_authz_matrix.py`` fails when a
service or the gateway grows a route that has no entry here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.common.access import ALL_SCOPES, STAFF_ROLES, Role, Scope

# Re-exported: the bound roles are part of the vocabulary, and callers import them from here.
from services.common.access import COMMUNITY_BOUND_ROLES as COMMUNITY_BOUND_ROLES
from services.common.access import ORG_BOUND_ROLES as ORG_BOUND_ROLES
from services.common.apps import SERVICE_NAMES
from services.common.errors import Forbidden, KernelCode, MethodNotAllowed, NotFound, Unauthorized
from services.common.identity import Identity

#: Resources every service has, routed by the second segment: ``/v1/events/{service}``.
BY_SECOND_SEGMENT = "<second segment>"

#: The first path segment after ``/v1/`` → the service that owns it.
ROUTE_TABLE: dict[str, str] = {
    # every service's feed and outbox
    "events": BY_SECOND_SEGMENT,
    "outbox": BY_SECOND_SEGMENT,
    # gateway's own
    "auth": "gateway",
    "users": "gateway",
    "api-keys": "gateway",
    "webhooks": "gateway",
    # registry
    "regions": "registry",
    "communities": "registry",
    "collaborations": "registry",
    "organizations": "registry",
    "social-workers": "registry",
    "volunteers": "registry",
    "pairings": "registry",
    # matching
    "needs": "matching",
    "offers": "matching",
    "rounds": "matching",
    "matches": "matching",
    "stats": "matching",
    # funds
    "funds": "funds",
    "accounts": "funds",
    "transfers": "funds",
    "donations": "funds",
    "grants": "funds",
    "time-bank": "funds",
    "ledger": "funds",
    "periods": "funds",
    "public": "funds",
}


def _grant(*scopes: Scope) -> frozenset[str]:
    # Plain strings, as tokens and identities have always carried them.
    return frozenset(scope.value for scope in scopes)


#: Scopes a person holds by role. Binding (org / community) is enforced by the services.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.OPERATOR.value: frozenset(ALL_SCOPES),
    Role.OFFICER.value: _grant(
        Scope.REGISTRY_READ,
        Scope.REGISTRY_WRITE,
        Scope.MATCHING_READ,
        Scope.MATCHING_WRITE,
        Scope.FUNDS_READ,
        Scope.FUNDS_WRITE,
        Scope.PII_READ,
    ),
    Role.ORG_ADMIN.value: _grant(
        Scope.REGISTRY_READ,
        Scope.REGISTRY_WRITE,
        Scope.MATCHING_READ,
        Scope.MATCHING_WRITE,
        Scope.FUNDS_READ,
        Scope.FUNDS_WRITE,
    ),
    Role.COMMUNITY_ADMIN.value: _grant(
        Scope.REGISTRY_READ,
        Scope.REGISTRY_WRITE,
        Scope.MATCHING_READ,
        Scope.MATCHING_WRITE,
        Scope.FUNDS_READ,
    ),
    Role.SOCIAL_WORKER.value: _grant(
        Scope.REGISTRY_READ, Scope.MATCHING_READ, Scope.MATCHING_WRITE
    ),
    Role.VOLUNTEER.value: _grant(Scope.REGISTRY_READ, Scope.MATCHING_READ, Scope.FUNDS_READ),
    Role.RESIDENT.value: _grant(Scope.REGISTRY_READ, Scope.MATCHING_READ),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """What one method and path need.

    ``public``: no credentials; ``authenticated``: any caller with credentials; otherwise the
    caller needs ``scope`` or one of ``roles``.
    """

    method: str
    path: str
    scope: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    public: bool = False
    authenticated: bool = False
    #: Any partner API key passes (the route decides what it may touch: its own resources).
    api_keys: bool = False

    @property
    def resource(self) -> str:
        """The first path segment after /v1/."""
        return self.path.split("/")[2]


def _r(
    method: str,
    path: str,
    scope: str | None = None,
    *,
    roles: Iterable[str] = (),
    public: bool = False,
    authenticated: bool = False,
    api_keys: bool = False,
) -> Rule:
    # Through the enums, so a misspelt scope or role fails at import instead of denying everyone.
    scope = Scope(scope).value if scope is not None else None
    return Rule(
        method,
        path,
        scope,
        frozenset(Role(r).value for r in roles),
        public,
        authenticated,
        api_keys,
    )


GATEWAY_RULES: list[Rule] = [
    _r("POST", "/v1/auth/token", public=True),
    _r("POST", "/v1/auth/refresh", public=True),
    _r("POST", "/v1/auth/logout", public=True),
    _r("GET", "/v1/auth/me", authenticated=True),
    # People are managed by people: an API key (even an admin one) must not create an operator
    # or reset one's password, which would outlive the key's revocation.
    _r("POST", "/v1/users", roles=["operator"]),
    _r("GET", "/v1/users", "admin", roles=["operator"]),
    _r("GET", "/v1/users/{user_id}", "admin", roles=["operator"]),
    _r("PATCH", "/v1/users/{user_id}", roles=["operator"]),
    _r("DELETE", "/v1/users/{user_id}/lockout", roles=["operator"]),
    _r("POST", "/v1/api-keys", "admin", roles=["operator"]),
    _r("GET", "/v1/api-keys", "admin", roles=["operator"]),
    _r("GET", "/v1/api-keys/{key_id}", "admin", roles=["operator"]),
    _r("DELETE", "/v1/api-keys/{key_id}", "admin", roles=["operator"]),
    # Operators manage every subscription, a partner key its own (the route keeps it to its own).
    _r("POST", "/v1/webhooks", "admin", roles=["operator"], api_keys=True),
    _r("GET", "/v1/webhooks", "admin", roles=["operator"], api_keys=True),
    _r("GET", "/v1/webhooks/{webhook_id}", "admin", roles=["operator"], api_keys=True),
    _r("DELETE", "/v1/webhooks/{webhook_id}", "admin", roles=["operator"], api_keys=True),
    _r("GET", "/v1/webhooks/{webhook_id}/deliveries", "admin", roles=["operator"], api_keys=True),
    _r(
        "POST",
        "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
        "admin",
        roles=["operator"],
        api_keys=True,
    ),
]

REGISTRY_RULES: list[Rule] = [
    _r("GET", "/v1/regions", "registry:read"),
    _r("GET", "/v1/regions/{code}", "registry:read"),
    _r("GET", "/v1/regions/{code}/ancestors", "registry:read"),
    _r("POST", "/v1/regions", "registry:write"),
    _r("GET", "/v1/communities", "registry:read"),
    _r("POST", "/v1/communities", "registry:write"),
    _r("GET", "/v1/communities/{community_id}", "registry:read"),
    _r("PATCH", "/v1/communities/{community_id}", "registry:write"),
    _r("GET", "/v1/collaborations", "registry:read"),
    _r("POST", "/v1/collaborations", "registry:write"),
    _r("GET", "/v1/collaborations/{collaboration_id}", "registry:read"),
    _r("PATCH", "/v1/collaborations/{collaboration_id}", "registry:write"),
    _r("GET", "/v1/organizations", "registry:read"),
    _r("POST", "/v1/organizations", "registry:write"),
    _r("POST", "/v1/organizations/import", "registry:write"),
    _r("GET", "/v1/organizations/export", "registry:read"),
    _r("GET", "/v1/organizations/{org_id}", "registry:read"),
    _r("PATCH", "/v1/organizations/{org_id}", "registry:write"),
    _r("GET", "/v1/organizations/{org_id}/standing", "registry:read"),
    _r("POST", "/v1/organizations/{org_id}/ratings", "registry:write", roles=["resident"]),
    _r("GET", "/v1/social-workers", "registry:read"),
    _r("POST", "/v1/social-workers", "registry:write"),
    _r("GET", "/v1/social-workers/{worker_id}", "registry:read"),
    _r("PATCH", "/v1/social-workers/{worker_id}", "registry:write"),
    _r("GET", "/v1/volunteers", "registry:read"),
    _r("POST", "/v1/volunteers", "registry:write"),
    _r("GET", "/v1/volunteers/{volunteer_id}", "registry:read"),
    _r("PATCH", "/v1/volunteers/{volunteer_id}", "registry:write"),
    _r("GET", "/v1/pairings", "registry:read"),
    _r("POST", "/v1/pairings", "registry:write"),
    _r("GET", "/v1/pairings/{pairing_id}", "registry:read"),
    _r("PATCH", "/v1/pairings/{pairing_id}", "registry:write"),
]

#: Each service's change feed (its read scope) and outbox (operators).
EVENT_RULES: list[Rule] = [
    rule
    for service in SERVICE_NAMES
    for rule in (
        _r("GET", f"/v1/events/{service}", f"{service}:read"),
        _r("GET", f"/v1/outbox/{service}", "admin", roles=["operator"]),
        _r("POST", f"/v1/outbox/{service}/{{message_id}}/retry", "admin", roles=["operator"]),
    )
]

#: Needs, offers, candidates, referrals and rounds.
MATCHING_NEED_RULES: list[Rule] = [
    _r("GET", "/v1/needs", "matching:read"),
    _r("POST", "/v1/needs", "matching:write"),
    _r("GET", "/v1/needs/referrals", "matching:read"),
    _r("GET", "/v1/needs/{need_id}", "matching:read"),
    _r("PATCH", "/v1/needs/{need_id}", "matching:write"),
    _r("POST", "/v1/needs/{need_id}/cancel", "matching:write"),
    _r("GET", "/v1/needs/{need_id}/candidates", "matching:read"),
    _r("GET", "/v1/offers", "matching:read"),
    _r("POST", "/v1/offers", "matching:write"),
    _r("GET", "/v1/offers/{offer_id}", "matching:read"),
    _r("PATCH", "/v1/offers/{offer_id}", "matching:write"),
    _r("POST", "/v1/offers/{offer_id}/withdraw", "matching:write"),
    # A round proposes for a whole region: officers and operators (and admin keys), not the
    # organizations and communities that take part in it.
    _r("POST", "/v1/rounds", "admin", roles=STAFF_ROLES),
    _r("GET", "/v1/rounds", "matching:read"),
    _r("GET", "/v1/rounds/{round_id}", "matching:read"),
]

#: Matches, service records, feedback and stats (who acts for which side: the service decides).
MATCHING_MATCH_RULES: list[Rule] = [
    _r("GET", "/v1/matches", "matching:read"),
    _r("GET", "/v1/matches/{match_id}", "matching:read"),
    _r("POST", "/v1/matches/{match_id}/accept", "matching:write"),
    _r("POST", "/v1/matches/{match_id}/decline", "matching:write"),
    _r("POST", "/v1/matches/{match_id}/start", "matching:write"),
    _r("POST", "/v1/matches/{match_id}/complete", "matching:write"),
    _r("POST", "/v1/matches/{match_id}/cancel", "matching:write"),
    _r("GET", "/v1/matches/{match_id}/service-records", "matching:read"),
    _r("POST", "/v1/matches/{match_id}/service-records", "matching:write"),
    _r("GET", "/v1/matches/{match_id}/feedback", "matching:read"),
    _r("POST", "/v1/matches/{match_id}/feedback", "matching:write"),
    _r("GET", "/v1/stats", "matching:read"),
]

MATCHING_RULES: list[Rule] = MATCHING_NEED_RULES + MATCHING_MATCH_RULES

FUNDS_RULES: list[Rule] = [
    _r("GET", "/v1/accounts", "funds:read"),
    _r("POST", "/v1/accounts", "funds:write"),
    _r("GET", "/v1/accounts/{account_id}", "funds:read"),
    _r("GET", "/v1/transfers", "funds:read"),
    _r("POST", "/v1/transfers", "funds:write"),
    _r("POST", "/v1/transfers/batch", "funds:write"),
    _r("GET", "/v1/transfers/{transfer_id}", "funds:read"),
    _r("POST", "/v1/transfers/{transfer_id}/post", "funds:write"),
    _r("POST", "/v1/transfers/{transfer_id}/void", "funds:write"),
    _r("GET", "/v1/ledger/verify", "funds:read"),
    _r("POST", "/v1/periods/close", "admin", roles=["operator"]),
    _r("GET", "/v1/periods", "funds:read"),
    _r("GET", "/v1/funds", "funds:read"),
    _r("POST", "/v1/funds", "funds:write"),
    _r("GET", "/v1/funds/{fund_id}", "funds:read"),
    _r("GET", "/v1/funds/{fund_id}/statement", "funds:read"),
    # A fund's earning caps are policy: operators and officers only (the service checks again).
    _r("PATCH", "/v1/funds/{fund_id}/time-bank-policy", roles=STAFF_ROLES),
    _r("GET", "/v1/donations", "funds:read"),
    _r("POST", "/v1/donations", "funds:write"),
    _r("GET", "/v1/donations/{donation_id}", "funds:read"),
    _r("GET", "/v1/grants", "funds:read"),
    _r("POST", "/v1/grants", "funds:write"),
    _r("GET", "/v1/grants/{grant_id}", "funds:read"),
    _r("POST", "/v1/grants/{grant_id}/approve", "funds:write"),
    _r("POST", "/v1/grants/{grant_id}/reject", "funds:write"),
    _r("POST", "/v1/grants/{grant_id}/disbursements", "funds:write"),
    _r("POST", "/v1/grants/{grant_id}/cancel", "funds:write"),
    _r("POST", "/v1/time-bank/earn", "funds:write"),
    _r("POST", "/v1/time-bank/redeem", "funds:write"),
    _r("POST", "/v1/time-bank/gifts", "funds:write"),
    _r("GET", "/v1/time-bank/{volunteer_id}", "funds:read"),
    _r("GET", "/v1/time-bank/{volunteer_id}/export", "funds:read"),
    _r("GET", "/v1/public/funds/{fund_id}", public=True),
]

RULES: list[Rule] = GATEWAY_RULES + REGISTRY_RULES + EVENT_RULES + MATCHING_RULES + FUNDS_RULES


class Authorizer:
    """Finds the rule for a request and decides whether the caller passes it."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        # Per resource, each path template once, most specific first: static segments win over
        # parameters (/organizations/export before /organizations/{org_id}), as a path router does.
        templates: dict[str, dict[str, tuple[re.Pattern[str], dict[str, Rule]]]] = {}
        for rule in sorted(self.rules, key=lambda r: (r.path.count("{"), -len(r.path))):
            by_path = templates.setdefault(rule.resource, {})
            if rule.path not in by_path:
                pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", rule.path) + "/?$")
                by_path[rule.path] = (pattern, {})
            by_path[rule.path][1][rule.method] = rule
        self._templates = {res: list(paths.values()) for res, paths in templates.items()}

    def _resolve(self, path: str) -> dict[str, Rule] | None:
        """The rules (by method) of the most specific template matching ``path``."""
        parts = path.split("/", 3)
        if len(parts) < 3:
            return None
        for pattern, methods in self._templates.get(parts[2], ()):
            if pattern.match(path):
                return methods
        return None

    def match(self, method: str, path: str) -> Rule | None:
        """The rule for ``method path``, or ``None`` (path resolved first, then the method)."""
        methods = self._resolve(path)
        if methods is None:
            return None
        return methods.get("GET" if method == "HEAD" else method)

    def allowed_methods(self, path: str) -> list[str]:
        """Methods that have a rule for ``path`` (for 405 answers)."""
        return sorted(self._resolve(path) or ())

    def authorize(self, method: str, path: str, identity: Identity) -> Rule:
        """The rule for the request if ``identity`` passes it; else 401, 403, 404 or 405."""
        rule = self.match(method, path)
        if rule is None and not identity.is_anonymous:
            allowed = self.allowed_methods(path)
            if allowed:
                raise MethodNotAllowed(
                    f"该接口不支持 {method}", headers={"Allow": ", ".join(allowed)}
                )
        self.check(rule, identity)
        assert rule is not None
        return rule

    def check(self, rule: Rule | None, identity: Identity) -> None:
        """Raise 401/403/404 unless ``identity`` may use ``rule``."""
        if rule is not None and rule.public:
            return
        if identity.is_anonymous:
            raise Unauthorized("需要登录或有效凭据")
        if rule is None:
            raise NotFound("没有这个接口")
        if rule.authenticated or (rule.api_keys and identity.kind == "api_key"):
            return
        if identity.role and identity.role in rule.roles:
            return
        if rule.scope and identity.has_scope(rule.scope):
            return
        raise Forbidden(
            f"需要权限范围 {rule.scope}" if rule.scope else "当前角色无权访问",
            code=KernelCode.SCOPE_MISSING if rule.scope else KernelCode.FORBIDDEN,
            extra={"scope": rule.scope} if rule.scope else None,
        )


def scopes_for_role(role: str) -> frozenset[str]:
    """The scopes a person with ``role`` holds."""
    return ROLE_SCOPES.get(role, frozenset())
