"""Who calls: a bearer token turned into a principal, by the local key (development) or the identity provider.

With the identity provider (OIDC), the token says who the caller is and nothing more; what the
caller may do comes from the role bindings the access service grants, replicated into each
service's database (ADR 0021).
"""

from __future__ import annotations

from typing import Protocol

import jwt

from emutrack_kit.auth import AuthenticationError, Principal, TokenVerifier
from emutrack_kit.bindings import BindingResolver, MongoBindingReplica
from emutrack_kit.mongo import database, make_client
from emutrack_kit.oidc import JwksKeys, OidcVerifier, subject_of
from emutrack_kit.settings import CommonSettings


class Authenticator(Protocol):
    """Turns a bearer token into the calling principal (AuthenticationError otherwise)."""

    async def authenticate(self, token: str) -> Principal: ...


class OidcAuthenticator:
    """A provider's token for who; the replicated bindings for what they may do."""

    def __init__(self, verifier: OidcVerifier, resolver: BindingResolver, subject_claim: str) -> None:
        self._verifier = verifier
        self._resolver = resolver
        self._subject_claim = subject_claim

    async def authenticate(self, token: str) -> Principal:
        """The caller and its bindings active now."""
        subject = subject_of(await self._verifier.claims(token), self._subject_claim)
        return Principal(subject=subject, bindings=await self._resolver.bindings_of(subject))


class EitherAuthenticator:
    """Development with both: local tokens (HS256) and the identity provider's (RS256, ES256)."""

    def __init__(self, local: Authenticator, oidc: Authenticator) -> None:
        self._local = local
        self._oidc = oidc

    async def authenticate(self, token: str) -> Principal:
        """The caller, by whichever signed the token."""
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.PyJWTError as exc:
            raise AuthenticationError(str(exc)) from exc
        return await (self._local if algorithm == "HS256" else self._oidc).authenticate(token)


def authenticator_for(settings: CommonSettings) -> Authenticator:
    """The authenticator the settings select (they refused to load if unsafe for the environment)."""
    local = TokenVerifier(
        secret=settings.jwt_secret,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        leeway_seconds=settings.token_leeway_seconds,
    )
    if settings.auth_mode == "local":
        return local
    oidc = _oidc(settings)
    return oidc if settings.auth_mode == "oidc" else EitherAuthenticator(local, oidc)


def _oidc(settings: CommonSettings) -> OidcAuthenticator:
    keys = JwksKeys(settings.oidc_issuer, jwks_url=settings.oidc_jwks_url)
    verifier = OidcVerifier(
        keys,
        issuer=settings.oidc_issuer,
        audience=settings.jwt_audience,
        leeway_seconds=settings.token_leeway_seconds,
    )
    db = database(make_client(settings.mongodb_url), settings.database_prefix, settings.service_name())
    resolver = BindingResolver(MongoBindingReplica(db), ttl=settings.bindings_cache_seconds)
    return OidcAuthenticator(verifier, resolver, settings.oidc_subject_claim)
