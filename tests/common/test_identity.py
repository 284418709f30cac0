"""The signed identity header: what verifies, and every way it must not."""

from __future__ import annotations

import time

import pytest

from services.common.errors import Unauthorized
from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
from tests.system_fixture import System

SECRET = b"0123456789abcdef0123"


@pytest.fixture
def signer() -> IdentitySigner:
    return IdentitySigner(SECRET, ttl_seconds=60, max_skew_seconds=30)


def identity() -> Identity:
    return Identity(
        sub="u1",
        kind="user",
        role="org_admin",
        scopes=frozenset({"registry:read"}),
        org_id="org-1",
        request_id="rid-1",
    )


class TestSignAndVerify:
    def test_round_trip_keeps_every_claim(self, signer: IdentitySigner) -> None:
        assert signer.verify(signer.sign(identity())) == identity()

    def test_chinese_claims_survive(self, signer: IdentitySigner) -> None:
        who = Identity(sub="张三", kind="user")
        assert signer.verify(signer.sign(who)).sub == "张三"

    def test_missing_header_is_refused(self, signer: IdentitySigner) -> None:
        with pytest.raises(Unauthorized) as info:
            signer.verify(None)
        assert info.value.code == "identity_invalid"

    def test_other_secret_is_refused(self, signer: IdentitySigner) -> None:
        forged = IdentitySigner(b"another-secret-0123456").sign(identity())
        with pytest.raises(Unauthorized):
            signer.verify(forged)

    def test_tampered_claims_are_refused(self, signer: IdentitySigner) -> None:
        version, payload, mac = signer.sign(identity()).split(".")
        other = signer.sign(Identity(sub="operator", kind="user", role="operator")).split(".")[1]
        with pytest.raises(Unauthorized):
            signer.verify(f"{version}.{other}.{mac}")
        assert payload != other

    @pytest.mark.parametrize("value", ["", "v1", "v1.a.b", "v2.x.y", "v1.!!!.???", "garbage"])
    def test_malformed_values_are_refused(self, signer: IdentitySigner, value: str) -> None:
        with pytest.raises(Unauthorized):
            signer.verify(value)

    def test_expired_beyond_skew_is_refused(self, signer: IdentitySigner) -> None:
        old = signer.sign(identity(), now=time.time() - 60 - 31)
        with pytest.raises(Unauthorized):
            signer.verify(old)

    def test_expired_within_skew_is_accepted(self, signer: IdentitySigner) -> None:
        slightly_old = signer.sign(identity(), now=time.time() - 60 - 10)
        assert signer.verify(slightly_old).sub == "u1"

    def test_issued_in_the_future_beyond_skew_is_refused(self, signer: IdentitySigner) -> None:
        future = signer.sign(identity(), now=time.time() + 120)
        with pytest.raises(Unauthorized):
            signer.verify(future)

    def test_short_secret_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="16 bytes"):
            IdentitySigner(b"short")


class TestScopes:
    def test_admin_holds_every_scope(self) -> None:
        assert Identity(sub="x", kind="user", scopes=frozenset({"admin"})).has_scope("funds:write")

    def test_missing_scope(self) -> None:
        assert not identity().has_scope("registry:write")


class TestCaches:
    def test_sign_cached_reuses_then_renews(self, signer: IdentitySigner) -> None:
        first = signer.sign_cached(identity())
        assert signer.sign_cached(identity()) == first
        signer._signed[identity()] = (first, time.time() - 1)  # as if a quarter-life had passed
        assert signer.verify(signer.sign_cached(identity())) == identity()

    def test_verified_cache_still_expires(self, signer: IdentitySigner) -> None:
        value = signer.sign(identity())
        assert signer.verify(value).sub == "u1"
        with pytest.raises(Unauthorized):
            signer.verify(value, now=time.time() + 60 + 31)  # cached, but past exp + skew

    def test_tampered_value_is_not_served_from_cache(self, signer: IdentitySigner) -> None:
        value = signer.sign(identity())
        signer.verify(value)
        with pytest.raises(Unauthorized):
            signer.verify(value[:-2] + ("AA" if not value.endswith("AA") else "BB"))


class TestBinding:
    """A captured header works only on its own route and only for the configured lifetime."""

    def test_a_bound_header_is_refused_on_another_route(self) -> None:
        signer = IdentitySigner(b"0123456789abcdef0123")
        value = signer.sign(identity(), method="GET", path="/v1/regions")
        assert signer.verify(value, method="GET", path="/v1/regions").sub == "u1"
        with pytest.raises(Unauthorized):
            signer.verify(value, method="DELETE", path="/v1/regions")
        with pytest.raises(Unauthorized):
            signer.verify(value, method="GET", path="/v1/users")

    def test_a_header_with_a_longer_life_than_configured_is_refused(self) -> None:
        generous = IdentitySigner(b"0123456789abcdef0123", ttl_seconds=3600)
        strict = IdentitySigner(b"0123456789abcdef0123", ttl_seconds=60)
        with pytest.raises(Unauthorized):
            strict.verify(generous.sign(identity()))


async def test_a_captured_header_cannot_be_replayed_on_another_route(system: System) -> None:
    registry = system.direct["registry"]
    bound = system.signer.sign(
        Identity(sub="op", kind="user", role="operator", scopes=frozenset(ALL_SCOPES)),
        method="GET",
        path="/v1/regions/330203",
    )
    headers = {"x-wushe-identity": bound}
    assert (await registry.get("/v1/regions/330203", headers=headers)).status_code == 200
    replayed = await registry.get("/v1/communities", headers=headers)
    assert replayed.status_code == 401
    assert replayed.json()["code"] == "identity_invalid"
    posted = await registry.post("/v1/regions", json={}, headers=headers)
    assert posted.status_code == 401
