"""JWT bearer authentication and unit-scoped role bindings (OWASP API1: BOLA).

A token carries `sub` and `bindings`: a list of `{"role": ..., "unit_id": ...}`.
Local mode verifies HS256 tokens signed with the development key; OIDC mode verifies
RS256/ES256 tokens against the identity provider's JWKS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt


class Role(StrEnum):
    """Roles of docs/domain.md §3, always bound to a unit."""

    UNIT_OFFICER = "unit_officer"
    UNIT_HEAD = "unit_head"
    STANDING_OFFICE = "standing_office"
    COUNCIL_MEMBER = "council_member"
    COUNCIL_CHAIR = "council_chair"
    CLUSTER_HEAD = "cluster_head"
    VIEWER = "viewer"
    ADMIN = "admin"


# A binding of these roles to a unit covers the unit's whole subtree (a district's
# standing office sees its wards); the others act for their own unit only.
SUBTREE_ROLES = frozenset(
    {Role.STANDING_OFFICE, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR, Role.VIEWER, Role.ADMIN}
)


@dataclass(frozen=True)
class RoleBinding:
    """One role held for one unit."""

    role: Role
    unit_id: str

    def covers(self, unit_path: Sequence[str]) -> bool:
        """True if this binding reaches the unit at the end of `unit_path`."""
        if not unit_path:
            return False
        if self.unit_id == unit_path[-1]:
            return True
        return self.role in SUBTREE_ROLES and self.unit_id in unit_path


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    subject: str
    bindings: tuple[RoleBinding, ...]

    def may(self, roles: Iterable[Role], unit_path: Sequence[str]) -> bool:
        """True if one of the caller's bindings with one of `roles` covers the unit."""
        allowed = set(roles)
        return any(b.role in allowed and b.covers(unit_path) for b in self.bindings)

    def units_with(self, roles: Iterable[Role]) -> list[str]:
        """Units the caller holds one of `roles` for."""
        allowed = set(roles)
        return [b.unit_id for b in self.bindings if b.role in allowed]


ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Reach:
    """What a caller may read with some roles: whole subtrees, and single units (roles without a subtree)."""

    subtrees: tuple[str, ...]
    units: tuple[str, ...]

    @classmethod
    def of(cls, principal: Principal, roles: Iterable[Role] = ALL_ROLES) -> Reach:
        """The reach of the caller's bindings of these roles."""
        allowed = set(roles)
        return cls(
            tuple(principal.units_with(allowed & SUBTREE_ROLES)),
            tuple(principal.units_with(allowed - SUBTREE_ROLES)),
        )

    @property
    def empty(self) -> bool:
        """True if nothing is within reach."""
        return not (self.subtrees or self.units)


PathsOf = Callable[[str], Awaitable[Sequence[Sequence[str]]]]


async def reaches_into(principal: Principal, unit_id: str, paths_of: PathsOf) -> bool:
    """True if a binding reaches the unit or sits below it: a list filtered by the unit may show something."""
    if any(principal.may(ALL_ROLES, path) for path in await paths_of(unit_id)):
        return True
    for binding in principal.bindings:
        if any(unit_id in path for path in await paths_of(binding.unit_id)):
            return True
    return False


class AuthenticationError(Exception):
    """The token is missing, malformed, expired or not signed by a trusted key."""


class TokenVerifier:
    """Local development and test tokens: HS256, signed with the local key, carrying their bindings."""

    def __init__(self, *, secret: str, issuer: str, audience: str, leeway_seconds: int = 60) -> None:
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds

    def verify(self, token: str) -> Principal:
        """Decode and check a token; raise AuthenticationError when it is not acceptable."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["sub", "exp", "iss", "aud"]},
            )
            bindings = tuple(
                RoleBinding(Role(b["role"]), _unit_id(b["unit_id"])) for b in claims.get("bindings", [])
            )
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
            raise AuthenticationError(str(exc)) from exc
        return Principal(subject=str(claims["sub"]), bindings=bindings)

    async def authenticate(self, token: str) -> Principal:
        """The caller a token names (the bindings it carries)."""
        return self.verify(token)


def _unit_id(value: Any) -> str:
    """A unit id from a claim: text only (a claim is checked as strictly as a body)."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"a binding's unit_id must be text, not {value!r}")
    return value


def mint_token(
    *,
    subject: str,
    bindings: Iterable[tuple[str, str]],
    secret: str,
    issuer: str,
    audience: str,
    ttl: timedelta = timedelta(hours=8),
) -> str:
    """Sign a local development/test token for `(role, unit_id)` bindings."""
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl,
        "bindings": [{"role": Role(r).value, "unit_id": u} for r, u in bindings],
    }
    return jwt.encode(claims, secret, algorithm="HS256")
