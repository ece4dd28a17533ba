"""Tokens of an OpenID Connect identity provider: its keys fetched asynchronously and cached, claims checked.

The provider's discovery document names its JWKS; keys are kept until they rotate. A token signed
by a key not seen yet triggers one refresh (shared by every request waiting for it, and not more
often than every `min_refresh_seconds`), never one per request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from emutrack_kit.auth import AuthenticationError

ALGORITHMS = ["RS256", "ES256"]


class JwksKeys:
    """The provider's signing keys by `kid`."""

    def __init__(
        self,
        issuer: str,
        *,
        jwks_url: str = "",
        min_refresh_seconds: float = 30.0,
        max_age_seconds: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._issuer = issuer.rstrip("/")
        self._jwks_url = jwks_url
        self._min_refresh = min_refresh_seconds
        self._max_age = max_age_seconds
        self._monotonic = monotonic
        self._transport = transport
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str) -> jwt.PyJWK:
        """The key `kid`, fetching the set again once if it is unknown (or the set is old)."""
        if kid in self._keys and self._monotonic() - self._fetched_at < self._max_age:
            return self._keys[kid]
        async with self._lock:  # one refresh for every request that waits on the same unknown key
            if kid in self._keys and self._monotonic() - self._fetched_at < self._max_age:
                return self._keys[kid]
            if self._monotonic() - self._fetched_at >= self._min_refresh:
                await self._refresh()
        if kid not in self._keys:
            raise AuthenticationError(f"no signing key {kid!r} at the identity provider")
        return self._keys[kid]

    async def _refresh(self) -> None:
        async with httpx.AsyncClient(timeout=10.0, transport=self._transport) as http:
            if not self._jwks_url:
                discovery = await http.get(f"{self._issuer}/.well-known/openid-configuration")
                discovery.raise_for_status()
                self._jwks_url = str(discovery.json()["jwks_uri"])
            response = await http.get(self._jwks_url)
            response.raise_for_status()
        keys = jwt.PyJWKSet.from_dict(response.json()).keys
        self._keys = {str(k.key_id): k for k in keys if k.key_id}
        self._fetched_at = self._monotonic()
        self.fetches += 1


class OidcVerifier:
    """Checks a provider's token: signature, issuer, audience, expiry with a bounded clock skew."""

    def __init__(self, keys: JwksKeys, *, issuer: str, audience: str, leeway_seconds: int = 60) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds

    async def claims(self, token: str) -> dict[str, Any]:
        """The token's claims, or AuthenticationError."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            if not kid:
                raise AuthenticationError("token without a key id")
            key = await self._keys.key(str(kid))
            return jwt.decode(
                token,
                key.key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["sub", "exp", "iat", "iss", "aud"]},
            )
        except (jwt.PyJWTError, httpx.HTTPError, KeyError, ValueError) as exc:
            raise AuthenticationError(str(exc)) from exc


def subject_of(claims: dict[str, Any], subject_claim: str = "preferred_username") -> str:
    """Who calls: `client:<client id>` for a machine client (client credentials), else the person's name."""
    client = claims.get("client_id")
    if isinstance(client, str) and client and claims.get("azp") == client:
        return f"client:{client}"
    subject = claims.get(subject_claim)
    if not isinstance(subject, str) or not subject:
        raise AuthenticationError(f"the token has no {subject_claim!r} claim")
    return subject
