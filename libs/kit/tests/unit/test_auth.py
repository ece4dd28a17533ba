"""Unit tests of emutrack_kit.auth: role bindings over unit paths and token verification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from emutrack_kit.auth import (
    AuthenticationError,
    Principal,
    Role,
    RoleBinding,
    TokenVerifier,
    mint_token,
)

SECRET = "unit-test-signing-key-that-is-long-enough-for-hs256"
ISSUER = "emutrack-local"
AUDIENCE = "emutrack"

WARD_PATH = ("ha-noi", "q-thanh-xuan", "p-kim-giang")
DISTRICT_PATH = ("ha-noi", "q-thanh-xuan")
OTHER_WARD_PATH = ("ha-noi", "q-hoang-mai", "p-dai-kim")


# --- RoleBinding.covers --------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_covers_its_own_unit(role: Role) -> None:
    assert RoleBinding(role, "p-kim-giang").covers(WARD_PATH)


@pytest.mark.parametrize(
    "role", [Role.STANDING_OFFICE, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR, Role.VIEWER, Role.ADMIN]
)
def test_subtree_roles_reach_descendants(role: Role) -> None:
    assert RoleBinding(role, "q-thanh-xuan").covers(WARD_PATH)
    assert RoleBinding(role, "ha-noi").covers(WARD_PATH)


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.CLUSTER_HEAD])
def test_non_subtree_roles_do_not_reach_descendants(role: Role) -> None:
    assert not RoleBinding(role, "q-thanh-xuan").covers(WARD_PATH)
    assert not RoleBinding(role, "ha-noi").covers(WARD_PATH)


def test_subtree_role_does_not_reach_other_branches_or_ancestors() -> None:
    district_office = RoleBinding(Role.STANDING_OFFICE, "q-thanh-xuan")
    assert not district_office.covers(OTHER_WARD_PATH)
    ward_office = RoleBinding(Role.STANDING_OFFICE, "p-kim-giang")
    assert not ward_office.covers(DISTRICT_PATH)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.UNIT_OFFICER])
def test_empty_path_is_covered_by_nobody(role: Role) -> None:
    assert not RoleBinding(role, "ha-noi").covers(())
    assert not RoleBinding(role, "ha-noi").covers([])


# --- Principal.may -------------------------------------------------------------------


def test_principal_may_needs_a_matching_role_that_covers_the_unit() -> None:
    principal = Principal(
        "officer",
        (
            RoleBinding(Role.UNIT_OFFICER, "p-kim-giang"),
            RoleBinding(Role.VIEWER, "q-hoang-mai"),
        ),
    )
    assert principal.may([Role.UNIT_OFFICER], WARD_PATH)
    assert principal.may([Role.UNIT_HEAD, Role.UNIT_OFFICER], WARD_PATH)
    # the right unit, but not one of the asked roles
    assert not principal.may([Role.STANDING_OFFICE], WARD_PATH)
    # a viewer of Hoàng Mai reaches its wards, but only as a viewer
    assert principal.may([Role.VIEWER], OTHER_WARD_PATH)
    assert not principal.may([Role.UNIT_OFFICER], OTHER_WARD_PATH)
    # the officer binding does not reach the district above the ward
    assert not principal.may([Role.UNIT_OFFICER], DISTRICT_PATH)


def test_principal_without_bindings_may_nothing() -> None:
    assert not Principal("nobody", ()).may(list(Role), WARD_PATH)


def test_principal_may_with_no_roles_asked_is_false() -> None:
    principal = Principal("admin", (RoleBinding(Role.ADMIN, "ha-noi"),))
    assert not principal.may([], WARD_PATH)


# --- TokenVerifier -------------------------------------------------------------------


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(secret=SECRET, issuer=ISSUER, audience=AUDIENCE)


def _mint(**overrides: object) -> str:
    kwargs: dict[str, object] = {
        "subject": "can-bo-kim-giang",
        "bindings": [("unit_officer", "p-kim-giang"), ("viewer", "q-thanh-xuan")],
        "secret": SECRET,
        "issuer": ISSUER,
        "audience": AUDIENCE,
    }
    kwargs.update(overrides)
    return mint_token(**kwargs)  # type: ignore[arg-type]


def _raw_token(claims: dict[str, object], secret: str = SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def _claims(**overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": "can-bo-kim-giang",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "bindings": [{"role": "unit_officer", "unit_id": "p-kim-giang"}],
    }
    claims.update(overrides)
    return claims


def test_valid_token_gives_subject_and_bindings(verifier: TokenVerifier) -> None:
    principal = verifier.verify(_mint())
    assert principal == Principal(
        "can-bo-kim-giang",
        (RoleBinding(Role.UNIT_OFFICER, "p-kim-giang"), RoleBinding(Role.VIEWER, "q-thanh-xuan")),
    )
    assert all(isinstance(b.role, Role) for b in principal.bindings)


def test_token_without_bindings_claim_gives_no_bindings(verifier: TokenVerifier) -> None:
    claims = _claims()
    del claims["bindings"]
    principal = verifier.verify(_raw_token(claims))
    assert principal.subject == "can-bo-kim-giang"
    assert principal.bindings == ()


def test_wrong_secret_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(AuthenticationError):
        verifier.verify(_mint(secret="another-signing-key-of-some-other-issuer-xx"))


def test_expired_token_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(AuthenticationError, match="expired"):
        verifier.verify(_mint(ttl=timedelta(seconds=-61)))  # beyond the 60 s of allowed skew


def test_wrong_audience_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(AuthenticationError, match="udience"):
        verifier.verify(_mint(audience="someone-else"))


def test_wrong_issuer_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(AuthenticationError, match="issuer"):
        verifier.verify(_mint(issuer="evil-issuer"))


def test_unknown_role_in_bindings_is_refused(verifier: TokenVerifier) -> None:
    token = _raw_token(_claims(bindings=[{"role": "emperor", "unit_id": "ha-noi"}]))
    with pytest.raises(AuthenticationError):
        verifier.verify(token)


def test_binding_without_unit_is_refused(verifier: TokenVerifier) -> None:
    token = _raw_token(_claims(bindings=[{"role": "admin"}]))
    with pytest.raises(AuthenticationError):
        verifier.verify(token)


def test_missing_sub_is_refused(verifier: TokenVerifier) -> None:
    claims = _claims()
    del claims["sub"]
    with pytest.raises(AuthenticationError, match="sub"):
        verifier.verify(_raw_token(claims))


def test_missing_exp_is_refused(verifier: TokenVerifier) -> None:
    claims = _claims()
    del claims["exp"]
    with pytest.raises(AuthenticationError, match="exp"):
        verifier.verify(_raw_token(claims))


def test_unsigned_token_is_refused(verifier: TokenVerifier) -> None:
    token = jwt.encode(_claims(), "", algorithm="none")
    with pytest.raises(AuthenticationError):
        verifier.verify(token)


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c"])
def test_malformed_token_is_refused(verifier: TokenVerifier, garbage: str) -> None:
    with pytest.raises(AuthenticationError):
        verifier.verify(garbage)


def test_mint_token_refuses_unknown_role() -> None:
    with pytest.raises(ValueError, match="emperor"):
        _mint(bindings=[("emperor", "ha-noi")])


def test_a_binding_naming_its_unit_by_anything_but_text_is_refused(verifier: TokenVerifier) -> None:
    for unit in ({"$ne": None}, ["ha-noi"], 7, ""):
        token = _raw_token(_claims(bindings=[{"role": "viewer", "unit_id": unit}]))
        with pytest.raises(AuthenticationError):
            verifier.verify(token)
