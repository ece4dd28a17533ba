"""OIDC mode: RS256 tokens checked against a real JWKS endpoint over HTTP; bindings from the replica."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from emutrack_kit.auth import AuthenticationError, Role, RoleBinding
from emutrack_kit.authn import OidcAuthenticator
from emutrack_kit.bindings import BindingResolver, HeldBinding
from emutrack_kit.oidc import JwksKeys, OidcVerifier


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(signing_key: rsa.RSAPrivateKey) -> Iterator[str]:
    jwk = json.loads(RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()


def _token(key: Any, kid: str = "k1", **overrides: Any) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": "5b3c-uuid",
        "preferred_username": "q-thanh-xuan.standing-office",
        "iss": "https://sso.hanoi.example",
        "aud": ["emutrack", "account"],
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "bindings": [{"role": "admin", "unit_id": "ha-noi"}],  # a claim nobody manages: never read
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


class Replica:
    """The bindings the access service granted, as a service's replica holds them."""

    async def apply(self, envelope: Any) -> None:
        raise AssertionError("not fed in this test")

    async def of_subject(self, subject: str) -> list[HeldBinding]:
        held = {
            "q-thanh-xuan.standing-office": [
                HeldBinding("bd-1", subject, "standing_office", "q-thanh-xuan", date(2020, 1, 1))
            ],
            "client:emutrack-city-council": [
                HeldBinding("bd-2", subject, "viewer", "ha-noi", date(2020, 1, 1))
            ],
        }
        return held.get(subject, [])


def _authenticator(jwks_url: str) -> tuple[OidcAuthenticator, JwksKeys]:
    keys = JwksKeys("https://sso.hanoi.example", jwks_url=jwks_url)
    verifier = OidcVerifier(keys, issuer="https://sso.hanoi.example", audience="emutrack")
    return OidcAuthenticator(verifier, BindingResolver(Replica()), "preferred_username"), keys


async def test_the_token_says_who_and_the_replica_what_they_may_do(signing_key: Any, jwks_url: str) -> None:
    authenticator, _ = _authenticator(jwks_url)
    principal = await authenticator.authenticate(_token(signing_key))
    assert principal.subject == "q-thanh-xuan.standing-office"
    assert principal.bindings == (RoleBinding(Role.STANDING_OFFICE, "q-thanh-xuan"),)


async def test_a_machine_client_is_named_by_its_client_id(signing_key: Any, jwks_url: str) -> None:
    authenticator, _ = _authenticator(jwks_url)
    token = _token(
        signing_key,
        preferred_username="service-account-emutrack-city-council",
        client_id="emutrack-city-council",
        azp="emutrack-city-council",
    )
    principal = await authenticator.authenticate(token)
    assert (principal.subject, principal.bindings) == (
        "client:emutrack-city-council",
        (RoleBinding(Role.VIEWER, "ha-noi"),),
    )


async def test_a_token_signed_by_another_key_is_refused(jwks_url: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthenticationError):
        await _authenticator(jwks_url)[0].authenticate(_token(other))


async def test_an_unknown_key_id_refreshes_the_keys_once_not_per_request(
    signing_key: Any, jwks_url: str
) -> None:
    authenticator, keys = _authenticator(jwks_url)
    await authenticator.authenticate(_token(signing_key))
    assert keys.fetches == 1
    for _ in range(5):
        with pytest.raises(AuthenticationError, match="k9"):
            await authenticator.authenticate(_token(signing_key, kid="k9"))
    assert keys.fetches == 1  # the set was fetched moments ago: no refresh per request


async def test_an_expired_token_is_refused_beyond_the_allowed_skew(signing_key: Any, jwks_url: str) -> None:
    authenticator, _ = _authenticator(jwks_url)
    past = datetime.now(UTC) - timedelta(minutes=3)
    with pytest.raises(AuthenticationError):
        await authenticator.authenticate(_token(signing_key, iat=past, exp=past + timedelta(seconds=30)))
    recent = datetime.now(UTC) - timedelta(seconds=90)
    skewed = _token(signing_key, iat=recent, exp=recent + timedelta(seconds=45))  # expired 45 s ago
    assert (await authenticator.authenticate(skewed)).subject == "q-thanh-xuan.standing-office"


async def test_a_local_hs256_token_is_refused_in_oidc_mode(jwks_url: str) -> None:
    forged = jwt.encode(
        {
            "sub": "x",
            "preferred_username": "x",
            "iss": "https://sso.hanoi.example",
            "aud": "emutrack",
            "iat": datetime.now(UTC),
            "exp": datetime.now(UTC) + timedelta(minutes=5),
        },
        "a-shared-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(AuthenticationError):
        await _authenticator(jwks_url)[0].authenticate(forged)
